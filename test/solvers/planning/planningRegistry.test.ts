import { describe, expect, it } from 'vitest';
import { parseInstance } from '../../../src/solvers/kernel/parseInstance.js';
import { solveInstance } from '../../../src/solvers/kernel/solveInstance.js';
import { boxMinutes } from '../tinyProblems.js';

const { minutes } = boxMinutes(7, 10, 5);
const base = { minutes, standardMinutes: 35 };

describe('planning models through the registry (parseInstance → solveInstance → the model\'s own evaluator)', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['maximumAvailability', { aircraftCount: 4, busyFraction: 0.3, reliability: 0.9, aircraftPerSite: 2 }],
    ['maximumAvailability', { aircraftCount: 4, busyFraction: 0.3, reliability: 0.9, aircraftCost: 1, budget: 5, siteCosts: [1, 2, 1, 3, 1] }],
    ['doubleStandard', { looseStandardMinutes: 80, aircraftCount: 3, tightShare: 0.2 }],
    ['phasedRollout', { sitesPerYear: 1, years: 3, discountRate: 0.05, fixedSites: [0] }],
    ['phasedRollout', { budgetPerYear: [2, 1, 2], siteCosts: [1, 2, 1, 1, 2] }],
    ['fairCovering', { siteCount: 2, demandRegions: [0, 1, 0, 1, 0, 1, 0, 1, -1, 1], fairness: 'maxMin' }],
    ['fairCovering', { siteCount: 2, demandRegions: [0, 1, 0, 1, 0, 1, 0, 1, -1, 1], regionMinimumShare: 0.2 }],
  ];
  for (const [model, fields] of cases) {
    it(`${model} ${JSON.stringify(fields)}: proven, and the evaluator agrees`, async () => {
      const instance = parseInstance({ model, ...base, ...fields });
      const result = await solveInstance(instance);
      expect(['optimal', 'infeasible']).toContain(result.status);
      expect(result.bound).toBeGreaterThanOrEqual(result.objective - 1e-9);
    });
  }

  it('refuses a fairCovering instance whose regions do not match the demand points', () => {
    expect(() => parseInstance({ model: 'fairCovering', ...base, siteCount: 2, demandRegions: [0, 1] })).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
  });

  it('refuses a doubleStandard instance without its loose standard', () => {
    expect(() => parseInstance({ model: 'doubleStandard', ...base, aircraftCount: 2 })).toThrow(expect.objectContaining({ code: 'E_MODEL' }));
  });
});
