import { AirreachError } from '../../errors.js';
import { evaluateMaximalCovering } from '../../models/maximalCovering.js';
import type { MaximalCoveringOptions } from '../../models/maximalCovering.js';
import type { SitingProblem, SolveResult } from '../../models/sitingProblem.js';
import { createRandom } from '../../random.js';
import { resolveOptions } from '../../resolveOptions.js';
import { finishResult, relativeGap } from '../kernel/finishResult.js';
import { budgetOf, type SolveBudgetOptions } from '../kernel/workBudget.js';
import type { WorkBudget } from '../kernel/workBudget.js';
import { MilpBuilder } from '../milp/milpBuilder.js';
import { CoverState } from './coverState.js';
import { greedyCovering } from './greedyCovering.js';
import { interchange, perturbedInterchange } from './interchange.js';
import { branchAndBoundMaximalCovering } from './branchAndBoundMaximalCovering.js';
import { initialCoveringLambda, lagrangianMaximalCovering } from './lagrangianMaximalCovering.js';
import { openMaximalCoveringNodeLp, type MaximalCoveringLpBoundResult, type MaximalCoveringNodeLp } from './maximalCoveringLpBound.js';
import { lpBranchAndBoundMaximalCovering } from './lpBranchAndBoundMaximalCovering.js';
import { reduceCovering } from './reduceCovering.js';
import type { ReducedCovering } from './reduceCovering.js';
import { resolveSiteRules, SITE_FORBIDDEN } from '../kernel/resolveSiteRules.js';
import { solveMilp } from '../milp/solveMilp.js';
import { checkProblemTotals } from '../kernel/checkProblemTotals.js';

/** Options of {@link solveMaximalCovering}. */
export interface SolveMaximalCoveringOptions extends MaximalCoveringOptions, SolveBudgetOptions {
  /** Seed of the randomised multi-start. */
  seed?: number;
  /** Randomised greedy + interchange starts after the plain greedy one. */
  starts?: number;
  /** Stop once proven within this relative gap (0: prove optimality). */
  targetGap?: number;
  /** Run HiGHS on the reduced model when the Lagrangian bound leaves a gap (else `feasible`). */
  exact?: boolean;
  /** Node limit of the Lagrangian branch-and-bound (then HiGHS, if `exact`). */
  maxNodes?: number;
  /**
   * With `exact`, the tree hands over to HiGHS after this many nodes (0: straight to HiGHS once
   * the root bound leaves a gap). On the easy regime the root closes the gap and neither runs;
   * on the issue-17 family (2,000 × 200, p = 10, 25/30 min, HiGHS without presolve) the tree
   * only delayed HiGHS: seeds 201–205 took 2.9 s in all with 0 nodes, 4.3 s with 30, 8.5 s
   * with 200 (46 s with the old 20,000 on seeds 101–105).
   */
  treeNodesBeforeMilp?: number;
  /** Polish a Lagrangian site choice by interchange when it covers ≥ (1 − this) × the incumbent. */
  polishShare?: number;
  /**
   * With `exact`: node limit of the LP-bounded branch-and-bound
   * ({@link lpBranchAndBoundMaximalCovering}) tried before HiGHS's MILP (0: straight to HiGHS).
   */
  lpTreeNodes?: number;
  /**
   * Kicks of the iterated local search ({@link perturbedInterchange}) from the best set, where
   * the root LP leaves a gap. The LP tree prunes by the incumbent: on the issue-17 20,000 × 500
   * case (seed 201, 25 min) it proved the optimum in 46 s after 100 kicks (1.2 s) but ended at
   * 60 s with a 0.68 % gap without them; on 2,000 × 200 (seeds 201–208) the kicks cost ≈ 15 %
   * of the solve time and save LP-tree nodes (68 → 50 with 300 kicks).
   */
  kicks?: number;
  /** The iterated local search stops after this many kicks in a row without a better set. */
  kickPatience?: number;
  /** Sites to start the search from (e.g. the previous answer of a coverage curve). */
  warmStartSites?: readonly number[];
  /**
   * Subgradient work before the LP bound, in row-column pairs visited (one step visits the
   * matrix twice): sparse models close within it and never load HiGHS.
   */
  lagrangianWork?: number;
  /** Solve the LP relaxation (through its dual) when the subgradient bound leaves a gap. */
  lpBound?: boolean;
  /** Report milliseconds per phase in `details.timings` (off by default: it makes answers differ run to run). */
  reportTimings?: boolean;
  /**
   * Shared with later solves of the same problem (see {@link MaximalCoveringMemo}): a coverage
   * curve's solves at p = 1 … P reduce each standard once.
   */
  memo?: MaximalCoveringMemo;
  /**
   * The problem the answer is evaluated on (its objective, share and total weight), when not
   * the one solved: a caller that solves its problem's cover sets as a problem of their own
   * (the phased rollout) reports what the demand itself gives, summed as the model's evaluator
   * sums it. Same sites as the problem solved.
   */
  evaluateOn?: SitingProblem;
}

/**
 * What solves of one problem share: its reduced models (`reduceCovering` does not depend on p),
 * each with the work its passes counted. A solve that finds its reduction here counts that work
 * again instead of redoing it, so its answer and its `work` are those of a solve without the
 * memo; it takes one only when its own budget would have let the passes run to their end.
 *
 * @example
 * const memo: MaximalCoveringMemo = {};
 * for (let p = 2; p <= 6; p++) await solveMaximalCovering(problem, { standardMinutes: 30, siteCount: p, memo });
 */
export interface MaximalCoveringMemo {
  /** The problem (and site costs) the reductions are of; another empties the memo. */
  problem?: SitingProblem;
  costs?: ArrayLike<number>;
  /** Per standard, dominance rule and site rules: the reduced model and the work its passes counted. */
  reductions?: Map<string, { model: ReducedCovering; work: number }>;
}

/** Defaults of {@link SolveMaximalCoveringOptions}. */
export const DEFAULT_SOLVE_MAXIMAL_COVERING_OPTIONS = {
  seed: 1,
  starts: 4,
  targetGap: 0,
  exact: true,
  maxNodes: 20_000,
  treeNodesBeforeMilp: 0,
  polishShare: 0.01,
  kicks: 100,
  kickPatience: 30,
  lpTreeNodes: 2_000,
  lagrangianWork: 30_000_000,
  lpBound: true,
  reportTimings: false,
};

/**
 * Solves the maximal covering problem ({@link MaximalCoveringOptions}, Church & ReVelle 1974)
 * with `siteCount` p, or a `budget` over site costs. Steps:
 * 1. reduce: drop demand the fixed sites cover, merge demand with equal cover sets, drop
 *    dominated sites (any cost for p; cheaper-or-equal only for a budget);
 * 2. greedy, then swap interchange, from the warm start and `starts` seeded randomised starts;
 * 3. (p only) subgradient steps on the Lagrangian bound (relaxing y_i ≤ Σ_{j∈N_i} x_j) within
 *    `lagrangianWork`, its site choices tried as further starts; they give up for the LP
 *    when still above 1 % after a sixth of their steps;
 * 4. (p only) if a gap is left: the LP bound through its small dual LP (a row per site) in
 *    HiGHS — the Lagrangian dual's optimum — checked exactly as L(λ), with its reduced-cost
 *    fixing and the LP rounded as a candidate; then, if a gap is still left, an iterated local
 *    search (`kicks`, {@link perturbedInterchange}) and, with `exact`, the LP-bounded
 *    branch-and-bound ({@link lpBranchAndBoundMaximalCovering}: a node LP, fixing and
 *    reliability branching at every node, best first with plunges; its HiGHS model is the
 *    root LP's, kept open) for `lpTreeNodes` nodes and half the work left;
 *    without `exact` (or with `treeNodesBeforeMilp`) the Lagrangian branch-and-bound instead;
 * 5. if the gap is still above `targetGap` and `exact` (and always for a budget): the MILP of
 *    the reduced model, with the root's fixings, through HiGHS, started from the incumbent.
 * Per-phase milliseconds are in `details.timings` with `reportTimings`.
 * `status` is `optimal` only when the bound meets the objective.
 *
 * @example
 * const result = await solveMaximalCovering(problem, { standardMinutes: 30, siteCount: 6, fixedSites: [0] });
 * result.objective; // covered demand weight
 */
export async function solveMaximalCovering(problem: SitingProblem, options: SolveMaximalCoveringOptions): Promise<SolveResult> {
  const started = performance.now();
  const settings = resolveOptions(DEFAULT_SOLVE_MAXIMAL_COVERING_OPTIONS, options);
  const { standardMinutes, siteCount, budget } = settings;
  const work = budgetOf(options);
  checkProblemTotals(problem);
  if ((siteCount === undefined) === (budget === undefined)) {
    throw new AirreachError('E_OPTION', 'give exactly one of siteCount or budget', { value: { siteCount, budget }, where: { field: 'siteCount' } });
  }
  if (options.evaluateOn !== undefined && options.evaluateOn.siteCount !== problem.siteCount) {
    throw new AirreachError('E_OPTION', 'evaluateOn must have the sites of the problem solved', { value: options.evaluateOn.siteCount, expected: `${problem.siteCount} sites`, where: { field: 'evaluateOn' } });
  }
  const costs = options.siteCosts ?? problem.siteCosts;
  const rules = resolveSiteRules(problem, options, siteCount);
  let fixedCost = 0;
  for (const s of rules.fixedSites) fixedCost += costs ? costs[s] : 1;
  if (budget !== undefined && !(budget >= fixedCost)) {
    throw new AirreachError('E_OPTION', 'the budget is below the cost of the fixed sites', { value: budget, expected: `≥ ${fixedCost}`, where: { field: 'budget' } });
  }
  const model = reducedModel(problem, standardMinutes, rules, costs, budget === undefined ? 'count' : 'cost', work, options.memo);
  const free = siteCount !== undefined ? siteCount - rules.fixedSites.length : Infinity;
  const freeBudget = budget !== undefined ? budget - fixedCost : Infinity;
  const integralWeights = model.rowWeights.every((w) => Number.isInteger(w));

  // Incumbent over reduced columns.
  let bestColumns: number[] = [];
  let bestValue = -1;
  const keep = (state: CoverState) => {
    if (state.covered > bestValue + 1e-9 * Math.max(1, bestValue)) {
      bestValue = state.covered;
      bestColumns = [];
      for (let c = 0; c < model.columnCount; c++) if (state.chosen[c]) bestColumns.push(c);
    }
  };
  const columnOfSite = new Map<number, number>();
  model.columnSites.forEach((s, c) => columnOfSite.set(s, c));
  const warm = (options.warmStartSites ?? []).map((s) => columnOfSite.get(s)).filter((c): c is number => c !== undefined);

  const state = new CoverState(model);
  let solver = 'greedy+interchange';
  // Milliseconds per phase (where a solve spends its time), in `details` with `reportTimings`.
  const timings: Record<string, number> = { reduceMs: performance.now() - started };
  let bound: number;
  let nodes = 0;
  // A bound a rounding error below the incumbent proves it: no gap left.
  const gapLeft = () => relativeGap(bestValue, Math.max(bound, bestValue)) > settings.targetGap;
  if (budget === undefined) {
    const count = Math.min(free, model.columnCount);
    greedyCovering(model, count, { initialColumns: warm.slice(0, count), state, workBudget: work });
    interchange(state, { workBudget: work });
    keep(state);
    const random = createRandom(settings.seed);
    for (let s = 0; s < settings.starts && work.canContinue(); s++) {
      greedyCovering(model, count, { random, state, workBudget: work });
      interchange(state, { workBudget: work });
      keep(state);
    }
    timings.heuristicMs = performance.now() - started - timings.reduceMs;
    let total = 0;
    for (let r = 0; r < model.rowCount; r++) total += model.rowWeights[r];
    bound = total;
    let fixing: Uint8Array = new Uint8Array(model.columnCount);
    const seen = new Set<string>();
    const onCandidate = (columns: Int32Array) => {
      const key = columns.join(',');
      if (seen.has(key) || !work.canContinue()) return bestValue;
      seen.add(key);
      state.reset();
      for (const c of columns) state.add(c);
      work.spend(model.columnCount + model.columnRows.length);
      // Interchange costs a pass over the matrix per swap: spend it only on choices that
      // already come close to the incumbent (most Lagrangian choices are far off).
      if (state.covered >= bestValue * (1 - settings.polishShare)) interchange(state, { workBudget: work });
      keep(state);
      return bestValue;
    };
    // The node LPs' HiGHS model, opened for the root LP and kept for the LP tree.
    let nodeLp: MaximalCoveringNodeLp | undefined;
    try {
      if (bestValue < total && count < model.columnCount) {
        // 1. Subgradient steps within a work budget: they close sparse models (R = 30 km on the
        //    benchmark: ≈ 160–240 steps, 0.4 s) without HiGHS, whose first LP in a process costs
        //    ≈ 1 s more than later ones (module load, WebAssembly warm-up) and ≈ 100 MB.
        let phaseStart = performance.now();
        const lambda = initialCoveringLambda(model);
        const quickIterations = Math.min(600, Math.ceil(settings.lagrangianWork / Math.max(1, 2 * model.rowColumns.length)));
        if (quickIterations > 0) {
          const quick = lagrangianMaximalCovering(model, count, bestValue, {
            lambda,
            maxIterations: quickIterations,
            targetGap: settings.targetGap,
            integralWeights,
            onCandidate,
            workBudget: work,
            // Still above 1 % after a sixth of the steps: they will not close it, go to the LP.
            // From w_i / |N_i| after 100 steps the easy 30 km benchmark is at 0.5 % (it closes
            // by 300), 50 km at 6.3 %, the issue-17 family (2,000 × 200, p = 10) at 1.7–4 % and
            // still 0.04–1.1 % above its LP bound after 600.
            ...(settings.lpBound ? { stall: { iterations: Math.ceil(quickIterations / 6), gap: 0.01 } } : {}),
          });
          bound = Math.min(bound, quick.bound);
          fixing = quick.fixing;
          timings.lagrangianMs = performance.now() - phaseStart;
          solver += '+lagrangian';
        }
        // 2. The LP bound through its dual: exact multipliers where the subgradient stalls.
        let rootLambda: Float64Array = lambda;
        let lpUsed = false;
        let rootLp: MaximalCoveringLpBoundResult | undefined;
        if (gapLeft() && settings.lpBound && work.canContinue()) {
          phaseStart = performance.now();
          // The root LP in the node LPs' HiGHS model, which the LP tree below then goes on from
          // (its first node warm-started from the root's basis).
          nodeLp = await openMaximalCoveringNodeLp(model, count);
          const lp = nodeLp.solve(new Int8Array(model.columnCount), work.phase(0.5 * work.remaining));
          timings.lpMs = performance.now() - phaseStart;
          if (lp.lambda) {
            // Only an LP solved to its optimum gives multipliers (a budget-stopped one gives none:
            // the root keeps its subgradient steps).
            rootLambda = lp.lambda;
            lpUsed = lp.status === 'optimal';
            if (lpUsed) rootLp = lp;
            solver += '+lp';
            // The exact L(λ) of the LP multipliers (whatever HiGHS's tolerances), its
            // reduced-cost fixing and choice, and the LP rounded (its `count` largest x_j).
            const root = lagrangianMaximalCovering(model, count, bestValue, { lambda: Float64Array.from(lp.lambda), maxIterations: 1, integralWeights, onCandidate, workBudget: work });
            bound = Math.min(bound, root.bound);
            for (let c = 0; c < model.columnCount; c++) if (fixing[c] === 0) fixing[c] = root.fixing[c];
            if (lp.siteValues) {
              const x = lp.siteValues;
              const ranked = Array.from({ length: model.columnCount }, (_, c) => c).sort((a, b) => x[b] - x[a] || a - b);
              onCandidate(Int32Array.from(ranked.slice(0, count).sort((a, b) => a - b)));
            }
          }
        }
        // 3. Iterated local search, only where a gap is left: swap local optima of the
        //    partial-coverage family sit up to 1.3 % below the optimum; the trees below prune
        //    by the incumbent.
        if (gapLeft() && settings.kicks > 0 && work.canContinue()) {
          phaseStart = performance.now();
          state.reset();
          for (const c of bestColumns) state.add(c);
          perturbedInterchange(state, { random, rounds: settings.kicks, patience: settings.kickPatience, workBudget: work });
          keep(state);
          timings.kicksMs = performance.now() - phaseStart;
          solver += '+kicks';
        }
        // 4. The Lagrangian tree (subgradient steps per node), without `exact` or when asked for
        //    by `treeNodesBeforeMilp`.
        const treeNodes = settings.exact ? Math.min(settings.maxNodes, settings.treeNodesBeforeMilp) : settings.maxNodes;
        if (gapLeft() && treeNodes > 0) {
          phaseStart = performance.now();
          const search = branchAndBoundMaximalCovering(model, count, bestValue, {
            integralWeights,
            rootLambda,
            rootIterations: lpUsed ? 1 : 600,
            targetGap: settings.targetGap,
            // A quarter of the remaining work with `exact`: the LP tree and HiGHS follow.
            workBudget: work.phase((settings.exact ? 0.25 : 1) * work.remaining),
            maxNodes: treeNodes,
            onCandidate,
          });
          bound = Math.min(bound, search.proven ? bestValue : search.bound);
          // Both fixings exclude only solutions no better than the incumbent: their union is valid.
          for (let c = 0; c < model.columnCount; c++) if (fixing[c] === 0) fixing[c] = search.rootFixing[c];
          nodes = search.nodes;
          timings.branchAndBoundMs = performance.now() - phaseStart;
          solver += '+bb';
        }
        // 5. The LP tree: a node LP per node (a row per free column), closes the family's gaps
        //    in a few nodes where the Lagrangian tree's subgradient steps stall above them.
        if (gapLeft() && settings.exact && settings.lpTreeNodes > 0 && work.canContinue()) {
          phaseStart = performance.now();
          const tree = await lpBranchAndBoundMaximalCovering(model, count, bestValue, {
            integralWeights,
            fixing,
            rootLp,
            targetGap: settings.targetGap,
            maxNodes: settings.lpTreeNodes,
            onCandidate,
            nodeLp,
            workBudget: work.phase(0.5 * work.remaining),
          });
          bound = tree.proven ? bestValue : Math.min(bound, Math.max(tree.bound, bestValue));
          nodes += tree.nodes;
          timings.lpTreeMs = performance.now() - phaseStart;
          solver += '+lptree';
        }
      }
    } finally {
      nodeLp?.dispose();
    }
    if (gapLeft() && settings.exact && work.canContinue()) {
      const phaseStart = performance.now();
      const milp = await exactMaximalCovering(model, { count, fixing, incumbent: bestColumns, work, relativeGap: settings.targetGap });
      timings.highsMs = performance.now() - phaseStart;
      solver += '+highs';
      if (milp.columns && milp.value > bestValue) {
        bestValue = milp.value;
        bestColumns = milp.columns;
      }
      bound = Math.min(bound, Math.max(milp.bound, bestValue));
      if (milp.optimal && settings.targetGap === 0) bound = bestValue;
    }
  } else {
    // Budget: cost-ratio greedy plus the best single affordable column, then the MILP.
    const chosen = budgetGreedy(model, freeBudget, state);
    work.spend(model.columnCount * model.columnCount + model.columnRows.length);
    keep(chosen);
    let total = 0;
    for (let r = 0; r < model.rowCount; r++) total += model.rowWeights[r];
    bound = total;
    if (bestValue < total && settings.exact && work.canContinue()) {
      const milp = await exactMaximalCovering(model, { budget: freeBudget, fixing: new Uint8Array(model.columnCount), incumbent: bestColumns, work, relativeGap: settings.targetGap });
      solver = 'greedy+highs';
      if (milp.columns && milp.value > bestValue) {
        bestValue = milp.value;
        bestColumns = milp.columns;
      }
      bound = Math.min(bound, Math.max(milp.bound, bestValue));
      if (milp.optimal && settings.targetGap === 0) bound = bestValue;
    }
  }
  const selected = new Set<number>(rules.fixedSites);
  for (const c of bestColumns) selected.add(model.columnSites[c]);
  // Pad to exactly p sites (dominated or useless sites add nothing, but p was asked for).
  if (siteCount !== undefined) {
    for (const s of [...model.droppedSites, ...model.columnSites]) {
      if (selected.size >= siteCount) break;
      selected.add(s);
    }
  }
  const selectedSites = [...selected].sort((a, b) => a - b);
  const evaluation = evaluateMaximalCovering(options.evaluateOn ?? problem, selectedSites, { standardMinutes });
  return finishResult({
    model: 'maximalCovering',
    sense: 'maximize',
    objective: evaluation.objective,
    bound: bound + model.fixedCoveredWeight,
    trivialBound: evaluation.totalWeight,
    selectedSites,
    ...(siteCount !== undefined ? { siteCount } : {}),
    solver,
    started,
    budget: work,
    details: {
      coveredShare: evaluation.coveredShare,
      totalWeight: evaluation.totalWeight,
      reducedRows: model.rowCount,
      reducedColumns: model.columnCount,
      branchAndBoundNodes: nodes,
      unreachableWeight: model.unreachableWeight,
      ...(settings.reportTimings ? { timings } : {}),
    },
  });
}

/**
 * The reduced model of a solve: the memo's when it holds this one (its work counted again, and
 * only when the budget has room for all of it), else `reduceCovering`'s, kept in the memo when
 * its passes ran to their end.
 */
function reducedModel(
  problem: SitingProblem,
  standardMinutes: number,
  rules: ReturnType<typeof resolveSiteRules>,
  costs: ArrayLike<number> | undefined,
  dominance: 'count' | 'cost',
  work: WorkBudget,
  memo: MaximalCoveringMemo | undefined,
): ReducedCovering {
  const forbiddenSites: number[] = [];
  for (let s = 0; s < rules.state.length; s++) if (rules.state[s] === SITE_FORBIDDEN) forbiddenSites.push(s);
  const key = `${standardMinutes}|${dominance}|${rules.fixedSites.join(',')}|${forbiddenSites.join(',')}`;
  if (memo && (memo.problem !== problem || memo.costs !== costs)) {
    memo.problem = problem;
    memo.costs = costs;
    memo.reductions = new Map();
  }
  const known = memo?.reductions?.get(key);
  if (known && work.remaining > known.work) {
    work.spend(known.work);
    return known.model;
  }
  const before = work.spent;
  const model = reduceCovering(problem, standardMinutes, { fixedSites: rules.fixedSites, forbiddenSites, siteCosts: costs, dominance, removeFixedCover: true, workBudget: work });
  // Kept only when no pass was cut short (a budget-stopped dominance search keeps more sites).
  if (memo && work.canContinue()) (memo.reductions ??= new Map()).set(key, { model, work: work.spent - before });
  return model;
}

function budgetGreedy(model: ReducedCovering, budget: number, state: CoverState): CoverState {
  const costs = model.columnCosts;
  let spent = 0;
  while (true) {
    let pick = -1;
    let bestRatio = 0;
    for (let c = 0; c < model.columnCount; c++) {
      if (state.chosen[c] || spent + costs[c] > budget || state.gain[c] <= 0) continue;
      const ratio = costs[c] > 0 ? state.gain[c] / costs[c] : Infinity;
      if (ratio > bestRatio) {
        bestRatio = ratio;
        pick = c;
      }
    }
    if (pick < 0) break;
    state.add(pick);
    spent += costs[pick];
  }
  // The ratio greedy can be arbitrarily bad; the best single affordable column guards that.
  let single = -1;
  for (let c = 0; c < model.columnCount; c++) if (costs[c] <= budget && (single < 0 || state.gain[c] > state.gain[single])) single = c;
  if (single >= 0) {
    const other = new CoverState(model);
    other.add(single);
    if (other.covered > state.covered) return other;
  }
  return state;
}

/**
 * The MILP of a reduced maximal covering model: x_j binary per column, y_i ∈ [0, 1] per row,
 * y_i − Σ_{j∈N_i} x_j ≤ 0, and Σ x_j = count (or Σ c_j x_j ≤ budget). `fixing` from the
 * Lagrangian: 1 forces x_j = 0, 2 forces x_j = 1.
 */
async function exactMaximalCovering(
  model: ReducedCovering,
  settings: { count?: number; budget?: number; fixing: Uint8Array; incumbent: number[]; work: WorkBudget; relativeGap: number },
): Promise<{ optimal: boolean; value: number; bound: number; columns: number[] | null }> {
  const { rowCount, columnCount, rowOffsets, rowColumns, rowWeights } = model;
  const milp = new MilpBuilder('maximize', { columns: columnCount + rowCount, rows: rowCount + 1, entries: rowColumns.length + rowCount + columnCount });
  for (let c = 0; c < columnCount; c++) milp.addColumn(0, settings.fixing[c] === 2 ? 1 : 0, settings.fixing[c] === 1 ? 0 : 1, true);
  for (let r = 0; r < rowCount; r++) milp.addColumn(rowWeights[r], 0, 1);
  for (let r = 0; r < rowCount; r++) {
    for (let k = rowOffsets[r], end = rowOffsets[r + 1]; k < end; k++) milp.entry(rowColumns[k], -1);
    milp.entry(columnCount + r, 1).endRow(-Infinity, 0);
  }
  for (let c = 0; c < columnCount; c++) milp.entry(c, settings.budget === undefined ? 1 : model.columnCosts[c]);
  if (settings.budget === undefined) milp.endRow(settings.count ?? 0, settings.count ?? 0);
  else milp.endRow(-Infinity, settings.budget);
  const built = milp.build();
  // Start from the incumbent when it respects the fixings (it may not: fixing only keeps
  // solutions strictly better than it).
  const n = columnCount + rowCount;
  const start = new Float64Array(n);
  for (const c of settings.incumbent) start[c] = 1;
  let consistent = true;
  for (let c = 0; c < columnCount; c++) if (start[c] < built.columnLower[c] || start[c] > built.columnUpper[c]) consistent = false;
  for (let r = 0; r < rowCount; r++) {
    let covered = 0;
    for (let k = rowOffsets[r], end = rowOffsets[r + 1]; k < end; k++) covered = Math.max(covered, start[rowColumns[k]]);
    start[columnCount + r] = covered;
  }
  const result = await solveMilp(built, {
    workBudget: settings.work,
    relativeGap: Math.max(settings.relativeGap, 1e-9),
    // The model is already reduced (equal cover sets merged, dominated sites dropped, fixings
    // applied): HiGHS's presolve finds little more and costs its search (issue-17 family,
    // 2,000 × 200, p = 10, 30 min, two hard seeds: 6.3 → 3.7 s and 2.2 → 1.0 s in HiGHS).
    presolve: false,
    ...(consistent ? { initialSolution: start } : {}),
  });
  if (result.status === 'infeasible') {
    // Every solution respecting the fixings is infeasible: none beats the incumbent.
    return { optimal: true, value: -Infinity, bound: -Infinity, columns: null };
  }
  let columns: number[] | null = null;
  let value = -Infinity;
  if (result.columnValues) {
    columns = [];
    for (let c = 0; c < columnCount; c++) if (result.columnValues[c] > 0.5) columns.push(c);
    value = 0;
    const covered = new Uint8Array(rowCount);
    for (const c of columns) for (let k = model.columnOffsets[c]; k < model.columnOffsets[c + 1]; k++) covered[model.columnRows[k]] = 1;
    for (let r = 0; r < rowCount; r++) if (covered[r]) value += rowWeights[r];
  }
  return { optimal: result.status === 'optimal', value, bound: result.bound, columns };
}
