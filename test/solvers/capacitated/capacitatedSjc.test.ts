import { describe, expect, it } from 'vitest';
import { checkCapacitatedData, evaluateCapacitatedPMedian } from '../../../src/models/capacitatedPMedian.js';
import { solveCapacitatedPMedian } from '../../../src/solvers/capacitated/solveCapacitatedPMedian.js';
import { readSjc, SJC_BEST_KNOWN } from './capacitatedSjc.js';

// The full set within 1 % is the benchmark's job (bench/depots.bench.ts); the test runs the
// smallest real instance briefly and checks the answer against the published value.
describe('capacitated p-median on SJC1 (Lorena & Senne 2004)', () => {
  it('is within 1 % of the best known value, with a valid bound and an independently scored assignment', async () => {
    const { problem, p, demands, capacities } = readSjc('SJC1');
    const result = await solveCapacitatedPMedian(problem, { siteCount: p, demands, capacities, mode: 'heuristic', timeLimitSeconds: 4, idleRounds: 15 });
    const best = SJC_BEST_KNOWN.SJC1;
    expect(result.objective).toBeGreaterThanOrEqual(best - 0.01);
    expect(result.objective).toBeLessThanOrEqual(best * 1.01);
    expect(result.bound).toBeLessThanOrEqual(best + 0.01);
    // The knapsack Lagrangian bound is the strong one: within 1 % of the optimum.
    expect(result.bound).toBeGreaterThanOrEqual(best * 0.99);
    const data = checkCapacitatedData(problem, demands, capacities);
    const evaluation = evaluateCapacitatedPMedian(problem, result.selectedSites, result.details?.assignment as number[], data, p);
    expect(evaluation.violations).toEqual([]);
    expect(evaluation.objective).toBeCloseTo(result.objective, 6);
  });
});
