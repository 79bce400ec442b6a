import { mostFractionalColumn } from '../covering/mostFractionalColumn.js';
import { feasibleLimits, withinLimits } from '../covering/nodeLimits.js';
import { gapPruning } from '../covering/gapPruning.js';
import { takeBestNode } from '../covering/takeBestNode.js';
import type { WorkBudget } from '../kernel/workBudget.js';
import { MilpBuilder } from '../milp/milpBuilder.js';
import { openLpSession, withinHighsRange, type LpBasis } from '../milp/solveMilp.js';

/** Demand rows of the MALP: row r (weight w_r) is reached by the sites `rowSites[rowOffsets[r] … rowOffsets[r + 1] − 1]`. */
export interface MaximumAvailabilityRows {
  rowCount: number;
  siteCount: number;
  rowOffsets: Uint32Array;
  rowSites: Uint32Array;
  rowWeights: Float64Array;
}

/** The aircraft to place: at most `total`, `lower[s]`..`upper[s]` at site s, `required` (b) within reach of a row to count it. */
export interface MaximumAvailabilityPlacement {
  total: number;
  required: number;
  lower: Int32Array;
  upper: Int32Array;
  /** A placement within the limits to start from (the incumbent until a better one is found). */
  start: Int32Array;
}

/** Options of {@link branchAndBoundMaximumAvailability}. */
export interface MaximumAvailabilityBranchAndBoundOptions {
  /** Node LPs solved at most (a deterministic budget); then the search stops with the best bound of its open nodes. */
  maxNodes: number;
}

/** What {@link branchAndBoundMaximumAvailability} found. */
export interface MaximumAvailabilityBranchAndBoundResult {
  /** True when the tree closed: `counts` is optimal. */
  optimal: boolean;
  /** An upper bound of the reliably covered weight over all placements (Infinity when the tree did not start). */
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
  /** Limits of the rows' y: 0 or 1 each (a branched or fixed row has them equal). */
  yLower: Uint8Array;
  yUpper: Uint8Array;
  /** The parent's final basis (null at the root). */
  basis: LpBasis | null;
  /** The parent's Lagrangian bound, valid for every answer within the node's limits. */
  bound: number;
  order: number;
}

/**
 * Σ_r w_r over the rows reached by at least b aircraft of `counts` (rows summed in order).
 *
 * @example
 * reliableWeight(rows, Int32Array.of(2, 0, 1), 2);
 */
export function reliableWeight(rows: MaximumAvailabilityRows, counts: Int32Array, required: number): number {
  let value = 0;
  for (let r = 0; r < rows.rowCount; r++) {
    let k = 0;
    for (let t = rows.rowOffsets[r]; t < rows.rowOffsets[r + 1]; t++) k += counts[rows.rowSites[t]];
    if (k >= required) value += rows.rowWeights[r];
  }
  return value;
}

/**
 * Exact MALP (no budget row) by branch and bound over ReVelle & Hogan's LP
 * (max Σ w_r y_r, b y_r ≤ Σ_{s reaches r} x_s, Σ x_s ≤ P, x and y within the node's limits),
 * the node LPs in one HiGHS session: the root by the primal simplex, each child by the dual
 * simplex from its parent's final basis. The pattern of the MEXCLP's tree
 * (`branchAndBoundExpectedCovering`), with the MALP's own branching: the LP's x is often
 * integral while rows reached by fewer than b aircraft count a fraction (y = k/b), so after the
 * most fractional x (x_s ≤ ⌊v⌋ | x_s ≥ ⌈v⌉) the search branches on the heaviest fractional row
 * (y_r = 0 | y_r = 1: the row's sites then hold b aircraft). Ties go to the lowest index.
 *
 * A node's bound is the Lagrangian bound at the LP's duals u ≥ 0 (rows), λ ≥ 0 (Σ x ≤ P) and
 * the node's limits, from the multipliers alone (valid whatever HiGHS's tolerances):
 * L = λP + Σ_r max over y_r of (w_r − b u_r) y_r + Σ_s max over x_s of (Σ_{r ∋ s} u_r − λ) x_s;
 * the same pass tightens the node's x and y limits by reduced costs (a step whose cost takes L
 * to the incumbent or below is ruled out). A node whose LP x is integral gives a placement,
 * scored exactly ({@link reliableWeight}); nodes are closed by `gapPruning`'s strict rule and
 * taken best bound first (ties: earliest made), so the search, and the placement among equal
 * optima (the first strictly better than all before it), depend on nothing but the input.
 *
 * Why: today's MALP (18 aircraft, b = 2) has an LP gap of 0.1 % with 154 rows at y = ½ and an
 * integral x; HiGHS's MILP closed it at its root by cut separation (work 3.6 M); this tree
 * closes it in 3 node LPs. It stops after `maxNodes` node LPs or when `work` runs out and
 * returns the best placement and the largest bound of the nodes left (with the incumbent's
 * value), for the caller's MILP; it does not start (bound Infinity) when the LP has numbers
 * HiGHS cannot take.
 *
 * @example
 * const tree = await branchAndBoundMaximumAvailability(rows, { total: 18, required: 2, lower, upper, start }, work, { maxNodes: 200 });
 */
export async function branchAndBoundMaximumAvailability(
  rows: MaximumAvailabilityRows,
  placement: MaximumAvailabilityPlacement,
  work: WorkBudget,
  options: MaximumAvailabilityBranchAndBoundOptions,
): Promise<MaximumAvailabilityBranchAndBoundResult> {
  const { total, required: b } = placement;
  const { rowCount, siteCount: m, rowOffsets, rowSites, rowWeights } = rows;
  let best = Int32Array.from(placement.start);
  let bestValue = reliableWeight(rows, best, b);
  const pruning = gapPruning(false, 0, () => bestValue);
  const lpModel = availabilityLp(rows, placement);
  if (!withinHighsRange(lpModel)) return { optimal: false, bound: Infinity, counts: best, nodes: 0, iterations: 0 };
  const columnLower = Float64Array.from(lpModel.columnLower);
  const columnUpper = Float64Array.from(lpModel.columnUpper);
  const yUpper = new Uint8Array(rowCount);
  for (let r = 0; r < rowCount; r++) yUpper[r] = rowOffsets[r + 1] > rowOffsets[r] ? 1 : 0;
  const lp = await openLpSession(lpModel);
  const open: Node[] = [{ lower: Int32Array.from(placement.lower), upper: Int32Array.from(placement.upper), yLower: new Uint8Array(rowCount), yUpper, basis: null, bound: Infinity, order: 0 }];
  const global = { lower: placement.lower, upper: placement.upper };
  let made = 1;
  let nodes = 0;
  let iterations = 0;
  // Bounds of nodes the search could not settle (an LP stopped by the budget, HiGHS's tolerances).
  let unsettled = -Infinity;
  const duals = { rows: new Float64Array(rowCount), total: 0 };
  const passWork = rowSites.length + m + rowCount;
  try {
    while (open.length > 0) {
      const node = takeBestNode(open)!;
      if (pruning.strict(node.bound)) continue;
      if (nodes >= options.maxNodes || !work.canContinue()) {
        open.push(node);
        break;
      }
      nodes++;
      for (let s = 0; s < m; s++) {
        columnLower[s] = node.lower[s];
        columnUpper[s] = node.upper[s];
      }
      for (let r = 0; r < rowCount; r++) {
        columnLower[m + r] = node.yLower[r];
        columnUpper[m + r] = node.yUpper[r];
      }
      lp.setColumnBounds(columnLower, columnUpper);
      if (node.basis) lp.setBasis(node.basis);
      const result = lp.solve(work, { primalSimplex: node.basis === null });
      iterations += result.iterationCount;
      work.spend(passWork);
      if (result.status === 'infeasible') continue;
      if (result.status !== 'optimal' || !result.rowDuals || !result.columnValues) {
        unsettled = Math.max(unsettled, node.bound);
        continue;
      }
      for (let r = 0; r < rowCount; r++) duals.rows[r] = Math.max(0, result.rowDuals[r]);
      duals.total = Math.max(0, result.rowDuals[rowCount]);
      const x = result.columnValues;
      const branch = mostFractionalColumn(x, m);
      if (branch < 0) {
        const counts = Int32Array.from(x.subarray(0, m), (v) => Math.round(v));
        if (withinLimits(counts, global, total)) {
          const value = reliableWeight(rows, counts, b);
          work.spend(rowSites.length);
          if (value > bestValue) {
            best = counts;
            bestValue = value;
          }
        }
      }
      const fixing = fixAvailabilityByReducedCosts(rows, b, total, node, duals, bestValue);
      work.spend(passWork);
      const bound = Math.min(node.bound, fixing.bound);
      if (pruning.strict(bound)) continue;
      let row = -1;
      if (branch < 0) {
        let weight = -1;
        for (let r = 0; r < rowCount; r++) {
          const y = x[m + r];
          if (fixing.yLower[r] !== fixing.yUpper[r] && y > 1e-6 && y < 1 - 1e-6 && rowWeights[r] > weight) {
            weight = rowWeights[r];
            row = r;
          }
        }
        if (row < 0) {
          // An integral LP point whose bound does not meet it (HiGHS's tolerances): not settled here.
          unsettled = Math.max(unsettled, bound);
          continue;
        }
      }
      const basis = lp.getBasis();
      const down: Node = { lower: fixing.lower, upper: Int32Array.from(fixing.upper), yLower: fixing.yLower, yUpper: Uint8Array.from(fixing.yUpper), basis, bound, order: made++ };
      const up: Node = { lower: Int32Array.from(fixing.lower), upper: fixing.upper, yLower: Uint8Array.from(fixing.yLower), yUpper: fixing.yUpper, basis, bound, order: made++ };
      if (branch >= 0) {
        down.upper[branch] = Math.min(down.upper[branch], Math.floor(x[branch]));
        up.lower[branch] = Math.max(up.lower[branch], Math.ceil(x[branch]));
      } else {
        down.yUpper[row] = 0;
        up.yLower[row] = 1;
      }
      for (const child of [down, up]) if (feasibleLimits(child, total)) open.push(child);
    }
  } finally {
    lp.dispose();
  }
  let bound = Math.max(bestValue, unsettled);
  for (const node of open) if (!pruning.strict(node.bound)) bound = Math.max(bound, node.bound);
  return { optimal: bound === bestValue, bound, counts: best, nodes, iterations };
}

/**
 * The Lagrangian bound of the MALP at multipliers u ≥ 0 (rows), λ ≥ 0 (Σ x ≤ P) within a
 * node's limits, and the limits tightened by reduced costs: with e_r = w_r − b u_r and
 * d_s = Σ_{r ∋ s} u_r − λ, L = λP + Σ_r max(e_r y̲_r, e_r ȳ_r) + Σ_s max(d_s x̲_s, d_s x̄_s)
 * bounds every answer within the limits, and moving x_s j steps from its best end (or y_r off
 * its best value) costs j |d_s| (|e_r|) at least: a move that takes L to the incumbent (by 1e-9
 * relative, for rounding) or below is ruled out. Every answer better than the incumbent keeps
 * within the new limits.
 */
function fixAvailabilityByReducedCosts(
  rows: MaximumAvailabilityRows,
  b: number,
  total: number,
  node: Pick<Node, 'lower' | 'upper' | 'yLower' | 'yUpper'>,
  duals: { rows: Float64Array; total: number },
  incumbent: number,
) {
  const { rowCount, siteCount: m, rowOffsets, rowSites, rowWeights } = rows;
  const lambda = duals.total;
  let bound = lambda * total;
  const reduced = new Float64Array(m).fill(-lambda);
  const rowReduced = new Float64Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    const u = duals.rows[r];
    for (let t = rowOffsets[r]; t < rowOffsets[r + 1]; t++) reduced[rowSites[t]] += u;
    const e = rowWeights[r] - b * u;
    rowReduced[r] = e;
    bound += e > 0 ? e * node.yUpper[r] : e * node.yLower[r];
  }
  for (let s = 0; s < m; s++) bound += reduced[s] > 0 ? reduced[s] * node.upper[s] : reduced[s] * node.lower[s];
  const lower = Int32Array.from(node.lower);
  const upper = Int32Array.from(node.upper);
  const yLower = Uint8Array.from(node.yLower);
  const yUpper = Uint8Array.from(node.yUpper);
  const room = bound + 1e-9 * Math.max(1, Math.abs(incumbent)) - incumbent;
  if (room >= 0) {
    for (let s = 0; s < m; s++) {
      const d = reduced[s];
      if (d === 0) continue;
      const steps = Math.ceil(room / Math.abs(d)) - 1;
      if (d < 0) upper[s] = Math.max(node.lower[s], Math.min(node.upper[s], node.lower[s] + steps));
      else lower[s] = Math.min(node.upper[s], Math.max(node.lower[s], node.upper[s] - steps));
    }
    for (let r = 0; r < rowCount; r++) {
      const e = rowReduced[r];
      if (e === 0 || yLower[r] === yUpper[r] || Math.abs(e) < room) continue;
      if (e > 0) yLower[r] = 1;
      else yUpper[r] = 0;
    }
  }
  return { bound, lower, upper, yLower, yUpper };
}

/**
 * ReVelle & Hogan's LP: columns x_s (within the placement's limits) then y_r ∈ [0, 1] (0 for a
 * row no site reaches); one row b y_r − Σ_{s reaches r} x_s ≤ 0 per demand row, then Σ x_s ≤ P.
 */
function availabilityLp(rows: MaximumAvailabilityRows, placement: MaximumAvailabilityPlacement) {
  const { rowCount, siteCount: m, rowOffsets, rowSites, rowWeights } = rows;
  const lp = new MilpBuilder('maximize', { columns: m + rowCount, rows: rowCount + 1, entries: rowSites.length + rowCount + m });
  for (let s = 0; s < m; s++) lp.addColumn(0, placement.lower[s], placement.upper[s]);
  for (let r = 0; r < rowCount; r++) lp.addColumn(rowWeights[r], 0, rowOffsets[r + 1] > rowOffsets[r] ? 1 : 0);
  for (let r = 0; r < rowCount; r++) {
    lp.entry(m + r, placement.required);
    for (let t = rowOffsets[r]; t < rowOffsets[r + 1]; t++) lp.entry(rowSites[t], -1);
    lp.endRow(-Infinity, 0);
  }
  for (let s = 0; s < m; s++) lp.entry(s, 1);
  lp.endRow(0, placement.total);
  return lp.build();
}
