import type { ReducedCovering } from './reduceCovering.js';
import { budgetOf, type SolveBudgetOptions } from '../kernel/workBudget.js';
import { MilpBuilder } from '../milp/milpBuilder.js';
import { openLpSession, type LpBasis } from '../milp/solveMilp.js';
import type { WorkBudget } from '../kernel/workBudget.js';

/**
 * Options of {@link maximalCoveringLpBound}: HiGHS's effort (`workBudget`, or `workLimit` and
 * `timeLimitSeconds`); a run stopped before the LP's optimum yields no multipliers.
 */
export interface MaximalCoveringLpBoundOptions extends SolveBudgetOptions {
  /**
   * Per column 0 free, 1 forced in, 2 forced out (a branch-and-bound node): the LP is then the
   * one of the node — rows a forced-in column covers are counted as covered and left out, forced
   * columns get no dual row, and `count` less the forced-in columns are picked among the free.
   */
  columnState?: Int8Array;
}

/** What {@link maximalCoveringLpBound} returns. */
export interface MaximalCoveringLpBoundResult {
  /**
   * Lagrangian multipliers λ_i ∈ [0, w_i] read off the dual LP (null unless HiGHS reached the
   * LP's optimum). Their bound L(λ) is what callers should trust: recompute it with
   * `lagrangianMaximalCovering`, which is exact whatever HiGHS's tolerances were.
   */
  lambda: Float64Array | null;
  /**
   * The LP's site values x_j ∈ [0, 1] (the dual LP's row duals; forced columns at their fixed
   * value), or null without them: where an LP relaxation is fractional, for branching and
   * rounding.
   */
  siteValues: Float64Array | null;
  /** HiGHS's objective of the dual LP (the LP bound when `optimal`); for logs and branching scores only. */
  lpValue: number;
  /** Simplex iterations HiGHS spent on it. */
  iterations?: number;
  /** `optimal`, `infeasible`, or `unknown` (stopped by the budget). */
  status: string;
  runtimeMs: number;
}

/**
 * The LP relaxation bound of maximal covering with `count` columns, solved through its dual:
 *
 *   min Σ_i w_i (1 − μ_i) + count·θ + Σ_j s_j
 *   s.t. s_j + θ − Σ_{i ∈ rows(j)} w_i μ_i ≥ 0   for every column j,
 *        μ_i ∈ [0, 1], s_j ≥ 0, θ ≥ 0,
 *
 * which is the Lagrangian dual of `lagrangianMaximalCovering` with λ_i = w_i μ_i written
 * as an LP (θ is the count-th largest Λ_j, s_j what column j has above it).
 *
 * Why the dual: the primal LP has a row per demand group (≈ 10,000 on a 20,000 × 500 model at
 * a dense radius) and HiGHS's simplex needed ≈ 48 s CPU on it; the dual has a row per column
 * (≈ 500) and the same simplex solves it in ≈ 1.5 s. Subgradient steps, the other route to
 * these multipliers, stalled 0.36 % above the LP bound on that model after 2,000 steps, and
 * there the LP bound was the optimum — so the exact LP is what proves it.
 *
 * @example
 * const { lambda } = await maximalCoveringLpBound(reduced, 12);
 * if (lambda) lagrangianMaximalCovering(reduced, 12, incumbent, { lambda, maxIterations: 1 }).bound;
 */
export async function maximalCoveringLpBound(
  model: ReducedCovering,
  count: number,
  options: MaximalCoveringLpBoundOptions = {},
): Promise<MaximalCoveringLpBoundResult> {
  const started = performance.now();
  // One builder for the root and the nodes: the LP of a node is the whole model's dual with
  // bounds changed (rows a forced-in column covers: μ_i = 0; forced columns: no dual row).
  const lp = await openMaximalCoveringNodeLp(model, count);
  try {
    const result = lp.solve(options.columnState ?? new Int8Array(model.columnCount), budgetOf(options));
    return { ...result, runtimeMs: performance.now() - started };
  } finally {
    lp.dispose();
  }
}

/** The node LPs of one model kept open in HiGHS ({@link openMaximalCoveringNodeLp}). */
export interface MaximalCoveringNodeLp {
  /** The LP of the node `columnState` (as in {@link MaximalCoveringLpBoundOptions}), warm-started from the last solve. */
  solve(columnState: Int8Array, budget: WorkBudget): MaximalCoveringLpBoundResult;
  /** The basis after the last solve (a copy): a node's children restart from it through {@link MaximalCoveringNodeLp.restore}. */
  basis(): LpBasis;
  /** Installs a basis from {@link MaximalCoveringNodeLp.basis}: the next solve starts from it. */
  restore(basis: LpBasis): void;
  dispose(): void;
}

/**
 * The dual LP of {@link maximalCoveringLpBound} built once for the whole model and kept open,
 * so that each branch-and-bound node changes bounds (rows a forced-in column covers: μ_i = 0;
 * forced columns: their dual row freed; θ's cost: the count left) and HiGHS restarts from the
 * previous basis. On the 20,000 × 500 family model (9,365 demand groups) a node LP built from
 * scratch cost ≈ 0.5 s.
 *
 * @example
 * const lp = await openMaximalCoveringNodeLp(reduced, 12);
 * const node = lp.solve(columnState, budget);
 * lp.dispose();
 */
export async function openMaximalCoveringNodeLp(model: ReducedCovering, count: number): Promise<MaximalCoveringNodeLp> {
  const { rowCount, columnCount, columnOffsets, columnRows, rowWeights } = model;
  const milp = new MilpBuilder('minimize', { columns: rowCount + 1 + columnCount, rows: columnCount, entries: columnRows.length + 2 * columnCount });
  let total = 0;
  for (let r = 0; r < rowCount; r++) {
    milp.addColumn(-rowWeights[r], 0, 1);
    total += rowWeights[r];
  }
  milp.addColumn(count, 0, Infinity);
  milp.addColumns(columnCount, 1, 0, Infinity);
  milp.addOffset(total);
  for (let c = 0; c < columnCount; c++) {
    for (let k = columnOffsets[c], end = columnOffsets[c + 1]; k < end; k++) milp.entry(columnRows[k], -rowWeights[columnRows[k]]);
    milp.entry(rowCount, 1).entry(rowCount + 1 + c, 1).endRow(0, Infinity);
  }
  const session = await openLpSession(milp.build());
  const columnLower = new Float64Array(rowCount + 1 + columnCount);
  const columnUpper = new Float64Array(rowCount + 1 + columnCount).fill(Infinity);
  const rowLower = new Float64Array(columnCount);
  const rowUpper = new Float64Array(columnCount).fill(Infinity);
  const active = new Uint8Array(rowCount);
  return {
    solve(state, budget) {
      active.fill(1);
      let forcedIn = 0;
      for (let c = 0; c < columnCount; c++) {
        if (state[c] === 1) {
          forcedIn++;
          for (let k = columnOffsets[c], end = columnOffsets[c + 1]; k < end; k++) active[columnRows[k]] = 0;
        }
        rowLower[c] = state[c] === 0 ? 0 : -Infinity;
      }
      for (let r = 0; r < rowCount; r++) columnUpper[r] = active[r];
      session.setColumnBounds(columnLower, columnUpper);
      session.setRowBounds(rowLower, rowUpper);
      session.setColumnCost(rowCount, Math.max(0, count - forcedIn));
      const result = session.solve(budget);
      let lambda: Float64Array | null = null;
      let siteValues: Float64Array | null = null;
      if (result.status === 'optimal' && result.columnValues) {
        lambda = new Float64Array(rowCount);
        for (let r = 0; r < rowCount; r++) {
          const mu = active[r] ? result.columnValues[r] : 0;
          lambda[r] = rowWeights[r] * (mu < 0 ? 0 : mu > 1 ? 1 : mu);
        }
        if (result.rowDuals) {
          siteValues = new Float64Array(columnCount);
          for (let c = 0; c < columnCount; c++) {
            const x = state[c] === 0 ? Math.abs(result.rowDuals[c]) : state[c] === 1 ? 1 : 0;
            siteValues[c] = x > 1 ? 1 : x;
          }
        }
      }
      return { lambda, siteValues, lpValue: result.objective, status: result.status, runtimeMs: 0, iterations: result.iterationCount };
    },
    basis() {
      return session.getBasis();
    },
    restore(basis) {
      session.setBasis(basis);
    },
    dispose() {
      session.dispose();
    },
  };
}
