import { describe, expect, it } from 'vitest';
import { evaluateMaximalCovering } from '../../src/models/maximalCovering.js';
import { coveredShareOfSites } from '../../src/scenario/coveredShareOfSites.js';
import { CoverageMatrix } from '../../src/coverage/coverageMatrix.js';
import { sitingProblemFromCoverage } from '../../src/models/sitingProblemFromCoverage.js';
import { randomMatrixProblem } from './randomMatrixProblem.js';

describe('coveredShareOfSites', () => {
  it('is evaluateMaximalCovering\'s covered share to the last bit, with the matrix and without (random instances, repeated and no sites)', () => {
    for (let seed = 1; seed <= 120; seed++) {
      const { matrix, problem, random } = randomMatrixProblem(seed);
      const selected = Array.from({ length: random.int(0, problem.siteCount + 1) }, () => random.int(0, problem.siteCount - 1));
      for (const standardMinutes of [10, 4, 60]) {
        const expected = evaluateMaximalCovering(problem, selected, { standardMinutes }).coveredShare;
        expect(Object.is(coveredShareOfSites(problem, selected, standardMinutes, { matrix }), expected)).toBe(true);
        expect(Object.is(coveredShareOfSites(problem, selected, standardMinutes), expected)).toBe(true);
      }
    }
  });

  it('gives 1 without demand and one cell\'s share, and refuses a bad site as the model does', () => {
    const matrix = CoverageMatrix.fromRows(2, 1, [{ cells: Uint32Array.of(0), minutes: Float32Array.of(30) }], 60);
    expect(coveredShareOfSites(sitingProblemFromCoverage(matrix, [0]), [1], 30, { matrix })).toBe(1);
    const problem = sitingProblemFromCoverage(matrix, [2]);
    expect([0, 1].map((s) => coveredShareOfSites(problem, [s], 30, { matrix }))).toEqual([1, 0]);
    expect(coveredShareOfSites(problem, [0], 29.5, { matrix })).toBe(0);
    for (const bad of [2, -1, 0.5]) expect(() => coveredShareOfSites(problem, [bad], 30, { matrix })).toThrow(/out of range/);
  });
});
