import { AirreachError } from '../../errors.js';
import { createRandom } from '../../random.js';
import { resolveOptions } from '../../resolveOptions.js';
import { finishResult, infeasibleResult as infeasibleSolveResult } from '../kernel/finishResult.js';
import { budgetOf, type SolveBudgetOptions, type WorkBudget } from '../kernel/workBudget.js';
import type { CapacitatedData } from '../../models/capacitatedPMedian.js';
import type { ModelName, SitingProblem, SolveResult } from '../../models/sitingProblem.js';
import { buildCapacitatedInstance } from './buildCapacitatedInstance.js';
import type { CapacitatedInstance } from './buildCapacitatedInstance.js';
import { capacitatedLagrangian } from './capacitatedLagrangian.js';
import { createCapacitatedLocalSearch } from './createCapacitatedLocalSearch.js';
import type { CapacitatedSolution } from './createCapacitatedLocalSearch.js';
import { buildCapacitatedMilp, readCapacitatedMilp, restrictCapacitatedInstance } from './buildCapacitatedMilp.js';
import { countCapacitatedSiteSets, enumerateCapacitatedSiteSets } from './enumerateCapacitatedSiteSets.js';
import { reduceCapacitatedInstance, type CapacitatedReduction } from './reduceCapacitatedInstance.js';
import { buildPMedianCosts } from '../median/buildPMedianCosts.js';
import { createPMedianLocalSearch } from '../median/createPMedianLocalSearch.js';
import { solveMilp } from '../milp/solveMilp.js';
import { checkProblemTotals } from '../kernel/checkProblemTotals.js';
import { DEFAULT_SOLVE_MEMORY_BYTES, solveMemoryFit } from '../kernel/estimateSolveSize.js';
import { memorySizeText } from '../../memorySizeText.js';
import { raiseMemoryBudgetHint } from '../../raiseMemoryBudgetHint.js';

/** Search options shared by the capacitated p-median and facility location solvers. */
export interface CapacitatedSearchOptions extends SolveBudgetOptions {
  fixedSites?: readonly number[];
  forbiddenSites?: readonly number[];
  /**
   * `heuristic`: local search + Lagrangian bound; `exact`: then HiGHS on the MILP (less the
   * pairs and sites Lagrangian reduced-cost fixing rules out) with the work left; `auto`: exact
   * when the model has at most `maxMilpPairs` (demand, site) pairs, else heuristic.
   */
  mode?: 'auto' | 'exact' | 'heuristic';
  /** Share of the work budget the heuristic + bound phase may use before HiGHS starts (exact mode). */
  heuristicShare?: number;
  maxMilpPairs?: number;
  /**
   * After the heuristic, give HiGHS a core MILP (promising sites, each point's nearest pairs)
   * when the full MILP is not run. A polish that may improve the incumbent but proves nothing
   * (the bound stays the Lagrangian one). Off by default: on SJC4a (402 points) HiGHS did not
   * improve the incumbent within 15 s, and the heuristic lost that time.
   */
  coreMilp?: boolean;
  /** Core MILP: sites kept = incumbent ∪ elite solutions ∪ this many × p most often open in the relaxation. */
  coreSiteFactor?: number;
  /** Core MILP: cheapest core sites kept per demand point. */
  corePairsPerDemand?: number;
  lagrangianIterations?: number;
  /**
   * Exact mode on a model with at most this many allowed site sets (few candidates, small p):
   * enumerate them with bounds (`enumerateCapacitatedSiteSets`) instead of the full MILP and the
   * Lagrangian before it. 0 turns it off.
   */
  maxSiteSets?: number;
  /** Subgradient steps of each enumerated site set's capacity Lagrangian (its bound and its repaired answers). */
  siteSetLagrangianSteps?: number;
  /** Branch-and-bound nodes of an enumerated set's assignment before HiGHS takes it instead (0: HiGHS at once). */
  siteSetMaxNodes?: number;
  /**
   * Lagrangian steps when the MILP follows (mode exact, or auto on a small model): there the bound
   * only has to be good enough to drop pairs and sites from the MILP (`reduceCapacitatedInstance`),
   * and HiGHS closes the rest. On the Liaoning depot plan 300 steps dropped as much as 1500.
   */
  milpLagrangianIterations?: number;
  /** Closed sites tried per open site in the median-swap step. */
  swapNeighbours?: number;
  /** Seeded random restarts of the local search besides the greedy start. */
  restarts?: number;
  /**
   * Iterated local search after the bound: perturb the incumbent (move two sites next to random
   * demand points) and search again; stop after this many rounds without improvement.
   */
  idleRounds?: number;
  seed?: number;
  /**
   * Most bytes the solve's own arrays may take (`estimateSolveSize`: the dense costs and their
   * site-major copy, 56 bytes for every (demand point, site) pair, and the p-median start's sites
   * × sites table), checked before any is allocated: `E_MEMORY_BUDGET` over it.
   */
  memoryBytes?: number;
}

/** Most site sets the exact capacitated solve enumerates (`maxSiteSets`): each is listed with its bound before the search. */
export const MAX_SITE_SETS = 100_000;

/** Defaults of {@link CapacitatedSearchOptions}. */
export const DEFAULT_CAPACITATED_SEARCH_OPTIONS = {
  fixedSites: [] as readonly number[],
  forbiddenSites: [] as readonly number[],
  mode: 'auto' as 'auto' | 'exact' | 'heuristic',
  heuristicShare: 0.5,
  maxMilpPairs: 12_000,
  coreMilp: false,
  coreSiteFactor: 2,
  corePairsPerDemand: 8,
  lagrangianIterations: 1500,
  maxSiteSets: 2000,
  siteSetLagrangianSteps: 60,
  siteSetMaxNodes: 10_000,
  milpLagrangianIterations: 300,
  swapNeighbours: 6,
  restarts: 3,
  idleRounds: 30,
  seed: 1,
  memoryBytes: DEFAULT_SOLVE_MEMORY_BYTES,
};

/**
 * Refuses, before the dense costs are allocated, a problem whose solve would take more than
 * `memoryBytes` (`estimateSolveSize`, the estimate `airreach solve`'s `parseInstance` refuses
 * on): a library caller met an out-of-memory crash instead (`buildCapacitatedInstance` allocates
 * demand points × sites numbers twice). The depot plan's own cap (2e7 ground times) keeps it far below.
 */
function checkCapacitatedMemory(problem: SitingProblem, request: CapacitatedSolveRequest, memoryBytes: number): void {
  if (!(memoryBytes > 0)) {
    throw new AirreachError('E_OPTION', 'memoryBytes must be a number of bytes above 0', { value: memoryBytes, where: { field: 'memoryBytes' }, expected: `bytes, e.g. ${DEFAULT_SOLVE_MEMORY_BYTES} (2 GiB, the default)` });
  }
  const { demandCount, siteCount } = problem;
  const openCount = request.siteCount ?? 1;
  const over = solveMemoryFit(request.model, demandCount, siteCount, openCount, memoryBytes);
  if (!over) return;
  const { bytes, sitesThatFit, cellsThatFit: demandsThatFit } = over;
  const count = (value: number) => value.toLocaleString('en-US');
  const name = request.model === 'capacitatedPMedian' ? 'capacitated p-median' : 'capacitated facility location';
  throw new AirreachError('E_MEMORY_BUDGET', `a ${name} solve of ${count(demandCount)} demand points and ${count(siteCount)} sites would take about ${memorySizeText(bytes)}: its dense costs and their site-major copy hold every (demand, site) pair (56 bytes a pair), over the memoryBytes budget of ${memorySizeText(memoryBytes)}`, {
    value: { demandCount, siteCount, bytes, memoryBytes },
    where: { field: 'memoryBytes' },
    expected: `at most ${count(sitesThatFit)} sites for these ${count(demandCount)} demand points, or at most ${count(demandsThatFit)} demand points for ${count(siteCount)} sites`,
    hint: `Pass fewer sites or demand points, or a larger memoryBytes option (at least ${count(bytes)}); from the CLI, ${raiseMemoryBudgetHint(bytes, { scenario: false })}`,
  });
}

/** One capacitated solve, after the public entry points have checked their inputs. */
export interface CapacitatedSolveRequest {
  model: Extract<ModelName, 'capacitatedPMedian' | 'capacitatedFacilityLocation'>;
  data: CapacitatedData;
  openingCosts: Float64Array;
  siteStatus: Int8Array;
  siteCount: number | undefined;
  exactSiteCount: boolean;
}

/**
 * The shared engine of `solveCapacitatedPMedian` and `solveCapacitatedFacilityLocation`:
 * 1. start: uncapacitated p-median greedy + interchange (or all allowed sites for facility
 *    location), then seeded random starts, each through regret assignment, shift/swap and
 *    cluster relocation;
 * 2. Lagrangian bound with per-site knapsacks; every few steps its open sites seed the search;
 * 3. median swaps (and site drops for facility location) on the incumbent, then (heuristic
 *    mode) iterated local search;
 * 4. exact mode: Lagrangian reduced-cost fixing (`reduceCapacitatedInstance`: the pairs and
 *    sites that cannot be in a solution cheaper than the incumbent leave the model), then the
 *    MILP through HiGHS warm-started with the incumbent, with the work left; the iterated search
 *    only if HiGHS leaves the incumbent unproven. The Lagrangian then takes
 *    `milpLagrangianIterations` steps: HiGHS closes the gap, the bound only has to drop pairs.
 * Exact mode on a model with at most `maxSiteSets` allowed site sets (few candidates, small p:
 * the depot plans) skips 1-4: `enumerateCapacitatedSiteSets` settles every set by its bounds,
 * its own branch and bound (HiGHS only for a set that outlasts `siteSetMaxNodes`), and proves
 * optimality by exhaustion; the starts of 1 run only when it is cut short without an answer.
 * The result's `status` is `optimal` only when the bound meets the objective.
 *
 * @example
 * const result = await solveCapacitated(problem, request, { workLimit: 5e9 });
 */
export async function solveCapacitated(problem: SitingProblem, request: CapacitatedSolveRequest, options: CapacitatedSearchOptions): Promise<SolveResult> {
  const started = performance.now();
  const settings = resolveOptions(DEFAULT_CAPACITATED_SEARCH_OPTIONS, options);
  if (!['auto', 'exact', 'heuristic'].includes(settings.mode)) {
    throw new AirreachError('E_OPTION', 'mode must be auto, exact or heuristic', { value: settings.mode, where: { field: 'mode' } });
  }
  // The enumeration lists every site set before it bounds them: its size is checked here, before anything is allocated.
  for (const [field, limit] of [['maxSiteSets', MAX_SITE_SETS], ['siteSetLagrangianSteps', Number.MAX_SAFE_INTEGER], ['siteSetMaxNodes', Number.MAX_SAFE_INTEGER]] as const) {
    const value = settings[field];
    if (!Number.isInteger(value) || value < 0 || value > limit) {
      throw new AirreachError('E_OPTION', `${field} must be a whole number from 0 to ${limit}`, { value, where: { field }, expected: `0 … ${limit}` });
    }
  }
  checkCapacitatedMemory(problem, request, settings.memoryBytes);
  const work = budgetOf(options);
  checkProblemTotals(problem, { weightedMinutes: true });
  const instance = buildCapacitatedInstance(
    problem,
    request.data.demands,
    request.data.capacities,
    request.openingCosts,
    request.siteStatus,
    request.siteCount,
    request.exactSiteCount,
  );
  work.spend(instance.demandCount * instance.siteCount * 2);
  const unreachable = firstUnreachable(instance);
  if (unreachable !== -1) {
    return infeasibleResult(request.model, started, work, `demand point ${unreachable} has no allowed site with a stored time`, { unreachableDemand: unreachable });
  }
  const useMilp = settings.mode === 'exact' || (settings.mode === 'auto' && instance.nearSites.length <= settings.maxMilpPairs);
  const useCore = settings.coreMilp && settings.mode !== 'heuristic' && !useMilp;
  const enumerate = useMilp && settings.maxSiteSets > 0 && countCapacitatedSiteSets(instance, settings.maxSiteSets) <= settings.maxSiteSets;
  const searchWork = useMilp || useCore ? work.phase(settings.heuristicShare * work.remaining) : work;
  const search = createCapacitatedLocalSearch(instance, { workBudget: searchWork });
  let incumbent: CapacitatedSolution | null = null;
  // The best few distinct solutions: their sites seed the core MILP.
  const elite: CapacitatedSolution[] = [];
  const tried = new Set<string>();
  const consider = (sites: readonly number[]) => {
    const key = sites.join(',');
    // Until some start has given a feasible answer the starts are tried whatever the budget
    // says (an answer is needed; there are only a few of them).
    if (tried.has(key) || (incumbent !== null && !searchWork.canContinue())) return;
    tried.add(key);
    const solution = search.solveSites(sites);
    if (solution === null) return;
    if (incumbent === null || solution.cost < incumbent.cost - 1e-9) incumbent = solution;
    elite.push(solution);
    elite.sort((a, b) => a.cost - b.cost);
    if (elite.length > 5) elite.pop();
  };

  // The starts give an answer whatever the budget (a cut-short solve still has one). The
  // enumeration needs none: each set it bounds offers its own repaired answers (the first one
  // at its first step), and it proves by exhaustion; there the starts only run when it ends
  // without an answer and unfinished (below).
  const tryStarts = () => {
    for (const start of startingSites(problem, instance, settings.restarts, settings.seed)) {
      if (enumerate && incumbent !== null) break;
      consider(start);
    }
  };
  if (!enumerate) tryStarts();
  // Enumeration proves by its own bounds: the Lagrangian (which only serves to shrink the MILP) is skipped.
  const lagrangian = enumerate
    ? { bound: -Infinity, exactKnapsacks: false, iterations: 0, lambda: new Float64Array(instance.demandCount), openFrequency: new Uint32Array(instance.siteCount) }
    : capacitatedLagrangian(instance, {
        maxIterations: useMilp ? Math.min(settings.lagrangianIterations, settings.milpLagrangianIterations) : settings.lagrangianIterations,
        workBudget: searchWork,
        upperBound: () => incumbent?.cost ?? Infinity,
        onSites: consider,
      });
  let bound = lagrangian.bound;
  if (incumbent !== null && !enumerate) {
    incumbent = search.swapSites(incumbent, settings.swapNeighbours, searchWork);
    if (request.siteCount === undefined || !request.exactSiteCount) incumbent = search.dropSites(incumbent, searchWork);
    // With the MILP to follow, the iterated search runs only if HiGHS leaves the incumbent unproven.
    if (!useMilp) incumbent = iteratedSearch(instance, search, incumbent as CapacitatedSolution, settings, searchWork, (cost) => provenBy(bound, cost, instance));
  }
  let solver = 'regret+shift-swap+relocation+lagrangian';
  let milpStatus: string | undefined;
  let proven = incumbent !== null && provenBy(bound, (incumbent as CapacitatedSolution).cost, instance);
  if (useCore && !proven && incumbent !== null && work.canContinue()) {
    const current = incumbent as CapacitatedSolution;
    const p = current.sites.length;
    const core = new Set<number>(current.sites);
    for (const solution of elite) for (const j of solution.sites) core.add(j);
    const byFrequency = Array.from(lagrangian.openFrequency.keys()).sort((a, b) => lagrangian.openFrequency[b] - lagrangian.openFrequency[a] || a - b);
    for (const j of byFrequency.slice(0, Math.ceil(settings.coreSiteFactor * p))) if (instance.siteStatus[j] !== -1) core.add(j);
    const restricted = restrictCapacitatedInstance(instance, [...core], settings.corePairsPerDemand, current);
    const milp = buildCapacitatedMilp(restricted, current);
    const result = await solveMilp(milp.model, { workBudget: work, initialSolution: milp.startValues });
    solver += '+core-highs';
    milpStatus = `core ${core.size} sites, ${restricted.nearSites.length} pairs: ${result.highsStatus}`;
    if (result.columnValues) {
      const solution = readCapacitatedMilp(restricted, milp, result.columnValues);
      if (solution.cost < current.cost - 1e-9) incumbent = search.improveAssignment(solution);
    }
  }
  let reduction: CapacitatedReduction | null = null;
  let enumeration: Awaited<ReturnType<typeof enumerateCapacitatedSiteSets>> | null = null;
  if (enumerate && !proven && work.canContinue()) {
    enumeration = await enumerateCapacitatedSiteSets(instance, search, incumbent, work, { lagrangianSteps: settings.siteSetLagrangianSteps, maxNodes: settings.siteSetMaxNodes });
    solver += '+site-sets+highs';
    if (enumeration.complete && enumeration.incumbent === null) {
      return infeasibleResult(request.model, started, work, 'every allowed site set was proven unable to hold a single-source assignment', { siteSets: enumeration.setCount });
    }
    incumbent = enumeration.incumbent;
    if (enumeration.bound > bound) bound = enumeration.bound;
    proven = enumeration.complete;
  }
  if (enumerate && incumbent === null) {
    // Cut short before any set gave an answer: the starts give one (the bound stays the enumeration's).
    tryStarts();
  } else if (!enumerate && useMilp && !proven && work.canContinue()) {
    // Reduced-cost fixing: pairs and sites that cannot be in a solution cheaper than the
    // incumbent leave the MILP; the incumbent stays in it, so its optimum is the full one.
    if (incumbent !== null) reduction = reduceCapacitatedInstance(instance, lagrangian.lambda, incumbent, work);
    const target = reduction?.instance ?? instance;
    const droppedBound = reduction?.droppedBound ?? Infinity;
    const milp = buildCapacitatedMilp(target, incumbent ?? undefined);
    const result = await solveMilp(milp.model, { workBudget: work, initialSolution: milp.startValues });
    solver += reduction === null ? '+highs' : '+fixing+highs';
    milpStatus = result.highsStatus;
    if (result.status === 'infeasible' && reduction === null) {
      return infeasibleResult(request.model, started, work, 'HiGHS proved that no assignment fits the capacities', { highsStatus: result.highsStatus });
    }
    if (result.columnValues) {
      const solution = readCapacitatedMilp(target, milp, result.columnValues);
      if (incumbent === null || solution.cost < incumbent.cost - 1e-9) incumbent = solution;
    }
    // Any solution outside the reduced MILP costs at least droppedBound.
    if (Number.isFinite(result.bound)) bound = Math.max(bound, Math.min(result.bound, droppedBound));
    if (result.status === 'optimal' && incumbent !== null) {
      bound = Math.max(bound, Math.min(result.objective, incumbent.cost, droppedBound));
      proven = true;
    }
    if (!proven && incumbent !== null && work.canContinue()) {
      const lowerBound = bound;
      incumbent = iteratedSearch(instance, search, incumbent as CapacitatedSolution, settings, work, (cost) => provenBy(lowerBound, cost, instance));
    }
  }
  if (incumbent === null) {
    throw new AirreachError('E_INFEASIBLE', 'no feasible single-source assignment was found within the work budget (not proven infeasible)', {
      value: { workLimit: options.workLimit, stoppedBy: work.stoppedBy(false) },
      hint: 'Raise workLimit, use mode "exact", or add capacity: the capacities are tight for single sourcing',
    });
  }
  const best = incumbent as CapacitatedSolution;
  proven ||= provenBy(bound, best.cost, instance);
  const loadBySite: Record<string, number> = {};
  const load = new Float64Array(instance.siteCount);
  for (let i = 0; i < instance.demandCount; i++) load[best.assignment[i]] += instance.demands[i];
  for (const j of best.sites) loadBySite[String(j)] = load[j];
  const trivialBound = nearestBound(instance);
  return finishResult({
    model: request.model,
    sense: 'minimize',
    objective: best.cost,
    bound,
    trivialBound,
    proven,
    selectedSites: [...best.sites],
    ...(request.exactSiteCount && request.siteCount !== undefined ? { siteCount: request.siteCount } : {}),
    solver,
    started,
    budget: work,
    details: {
      assignment: Array.from(best.assignment),
      loadBySite,
      lagrangianBound: Number.isFinite(lagrangian.bound) ? lagrangian.bound : trivialBound,
      lagrangianIterations: lagrangian.iterations,
      exactKnapsacks: lagrangian.exactKnapsacks,
      siteSetsTried: tried.size,
      ...(enumeration === null ? {} : { siteSets: enumeration.setCount, siteSetsBounded: enumeration.setsBounded, siteSetsSolved: enumeration.setsSolved }),
      ...(reduction === null ? {} : { milpPairsDropped: reduction.pairsDropped, milpSitesDropped: reduction.sitesDropped }),
      ...(milpStatus === undefined ? {} : { highsStatus: milpStatus }),
    },
  });
}

/**
 * Iterated local search (Lourenço, Martin & Stützle 2003): close two random free open sites and
 * open, for each, one of the three nearest closed sites of a random demand point; re-solve and
 * median-swap; keep the better. Seeded, so reproducible.
 */
function iteratedSearch(
  instance: CapacitatedInstance,
  search: ReturnType<typeof createCapacitatedLocalSearch>,
  start: CapacitatedSolution,
  settings: typeof DEFAULT_CAPACITATED_SEARCH_OPTIONS,
  work: WorkBudget,
  isProven: (cost: number) => boolean,
): CapacitatedSolution {
  const random = createRandom(settings.seed + 7919);
  let best = start;
  let idle = 0;
  while (idle < settings.idleRounds && work.canContinue() && !isProven(best.cost)) {
    idle++;
    const sites = [...best.sites];
    const open = new Uint8Array(instance.siteCount);
    for (const j of sites) open[j] = 1;
    for (let change = 0; change < 2; change++) {
      const freeSlots = sites.map((j, s) => (instance.siteStatus[j] === 0 ? s : -1)).filter((s) => s >= 0);
      if (freeSlots.length === 0) break;
      const slot = freeSlots[random.int(0, freeSlots.length - 1)];
      const i = random.int(0, instance.demandCount - 1);
      const nearby: number[] = [];
      for (let k = instance.nearOffsets[i]; k < instance.nearOffsets[i + 1] && nearby.length < 3; k++) {
        const j = instance.nearSites[k];
        if (open[j] === 0 && instance.siteStatus[j] === 0) nearby.push(j);
      }
      if (nearby.length === 0) continue;
      const into = nearby[random.int(0, nearby.length - 1)];
      open[sites[slot]] = 0;
      open[into] = 1;
      sites[slot] = into;
    }
    const candidate = search.solveSites(sites);
    if (candidate === null) continue;
    const improved = search.swapSites(candidate, settings.swapNeighbours, work);
    if (improved.cost < best.cost - 1e-9) {
      best = improved;
      idle = 0;
    }
  }
  return best;
}

/** Greedy p-median sites (or all allowed sites) and seeded random site sets to start from. */
function startingSites(problem: SitingProblem, instance: CapacitatedInstance, restarts: number, seed: number): number[][] {
  const { siteStatus } = instance;
  const fixed: number[] = [];
  const free: number[] = [];
  for (let j = 0; j < instance.siteCount; j++) {
    if (siteStatus[j] === 1) fixed.push(j);
    else if (siteStatus[j] === 0) free.push(j);
  }
  const starts: number[][] = [];
  const p = instance.openCount ?? fixed.length + free.length;
  if (instance.openCount === undefined) starts.push([...fixed, ...free]);
  if (p > fixed.length) {
    let maxMinutes = 0;
    for (const minutes of problem.demandMinutes) if (minutes > maxMinutes) maxMinutes = minutes;
    // The uncapacitated p-median sites are a good first guess; it needs a cost for the pairs a
    // sparse problem lacks, so they cost well above any stored one.
    const costs = buildPMedianCosts(problem, problem.complete ? Infinity : 10 * maxMinutes + 1);
    const local = createPMedianLocalSearch(costs, siteStatus);
    starts.push(local.improve(local.greedy(p)).sites);
    const random = createRandom(seed);
    for (let r = 0; r < restarts && free.length > p - fixed.length; r++) {
      const pool = [...free];
      const start = [...fixed];
      while (start.length < p) start.push(pool.splice(random.int(0, pool.length - 1), 1)[0]);
      starts.push(start.sort((a, b) => a - b));
    }
  } else {
    starts.push([...fixed]);
  }
  return starts;
}

const integralCosts = new WeakMap<CapacitatedInstance, boolean>();

/** Bound meets objective: with integral costs the bound rounds up; else a 1e-9 relative tolerance. */
function provenBy(bound: number, objective: number, instance: CapacitatedInstance): boolean {
  let integral = integralCosts.get(instance);
  if (integral === undefined) {
    integral = true;
    for (let k = 0; k < instance.cost.length && integral; k++) if (instance.cost[k] !== Infinity && !Number.isInteger(instance.cost[k])) integral = false;
    if (integral && !instance.openingCosts.every((f) => Number.isInteger(f))) integral = false;
    integralCosts.set(instance, integral);
  }
  if (integral) return Math.ceil(bound - 1e-6) >= objective;
  return bound >= objective - 1e-9 * Math.max(1, Math.abs(objective));
}

function firstUnreachable(instance: CapacitatedInstance): number {
  for (let i = 0; i < instance.demandCount; i++) if (instance.nearOffsets[i + 1] === instance.nearOffsets[i]) return i;
  return -1;
}

/**
 * The answer when no assignment can exist: status `infeasible`, no sites, and — as no number
 * field may hold Infinity or null — objective, bound and gap 0 (the `details` say why).
 */
function infeasibleResult(model: CapacitatedSolveRequest['model'], started: number, work: WorkBudget, reason: string, extra: Record<string, unknown>): SolveResult {
  return infeasibleSolveResult({
    model,
    sense: 'minimize',
    solver: 'checks',
    started,
    budget: work,
    details: { reason, ...extra },
  });
}

/** Each demand point at its cheapest allowed site, plus the fixed sites' opening costs: a lower bound that costs one pass. */
function nearestBound(instance: CapacitatedInstance): number {
  let total = 0;
  for (let i = 0; i < instance.demandCount; i++) {
    if (instance.nearOffsets[i + 1] > instance.nearOffsets[i]) total += instance.cost[i * instance.siteCount + instance.nearSites[instance.nearOffsets[i]]];
  }
  for (let j = 0; j < instance.siteCount; j++) if (instance.siteStatus[j] === 1) total += instance.openingCosts[j];
  return total;
}
