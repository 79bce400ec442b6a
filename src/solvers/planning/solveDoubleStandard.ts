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
 * tight share. When the work runs out before HiGHS has a placement, a greedy one (sites covering
 * the most uncovered loose demand, then each remaining aircraft where it adds most) is the answer
 * (`solver: "greedy"`) if it keeps the rules; otherwise an error (`E_WORK_BUDGET`). `details.aircraftCounts[k]` are the aircraft at `selectedSites[k]`.
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
  // Out of work before HiGHS's first incumbent: a greedy placement, when it meets the rules, is
  // the answer (issue 17: every result has a finite bound and gap, however short the limit).
  const placed = milp.columnValues ? null : greedyPlacement(rows, caps, p, { onceWeight, twiceWeight, tightShare, totalWeight }, work);
  if (!milp.columnValues && !placed) {
    throw new AirreachError('E_WORK_BUDGET', 'the double standard model found no feasible placement within its work limit', { value: work.spent, where: { field: 'workLimit' }, hint: 'Raise the work limit' });
  }
  const counts = milp.columnValues ? Array.from({ length: m }, (_, s) => Math.round(milp.columnValues![s])) : Array.from(placed!);
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
    solver: milp.columnValues ? 'highs' : 'greedy',
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

/**
 * A placement that keeps the double standard's rules, or null: from the fixed sites, open the
 * allowed site covering the most uncovered loose demand (lowest index on ties) until all reachable
 * demand is within the loose standard, then place each remaining aircraft where it adds the most
 * once/twice-covered tight weight; null when that needs more than `p` aircraft or misses the tight
 * share. Counts its entry visits on `work` (it completes even when the work ran out).
 */
function greedyPlacement(
  rows: ReturnType<typeof groupDemandRows>,
  caps: { lower: Int32Array; upper: Int32Array },
  p: number,
  weights: { onceWeight: number; twiceWeight: number; tightShare: number; totalWeight: number },
  work: ReturnType<typeof budgetOf>,
): Int32Array | null {
  const { rowCount, rowWeights } = rows;
  const m = caps.upper.length;
  const siteRows = rows.offsets.map((offsets, k) => {
    const sites = rows.sites[k];
    const start = new Int32Array(m + 1);
    for (let t = 0; t < sites.length; t++) start[sites[t] + 1]++;
    for (let s = 0; s < m; s++) start[s + 1] += start[s];
    const fill = start.slice(0, m);
    const list = new Int32Array(sites.length);
    for (let r = 0; r < rowCount; r++) for (let t = offsets[r]; t < offsets[r + 1]; t++) list[fill[sites[t]]++] = r;
    work.spend(2 * sites.length + m);
    return { start, list };
  });
  const [tight, loose] = siteRows;
  const counts = Int32Array.from(caps.lower);
  let placed = 0;
  for (let s = 0; s < m; s++) placed += counts[s];
  const looseCovered = new Uint8Array(rowCount);
  const tightCover = new Int32Array(rowCount);
  const add = (s: number) => {
    counts[s]++;
    placed++;
    for (let t = loose.start[s]; t < loose.start[s + 1]; t++) looseCovered[loose.list[t]] = 1;
    for (let t = tight.start[s]; t < tight.start[s + 1]; t++) tightCover[tight.list[t]]++;
  };
  for (let s = 0; s < m; s++) {
    for (let t = loose.start[s]; t < loose.start[s + 1] && counts[s] > 0; t++) looseCovered[loose.list[t]] = 1;
    for (let t = tight.start[s]; t < tight.start[s + 1]; t++) tightCover[tight.list[t]] += counts[s];
  }
  for (;;) {
    let best = -1;
    let bestWeight = 0;
    for (let s = 0; s < m; s++) {
      if (counts[s] > 0 || caps.upper[s] === 0) continue;
      let weight = 0;
      for (let t = loose.start[s]; t < loose.start[s + 1]; t++) if (!looseCovered[loose.list[t]]) weight += rowWeights[loose.list[t]] + 1; // + 1: a row of weight 0 must be reached too
      if (weight > bestWeight) {
        best = s;
        bestWeight = weight;
      }
    }
    work.spend(rows.sites[1].length + m);
    if (best < 0) break;
    if (placed >= p) return null;
    add(best);
  }
  while (placed < p) {
    let best = -1;
    let bestGain = -1;
    for (let s = 0; s < m; s++) {
      if (counts[s] >= caps.upper[s]) continue;
      let gain = 0;
      for (let t = tight.start[s]; t < tight.start[s + 1]; t++) {
        const r = tight.list[t];
        gain += tightCover[r] === 0 ? weights.onceWeight * rowWeights[r] : tightCover[r] === 1 ? weights.twiceWeight * rowWeights[r] : 0;
      }
      if (gain > bestGain) {
        best = s;
        bestGain = gain;
      }
    }
    work.spend(rows.sites[0].length + m);
    if (best < 0) return null;
    add(best);
  }
  let tightCovered = 0;
  for (let r = 0; r < rowCount; r++) if (tightCover[r] > 0) tightCovered += rowWeights[r];
  return tightCovered >= weights.tightShare * weights.totalWeight * (1 - 1e-12) ? counts : null;
}
