import { AirreachError } from '../../errors.js';
import { evaluateFairCovering, type FairCoveringEvaluation, type FairCoveringOptions } from '../../models/fairCovering.js';
import type { SitingProblem, SolveResult } from '../../models/sitingProblem.js';
import { resolveOptions } from '../../resolveOptions.js';
import { solveMaximalCovering } from '../covering/solveMaximalCovering.js';
import { checkProblemTotals } from '../kernel/checkProblemTotals.js';
import { finishResult, infeasibleResult as infeasibleSolveResult } from '../kernel/finishResult.js';
import { resolveSiteRules, SITE_FIXED, SITE_FORBIDDEN } from '../kernel/resolveSiteRules.js';
import { budgetOf, type SolveBudgetOptions, type WorkBudget } from '../kernel/workBudget.js';
import { solveMilp } from '../milp/solveMilp.js';
import { buildFairCoverModel, closeDominatedFairSites } from './buildFairCoverModel.js';
import { fairCoverLpBranchAndBound } from './fairCoverLpBranchAndBound.js';
import { groupDemandRows, type DemandRows } from './groupDemandRows.js';
import { transpose } from '../covering/reduceCovering.js';
import { coverByRegion, leastRegionShare, searchMaxMinCover, type MaxMinCoverSearch, type RegionCoverRows } from './searchMaxMinCover.js';

/**
 * What fairness solves of one problem (same matrix, weights, standard, p, site rules and regions)
 * share: the unconstrained maximal covering answer (every such solve prices itself against it)
 * and a proven max-min optimum. A solve reads what an earlier one proved and records what it
 * proves; the caller keeps one memo per such problem (the scenario's questions do).
 *
 * @example
 * const memo: FairCoveringMemo = {};
 * await solveFairCovering(problem, { ...options, objective: 'maxMin', memo });
 * await solveFairCovering(problem, { ...options, regionMinimumShare: 0.9, memo }); // infeasible at once when 0.9 > the max-min optimum
 */
export interface FairCoveringMemo {
  unconstrained?: SolveResult;
  /** A proven max-min optimum: the worst region's share and the sites reaching it. */
  maxMin?: { minRegionShare: number; sites: number[] };
  /** The evaluation of the unconstrained answer `of` (every solve is priced against it). */
  unconstrainedEvaluation?: { of: SolveResult; evaluation: FairCoveringEvaluation };
  /** The demand grouped by region and allowed cover set (`groupDemandRows`): every solve's rows. */
  rows?: DemandRows;
}

/** Options of {@link solveFairCovering}. */
export interface SolveFairCoveringOptions extends FairCoveringOptions, SolveBudgetOptions {
  /** Shared with earlier and later solves of the same problem, p and rules (see {@link FairCoveringMemo}). */
  memo?: FairCoveringMemo;
}

/**
 * Nodes the combinatorial search may visit per stage before HiGHS takes over. On the bundled case
 * it proves each stage in about 2,000 (HiGHS: 200,000 simplex iterations); where it needs far
 * more (measured: a stage-2 floor that many site sets meet, or shares near every region's
 * reach), HiGHS on the compact model does better, and this cap bounds what the search costs first.
 */
const SEARCH_NODE_LIMIT = 10_000;

/**
 * Above this many sites × regions the search is not run (its per-node tables hold two numbers per
 * site and region: 64 MB here), and HiGHS solves both stages alone.
 */
const SEARCH_MAX_SITE_REGIONS = 4_000_000;

/**
 * Node LPs of the LP branch and bound of objective "total" (`fairCoverLpBranchAndBound`) before
 * HiGHS's MIP takes over: today's 80 % closes in 11; the cap bounds what a tree that would need
 * HiGHS's cuts costs first.
 */
const TREE_NODE_LIMIT = 200;

/**
 * Nodes of the feasibility probe of objective "total" when no max-min optimum is known: a
 * minimum above every site set's worst share is proven out of reach in some hundreds (today's
 * 88–90 %: 494–604), and below it the probe stops at its first site set that meets the minimum.
 */
const FEASIBILITY_NODE_LIMIT = 2_000;

/** Defaults of {@link SolveFairCoveringOptions}. */
export const DEFAULT_SOLVE_FAIR_COVERING_OPTIONS = { objective: 'total' as 'total' | 'maxMin', regionMinimumShare: 0 };

/**
 * Solves the fairness models ({@link FairCoveringOptions}) exactly, and prices them: the
 * unconstrained maximal covering optimum (`solveMaximalCovering`, same p and rules) is solved
 * first, and `details.priceShare` is its covered share minus the fair answer's (the points of
 * total coverage fairness costs).
 *
 * Objective "total": the most covered demand with every region at least `regionMinimumShare`,
 * by an LP branch and bound on the compact model (`fairCoverLpBranchAndBound`, solver "lptree"),
 * HiGHS's MIP finishing from its incumbent when it stops short ("lptree+highs"; the smaller
 * bound of the two is kept) — or the unconstrained optimum itself, when it already keeps every
 * region there; `infeasible` when a region cannot reach it even with every allowed site (said
 * without a MILP, `details.infeasibleRegions`) or when the tree or HiGHS proves no p sites can.
 *
 * Objective "maxMin": the worst region's share is maximised (the result's objective and bound),
 * then, holding it, the total (`details.coveredShare`). Both stages run the combinatorial search
 * `searchMaxMinCover` first — on the bundled Liaoning case it proves in about 4,000 nodes what
 * took HiGHS 200,000 simplex iterations — and hand what is left of their work to HiGHS on the
 * compact model, from the search's incumbent, only when it stops short (`solver` says which
 * proved it). When the work runs out before either has an answer, the answer is the unconstrained
 * one ("total", when it keeps every region at the minimum; otherwise `E_WORK_BUDGET`) or the
 * swaps' local optimum ("maxMin"), `feasible` with the least bound proved or the trivial one.
 *
 * @example
 * const result = await solveFairCovering(problem, { standardMinutes: 30, siteCount: 8, demandRegions, objective: 'maxMin' });
 */
export async function solveFairCovering(problem: SitingProblem, options: SolveFairCoveringOptions): Promise<SolveResult> {
  const started = performance.now();
  const settings = resolveOptions(DEFAULT_SOLVE_FAIR_COVERING_OPTIONS, options);
  const { standardMinutes, siteCount: p, objective: goal, regionMinimumShare: minimum, demandRegions } = settings;
  const work = budgetOf(options);
  checkProblemTotals(problem);
  if (demandRegions.length !== problem.demandCount) {
    throw new AirreachError('E_OPTION', 'demandRegions must hold one region per demand point', { value: demandRegions.length, where: { field: 'demandRegions' }, expected: String(problem.demandCount) });
  }
  for (let i = 0; i < problem.demandCount; i++) {
    const r = demandRegions[i];
    if (!Number.isInteger(r) || r < -1 || r >= 100_000) throw new AirreachError('E_OPTION', 'a demand region must be an integer from −1 (none) to 99,999', { value: r, where: { field: 'demandRegions', row: i } });
  }
  if (!(minimum >= 0 && minimum <= 1)) throw new AirreachError('E_OPTION', 'regionMinimumShare must be in [0, 1]', { value: minimum, where: { field: 'regionMinimumShare' } });
  if (goal !== 'total' && goal !== 'maxMin') throw new AirreachError('E_OPTION', 'objective must be "total" or "maxMin"', { value: goal, where: { field: 'objective' } });
  const rules = resolveSiteRules(problem, options, p);
  const forbiddenSites = [...(options.forbiddenSites ?? [])];
  const memo = options.memo;
  // The unconstrained optimum is the same for every fairness question of this problem: solved once.
  const unconstrained = memo?.unconstrained ?? (await solveMaximalCovering(problem, { standardMinutes, siteCount: p, fixedSites: rules.fixedSites, forbiddenSites, workBudget: work.phase(work.remaining * 0.3) }));
  if (memo && unconstrained.status === 'optimal') memo.unconstrained = unconstrained;
  const freeEval = memo?.unconstrainedEvaluation?.of === unconstrained ? memo.unconstrainedEvaluation.evaluation : evaluateFairCovering(problem, unconstrained.selectedSites, { standardMinutes, demandRegions });
  if (memo?.unconstrained === unconstrained) memo.unconstrainedEvaluation = { of: unconstrained, evaluation: freeEval };
  const forbidden = new Uint8Array(problem.siteCount);
  for (let s = 0; s < problem.siteCount; s++) forbidden[s] = rules.state[s] === SITE_FORBIDDEN ? 1 : 0;
  // Counted again when taken from the memo (a solve's work does not depend on what ran before it).
  const rows = memo?.rows ?? groupDemandRows(problem, [standardMinutes], forbidden, work, demandRegions);
  if (memo?.rows) work.spend(problem.demandOffsets[problem.demandCount] + problem.demandCount);
  else if (memo) memo.rows = rows;
  const { rowCount, rowWeights, rowRegion } = rows;
  const offsets = rows.offsets[0];
  const sites = rows.sites[0];
  let regionCount = 0;
  for (let r = 0; r < rowCount; r++) regionCount = Math.max(regionCount, rowRegion[r] + 1);
  const regionWeight = new Float64Array(regionCount);
  const reachable = new Float64Array(regionCount);
  for (let r = 0; r < rowCount; r++) {
    if (rowRegion[r] < 0) continue;
    regionWeight[rowRegion[r]] += rowWeights[r];
    if (offsets[r + 1] > offsets[r]) reachable[rowRegion[r]] += rowWeights[r];
  }
  const priced = {
    unconstrainedShare: freeEval.coveredShare,
    unconstrainedBoundShare: unconstrained.bound / (freeEval.totalWeight || 1),
    unconstrainedStatus: unconstrained.status,
    unconstrainedMinRegionShare: freeEval.minRegionShare,
    unconstrainedSites: unconstrained.selectedSites,
  };
  const infeasibleRegions: number[] = [];
  if (goal === 'total') for (let g = 0; g < regionCount; g++) if (regionWeight[g] > 0 && reachable[g] < minimum * regionWeight[g] * (1 - 1e-12)) infeasibleRegions.push(g);
  const infeasibleResult = (reason: string, solver = 'highs') =>
    infeasibleSolveResult({
      model: 'fairCovering',
      sense: 'maximize',
      solver,
      started,
      budget: work,
      details: { reason, infeasibleRegions, regionMaxShares: Array.from(reachable, (v, g) => (regionWeight[g] > 0 ? v / regionWeight[g] : null)), ...priced },
    });
  if (infeasibleRegions.length > 0) return infeasibleResult(`${infeasibleRegions.length} region(s) cannot reach ${(minimum * 100).toFixed(1)} % within ${standardMinutes} min with every allowed site open`);
  // A proven max-min optimum below the minimum proves it out of reach of any p sites.
  const known = memo?.maxMin;
  if (goal === 'total' && known && minimum * (1 - 1e-12) > known.minRegionShare * (1 + 1e-9)) {
    return infeasibleResult(`no ${p} sites bring every region to ${(minimum * 100).toFixed(1)} % within ${standardMinutes} min: the worst region's best share is ${(known.minRegionShare * 100).toFixed(2)} % (the proven max-min optimum)`);
  }

  const toSites = (values: Float64Array) => {
    const chosen: number[] = [];
    for (let s = 0; s < problem.siteCount; s++) if (Math.round(values[s]) === 1) chosen.push(s);
    return chosen;
  };
  let selectedSites: number[];
  let objective: number;
  let bound: number;
  let proven: boolean;
  let solver = 'highs';
  // The same site set is scored several times over (stage 1, stage 2, the answer): once each.
  const evaluations = new Map([[unconstrained.selectedSites.join(','), freeEval]]);
  const evaluate = (chosen: number[]) => {
    const key = chosen.join(',');
    let known = evaluations.get(key);
    if (known === undefined) evaluations.set(key, (known = evaluateFairCovering(problem, chosen, { standardMinutes, demandRegions })));
    return known;
  };
  const regionRows: RegionCoverRows = { rowCount, rowWeights, rowRegion, offsets, rowSites: sites, regionWeight };
  /** A proven unconstrained optimum that keeps every region at `floor` is also the most total at that floor. */
  const unconstrainedMeets = (floor: number) => unconstrained.status === 'optimal' && freeEval.minRegionShare >= floor * (1 - 1e-12);
  if (goal === 'total') {
    const floor = minimum * (1 - 1e-12);
    // A proven max-min answer at or above the minimum is a feasible start.
    const startSites = known && known.minRegionShare >= minimum ? known.sites : freeEval.minRegionShare >= floor ? unconstrained.selectedSites : [];
    if (unconstrainedMeets(minimum)) {
      solver = unconstrained.solver;
      selectedSites = [...unconstrained.selectedSites];
      objective = evaluate(selectedSites).covered;
      bound = objective;
      proven = true;
    } else {
      // Nothing known of the max-min optimum (no memo, or no max-min solve before this one): a
      // feasibility probe by the combinatorial search first. Above the max-min share it proves the
      // minimum out of reach without a MILP (today's 90 %: 494 nodes, 15M units; at 88 % HiGHS
      // took 250M); below it, it stops at the first site set that meets the minimum, HiGHS's start.
      let start = startSites;
      let probe: MaxMinCoverSearch | null = null;
      if (!known && problem.siteCount * regionCount <= SEARCH_MAX_SITE_REGIONS) {
        const searchState = closeDominatedFairSites(regionRows, rules.state, problem.siteCount, p, work);
        probe = searchMaxMinCover(regionRows, searchState, problem.siteCount, p, startSites, 'total', minimum, work.phase(work.remaining * 0.3), FEASIBILITY_NODE_LIMIT, true);
        if (probe.complete && probe.sites.length === 0) return infeasibleResult(`no ${p} sites bring every region to ${(minimum * 100).toFixed(1)} % within ${standardMinutes} min`, 'maxmin-search');
        if (probe.sites.length === p) start = probe.sites;
      }
      if (probe?.complete) {
        // The start met the minimum and the search ran to its end: its answer is the optimum.
        solver = 'maxmin-search';
        selectedSites = [...probe.sites];
        objective = evaluate(selectedSites).covered;
        bound = objective;
        proven = true;
      } else {
        // The compact model, by HiGHS's LP in a branch and bound of our own first, then, if it
        // stops short, HiGHS's MIP from its incumbent. (The combinatorial search is no match for
        // either here: with a floor below the max-min share, many site sets meet it, and the
        // search's bound on the total is only the k largest gains.) Today's 80 %: 11 node LPs,
        // 0.4 s of CPU after the worker's maximal covering LPs, where the MIP took 2.5 s (its root
        // cuts and heuristics, run cold).
        const { model, startOf } = buildFairCoverModel(regionRows, rules.state, problem.siteCount, p, 'total', floor, work);
        const tree = await fairCoverLpBranchAndBound(model, regionRows, problem.siteCount, p, start, minimum, work.phase(work.remaining * 0.5), { nodeLimit: TREE_NODE_LIMIT });
        if (tree.complete && tree.sites.length === 0) return infeasibleResult(`no ${p} sites bring every region to ${(minimum * 100).toFixed(1)} % within ${standardMinutes} min`, 'lptree');
        if (tree.complete) {
          solver = 'lptree';
          selectedSites = [...tree.sites];
          objective = evaluate(selectedSites).covered;
          bound = objective;
          proven = true;
        } else {
          if (tree.sites.length === p) start = tree.sites;
          solver = 'lptree+highs';
          // Presolve off, as for the maximal covering MILP (the model comes reduced, nothing for it
          // to find): today's floor stage proves in 826 simplex iterations (1,456 on the unreduced
          // model, 3,103 with presolve).
          const milp = await solveMilp(model, { workBudget: work, presolve: false, initialSolution: start.length === p ? startOf(start) : undefined });
          if (milp.status === 'infeasible') return infeasibleResult(`no ${p} sites bring every region to ${(minimum * 100).toFixed(1)} % within ${standardMinutes} min`, solver);
          // Out of work before HiGHS's first incumbent: a start that keeps every region at the
          // minimum is a feasible answer (issue 17: every result has a finite bound and gap, however
          // short the limit).
          if (!milp.columnValues && start.length !== p) throw new AirreachError('E_WORK_BUDGET', 'the fair covering model found no feasible answer within its work limit', { value: work.spent, where: { field: 'workLimit' }, hint: 'Raise the work limit' });
          selectedSites = milp.columnValues ? toSites(milp.columnValues) : [...start];
          // The tree's incumbent stands when HiGHS's is no better.
          if (tree.sites.length === p && evaluate(tree.sites).covered >= evaluate(selectedSites).covered) selectedSites = [...tree.sites];
          objective = evaluate(selectedSites).covered;
          // The smaller of the two bounds (both hold), never below the answer.
          bound = Math.max(objective, Math.min(milp.bound, tree.bound));
          proven = milp.status === 'optimal';
        }
      }
    }
  } else {
    // The swaps and the search skip dominated sites (closeDominatedFairSites: some optimum of
    // either stage opens none): today 1,460 + 1,005 nodes instead of 2,285 + 1,897.
    const searchState = closeDominatedFairSites(regionRows, rules.state, problem.siteCount, p, work);
    // Started from a local optimum of (worst share, total) by swaps from the unconstrained answer.
    const swapped = maxMinSwaps(unconstrained.selectedSites, searchState, problem.siteCount, regionRows, work);
    // Stage 1, the worst share: the combinatorial search (searchMaxMinCover), then, if it stops
    // short, HiGHS on the compact model from its incumbent with the rest of the stage's work.
    const stageWork = work.phase(work.remaining * 0.6);
    const searchFits = problem.siteCount * regionCount <= SEARCH_MAX_SITE_REGIONS;
    const search = searchFits
      ? searchMaxMinCover(regionRows, searchState, problem.siteCount, p, swapped, 'maxMin', 0, stageWork.phase(stageWork.remaining * 0.5), SEARCH_NODE_LIMIT)
      : { sites: [...swapped], complete: false, bound: 1, nodes: 0 };
    selectedSites = search.sites;
    solver = searchFits ? 'maxmin-search' : 'highs';
    let stage1Bound = search.bound;
    proven = search.complete;
    if (!search.complete) {
      const first = buildFairCoverModel(regionRows, rules.state, problem.siteCount, p, 'maxMin', 0, stageWork);
      const stage1 = await solveMilp(first.model, { workBudget: stageWork, initialSolution: first.startOf(search.sites) });
      solver = searchFits ? 'maxmin-search+highs' : 'highs';
      // Every p sites are an answer of the max-min model: out of work before HiGHS's first
      // incumbent, the search's stands (with the least bound proved, or the trivial 1).
      if (stage1.columnValues && evaluate(toSites(stage1.columnValues)).minRegionShare > evaluate(selectedSites).minRegionShare) selectedSites = toSites(stage1.columnValues);
      stage1Bound = Math.min(stage1Bound, Number.isFinite(stage1.bound) ? stage1.bound : 1);
      proven = stage1.status === 'optimal';
    }
    const zStar = evaluate(selectedSites).minRegionShare;
    // Stage 2: the worst region held at z*, the most total coverage (the same two steps).
    if (unconstrainedMeets(zStar)) selectedSites = [...unconstrained.selectedSites];
    else {
      const totalSearch = searchFits
        ? searchMaxMinCover(regionRows, searchState, problem.siteCount, p, selectedSites, 'total', zStar, work.phase(work.remaining * 0.5), SEARCH_NODE_LIMIT)
        : { sites: selectedSites, complete: false };
      let next = totalSearch.sites;
      if (!totalSearch.complete) {
        const second = buildFairCoverModel(regionRows, rules.state, problem.siteCount, p, 'total', zStar * (1 - 1e-12), work);
        const stage2 = await solveMilp(second.model, { workBudget: work, initialSolution: next.length === p ? second.startOf(next) : undefined });
        if (stage2.columnValues) next = toSites(stage2.columnValues);
      }
      const e = evaluate(next);
      if (e.minRegionShare >= zStar - 1e-12 && e.covered > evaluate(selectedSites).covered) selectedSites = next;
    }
    objective = evaluate(selectedSites).minRegionShare;
    bound = stage1Bound;
    if (memo && proven) memo.maxMin = { minRegionShare: objective, sites: [...selectedSites] };
  }
  const evaluation = evaluate(selectedSites);
  return finishResult({
    model: 'fairCovering',
    sense: 'maximize',
    objective,
    bound,
    trivialBound: goal === 'total' ? evaluation.totalWeight : 1,
    proven,
    selectedSites,
    siteCount: p,
    solver,
    started,
    budget: work,
    details: {
      objective: goal,
      regionMinimumShare: minimum,
      coveredShare: evaluation.coveredShare,
      minRegionShare: evaluation.minRegionShare,
      worstRegion: evaluation.worstRegion,
      regionShares: evaluation.regionShares.map((v) => (Number.isFinite(v) ? v : null)),
      priceShare: freeEval.coveredShare - evaluation.coveredShare,
      ...priced,
      totalWeight: evaluation.totalWeight,
    },
  });
}

/**
 * A local optimum of the max-min model by swaps (one open site out, one closed site in): from
 * `start`, the first swap in index order that raises the worst region's share, or keeps it and
 * raises the total, until none does or the work runs out. A swap is scored by one pass over the
 * rows (each row covered by an open site other than `out`, or by `into`), summed in row order as
 * `coverByRegion` sums them (the same numbers, bit for bit); one unit per row and per row entry
 * of the site swapped in.
 *
 * Most swaps are screened out without that pass, by what the rows of the site swapped in add to
 * the covered weight with `out` closed (close to the pass's sums: a few 1e-13 apart at most, far
 * inside the margins below). A swap is rejected unscored when its worst share falls clearly
 * below the best (by 1e-9), or when its worst share cannot rise (the site in adds no row of a
 * region at the best worst share: that region's sum is then over a subset of the same rows, in
 * the same order, so no larger) and its total falls clearly below the best (by 1e-9 of all the
 * weight). Every other swap is scored by the pass as before: the same swaps taken, the same work.
 */
export function maxMinSwaps(
  start: readonly number[],
  state: Uint8Array,
  siteCount: number,
  rows: RegionCoverRows,
  work: WorkBudget,
): number[] {
  const open = new Uint8Array(siteCount);
  for (const s of start) open[s] = 1;
  const { rowCount, rowWeights, rowRegion, offsets, rowSites, regionWeight } = rows;
  const { offsets: siteOffsets, items: siteRows } = transpose(offsets, rowSites, siteCount);
  const covered = new Float64Array(regionWeight.length);
  // Open sites covering each row, and the rows `into` covers (marked while it is scored).
  const coverCount = new Int32Array(rowCount);
  for (let r = 0; r < rowCount; r++) for (let t = offsets[r]; t < offsets[r + 1]; t++) coverCount[r] += open[rowSites[t]];
  const byInto = new Uint8Array(rowCount);
  work.spend(offsets[rowCount] + rowCount + siteCount);
  let bestTotal = coverByRegion(rows, open, covered);
  let bestLeast = leastRegionShare(regionWeight, covered);
  const regionCount = regionWeight.length;
  // The screen: the best's covered weight per region, whether each region is at the best worst
  // share, what is covered with `out` closed, and the rows `out` covers.
  const bestCovered = Float64Array.from(covered);
  const atLeast = new Uint8Array(regionCount);
  const markAtLeast = () => {
    for (let g = 0; g < regionCount; g++) atLeast[g] = regionWeight[g] > 0 && bestCovered[g] / regionWeight[g] === bestLeast ? 1 : 0;
  };
  markAtLeast();
  // A worst share of 1 (the start's, when no region is below it) cannot rise either.
  let allWeight = 0;
  for (let r = 0; r < rowCount; r++) allWeight += rowWeights[r];
  const totalMargin = 1e-9 * allWeight;
  const withoutOut = new Float64Array(regionCount);
  const added = new Float64Array(regionCount);
  const byOut = new Uint8Array(rowCount);
  const move = (s: number, by: number) => {
    open[s] += by;
    for (let t = siteOffsets[s]; t < siteOffsets[s + 1]; t++) coverCount[siteRows[t]] += by;
  };
  let improved = true;
  while (improved) {
    improved = false;
    for (let out = 0; out < siteCount && !improved; out++) {
      if (open[out] === 0 || state[out] === SITE_FIXED) continue;
      move(out, -1);
      for (let t = siteOffsets[out]; t < siteOffsets[out + 1]; t++) byOut[siteRows[t]] = 1;
      withoutOut.fill(0);
      let totalWithoutOut = 0;
      for (let r = 0; r < rowCount; r++) {
        if (coverCount[r] === 0) continue;
        totalWithoutOut += rowWeights[r];
        if (rowRegion[r] >= 0) withoutOut[rowRegion[r]] += rowWeights[r];
      }
      for (let into = 0; into < siteCount; into++) {
        if (open[into] === 1 || into === out || state[into] === SITE_FORBIDDEN) continue;
        if (!work.spend(rowCount + siteOffsets[into + 1] - siteOffsets[into])) {
          for (let t = siteOffsets[out]; t < siteOffsets[out + 1]; t++) byOut[siteRows[t]] = 0;
          move(out, 1);
          return sitesOf(open);
        }
        // What `into` adds with `out` closed, and whether it adds a row uncovered now.
        added.fill(0);
        let addedTotal = 0;
        let risesAtLeast = bestLeast !== 1 ? 0 : -1;
        for (let t = siteOffsets[into]; t < siteOffsets[into + 1]; t++) {
          const r = siteRows[t];
          if (coverCount[r] !== 0) continue;
          addedTotal += rowWeights[r];
          const g = rowRegion[r];
          if (g < 0) continue;
          added[g] += rowWeights[r];
          if (risesAtLeast === 0 && byOut[r] === 0 && atLeast[g] === 1) risesAtLeast = 1;
        }
        let near = 1;
        for (let g = 0; g < regionCount; g++) if (regionWeight[g] > 0) near = Math.min(near, (withoutOut[g] + added[g]) / regionWeight[g]);
        if (near < bestLeast - 1e-9) continue;
        if (risesAtLeast !== 1 && totalWithoutOut + addedTotal < bestTotal - totalMargin) continue;
        for (let t = siteOffsets[into]; t < siteOffsets[into + 1]; t++) byInto[siteRows[t]] = 1;
        covered.fill(0);
        let total = 0;
        for (let r = 0; r < rowCount; r++) {
          if (coverCount[r] === 0 && byInto[r] === 0) continue;
          total += rowWeights[r];
          if (rowRegion[r] >= 0) covered[rowRegion[r]] += rowWeights[r];
        }
        for (let t = siteOffsets[into]; t < siteOffsets[into + 1]; t++) byInto[siteRows[t]] = 0;
        const least = leastRegionShare(regionWeight, covered);
        if (least > bestLeast || (least === bestLeast && total > bestTotal)) {
          bestLeast = least;
          bestTotal = total;
          bestCovered.set(covered);
          markAtLeast();
          move(into, 1);
          improved = true;
          break;
        }
      }
      for (let t = siteOffsets[out]; t < siteOffsets[out + 1]; t++) byOut[siteRows[t]] = 0;
      if (!improved) move(out, 1);
    }
  }
  return sitesOf(open);
}

function sitesOf(open: Uint8Array): number[] {
  const chosen: number[] = [];
  for (let s = 0; s < open.length; s++) if (open[s] === 1) chosen.push(s);
  return chosen;
}
