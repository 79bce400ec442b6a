import type { ReducedCovering } from './reduceCovering.js';
import { budgetOf, type SolveBudgetOptions } from '../kernel/workBudget.js';
import { MilpBuilder } from '../milp/milpBuilder.js';
import { openLpSession, type LpBasis } from '../milp/solveMilp.js';
import type { WorkBudget } from '../kernel/workBudget.js';
import { EqualListGroups } from '../kernel/equalListGroups.js';

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

/** The parts of a reduced model the node LP reads (a restricted node model has only these). */
export type NodeLpModel = Pick<ReducedCovering, 'rowCount' | 'columnCount' | 'columnOffsets' | 'columnRows' | 'rowWeights'>;

/**
 * The LP of a branch-and-bound node solved on the model restricted to the node, in a HiGHS
 * model of its own built for it: rows a forced-in column covers and rows no free column covers
 * dropped, forced columns dropped, rows with equal free cover sets merged (weights summed),
 * `count` less the forced-in columns. Its multipliers are mapped back (a merged row's share by
 * weight; covered rows 0; rows only forced-out columns cover at their weight) and are exact
 * for the node's LP in {@link openMaximalCoveringNodeLp}'s terms, so callers check them by
 * L(λ) as usual. Returns undefined, after one counted pass, when the restricted model keeps
 * more than `maxPairShare` of the model's (row, column) pairs: the whole model's session,
 * warm-started from the parent's basis, is then the cheaper route.
 *
 * Why: a node LP's dual simplex iteration costs about the model's pairs, and deep in the tree
 * the node's free columns cover a fraction of them. On the 20,000 × 500 family (seed 103,
 * 30 min) nodes 90–140 kept 12–32 % of the 506,564 pairs; solved from scratch on their
 * restricted models they took 11.9 s where the whole model from the parent's basis took 19.3 s
 * (about as many iterations: the forced-in child gains little from its parent's basis). Early
 * nodes (50–95 % of the pairs) were faster in the session (22.2 s against 32.6 s for 40).
 *
 * @example
 * const lp = await restrictedNodeLp(reduced, 12, columnState, budget, 0.4);
 * if (lp?.lambda) lagrangianMaximalCovering(reduced, 12, incumbent, { columnState, lambda: lp.lambda, maxIterations: 1 });
 */
export async function restrictedNodeLp(
  model: NodeLpModel & Pick<ReducedCovering, 'rowOffsets' | 'rowColumns'>,
  count: number,
  columnState: Int8Array,
  budget: WorkBudget,
  maxPairShare: number,
): Promise<MaximalCoveringLpBoundResult | undefined> {
  const started = performance.now();
  const { rowCount, columnCount, rowOffsets, rowColumns, rowWeights } = model;
  budget.spend(rowColumns.length + rowCount);
  const columnOf = new Int32Array(columnCount).fill(-1);
  let freeCount = 0;
  let forcedIn = 0;
  for (let c = 0; c < columnCount; c++) {
    if (columnState[c] === 0) columnOf[c] = freeCount++;
    else if (columnState[c] === 1) forcedIn++;
  }
  // Per row: -1 covered by a forced-in column, else its free pairs (0: no free column covers it).
  const rowFree = new Int32Array(rowCount);
  let pairs = 0;
  for (let r = 0; r < rowCount; r++) {
    let n = 0;
    for (let k = rowOffsets[r], end = rowOffsets[r + 1]; k < end; k++) {
      const state = columnState[rowColumns[k]];
      if (state === 1) {
        n = -1;
        break;
      }
      if (state === 0) n++;
    }
    rowFree[r] = n;
    if (n > 0) pairs += n;
  }
  if (pairs > maxPairShare * rowColumns.length) return undefined;
  // Merge rows with equal free cover sets (as free-column numbers, ascending like the row's columns).
  const groupOf = new Int32Array(rowCount).fill(-1);
  const groupRow: number[] = [];
  const groupWeight: number[] = [];
  const sets = new EqualListGroups();
  const freeColumns = new Uint32Array(freeCount);
  let covered = 0;
  for (let r = 0; r < rowCount; r++) {
    if (rowFree[r] < 0) {
      covered += rowWeights[r];
      continue;
    }
    if (rowFree[r] === 0) continue;
    let n = 0;
    for (let k = rowOffsets[r], end = rowOffsets[r + 1]; k < end; k++) {
      const c = columnOf[rowColumns[k]];
      if (c >= 0) freeColumns[n++] = c;
    }
    const group = sets.add(freeColumns, 0, n);
    if (group === groupRow.length) {
      groupRow.push(r);
      groupWeight.push(0);
    }
    groupOf[r] = group;
    groupWeight[group] += rowWeights[r];
  }
  const groups = groupRow.length;
  // The restricted model's columns: per free column, its groups (ascending).
  const columnSizes = new Uint32Array(freeCount + 1);
  for (let g = 0; g < groups; g++) {
    const r = groupRow[g];
    for (let k = rowOffsets[r], end = rowOffsets[r + 1]; k < end; k++) if (columnOf[rowColumns[k]] >= 0) columnSizes[columnOf[rowColumns[k]] + 1]++;
  }
  for (let c = 0; c < freeCount; c++) columnSizes[c + 1] += columnSizes[c];
  const columnOffsets = columnSizes;
  const columnRows = new Uint32Array(columnOffsets[freeCount]);
  const fill = columnOffsets.slice(0, freeCount);
  for (let g = 0; g < groups; g++) {
    const r = groupRow[g];
    for (let k = rowOffsets[r], end = rowOffsets[r + 1]; k < end; k++) {
      const c = columnOf[rowColumns[k]];
      if (c >= 0) columnRows[fill[c]++] = g;
    }
  }
  const restricted: NodeLpModel = { rowCount: groups, columnCount: freeCount, columnOffsets, columnRows, rowWeights: Float64Array.from(groupWeight) };
  const lp = await openMaximalCoveringNodeLp(restricted, Math.max(0, count - forcedIn));
  let result: MaximalCoveringLpBoundResult;
  try {
    result = lp.solve(new Int8Array(freeCount), budget);
  } finally {
    lp.dispose();
  }
  let lambda: Float64Array | null = null;
  let siteValues: Float64Array | null = null;
  if (result.lambda) {
    lambda = new Float64Array(rowCount);
    for (let r = 0; r < rowCount; r++) {
      const g = groupOf[r];
      lambda[r] = g >= 0 ? (groupWeight[g] > 0 ? (rowWeights[r] * result.lambda[g]) / groupWeight[g] : 0) : rowFree[r] === 0 ? rowWeights[r] : 0;
    }
  }
  if (result.siteValues) {
    siteValues = new Float64Array(columnCount);
    for (let c = 0; c < columnCount; c++) siteValues[c] = columnOf[c] >= 0 ? result.siteValues[columnOf[c]] : columnState[c] === 1 ? 1 : 0;
  }
  return { lambda, siteValues, lpValue: result.lpValue + covered, status: result.status, iterations: result.iterations, runtimeMs: performance.now() - started };
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
export async function openMaximalCoveringNodeLp(model: NodeLpModel, count: number): Promise<MaximalCoveringNodeLp> {
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
