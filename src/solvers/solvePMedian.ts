import { AirreachError } from '../errors.js';
import { createRandom } from '../random.js';
import { evaluatePMedian } from '../models/pMedian.js';
import type { SitingProblem, SolveResult } from '../models/sitingProblem.js';
import { buildPMedianCosts } from './pMedianCosts.js';
import { createPMedianLocalSearch } from './pMedianInterchange.js';
import { DEFAULT_P_MEDIAN_LAGRANGIAN_OPTIONS, pMedianLagrangian } from './pMedianLagrangian.js';
import { resolvePSiteRules } from './resolvePSiteRules.js';

/** Options of {@link solvePMedian}. */
export interface SolvePMedianOptions {
  /** p: how many sites to open in total (fixed sites included). Required. */
  siteCount: number;
  fixedSites?: readonly number[];
  forbiddenSites?: readonly number[];
  /**
   * `exact`: branch-and-bound on the Lagrangian bound until proven or out of time;
   * `heuristic`: greedy + interchange + root bound only.
   */
  mode?: 'exact' | 'heuristic';
  /** Seed of the random restarts. */
  seed?: number;
  /** Random restarts of the interchange besides the greedy start. */
  restarts?: number;
  timeLimitSeconds?: number;
  /**
   * Cost of a (demand, site) pair a sparse problem does not store. Infinity (default) requires
   * `problem.complete`; a finite value makes unreached demand cost this many minutes.
   */
  unreachableMinutes?: number;
  /** Relative gap at which a non-integral problem counts as solved (integral ones use exact rounding). */
  gapTolerance?: number;
}

/** Defaults of {@link solvePMedian}. */
export const DEFAULT_SOLVE_P_MEDIAN_OPTIONS: Required<Omit<SolvePMedianOptions, 'siteCount'>> = {
  fixedSites: [],
  forbiddenSites: [],
  mode: 'exact',
  seed: 1,
  restarts: 2,
  timeLimitSeconds: 60,
  unreachableMinutes: Infinity,
  gapTolerance: 1e-9,
};

/**
 * Solves the p-median model (see `src/models/pMedian.ts`): least demand-weighted total response
 * minutes with exactly `siteCount` sites.
 *
 * 1. Greedy adding, then fast interchange (Resende & Werneck) from it and from seeded random starts.
 * 2. Lagrangian bound on the assignment rows with subgradient steps (Beasley 1985); the
 *    relaxation's open sites seed further interchanges.
 * 3. Reduced-cost fixing: a site whose forced opening (closing) lifts the bound past the
 *    incumbent is closed (opened) for good.
 * 4. Depth-first branch-and-bound on the open/closed state of one site, warm-started multipliers.
 *
 * `status` is `optimal` only when the tree was exhausted (bound ≥ incumbent; with integral
 * costs, bound > incumbent − 1). Out of time it is `feasible` with the root bound and gap.
 * Demand points of weight 0 are left out. `objective` is {@link evaluatePMedian}'s total.
 *
 * @example
 * const result = solvePMedian(problem, { siteCount: 10, timeLimitSeconds: 30 });
 * console.log(result.objective, result.details?.weightedMeanMinutes, result.status);
 */
export function solvePMedian(problem: SitingProblem, options: SolvePMedianOptions): SolveResult {
  const started = performance.now();
  const settings = { ...DEFAULT_SOLVE_P_MEDIAN_OPTIONS, ...options };
  if (!(settings.timeLimitSeconds > 0)) {
    throw new AirreachError('E_OPTION', 'timeLimitSeconds must be positive', { value: settings.timeLimitSeconds, where: { field: 'timeLimitSeconds' } });
  }
  if (!(settings.unreachableMinutes >= 0)) {
    throw new AirreachError('E_OPTION', 'unreachableMinutes must be ≥ 0', { value: settings.unreachableMinutes, where: { field: 'unreachableMinutes' } });
  }
  const rules = resolvePSiteRules(problem, settings.siteCount, settings.fixedSites, settings.forbiddenSites);
  const p = rules.siteCount;
  const deadline = started + settings.timeLimitSeconds * 1000;
  const costs = buildPMedianCosts(problem, settings.unreachableMinutes);
  const { demandCount: n, siteCount: m } = costs;
  const status = Int8Array.from(rules.siteStatus);
  const search = createPMedianLocalSearch(costs, status);

  let incumbent = search.improve(search.greedy(p));
  const tried = new Set<string>();
  const tryStart = (sites: number[]) => {
    const key = sites.join(',');
    if (tried.has(key)) return;
    tried.add(key);
    const candidate = search.improve(sites);
    if (candidate.cost < incumbent.cost) incumbent = candidate;
  };
  const random = createRandom(settings.seed);
  const freeSites: number[] = [];
  for (let j = 0; j < m; j++) if (status[j] === 0) freeSites.push(j);
  for (let r = 0; r < settings.restarts && performance.now() < deadline; r++) {
    const pool = [...freeSites];
    const start = [...rules.fixedSites];
    while (start.length < p) start.push(pool.splice(random.int(0, pool.length - 1), 1)[0]);
    tryStart(start.sort((a, b) => a - b));
  }

  const cutoff = () =>
    costs.integral ? incumbent.cost - 1 + 1e-6 : incumbent.cost - settings.gapTolerance * Math.max(Math.abs(incumbent.cost), 1e-9);
  const lagrangianOptions = (maxIterations: number, thetaStart: number) => ({
    ...DEFAULT_P_MEDIAN_LAGRANGIAN_OPTIONS,
    maxIterations,
    thetaStart,
    cutoff: cutoff(),
    upperBound: incumbent.cost,
    deadline,
    onSites: tryStart,
  });
  const roundBound = (bound: number) => (costs.integral ? Math.ceil(bound - 1e-6) : bound);

  // λ_i starts at the incumbent's service cost of demand i: a feasible dual-like point.
  const lambda = new Float64Array(n);
  {
    const evaluation = evaluateCosts(costs, incumbent.sites);
    lambda.set(evaluation);
  }
  const root = pMedianLagrangian(costs, status, p, lambda, lagrangianOptions(DEFAULT_P_MEDIAN_LAGRANGIAN_OPTIONS.maxIterations, 2));
  const rootBound = roundBound(root.bound);
  let nodes = 1;
  let lagrangianIterations = root.iterations;
  let complete = root.bound > cutoff() || root.exact;
  if (root.exact) tryStart(root.sites);

  if (!complete && settings.mode === 'exact') {
    fixByReducedCost(root.bound, root.rho, status, p, cutoff());
    let timedOut = false;
    const explore = (nodeStatus: Int8Array, nodeLambda: Float64Array, bound: number, rho: Float64Array, sites: number[]) => {
      if (timedOut) return;
      fixByReducedCost(bound, rho, nodeStatus, p, cutoff());
      let fixedIn = 0;
      let freeCount = 0;
      for (let j = 0; j < m; j++) {
        if (nodeStatus[j] === 1) fixedIn++;
        else if (nodeStatus[j] === 0) freeCount++;
      }
      if (fixedIn > p || fixedIn + freeCount < p) return;
      if (fixedIn === p || fixedIn + freeCount === p) {
        const forced: number[] = [];
        for (let j = 0; j < m; j++) if (nodeStatus[j] === 1 || (fixedIn < p && nodeStatus[j] === 0)) forced.push(j);
        tryStart(forced);
        return;
      }
      // Branch on the weakest open free site of the relaxation: the one whose status is least settled.
      let branchSite = -1;
      for (const j of sites) if (nodeStatus[j] === 0 && (branchSite === -1 || rho[j] > rho[branchSite])) branchSite = j;
      if (branchSite === -1) for (let j = 0; j < m; j++) if (nodeStatus[j] === 0 && (branchSite === -1 || rho[j] < rho[branchSite])) branchSite = j;
      for (const value of [1, -1] as const) {
        if (performance.now() > deadline) {
          timedOut = true;
          return;
        }
        const childStatus = Int8Array.from(nodeStatus);
        childStatus[branchSite] = value;
        const childLambda = Float64Array.from(nodeLambda);
        const child = pMedianLagrangian(costs, childStatus, p, childLambda, { ...lagrangianOptions(400, 0.5), stallIterations: 20 });
        nodes++;
        lagrangianIterations += child.iterations;
        if (child.exact) tryStart(child.sites);
        if (child.bound > cutoff() || child.exact) continue;
        explore(childStatus, childLambda, child.bound, child.rho, child.sites);
        if (timedOut) return;
      }
    };
    explore(status.slice(), lambda, root.bound, root.rho, root.sites);
    complete = !timedOut && performance.now() <= deadline;
  }

  const evaluation = evaluatePMedian(problem, incumbent.sites, { unreachableMinutes: settings.unreachableMinutes });
  const objective = evaluation.totalWeightedMinutes;
  const bound = complete ? objective : Math.min(rootBound, objective);
  const gap = Math.abs(objective - bound) / Math.max(Math.abs(objective), 1e-9);
  return {
    model: 'pMedian',
    status: complete ? 'optimal' : 'feasible',
    objective,
    bound,
    gap,
    selectedSites: incumbent.sites,
    runtimeMs: performance.now() - started,
    solver: settings.mode === 'exact' ? 'greedy+interchange+lagrangian-bb' : 'greedy+interchange+lagrangian',
    details: {
      weightedMeanMinutes: evaluation.weightedMeanMinutes,
      unreachedDemandCount: evaluation.unreachedDemandCount,
      rootBound,
      nodes,
      lagrangianIterations,
    },
  };
}

/** Per demand: cost to the nearest of `sites`. */
function evaluateCosts(costs: { demandCount: number; siteCount: number; cost: Float64Array }, sites: readonly number[]): Float64Array {
  const { demandCount: n, siteCount: m, cost } = costs;
  const out = new Float64Array(n).fill(Infinity);
  for (let i = 0; i < n; i++) for (const s of sites) if (cost[i * m + s] < out[i]) out[i] = cost[i * m + s];
  return out;
}

/**
 * Reduced-cost fixing with the relaxation's ρ: opening a closed free site j instead of the
 * worst open free one raises L by ρ_j − ρ_last; closing an open free one raises it by
 * ρ_next − ρ_j. When that lifts L past the cutoff, the other value is forced.
 */
function fixByReducedCost(bound: number, rho: Float64Array, status: Int8Array, p: number, cutoff: number): void {
  const free: number[] = [];
  let fixedIn = 0;
  for (let j = 0; j < status.length; j++) {
    if (status[j] === 0) free.push(j);
    else if (status[j] === 1) fixedIn++;
  }
  const toOpen = p - fixedIn;
  if (toOpen <= 0 || toOpen >= free.length) return;
  free.sort((a, b) => rho[a] - rho[b] || a - b);
  const lastIn = rho[free[toOpen - 1]];
  const firstOut = rho[free[toOpen]];
  for (let k = 0; k < free.length; k++) {
    const j = free[k];
    if (k < toOpen) {
      if (bound - rho[j] + firstOut > cutoff) status[j] = 1;
    } else if (bound + rho[j] - lastIn > cutoff) {
      status[j] = -1;
    }
  }
}
