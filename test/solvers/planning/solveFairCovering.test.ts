import { describe, expect, it } from 'vitest';
import { evaluateFairCovering } from '../../../src/models/fairCovering.js';
import { sitingProblemFromMatrix } from '../../../src/models/sitingProblemFromMatrix.js';
import { solveFairCovering, type FairCoveringMemo } from '../../../src/solvers/planning/solveFairCovering.js';
import { boxMinutes, subsets } from '../tinyProblems.js';

const tiny = (seed: number) => {
  const { minutes, random } = boxMinutes(seed, 15, 7);
  const demandWeights = minutes.map(() => random.int(0, 9));
  const demandRegions = minutes.map((_row, i) => (i % 4 === 3 ? -1 : i % 3));
  return { problem: sitingProblemFromMatrix(minutes, { demandWeights }), demandRegions };
};

describe('solveFairCovering against brute force over every p-subset', () => {
  it('max-min: the best worst region, then the most total; the price against the free optimum', async () => {
    for (let seed = 1; seed <= 8; seed++) {
      const { problem, demandRegions } = tiny(seed);
      const p = 2 + (seed % 2);
      let bestMin = -1;
      let bestTotal = -1;
      let freeBest = -1;
      for (const set of subsets(7, p)) {
        const e = evaluateFairCovering(problem, set, { standardMinutes: 35, demandRegions });
        freeBest = Math.max(freeBest, e.covered);
        if (e.minRegionShare > bestMin + 1e-12) {
          bestMin = e.minRegionShare;
          bestTotal = e.covered;
        } else if (Math.abs(e.minRegionShare - bestMin) <= 1e-12) bestTotal = Math.max(bestTotal, e.covered);
      }
      const result = await solveFairCovering(problem, { standardMinutes: 35, siteCount: p, demandRegions, objective: 'maxMin' });
      expect(result.status).toBe('optimal');
      expect(result.objective).toBeCloseTo(bestMin, 9);
      const check = evaluateFairCovering(problem, result.selectedSites, { standardMinutes: 35, demandRegions });
      expect(check.minRegionShare).toBeCloseTo(result.objective, 12);
      expect(check.covered).toBeCloseTo(bestTotal, 9);
      expect(result.details!.priceShare as number).toBeCloseTo((freeBest - bestTotal) / check.totalWeight, 9);
      expect(result.details!.priceShare as number).toBeGreaterThanOrEqual(-1e-12);
    }
  });

  it('per-region minimum: the most total coverage that keeps every region at the share, or infeasible', async () => {
    let infeasible = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const { problem, demandRegions } = tiny(seed);
      const p = 2;
      const minimum = [0.3, 0.5, 0.7][seed % 3];
      let best = -1;
      for (const set of subsets(7, p)) {
        const e = evaluateFairCovering(problem, set, { standardMinutes: 35, demandRegions });
        if (e.minRegionShare >= minimum - 1e-12) best = Math.max(best, e.covered);
      }
      const result = await solveFairCovering(problem, { standardMinutes: 35, siteCount: p, demandRegions, regionMinimumShare: minimum });
      if (best < 0) {
        infeasible++;
        expect(result.status).toBe('infeasible');
        continue;
      }
      expect(result.status).toBe('optimal');
      expect(result.objective).toBeCloseTo(best, 9);
      expect(evaluateFairCovering(problem, result.selectedSites, { standardMinutes: 35, demandRegions }).minRegionShare).toBeGreaterThanOrEqual(minimum - 1e-9);
    }
    expect(infeasible).toBeGreaterThan(0);
    expect(infeasible).toBeLessThan(10);
  });

  it('names the regions that cannot reach the minimum with every site open', async () => {
    // Region 1 is out of reach of both sites.
    const problem = sitingProblemFromMatrix([[5, 50], [50, 5], [90, 90]]);
    const result = await solveFairCovering(problem, { standardMinutes: 30, siteCount: 1, demandRegions: [0, 0, 1], regionMinimumShare: 0.5 });
    expect(result.status).toBe('infeasible');
    expect(result.details!.infeasibleRegions).toEqual([1]);
  });
  it('a memo shared by solves of one problem: the max-min optimum proves a higher minimum infeasible at once, and starts a lower one; answers as brute force', async () => {
    for (let seed = 1; seed <= 8; seed++) {
      const { problem, demandRegions } = tiny(seed);
      const p = 2 + (seed % 2);
      const memo: FairCoveringMemo = {};
      const maxMin = await solveFairCovering(problem, { standardMinutes: 35, siteCount: p, demandRegions, objective: 'maxMin', memo });
      expect(maxMin.status).toBe('optimal');
      expect(memo.maxMin?.minRegionShare).toBe(maxMin.objective);
      expect(memo.unconstrained?.status).toBe('optimal');
      for (const minimum of [maxMin.objective * 0.9, maxMin.objective, Math.min(1, maxMin.objective + 0.05)]) {
        let best = -1;
        for (const set of subsets(7, p)) {
          const e = evaluateFairCovering(problem, set, { standardMinutes: 35, demandRegions });
          if (e.minRegionShare >= minimum - 1e-12) best = Math.max(best, e.covered);
        }
        const withMemo = await solveFairCovering(problem, { standardMinutes: 35, siteCount: p, demandRegions, regionMinimumShare: minimum, memo });
        const alone = await solveFairCovering(problem, { standardMinutes: 35, siteCount: p, demandRegions, regionMinimumShare: minimum });
        expect(withMemo.status, `seed ${seed}, minimum ${minimum}`).toBe(best < 0 ? 'infeasible' : 'optimal');
        expect(alone.status).toBe(withMemo.status);
        if (best >= 0) {
          expect(withMemo.objective).toBeCloseTo(best, 9);
          expect(withMemo.details!.priceShare).toBe(alone.details!.priceShare);
        }
      }
    }
  });

  it('no max-min optimum known: the search probe proves out-of-reach minimums (no MILP) and starts the LP tree on the others; answers as brute force, fixed sites too', async () => {
    const solvers = new Map<string, number>();
    for (let seed = 1; seed <= 12; seed++) {
      const { problem, demandRegions } = tiny(seed);
      const p = 2 + (seed % 2);
      const fixedSites = seed % 3 === 0 ? [seed % 7] : [];
      for (const minimum of [0.3, 0.5, 0.7, 0.85, 1]) {
        let best = -1;
        for (const set of subsets(7, p)) {
          if (!fixedSites.every((s) => set.includes(s))) continue;
          const e = evaluateFairCovering(problem, set, { standardMinutes: 35, demandRegions });
          if (e.minRegionShare >= minimum - 1e-12) best = Math.max(best, e.covered);
        }
        const result = await solveFairCovering(problem, { standardMinutes: 35, siteCount: p, demandRegions, regionMinimumShare: minimum, fixedSites });
        const where = `seed ${seed}, minimum ${minimum}`;
        expect(result.status, where).toBe(best < 0 ? 'infeasible' : 'optimal');
        const key = `${result.status} ${result.solver}`;
        solvers.set(key, (solvers.get(key) ?? 0) + 1);
        if (best < 0) continue;
        expect(result.objective, where).toBeCloseTo(best, 9);
        expect(result.bound, where).toBeCloseTo(best, 9);
        for (const s of fixedSites) expect(result.selectedSites).toContain(s);
        expect(evaluateFairCovering(problem, result.selectedSites, { standardMinutes: 35, demandRegions }).minRegionShare).toBeGreaterThanOrEqual(minimum - 1e-9);
      }
    }
    // Both paths ran: infeasibility proven by the search, optima proven by the LP tree from its start.
    expect(solvers.get('infeasible maxmin-search')).toBeGreaterThan(0);
    expect(solvers.get('optimal lptree')).toBeGreaterThan(0);
  });

  it('objective "total" from a memo, cut by the work limit: never infeasible, a floor-keeping answer no better than brute force, a bound at or above it; the LP tree cut short hands over to HiGHS', async () => {
    const solvers = new Set<string>();
    let cut = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const { problem, demandRegions } = tiny(seed);
      const p = 2 + (seed % 2);
      const memo: FairCoveringMemo = {};
      const maxMin = await solveFairCovering(problem, { standardMinutes: 35, siteCount: p, demandRegions, objective: 'maxMin', memo });
      const minimum = maxMin.objective * 0.9;
      let best = -1;
      for (const set of subsets(7, p)) {
        const e = evaluateFairCovering(problem, set, { standardMinutes: 35, demandRegions });
        if (e.minRegionShare >= minimum - 1e-12) best = Math.max(best, e.covered);
      }
      for (const workLimit of [50, 500, 2_000, 5_000, 20_000, 100_000]) {
        const where = `seed ${seed}, work ${workLimit}`;
        const result = await solveFairCovering(problem, { standardMinutes: 35, siteCount: p, demandRegions, regionMinimumShare: minimum, memo, workLimit });
        solvers.add(`${result.status} ${result.solver}`);
        expect(['optimal', 'feasible'], where).toContain(result.status);
        if (result.status === 'feasible') cut++;
        expect(result.objective, where).toBeLessThanOrEqual(best + 1e-9);
        expect(result.bound, where).toBeGreaterThanOrEqual(best - 1e-9);
        if (result.status === 'optimal') expect(result.objective, where).toBeCloseTo(best, 9);
        expect(evaluateFairCovering(problem, result.selectedSites, { standardMinutes: 35, demandRegions }).minRegionShare, where).toBeGreaterThanOrEqual(minimum - 1e-9);
      }
    }
    expect(cut).toBeGreaterThan(0);
    expect([...solvers].some((s) => s.includes('lptree+highs'))).toBe(true);
    expect(solvers.has('optimal lptree')).toBe(true);
  });

  it('a feasibility probe cut short by the work limit proves nothing: never infeasible where brute force has an answer', async () => {
    let answered = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const { problem, demandRegions } = tiny(seed);
      const p = 2 + (seed % 2);
      for (const minimum of [0.5, 0.7, 0.85]) {
        let feasible = false;
        for (const set of subsets(7, p)) if (evaluateFairCovering(problem, set, { standardMinutes: 35, demandRegions }).minRegionShare >= minimum - 1e-12) feasible = true;
        if (!feasible) continue;
        for (const workLimit of [300, 1_000, 3_000, 10_000]) {
          try {
            const result = await solveFairCovering(problem, { standardMinutes: 35, siteCount: p, demandRegions, regionMinimumShare: minimum, workLimit });
            expect(result.status, `seed ${seed}, minimum ${minimum}, work ${workLimit}`).not.toBe('infeasible');
            answered++;
          } catch (error) {
            expect((error as { code?: string }).code).toBe('E_WORK_BUDGET');
          }
        }
      }
    }
    expect(answered).toBeGreaterThan(0);
  });
});
