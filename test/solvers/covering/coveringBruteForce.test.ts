import { describe, expect, it } from 'vitest';
import { evaluateBackupCovering } from '../../../src/models/backupCovering.js';
import { evaluateExpectedCovering } from '../../../src/models/expectedCovering.js';
import { evaluateMaximalCovering } from '../../../src/models/maximalCovering.js';
import { evaluateSetCovering } from '../../../src/models/setCovering.js';
import { sitingProblemFromMatrix } from '../../../src/models/sitingProblemFromMatrix.js';
import type { SitingProblem } from '../../../src/models/sitingProblem.js';
import { solveBackupCovering } from '../../../src/solvers/covering/solveBackupCovering.js';
import { solveExpectedCovering } from '../../../src/solvers/covering/solveExpectedCovering.js';
import { solveMaximalCovering } from '../../../src/solvers/covering/solveMaximalCovering.js';
import { solveSetCovering } from '../../../src/solvers/covering/solveSetCovering.js';
import { boxMinutes } from '../tinyProblems.js';

const STANDARD = 30;

/** Random tiny instance: demand and sites in a 100 × 100 box, minutes = distance. */
function tinyProblem(seed: number, demandCount: number, siteCount: number, withCosts = false): SitingProblem {
  const { minutes, random } = boxMinutes(seed, demandCount, siteCount);
  // Some zero weights: they must not matter to set covering.
  const demandWeights = minutes.map(() => (random.int(0, 5) === 0 ? 0 : random.int(1, 20)));
  return sitingProblemFromMatrix(minutes, { demandWeights, ...(withCosts ? { siteCosts: Array.from({ length: siteCount }, () => random.int(1, 9)) } : {}) });
}

/** Every subset of 0…n−1 of size k (k = undefined: every subset). */
function* subsets(n: number, k?: number): Generator<number[]> {
  for (let mask = 0; mask < 1 << n; mask++) {
    const set: number[] = [];
    for (let i = 0; i < n; i++) if (mask & (1 << i)) set.push(i);
    if (k === undefined || set.length === k) yield set;
  }
}

const respects = (set: number[], fixed: number[], forbidden: number[]) => fixed.every((s) => set.includes(s)) && !forbidden.some((s) => set.includes(s));

describe('covering solvers against brute force on tiny random instances', () => {
  it('set covering: least cost and fewest sites, with fixed and forbidden sites', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const problem = tinyProblem(seed, 14, 9, seed % 2 === 0);
      const fixedSites = seed % 3 === 0 ? [seed % 9] : [];
      const forbiddenSites = seed % 4 === 0 ? [(seed + 4) % 9] : [];
      let best = Infinity;
      for (const set of subsets(9)) {
        if (!respects(set, fixedSites, forbiddenSites)) continue;
        const e = evaluateSetCovering(problem, set, { standardMinutes: STANDARD + 10 });
        if (e.feasible) best = Math.min(best, e.objective);
      }
      const result = await solveSetCovering(problem, { standardMinutes: STANDARD + 10, fixedSites, forbiddenSites });
      if (best === Infinity) {
        expect(result.status).toBe('infeasible');
        const uncovered = evaluateSetCovering(problem, result.selectedSites, { standardMinutes: STANDARD + 10 }).uncoveredDemand;
        expect(result.details?.unreachableDemand).toEqual(uncovered);
        expect(uncovered.length).toBeGreaterThan(0);
      } else {
        expect(result.status).toBe('optimal');
        expect(result.objective).toBe(best);
        expect(evaluateSetCovering(problem, result.selectedSites, { standardMinutes: STANDARD + 10 }).feasible).toBe(true);
      }
      expect(respects(result.selectedSites, fixedSites, forbiddenSites)).toBe(true);
    }
  });

  it('maximal covering with p sites, and with a budget', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const problem = tinyProblem(100 + seed, 16, 9, true);
      const fixedSites = seed % 3 === 0 ? [seed % 9] : [];
      const forbiddenSites = seed % 2 === 0 ? [(seed + 3) % 9] : [];
      for (const p of [1, 2, 3, 4]) {
        if (p < fixedSites.length) continue;
        let best = -1;
        for (const set of subsets(9, p)) if (respects(set, fixedSites, forbiddenSites)) best = Math.max(best, evaluateMaximalCovering(problem, set, { standardMinutes: STANDARD }).objective);
        const result = await solveMaximalCovering(problem, { standardMinutes: STANDARD, siteCount: p, fixedSites, forbiddenSites, seed });
        expect(result.status).toBe('optimal');
        expect(result.objective).toBe(best);
        expect(result.selectedSites).toHaveLength(p);
        expect(respects(result.selectedSites, fixedSites, forbiddenSites)).toBe(true);
      }
      const budget = 8 + seed;
      let best = -1;
      const costs = problem.siteCosts!;
      for (const set of subsets(9)) {
        if (!respects(set, fixedSites, forbiddenSites) || set.reduce((a, s) => a + costs[s], 0) > budget) continue;
        best = Math.max(best, evaluateMaximalCovering(problem, set, { standardMinutes: STANDARD }).objective);
      }
      const result = await solveMaximalCovering(problem, { standardMinutes: STANDARD, budget, fixedSites, forbiddenSites });
      expect(result.status).toBe('optimal');
      expect(result.objective).toBe(best);
      expect(result.selectedSites.reduce((a, s) => a + costs[s], 0)).toBeLessThanOrEqual(budget);
    }
  });

  it('backup covering: best second cover among the sets with optimal primary cover', async () => {
    for (let seed = 1; seed <= 8; seed++) {
      const problem = tinyProblem(200 + seed, 15, 8);
      const fixedSites = seed % 3 === 0 ? [1] : [];
      for (const p of [2, 3, 4]) {
        let primary = -1;
        let backup = -1;
        for (const set of subsets(8, p)) {
          if (!respects(set, fixedSites, [])) continue;
          const e = evaluateBackupCovering(problem, set, { standardMinutes: STANDARD + 5 });
          if (e.primaryCovered > primary) {
            primary = e.primaryCovered;
            backup = e.objective;
          } else if (e.primaryCovered === primary) backup = Math.max(backup, e.objective);
        }
        const result = await solveBackupCovering(problem, { standardMinutes: STANDARD + 5, siteCount: p, fixedSites });
        expect(result.status).toBe('optimal');
        expect(result.details?.primaryCovered).toBe(primary);
        expect(result.objective).toBe(backup);
        expect(result.selectedSites).toHaveLength(p);
      }
    }
  });

  it('expected covering: best placement of P aircraft with per-base limits', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const problem = tinyProblem(300 + seed, 14, 6);
      const q = 0.2 + 0.1 * seed;
      const maxAircraftPerSite = seed % 2 === 0 ? 2 : [3, 1, 2, 1, 2, 1];
      const fixedSites = seed === 3 ? [5] : [];
      for (const total of [2, 3, 4]) {
        // Enumerate aircraft count vectors within the limits.
        let best = -1;
        const caps = Array.from({ length: 6 }, (_, s) => (typeof maxAircraftPerSite === 'number' ? maxAircraftPerSite : maxAircraftPerSite[s]));
        const counts = new Array<number>(6).fill(0);
        const visit = (site: number, left: number) => {
          if (site === 6) {
            if (left !== 0 || fixedSites.some((s) => counts[s] < 1)) return;
            const sites = [0, 1, 2, 3, 4, 5];
            best = Math.max(best, evaluateExpectedCovering(problem, sites, { standardMinutes: STANDARD, busyFraction: q, aircraftCounts: counts }).objective);
            return;
          }
          for (let k = 0; k <= Math.min(caps[site], left); k++) {
            counts[site] = k;
            visit(site + 1, left - k);
          }
          counts[site] = 0;
        };
        visit(0, total);
        const result = await solveExpectedCovering(problem, { standardMinutes: STANDARD, aircraftCount: total, busyFraction: q, maxAircraftPerSite, fixedSites });
        expect(result.status).toBe('optimal');
        expect(result.objective).toBeCloseTo(best, 9);
        const placed = result.details?.aircraftCounts as number[];
        expect(placed.reduce((a, b) => a + b, 0)).toBe(total);
        result.selectedSites.forEach((s, k) => expect(placed[k]).toBeLessThanOrEqual(caps[s]));
        // With kicks the tree proves the same optimum; the search alone (no HiGHS) places P aircraft within the limits and never beats it.
        const plain = await solveExpectedCovering(problem, { standardMinutes: STANDARD, aircraftCount: total, busyFraction: q, maxAircraftPerSite, fixedSites, kicks: 10 });
        expect(plain.status).toBe('optimal');
        expect(plain.objective).toBeCloseTo(best, 9);
        // The LP branch and bound closes these trees; without it HiGHS's MILP proves the same optimum.
        expect(result.solver).toBe('greedy+moves+lp-bb');
        const milp = await solveExpectedCovering(problem, { standardMinutes: STANDARD, aircraftCount: total, busyFraction: q, maxAircraftPerSite, fixedSites, lpNodes: 0 });
        expect(milp.solver).toBe('greedy+moves+highs');
        expect(milp.status).toBe('optimal');
        expect(milp.objective).toBeCloseTo(best, 9);
        const searched = await solveExpectedCovering(problem, { standardMinutes: STANDARD, aircraftCount: total, busyFraction: q, maxAircraftPerSite, fixedSites, exact: false, kicks: 10 });
        expect(searched.objective).toBeLessThanOrEqual(best + 1e-9);
        expect((searched.details?.aircraftCounts as number[]).reduce((a, b) => a + b, 0)).toBe(total);
        searched.selectedSites.forEach((s, k) => expect((searched.details?.aircraftCounts as number[])[k]).toBeLessThanOrEqual(caps[s]));
      }
    }
  });
});
