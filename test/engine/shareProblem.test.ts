import { describe, expect, it } from 'vitest';
import { shareProblem } from '../../src/engine/shareProblem.js';
import type { SitingProblem } from '../../src/models/sitingProblem.js';
import { CoverageMatrix } from '../../src/coverage/coverageMatrix.js';
import { sitingProblemFromCoverage } from '../../src/models/sitingProblemFromCoverage.js';

const rows = { demandOffsets: Uint32Array.of(0, 2, 3), demandSites: Uint32Array.of(0, 1, 1), demandMinutes: Float64Array.of(5, 12, 7) };
const problemWith = (weights: number[]): SitingProblem => ({ demandCount: 2, siteCount: 2, complete: false, demandWeights: Float64Array.from(weights), ...rows, siteIds: ['a', 'b'] });

describe('shareProblem', () => {
  it('copies every array into shared memory, same values and types', () => {
    const problem = problemWith([3, 4]);
    const shared = shareProblem(problem);
    for (const name of ['demandWeights', 'demandOffsets', 'demandSites', 'demandMinutes'] as const) {
      expect(shared[name].buffer, name).toBeInstanceOf(SharedArrayBuffer);
      expect(shared[name].constructor, name).toBe(problem[name].constructor);
      expect(Array.from(shared[name]), name).toEqual(Array.from(problem[name]));
      expect(shared[name], name).not.toBe(problem[name]);
    }
    expect(shared.siteIds).toEqual(['a', 'b']);
    // Without a copies map, a second call copies again.
    expect(shareProblem(problem).demandSites).not.toBe(shared.demandSites);
  });

  it('with one copies map, problems of the same rows share one copy of them and keep their own weights', () => {
    const copies = new Map();
    const all = shareProblem(problemWith([3, 4]), { copies });
    const hazard = shareProblem(problemWith([0, 4]), { copies });
    expect(hazard.demandOffsets).toBe(all.demandOffsets);
    expect(hazard.demandSites).toBe(all.demandSites);
    expect(hazard.demandMinutes).toBe(all.demandMinutes);
    expect(Array.from(all.demandWeights)).toEqual([3, 4]);
    expect(Array.from(hazard.demandWeights)).toEqual([0, 4]);
    expect(hazard.demandWeights.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('copies nothing of a problem made with shared rows (sitingProblemFromCoverage shared): the matrix rows cross as they are', () => {
    const matrix = CoverageMatrix.fromRows(2, 3, [{ cells: Uint32Array.of(2, 0), minutes: Float32Array.of(5, 12) }, { cells: Uint32Array.of(0), minutes: Float32Array.of(7) }], 60);
    const problem = sitingProblemFromCoverage(matrix, [1, 2, 3], { shared: true });
    const copies = new Map();
    const shared = shareProblem(problem, { copies });
    expect(shared.demandOffsets).toBe(problem.demandOffsets);
    expect(shared.demandSites).toBe(problem.demandSites);
    expect(shared.demandMinutes).toBe(problem.demandMinutes);
    expect(Array.from(shared.demandSites)).toEqual([0, 1, 0]);
    expect(Array.from(shared.demandMinutes)).toEqual([12, 7, 5]);
    // The weights are the problem's own (not the matrix's): copied into shared memory as before.
    expect(shared.demandWeights.buffer).toBeInstanceOf(SharedArrayBuffer);
    // A problem of the same matrix made without the option gets the same (shared) rows.
    expect(sitingProblemFromCoverage(matrix, [1, 1, 1]).demandSites).toBe(problem.demandSites);
  });
});
