import { AirreachError } from '../../errors.js';
import { evaluateDoubleStandard, type DoubleStandardOptions } from '../../models/doubleStandard.js';
import type { SitingProblem, SolveResult } from '../../models/sitingProblem.js';
import { resolveOptions } from '../../resolveOptions.js';
import { checkProblemTotals } from '../kernel/checkProblemTotals.js';
import { finishResult, infeasibleResult } from '../kernel/finishResult.js';
import { budgetOf, type SolveBudgetOptions } from '../kernel/workBudget.js';
import { MilpBuilder } from '../milp/milpBuilder.js';
import { solveMilp } from '../milp/solveMilp.js';
import { aircraftCaps } from './aircraftCaps.js';
import { groupDemandRows } from './groupDemandRows.js';

/** Options of {@link solveDoubleStandard}. */
export interface SolveDoubleStandardOptions extends DoubleStandardOptions, SolveBudgetOptions {}

/** Defaults of {@link SolveDoubleStandardOptions}: no least tight share; once and twice covered demand weigh 1 each. */
export const DEFAULT_SOLVE_DOUBLE_STANDARD_OPTIONS = { tightShare: 0, onceWeight: 1, twiceWeight: 1 };

/**
 * Solves the double standard model ({@link DoubleStandardOptions}, Gendreau, Laporte & Semet
 * 1997) exactly: demand grouped by (tight, loose) cover sets, then the MILP of the model's doc
 * comment through HiGHS. Demand no allowed site reaches within the loose standard is reported in
 * `details.unreachableDemand` and left out of the loose rule (no answer could meet it). Status
 * `infeasible` when HiGHS proves that no placement of the aircraft meets the loose rule and the
 * tight share; an error (`E_WORK_BUDGET`) when the work runs out before any feasible placement is
 * found. `details.aircraftCounts[k]` are the aircraft at `selectedSites[k]`.
 *
 * @example
 * const result = await solveDoubleStandard(problem, { tightMinutes: 30, looseMinutes: 120, aircraftCount: 12, maxAircraftPerSite: 2 });
 */
export async function solveDoubleStandard(problem: SitingProblem, options: SolveDoubleStandardOptions): Promise<SolveResult> {
  const started = performance.now();
  const work = budgetOf(options);
  checkProblemTotals(problem);
  const { tightMinutes, looseMinutes, aircraftCount: p } = options;
  const { tightShare, onceWeight, twiceWeight } = resolveOptions(DEFAULT_SOLVE_DOUBLE_STANDARD_OPTIONS, options);
  if (!(looseMinutes >= tightMinutes)) throw new AirreachError('E_OPTION', 'looseMinutes must be at least tightMinutes', { value: { tightMinutes, looseMinutes }, where: { field: 'looseMinutes' } });
  if (!(tightShare >= 0 && tightShare <= 1)) throw new AirreachError('E_OPTION', 'tightShare must be in [0, 1]', { value: tightShare, where: { field: 'tightShare' } });
  for (const [field, value] of [['onceWeight', onceWeight], ['twiceWeight', twiceWeight]] as const) {
    if (!(value >= 0 && value <= 1e6)) throw new AirreachError('E_OPTION', `${field} must be in [0, 1e6]`, { value, where: { field } });
  }
  const caps = aircraftCaps(problem, options, options.maxAircraftPerSite, 2, p, 'aircraftCount');
  let capacity = 0;
  for (let s = 0; s < problem.siteCount; s++) capacity += caps.upper[s];
  if (capacity < p) {
    throw new AirreachError('E_SITE_COUNT', 'the bases cannot hold that many aircraft', { value: p, where: { field: 'aircraftCount' }, expected: `at most ${capacity} (Σ maxAircraftPerSite over allowed sites)` });
  }
  const rows = groupDemandRows(problem, [tightMinutes, looseMinutes], caps.forbidden, work);
  const { rowCount, rowWeights } = rows;
  const [tightOffsets, looseOffsets] = rows.offsets;
  const [tightSites, looseSites] = rows.sites;
  const m = problem.siteCount;
  let totalWeight = 0;
  for (let r = 0; r < rowCount; r++) totalWeight += rowWeights[r];
  const unreachableDemand: number[] = [];
  for (let i = 0; i < problem.demandCount; i++) {
    const r = rows.rowOfDemand[i];
    if (looseOffsets[r + 1] === looseOffsets[r]) unreachableDemand.push(i);
  }
  const builder = new MilpBuilder('maximize', { columns: m + 2 * rowCount, rows: 3 * rowCount + 2, entries: tightSites.length + looseSites.length + 4 * rowCount + m });
  for (let s = 0; s < m; s++) builder.addColumn(0, caps.lower[s], caps.upper[s], true);
  const once = builder.addColumns(rowCount, 0, 0, 1, true);
  const twice = builder.addColumns(rowCount, 0, 0, 1, true);
  for (let r = 0; r < rowCount; r++) {
    const reachable = tightOffsets[r + 1] > tightOffsets[r];
    builder.setCost(once + r, onceWeight * rowWeights[r]).setBounds(once + r, 0, reachable ? 1 : 0);
    builder.setCost(twice + r, twiceWeight * rowWeights[r]).setBounds(twice + r, 0, reachable ? 1 : 0);
    if (reachable) {
      builder.entry(once + r, 1).entry(twice + r, 1);
      for (let t = tightOffsets[r]; t < tightOffsets[r + 1]; t++) builder.entry(tightSites[t], -1);
      builder.endRow(-Infinity, 0);
      builder.entry(twice + r, 1).entry(once + r, -1).endRow(-Infinity, 0);
    }
    if (looseOffsets[r + 1] > looseOffsets[r]) {
      for (let t = looseOffsets[r]; t < looseOffsets[r + 1]; t++) builder.entry(looseSites[t], 1);
      builder.endRow(1, Infinity);
    }
  }
  if (tightShare > 0) {
    for (let r = 0; r < rowCount; r++) builder.entry(once + r, rowWeights[r]);
    builder.endRow(tightShare * totalWeight * (1 - 1e-12), Infinity);
  }
  for (let s = 0; s < m; s++) builder.entry(s, 1);
  builder.endRow(p, p);
  const milp = await solveMilp(builder.build(), { workBudget: work });
  const evalOptions = { tightMinutes, looseMinutes, onceWeight, twiceWeight };
  if (milp.status === 'infeasible') {
    const evaluation = evaluateDoubleStandard(problem, [], evalOptions);
    return infeasibleResult({
      model: 'doubleStandard',
      sense: 'maximize',
      solver: 'highs',
      started,
      budget: work,
      details: { reason: `no placement of ${p} aircraft reaches all reachable demand within ${looseMinutes} min${tightShare > 0 ? ` and ${(tightShare * 100).toFixed(1)} % within ${tightMinutes} min` : ''}`, unreachableDemand, totalWeight: evaluation.totalWeight },
    });
  }
  if (!milp.columnValues) {
    throw new AirreachError('E_WORK_BUDGET', 'the double standard model found no feasible placement within its work limit', { value: work.spent, where: { field: 'workLimit' }, hint: 'Raise the work limit' });
  }
  const counts = Array.from({ length: m }, (_, s) => Math.round(milp.columnValues![s]));
  const selectedSites = counts.flatMap((c, s) => (c > 0 ? [s] : []));
  const aircraftCounts = selectedSites.map((s) => counts[s]);
  const evaluation = evaluateDoubleStandard(problem, selectedSites, { ...evalOptions, aircraftCounts });
  return finishResult({
    model: 'doubleStandard',
    sense: 'maximize',
    objective: evaluation.objective,
    bound: milp.bound,
    trivialBound: (onceWeight + twiceWeight) * evaluation.totalWeight,
    proven: milp.status === 'optimal',
    selectedSites,
    solver: 'highs',
    started,
    budget: work,
    details: {
      aircraftCounts,
      tightShare: evaluation.tightShare,
      tightTwiceShare: evaluation.tightTwiceShare,
      looseShare: evaluation.looseShare,
      unreachableDemand,
      totalWeight: evaluation.totalWeight,
      reducedRows: rowCount,
    },
  });
}
