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
  let forcedIn = 0;
  let freeCount = 0;
  for (let c = 0; c < columnCount; c++) {
    if (state[c] === 1) forcedIn++;
    else if (state[c] === 0) freeCount++;
  }
  const pick = count - forcedIn; // free columns the subproblem chooses
  if (pick < 0 || pick > freeCount) return { bound: -Infinity, lowerBound: best, fixing, iterations: 0 };
  const lambda = options.lambda ?? initialCoveringLambda(model);
  const bestLambda = Float64Array.from(lambda);
  const big = new Float64Array(columnCount);
  const order = new Int32Array(columnCount);
  const selected = new Uint8Array(columnCount);
  const candidate = new Int32Array(count);
  const candidateOf = () => {
    let n = 0;
    for (let c = 0; c < columnCount; c++) if (selected[c]) candidate[n++] = c;
    return candidate.subarray(0, n);
  };
  const bestWithOne = new Float64Array(columnCount).fill(Infinity);
  const bestWithZero = new Float64Array(columnCount).fill(Infinity);
  const gradient = new Float64Array(rowCount);
  let bound = Infinity;
  let pi = options.initialPi ?? 2;
  let sinceImproved = 0;
  let iterations = 0;
  const round = (value: number) => (integralWeights ? Math.floor(value + 1e-7) : value);
  const closed = () => round(bound) - best <= targetGap * Math.max(Math.abs(best), 1e-9) + (integralWeights ? 0 : 1e-9 * Math.max(1, best));
  for (; iterations < maxIterations; iterations++) {
    if (budget && !budget.spend(stepWork)) break;
    let value = 0;
    for (let r = 0; r < rowCount; r++) value += rowWeights[r] - lambda[r];
    let free = 0;
    selected.fill(0);
    for (let c = 0; c < columnCount; c++) {
      let s = 0;
      for (let k = columnOffsets[c], end = columnOffsets[c + 1]; k < end; k++) s += lambda[columnRows[k]];
      big[c] = s;
      if (state[c] === 0) order[free++] = c;
      else if (state[c] === 1) {
        selected[c] = 1;
        value += s;
      }
    }
    const freeOrder = order.subarray(0, free);
    freeOrder.sort((a, b) => big[b] - big[a] || a - b);
    for (let t = 0; t < pick; t++) {
      selected[freeOrder[t]] = 1;
      value += big[freeOrder[t]];
    }
    // Bounds with one free column forced: swap it against the weakest chosen / best unchosen.
    const last = pick > 0 ? big[freeOrder[pick - 1]] : Infinity;
    const next = pick < free ? big[freeOrder[pick]] : -Infinity;
    for (let c = 0; c < columnCount; c++) {
      if (state[c] !== 0) continue;
      if (selected[c]) bestWithZero[c] = Math.min(bestWithZero[c], value - big[c] + next);
      else bestWithOne[c] = Math.min(bestWithOne[c], value - last + big[c]);
    }
    if (value < bound - 1e-12) {
      bound = value;
      bestLambda.set(lambda);
      sinceImproved = 0;
    } else if (++sinceImproved >= 30) {
      pi /= 2;
      sinceImproved = 0;
    }
    if (options.onCandidate && (iterations < 20 || iterations % 5 === 0)) {
      best = Math.max(best, options.onCandidate(candidateOf()));
    }
    if (closed() || pi < 1e-5) break;
    if (options.stall && iterations + 1 >= options.stall.iterations && round(bound) - best > options.stall.gap * Math.max(Math.abs(best), 1e-9)) {
      iterations++;
      break;
    }
    let norm = 0;
    for (let r = 0; r < rowCount; r++) {
      let s = 0;
      for (let k = rowOffsets[r], end = rowOffsets[r + 1]; k < end; k++) s += selected[rowColumns[k]];
      let g = s - 1; // ∂L/∂λ_r
      if ((g > 0 && lambda[r] <= 0) || (g < 0 && lambda[r] >= rowWeights[r])) g = 0; // projected
      gradient[r] = g;
      norm += g * g;
    }
    if (norm === 0) break; // the relaxed solution is feasible and complementary: L is optimal
    const step = (pi * Math.max(value - best, 1e-6 * Math.max(1, best))) / norm;
    for (let r = 0; r < rowCount; r++) {
      const v = lambda[r] - step * gradient[r];
      lambda[r] = v < 0 ? 0 : v > rowWeights[r] ? rowWeights[r] : v;
    }
  }
  const strict = integralWeights ? 1 - 1e-7 : 1e-9 * Math.max(1, best);
  for (let c = 0; c < columnCount; c++) {
    // A better solution needs value ≥ best + strict; a forced bound below that rules it out.
    if (state[c] !== 0) continue;
    if (bestWithOne[c] < best + strict) fixing[c] = 1;
    else if (bestWithZero[c] < best + strict) fixing[c] = 2;
  }
  lambda.set(bestLambda);
  return { bound: Math.max(round(bound), best), lowerBound: best, fixing, iterations };
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
