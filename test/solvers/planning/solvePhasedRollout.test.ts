import { describe, expect, it } from 'vitest';
import { evaluateMaximalCovering } from '../../../src/models/maximalCovering.js';
import { evaluatePhasedRollout } from '../../../src/models/phasedRollout.js';
import { sitingProblemFromMatrix } from '../../../src/models/sitingProblemFromMatrix.js';
import { solvePhasedRollout } from '../../../src/solvers/planning/solvePhasedRollout.js';
import { boxMinutes, subsets } from '../tinyProblems.js';

const tiny = (seed: number) => {
  const { minutes, random } = boxMinutes(seed, 14, 7);
  return sitingProblemFromMatrix(minutes, { demandWeights: minutes.map(() => random.int(0, 9)) });
};

/** The best nested plan by brute force: every chain of subsets growing by perYear[t] (forbidden sites never open). */
function bestPlan(problem: ReturnType<typeof tiny>, fixed: number[], perYear: number[], standardMinutes: number, discountRate: number, forbidden: number[] = []): number {
  let best = -1;
  const free = Array.from({ length: problem.siteCount }, (_, s) => s).filter((s) => !fixed.includes(s) && !forbidden.includes(s));
  const walk = (t: number, open: number[], plan: number[][]) => {
    if (t === perYear.length) {
      best = Math.max(best, evaluatePhasedRollout(problem, plan, { standardMinutes, discountRate }).objective);
      return;
    }
    const left = free.filter((s) => !open.includes(s));
    for (const pick of subsets(left.length, perYear[t])) {
      const next = [...open, ...pick.map((k) => left[k])].sort((a, b) => a - b);
      walk(t + 1, next, [...plan, next]);
    }
  };
  walk(0, [...fixed], []);
  return best;
}

describe('solvePhasedRollout', () => {
  it('matches brute force over every nested plan, and its plans are nested with the right sizes', async () => {
    for (let seed = 1; seed <= 8; seed++) {
      const problem = tiny(seed);
      const fixed = seed % 2 === 0 ? [seed % 7] : [];
      const perYear = seed % 3 === 0 ? [1, 2, 1] : [1, 1, 1];
      const discountRate = seed % 2 === 0 ? 0.1 : 0;
      const standardMinutes = 30;
      const best = bestPlan(problem, fixed, perYear, standardMinutes, discountRate);
      const result = await solvePhasedRollout(problem, { standardMinutes, sitesPerYear: perYear, discountRate, fixedSites: fixed });
      expect(result.status).toBe('optimal');
      expect(result.objective).toBeCloseTo(best, 9);
      const yearSites = result.details!.yearSites as number[][];
      const check = evaluatePhasedRollout(problem, yearSites, { standardMinutes, discountRate });
      expect(check.nested).toBe(true);
      expect(check.objective).toBeCloseTo(result.objective, 9);
      let size = fixed.length;
      yearSites.forEach((sites, t) => {
        size += perYear[t];
        expect(new Set(sites).size).toBe(size);
        for (const s of fixed) expect(sites).toContain(s);
      });
      // Nesting never beats the free optimum of the same year.
      const free = result.details!.nonNestedShareByYear as number[];
      (result.details!.shareByYear as number[]).forEach((share, t) => expect(share).toBeLessThanOrEqual(free[t] + 1e-12));
    }
  });

  it('without the exact MILP: the yearly heuristic is nested, and its bound (the free curve) is ≥ the objective', async () => {
    const problem = tiny(3);
    const result = await solvePhasedRollout(problem, { standardMinutes: 30, sitesPerYear: 1, years: 4, exactSizeLimit: 0 });
    expect(result.details!.exactTried).toBe(false);
    expect(result.solver).toBe('yearly-mclp');
    expect(result.bound).toBeGreaterThanOrEqual(result.objective - 1e-9);
    expect(result.gap).toBeCloseTo(Math.abs(result.bound - result.objective) / result.objective, 12);
    const yearSites = result.details!.yearSites as number[][];
    expect(evaluatePhasedRollout(problem, yearSites, { standardMinutes: 30 }).nested).toBe(true);
    // Year 1 of the heuristic is the one-site optimum.
    let one = 0;
    for (let s = 0; s < problem.siteCount; s++) one = Math.max(one, evaluateMaximalCovering(problem, [s], { standardMinutes: 30 }).objective);
    expect(evaluateMaximalCovering(problem, yearSites[0], { standardMinutes: 30 }).objective).toBeCloseTo(one, 9);
  });

  it('1 to 3 years with fixed and forbidden sites: brute force, proven by the duals of the yearly plan or by the LP/MIP, the bound honest', async () => {
    const routes = new Set<string>();
    for (let seed = 21; seed <= 44; seed++) {
      const { minutes, random } = boxMinutes(seed, 12, 7);
      const problem = sitingProblemFromMatrix(minutes, { demandWeights: minutes.map(() => random.int(0, 9)) });
      const years = 1 + (seed % 3);
      const perYear = Array.from({ length: years }, (_, t) => 1 + ((seed + t) % 2));
      const fixed = seed % 4 === 0 ? [seed % 7] : [];
      const forbiddenSites = seed % 3 === 0 ? [(seed + 3) % 7] : [];
      const discountRate = seed % 5 === 0 ? 0.2 : 0;
      const standardMinutes = 25 + (seed % 4) * 5;
      const allowed = (plan: number[][]) => plan.every((sites) => sites.every((s) => !forbiddenSites.includes(s)));
      const best = bestPlan(problem, fixed, perYear, standardMinutes, discountRate, forbiddenSites);
      const result = await solvePhasedRollout(problem, { standardMinutes, sitesPerYear: perYear, discountRate, fixedSites: fixed, forbiddenSites });
      routes.add(result.solver);
      expect(result.status).toBe('optimal');
      expect(result.objective).toBeCloseTo(best, 9);
      expect(result.bound).toBeGreaterThanOrEqual(best - 1e-9);
      const yearSites = result.details!.yearSites as number[][];
      expect(allowed(yearSites)).toBe(true);
      expect(evaluatePhasedRollout(problem, yearSites, { standardMinutes, discountRate }).nested).toBe(true);
      for (const s of fixed) expect(yearSites[0]).toContain(s);
    }
    expect([...routes]).toEqual(['yearly-mclp+lp-duals']);
  });

  it('where the yearly plan is not optimal, the duals prove nothing and the LP/MIP finds the better plan', async () => {
    // Sites A, B, C; rows (weight: sites) 5: A B, 5: A C, 4: B, 4: C. Year 1 alone: A (10);
    // year 2 from A: 14. From B instead: 9 then B + C = 18, the better plan (27 against 24).
    const near = 10;
    const far = 100;
    const minutes = [
      [near, near, far],
      [near, far, near],
      [far, near, far],
      [far, far, near],
    ];
    const problem = sitingProblemFromMatrix(minutes, { demandWeights: [5, 5, 4, 4] });
    const result = await solvePhasedRollout(problem, { standardMinutes: 30, sitesPerYear: 1, years: 2 });
    expect(result.solver).toBe('yearly-mclp+highs');
    expect(result.status).toBe('optimal');
    expect(result.objective).toBe(27);
    expect(result.details!.yearSites).toEqual([[1], [1, 2]]);
    expect(bestPlan(problem, [], [1, 1], 30, 0)).toBe(27);
  });

  it('a budget cut returns a nested plan with an honest bound (feasible unless proven)', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const problem = tiny(seed);
      const perYear = [1, 2, 1];
      const best = bestPlan(problem, [], perYear, 30, 0);
      for (const workLimit of [2_000, 20_000, 200_000]) {
        const result = await solvePhasedRollout(problem, { standardMinutes: 30, sitesPerYear: perYear, workLimit });
        expect(evaluatePhasedRollout(problem, result.details!.yearSites as number[][], { standardMinutes: 30 }).nested).toBe(true);
        expect(result.objective).toBeLessThanOrEqual(best + 1e-9);
        expect(result.bound).toBeGreaterThanOrEqual(best - 1e-9);
        if (result.status === 'optimal') expect(result.objective).toBeCloseTo(best, 9);
        else expect(result.stoppedBy).toBe('budget');
      }
    }
  });

  it('refuses a plan that opens more bases than there are sites', async () => {
    await expect(solvePhasedRollout(tiny(1), { standardMinutes: 30, sitesPerYear: 3, years: 3 })).rejects.toMatchObject({ code: 'E_SITE_COUNT' });
  });
});

describe('solvePhasedRollout with a budget per year', () => {
  it('matches brute force over every nested plan within the cumulative budget', async () => {
    for (let seed = 11; seed <= 16; seed++) {
      const { minutes, random } = boxMinutes(seed, 14, 6);
      const siteCosts = Array.from({ length: 6 }, () => random.int(1, 4));
      const problem = sitingProblemFromMatrix(minutes, { demandWeights: minutes.map(() => random.int(0, 9)), siteCosts });
      const budgets = [3, 2, 3];
      const fixed = seed % 2 === 0 ? [seed % 6] : [];
      const cost = (sites: number[]) => sites.reduce((total, s) => total + siteCosts[s], 0);
      // Brute force: every chain of site sets growing year by year, each within the budget so far.
      let best = -1;
      const all = Array.from({ length: 1 << 6 }, (_, mask) => [0, 1, 2, 3, 4, 5].filter((s) => mask & (1 << s))).filter((set) => fixed.every((s) => set.includes(s)));
      const walk = (t: number, previous: number[], plan: number[][], allowed: number) => {
        if (t === budgets.length) {
          best = Math.max(best, evaluatePhasedRollout(problem, plan, { standardMinutes: 30, discountRate: 0.05 }).objective);
          return;
        }
        const limit = allowed + budgets[t];
        for (const set of all) if (previous.every((s) => set.includes(s)) && cost(set) <= limit) walk(t + 1, set, [...plan, set], limit);
      };
      walk(0, fixed, [], cost(fixed));
      const result = await solvePhasedRollout(problem, { standardMinutes: 30, budgetPerYear: budgets, discountRate: 0.05, fixedSites: fixed });
      expect(result.status).toBe('optimal');
      expect(result.objective).toBeCloseTo(best, 9);
      const yearSites = result.details!.yearSites as number[][];
      expect(evaluatePhasedRollout(problem, yearSites, { standardMinutes: 30 }).nested).toBe(true);
      let allowed = cost(fixed);
      yearSites.forEach((sites, t) => expect(cost(sites)).toBeLessThanOrEqual((allowed += budgets[t]) + 1e-9));
    }
  });

  it('refuses both a count and a budget per year', async () => {
    await expect(solvePhasedRollout(tiny(1), { standardMinutes: 30, sitesPerYear: 1, budgetPerYear: 2, years: 2 })).rejects.toMatchObject({ code: 'E_OPTION' });
  });
});

// Found by bench/fuzzSolvers.ts: a year before the first base was refused (maximal covering takes
// p ≥ 1), and a plan opening nothing was refused as opening "more bases than are allowed".
describe('solvePhasedRollout with years that open nothing', () => {
  const problem = sitingProblemFromMatrix([[10, 50], [50, 10]], { demandWeights: [1, 2] });

  it('plans years before the first base as covering nothing', async () => {
    const result = await solvePhasedRollout(problem, { standardMinutes: 20, sitesPerYear: [0, 1, 1] });
    expect(result.details?.yearSites).toEqual([[], [1], [0, 1]]);
    expect(result).toMatchObject({ status: 'optimal', objective: 5, bound: 5 });
  });

  it('refuses a plan that opens no base in any year, saying so', async () => {
    await expect(solvePhasedRollout(problem, { standardMinutes: 20, sitesPerYear: 0, years: 2 })).rejects.toMatchObject({ code: 'E_SITE_COUNT', message: expect.stringContaining('opens no base') });
  });
});
