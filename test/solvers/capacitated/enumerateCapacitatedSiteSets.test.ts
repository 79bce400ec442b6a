import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/random.js';
import { sitingProblemFromMatrix } from '../../../src/models/sitingProblemFromMatrix.js';
import { buildCapacitatedInstance, type CapacitatedInstance } from '../../../src/solvers/capacitated/buildCapacitatedInstance.js';
import { createCapacitatedLocalSearch } from '../../../src/solvers/capacitated/createCapacitatedLocalSearch.js';
import { countCapacitatedSiteSets, enumerateCapacitatedSiteSets } from '../../../src/solvers/capacitated/enumerateCapacitatedSiteSets.js';
import { solveCapacitatedPMedian } from '../../../src/solvers/capacitated/solveCapacitatedPMedian.js';
import { MAX_SITE_SETS } from '../../../src/solvers/capacitated/solveCapacitated.js';
import { solveCapacitatedFacilityLocation } from '../../../src/solvers/capacitated/solveCapacitatedFacilityLocation.js';
import { WorkBudget } from '../../../src/solvers/kernel/workBudget.js';

interface Case {
  instance: CapacitatedInstance;
  minutes: number[][];
  weights: number[];
  label: string;
}

/**
 * A random small instance with tight capacities (single sourcing binds: the nearest-site answer
 * rarely fits) and fractional or integral demands; the count rule cycles through exactly p with
 * a fixed and a forbidden site, at most p with opening costs, and free with opening costs.
 */
function smallCase(seed: number): Case {
  const random = createRandom(seed);
  const n = 8;
  const m = 6;
  const point = () => [random.int(0, 100), random.int(0, 100)];
  const demandPoints = Array.from({ length: n }, point);
  const sitePoints = Array.from({ length: m }, point);
  const minutes = demandPoints.map(([x, y]) => sitePoints.map(([u, v]) => (random.float() < 0.15 ? Infinity : Math.round(Math.hypot(x - u, y - v) * 10) / 10)));
  for (const row of minutes) if (row.every((t) => t === Infinity)) row[0] = 60;
  const demands = Float64Array.from({ length: n }, () => (seed % 2 === 0 ? 0.5 + random.float() * 8 : random.int(1, 9)));
  const total = demands.reduce((a, b) => a + b, 0);
  const capacities = Float64Array.from({ length: m }, () => total / 3.2 + random.float() * (total / 3));
  const weights = demandPoints.map(() => random.int(1, 3));
  const problem = sitingProblemFromMatrix(minutes, { demandWeights: weights });
  const kind = seed % 3;
  const siteStatus = new Int8Array(m);
  if (kind === 0) {
    siteStatus[seed % m] = 1;
    siteStatus[(seed + 1) % m] = -1;
  }
  const openingCosts = kind === 0 ? new Float64Array(m) : Float64Array.from({ length: m }, () => random.int(0, 150));
  const openCount = kind === 2 ? undefined : 3;
  const instance = buildCapacitatedInstance(problem, demands, capacities, openingCosts, siteStatus, openCount, kind === 0);
  return { instance, minutes, weights, label: ['exactly 3, one fixed, one forbidden', 'at most 3, opening costs', 'free count, opening costs'][kind] };
}

/** Every site set the rules allow × every single-source assignment within capacity. */
function bruteForce({ instance }: Case): number {
  const { demandCount: n, siteCount: m, cost, demands, capacities, openingCosts, siteStatus, openCount, exactSiteCount } = instance;
  let best = Infinity;
  for (let mask = 1; mask < 1 << m; mask++) {
    const sites = [...Array(m).keys()].filter((j) => mask & (1 << j));
    if (sites.some((j) => siteStatus[j] === -1) || [...Array(m).keys()].some((j) => siteStatus[j] === 1 && !sites.includes(j))) continue;
    if (openCount !== undefined && (exactSiteCount ? sites.length !== openCount : sites.length > openCount)) continue;
    const opening = sites.reduce((a, j) => a + openingCosts[j], 0);
    const load = new Float64Array(m);
    const walk = (i: number, total: number) => {
      if (total >= best) return;
      if (i === n) {
        best = total;
        return;
      }
      for (const j of sites) {
        if (cost[i * m + j] === Infinity || load[j] + demands[i] > capacities[j] + 1e-9) continue;
        load[j] += demands[i];
        walk(i + 1, total + cost[i * m + j]);
        load[j] -= demands[i];
      }
    };
    walk(0, opening);
  }
  return best;
}

describe('enumerateCapacitatedSiteSets against brute force', () => {
  // maxNodes 0: every set's assignment goes to HiGHS; 3: branch and bound, HiGHS when it runs out; 10,000: branch and bound.
  for (let seed = 1; seed <= 36; seed++) {
    const c = smallCase(seed);
    const maxNodes = [0, 3, 10_000][seed % 3 === 0 ? (seed / 3) % 3 : seed % 3];
    it(`seed ${seed} (${c.label}, maxNodes ${maxNodes}): the optimum, proven, with a bound that meets it`, async () => {
      const optimum = bruteForce(c);
      const search = createCapacitatedLocalSearch(c.instance);
      const result = await enumerateCapacitatedSiteSets(c.instance, search, null, new WorkBudget({ workLimit: 1e9 }), { lagrangianSteps: 60, maxNodes });
      expect(result.complete).toBe(true);
      if (optimum === Infinity) {
        expect(result.incumbent).toBeNull();
        return;
      }
      const answer = result.incumbent;
      expect(answer).not.toBeNull();
      if (answer === null) return;
      expect(answer.cost).toBeCloseTo(optimum, 6);
      expect(result.bound).toBeCloseTo(optimum, 6);
      // The answer is what it says: its sites follow the rules, its assignment fits and costs its cost.
      const { demandCount: n, siteCount: m, cost, demands, capacities, openingCosts, siteStatus } = c.instance;
      const load = new Float64Array(m);
      let total = answer.sites.reduce((a, j) => a + openingCosts[j], 0);
      for (let i = 0; i < n; i++) {
        expect(answer.sites).toContain(answer.assignment[i]);
        load[answer.assignment[i]] += demands[i];
        total += cost[i * m + answer.assignment[i]];
      }
      for (let j = 0; j < m; j++) expect(load[j]).toBeLessThanOrEqual(capacities[j] + 1e-9);
      for (const j of answer.sites) expect(siteStatus[j]).not.toBe(-1);
      expect(total).toBeCloseTo(answer.cost, 9);
      expect(result.setCount).toBe(countCapacitatedSiteSets(c.instance, 1e6));
    });
  }

  // One site set (every site fixed), more points and tight capacities: the set's branch and bound
  // (or HiGHS, where it runs out of nodes) carries the whole answer.
  for (let seed = 51; seed <= 70; seed++) {
    it(`seed ${seed}: one set of 3 sites, 12 points, tight capacities`, async () => {
      const random = createRandom(seed);
      const n = 12;
      const minutes = Array.from({ length: n }, () => Array.from({ length: 3 }, () => random.int(1, 60)));
      const demands = Float64Array.from({ length: n }, () => 0.5 + random.float() * (seed % 2 === 0 ? 9 : 3));
      const total = demands.reduce((a, b) => a + b, 0);
      const capacities = Float64Array.from({ length: 3 }, () => (total / 3) * (1.02 + random.float() * 0.25));
      const weights = minutes.map(() => random.int(1, 4));
      const problem = sitingProblemFromMatrix(minutes, { demandWeights: weights });
      const instance = buildCapacitatedInstance(problem, demands, capacities, new Float64Array(3), Int8Array.of(1, 1, 1), 3, true);
      const c: Case = { instance, minutes, weights, label: 'one set' };
      const optimum = bruteForce(c);
      // One Lagrangian step: a weak start, so the branch and bound must find the optimum itself.
      for (const lagrangianSteps of [1, 60]) {
        const result = await enumerateCapacitatedSiteSets(instance, createCapacitatedLocalSearch(instance), null, new WorkBudget({ workLimit: 1e9 }), { lagrangianSteps, maxNodes: 10_000 });
        expect(result.complete).toBe(true);
        if (optimum === Infinity) expect(result.incumbent).toBeNull();
        else expect(result.incumbent?.cost).toBeCloseTo(optimum, 6);
      }
    });
  }

  // One set with a roomy site that never binds and two tight ones: the pairs the roomy site
  // dominates leave the branch and bound, which must still find the optimum of all pairs.
  for (let seed = 71; seed <= 90; seed++) {
    it(`seed ${seed}: one set, a site that never binds beside two tight ones, 12 points`, async () => {
      const random = createRandom(seed);
      const n = 12;
      const minutes = Array.from({ length: n }, () => Array.from({ length: 3 }, (_, j) => (random.float() < 0.2 ? Infinity : random.int(1, 60) + (j === 0 ? 25 : 0))));
      for (const row of minutes) if (row.every((t) => t === Infinity)) row[0] = 70;
      const demands = Float64Array.from({ length: n }, () => 0.5 + random.float() * (seed % 2 === 0 ? 9 : 3));
      const total = demands.reduce((a, b) => a + b, 0);
      // Site 0 holds everything (it never binds, and its pairs dominate the dearer ones); 1 and 2 hold about a third each.
      const capacities = Float64Array.of(total, (total / 3) * (0.8 + random.float() * 0.4), (total / 3) * (0.8 + random.float() * 0.4));
      const weights = minutes.map(() => random.int(1, 4));
      const problem = sitingProblemFromMatrix(minutes, { demandWeights: weights });
      const instance = buildCapacitatedInstance(problem, demands, capacities, new Float64Array(3), Int8Array.of(1, 1, 1), 3, true);
      const optimum = bruteForce({ instance, minutes, weights, label: 'one set, one roomy site' });
      for (const [lagrangianSteps, maxNodes] of [[1, 10_000], [60, 10_000], [1, 2]] as const) {
        const result = await enumerateCapacitatedSiteSets(instance, createCapacitatedLocalSearch(instance), null, new WorkBudget({ workLimit: 1e9 }), { lagrangianSteps, maxNodes });
        expect(result.complete).toBe(true);
        if (optimum === Infinity) expect(result.incumbent).toBeNull();
        else {
          expect(result.incumbent?.cost).toBeCloseTo(optimum, 9);
          expect(result.bound).toBeCloseTo(optimum, 9);
        }
      }
    });
  }

  it('cut short by the work budget: not complete, and the bound still below the optimum', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const c = smallCase(seed);
      const optimum = bruteForce(c);
      const result = await enumerateCapacitatedSiteSets(c.instance, createCapacitatedLocalSearch(c.instance), null, new WorkBudget({ workLimit: 500 }), { lagrangianSteps: 60, maxNodes: 10_000 });
      expect(result.complete).toBe(false);
      expect(result.bound).toBeLessThanOrEqual(optimum + 1e-6);
    }
  });

  it('counts the allowed site sets (exactly p of the free sites with the fixed ones; at most p; any non-empty set)', () => {
    expect(countCapacitatedSiteSets(smallCase(3).instance, 1e6)).toBe(6); // 1 fixed, 1 forbidden: C(4, 2)
    expect(countCapacitatedSiteSets(smallCase(1).instance, 1e6)).toBe(6 + 15 + 20); // 1 to 3 of 6
    expect(countCapacitatedSiteSets(smallCase(2).instance, 1e6)).toBe(63); // 2^6 − 1
    expect(countCapacitatedSiteSets(smallCase(2).instance, 10)).toBe(11); // saturates above the limit
  });
});

describe('the capacitated solvers through site-set enumeration', () => {
  for (let seed = 31; seed <= 38; seed++) {
    it(`seed ${seed}: the same proven optimum as the full MILP (maxSiteSets 0)`, async () => {
      const c = smallCase(seed);
      const optimum = bruteForce(c);
      if (optimum === Infinity) return;
      const { instance } = c;
      const problem = sitingProblemFromMatrix(c.minutes, { demandWeights: c.weights });
      const fixedSites = [...instance.siteStatus.keys()].filter((j) => instance.siteStatus[j] === 1);
      const forbiddenSites = [...instance.siteStatus.keys()].filter((j) => instance.siteStatus[j] === -1);
      const common = { demands: Array.from(instance.demands), capacities: Array.from(instance.capacities), fixedSites, forbiddenSites, mode: 'exact' as const, workLimit: 1e9 };
      const solve = (maxSiteSets: number) =>
        instance.exactSiteCount
          ? solveCapacitatedPMedian(problem, { ...common, siteCount: instance.openCount as number, maxSiteSets })
          : solveCapacitatedFacilityLocation(problem, { ...common, openingCosts: Array.from(instance.openingCosts), ...(instance.openCount === undefined ? {} : { siteCount: instance.openCount }), maxSiteSets });
      const enumerated = await solve(2000);
      const milp = await solve(0);
      expect(enumerated.solver).toContain('site-sets');
      expect(milp.solver).not.toContain('site-sets');
      for (const result of [enumerated, milp]) {
        expect(result.status).toBe('optimal');
        expect(result.objective).toBeCloseTo(optimum, 6);
        expect(result.bound).toBeLessThanOrEqual(result.objective + 1e-9);
        expect(result.gap).toBeLessThan(1e-9);
      }
    });
  }
});

describe('the capacitated p-median through site-set enumeration, cut short', () => {
  it('a budget too small to bound one set: still an answer (from the starts), feasible, with a bound at or below the optimum', async () => {
    for (const seed of [3, 6, 9, 12, 15, 18]) {
      const c = smallCase(seed);
      const optimum = bruteForce(c);
      if (optimum === Infinity) continue;
      const { instance } = c;
      const problem = sitingProblemFromMatrix(c.minutes, { demandWeights: c.weights });
      const fixedSites = [...instance.siteStatus.keys()].filter((j) => instance.siteStatus[j] === 1);
      const forbiddenSites = [...instance.siteStatus.keys()].filter((j) => instance.siteStatus[j] === -1);
      const common = { demands: Array.from(instance.demands), capacities: Array.from(instance.capacities), fixedSites, forbiddenSites, siteCount: instance.openCount as number, mode: 'exact' as const };
      const full = await solveCapacitatedPMedian(problem, { ...common, workLimit: 1e9 });
      expect(full.status).toBe('optimal');
      expect(full.objective).toBeCloseTo(optimum, 9);
      for (const workLimit of [1, 200, 2000]) {
        let result;
        try {
          result = await solveCapacitatedPMedian(problem, { ...common, workLimit });
        } catch (error) {
          // No start found an answer within the budget: said so, not passed off as infeasible.
          expect(String(error)).toMatch(/E_INFEASIBLE.*not proven infeasible/);
          continue;
        }
        expect(result.stoppedBy === 'budget' || result.status === 'optimal').toBe(true);
        if (result.status !== 'optimal') expect(result.status).toBe('feasible');
        expect(result.objective).toBeGreaterThanOrEqual(optimum - 1e-9);
        expect(result.bound).toBeLessThanOrEqual(optimum + 1e-9);
        const assignment = result.details?.assignment as number[];
        const load = new Float64Array(instance.siteCount);
        let total = 0;
        assignment.forEach((j, i) => {
          expect(result.selectedSites).toContain(j);
          load[j] += instance.demands[i];
          total += instance.cost[i * instance.siteCount + j];
        });
        for (let j = 0; j < instance.siteCount; j++) expect(load[j]).toBeLessThanOrEqual(instance.capacities[j] + 1e-9);
        expect(total).toBeCloseTo(result.objective, 9);
      }
    }
  });
});

describe('the enumeration options at the public entry points', () => {
  it('refuses a site-set limit above MAX_SITE_SETS, or any of them negative, fractional or not a number, before any work (E_OPTION naming the field)', async () => {
    const problem = sitingProblemFromMatrix([[1, 2], [2, 1]], { demandWeights: [1, 1] });
    const common = { demands: [1, 1], capacities: [2, 2], siteCount: 1 };
    const bad: Array<[string, number]> = [['maxSiteSets', MAX_SITE_SETS + 1], ['maxSiteSets', 1e12], ['maxSiteSets', -1], ['maxSiteSets', Number.NaN], ['siteSetMaxNodes', 2.5], ['siteSetMaxNodes', Infinity], ['siteSetLagrangianSteps', -3]];
    for (const [field, value] of bad) {
      await expect(solveCapacitatedPMedian(problem, { ...common, [field]: value }), `${field} ${value}`).rejects.toThrow(new RegExp(`E_OPTION.*${field} must be a whole number`));
    }
    const result = await solveCapacitatedPMedian(problem, { ...common, maxSiteSets: MAX_SITE_SETS, siteSetMaxNodes: 0, siteSetLagrangianSteps: 0 });
    expect(result.status).toBe('optimal');
    expect(result.objective).toBe(3); // one depot serves both points: 1 + 2
  });
});
