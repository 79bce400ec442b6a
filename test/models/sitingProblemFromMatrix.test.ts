import { describe, expect, it } from 'vitest';
import { CoverageMatrix } from '../../src/coverage/coverageMatrix.js';
import { sitingProblemFromCoverage } from '../../src/models/sitingProblemFromCoverage.js';
import { sitingProblemFromMatrix } from '../../src/models/sitingProblemFromMatrix.js';
import { resolveSiteRules } from '../../src/solvers/kernel/resolveSiteRules.js';
import { errorOf } from '../errorOf.js';

describe('sitingProblemFromMatrix', () => {
  it('stores finite pairs by demand, ascending by site, and marks a full matrix complete', () => {
    const problem = sitingProblemFromMatrix([[5, 20], [30, 10]], { demandWeights: [1, 2] });
    expect(problem.demandCount).toBe(2);
    expect(problem.siteCount).toBe(2);
    expect(problem.complete).toBe(true);
    expect(Array.from(problem.demandOffsets)).toEqual([0, 2, 4]);
    expect(Array.from(problem.demandSites)).toEqual([0, 1, 0, 1]);
    expect(Array.from(problem.demandMinutes)).toEqual([5, 20, 30, 10]);
    expect(Array.from(problem.demandWeights)).toEqual([1, 2]);
  });

  it('leaves out Infinity and pairs above maxMinutes, and reads flat row-major input', () => {
    const nested = sitingProblemFromMatrix([[5, Infinity, 40], [1, 2, 3]], { maxMinutes: 30 });
    expect(nested.complete).toBe(false);
    expect(Array.from(nested.demandSites)).toEqual([0, 0, 1, 2]);
    const flat = sitingProblemFromMatrix(Float64Array.of(5, Infinity, 40, 1, 2, 3), { siteCount: 3, maxMinutes: 30 });
    expect(Array.from(flat.demandOffsets)).toEqual(Array.from(nested.demandOffsets));
    expect(Array.from(flat.demandSites)).toEqual(Array.from(nested.demandSites));
  });

  it('rejects empty, ragged and bad matrices with the offending row and column', () => {
    expect(errorOf(() => sitingProblemFromMatrix([])).code).toBe('E_MATRIX');
    expect(errorOf(() => sitingProblemFromMatrix([[]])).code).toBe('E_MATRIX');
    const ragged = errorOf(() => sitingProblemFromMatrix([[1, 2], [3]]));
    expect(ragged.code).toBe('E_MATRIX');
    expect(ragged.where.row).toBe(1);
    const nan = errorOf(() => sitingProblemFromMatrix([[1, 2], [3, Number.NaN]]));
    expect(nan.where).toMatchObject({ row: 1, column: 1 });
    const negative = errorOf(() => sitingProblemFromMatrix([[1, -2]]));
    expect(negative.where).toMatchObject({ row: 0, column: 1 });
    const weight = errorOf(() => sitingProblemFromMatrix([[1], [2]], { demandWeights: [1, -1] }));
    expect(weight.code).toBe('E_MATRIX');
    expect(weight.where.row).toBe(1);
    expect(errorOf(() => sitingProblemFromMatrix([[1], [2]], { demandWeights: [1] })).code).toBe('E_OPTION');
    expect(errorOf(() => sitingProblemFromMatrix(Float64Array.of(1, 2, 3), { siteCount: 2 })).code).toBe('E_MATRIX');
  });
});

describe('sitingProblemFromCoverage', () => {
  it('transposes the site-major coverage matrix into demand rows ascending by site', () => {
    const matrix = CoverageMatrix.fromRows(2, 3, [
      { cells: Uint32Array.of(2, 0), minutes: Float32Array.of(12, 48) },
      { cells: Uint32Array.of(0), minutes: Float32Array.of(30) },
    ], 60);
    const problem = sitingProblemFromCoverage(matrix, [1, 1, 4]);
    expect(Array.from(problem.demandOffsets)).toEqual([0, 2, 2, 3]);
    expect(Array.from(problem.demandSites)).toEqual([0, 1, 0]);
    expect(Array.from(problem.demandMinutes)).toEqual([48, 30, 12]);
    expect(problem.demandWeights[2]).toBe(4);
    expect(errorOf(() => sitingProblemFromCoverage(matrix, [1, 1])).code).toBe('E_OPTION');
    expect(errorOf(() => sitingProblemFromCoverage(matrix, [1, Number.NaN, 1])).code).toBe('E_MATRIX');
  });

  it('makes the problems of one matrix share its demand rows (made once), each with its own weights', () => {
    const matrix = CoverageMatrix.fromRows(2, 3, [
      { cells: Uint32Array.of(2, 0), minutes: Float32Array.of(12, 48) },
      { cells: Uint32Array.of(0, 1), minutes: Float32Array.of(30, 7) },
    ], 60);
    const first = sitingProblemFromCoverage(matrix, [1, 1, 4]);
    const second = sitingProblemFromCoverage(matrix, [2, 0, 1]);
    expect(second.demandSites).toBe(first.demandSites);
    expect(second.demandMinutes).toBe(first.demandMinutes);
    expect(second.demandOffsets).toBe(first.demandOffsets);
    expect({ offsets: Array.from(second.demandOffsets), sites: Array.from(second.demandSites), minutes: Array.from(second.demandMinutes) }).toEqual({ offsets: [0, 2, 3, 4], sites: [0, 1, 1, 0], minutes: [48, 30, 7, 12] });
    expect(Array.from(first.demandWeights)).toEqual([1, 1, 4]);
    expect(Array.from(second.demandWeights)).toEqual([2, 0, 1]);
  });
});

describe('resolveSiteRules', () => {
  const problem = sitingProblemFromMatrix([[1, 2, 3, 4]]);
  it('rejects out-of-range indexes, fixed-and-forbidden sites and impossible p', () => {
    const range = errorOf(() => resolveSiteRules(problem, { fixedSites: [4] }));
    expect(range.code).toBe('E_INDEX');
    expect(range.where.field).toBe('fixedSites[0]');
    expect(errorOf(() => resolveSiteRules(problem, { forbiddenSites: [1.5] })).code).toBe('E_INDEX');
    const conflict = errorOf(() => resolveSiteRules(problem, { fixedSites: [1], forbiddenSites: [0, 1] }));
    expect(conflict.code).toBe('E_SITE_CONFLICT');
    expect(conflict.where.column).toBe(1);
    expect(errorOf(() => resolveSiteRules(problem, { forbiddenSites: [0, 1] }, 3)).code).toBe('E_SITE_COUNT');
    expect(errorOf(() => resolveSiteRules(problem, { fixedSites: [0, 1] }, 1)).code).toBe('E_SITE_COUNT');
    expect(resolveSiteRules(problem, { fixedSites: [2], forbiddenSites: [0] }, 3).allowedCount).toBe(3);
  });
});
