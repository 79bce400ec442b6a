import { describe, expect, it } from 'vitest';
import { evaluateExpectedCovering } from '../../../src/models/expectedCovering.js';
import { sitingProblemFromMatrix } from '../../../src/models/sitingProblemFromMatrix.js';
import { solveExpectedCovering } from '../../../src/solvers/covering/solveExpectedCovering.js';

describe('solveExpectedCovering with a fixed base that reaches no demand within the standard', () => {
  it('places exactly P aircraft: the fixed base keeps one, the others go where they count', async () => {
    // Site 0 (fixed) is 90 min from everyone; sites 1 and 2 reach demand within 30.
    const problem = sitingProblemFromMatrix([[90, 10, 50], [90, 50, 10], [90, 20, 20]], { demandWeights: [3, 2, 1] });
    const result = await solveExpectedCovering(problem, { standardMinutes: 30, aircraftCount: 3, busyFraction: 0.5, fixedSites: [0], maxAircraftPerSite: 2 });
    const counts = result.details!.aircraftCounts as number[];
    expect(counts.reduce((a, c) => a + c, 0)).toBe(3);
    expect(result.selectedSites).toContain(0);
    // Brute force over the two remaining aircraft on sites 1 and 2 (0…2 each, 2 in all).
    let best = 0;
    for (const [a, b] of [[2, 0], [1, 1], [0, 2]]) {
      best = Math.max(best, evaluateExpectedCovering(problem, [0, 1, 2], { standardMinutes: 30, busyFraction: 0.5, aircraftCounts: [1, a, b] }).objective);
    }
    expect(result.status).toBe('optimal');
    expect(result.objective).toBeCloseTo(best, 12);
  });
});

describe('solveExpectedCovering lpNodes', () => {
  it('refuses a node budget that is no whole number from 0 to 1,000,000, naming the field', async () => {
    const problem = sitingProblemFromMatrix([[10, 50], [50, 10]], { demandWeights: [1, 1] });
    for (const lpNodes of [-1, 1.5, Number.NaN, 2e6]) {
      await expect(solveExpectedCovering(problem, { standardMinutes: 30, aircraftCount: 2, busyFraction: 0.5, lpNodes })).rejects.toMatchObject({ code: 'E_OPTION', where: { field: 'lpNodes' } });
    }
  });
});
