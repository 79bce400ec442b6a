import { AirreachError } from '../../errors.js';
import { evaluateDoubleStandard, scoreDoubleStandard, type DoubleStandardOptions } from '../../models/doubleStandard.js';
import type { SitingProblem, SolveResult } from '../../models/sitingProblem.js';
import { resolveOptions } from '../../resolveOptions.js';
import { transpose } from '../covering/reduceCovering.js';
import { checkProblemTotals } from '../kernel/checkProblemTotals.js';
import { finishResult, infeasibleResult } from '../kernel/finishResult.js';
import { budgetOf, type SolveBudgetOptions } from '../kernel/workBudget.js';
import { MilpBuilder } from '../milp/milpBuilder.js';
import { solveMilp, type MilpResult } from '../milp/solveMilp.js';
import { aircraftCaps } from './aircraftCaps.js';
import { doubleStandardLpBound, type DoubleStandardRows } from './doubleStandardLpBound.js';
import { groupDemandRows } from './groupDemandRows.js';

/** Options of {@link solveDoubleStandard}. */
export interface SolveDoubleStandardOptions extends DoubleStandardOptions, SolveBudgetOptions {}

/** Defaults of {@link SolveDoubleStandardOptions}: no least tight share; once and twice covered demand weigh 1 each. */
export const DEFAULT_SOLVE_DOUBLE_STANDARD_OPTIONS = { tightShare: 0, onceWeight: 1, twiceWeight: 1 };

/**
 * Solves the double standard model ({@link DoubleStandardOptions}, Gendreau, Laporte & Semet
 * 1997) exactly. Demand is merged by its tight cover set (a loose row a fixed site meets, or
 * that a smaller loose set implies, left out); a start (the greedy placement below improved by
 * single-aircraft moves) is proven, or beaten, by the small LP of {@link doubleStandardLpBound}
 * (dominated sites closed, started from the start's basis, bounded by a Lagrangian at its duals):
 * the better of the start and the LP's point when it is integral and keeps the rules is the
 * answer, `optimal` when the bound meets it (`solver: "greedy+moves+lp"`; today's 14 aircraft).
 * Otherwise HiGHS's MILP (x² ≤ x¹ only when twice-covered demand weighs more), started from the
 * start, takes the question, and the smaller of the two bounds is kept. Demand no allowed site
 * reaches within the loose standard is reported in `details.unreachableDemand` and left out of
 * the loose rule (no answer could meet it). Status `infeasible` when HiGHS proves that no
 * placement of the aircraft meets the loose rule and the tight share. When the work runs out
 * before either has a placement, the greedy one (sites covering the most uncovered loose demand,
 * then each remaining aircraft where it adds most) is the answer (`solver: "greedy"`) if it keeps
 * the rules; otherwise an error (`E_WORK_BUDGET`). `details.aircraftCounts[k]` are the aircraft at `selectedSites[k]`.
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
  const looseOffsets = rows.offsets[1];
  const m = problem.siteCount;
  let totalWeight = 0;
  for (let r = 0; r < rowCount; r++) totalWeight += rowWeights[r];
  const unreachableDemand: number[] = [];
  for (let i = 0; i < problem.demandCount; i++) {
    const r = rows.rowOfDemand[i];
    if (looseOffsets[r + 1] === looseOffsets[r]) unreachableDemand.push(i);
  }
  const reduced = reduceDoubleStandardRows(rows, caps.lower, m, work);
  const { groupCount, groupWeights, groupOffsets, groupSites, looseOffsets: keptLooseOffsets, looseSites: keptLooseSites } = reduced;
  // x² ≤ x¹ only binds when twice-covered demand weighs more than once-covered: otherwise any
  // answer with x² > x¹ swaps the two values without losing objective or tight share.
  const ordered = onceWeight < twiceWeight;
  const looseCount = keptLooseOffsets.length - 1;
  // HiGHS's MILP, built only when the LP does not prove the start.
  const buildMilp = () => {
    const builder = new MilpBuilder('maximize', {
      columns: m + 2 * groupCount,
      rows: (ordered ? 2 : 1) * groupCount + looseCount + 2,
      entries: groupSites.length + keptLooseSites.length + (ordered ? 4 : 2) * groupCount + (tightShare > 0 ? groupCount : 0) + m,
    });
    for (let s = 0; s < m; s++) builder.addColumn(0, caps.lower[s], caps.upper[s], true);
    const once = builder.addColumns(groupCount, 0, 0, 1, true);
    const twice = builder.addColumns(groupCount, 0, 0, 1, true);
    for (let g = 0; g < groupCount; g++) {
      builder.setCost(once + g, onceWeight * groupWeights[g]).setCost(twice + g, twiceWeight * groupWeights[g]);
      builder.entry(once + g, 1).entry(twice + g, 1);
      for (let t = groupOffsets[g]; t < groupOffsets[g + 1]; t++) builder.entry(groupSites[t], -1);
      builder.endRow(-Infinity, 0);
      if (ordered) builder.entry(twice + g, 1).entry(once + g, -1).endRow(-Infinity, 0);
    }
    for (let l = 0; l < looseCount; l++) {
      for (let t = keptLooseOffsets[l]; t < keptLooseOffsets[l + 1]; t++) builder.entry(keptLooseSites[t], 1);
      builder.endRow(1, Infinity);
    }
    if (tightShare > 0 && totalWeight > 0) {
      // In shares of the total weight, not in weight: HiGHS's absolute feasibility tolerance
      // (1e-6) swallowed the whole row when the weights were ~1e-6, and its "optimal" placement
      // reached none of the tight share the answer promises.
      for (let g = 0; g < groupCount; g++) builder.entry(once + g, groupWeights[g] / totalWeight);
      builder.endRow(tightShare * (1 - 1e-12), Infinity);
    }
    for (let s = 0; s < m; s++) builder.entry(s, 1);
    builder.endRow(p, p);
    return builder.build();
  };
  // A start for the LP and HiGHS: the greedy placement improved by single-aircraft moves (the
  // LP's first basis is the start's, so a good start saves simplex iterations).
  const tightNeeded = tightShare * totalWeight * (1 - 1e-12);
  const start = greedyPlacement(rows, caps, p, { onceWeight, twiceWeight, tightShare, totalWeight }, work);
  let initialSolution: Float64Array | undefined;
  if (start) {
    improvePlacement(reduced, caps, start, { onceWeight, twiceWeight, tightShare, totalWeight }, work);
    initialSolution = new Float64Array(m + 2 * groupCount);
    for (let s = 0; s < m; s++) initialSolution[s] = start[s];
    for (let g = 0; g < groupCount; g++) {
      let k = 0;
      for (let t = groupOffsets[g]; t < groupOffsets[g + 1]; t++) k += start[groupSites[t]];
      initialSolution[m + g] = k >= 1 ? 1 : 0;
      initialSolution[m + groupCount + g] = k >= 2 ? 1 : 0;
    }
  }
  // The start proven by the small LP of doubleStandardLpBound, or else HiGHS's MILP (the smaller bound kept).
  let lpBound = Infinity;
  let best = start;
  let bestValue = start ? placementValue(reduced, start, onceWeight, twiceWeight) : -Infinity;
  if (start) {
    const lp = await doubleStandardLpBound({ rows: reduced, lower: caps.lower, upper: caps.upper, total: p, onceWeight, twiceWeight, tightNeeded, start }, work);
    lpBound = lp.bound;
    // The LP's point, when integral and keeping the rules, is a placement too (today's is the optimum).
    if (lp.point && keepsRules(reduced, caps, p, lp.point, tightNeeded)) {
      const value = placementValue(reduced, lp.point, onceWeight, twiceWeight);
      if (value > bestValue) {
        best = lp.point;
        bestValue = value;
      }
    }
  }
  const lpProves = best !== null && lpBound <= bestValue + 1e-9 * Math.max(1, Math.abs(bestValue));
  const milp: MilpOutcome = lpProves ? { status: 'optimal', bound: lpBound, columnValues: null } : await solveMilp(buildMilp(), { workBudget: work, initialSolution, lpFirst: !Number.isFinite(lpBound), primalSimplex: true });
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
  const placed = milp.columnValues ? null : best;
  if (!milp.columnValues && !placed) {
    throw new AirreachError('E_WORK_BUDGET', 'the double standard model found no feasible placement within its work limit', { value: work.spent, where: { field: 'workLimit' }, hint: 'Raise the work limit' });
  }
  const counts = milp.columnValues ? Array.from({ length: m }, (_, s) => Math.round(milp.columnValues![s])) : Array.from(placed!);
  const selectedSites = counts.flatMap((c, s) => (c > 0 ? [s] : []));
  const aircraftCounts = selectedSites.map((s) => counts[s]);
  // Scored through the rows (one pass over their site lists instead of two over every stored pair).
  const evaluation = scoreDoubleStandard(problem, ...demandCover(rows, counts), evalOptions);
  return finishResult({
    model: 'doubleStandard',
    sense: 'maximize',
    objective: evaluation.objective,
    bound: Math.min(lpBound, Number.isFinite(milp.bound) ? milp.bound : Infinity),
    trivialBound: (onceWeight + twiceWeight) * evaluation.totalWeight,
    proven: milp.status === 'optimal',
    selectedSites,
    solver: lpProves ? 'greedy+moves+lp' : milp.columnValues ? 'highs' : 'greedy',
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
      tightGroups: groupCount,
      looseRows: looseCount,
    },
  });
}

/** What the proof step returns: the LP's proof of the start, or HiGHS's MILP. */
type MilpOutcome = Pick<MilpResult, 'status' | 'bound' | 'columnValues'>;

/** Σ_g w_g (c1 [k_g ≥ 1] + c2 [k_g ≥ 2]) of a placement over the reduced groups (k_g: aircraft within r1). */
function placementValue(reduced: DoubleStandardRows, counts: Int32Array, onceWeight: number, twiceWeight: number): number {
  let value = 0;
  for (let g = 0; g < reduced.groupCount; g++) {
    let k = 0;
    for (let t = reduced.groupOffsets[g]; t < reduced.groupOffsets[g + 1]; t++) k += counts[reduced.groupSites[t]];
    value += reduced.groupWeights[g] * ((k >= 1 ? onceWeight : 0) + (k >= 2 ? twiceWeight : 0));
  }
  return value;
}

/**
 * Aircraft of `counts` (per site) within the tight and the loose standard of every demand point,
 * as countCover counts them, read through the demand rows (a row's points share their sets).
 */
function demandCover(rows: ReturnType<typeof groupDemandRows>, counts: readonly number[]): [Uint32Array, Uint32Array] {
  return [0, 1].map((k) => {
    const offsets = rows.offsets[k];
    const sites = rows.sites[k];
    const perRow = new Uint32Array(rows.rowCount);
    for (let r = 0; r < rows.rowCount; r++) {
      let n = 0;
      for (let t = offsets[r]; t < offsets[r + 1]; t++) n += counts[sites[t]];
      perRow[r] = n;
    }
    const perDemand = new Uint32Array(rows.rowOfDemand.length);
    for (let i = 0; i < perDemand.length; i++) perDemand[i] = perRow[rows.rowOfDemand[i]];
    return perDemand;
  }) as [Uint32Array, Uint32Array];
}

/**
 * Whether a placement keeps the caps, places exactly `p` aircraft, meets every loose row and
 * reaches the tight share (`tightNeeded`, the MILP's right-hand side) over the reduced groups.
 */
function keepsRules(reduced: DoubleStandardRows, caps: { lower: Int32Array; upper: Int32Array }, p: number, counts: Int32Array, tightNeeded: number): boolean {
  let placed = 0;
  for (let s = 0; s < counts.length; s++) {
    if (counts[s] < caps.lower[s] || counts[s] > caps.upper[s]) return false;
    placed += counts[s];
  }
  if (placed !== p) return false;
  for (let l = 0; l + 1 < reduced.looseOffsets.length; l++) {
    let met = false;
    for (let t = reduced.looseOffsets[l]; t < reduced.looseOffsets[l + 1] && !met; t++) met = counts[reduced.looseSites[t]] > 0;
    if (!met) return false;
  }
  let covered = 0;
  for (let g = 0; g < reduced.groupCount; g++) {
    let k = 0;
    for (let t = reduced.groupOffsets[g]; t < reduced.groupOffsets[g + 1] && k === 0; t++) k += counts[reduced.groupSites[t]];
    if (k > 0) covered += reduced.groupWeights[g];
  }
  return covered >= tightNeeded;
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
    const { offsets: start, items: list } = transpose(offsets, rows.sites[k], m);
    work.spend(2 * list.length + m);
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

/**
 * Reduces the grouped demand rows to what the MILP needs, without changing its optimum:
 * - x¹ and x² only meet the loose rule through y, so demand is merged by its tight set alone
 *   (weights summed; the objective and the tight share are sums over demand with equal tight
 *   cover); demand no site reaches within r1 adds no columns;
 * - a loose row holding a site with a lower bound ≥ 1 (a fixed site) always holds;
 * - of equal loose sets one row stays, and a loose set containing another kept one is implied
 *   by it (Σ_{L} y ≥ Σ_{L'} y ≥ 1 when L' ⊆ L, y ≥ 0).
 * Counts the entries and set comparisons it visits on `work` (it always completes).
 */
function reduceDoubleStandardRows(rows: ReturnType<typeof groupDemandRows>, lower: Int32Array, m: number, work: ReturnType<typeof budgetOf>): DoubleStandardRows {
  const [tightOffsets, looseOffsets] = rows.offsets;
  const [tightSites, looseSites] = rows.sites;
  work.spend(tightSites.length + looseSites.length + rows.rowCount);
  const groupOf = new Map<string, number>();
  const weights: number[] = [];
  const groupLists: Uint32Array[] = [];
  for (let r = 0; r < rows.rowCount; r++) {
    if (tightOffsets[r + 1] === tightOffsets[r]) continue;
    const list = tightSites.subarray(tightOffsets[r], tightOffsets[r + 1]);
    const key = list.join(',');
    let g = groupOf.get(key);
    if (g === undefined) {
      g = weights.length;
      groupOf.set(key, g);
      weights.push(0);
      groupLists.push(list);
    }
    weights[g] += rows.rowWeights[r];
  }
  // Loose sets no fixed site meets, once each, in order of their first row.
  const seen = new Set<string>();
  const candidates: Uint32Array[] = [];
  for (let r = 0; r < rows.rowCount; r++) {
    if (looseOffsets[r + 1] === looseOffsets[r]) continue;
    const list = looseSites.subarray(looseOffsets[r], looseOffsets[r + 1]);
    let met = false;
    for (let t = 0; t < list.length && !met; t++) met = lower[list[t]] >= 1;
    if (met) continue;
    const key = list.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    candidates.push(list);
  }
  // Drop every set that contains another candidate (smaller sets first; equal sizes cannot nest).
  const words = (m + 31) >>> 5;
  const bits = candidates.map((list) => {
    const b = new Uint32Array(words);
    for (const s of list) b[s >>> 5] |= 1 << (s & 31);
    return b;
  });
  const bySize = candidates.map((_list, c) => c).sort((a, b) => candidates[a].length - candidates[b].length || a - b);
  const keptFlag = new Uint8Array(candidates.length);
  const keptBits: Uint32Array[] = [];
  for (const c of bySize) {
    let implied = false;
    for (let k = 0; k < keptBits.length && !implied; k++) {
      let subset = true;
      for (let w = 0; w < words && subset; w++) subset = (keptBits[k][w] & ~bits[c][w]) === 0;
      implied = subset;
    }
    work.spend((keptBits.length + 1) * words);
    if (!implied) {
      keptFlag[c] = 1;
      keptBits.push(bits[c]);
    }
  }
  const kept = candidates.filter((_list, c) => keptFlag[c] === 1);
  const pack = (lists: Uint32Array[]) => {
    const offsets = new Uint32Array(lists.length + 1);
    for (let k = 0; k < lists.length; k++) offsets[k + 1] = offsets[k] + lists[k].length;
    const flat = new Uint32Array(offsets[lists.length]);
    lists.forEach((list, k) => flat.set(list, offsets[k]));
    return { offsets, flat };
  };
  const groups = pack(groupLists);
  const loose = pack(kept);
  return { groupCount: weights.length, groupWeights: Float64Array.from(weights), groupOffsets: groups.offsets, groupSites: groups.flat, looseOffsets: loose.offsets, looseSites: loose.flat };
}

/**
 * Improves a placement that keeps the rules by moving one aircraft at a time to the move that
 * gains most (lowest sites on ties), while a move gains and keeps the loose rule and the tight
 * share. Changes `counts` in place; each scan is counted on `work`, and the moves stop when it
 * runs out.
 */
function improvePlacement(
  reduced: DoubleStandardRows,
  caps: { lower: Int32Array; upper: Int32Array },
  counts: Int32Array,
  weights: { onceWeight: number; twiceWeight: number; tightShare: number; totalWeight: number },
  work: ReturnType<typeof budgetOf>,
): void {
  const m = counts.length;
  const { groupCount, groupWeights, groupOffsets, groupSites, looseOffsets, looseSites } = reduced;
  const looseCount = looseOffsets.length - 1;
  const bySite = (offsets: Uint32Array, sites: Uint32Array) => {
    const { offsets: start, items: list } = transpose(offsets, sites, m);
    return { start, list };
  };
  const tight = bySite(groupOffsets, groupSites);
  const loose = bySite(looseOffsets, looseSites);
  const k = new Int32Array(groupCount);
  const cover = new Int32Array(looseCount);
  for (let s = 0; s < m; s++) {
    for (let t = tight.start[s]; t < tight.start[s + 1]; t++) k[tight.list[t]] += counts[s];
    for (let t = loose.start[s]; t < loose.start[s + 1]; t++) cover[loose.list[t]] += counts[s];
  }
  let tightCovered = 0;
  for (let g = 0; g < groupCount; g++) if (k[g] > 0) tightCovered += groupWeights[g];
  const needed = weights.tightShare * weights.totalWeight * (1 - 1e-12);
  const value = (g: number, cover: number) => groupWeights[g] * ((cover >= 1 ? weights.onceWeight : 0) + (cover >= 2 ? weights.twiceWeight : 0));
  const change = (s: number, delta: number) => {
    counts[s] += delta;
    for (let t = tight.start[s]; t < tight.start[s + 1]; t++) {
      const g = tight.list[t];
      if (k[g] === 0) tightCovered += groupWeights[g];
      k[g] += delta;
      if (k[g] === 0) tightCovered -= groupWeights[g];
    }
    for (let t = loose.start[s]; t < loose.start[s + 1]; t++) cover[loose.list[t]] += delta;
  };
  const broken: number[] = [];
  const scanWork = groupSites.length + looseSites.length + 2 * m;
  for (let round = 0; round < 10_000; round++) {
    let bestGain = 0;
    let bestFrom = -1;
    let bestTo = -1;
    for (let a = 0; a < m; a++) {
      if (counts[a] <= caps.lower[a]) continue;
      if (!work.spend(scanWork)) return;
      let loss = 0;
      for (let t = tight.start[a]; t < tight.start[a + 1]; t++) {
        const g = tight.list[t];
        loss += value(g, k[g]) - value(g, k[g] - 1);
      }
      change(a, -1);
      broken.length = 0;
      for (let t = loose.start[a]; t < loose.start[a + 1]; t++) if (cover[loose.list[t]] === 0) broken.push(loose.list[t]);
      for (let b = 0; b < m; b++) {
        if (b === a || counts[b] >= caps.upper[b]) continue;
        let fixes = 0;
        for (let t = loose.start[b]; t < loose.start[b + 1] && fixes < broken.length; t++) if (cover[loose.list[t]] === 0) fixes++;
        if (fixes < broken.length) continue;
        let gain = 0;
        let newlyCovered = 0;
        for (let t = tight.start[b]; t < tight.start[b + 1]; t++) {
          const g = tight.list[t];
          gain += value(g, k[g] + 1) - value(g, k[g]);
          if (k[g] === 0) newlyCovered += groupWeights[g];
        }
        if (tightCovered + newlyCovered < needed) continue;
        const net = gain - loss;
        if (net > bestGain + 1e-9 * Math.max(1, weights.totalWeight)) {
          bestGain = net;
          bestFrom = a;
          bestTo = b;
        }
      }
      change(a, 1);
    }
    if (bestFrom < 0) return;
    change(bestFrom, -1);
    change(bestTo, 1);
  }
}
