import { describe, expect, it } from 'vitest';
import { checkCapacitatedData, evaluateCapacitatedPMedian, pairMinutes } from '../../src/models/capacitatedPMedian.js';
import { checkOpeningCosts, evaluateCapacitatedFacilityLocation } from '../../src/models/capacitatedFacilityLocation.js';
import { sitingProblemFromMatrix } from '../../src/models/sitingProblemFromMatrix.js';
import { errorOf } from '../errorOf.js';

const problem = sitingProblemFromMatrix(
  [
    [0, 4, 9],
    [3, 1, Infinity],
    [8, 2, 0],
  ],
  { demandWeights: [1, 2, 1] },
);

describe('checkCapacitatedData', () => {
  it('reports the shortfall when total capacity is below total demand', () => {
    const error = errorOf(() => checkCapacitatedData(problem, [5, 5, 5], [4, 4, 4]));
    expect(error.code).toBe('E_CAPACITY');
    expect(error.message).toContain('short by 3');
    expect(error.value).toEqual({ totalDemand: 15, totalCapacity: 12, shortfall: 3 });
  });

  it('counts only the p largest allowed capacities', () => {
    // 10 + 6 = 16 ≥ 15 with all three sites, but p = 2 with site 0 forbidden leaves 6 + 4.
    expect(() => checkCapacitatedData(problem, [5, 5, 5], [10, 6, 4], { siteCount: 2 })).not.toThrow();
    const error = errorOf(() => checkCapacitatedData(problem, [5, 5, 5], [10, 6, 4], { siteCount: 2, forbiddenSites: [0] }));
    expect(error.code).toBe('E_CAPACITY');
    expect((error.value as { shortfall: number }).shortfall).toBe(5);
  });

  it('names the position of a bad value and a wrong length', () => {
    const negative = errorOf(() => checkCapacitatedData(problem, [1, -2, 1], [5, 5, 5]));
    expect(negative.code).toBe('E_MATRIX');
    expect(negative.where).toMatchObject({ row: 1, field: 'demands[1]' });
    const nan = errorOf(() => checkCapacitatedData(problem, [1, 1, 1], [5, Number.NaN, 5]));
    expect(nan.where).toMatchObject({ column: 1 });
    expect(errorOf(() => checkCapacitatedData(problem, [1, 1], [5, 5, 5])).code).toBe('E_OPTION');
    expect(errorOf(() => checkOpeningCosts(problem, [1, 2])).code).toBe('E_OPTION');
  });
});

describe('evaluateCapacitatedPMedian', () => {
  const data = checkCapacitatedData(problem, [2, 1, 3], [3, 4, 3]);

  it('scores a feasible solution with weights on the cost and demands on the capacity', () => {
    const evaluation = evaluateCapacitatedPMedian(problem, [0, 2], [0, 0, 2], data, 2);
    expect(evaluation.violations).toEqual([]);
    expect(evaluation.objective).toBe(0 + 2 * 3 + 0);
    expect(Array.from(evaluation.loadBySite)).toEqual([3, 0, 3]);
  });

  it('lists every broken rule', () => {
    const evaluation = evaluateCapacitatedPMedian(problem, [0, 2], [0, 2, 1], data, 3);
    expect(evaluation.feasible).toBe(false);
    expect(evaluation.violations).toEqual([
      '2 sites open, expected 3',
      'demand 1 is assigned to site 2, a pair the problem does not store',
      'demand 2 is assigned to site 1, which is not open',
    ]);
    const overloaded = evaluateCapacitatedPMedian(problem, [2], [2, 2, 2], { demands: data.demands, capacities: Float64Array.of(9, 9, 4) });
    expect(overloaded.violations.some((v) => v.startsWith('site 2 serves'))).toBe(true);
  });

  it('adds opening costs for facility location', () => {
    const evaluation = evaluateCapacitatedFacilityLocation(problem, [0, 2], [0, 0, 2], data, [10, 20, 30]);
    expect(evaluation.objective).toBe(6 + 40);
    expect(evaluation.assignmentCost).toBe(6);
  });

  it('finds stored pairs and only those', () => {
    expect(pairMinutes(problem, 1, 1)).toBe(1);
    expect(pairMinutes(problem, 1, 2)).toBeUndefined();
  });
});
