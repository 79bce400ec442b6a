import { AirreachError } from '../../errors.js';
import { evaluatePhasedRollout, yearlyBudgets, yearlyCounts, type PhasedRolloutOptions } from '../../models/phasedRollout.js';
import type { SitingProblem, SolveResult } from '../../models/sitingProblem.js';
import { resolveOptions } from '../../resolveOptions.js';
import { coverRowsProblem } from '../covering/coverRowsProblem.js';
import { solveMaximalCovering, type MaximalCoveringMemo } from '../covering/solveMaximalCovering.js';
import { checkProblemTotals } from '../kernel/checkProblemTotals.js';
import { finishResult } from '../kernel/finishResult.js';
import { resolveSiteRules, SITE_FIXED, SITE_FORBIDDEN } from '../kernel/resolveSiteRules.js';
import { budgetOf, type SolveBudgetOptions } from '../kernel/workBudget.js';
import { MilpBuilder } from '../milp/milpBuilder.js';
import { proveStartByDuals } from '../milp/proveStartByDuals.js';
import { solveMilp } from '../milp/solveMilp.js';
import { groupDemandRows } from './groupDemandRows.js';

/** Options of {@link solvePhasedRollout}. */
export interface SolvePhasedRolloutOptions extends PhasedRolloutOptions, SolveBudgetOptions {
  /** Largest multi-period MILP tried (years × (grouped demand rows + free sites)); above it the heuristic's answer and bound stand. */
  exactSizeLimit?: number;
}

/** Defaults of {@link SolvePhasedRolloutOptions}. */
export const DEFAULT_SOLVE_PHASED_ROLLOUT_OPTIONS = { exactSizeLimit: 200_000, discountRate: 0 };

/**
 * Solves the phased rollout ({@link PhasedRolloutOptions}): a nested year-by-year plan, with a
 * number of new bases (`sitesPerYear`) or a budget (`budgetPerYear`) each year.
 *
 * 1. Heuristic (always): year by year, the maximal covering optimum with every earlier base kept
 *    (`solveMaximalCovering` with them fixed): each year is best given the past, not for the
 *    whole plan.
 * 2. The non-nested curve: each year's count solved alone (earlier choices free). Its bounds,
 *    discounted and summed, bound every nested plan (a nested plan's year t is one of the site
 *    sets the year-t problem ranges over); `details.nestingLossShare[t]` is how much share
 *    nesting costs in year t against that curve.
 * 3. Exact (when years × (rows + sites) ≤ `exactSizeLimit`): the multi-period MILP of the
 *    model's doc comment. First the heuristic's plan is tried as an optimum of its LP
 *    relaxation by row duals that meet it ({@link proveStartByDuals}: a small LP, a row per
 *    site and year; solver label `yearly-mclp+lp-duals`); when they do not, the LP and then the
 *    MIP through HiGHS, started from the heuristic (`yearly-mclp+highs`). Its bound replaces the
 *    curve's when tighter.
 *
 * Steps 1 and 2 solve the demand's cover sets ({@link coverRowsProblem}), which reduce to the
 * same models as the demand itself, and evaluate the curve's answers on the demand.
 *
 * `selectedSites` are the last year's bases; `details.yearSites[t]` every base open in year t,
 * `details.newSitesByYear[t]` those opened that year.
 *
 * @example
 * const result = await solvePhasedRollout(problem, { standardMinutes: 30, sitesPerYear: 2, years: 5, fixedSites: [0, 1] });
 */
export async function solvePhasedRollout(problem: SitingProblem, options: SolvePhasedRolloutOptions): Promise<SolveResult> {
  const started = performance.now();
  const settings = resolveOptions(DEFAULT_SOLVE_PHASED_ROLLOUT_OPTIONS, options);
  const { standardMinutes, discountRate, exactSizeLimit } = settings;
  const work = budgetOf(options);
  checkProblemTotals(problem);
  if (!(discountRate >= 0 && discountRate <= 10)) throw new AirreachError('E_OPTION', 'discountRate must be in [0, 10]', { value: discountRate, where: { field: 'discountRate' } });
  if ((options.sitesPerYear === undefined) === (options.budgetPerYear === undefined)) {
    throw new AirreachError('E_OPTION', 'give exactly one of sitesPerYear or budgetPerYear', { value: { sitesPerYear: options.sitesPerYear, budgetPerYear: options.budgetPerYear }, where: { field: 'sitesPerYear' } });
  }
  const byBudget = options.budgetPerYear !== undefined;
  const perYear = byBudget ? yearlyBudgets(options) : yearlyCounts(options);
  const rules = resolveSiteRules(problem, options);
  const fixed = rules.fixedSites;
  const costOf = (s: number) => (problem.siteCosts ? problem.siteCosts[s] : 1);
  let fixedCost = 0;
  for (const s of fixed) fixedCost += costOf(s);
  // Per year: the sites open (a count) or the budget spent on them, fixed sites included.
  const cumulative: number[] = [];
  let running = byBudget ? fixedCost : fixed.length;
  for (const k of perYear) cumulative.push((running += k));
  if (!byBudget && running < 1) {
    throw new AirreachError('E_SITE_COUNT', 'the plan opens no base in any year', {
      value: perYear,
      where: { field: 'sitesPerYear' },
      expected: 'at least one new base over the plan, or a fixed site',
    });
  }
  if (!byBudget && running > rules.allowedCount) {
    throw new AirreachError('E_SITE_COUNT', 'the plan opens more bases than are allowed', {
      value: running,
      where: { field: 'sitesPerYear' },
      expected: `at most ${rules.allowedCount - fixed.length} new bases over the plan (${rules.allowedCount} allowed sites, ${fixed.length} fixed)`,
    });
  }
  const siteCosts = byBudget ? (problem.siteCosts ?? new Float64Array(problem.siteCount).fill(1)) : undefined;
  const limit = (t: number, kept: readonly number[]) => (siteCosts ? { budget: cumulative[t], siteCosts, fixedSites: kept } : { siteCount: cumulative[t], fixedSites: kept });
  // A year before the first base (no fixed sites, sitesPerYear [0, 2, …]) covers nothing, proven:
  // maximal covering itself takes p ≥ 1, and refused the plan.
  const noBaseYet = (t: number) => !byBudget && cumulative[t] === 0;
  const emptyYear = { selectedSites: [] as number[], objective: 0, bound: 0, status: 'optimal', stoppedBy: 'proof' } as const;
  // The curve's solves share one reduction (same site rules at every count), counted at each.
  const memo: MaximalCoveringMemo = {};
  const years = perYear.length;
  const discount = (t: number) => 1 / (1 + discountRate) ** t;
  const forbiddenSites = [...(options.forbiddenSites ?? [])];
  // Every maximal covering solve below runs on the demand's cover sets (one pass over the
  // matrix) instead of the demand itself (a pass of its own per solve, 9 on today's case).
  const rowProblem = coverRowsProblem(problem, standardMinutes, { forbiddenSites, workBudget: work });
  // 2. the non-nested curve: 30 % of the work, shared evenly by the years.
  const curveBudget = work.phase(work.remaining * 0.3);
  const freeBound: number[] = [];
  const freeObjective: number[] = [];
  const freeOptimal: boolean[] = [];
  let firstYear: readonly number[] | null = null;
  for (let t = 0; t < years; t++) {
    // Evaluated on the demand itself: the objective (and the bound's clamp to it) summed as
    // the model's evaluator sums it, not over the rows (whose sums round otherwise).
    const alone = noBaseYet(t) ? emptyYear : await solveMaximalCovering(rowProblem, { standardMinutes, ...limit(t, fixed), forbiddenSites, memo, evaluateOn: problem, workBudget: curveBudget.phase(curveBudget.remaining / (years - t)) });
    if (t === 0 && alone.stoppedBy === 'proof') firstYear = alone.selectedSites;
    freeBound.push(alone.bound);
    freeObjective.push(alone.objective);
    freeOptimal.push(alone.status === 'optimal');
  }
  // 1. the myopic heuristic.
  const heuristicBudget = work.phase(work.remaining * 0.4);
  let yearSites: number[][] = [];
  let kept = [...fixed];
  for (let t = 0; t < years; t++) {
    // Year 0 keeps only the fixed sites: the curve's first solve is that same problem, and when
    // it ended on its proof (not on the work) solving it again would give the same sites.
    const step = noBaseYet(t) ? emptyYear : t === 0 && firstYear ? { selectedSites: firstYear } : await solveMaximalCovering(rowProblem, { standardMinutes, ...limit(t, kept), forbiddenSites, workBudget: heuristicBudget.phase(heuristicBudget.remaining / (years - t)) });
    kept = [...step.selectedSites];
    yearSites.push(kept);
  }
  let solver = 'yearly-mclp';
  let bound = 0;
  for (let t = 0; t < years; t++) bound += discount(t) * freeBound[t];
  let proven = false;
  // 3. the exact multi-period MILP.
  const forbidden = new Uint8Array(problem.siteCount);
  for (let s = 0; s < problem.siteCount; s++) forbidden[s] = rules.state[s] === SITE_FORBIDDEN ? 1 : 0;
  const rows = groupDemandRows(problem, [standardMinutes], forbidden, work);
  const free: number[] = [];
  for (let s = 0; s < problem.siteCount; s++) if (rules.state[s] !== SITE_FORBIDDEN && rules.state[s] !== SITE_FIXED) free.push(s);
  const size = years * (rows.rowCount + free.length);
  let exactTried = false;
  if (size <= exactSizeLimit && work.canContinue()) {
    exactTried = true;
    const exact = await exactRollout(rows, free, rules.state, cumulative.map((c) => c - (byBudget ? fixedCost : fixed.length)), byBudget ? costOf : null, discount, yearSites, work);
    solver += `+${exact.solver}`;
    if (exact.yearSites) {
      const plan = exact.yearSites.map((sites) => [...fixed, ...sites].sort((a, b) => a - b));
      // HiGHS's plan is most often the heuristic's own (the LP proves the start): nothing to compare.
      const same = plan.every((sites, t) => sites.length === yearSites[t].length && sites.every((s, i) => s === yearSites[t][i]));
      if (!same) {
        const now = evaluatePhasedRollout(problem, yearSites, { standardMinutes, discountRate }).objective;
        const next = evaluatePhasedRollout(problem, plan, { standardMinutes, discountRate }).objective;
        if (next > now) yearSites = plan;
      }
    }
    if (Number.isFinite(exact.bound)) bound = Math.min(bound, exact.bound);
    proven = exact.optimal;
  }
  const evaluation = evaluatePhasedRollout(problem, yearSites, { standardMinutes, discountRate });
  const W = evaluation.totalWeight > 0 ? evaluation.totalWeight : 1;
  const newSitesByYear = yearSites.map((sites, t) => {
    const before = new Set(t === 0 ? fixed : yearSites[t - 1]);
    return sites.filter((s) => !before.has(s));
  });
  return finishResult({
    model: 'phasedRollout',
    sense: 'maximize',
    objective: evaluation.objective,
    bound,
    trivialBound: perYear.reduce((total, _k, t) => total + discount(t) * evaluation.totalWeight, 0),
    proven,
    selectedSites: yearSites[years - 1],
    solver,
    started,
    budget: work,
    details: {
      yearSites,
      newSitesByYear,
      shareByYear: evaluation.shareByYear,
      nonNestedShareByYear: freeObjective.map((v) => v / W),
      nonNestedBoundShareByYear: freeBound.map((v) => v / W),
      nonNestedOptimalByYear: freeOptimal,
      // Against the non-nested optimum (or, when a year's was not proven, its best answer: then a lower estimate).
      nestingLossShare: evaluation.coveredByYear.map((c, t) => Math.max(0, freeObjective[t] - c) / W),
      ...(byBudget ? { costByYear: yearSites.map((sites) => sites.reduce((total, s) => total + costOf(s), 0)), budgetByYear: cumulative } : {}),
      exactTried,
      exactSize: size,
      totalWeight: evaluation.totalWeight,
    },
  });
}

async function exactRollout(
  rows: ReturnType<typeof groupDemandRows>,
  free: number[],
  state: Uint8Array,
  newCumulative: number[],
  costOf: ((s: number) => number) | null,
  discount: (t: number) => number,
  start: number[][],
  work: ReturnType<typeof budgetOf>,
): Promise<{ optimal: boolean; bound: number; yearSites: number[][] | null; solver: string }> {
  const years = newCumulative.length;
  const { rowCount, rowWeights } = rows;
  const offsets = rows.offsets[0];
  const sites = rows.sites[0];
  const columnOf = new Int32Array(state.length).fill(-1);
  free.forEach((s, c) => (columnOf[s] = c));
  const n = free.length;
  const builder = new MilpBuilder('maximize', { columns: years * (n + rowCount), rows: years * (rowCount + n + 1), entries: years * (sites.length + rowCount + 2 * n) });
  const initial: number[] = [];
  const x = (t: number, c: number) => t * n + c;
  for (let t = 0; t < years; t++) {
    const open = new Set(start[t]);
    for (let c = 0; c < n; c++) {
      builder.addColumn(0, 0, 1, true);
      initial.push(open.has(free[c]) ? 1 : 0);
    }
  }
  const yFirst = builder.columnTotal;
  for (let t = 0; t < years; t++) {
    const open = new Set(start[t]);
    for (let r = 0; r < rowCount; r++) {
      // A row a fixed site covers is covered every year: its y is fixed to 1 (a constant).
      let coveredByFixed = false;
      let coveredAtStart = false;
      for (let k = offsets[r]; k < offsets[r + 1]; k++) {
        if (state[sites[k]] === SITE_FIXED) coveredByFixed = true;
        if (open.has(sites[k])) coveredAtStart = true;
      }
      builder.addColumn(discount(t) * rowWeights[r], coveredByFixed ? 1 : 0, offsets[r + 1] > offsets[r] ? 1 : 0);
      initial.push(coveredAtStart ? 1 : 0);
    }
  }
  for (let t = 0; t < years; t++) {
    for (let r = 0; r < rowCount; r++) {
      let any = false;
      for (let k = offsets[r]; k < offsets[r + 1]; k++) if (state[sites[k]] === SITE_FIXED) any = true;
      if (any || offsets[r + 1] === offsets[r]) continue;
      builder.entry(yFirst + t * rowCount + r, 1);
      for (let k = offsets[r]; k < offsets[r + 1]; k++) {
        const c = columnOf[sites[k]];
        if (c >= 0) builder.entry(x(t, c), -1);
      }
      builder.endRow(-Infinity, 0);
    }
    // Sites opened by year t: exactly the count, or within the budget given so far.
    for (let c = 0; c < n; c++) builder.entry(x(t, c), costOf ? costOf(free[c]) : 1);
    builder.endRow(costOf ? -Infinity : newCumulative[t], newCumulative[t]);
    if (t > 0) for (let c = 0; c < n; c++) builder.entry(x(t - 1, c), 1).entry(x(t, c), -1).endRow(-Infinity, 0);
  }
  const model = builder.build();
  const startValues = Float64Array.from(initial);
  // The heuristic's plan is most often an optimum of the LP relaxation (today's case): row duals
  // meeting it by complementary slackness prove it through a small LP (a row per site and year)
  // instead of the whole one (a row per demand row and year; 5,000 primal simplex iterations).
  const proof = await proveStartByDuals(model, startValues, { workBudget: work });
  if (proof.proven) return { optimal: true, bound: proof.bound, yearSites: null, solver: 'lp-duals' };
  // Else the LP relaxation, which may still prove the plan or an integral point of its own
  // (primal simplex from the plan, no presolve or MIP search), then the MIP.
  const result = await solveMilp(model, { workBudget: work, initialSolution: startValues, lpFirst: true });
  let yearSites: number[][] | null = null;
  if (result.columnValues) {
    yearSites = [];
    for (let t = 0; t < years; t++) yearSites.push(free.filter((_s, c) => Math.round(result.columnValues![x(t, c)]) === 1));
  }
  return { optimal: result.status === 'optimal', bound: result.bound, yearSites, solver: 'highs' };
}
