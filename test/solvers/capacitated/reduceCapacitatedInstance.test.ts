import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/random.js';
import { sitingProblemFromMatrix } from '../../../src/models/sitingProblemFromMatrix.js';
import { buildCapacitatedInstance, type CapacitatedInstance } from '../../../src/solvers/capacitated/buildCapacitatedInstance.js';
import { capacitatedLagrangian } from '../../../src/solvers/capacitated/capacitatedLagrangian.js';
import { createCapacitatedLocalSearch, type CapacitatedSolution } from '../../../src/solvers/capacitated/createCapacitatedLocalSearch.js';
import { reduceCapacitatedInstance } from '../../../src/solvers/capacitated/reduceCapacitatedInstance.js';
import { buildCapacitatedMilp, readCapacitatedMilp } from '../../../src/solvers/capacitated/buildCapacitatedMilp.js';
import { solveMilp } from '../../../src/solvers/milp/solveMilp.js';
import { solveCapacitatedPMedian } from '../../../src/solvers/capacitated/solveCapacitatedPMedian.js';

interface Case {
  instance: CapacitatedInstance;
  label: string;
}

/**
 * A random tiny instance: points in a square, some pairs missing, integral or fractional demands
 * (the Lagrangian solves integral knapsacks exactly, fractional ones by their LP), a count rule
 * (exactly p with a fixed site, at most p, or free) and opening costs for facility location.
 */
function tinyCase(seed: number): Case {
  const random = createRandom(seed);
  const n = 7;
  const m = 5;
  const point = () => [random.int(0, 100), random.int(0, 100)];
  const demandPoints = Array.from({ length: n }, point);
  const sitePoints = Array.from({ length: m }, point);
  const minutes = demandPoints.map(([x, y]) => sitePoints.map(([u, v]) => (random.float() < 0.15 ? Infinity : Math.round(Math.hypot(x - u, y - v) * 10) / 10)));
  for (const row of minutes) if (row.every((t) => t === Infinity)) row[0] = 50;
  const fractional = seed % 2 === 0;
  const demands = Float64Array.from({ length: n }, () => (fractional ? 0.5 + random.float() * 8 : random.int(1, 9)));
  const total = demands.reduce((a, b) => a + b, 0);
  const capacities = Float64Array.from({ length: m }, () => random.int(Math.ceil(total / 4), Math.ceil(total / 1.6)));
  const weights = demandPoints.map(() => random.int(1, 3));
  const problem = sitingProblemFromMatrix(minutes, { demandWeights: weights });
  const kind = seed % 3;
  const siteStatus = new Int8Array(m);
  if (kind === 0) siteStatus[seed % m] = 1;
  const openingCosts = kind === 0 ? new Float64Array(m) : Float64Array.from({ length: m }, () => random.int(0, 150));
  const openCount = kind === 0 ? 3 : kind === 1 ? 3 : undefined;
  const instance = buildCapacitatedInstance(problem, demands, capacities, openingCosts, siteStatus, openCount, kind === 0);
  return { instance, label: `seed ${seed}: ${['exactly 3 sites, one fixed', 'at most 3 sites, opening costs', 'free count, opening costs'][kind]}, ${fractional ? 'fractional' : 'integral'} demands` };
}

/**
 * Every feasible solution of `instance` (site set by its count rule × single-source assignment
 * within capacity), passed to `visit` with its open sites and assignment. No pruning: the test
 * checks a claim about every solution.
 */
function everySolution(instance: CapacitatedInstance, visit: (sites: number[], assignment: Int32Array, cost: number) => void): void {
  const { demandCount: n, siteCount: m, cost, demands, capacities, openingCosts, siteStatus } = instance;
  for (let mask = 1; mask < 1 << m; mask++) {
    const sites = [...Array(m).keys()].filter((j) => mask & (1 << j));
    if (sites.some((j) => siteStatus[j] === -1)) continue;
    if ([...Array(m).keys()].some((j) => siteStatus[j] === 1 && !sites.includes(j))) continue;
    if (instance.openCount !== undefined && (instance.exactSiteCount ? sites.length !== instance.openCount : sites.length > instance.openCount)) continue;
    const opening = sites.reduce((a, j) => a + openingCosts[j], 0);
    const load = new Float64Array(m);
    const assignment = new Int32Array(n);
    const walk = (i: number, total: number) => {
      if (i === n) {
        visit(sites, assignment, total + opening);
        return;
      }
      for (const j of sites) {
        if (cost[i * m + j] === Infinity || load[j] + demands[i] > capacities[j] + 1e-9) continue;
        load[j] += demands[i];
        assignment[i] = j;
        walk(i + 1, total + cost[i * m + j]);
        load[j] -= demands[i];
      }
    };
    walk(0, 0);
  }
}

/** The least-cost solution by enumeration (null when none is feasible). */
function optimumOf(instance: CapacitatedInstance): CapacitatedSolution | null {
  let best: CapacitatedSolution | null = null;
  everySolution(instance, (sites, assignment, cost) => {
    if (best === null || cost < best.cost - 1e-9) best = { sites: [...sites], assignment: Int32Array.from(assignment), cost };
  });
  return best;
}

describe('reduceCapacitatedInstance: Lagrangian reduced-cost fixing against enumeration', () => {
  for (let seed = 1; seed <= 18; seed++) {
    const tiny = tinyCase(seed);
    it(`${tiny.label}: every solution it drops costs at least droppedBound > the incumbent; the optimum survives`, () => {
      const { instance } = tiny;
      const optimum = optimumOf(instance);
      if (optimum === null) return;
      const search = createCapacitatedLocalSearch(instance);
      // Fixing with a poor incumbent (a fixed site set's assignment), a good one (the optimum), after few and many steps.
      const incumbents: CapacitatedSolution[] = [optimum];
      let worst: CapacitatedSolution | null = null;
      everySolution(instance, (sites, assignment, cost) => {
        if (worst === null || cost > worst.cost) worst = { sites: [...sites], assignment: Int32Array.from(assignment), cost };
      });
      if (worst !== null) incumbents.push(worst);
      const polished = search.solveSites(optimum.sites);
      if (polished !== null) incumbents.push(polished);
      let droppedSomething = false;
      for (const incumbent of incumbents) {
        for (const steps of [5, 50, 600]) {
          const lagrangian = capacitatedLagrangian(instance, { maxIterations: steps, upperBound: () => incumbent.cost });
          const reduction = reduceCapacitatedInstance(instance, lagrangian.lambda, incumbent);
          const kept = reduction.instance;
          expect(reduction.bound).toBeLessThanOrEqual(optimum.cost + 1e-6);
          // With LP knapsacks the Lagrangian computes the same L at its best multipliers.
          if (!lagrangian.exactKnapsacks) expect(reduction.bound).toBeCloseTo(lagrangian.bound, 6);
          // The incumbent lies in the reduced instance.
          for (const j of incumbent.sites) expect(kept.siteStatus[j]).toBe(instance.siteStatus[j]);
          for (let i = 0; i < instance.demandCount; i++) expect(kept.cost[i * instance.siteCount + incumbent.assignment[i]]).toBe(instance.cost[i * instance.siteCount + incumbent.assignment[i]]);
          let outside = 0;
          let inside = 0;
          everySolution(instance, (sites, assignment, cost) => {
            const m = instance.siteCount;
            const usesDropped = sites.some((j) => kept.siteStatus[j] === -1) || Array.from(assignment).some((j, i) => kept.cost[i * m + j] === Infinity);
            if (usesDropped) {
              outside++;
              expect(cost).toBeGreaterThanOrEqual(reduction.droppedBound - 1e-6);
              expect(cost).toBeGreaterThan(incumbent.cost);
            } else inside++;
          });
          expect(outside + inside).toBeGreaterThan(0);
          if (outside > 0) droppedSomething = true;
          expect(reduction.pairsDropped).toBe(instance.nearSites.length - kept.nearSites.length);
          // The reduced instance's optimum is the full one.
          expect(optimumOf(kept)?.cost).toBeCloseTo(optimum.cost, 9);
        }
      }
      // Good incumbents and 600 steps must drop something on these instances, or the test proves nothing.
      expect(droppedSomething).toBe(true);
    });
  }

  it('HiGHS on the reduced MILP reaches the unreduced MILP optimum (fractional demands, exact count)', async () => {
    for (const seed of [2, 6, 12]) {
      const { instance } = tinyCase(seed);
      const full = buildCapacitatedMilp(instance);
      const fullResult = await solveMilp(full.model);
      const search = createCapacitatedLocalSearch(instance);
      const start = optimumOf(instance) as CapacitatedSolution;
      const incumbent = search.solveSites(start.sites) ?? start;
      const lagrangian = capacitatedLagrangian(instance, { maxIterations: 300, upperBound: () => incumbent.cost });
      const reduction = reduceCapacitatedInstance(instance, lagrangian.lambda, incumbent);
      const milp = buildCapacitatedMilp(reduction.instance, incumbent);
      const result = await solveMilp(milp.model, { initialSolution: milp.startValues });
      expect(result.status).toBe('optimal');
      expect(fullResult.status).toBe('optimal');
      expect(result.objective).toBeCloseTo(fullResult.objective, 6);
      expect(readCapacitatedMilp(reduction.instance, milp, result.columnValues as Float64Array).cost).toBeCloseTo(fullResult.objective, 6);
    }
  });

  it('the exact solver says how much it dropped, and stays proven optimal', async () => {
    const { instance } = tinyCase(6);
    const optimum = optimumOf(instance) as CapacitatedSolution;
    const minutes = Array.from({ length: instance.demandCount }, (_, i) => Array.from({ length: instance.siteCount }, (_, j) => instance.cost[i * instance.siteCount + j]));
    const problem = sitingProblemFromMatrix(minutes);
    const result = await solveCapacitatedPMedian(problem, { siteCount: 3, demands: instance.demands, capacities: instance.capacities, fixedSites: [6 % 5], mode: 'exact', timeLimitSeconds: 20 });
    expect(result.status).toBe('optimal');
    expect(result.objective).toBeCloseTo(optimum.cost, 6);
    expect(result.bound).toBeLessThanOrEqual(result.objective + 1e-9);
    if (String(result.solver).includes('fixing')) expect(typeof result.details?.milpPairsDropped).toBe('number');
  });
});
