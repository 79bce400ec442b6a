import { AirreachError } from '../../errors.js';
import { createRandom } from '../../random.js';
import { resolveOptions } from '../../resolveOptions.js';
import { finishResult } from '../kernel/finishResult.js';
import { budgetOf, type SolveBudgetOptions } from '../kernel/workBudget.js';
import { evaluatePMedian } from '../../models/pMedian.js';
import type { SitingProblem, SolveResult } from '../../models/sitingProblem.js';
import { buildPMedianCosts } from './buildPMedianCosts.js';
import { createPMedianLocalSearch } from './createPMedianLocalSearch.js';
import { buildPMedianCore } from './buildPMedianCore.js';
import { DEFAULT_P_MEDIAN_LAGRANGIAN_OPTIONS, createPMedianLagrangian } from './createPMedianLagrangian.js';
import { resolvePSiteRules } from '../kernel/resolvePSiteRules.js';
import { checkProblemTotals } from '../kernel/checkProblemTotals.js';
import { DEFAULT_SOLVE_MEMORY_BYTES, solveMemoryFit } from '../kernel/estimateSolveSize.js';
import { raiseMemoryBudgetHint } from '../../raiseMemoryBudgetHint.js';
import { memorySizeText } from '../../memorySizeText.js';

/** Options of {@link solvePMedian}. */
export interface SolvePMedianOptions extends SolveBudgetOptions {
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
  /** Random restarts of the interchange besides the greedy start (0 by default: starts from the Lagrangian relaxation do better). */
  restarts?: number;
  /**
   * Cost of a (demand, site) pair a sparse problem does not store. Infinity (default) requires
   * `problem.complete`; a finite value makes unreached demand cost this many minutes.
   */
  unreachableMinutes?: number;
  /** Relative gap at which a non-integral problem counts as solved (integral ones use exact rounding). */
  gapTolerance?: number;
  /** Subgradient steps at the root, in rounds of `rootRoundIterations` with fixing in between. */
  rootIterations?: number;
  rootRoundIterations?: number;
  rootThetaStart?: number;
  rootThetaMin?: number;
  rootStallIterations?: number;
  /** Subgradient steps per branch-and-bound node, warm-started from the parent's multipliers. */
  nodeIterations?: number;
  nodeThetaStart?: number;
  nodeStallIterations?: number;
  /** Dual method at the root and at the nodes (see `PMedianLagrangianOptions.method`). */
  rootMethod?: 'subgradient' | 'volume';
  nodeMethod?: 'subgradient' | 'volume';
  /** Report the root phase's milliseconds in `details.rootMs` (off by default: it makes answers differ run to run). */
  reportTimings?: boolean;
  /**
   * Most memory the solve's own arrays may take, bytes (its dense costs: 40 bytes for every demand
   * point of positive weight and site, and the interchange's sites × sites table), estimated by
   * `estimateSolveSize` before any is allocated; over it the solve is refused with `E_MEMORY_BUDGET`.
   */
  memoryBytes?: number;
}

/** Defaults of {@link solvePMedian}. */
export const DEFAULT_SOLVE_P_MEDIAN_OPTIONS: Required<Omit<SolvePMedianOptions, 'siteCount' | keyof SolveBudgetOptions>> = {
  fixedSites: [],
  forbiddenSites: [],
  mode: 'exact',
  seed: 1,
  restarts: 0,
  unreachableMinutes: Infinity,
  gapTolerance: 1e-9,
  rootIterations: 5000,
  rootRoundIterations: 100,
  rootThetaStart: 0.1,
  rootThetaMin: 1e-3,
  rootStallIterations: 20,
  nodeIterations: 60,
  nodeThetaStart: 0.1,
  nodeStallIterations: 5,
  rootMethod: 'volume',
  nodeMethod: 'volume',
  reportTimings: false,
  memoryBytes: DEFAULT_SOLVE_MEMORY_BYTES,
};

/**
 * Refuses, before the dense costs are allocated, a problem whose solve would take more than
 * `memoryBytes` (`estimateSolveSize`, the estimate `checkSitingBudget` and `parseInstance` refuse
 * on): a library caller without the scenario pipeline met an out-of-memory crash instead.
 */
function checkPMedianMemory(problem: SitingProblem, openCount: number, memoryBytes: number): void {
  if (!(memoryBytes > 0)) {
    throw new AirreachError('E_OPTION', 'memoryBytes must be a number of bytes above 0', { value: memoryBytes, where: { field: 'memoryBytes' }, expected: `bytes, e.g. ${DEFAULT_SOLVE_MEMORY_BYTES} (2 GiB, the default)` });
  }
  // The rows buildPMedianCosts keeps: demand points of positive weight.
  let demandCount = 0;
  for (let i = 0; i < problem.demandCount; i++) if (problem.demandWeights[i] > 0) demandCount++;
  const siteCount = problem.siteCount;
  // The solver's own arrays: the problem's pairs are the caller's, already allocated.
  const over = solveMemoryFit('pMedian', demandCount, siteCount, openCount, memoryBytes);
  if (!over) return;
  const { bytes, sitesThatFit, cellsThatFit } = over;
  const count = (value: number) => value.toLocaleString('en-US');
  const size = memorySizeText;
  throw new AirreachError('E_MEMORY_BUDGET', `a p-median solve of ${count(demandCount)} demand points (of positive weight) and ${count(siteCount)} sites would take about ${size(bytes)}: its dense costs hold every (demand, site) pair (40 bytes a pair), over the memoryBytes budget of ${size(memoryBytes)}`, {
    value: { demandCount, siteCount, bytes, memoryBytes },
    where: { field: 'memoryBytes' },
    expected: `at most ${count(sitesThatFit)} sites for these ${count(demandCount)} demand points, or at most ${count(cellsThatFit)} demand points for ${count(siteCount)} sites`,
    hint: `Pass fewer sites or demand points (a coarser grid), or a larger memoryBytes option (at least ${count(bytes)}); from the CLI, ${raiseMemoryBudgetHint(bytes, { scenario: false })}`,
  });
}

/**
 * Solves the p-median model (see `src/models/pMedian.ts`): least demand-weighted total response
 * minutes with exactly `siteCount` sites.
 *
 * 1. Greedy adding, then fast interchange (Resende & Werneck); optional seeded random restarts.
 * 2. Root: Lagrangian bound on the assignment rows (Beasley 1985), λ started at the incumbent's
 *    service costs, maximised by the volume algorithm (Barahona & Anbil 2000) in rounds; each
 *    round's relaxed open sites seed an interchange. The volume steps reach the LP bound in a
 *    third of the time plain subgradient steps took; on pmed36/39 that bound is still 1 % /
 *    0.6 % below the optimum (both methods level off at the same value), so the tree does the rest.
 * 3. After each round, reduced-cost fixing (a site whose forced opening / closing lifts L past
 *    the incumbent − 1 is closed / opened for good), and when a quarter of the sites closed the
 *    Lagrangian moves to a smaller core (`buildPMedianCore`), so later steps scan short rows.
 * 4. Depth-first branch-and-bound on the core: per node a short warm-started volume run and
 *    fixing, then branching on the free open site of least ρ (closed child first). Volume rather
 *    than subgradient steps at the nodes cut pmed39's tree from 1,542 to 160 nodes.
 *
 * `status` is `optimal` only when the tree was exhausted (bound ≥ incumbent; with integral
 * costs, bound > incumbent − 1). Out of work it is `feasible` with the root bound and gap.
 * Demand points of weight 0 are left out. `objective` is {@link evaluatePMedian}'s total.
 * A problem whose dense costs would pass `memoryBytes` (default 2 GiB) is refused with
 * `E_MEMORY_BUDGET` before they are allocated, naming the sizes and how many would fit.
 *
 * @example
 * const result = solvePMedian(problem, { siteCount: 10, workLimit: 5e9 });
 * console.log(result.objective, result.details?.weightedMeanMinutes, result.status);
 */
export function solvePMedian(problem: SitingProblem, options: SolvePMedianOptions): SolveResult {
  const started = performance.now();
  const settings = resolveOptions(DEFAULT_SOLVE_P_MEDIAN_OPTIONS, options);
  const work = budgetOf(options);
  checkProblemTotals(problem, { weightedMinutes: true, extraMinutes: settings.unreachableMinutes });
  if (!(settings.unreachableMinutes >= 0)) {
    throw new AirreachError('E_OPTION', 'unreachableMinutes must be ≥ 0', { value: settings.unreachableMinutes, where: { field: 'unreachableMinutes' } });
  }
  const rules = resolvePSiteRules(problem, settings.siteCount, settings.fixedSites, settings.forbiddenSites);
  const p = rules.siteCount;
  checkPMedianMemory(problem, p, settings.memoryBytes);
  const costs = buildPMedianCosts(problem, settings.unreachableMinutes);
  const m = costs.siteCount;
  work.spend(costs.demandCount * m * Math.max(1, Math.log2(m)));
  const status = Int8Array.from(rules.siteStatus);
  const search = createPMedianLocalSearch(costs, status, { workBudget: work });
  // Each demand point at its nearest allowed site: a lower bound that costs one pass.
  let nearestBound = 0;
  for (let i = 0; i < costs.demandCount; i++) {
    for (let k = i * m; k < (i + 1) * m; k++) {
      if (status[costs.order[k]] !== -1) {
        nearestBound += costs.sortedCost[k];
        break;
      }
    }
  }

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
  for (let r = 0; r < settings.restarts && work.canContinue(); r++) {
    const pool = [...freeSites];
    const start = [...rules.fixedSites];
    while (start.length < p) start.push(pool.splice(random.int(0, pool.length - 1), 1)[0]);
    tryStart(start.sort((a, b) => a - b));
  }

  const cutoff = () =>
    costs.integral ? incumbent.cost - 1 + 1e-6 : incumbent.cost - settings.gapTolerance * Math.max(Math.abs(incumbent.cost), 1e-9);
  const roundBound = (bound: number) => (costs.integral ? Math.ceil(bound - 1e-6) : bound);
  const runOptions = (maxIterations: number, thetaStart: number, stallIterations: number, method: 'subgradient' | 'volume') =>
    resolveOptions(DEFAULT_P_MEDIAN_LAGRANGIAN_OPTIONS, {
      method,
      maxIterations,
      thetaStart,
      stallIterations,
      cutoff: cutoff(),
      upperBound: incumbent.cost,
      workBudget: work,
    });

  // λ_i starts at the incumbent's service cost of demand i: L(λ) is then close to the incumbent.
  const lambda = evaluateCosts(costs, incumbent.sites);
  // B&B statuses live on the core (sites not yet closed for good); the local search keeps the
  // user's rules only, so that it can still start from any site set.
  const keep = new Uint8Array(m);
  for (let j = 0; j < m; j++) keep[j] = status[j] === -1 ? 0 : 1;
  let core = buildPMedianCore(costs, keep);
  let engine = createPMedianLagrangian(core);
  let coreStatus = new Int8Array(core.siteCount);
  for (let k = 0; k < core.siteCount; k++) coreStatus[k] = status[core.sites[k]];
  const tryCoreOpen = (open: Uint8Array) => {
    const sites: number[] = [];
    for (let k = 0; k < core.siteCount; k++) if (open[k] === 1) sites.push(core.sites[k]);
    tryStart(sites);
  };

  // Root: subgradient rounds; after each, fix by reduced cost and shrink the core when a
  // quarter of it closed, so that later steps scan shorter rows.
  let rootBound = -Infinity;
  let lagrangianIterations = 0;
  let theta = settings.rootThetaStart;
  let complete = false;
  let rounds = 0;
  while (work.canContinue() && lagrangianIterations < settings.rootIterations) {
    const root = engine.run(coreStatus, p, lambda, runOptions(settings.rootRoundIterations, theta, settings.rootStallIterations, settings.rootMethod));
    lagrangianIterations += root.iterations;
    theta = root.theta;
    rounds++;
    rootBound = Math.max(rootBound, root.bound);
    tryCoreOpen(root.open);
    if (root.exact) {
      rootBound = Math.max(rootBound, Math.min(root.bound, incumbent.cost));
      complete = true;
      break;
    }
    if (root.bound > cutoff()) {
      complete = true;
      break;
    }
    engine.fix(coreStatus, p, cutoff());
    let closed = 0;
    for (let k = 0; k < core.siteCount; k++) if (coreStatus[k] === -1) closed++;
    if (closed * 4 >= core.siteCount) {
      keep.fill(0);
      for (let k = 0; k < core.siteCount; k++) if (coreStatus[k] !== -1) keep[core.sites[k]] = 1;
      const next = buildPMedianCore(costs, keep);
      const nextStatus = new Int8Array(next.siteCount);
      for (let k = 0, at = 0; k < core.siteCount; k++) if (coreStatus[k] !== -1) nextStatus[at++] = coreStatus[k];
      core = next;
      coreStatus = nextStatus;
      engine = createPMedianLagrangian(core);
    }
    if (theta < settings.rootThetaMin) break;
  }
  let nodes = 1;
  const rootMs = performance.now() - started;
  const rootCoreSites = core.siteCount;
  let rootFree = 0;
  for (let k = 0; k < core.siteCount; k++) if (coreStatus[k] === 0) rootFree++;

  if (!complete && settings.mode === 'exact' && work.canContinue()) {
    let timedOut = false;
    const mc = core.siteCount;
    const evaluateForced = (nodeStatus: Int8Array, fixedIn: number) => {
      const sites: number[] = [];
      for (let k = 0; k < mc; k++) if (nodeStatus[k] === 1 || (fixedIn < p && nodeStatus[k] === 0)) sites.push(core.sites[k]);
      const value = search.costOf(sites);
      if (value < incumbent.cost) incumbent = { sites: sites.sort((a, b) => a - b), cost: value };
    };
    // Depth-first; each node: subgradient from the parent's λ, fixing, then two children on one site.
    const explore = (nodeStatus: Int8Array, nodeLambda: Float64Array) => {
      if (!work.spend(mc)) {
        timedOut = true;
        return;
      }
      nodes++;
      const result = engine.run(nodeStatus, p, nodeLambda, runOptions(settings.nodeIterations, settings.nodeThetaStart, settings.nodeStallIterations, settings.nodeMethod));
      lagrangianIterations += result.iterations;
      if (result.exact) {
        tryCoreOpen(result.open);
        return;
      }
      if (result.bound > cutoff()) return;
      engine.fix(nodeStatus, p, cutoff());
      let fixedIn = 0;
      let freeCount = 0;
      for (let k = 0; k < mc; k++) {
        if (nodeStatus[k] === 1) fixedIn++;
        else if (nodeStatus[k] === 0) freeCount++;
      }
      if (fixedIn > p || fixedIn + freeCount < p) return;
      if (fixedIn === p || fixedIn + freeCount === p) {
        evaluateForced(nodeStatus, fixedIn);
        return;
      }
      // Branch on the free site the relaxation opens with the least ρ: closing it moves the bound most.
      let branchSite = -1;
      for (let k = 0; k < mc; k++) {
        if (nodeStatus[k] !== 0 || result.open[k] === 0) continue;
        if (branchSite === -1 || result.rho[k] < result.rho[branchSite]) branchSite = k;
      }
      if (branchSite === -1) for (let k = 0; k < mc && branchSite === -1; k++) if (nodeStatus[k] === 0) branchSite = k;
      for (const value of [-1, 1] as const) {
        const childStatus = Int8Array.from(nodeStatus);
        childStatus[branchSite] = value;
        explore(childStatus, Float64Array.from(nodeLambda));
        if (timedOut) return;
      }
    };
    explore(coreStatus.slice(), lambda);
    complete = !timedOut;
  }

  const evaluation = evaluatePMedian(problem, incumbent.sites, { unreachableMinutes: settings.unreachableMinutes });
  const reportedRootBound = Number.isFinite(rootBound) ? roundBound(rootBound) : nearestBound;
  return finishResult({
    model: 'pMedian',
    sense: 'minimize',
    objective: evaluation.totalWeightedMinutes,
    bound: roundBound(rootBound),
    trivialBound: nearestBound,
    proven: complete,
    selectedSites: incumbent.sites,
    siteCount: p,
    solver: settings.mode === 'exact' ? 'greedy+interchange+lagrangian-bb' : 'greedy+interchange+lagrangian',
    started,
    budget: work,
    details: {
      weightedMeanMinutes: evaluation.weightedMeanMinutes,
      unreachedDemandCount: evaluation.unreachedDemandCount,
      rootBound: reportedRootBound,
      nodes,
      rounds,
      ...(settings.reportTimings ? { rootMs: Math.round(rootMs) } : {}),
      rootCoreSites,
      rootFree,
      lagrangianIterations,
    },
  });
}

/** Per demand: cost to the nearest of `sites`. */
function evaluateCosts(costs: { demandCount: number; siteCount: number; cost: Float64Array }, sites: readonly number[]): Float64Array {
  const { demandCount: n, siteCount: m, cost } = costs;
  const out = new Float64Array(n).fill(Infinity);
  for (let i = 0; i < n; i++) for (const s of sites) if (cost[i * m + s] < out[i]) out[i] = cost[i * m + s];
  return out;
}
