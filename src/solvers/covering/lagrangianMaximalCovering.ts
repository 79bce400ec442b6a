import { resolveOptions } from '../../resolveOptions.js';
import type { WorkBudget } from '../kernel/workBudget.js';
import type { ReducedCovering } from './reduceCovering.js';

/** Options of {@link lagrangianMaximalCovering}. */
export interface LagrangianCoveringOptions {
  maxIterations?: number;
  /** Stop when the bound is within this relative gap of `lowerBound`. */
  targetGap?: number;
  /** Weights are integers: the bound may be rounded down. */
  integralWeights?: boolean;
  /** Called with each Lagrangian site choice (columns, ascending); returns its covered weight. */
  onCandidate?: (columns: Int32Array) => number;
  /** Per column 0 free, 1 forced in, 2 forced out (a branch-and-bound node). Default all free. */
  columnState?: Int8Array;
  /** Starting multipliers (warm start); updated in place to the best ones found. */
  lambda?: Float64Array;
  /** Take multipliers ≥ this value as the first step length scale π (default 2). */
  initialPi?: number;
  /**
   * Give up after `iterations` steps if the relative gap to `lowerBound` is still above `gap`:
   * the caller has a better bound to turn to (the LP) and the steps would be wasted.
   */
  stall?: { iterations: number; gap: number };
  /** Each step is counted (two passes over the matrix); the steps stop when it runs out. */
  workBudget?: WorkBudget;
}

/** Defaults of {@link LagrangianCoveringOptions}. */
export const DEFAULT_LAGRANGIAN_COVERING_OPTIONS = { maxIterations: 600, targetGap: 0, integralWeights: false };

/** What {@link lagrangianMaximalCovering} returns. */
export interface LagrangianCoveringResult {
  /** Best (lowest) upper bound on the covered weight of the reduced model. */
  bound: number;
  /** Best covered weight seen (from `lowerBound` or `onCandidate`). */
  lowerBound: number;
  /** Per column: 0 may be chosen, 1 proven out of every better solution, 2 proven in it. */
  fixing: Uint8Array;
  iterations: number;
}

/**
 * Upper bound for maximal covering with `count` columns by Lagrangian relaxation of the rows
 * y_i ≤ Σ_{j∈N_i} x_j with multipliers λ_i ∈ [0, w_i] (Galvão & ReVelle 1996):
 *
 *   L(λ) = Σ_i (w_i − λ_i) + (sum of the `count` largest Λ_j),   Λ_j = Σ_{i ∈ rows(j)} λ_i,
 *
 * minimised by subgradient steps (Held–Karp step π (L − LB) / ‖g‖², π halved after 30 steps
 * without improvement). The subproblem's choice is handed to `onCandidate` as a primal
 * heuristic. Each L(λ) also bounds the best solution with x_j forced to 1 (or 0); columns
 * whose forced bound falls to the incumbent are marked in `fixing` (reduced-cost fixing).
 *
 * @example
 * const result = lagrangianMaximalCovering(reduced, 5, greedyValue, { onCandidate: evaluate });
 */
export function lagrangianMaximalCovering(
  model: ReducedCovering,
  count: number,
  lowerBound: number,
  options: LagrangianCoveringOptions = {},
): LagrangianCoveringResult {
  const { maxIterations, targetGap, integralWeights } = resolveOptions(DEFAULT_LAGRANGIAN_COVERING_OPTIONS, options);
  const { rowCount, columnCount, rowWeights, rowOffsets, rowColumns, columnOffsets, columnRows } = model;
  const budget = options.workBudget;
  const stepWork = 2 * rowColumns.length + rowCount + columnCount;
  const fixing = new Uint8Array(columnCount);
  let best = lowerBound;
  const state = options.columnState ?? new Int8Array(columnCount);
  const forcedIn = countState(state, columnCount, 1);
  const freeCount = countState(state, columnCount, 0);
  const pick = count - forcedIn; // free columns the subproblem chooses
  if (pick < 0 || pick > freeCount) return { bound: -Infinity, lowerBound: best, fixing, iterations: 0 };
  const lambda = options.lambda ?? initialCoveringLambda(model);
  const bestLambda = Float64Array.from(lambda);
  const big = new Float64Array(columnCount);
  const order = new Int32Array(columnCount);
  const selected = new Uint8Array(columnCount);
  const candidate = new Int32Array(count);
  const bestWithOne = new Float64Array(columnCount).fill(Infinity);
  const bestWithZero = new Float64Array(columnCount).fill(Infinity);
  const gradient = new Float64Array(rowCount);
  let bound = Infinity;
  let pi = options.initialPi ?? 2;
  let sinceImproved = 0;
  let iterations = 0;
  // Every pass over the matrix is a small function of its own: V8 then compiles each once, and
  // never this function's loop by on-stack replacement only to deoptimise it on the code after
  // the loop (which had not run yet), as it did once per solve and per worker thread.
  for (; iterations < maxIterations; iterations++) {
    if (budget && !budget.spend(stepWork)) break;
    let value = rowSlack(rowCount, rowWeights, lambda);
    columnSums(columnOffsets, columnRows, lambda, big);
    value = chooseColumns(state, big, pick, order, selected, value);
    // Bounds with one free column forced: swap it against the weakest chosen / best unchosen.
    const last = pick > 0 ? big[order[pick - 1]] : Infinity;
    const next = pick < freeCount ? big[order[pick]] : -Infinity;
    forcedBounds(state, selected, big, value, last, next, bestWithOne, bestWithZero);
    if (value < bound - 1e-12) {
      bound = value;
      bestLambda.set(lambda);
      sinceImproved = 0;
    } else if (++sinceImproved >= 30) {
      pi /= 2;
      sinceImproved = 0;
    }
    if (options.onCandidate && (iterations < 20 || iterations % 5 === 0)) {
      best = Math.max(best, options.onCandidate(selectedColumns(selected, candidate)));
    }
    const gap = roundBound(bound, integralWeights) - best;
    if (gap <= targetGap * Math.max(Math.abs(best), 1e-9) + (integralWeights ? 0 : 1e-9 * Math.max(1, best)) || pi < 1e-5) break;
    if (options.stall && iterations + 1 >= options.stall.iterations && gap > options.stall.gap * Math.max(Math.abs(best), 1e-9)) {
      iterations++;
      break;
    }
    const norm = projectedSubgradient(rowWeights, rowOffsets, rowColumns, lambda, selected, gradient);
    if (norm === 0) break; // the relaxed solution is feasible and complementary: L is optimal
    const step = (pi * Math.max(value - best, 1e-6 * Math.max(1, best))) / norm;
    stepLambda(rowWeights, gradient, step, lambda);
  }
  fixColumns(state, bestWithOne, bestWithZero, best + (integralWeights ? 1 - 1e-7 : 1e-9 * Math.max(1, best)), fixing);
  lambda.set(bestLambda);
  return { bound: Math.max(roundBound(bound, integralWeights), best), lowerBound: best, fixing, iterations };
}

/** The bound as reported: integral weights allow rounding it down. */
function roundBound(value: number, integralWeights: boolean): number {
  return integralWeights ? Math.floor(value + 1e-7) : value;
}

function countState(state: Int8Array, columnCount: number, value: number): number {
  let n = 0;
  for (let c = 0; c < columnCount; c++) if (state[c] === value) n++;
  return n;
}

/** Σ_i (w_i − λ_i), the rows' part of L(λ). */
function rowSlack(rowCount: number, rowWeights: Float64Array, lambda: Float64Array): number {
  let value = 0;
  for (let r = 0; r < rowCount; r++) value += rowWeights[r] - lambda[r];
  return value;
}

/** Λ_j = Σ_{i ∈ rows(j)} λ_i of every column into `big`. */
function columnSums(columnOffsets: Uint32Array, columnRows: Uint32Array, lambda: Float64Array, big: Float64Array): void {
  for (let c = 0; c < big.length; c++) {
    let s = 0;
    for (let k = columnOffsets[c], end = columnOffsets[c + 1]; k < end; k++) s += lambda[columnRows[k]];
    big[c] = s;
  }
}

/**
 * The subproblem's choice: the forced-in columns and the `pick` free ones of largest Λ (ties
 * by lowest index) are marked in `selected`, the free columns left in `order` by Λ descending;
 * returns `value` plus their Λ (added in that order).
 */
function chooseColumns(state: Int8Array, big: Float64Array, pick: number, order: Int32Array, selected: Uint8Array, value: number): number {
  let free = 0;
  selected.fill(0);
  for (let c = 0; c < big.length; c++) {
    if (state[c] === 0) order[free++] = c;
    else if (state[c] === 1) {
      selected[c] = 1;
      value += big[c];
    }
  }
  const freeOrder = order.subarray(0, free);
  freeOrder.sort((a, b) => big[b] - big[a] || a - b);
  for (let t = 0; t < pick; t++) {
    selected[freeOrder[t]] = 1;
    value += big[freeOrder[t]];
  }
  return value;
}

/** L(λ) with one free column forced out (chosen ones) or in (the others), kept as a minimum per column. */
function forcedBounds(
  state: Int8Array,
  selected: Uint8Array,
  big: Float64Array,
  value: number,
  last: number,
  next: number,
  bestWithOne: Float64Array,
  bestWithZero: Float64Array,
): void {
  for (let c = 0; c < big.length; c++) {
    if (state[c] !== 0) continue;
    if (selected[c]) bestWithZero[c] = Math.min(bestWithZero[c], value - big[c] + next);
    else bestWithOne[c] = Math.min(bestWithOne[c], value - last + big[c]);
  }
}

/** The selected columns, ascending, as a view of `candidate`. */
function selectedColumns(selected: Uint8Array, candidate: Int32Array): Int32Array {
  let n = 0;
  for (let c = 0; c < selected.length; c++) if (selected[c]) candidate[n++] = c;
  return candidate.subarray(0, n);
}

/** ∂L/∂λ of every row into `gradient`, projected on the box [0, w]; returns its squared norm. */
function projectedSubgradient(
  rowWeights: Float64Array,
  rowOffsets: Uint32Array,
  rowColumns: Uint32Array,
  lambda: Float64Array,
  selected: Uint8Array,
  gradient: Float64Array,
): number {
  let norm = 0;
  for (let r = 0; r < gradient.length; r++) {
    let s = 0;
    for (let k = rowOffsets[r], end = rowOffsets[r + 1]; k < end; k++) s += selected[rowColumns[k]];
    let g = s - 1;
    if ((g > 0 && lambda[r] <= 0) || (g < 0 && lambda[r] >= rowWeights[r])) g = 0;
    gradient[r] = g;
    norm += g * g;
  }
  return norm;
}

/** λ ← λ − step · gradient, clamped to [0, w]. */
function stepLambda(rowWeights: Float64Array, gradient: Float64Array, step: number, lambda: Float64Array): void {
  for (let r = 0; r < gradient.length; r++) {
    const v = lambda[r] - step * gradient[r];
    lambda[r] = v < 0 ? 0 : v > rowWeights[r] ? rowWeights[r] : v;
  }
}

/** Reduced-cost fixing: a better solution needs value ≥ `needed`; a forced bound below that rules it out. */
function fixColumns(state: Int8Array, bestWithOne: Float64Array, bestWithZero: Float64Array, needed: number, fixing: Uint8Array): void {
  for (let c = 0; c < fixing.length; c++) {
    if (state[c] !== 0) continue;
    if (bestWithOne[c] < needed) fixing[c] = 1;
    else if (bestWithZero[c] < needed) fixing[c] = 2;
  }
}

/**
 * The usual starting multipliers of the covering Lagrangian, λ_i = w_i / |N_i|: each row's
 * weight spread over the columns that can cover it.
 *
 * @example
 * lagrangianMaximalCovering(model, 8, incumbent, { lambda: initialCoveringLambda(model) });
 */
export function initialCoveringLambda(model: ReducedCovering): Float64Array {
  const { rowCount, rowWeights, rowOffsets } = model;
  const lambda = new Float64Array(rowCount);
  for (let r = 0; r < rowCount; r++) lambda[r] = rowWeights[r] / (rowOffsets[r + 1] - rowOffsets[r]);
  return lambda;
}
