import type { WorkBudget } from '../kernel/workBudget.js';
import { MilpBuilder } from '../milp/milpBuilder.js';
import { solveMilp } from '../milp/solveMilp.js';
import type { ReducedCovering } from './reduceCovering.js';
import { EqualListGroups } from '../kernel/equalListGroups.js';

/** The parts of a reduced covering model the MEXCLP's MILP reads: weighted rows and the columns covering each. */
export type ExpectedCoveringRows = Pick<ReducedCovering, 'rowCount' | 'columnCount' | 'rowOffsets' | 'rowColumns' | 'rowWeights'>;

/** A placement question on a reduced covering model: how many aircraft, where they may go, and where to start. */
export interface ExpectedCoveringPlacement {
  /** Aircraft to place on the model's columns (at most; spare ones go to sites without demand). */
  total: number;
  /** Probability q that an aircraft is busy when called. */
  busyFraction: number;
  /** Most aircraft per column. */
  columnCap: Int32Array;
  /** Fewest aircraft per column (1 on fixed sites). */
  columnMin: Int32Array;
  /** A feasible placement to start from (aircraft per column). */
  start: Int32Array;
}

/** What {@link solveExpectedCoveringMilp} found: the best placement, its proof and the relaxations it solved. */
export interface ExpectedCoveringMilpResult {
  /** True when the placement is proven optimal. */
  optimal: boolean;
  /** An upper bound of Σ_r w_r (1 − q^{k_r}) over all placements (Infinity when HiGHS gave none). */
  bound: number;
  /** The best placement found (the start when HiGHS found nothing better), or null when HiGHS returned no point. */
  counts: Int32Array | null;
  /** HiGHS MILP solves of the relaxation (1 when the first one is exact at its answer; 0 when the LP proved the start). */
  rounds: number;
  /** Columns whose aircraft the LP's reduced costs fixed before the MILP (see {@link fixByReducedCosts}). */
  fixedColumns: number;
}

/**
 * Σ_r w_r (1 − q^{k_r}) of a placement on a reduced covering model, k_r the aircraft reaching
 * row r: the MEXCLP objective (Daskin 1983).
 *
 * @example
 * reducedExpectedCover(model, Int32Array.from([1, 0, 2]), 0.2);
 */
export function reducedExpectedCover(model: ExpectedCoveringRows, counts: Int32Array, q: number): number {
  let value = 0;
  for (let r = 0; r < model.rowCount; r++) {
    let k = 0;
    for (let t = model.rowOffsets[r]; t < model.rowOffsets[r + 1]; t++) k += counts[model.rowColumns[t]];
    value += model.rowWeights[r] * (1 - q ** k);
  }
  return value;
}

/**
 * Solves the MEXCLP on a reduced covering model exactly with HiGHS, from a start placement.
 *
 * Daskin's MILP (1983): max Σ_r Σ_{k=1..K_r} w_r (1 − q) q^{k−1} y_rk subject to
 * Σ_k y_rk ≤ Σ_{c covers r} x_c, Σ_c x_c ≤ P, x_c integer within its limits, 0 ≤ y ≤ 1, where
 * K_r = min(P, the capacity reaching r). Its layers make it wide: today's 18 aircraft give up to
 * 18 per row. Here each row keeps only its first L_r layers explicit (L_r = the start's cover of
 * r plus one) and folds layers L_r + 1..K_r into one tail column 0 ≤ t_r ≤ K_r − L_r valued at
 * layer L_r + 1. As the layer values fall with k, t_r over-counts any cover beyond L_r + 1: the
 * folded model is a relaxation (its bound bounds the MEXCLP) and is exact at any placement that
 * covers no row more than L_r + 1 times. When HiGHS's optimum of the relaxation is such a
 * placement, it is the MEXCLP optimum; otherwise the rows it over-counts get their layers made
 * explicit and the relaxation is solved again from the best placement so far (each round makes
 * some row exact, so this ends, at worst at Daskin's full model). Today's questions: one round
 * each; with presolve off too, HiGHS's work 48 → 20 M (14 aircraft) and 84 → 33 M (18).
 *
 * Before the MILP: the relaxation's LP (HiGHS's primal simplex, a fifth of the time of the dual
 * simplex its MILP root uses) and reduced-cost fixing from its duals ({@link fixByReducedCosts}).
 * When its bound meets the start, the start is proven (`rounds` 0); otherwise the fixed columns
 * leave the model, the rows merge by the columns left (weights w_r q^{f_r}, a constant aside),
 * and the MILP runs on what is left. HiGHS's root time goes to its dual-simplex LP and its cut
 * separation, both growing with the rows: today's 14 aircraft fix 34 of 69 columns and keep
 * 377 of 1,106 rows (work 19.6 → 13.5 M, the LP's 6.7 M included); the 18 fix 3 (a 0.09 % LP
 * gap against 0.002 %), so there the LP is a cost (8 M) that the RINS/RENS sub-MIPs left out
 * (8.4 M) pay back.
 *
 * Every round spends from `work`; when it runs out the best placement so far is returned with
 * the relaxation's bound (valid for the MEXCLP) and `optimal: false`.
 *
 * @example
 * const { counts, optimal, bound } = await solveExpectedCoveringMilp(model, { total: 14, busyFraction: 0.1, columnCap, columnMin, start }, work);
 */
export async function solveExpectedCoveringMilp(model: ExpectedCoveringRows, placement: ExpectedCoveringPlacement, work: WorkBudget): Promise<ExpectedCoveringMilpResult> {
  const { busyFraction: q, start } = placement;
  const startValue = reducedExpectedCover(model, start, q);
  const layers = layerCounts(model, placement.columnCap, placement.total);
  const explicit = startLayers(model, start, layers);
  // The folded relaxation's LP by the primal simplex (cheap next to the MILP's root LP, which
  // HiGHS solves by its dual simplex from scratch): its duals price every column.
  const lp = await solveMilp(buildRelaxation(model, placement, start, layers, explicit, false).model, { workBudget: work, presolve: false, primalSimplex: true });
  if (lp.status === 'optimal' && lp.rowDuals) {
    const rowDuals = lp.rowDuals.subarray(0, model.rowCount).map((u) => Math.max(0, u));
    const fixing = fixByReducedCosts(model, placement, { rows: rowDuals, total: Math.max(0, lp.rowDuals[model.rowCount]) }, startValue);
    work.spend(model.rowColumns.length + model.rowCount * placement.total);
    if (fixing.bound - startValue <= 1e-9 * Math.max(1, Math.abs(startValue))) {
      return { optimal: true, bound: Math.max(fixing.bound, startValue), counts: start, rounds: 0, fixedColumns: model.columnCount };
    }
    if (fixing.fixed > 0) {
      const fixed = fixColumns(model, placement, fixing.lower, fixing.upper);
      work.spend(model.rowColumns.length);
      const result = await solveFolded(fixed.model, fixed.placement, work);
      const counts = result.counts ? fixed.expand(result.counts) : null;
      // A placement outside the new limits is worth less than the start, which is within them.
      return { ...result, bound: Math.min(fixing.bound, Math.max(startValue, result.bound + fixed.constant)), counts, fixedColumns: fixing.fixed };
    }
  }
  return { ...(await solveFolded(model, placement, work)), fixedColumns: 0 };
}

/**
 * K_r = min(P, capacity reaching r) per row: more layers could never be filled.
 *
 * @example
 * const layers = layerCounts(model, placement.columnCap, placement.total); // layers[r] = K_r
 */
export function layerCounts(model: ExpectedCoveringRows, columnCap: Int32Array, total: number): Int32Array {
  const { rowCount, rowOffsets, rowColumns } = model;
  const layers = new Int32Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    let k = 0;
    for (let t = rowOffsets[r]; t < rowOffsets[r + 1]; t++) k += columnCap[rowColumns[t]];
    layers[r] = Math.min(k, total);
  }
  return layers;
}

/** The explicit layers of each row at a start: its cover there plus one (at most K_r). */
function startLayers(model: ExpectedCoveringRows, start: Int32Array, layers: Int32Array): Int32Array {
  const { rowCount, rowOffsets, rowColumns } = model;
  const explicit = new Int32Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    let k = 0;
    for (let t = rowOffsets[r]; t < rowOffsets[r + 1]; t++) k += start[rowColumns[t]];
    explicit[r] = Math.min(layers[r], k + 1);
  }
  return explicit;
}

/** Multipliers of the MEXCLP's rows: u_r ≥ 0 of each row's cover row, λ ≥ 0 of Σ_c x_c ≤ P. */
export interface ExpectedCoveringDuals {
  rows: Float64Array;
  total: number;
}

/** What {@link fixByReducedCosts} proves: a bound and the columns' tightened limits. */
export interface ReducedCostFixing {
  /** The Lagrangian bound L(u, λ) ≥ every placement's Σ_r w_r (1 − q^{k_r}). */
  bound: number;
  /** Fewest aircraft per column that a placement better than the incumbent can have. */
  lower: Int32Array;
  /** Most aircraft per column that a placement better than the incumbent can have. */
  upper: Int32Array;
  /** Columns whose limits met (lower = upper): fixed. */
  fixed: number;
}

/**
 * Reduced-cost fixing for the MEXCLP from any multipliers u ≥ 0, λ ≥ 0 (the LP's duals are the
 * best ones). Relaxing each row's Σ_k y_rk ≤ Σ_{c covers r} x_c and the count Σ_c x_c ≤ P of
 * Daskin's full model (all K_r layers) gives
 * L(u, λ) = λ P + Σ_r Σ_{k ≤ K_r} max(0, w_r (1 − q) q^{k−1} − u_r) + Σ_c max(d_c min_c, d_c cap_c),
 * d_c = Σ_{r covered by c} u_r − λ: a bound on every placement, computed here from the
 * multipliers alone (so HiGHS's tolerances do not enter). A placement with x_c = min_c + j
 * (d_c < 0), or cap_c − j (d_c > 0), is worth at most L − j |d_c|; when that is below the
 * incumbent's value (by 1e-9 relative, for rounding) no better placement has it, and the limit
 * is tightened. Every placement better than the incumbent keeps within the new limits; the
 * incumbent itself too (it cannot beat itself), so a solve within them, keeping the incumbent
 * when nothing beats it, is still exact.
 *
 * @example
 * const { bound, lower, upper } = fixByReducedCosts(model, placement, { rows: u, total: lambda }, reducedExpectedCover(model, start, q));
 */
export function fixByReducedCosts(model: ExpectedCoveringRows, placement: ExpectedCoveringPlacement, duals: ExpectedCoveringDuals, incumbent: number): ReducedCostFixing {
  const { total, busyFraction: q, columnCap, columnMin } = placement;
  const { rowCount, columnCount, rowOffsets, rowColumns, rowWeights } = model;
  const layers = layerCounts(model, columnCap, total);
  const lambda = duals.total;
  let bound = lambda * total;
  const reduced = new Float64Array(columnCount).fill(-lambda);
  for (let r = 0; r < rowCount; r++) {
    const u = duals.rows[r];
    for (let t = rowOffsets[r]; t < rowOffsets[r + 1]; t++) reduced[rowColumns[t]] += u;
    let value = rowWeights[r] * (1 - q);
    for (let k = 1; k <= layers[r] && value > u; k++, value *= q) bound += value - u;
  }
  for (let c = 0; c < columnCount; c++) bound += reduced[c] > 0 ? reduced[c] * columnCap[c] : reduced[c] * columnMin[c];
  const lower = Int32Array.from(columnMin);
  const upper = Int32Array.from(columnCap);
  // L − j |d_c| + tolerance ≤ incumbent rules out j steps from the column's best end.
  const room = bound + 1e-9 * Math.max(1, Math.abs(incumbent)) - incumbent;
  let fixed = 0;
  for (let c = 0; c < columnCount; c++) {
    const d = reduced[c];
    if (d !== 0 && room >= 0) {
      const steps = Math.ceil(room / Math.abs(d)) - 1;
      if (d < 0) upper[c] = Math.max(columnMin[c], Math.min(columnCap[c], columnMin[c] + steps));
      else lower[c] = Math.min(columnCap[c], Math.max(columnMin[c], columnCap[c] - steps));
    }
    if (lower[c] === upper[c]) fixed++;
  }
  return { bound, lower, upper, fixed };
}

/**
 * The MEXCLP left when some columns' aircraft are fixed (`lower[c] = upper[c]`): the other
 * columns within [lower, upper], P less the fixed aircraft, and the rows merged by the columns
 * left. A row r covered f_r times by fixed columns is worth w_r (1 − q^{f_r}) +
 * w_r q^{f_r} (1 − q^{k'_r}), k'_r its cover by the columns left: a constant plus a row of
 * weight w_r q^{f_r}, so rows with the same columns left add their weights into one (exact).
 */
function fixColumns(model: ExpectedCoveringRows, placement: ExpectedCoveringPlacement, lower: Int32Array, upper: Int32Array) {
  const { busyFraction: q, start } = placement;
  const { rowCount, columnCount, rowOffsets, rowColumns, rowWeights } = model;
  const newColumn = new Int32Array(columnCount).fill(-1);
  const kept: number[] = [];
  let fixedAircraft = 0;
  for (let c = 0; c < columnCount; c++) {
    if (lower[c] === upper[c]) fixedAircraft += lower[c];
    else {
      newColumn[c] = kept.length;
      kept.push(c);
    }
  }
  const groups = new EqualListGroups();
  const list = new Uint32Array(columnCount);
  const weights: number[] = [];
  const rowOf: number[] = [];
  let constant = 0;
  for (let r = 0; r < rowCount; r++) {
    let fixedCover = 0;
    let length = 0;
    for (let t = rowOffsets[r]; t < rowOffsets[r + 1]; t++) {
      const c = rowColumns[t];
      if (newColumn[c] < 0) fixedCover += lower[c];
      else list[length++] = newColumn[c];
    }
    const left = q ** fixedCover;
    constant += rowWeights[r] * (1 - left);
    if (length === 0) continue;
    const group = groups.add(list, 0, length);
    if (group === weights.length) {
      weights.push(0);
      rowOf.push(r);
    }
    weights[group] += rowWeights[r] * left;
  }
  const rowOffsetsLeft = new Uint32Array(weights.length + 1);
  const columnsLeft: number[] = [];
  for (let g = 0; g < weights.length; g++) {
    const r = rowOf[g];
    for (let t = rowOffsets[r]; t < rowOffsets[r + 1]; t++) if (newColumn[rowColumns[t]] >= 0) columnsLeft.push(newColumn[rowColumns[t]]);
    rowOffsetsLeft[g + 1] = columnsLeft.length;
  }
  const pick = (values: Int32Array) => Int32Array.from(kept, (c) => values[c]);
  const reduced: ExpectedCoveringRows = { rowCount: weights.length, columnCount: kept.length, rowOffsets: rowOffsetsLeft, rowColumns: Uint32Array.from(columnsLeft), rowWeights: Float64Array.from(weights) };
  return {
    model: reduced,
    placement: { total: placement.total - fixedAircraft, busyFraction: q, columnCap: pick(upper), columnMin: pick(lower), start: pick(start) },
    constant,
    /** Aircraft per original column from aircraft per column left. */
    expand(counts: Int32Array): Int32Array {
      const full = Int32Array.from(lower);
      for (let k = 0; k < kept.length; k++) full[kept[k]] = counts[k];
      return full;
    },
  };
}

/** The layered MILP, folded and refined in rounds (see {@link solveExpectedCoveringMilp}). */
async function solveFolded(model: ExpectedCoveringRows, placement: ExpectedCoveringPlacement, work: WorkBudget): Promise<Omit<ExpectedCoveringMilpResult, 'fixedColumns'>> {
  const { total, busyFraction: q, columnCap, start } = placement;
  const { rowCount, rowOffsets, rowColumns } = model;
  const layers = layerCounts(model, columnCap, total);
  const coverOf = (counts: Int32Array, r: number) => {
    let k = 0;
    for (let t = rowOffsets[r]; t < rowOffsets[r + 1]; t++) k += counts[rowColumns[t]];
    return Math.min(k, layers[r]);
  };
  const explicit = new Int32Array(rowCount);
  for (let r = 0; r < rowCount; r++) explicit[r] = Math.min(layers[r], coverOf(start, r) + 1);
  let best = start;
  let bestValue = reducedExpectedCover(model, start, q);
  let bound = Infinity;
  for (let rounds = 1; ; rounds++) {
    const result = await solveRelaxation(model, placement, best, layers, explicit, work);
    if (Number.isFinite(result.bound)) bound = Math.min(bound, result.bound);
    if (!result.counts) return { optimal: false, bound, counts: rounds === 1 ? null : best, rounds };
    const counts = result.counts;
    let overCounted = 0;
    for (let r = 0; r < rowCount; r++) {
      const k = coverOf(counts, r);
      if (k > explicit[r] + 1) {
        explicit[r] = Math.min(layers[r], k + 1);
        overCounted++;
      }
    }
    const value = reducedExpectedCover(model, counts, q);
    if (value >= bestValue) {
      best = counts;
      bestValue = value;
    }
    if (overCounted === 0) return { optimal: result.optimal, bound, counts: best, rounds };
    if (!work.canContinue()) return { optimal: false, bound, counts: best, rounds };
  }
}

/** One HiGHS solve of the folded relaxation (see {@link solveExpectedCoveringMilp}), started from `start`. */
async function solveRelaxation(
  model: ExpectedCoveringRows,
  placement: ExpectedCoveringPlacement,
  start: Int32Array,
  layers: Int32Array,
  explicit: Int32Array,
  work: WorkBudget,
): Promise<{ optimal: boolean; bound: number; counts: Int32Array | null }> {
  const { columnCount } = model;
  const { model: milp, initial } = buildRelaxation(model, placement, start, layers, explicit, true);
  // No restarts: HiGHS's root fixes a few site columns at a time, and each restart re-solved the whole root LP (today's 18 aircraft: 4 restarts, twice the LP iterations).
  // No presolve: the model is reduced already; with it HiGHS spent the same or more work on every
  // instance tried (today's 18 aircraft 55 → 33 M, 22 aircraft 56 → 48 M, the others equal).
  // No RINS/RENS: the start is the moves' local optimum; today's 18 aircraft 33 → 25 M (its
  // sub-MIPs' LPs), the 14 equal.
  const result = await solveMilp(milp, { workBudget: work, initialSolution: initial, restart: false, presolve: false, subMipHeuristics: false });
  let counts: Int32Array | null = null;
  if (result.columnValues) {
    counts = new Int32Array(columnCount);
    for (let c = 0; c < columnCount; c++) counts[c] = Math.round(result.columnValues[c]);
  }
  return { optimal: result.status === 'optimal', bound: result.bound, counts };
}

/** The folded relaxation as a MILP (or its LP when `integer` is false), with `start`'s point. */
function buildRelaxation(model: ExpectedCoveringRows, placement: ExpectedCoveringPlacement, start: Int32Array, layers: Int32Array, explicit: Int32Array, integer: boolean) {
  const { total, busyFraction: q, columnCap, columnMin } = placement;
  const { rowCount, columnCount, rowOffsets, rowColumns, rowWeights } = model;
  let layerTotal = 0;
  for (let r = 0; r < rowCount; r++) layerTotal += explicit[r] + (layers[r] > explicit[r] ? 1 : 0);
  const n = columnCount + layerTotal;
  const milp = new MilpBuilder('maximize', { columns: n, rows: rowCount + 1, entries: rowColumns.length + layerTotal + columnCount });
  const initial = new Float64Array(n);
  for (let c = 0; c < columnCount; c++) {
    milp.addColumn(0, columnMin[c], columnCap[c], integer);
    initial[c] = start[c];
  }
  for (let r = 0; r < rowCount; r++) {
    let reach = 0;
    for (let t = rowOffsets[r]; t < rowOffsets[r + 1]; t++) {
      milp.entry(rowColumns[t], -1);
      reach += start[rowColumns[t]];
    }
    reach = Math.min(reach, layers[r]);
    for (let k = 1; k <= explicit[r]; k++) {
      const layer = milp.addColumn(rowWeights[r] * (1 - q) * q ** (k - 1), 0, 1);
      initial[layer] = k <= reach ? 1 : 0;
      milp.entry(layer, 1);
    }
    if (layers[r] > explicit[r]) {
      const tail = milp.addColumn(rowWeights[r] * (1 - q) * q ** explicit[r], 0, layers[r] - explicit[r]);
      initial[tail] = Math.max(0, reach - explicit[r]);
      milp.entry(tail, 1);
    }
    milp.endRow(-Infinity, 0);
  }
  for (let c = 0; c < columnCount; c++) milp.entry(c, 1);
  milp.endRow(0, total); // ≤ P: spare aircraft go to sites without demand
  return { model: milp.build(), initial };
}
