import { describe, expect, it } from 'vitest';
import { sitingProblemFromMatrix } from '../../../src/models/sitingProblemFromMatrix.js';
import { solveCapacitatedPMedian } from '../../../src/solvers/capacitated/solveCapacitatedPMedian.js';
import { solveCapacitatedFacilityLocation } from '../../../src/solvers/capacitated/solveCapacitatedFacilityLocation.js';
import { DEFAULT_CAPACITATED_SEARCH_OPTIONS } from '../../../src/solvers/capacitated/solveCapacitated.js';
import { DEFAULT_SOLVE_MEMORY_BYTES, estimateSolveSize } from '../../../src/solvers/kernel/estimateSolveSize.js';
import { rejectionOf } from '../../errorOf.js';

// 10 demand points × 6 sites on a line: minutes |i - 2j|.
const minutes = Array.from({ length: 10 }, (_, i) => Array.from({ length: 6 }, (_, j) => Math.abs(i - 2 * j)));
const problem = sitingProblemFromMatrix(minutes);
const data = { demands: new Array(10).fill(1), capacities: new Array(6).fill(5) };

describe('capacitated solves size their dense costs before allocating them', () => {
  it('refuses over memoryBytes, naming the sizes, the bytes, the budget and what fits (a library caller got no estimate: buildCapacitatedInstance allocated demand points × sites twice)', async () => {
    const bytes = estimateSolveSize('capacitatedPMedian', { demandCount: 10, siteCount: 6, pairCount: 0, openCount: 2 }).bytes;
    const error = await rejectionOf(solveCapacitatedPMedian(problem, { ...data, siteCount: 2, memoryBytes: bytes - 1 }));
    expect(error).toMatchObject({ code: 'E_MEMORY_BUDGET', value: { demandCount: 10, siteCount: 6, bytes, memoryBytes: bytes - 1 }, where: { field: 'memoryBytes' } });
    expect(error.message).toContain('a capacitated p-median solve of 10 demand points and 6 sites would take about');
    expect(error.expected).toMatch(/^at most \d sites for these 10 demand points, or at most \d demand points for 6 sites$/);
    expect(error.hint).toContain('--memory-budget');
    const facility = await rejectionOf(solveCapacitatedFacilityLocation(problem, { ...data, openingCosts: new Array(6).fill(10), memoryBytes: 100 }));
    expect(facility).toMatchObject({ code: 'E_MEMORY_BUDGET', where: { field: 'memoryBytes' } });
    expect(facility.message).toContain('a capacitated facility location solve of 10 demand points and 6 sites');
  });

  it('answers as before at exactly the estimate and within the default (2 GiB, the one airreach solve checks), and refuses a budget that is no number of bytes', async () => {
    expect(DEFAULT_CAPACITATED_SEARCH_OPTIONS.memoryBytes).toBe(DEFAULT_SOLVE_MEMORY_BYTES);
    const bytes = estimateSolveSize('capacitatedPMedian', { demandCount: 10, siteCount: 6, pairCount: 0, openCount: 2 }).bytes;
    const { runtimeMs: _a, ...within } = await solveCapacitatedPMedian(problem, { ...data, siteCount: 2 });
    const { runtimeMs: _b, ...exactly } = await solveCapacitatedPMedian(problem, { ...data, siteCount: 2, memoryBytes: bytes });
    expect(exactly).toEqual(within);
    expect(within.status).toBe('optimal');
    for (const memoryBytes of [0, -1, Number.NaN]) {
      expect(await rejectionOf(solveCapacitatedPMedian(problem, { ...data, siteCount: 2, memoryBytes }))).toMatchObject({ code: 'E_OPTION', where: { field: 'memoryBytes' } });
    }
  });
});
