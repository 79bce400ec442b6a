import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/random.js';
import { isAirreachError } from '../../../src/errors.js';
import { evaluateCapacitatedPMedian } from '../../../src/models/capacitatedPMedian.js';
import { evaluateCapacitatedFacilityLocation } from '../../../src/models/capacitatedFacilityLocation.js';
import { sitingProblemFromMatrix } from '../../../src/models/sitingProblemFromMatrix.js';
import type { SitingProblem, SolveResult } from '../../../src/models/sitingProblem.js';
import { solveCapacitatedPMedian } from '../../../src/solvers/capacitated/solveCapacitatedPMedian.js';
import { solveCapacitatedFacilityLocation } from '../../../src/solvers/capacitated/solveCapacitatedFacilityLocation.js';

interface Tiny {
  problem: SitingProblem;
  minutes: number[][];
  demands: number[];
  capacities: number[];
  openingCosts: number[];
}

/** A random tiny instance: points in a square, some pairs missing, integral demands. */
function tinyInstance(seed: number, n: number, m: number): Tiny {
  const random = createRandom(seed);
  const point = () => [random.int(0, 100), random.int(0, 100)];
  const demandPoints = Array.from({ length: n }, point);
  const sitePoints = Array.from({ length: m }, point);
  const minutes = demandPoints.map(([x, y]) =>
    sitePoints.map(([u, v]) => (random.float() < 0.1 ? Infinity : Math.round(Math.hypot(x - u, y - v) * 10) / 10)),
  );
  const demands = demandPoints.map(() => random.int(1, 9));
  const total = demands.reduce((a, b) => a + b, 0);
  const capacities = sitePoints.map(() => random.int(Math.ceil(total / 4), Math.ceil(total / 1.5)));
  const openingCosts = sitePoints.map(() => random.int(0, 120));
  const weights = demandPoints.map(() => random.int(1, 3));
  return { problem: sitingProblemFromMatrix(minutes, { demandWeights: weights }), minutes, demands, capacities, openingCosts };
}

/**
 * Brute force: every site subset allowed by the rules × every single-source assignment of the
 * demand points to the subset's sites, with capacities and missing pairs respected.
 */
function bruteForce(tiny: Tiny, rule: { p?: number; fixed?: number[]; forbidden?: number[]; opening: boolean }): number {
  const { problem, minutes, demands, capacities, openingCosts } = tiny;
  const n = problem.demandCount;
  const m = problem.siteCount;
  let best = Infinity;
  for (let mask = 1; mask < 1 << m; mask++) {
    const sites = [...Array(m).keys()].filter((j) => mask & (1 << j));
    if (rule.p !== undefined && sites.length !== rule.p) continue;
    if ((rule.fixed ?? []).some((j) => !sites.includes(j)) || (rule.forbidden ?? []).some((j) => sites.includes(j))) continue;
    const opening = rule.opening ? sites.reduce((a, j) => a + openingCosts[j], 0) : 0;
    const load = new Array<number>(m).fill(0);
    const walk = (i: number, cost: number) => {
      if (cost + opening >= best) return;
      if (i === n) {
        best = cost + opening;
        return;
      }
      for (const j of sites) {
        if (minutes[i][j] === Infinity || load[j] + demands[i] > capacities[j]) continue;
        load[j] += demands[i];
        walk(i + 1, cost + problem.demandWeights[i] * minutes[i][j]);
        load[j] -= demands[i];
      }
    };
    walk(0, 0);
  }
  return best;
}

function checkInvariants(tiny: Tiny, result: SolveResult, opening: boolean): void {
  const assignment = result.details?.assignment as number[];
  const data = { demands: Float64Array.from(tiny.demands), capacities: Float64Array.from(tiny.capacities) };
  const evaluation = opening
    ? evaluateCapacitatedFacilityLocation(tiny.problem, result.selectedSites, assignment, data, tiny.openingCosts)
    : evaluateCapacitatedPMedian(tiny.problem, result.selectedSites, assignment, data);
  expect(evaluation.violations).toEqual([]);
  expect(evaluation.objective).toBeCloseTo(result.objective, 9);
  for (let j = 0; j < tiny.capacities.length; j++) expect(evaluation.loadBySite[j]).toBeLessThanOrEqual(tiny.capacities[j]);
  expect(result.bound).toBeLessThanOrEqual(result.objective + 1e-9);
  expect(result.selectedSites).toEqual([...result.selectedSites].sort((a, b) => a - b));
}

describe('solveCapacitatedPMedian against brute force', () => {
  for (let seed = 1; seed <= 8; seed++) {
    it(`seed ${seed}: exact mode finds the optimum, heuristic mode a valid answer and bound`, async () => {
      const tiny = tinyInstance(seed, 8, 6);
      const p = 2 + (seed % 2);
      const fixed = seed % 3 === 0 ? [seed % 6] : [];
      const forbidden = seed % 4 === 0 ? [(seed + 1) % 6] : [];
      let optimum: number;
      try {
        optimum = bruteForce(tiny, { p, fixed, forbidden, opening: false });
      } catch {
        optimum = Infinity;
      }
      const options = { siteCount: p, demands: tiny.demands, capacities: tiny.capacities, fixedSites: fixed, forbiddenSites: forbidden };
      let exact: SolveResult;
      try {
        exact = await solveCapacitatedPMedian(tiny.problem, { ...options, mode: 'exact', timeLimitSeconds: 20 });
      } catch (error) {
        // Capacity below demand for p sites: the brute force must agree that nothing fits.
        expect(isAirreachError(error, 'E_CAPACITY')).toBe(true);
        expect(optimum).toBe(Infinity);
        return;
      }
      if (optimum === Infinity) {
        expect(exact.status).toBe('infeasible');
        return;
      }
      expect(exact.status).toBe('optimal');
      expect(exact.objective).toBeCloseTo(optimum, 6);
      checkInvariants(tiny, exact, false);
      for (const j of fixed) expect(exact.selectedSites).toContain(j);
      for (const j of forbidden) expect(exact.selectedSites).not.toContain(j);
      expect(exact.selectedSites).toHaveLength(p);

      const heuristic = await solveCapacitatedPMedian(tiny.problem, { ...options, mode: 'heuristic', timeLimitSeconds: 5, idleRounds: 10 });
      checkInvariants(tiny, heuristic, false);
      expect(heuristic.objective).toBeGreaterThanOrEqual(optimum - 1e-6);
      expect(heuristic.bound).toBeLessThanOrEqual(optimum + 1e-6);
      if (heuristic.status === 'optimal') expect(heuristic.objective).toBeCloseTo(optimum, 6);
    });
  }
});

describe('solveCapacitatedFacilityLocation against brute force', () => {
  for (let seed = 21; seed <= 27; seed++) {
    it(`seed ${seed}: opening + assignment cost is least`, async () => {
      const tiny = tinyInstance(seed, 7, 6);
      const fixed = seed % 2 === 0 ? [seed % 6] : [];
      const cap = seed % 3 === 0 ? 3 : undefined;
      const capped = cap === undefined ? bruteForce(tiny, { fixed, opening: true }) : bruteForceCapped(tiny, fixed, cap);
      const options = {
        demands: tiny.demands,
        capacities: tiny.capacities,
        openingCosts: tiny.openingCosts,
        fixedSites: fixed,
        ...(cap === undefined ? {} : { siteCount: cap }),
      };
      const exact = await solveCapacitatedFacilityLocation(tiny.problem, { ...options, mode: 'exact', timeLimitSeconds: 20 });
      if (capped === Infinity) {
        expect(exact.status).toBe('infeasible');
        return;
      }
      expect(exact.status).toBe('optimal');
      expect(exact.objective).toBeCloseTo(capped, 6);
      checkInvariants(tiny, exact, true);
      if (cap !== undefined) expect(exact.selectedSites.length).toBeLessThanOrEqual(cap);
      const heuristic = await solveCapacitatedFacilityLocation(tiny.problem, { ...options, mode: 'heuristic', timeLimitSeconds: 5, idleRounds: 10 });
      checkInvariants(tiny, heuristic, true);
      expect(heuristic.objective).toBeGreaterThanOrEqual(capped - 1e-6);
      expect(heuristic.bound).toBeLessThanOrEqual(capped + 1e-6);
    });
  }

  function bruteForceCapped(tiny: Tiny, fixed: number[], cap: number): number {
    let best = Infinity;
    for (let p = Math.max(1, fixed.length); p <= cap; p++) best = Math.min(best, bruteForce(tiny, { p, fixed, opening: true }));
    return best;
  }
});

describe('capacitated solvers: bad input and single-source infeasibility', () => {
  const problem = sitingProblemFromMatrix([
    [1, 2],
    [2, 1],
    [3, 3],
  ]);

  it('throws E_CAPACITY before solving, with the shortfall', async () => {
    await expect(solveCapacitatedPMedian(problem, { siteCount: 1, demands: [3, 3, 3], capacities: [5, 8] })).rejects.toMatchObject({
      code: 'E_CAPACITY',
      value: { totalDemand: 9, totalCapacity: 8, shortfall: 1 },
    });
  });

  it('proves infeasibility when the capacity suffices in total but no single-source split fits', async () => {
    // 9 ≤ 4 + 5, but any two of the three 3-unit points overflow either site.
    const result = await solveCapacitatedPMedian(problem, { siteCount: 2, demands: [3, 3, 3], capacities: [4, 5], mode: 'exact', timeLimitSeconds: 10 });
    expect(result.status).toBe('infeasible');
    await expect(solveCapacitatedPMedian(problem, { siteCount: 2, demands: [3, 3, 3], capacities: [4, 5], mode: 'heuristic', timeLimitSeconds: 1 })).rejects.toMatchObject({ code: 'E_INFEASIBLE' });
  });

  it('rejects impossible site counts and conflicting rules with their position', async () => {
    await expect(solveCapacitatedPMedian(problem, { siteCount: 3, demands: [1, 1, 1], capacities: [5, 5] })).rejects.toMatchObject({ code: 'E_SITE_COUNT' });
    await expect(solveCapacitatedPMedian(problem, { siteCount: 1, demands: [1, 1, 1], capacities: [5, 5], fixedSites: [1], forbiddenSites: [1] })).rejects.toMatchObject({ code: 'E_SITE_CONFLICT' });
    await expect(solveCapacitatedPMedian(problem, { siteCount: 1, demands: [1, 1, 1], capacities: [5, 5], fixedSites: [4] })).rejects.toMatchObject({ code: 'E_INDEX' });
    await expect(solveCapacitatedFacilityLocation(problem, { demands: [1, 1, 1], capacities: [5, 5], openingCosts: [1] })).rejects.toMatchObject({ code: 'E_OPTION' });
  });
});
