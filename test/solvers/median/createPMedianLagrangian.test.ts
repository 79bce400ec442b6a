import { describe, expect, it } from 'vitest';
import { evaluatePMedian } from '../../../src/models/pMedian.js';
import { buildPMedianCosts } from '../../../src/solvers/median/buildPMedianCosts.js';
import { buildPMedianCore } from '../../../src/solvers/median/buildPMedianCore.js';
import { DEFAULT_P_MEDIAN_LAGRANGIAN_OPTIONS, createPMedianLagrangian } from '../../../src/solvers/median/createPMedianLagrangian.js';
import { solvePMedian } from '../../../src/solvers/median/solvePMedian.js';
import { randomCompleteProblem, subsets } from '../tinyProblems.js';

describe('createPMedianLagrangian', () => {
  for (const method of ['subgradient', 'volume'] as const) {
    it(`${method}: the bound never exceeds the brute-force optimum under the node's fixed and closed sites`, () => {
      for (let seed = 1; seed <= 10; seed++) {
        const problem = randomCompleteProblem(seed, 16, 8);
        const p = 2 + (seed % 3);
        const status = new Int8Array(8);
        if (seed % 2 === 0) status[seed % 8] = 1;
        if (seed % 3 === 0) status[(seed + 3) % 8] = -1;
        let best = Infinity;
        for (const sites of subsets(8, p)) {
          if (sites.some((s) => status[s] === -1) || status.some((v, s) => v === 1 && !sites.includes(s))) continue;
          best = Math.min(best, evaluatePMedian(problem, sites).totalWeightedMinutes);
        }
        const costs = buildPMedianCosts(problem, Infinity);
        const engine = createPMedianLagrangian(buildPMedianCore(costs, new Uint8Array(8).fill(1)));
        // Start from λ = 0 (far from the optimum) so that the steps, not the start, make the bound.
        const lambda = new Float64Array(costs.demandCount);
        const result = engine.run(status, p, lambda, {
          ...DEFAULT_P_MEDIAN_LAGRANGIAN_OPTIONS, method, thetaStart: method === 'volume' ? 0.1 : 2, cutoff: Infinity, upperBound: best,
        });
        expect(result.bound).toBeLessThanOrEqual(best + 1e-9 * best);
        // Far above the trivial start L(0) = 0: the ascent did move.
        expect(result.bound).toBeGreaterThan(0.5 * best);
        if (result.exact) expect(result.bound).toBeCloseTo(best, 6);
      }
    });
  }
});

describe('solvePMedian dual methods', () => {
  it('proves the same optimum with subgradient and with volume steps at the root and the nodes', () => {
    for (let seed = 20; seed < 26; seed++) {
      const problem = randomCompleteProblem(seed, 30, 12);
      const volume = solvePMedian(problem, { siteCount: 3 });
      const subgradient = solvePMedian(problem, { siteCount: 3, rootMethod: 'subgradient', rootThetaStart: 2, nodeMethod: 'subgradient', nodeThetaStart: 0.5 });
      expect(volume.status).toBe('optimal');
      expect(subgradient.status).toBe('optimal');
      expect(volume.objective).toBe(subgradient.objective);
    }
  });
});
