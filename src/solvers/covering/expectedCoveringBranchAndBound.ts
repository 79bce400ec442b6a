import { mostFractionalColumn } from './mostFractionalColumn.js';
import type { WorkBudget } from '../kernel/workBudget.js';
import { MilpBuilder } from '../milp/milpBuilder.js';
import { openLpSession, withinHighsRange, type LpBasis } from '../milp/solveMilp.js';
import { fixByReducedCosts, layerCounts, reducedExpectedCover, type ExpectedCoveringPlacement, type ExpectedCoveringRows } from './expectedCoveringMilp.js';
import { gapPruning } from './gapPruning.js';
import { feasibleLimits, withinLimits } from './nodeLimits.js';
import { takeBestNode } from './takeBestNode.js';

/** Options of {@link branchAndBoundExpectedCovering}. */
export interface ExpectedCoveringBranchAndBoundOptions {
  /** Node LPs solved at most (a deterministic budget); then the search stops with the best bound of its open nodes. */
  maxNodes: number;
}

/** What {@link branchAndBoundExpectedCovering} found. */
export interface ExpectedCoveringBranchAndBoundResult {
  /** True when the tree closed: `counts` is optimal. */
  optimal: boolean;
  /** An upper bound of Σ_r w_r (1 − q^{k_r}) over all placements (the incumbent's value when optimal). */
  bound: number;
  /** The best placement found (the start when nothing beat it). */
  counts: Int32Array;
  /** Node LPs solved. */
  nodes: number;
  /** Simplex iterations over all node LPs. */
  iterations: number;
}

interface Node {
  lower: Int32Array;
  upper: Int32Array;
  /** The parent's final basis (null at the root). */
  basis: LpBasis | null;
  /** The parent's Lagrangian bound, valid for every placement within the node's limits. */
  bound: number;
  /** Creation order: ties of bound go to the earliest node. */
  order: number;
}

/**
 * Exact MEXCLP by branch and bound over the integer aircraft per column, each node bounded by
 * the LP of Daskin's full layered model (every row with all K_r = min(P, capacity reaching r)
 * layers, so that the LP is exact at any integral placement) within the node's column limits.
 * The node LPs share one HiGHS session: the root by the primal simplex, each child by the dual
 * simplex from its parent's final basis (a child differs from it in one column's limit).
 *
 * A node's bound is not HiGHS's objective but the Lagrangian bound L(u, λ) of
 * {@link fixByReducedCosts} at the LP's duals and the node's limits, computed from the
 * multipliers alone (valid whatever HiGHS's tolerances), and the same call tightens the node's
 * column limits by reduced costs before branching. A node whose LP point is integral gives a
 * placement, scored exactly ({@link reducedExpectedCover}); it is closed when L meets the
 * incumbent, as every node is (`gapPruning`'s strict rule: 1e-9 relative). Branching: the most
 * fractional column (ties: lowest index), x_c ≤ ⌊v⌋ and x_c ≥ ⌈v⌉; nodes are taken best bound
 * first (ties: the earliest made), so the search, and the placement among equal optima (the
 * first found strictly better than all before it), depend on nothing but the input.
 *
 * Why: today's 18 aircraft have a root LP gap of 0.04 % with 16 columns at ½; seven nodes close
 * it (456 dual iterations after the root), where HiGHS's MILP spent its time on cut separation.
 * The search stops after `maxNodes` node LPs or when `work` runs out, returning the best
 * placement and the largest bound of the nodes left (with the incumbent's value) — the caller
 * then hands both to the MILP; it does not start (bound Infinity, no node) when the LP would
 * have more than 200,000 layer columns or numbers HiGHS cannot take.
 *
 * @example
 * const { counts, optimal, bound } = await branchAndBoundExpectedCovering(model, { total: 16, busyFraction: 0.1, columnCap, columnMin, start }, work, { maxNodes: 60 });
 */
export async function branchAndBoundExpectedCovering(
  model: ExpectedCoveringRows,
  placement: ExpectedCoveringPlacement,
  work: WorkBudget,
  options: ExpectedCoveringBranchAndBoundOptions,
): Promise<ExpectedCoveringBranchAndBoundResult> {
  const { total, busyFraction: q, columnCap, columnMin } = placement;
  const { rowCount, columnCount } = model;
  let best = Int32Array.from(placement.start);
  let bestValue = reducedExpectedCover(model, best, q);
  const pruning = gapPruning(false, 0, () => bestValue);
  const layers = layerCounts(model, columnCap, total);
  let layerTotal = 0;
  for (let r = 0; r < rowCount; r++) layerTotal += layers[r];
  if (layerTotal > MAX_LAYER_COLUMNS) return { optimal: false, bound: Infinity, counts: best, nodes: 0, iterations: 0 };
  const lpModel = layeredLp(model, placement, layers, layerTotal);
  // Weights HiGHS cannot take (1e15 and more): the MILP's route decides what to answer.
  if (!withinHighsRange(lpModel)) return { optimal: false, bound: Infinity, counts: best, nodes: 0, iterations: 0 };
  const columnLower = Float64Array.from(lpModel.columnLower);
  const columnUpper = Float64Array.from(lpModel.columnUpper);
  const lp = await openLpSession(lpModel);
  const open: Node[] = [{ lower: Int32Array.from(columnMin), upper: Int32Array.from(columnCap), basis: null, bound: Infinity, order: 0 }];
  let made = 1;
  let nodes = 0;
  let iterations = 0;
  // Bounds of nodes the search could not settle (an LP stopped by the budget).
  let unsettled = -Infinity;
  const duals = { rows: new Float64Array(rowCount), total: 0 };
  try {
    while (open.length > 0) {
      const node = takeBestNode(open)!;
      if (pruning.strict(node.bound)) continue;
      if (nodes >= options.maxNodes || !work.canContinue()) {
        open.push(node);
        break;
      }
      nodes++;
      for (let c = 0; c < columnCount; c++) {
        columnLower[c] = node.lower[c];
        columnUpper[c] = node.upper[c];
      }
      lp.setColumnBounds(columnLower, columnUpper);
      if (node.basis) lp.setBasis(node.basis);
      const result = lp.solve(work, { primalSimplex: node.basis === null });
      iterations += result.iterationCount;
      work.spend(model.rowColumns.length + columnCount);
      if (result.status === 'infeasible') continue;
      if (result.status !== 'optimal' || !result.rowDuals || !result.columnValues) {
        unsettled = Math.max(unsettled, node.bound);
        continue;
      }
      for (let r = 0; r < rowCount; r++) duals.rows[r] = Math.max(0, result.rowDuals[r]);
      duals.total = Math.max(0, result.rowDuals[rowCount]);
      const x = result.columnValues;
      const branch = mostFractionalColumn(x, columnCount);
      if (branch < 0) {
        const counts = Int32Array.from(x.subarray(0, columnCount), (v) => Math.round(v));
        const value = reducedExpectedCover(model, counts, q);
        if (value > bestValue && withinLimits(counts, node, total)) {
          best = counts;
          bestValue = value;
        }
      }
      const fixing = fixByReducedCosts(model, { ...placement, columnCap: node.upper, columnMin: node.lower }, duals, bestValue);
      work.spend(model.rowColumns.length + rowCount * total);
      const bound = Math.min(node.bound, fixing.bound);
      if (pruning.strict(bound)) continue;
      if (branch < 0) {
        // An integral LP point whose bound does not meet it (HiGHS's tolerances): not settled here.
        unsettled = Math.max(unsettled, bound);
        continue;
      }
      const basis = lp.getBasis();
      const v = x[branch];
      const down: Node = { lower: fixing.lower, upper: Int32Array.from(fixing.upper), basis, bound, order: made++ };
      down.upper[branch] = Math.min(down.upper[branch], Math.floor(v));
      const up: Node = { lower: Int32Array.from(fixing.lower), upper: fixing.upper, basis, bound, order: made++ };
      up.lower[branch] = Math.max(up.lower[branch], Math.ceil(v));
      for (const child of [down, up]) if (feasibleLimits(child, total)) open.push(child);
    }
  } finally {
    lp.dispose();
  }
  let bound = Math.max(bestValue, unsettled);
  for (const node of open) if (!pruning.strict(node.bound)) bound = Math.max(bound, node.bound);
  const optimal = bound === bestValue;
  return { optimal, bound, counts: best, nodes, iterations };
}

/**
 * Most layer columns of the tree's LP (today's 18 aircraft: 16,545). Beyond it (many rows and
 * many aircraft: the layers grow as their product) the search is skipped and the caller's MILP,
 * whose layers past each row's start are folded, takes the question alone.
 */
const MAX_LAYER_COLUMNS = 200_000;

/**
 * Daskin's LP with all layers: max Σ_r Σ_{k ≤ K_r} w_r (1 − q) q^{k−1} y_rk subject to
 * Σ_k y_rk − Σ_{c covers r} x_c ≤ 0 per row and Σ_c x_c ≤ P; x_c within its limits, y ∈ [0, 1].
 * Columns: the x first (index c), then each row's `layers[r]` = K_r layers (`layerCounts`).
 */
function layeredLp(model: ExpectedCoveringRows, placement: ExpectedCoveringPlacement, layers: Int32Array, layerTotal: number) {
  const { total, busyFraction: q, columnCap, columnMin } = placement;
  const { rowCount, columnCount, rowOffsets, rowColumns, rowWeights } = model;
  const lp = new MilpBuilder('maximize', { columns: columnCount + layerTotal, rows: rowCount + 1, entries: rowColumns.length + layerTotal + columnCount });
  for (let c = 0; c < columnCount; c++) lp.addColumn(0, columnMin[c], columnCap[c]);
  for (let r = 0; r < rowCount; r++) {
    for (let t = rowOffsets[r]; t < rowOffsets[r + 1]; t++) lp.entry(rowColumns[t], -1);
    let value = rowWeights[r] * (1 - q);
    for (let k = 1; k <= layers[r]; k++, value *= q) lp.entry(lp.addColumn(value, 0, 1), 1);
    lp.endRow(-Infinity, 0);
  }
  for (let c = 0; c < columnCount; c++) lp.entry(c, 1);
  lp.endRow(0, total);
  return lp.build();
}
