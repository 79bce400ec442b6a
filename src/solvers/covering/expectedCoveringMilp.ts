import type { WorkBudget } from '../kernel/workBudget.js';
import { MilpBuilder } from '../milp/milpBuilder.js';
import { solveMilp } from '../milp/solveMilp.js';
import type { ReducedCovering } from './reduceCovering.js';

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
  /** HiGHS solves of the relaxation (1 when the first one is exact at its answer). */
  rounds: number;
}

/**
 * Σ_r w_r (1 − q^{k_r}) of a placement on a reduced covering model, k_r the aircraft reaching
 * row r: the MEXCLP objective (Daskin 1983).
 *
 * @example
 * reducedExpectedCover(model, Int32Array.from([1, 0, 2]), 0.2);
 */
export function reducedExpectedCover(model: ReducedCovering, counts: Int32Array, q: number): number {
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
 * Every round spends from `work`; when it runs out the best placement so far is returned with
 * the relaxation's bound (valid for the MEXCLP) and `optimal: false`.
 *
 * @example
 * const { counts, optimal, bound } = await solveExpectedCoveringMilp(model, { total: 14, busyFraction: 0.1, columnCap, columnMin, start }, work);
 */
export async function solveExpectedCoveringMilp(model: ReducedCovering, placement: ExpectedCoveringPlacement, work: WorkBudget): Promise<ExpectedCoveringMilpResult> {
  const { total, busyFraction: q, columnCap, start } = placement;
  const { rowCount, rowOffsets, rowColumns } = model;
  // K_r = min(P, capacity reaching r): more layers could never be filled.
  const layers = new Int32Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    let k = 0;
    for (let t = rowOffsets[r]; t < rowOffsets[r + 1]; t++) k += columnCap[rowColumns[t]];
    layers[r] = Math.min(k, total);
  }
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
  model: ReducedCovering,
  placement: ExpectedCoveringPlacement,
  start: Int32Array,
  layers: Int32Array,
  explicit: Int32Array,
  work: WorkBudget,
): Promise<{ optimal: boolean; bound: number; counts: Int32Array | null }> {
  const { total, busyFraction: q, columnCap, columnMin } = placement;
  const { rowCount, columnCount, rowOffsets, rowColumns, rowWeights } = model;
  let layerTotal = 0;
  for (let r = 0; r < rowCount; r++) layerTotal += explicit[r] + (layers[r] > explicit[r] ? 1 : 0);
  const n = columnCount + layerTotal;
  const milp = new MilpBuilder('maximize', { columns: n, rows: rowCount + 1, entries: rowColumns.length + layerTotal + columnCount });
  const initial = new Float64Array(n);
  for (let c = 0; c < columnCount; c++) {
    milp.addColumn(0, columnMin[c], columnCap[c], true);
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
  // No restarts: HiGHS's root fixes a few site columns at a time, and each restart re-solved the whole root LP (today's 18 aircraft: 4 restarts, twice the LP iterations).
  // No presolve: the model is reduced already; with it HiGHS spent the same or more work on every
  // instance tried (today's 18 aircraft 55 → 33 M, 22 aircraft 56 → 48 M, the others equal).
  const result = await solveMilp(milp.build(), { workBudget: work, initialSolution: initial, restart: false, presolve: false });
  let counts: Int32Array | null = null;
  if (result.columnValues) {
    counts = new Int32Array(columnCount);
    for (let c = 0; c < columnCount; c++) counts[c] = Math.round(result.columnValues[c]);
  }
  return { optimal: result.status === 'optimal', bound: result.bound, counts };
}
