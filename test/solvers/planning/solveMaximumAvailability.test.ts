import { describe, expect, it } from 'vitest';
import { evaluateMaximumAvailability, requiredAircraft } from '../../../src/models/maximumAvailability.js';
import { sitingProblemFromMatrix } from '../../../src/models/sitingProblemFromMatrix.js';
import { solveMaximumAvailability } from '../../../src/solvers/planning/solveMaximumAvailability.js';
import { boxMinutes } from '../tinyProblems.js';
import { allocations, placement } from './allocations.js';

const tiny = (seed: number, withCosts: boolean) => {
  const { minutes, random } = boxMinutes(seed, 12, 5);
  const demandWeights = minutes.map(() => random.int(0, 9));
  return sitingProblemFromMatrix(minutes, { demandWeights, ...(withCosts ? { siteCosts: Array.from({ length: 5 }, () => random.int(1, 5)) } : {}) });
};

describe('requiredAircraft', () => {
  it('is the least k with 1 − q^k ≥ α (analytical values)', () => {
    expect(requiredAircraft(0.3, 0.9)).toBe(2); // 0.91
    expect(requiredAircraft(0.3, 0.95)).toBe(3); // 0.973
    expect(requiredAircraft(0.5, 0.75)).toBe(2); // exactly 0.75
    expect(requiredAircraft(0, 0.99)).toBe(1);
    expect(requiredAircraft(0.1, 0.9)).toBe(1);
    expect(() => requiredAircraft(0.2, 1)).toThrow(/reliability/);
  });
});

describe('solveMaximumAvailability against brute force over every aircraft allocation', () => {
  it('finds the best placement with caps, fixed and forbidden sites, and a budget', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const withBudget = seed % 3 === 0;
      const problem = tiny(seed, withBudget);
      const fleet = withBudget ? 4 : 2 + (seed % 3);
      const cap = 1 + (seed % 2);
      const busyFraction = [0.2, 0.4, 0.5][seed % 3];
      const reliability = 0.7;
      const standardMinutes = 45;
      const aircraftCost = withBudget ? 1 : 0;
      const budget = withBudget ? 3 + (seed % 2) : undefined;
      const fixedSites = seed % 4 === 0 ? [seed % 5] : [];
      const forbiddenSites = seed % 5 === 0 ? [(seed + 2) % 5] : [];
      const lower = [0, 1, 2, 3, 4].map((s) => (fixedSites.includes(s) ? 1 : 0));
      const upper = [0, 1, 2, 3, 4].map((s) => (forbiddenSites.includes(s) ? 0 : cap));
      let best = -1;
      for (const counts of allocations(lower, upper, 0, fleet)) {
        const { sites, counts: kept } = placement(counts);
        const e = evaluateMaximumAvailability(problem, sites, { standardMinutes, busyFraction, reliability, aircraftCounts: kept, aircraftCost });
        if (budget !== undefined && e.cost > budget) continue;
        best = Math.max(best, e.objective);
      }
      const result = await solveMaximumAvailability(problem, { standardMinutes, aircraftCount: fleet, busyFraction, reliability, maxAircraftPerSite: cap, fixedSites, forbiddenSites, aircraftCost, ...(budget !== undefined ? { budget } : {}) });
      if (best < 0) {
        expect(result.status).toBe('infeasible');
        continue;
      }
      expect(result.status).toBe('optimal');
      expect(result.objective).toBeCloseTo(best, 9);
      const counts = result.details!.aircraftCounts as number[];
      const check = evaluateMaximumAvailability(problem, result.selectedSites, { standardMinutes, busyFraction, reliability, aircraftCounts: counts, aircraftCost });
      expect(check.objective).toBeCloseTo(result.objective, 9);
      expect(counts.reduce((a, c) => a + c, 0)).toBeLessThanOrEqual(fleet);
      expect(Math.max(...counts)).toBeLessThanOrEqual(cap);
      if (budget !== undefined) expect(check.cost).toBeLessThanOrEqual(budget + 1e-9);
      for (const s of fixedSites) expect(result.selectedSites).toContain(s);
      for (const s of forbiddenSites) expect(result.selectedSites).not.toContain(s);
      expect(result.bound).toBeGreaterThanOrEqual(result.objective - 1e-9);
      // The LP tree has no budget row: with a budget the MILP answers alone.
      expect(result.solver.includes('lp-bb')).toBe(!withBudget);
    }
  });

  // b = 1, 2, 3 (q = 0.1, α = 0.9; q = 0.2, α = 0.9; q = 0.5, α = 0.85), no budget: the LP tree's route.
  const requirements = [
    { busyFraction: 0.1, reliability: 0.9, b: 1 },
    { busyFraction: 0.2, reliability: 0.9, b: 2 },
    { busyFraction: 0.5, reliability: 0.85, b: 3 },
  ];
  const bruteForce = (problem: ReturnType<typeof tiny>, lower: number[], upper: number[], fleet: number, busyFraction: number, reliability: number) => {
    let best = -1;
    for (const counts of allocations(lower, upper, 0, fleet)) {
      const { sites, counts: kept } = placement(counts);
      best = Math.max(best, evaluateMaximumAvailability(problem, sites, { standardMinutes: 45, busyFraction, reliability, aircraftCounts: kept }).objective);
    }
    return best;
  };

  it('the LP tree (and HiGHS after a tree cut at one node, or alone) finds the optimum for b = 1, 2, 3 with caps, fixed and forbidden sites', async () => {
    for (let seed = 1; seed <= 15; seed++) {
      const problem = tiny(seed, false);
      const { busyFraction, reliability, b } = requirements[seed % 3];
      expect(requiredAircraft(busyFraction, reliability)).toBe(b);
      const fleet = 3 + (seed % 4);
      const cap = 1 + (seed % 3);
      const fixedSites = seed % 4 === 0 ? [seed % 5] : [];
      const forbiddenSites = seed % 5 === 0 ? [(seed + 2) % 5] : [];
      const lower = [0, 1, 2, 3, 4].map((s) => (fixedSites.includes(s) ? 1 : 0));
      const upper = [0, 1, 2, 3, 4].map((s) => (forbiddenSites.includes(s) ? 0 : cap));
      const best = bruteForce(problem, lower, upper, fleet, busyFraction, reliability);
      const base = { standardMinutes: 45, aircraftCount: fleet, busyFraction, reliability, maxAircraftPerSite: cap, fixedSites, forbiddenSites };
      for (const lpNodes of [200, 1, 0]) {
        const result = await solveMaximumAvailability(problem, { ...base, lpNodes });
        expect(result.status).toBe('optimal');
        expect(result.objective).toBeCloseTo(best, 9);
        expect(result.bound).toBe(result.objective);
        const counts = result.details!.aircraftCounts as number[];
        expect(counts.reduce((a, c) => a + c, 0)).toBeLessThanOrEqual(fleet);
        expect(Math.max(...counts)).toBeLessThanOrEqual(cap);
        for (const s of fixedSites) expect(result.selectedSites).toContain(s);
        for (const s of forbiddenSites) expect(result.selectedSites).not.toContain(s);
        expect(result.solver.startsWith(lpNodes === 0 ? 'greedy+highs' : 'greedy+lp-bb')).toBe(true);
        if (lpNodes === 200) expect(result.solver).toBe('greedy+lp-bb');
        expect(result.details!.lpNodes).toBeLessThanOrEqual(lpNodes);
      }
    }
  });

  it('cut by its work budget anywhere (greedy, tree, MILP), answers a feasible placement with a bound no placement beats', async () => {
    let open = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const problem = tiny(seed, false);
      const { busyFraction, reliability } = requirements[1];
      const lower = [0, 0, 0, 0, 0];
      const upper = [2, 2, 2, 2, 2];
      const best = bruteForce(problem, lower, upper, 4, busyFraction, reliability);
      for (const [workLimit, lpNodes] of [100, 200, 300, 400, 600, 1_000, 3_000, 10_000].flatMap((w) => [[w, 200], [w, 1]])) {
        const result = await solveMaximumAvailability(problem, { standardMinutes: 45, aircraftCount: 4, busyFraction, reliability, maxAircraftPerSite: 2, workLimit, lpNodes });
        expect(result.bound).toBeGreaterThanOrEqual(best - 1e-9);
        expect(result.objective).toBeLessThanOrEqual(best + 1e-9);
        const counts = result.details!.aircraftCounts as number[];
        expect(counts.reduce((a, c) => a + c, 0)).toBeLessThanOrEqual(4);
        if (result.status === 'optimal') expect(result.objective).toBeCloseTo(best, 9);
        else {
          expect(result.status).toBe('feasible');
          expect(result.stoppedBy).toBe('budget');
          open++;
        }
      }
    }
    expect(open).toBeGreaterThan(0);
  });

  it('with a tiny work budget still answers a valid placement with bound ≥ objective and a consistent gap', async () => {
    const problem = tiny(4, false);
    const result = await solveMaximumAvailability(problem, { standardMinutes: 45, aircraftCount: 4, busyFraction: 0.4, reliability: 0.8, maxAircraftPerSite: 2, workLimit: 50 });
    expect(result.bound).toBeGreaterThanOrEqual(result.objective - 1e-9);
    expect(result.gap).toBeCloseTo(Math.abs(result.bound - result.objective) / Math.max(result.objective, 1e-9), 12);
    const counts = result.details!.aircraftCounts as number[];
    expect(counts.reduce((a, c) => a + c, 0)).toBeLessThanOrEqual(4);
    if (result.status !== 'optimal') expect(result.stoppedBy).toBe('budget');
  });

  it('refuses an lpNodes that is not an integer from 0 to 1,000,000', async () => {
    for (const lpNodes of [-1, 1.5, Number.NaN, 2e6]) {
      await expect(solveMaximumAvailability(tiny(1, false), { standardMinutes: 45, aircraftCount: 2, busyFraction: 0.2, reliability: 0.9, lpNodes })).rejects.toMatchObject({ code: 'E_OPTION', where: { field: 'lpNodes' } });
    }
  });

  it('refuses a fleet smaller than the fixed sites', async () => {
    await expect(solveMaximumAvailability(tiny(1, false), { standardMinutes: 45, aircraftCount: 1, busyFraction: 0.2, reliability: 0.9, fixedSites: [0, 1] })).rejects.toMatchObject({ code: 'E_SITE_COUNT' });
  });
});
