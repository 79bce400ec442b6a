import { resolveOptions } from '../../resolveOptions.js';
import type { WorkBudget } from '../kernel/workBudget.js';
import type { ReducedCovering } from './reduceCovering.js';

/** Options of {@link lagrangianSetCovering}. */
export interface LagrangianSetCoveringOptions {
  /** Subgradient iterations at most. */
  maxIterations?: number;
  /** Column costs are integers: a bound may be rounded up, and a better cover costs ≤ upper − 1. */
  integral?: boolean;
  /**
   * Turns the relaxed choice (forced and negative-reduced-cost columns, ascending) and the
   * reduced costs into a cover; returns the incumbent cost after (which may now be lower).
   */
  repair?: (columns: Int32Array, reducedCosts: Float64Array) => number;
  /** Call `repair` every this many iterations (0: only once, at the best multipliers). */
  repairEvery?: number;
  /** Starting multipliers (warm start); overwritten with the best ones found. */
  multipliers?: Float64Array;
  /** Step factor f at the start (2 from scratch; smaller when warm-started). */
  initialFactor?: number;
  /** Halve f after this many iterations without a better bound. */
  halvingIterations?: number;
  /** Stop when the best bound rose by less than this share over `stallIterations` iterations. */
  stallShare?: number;
  stallIterations?: number;
  /** Per column 0 free, 1 forced in, 2 forced out (a branch-and-bound node). Default all free. */
  columnState?: Int8Array;
  /** Each step is counted (two passes over the free columns' entries); the steps stop when it runs out. */
  workBudget?: WorkBudget;
}

/** Defaults of {@link LagrangianSetCoveringOptions}. */
export const DEFAULT_LAGRANGIAN_SET_COVERING_OPTIONS = {
  maxIterations: 3000,
  integral: false,
  repairEvery: 10,
  initialFactor: 2,
  halvingIterations: 30,
  stallShare: 1e-4,
  stallIterations: 300,
};

/** What {@link lagrangianSetCovering} returns. */
export interface LagrangianSetCoveringResult {
  /**
   * Best Lagrangian lower bound (rounded up for integral costs; never above `upper`, and
   * `Infinity` when the forced columns leave some row no free column).
   */
  bound: number;
  /** Incumbent cost after the run (from `repair`). */
  upper: number;
  /** Per column 0 free, 1 in no cover cheaper than `upper`, 2 in every such cover. */
  fixing: Uint8Array;
  /** Reduced costs c_j − Σ_{i∈rows(j)} u_i at the best multipliers (forced columns too). */
  reducedCosts: Float64Array;
  /** The best multipliers (the `multipliers` option's array when given). */
  multipliers: Float64Array;
  iterations: number;
}

/**
 * Lagrangian lower bound for set covering (Beasley 1990, "A Lagrangian heuristic for
 * set-covering problems", Naval Research Logistics 37): relax every cover row with u_i ≥ 0,
 *
 *   L(u) = Σ_i u_i + Σ_j min(0, c_j − Σ_{i∈rows(j)} u_i),
 *
 * maximised by subgradient steps u_i ← max(0, u_i + t g_i), g_i = 1 − #{j ∋ i : rc_j < 0},
 * with the Polyak step t = f (upper − L) / ‖g‖², f halved after 30 steps without a better
 * bound (Beasley's rule; it reaches the LP bound within ~0.1 % in a few hundred to a few
 * thousand iterations, each one pass over the matrix). With `columnState` (a branch-and-bound
 * node) forced-in columns add their cost and take their rows out of the relaxation, and
 * forced-out columns are left out.
 *
 * Every L(u) also bounds the best cover with x_j = 1 (L + rc_j, rc_j ≥ 0) and with x_j = 0
 * (L − rc_j, rc_j < 0); the largest of these over all iterations fixes columns (reduced-cost
 * fixing): a column whose forced bound exceeds `upper − 1` (integer costs) or reaches `upper`
 * is in no strictly cheaper cover.
 *
 * @example
 * const result = lagrangianSetCovering(reduced, greedyCost, { integral: true, repair: lagrangianRepair });
 * result.bound; // ≤ the optimal cover cost
 */
export function lagrangianSetCovering(model: ReducedCovering, upperStart: number, options: LagrangianSetCoveringOptions = {}): LagrangianSetCoveringResult {
  const settings = resolveOptions(DEFAULT_LAGRANGIAN_SET_COVERING_OPTIONS, options);
  const budget = options.workBudget;
  const { rowCount, columnCount, rowOffsets, rowColumns, columnOffsets, columnRows, columnCosts } = model;
  const state = options.columnState ?? new Int8Array(columnCount);
  // Rows already covered by a forced column leave the relaxation (u = 0 there).
  const active = new Uint8Array(rowCount).fill(1);
  let forcedCost = 0;
  for (let c = 0; c < columnCount; c++) {
    if (state[c] !== 1) continue;
    forcedCost += columnCosts[c];
    for (let k = columnOffsets[c]; k < columnOffsets[c + 1]; k++) active[columnRows[k]] = 0;
  }
  const fixing = new Uint8Array(columnCount);
  const reduced = new Float64Array(columnCount);
  for (let r = 0; r < rowCount; r++) {
    if (!active[r]) continue;
    let free = false;
    for (let k = rowOffsets[r]; k < rowOffsets[r + 1] && !free; k++) free = state[rowColumns[k]] === 0;
    if (!free) return { bound: Infinity, upper: upperStart, fixing, reducedCosts: reduced, multipliers: options.multipliers ?? new Float64Array(rowCount), iterations: 0 };
  }
  let u = options.multipliers;
  if (!u) {
    u = new Float64Array(rowCount);
    for (let r = 0; r < rowCount; r++) {
      let best = Infinity;
      for (let k = rowOffsets[r]; k < rowOffsets[r + 1]; k++) {
        const c = rowColumns[k];
        best = Math.min(best, columnCosts[c] / (columnOffsets[c + 1] - columnOffsets[c]));
      }
      u[r] = best;
    }
  }
  for (let r = 0; r < rowCount; r++) if (!active[r]) u[r] = 0;
  // Deep in a tree most columns and rows are settled: loop over the free and active ones only.
  // Settled columns keep their cost as reduced cost (never negative, so never in the relaxed
  // choice or the subgradient; a fair price for the repair's completion).
  const freeColumns = new Int32Array(columnCount);
  let freeCount = 0;
  for (let c = 0; c < columnCount; c++) {
    if (state[c] === 0) freeColumns[freeCount++] = c;
    else reduced[c] = Math.max(0, columnCosts[c]);
  }
  const activeRows = new Int32Array(rowCount);
  let activeCount = 0;
  for (let r = 0; r < rowCount; r++) if (active[r]) activeRows[activeCount++] = r;
  const bestU = Float64Array.from(u);
  const bestReduced = Float64Array.from(reduced);
  // Largest bound seen on the best cover with column j forced to 1 (or to 0).
  const boundWithOne = new Float64Array(columnCount).fill(-Infinity);
  const boundWithZero = new Float64Array(columnCount).fill(-Infinity);
  const gradient = new Float64Array(rowCount);
  const coverCount = new Int32Array(rowCount);
  const picks = new Int32Array(columnCount);
  let upper = upperStart;
  let bound = -Infinity;
  let factor = settings.initialFactor;
  let sinceImproved = 0;
  let iterations = 0;
  let stallMark = -Infinity;
  let stallAt = 0;
  const ceil = (v: number) => (settings.integral ? Math.ceil(v - 1e-6) : v);
  const closed = () => ceil(bound) >= upper - 1e-9 * Math.max(1, Math.abs(upper));
  const relaxedChoice = (values: Float64Array): Int32Array => {
    let count = 0;
    for (let c = 0; c < columnCount; c++) if (state[c] === 1 || values[c] < 0) picks[count++] = c;
    return picks.subarray(0, count);
  };
  let stepWork = activeCount;
  for (let t = 0; t < freeCount; t++) stepWork += 2 * (columnOffsets[freeColumns[t] + 1] - columnOffsets[freeColumns[t]]) + 1;
  while (iterations < settings.maxIterations) {
    if (budget && !budget.spend(stepWork)) break;
    let value = forcedCost;
    for (let t = 0; t < activeCount; t++) value += u[activeRows[t]];
    for (let t = 0; t < freeCount; t++) {
      const c = freeColumns[t];
      let s = columnCosts[c];
      for (let k = columnOffsets[c], end = columnOffsets[c + 1]; k < end; k++) s -= u[columnRows[k]];
      reduced[c] = s;
      if (s < 0) value += s;
    }
    for (let t = 0; t < freeCount; t++) {
      const c = freeColumns[t];
      const s = reduced[c];
      if (s >= 0) {
        if (value + s > boundWithOne[c]) boundWithOne[c] = value + s;
      } else if (value - s > boundWithZero[c]) boundWithZero[c] = value - s;
    }
    const improved = bound === -Infinity || value > bound + 1e-12 * Math.max(1, Math.abs(bound));
    if (improved) {
      bound = value;
      bestU.set(u);
      bestReduced.set(reduced);
    }
    if (settings.repair && settings.repairEvery > 0 && iterations % settings.repairEvery === 0) {
      upper = Math.min(upper, settings.repair(relaxedChoice(reduced), reduced));
    }
    iterations++;
    if (closed()) break;
    if (improved) sinceImproved = 0;
    else if (++sinceImproved >= settings.halvingIterations) {
      factor /= 2;
      sinceImproved = 0;
    }
    if (iterations - stallAt >= settings.stallIterations) {
      if (bound - stallMark < settings.stallShare * Math.max(1, Math.abs(bound))) break;
      stallMark = bound;
      stallAt = iterations;
    }
    if (factor < 1e-5) break;
    let norm = 0;
    // Rows' cover counts from the relaxed choice's columns only (a few of them): cheaper than
    // a pass over every row's columns.
    coverCount.fill(0);
    for (let t = 0; t < freeCount; t++) {
      const c = freeColumns[t];
      if (reduced[c] < 0) for (let k = columnOffsets[c], end = columnOffsets[c + 1]; k < end; k++) coverCount[columnRows[k]]++;
    }
    for (let t = 0; t < activeCount; t++) {
      const r = activeRows[t];
      let g = 1 - coverCount[r];
      if (g < 0 && u[r] <= 0) g = 0;
      gradient[r] = g;
      norm += g * g;
    }
    if (norm === 0) break; // the relaxed choice covers every row exactly once: L is the optimum
    // Aim a little above the incumbent so steps stay useful once the bound nears it.
    const step = (factor * Math.max(upper * 1.005 - value, 1e-6 * Math.max(1, Math.abs(upper)))) / norm;
    for (let t = 0; t < activeCount; t++) {
      const r = activeRows[t];
      const v = u[r] + step * gradient[r];
      u[r] = v > 0 ? v : 0;
    }
  }
  u.set(bestU);
  if (settings.repair && !closed()) upper = Math.min(upper, settings.repair(relaxedChoice(bestReduced), bestReduced));
  // A strictly better cover costs at most `upper − 1` (integer costs) or below `upper`.
  const limit = settings.integral ? upper - 1 + 1e-6 : upper - 1e-9 * Math.max(1, Math.abs(upper));
  for (let c = 0; c < columnCount; c++) {
    if (state[c] !== 0) continue;
    if (boundWithOne[c] > limit) fixing[c] = 1;
    else if (boundWithZero[c] > limit) fixing[c] = 2;
  }
  return { bound: Math.min(ceil(bound), upper), upper, fixing, reducedCosts: bestReduced, multipliers: u, iterations };
}
