import { resolveOptions } from '../../resolveOptions.js';
import type { WorkBudget } from '../kernel/workBudget.js';
import { lagrangianSetCovering } from './lagrangianSetCovering.js';
import type { ReducedCovering } from './reduceCovering.js';

/** Options of {@link branchAndBoundSetCovering}. */
export interface BranchAndBoundSetCoveringOptions {
  /** Work budget of the tree (its nodes' subgradient steps); when it runs out the open bound is reported. */
  workBudget?: WorkBudget;
  /** Stop after this many nodes (then the open bound is reported). */
  maxNodes?: number;
  /** Subgradient iterations per node (warm-started from the parent's multipliers). */
  nodeIterations?: number;
  /** Column costs are integers (bounds round up; a better cover costs ≤ upper − 1). */
  integral?: boolean;
  /** Per column 0 free, 1 forced in, 2 forced out at the root (e.g. root reduced-cost fixing). */
  columnState?: Int8Array;
  /** Root multipliers to start from (e.g. those of the root Lagrangian). */
  multipliers?: Float64Array;
  /** As in {@link lagrangianSetCovering}: makes a cover of a relaxed choice, returns the incumbent cost. */
  repair?: (columns: Int32Array, reducedCosts: Float64Array) => number;
}

/** Defaults of {@link BranchAndBoundSetCoveringOptions} (80 steps per node: on scpb2/scpb3 half the nodes of 40 steps, at the same total time). */
export const DEFAULT_BRANCH_AND_BOUND_SET_COVERING_OPTIONS = { maxNodes: 1_000_000, nodeIterations: 80, integral: false };

/** What {@link branchAndBoundSetCovering} returns. */
export interface BranchAndBoundSetCoveringResult {
  /** True when the tree was closed: no cover is cheaper than `upper`. */
  proven: boolean;
  /** Incumbent cost at the end (from `repair`, or the starting one). */
  upper: number;
  /** Proven lower bound: `upper` when closed, else the least bound among open nodes. */
  bound: number;
  nodes: number;
}

interface OpenNode {
  state: Int8Array;
  multipliers: Float64Array | null;
  parentBound: number;
}

/**
 * Depth-first branch-and-bound for set covering on a reduced model, bounding every node with
 * the Lagrangian relaxation of {@link lagrangianSetCovering} (warm-started from the parent's
 * multipliers, with reduced-cost fixing at every node against the incumbent). Branching is on
 * a row, as in Beasley (1990) and Balas & Ho (1980): the uncovered row with the fewest free
 * columns j_1 … j_k (ascending reduced cost) gets k children, child t forcing j_t in and
 * j_1 … j_{t−1} out, so the children partition the node's covers and the most promising
 * column is tried first. Stops when the work budget or the node limit runs out and then reports the least open
 * bound, so the answer always carries a valid bound.
 *
 * @example
 * const result = branchAndBoundSetCovering(reduced, incumbentCost, { integral: true, repair });
 * if (result.proven) console.log('optimal', result.upper);
 */
export function branchAndBoundSetCovering(model: ReducedCovering, upperStart: number, options: BranchAndBoundSetCoveringOptions = {}): BranchAndBoundSetCoveringResult {
  const { maxNodes, nodeIterations, integral } = resolveOptions(DEFAULT_BRANCH_AND_BOUND_SET_COVERING_OPTIONS, options);
  const budget = options.workBudget;
  const { rowCount, columnCount, rowOffsets, rowColumns, columnOffsets, columnRows } = model;
  let upper = upperStart;
  const pruned = (bound: number) => (integral ? Math.ceil(bound - 1e-6) : bound) >= upper - 1e-9 * Math.max(1, Math.abs(upper));
  const stack: OpenNode[] = [
    {
      state: options.columnState ? Int8Array.from(options.columnState) : new Int8Array(columnCount),
      multipliers: options.multipliers ? Float64Array.from(options.multipliers) : null,
      parentBound: -Infinity,
    },
  ];
  const covered = new Uint8Array(rowCount);
  let nodes = 0;
  let root = true;
  while (stack.length > 0) {
    if (nodes >= maxNodes || (budget !== undefined && !budget.spend(rowCount + columnCount))) {
      if (nodes >= maxNodes) budget?.markLimited();
      let open = upper;
      for (const node of stack) if (!pruned(node.parentBound)) open = Math.min(open, node.parentBound);
      return { proven: false, upper, bound: open, nodes };
    }
    const node = stack.pop()!;
    if (pruned(node.parentBound)) continue;
    nodes++;
    const state = node.state;
    const result = lagrangianSetCovering(model, upper, {
      columnState: state,
      ...(node.multipliers ? { multipliers: node.multipliers } : {}),
      maxIterations: root ? 3000 : nodeIterations,
      initialFactor: root ? 2 : 0.25,
      // Warm-started nodes start with small steps and halve them sooner than the root.
      halvingIterations: root ? 30 : 12,
      repairEvery: 0,
      integral,
      workBudget: budget,
      repair: options.repair,
    });
    root = false;
    const multipliers = result.multipliers;
    upper = Math.min(upper, result.upper);
    const nodeBound = Math.max(node.parentBound, result.bound);
    if (pruned(nodeBound)) continue;
    for (let c = 0; c < columnCount; c++) {
      if (result.fixing[c] === 1) state[c] = 2;
      else if (result.fixing[c] === 2) state[c] = 1;
    }
    covered.fill(0);
    for (let c = 0; c < columnCount; c++) {
      if (state[c] === 1) for (let k = columnOffsets[c]; k < columnOffsets[c + 1]; k++) covered[columnRows[k]] = 1;
    }
    let branchRow = -1;
    let fewest = Infinity;
    for (let r = 0; r < rowCount; r++) {
      if (covered[r]) continue;
      let free = 0;
      for (let k = rowOffsets[r]; k < rowOffsets[r + 1]; k++) if (state[rowColumns[k]] === 0) free++;
      if (free < fewest) {
        fewest = free;
        branchRow = r;
      }
    }
    if (branchRow < 0 || fewest === 0) continue; // a complete cover (repair has scored it) or a dead end
    const candidates: number[] = [];
    for (let k = rowOffsets[branchRow]; k < rowOffsets[branchRow + 1]; k++) if (state[rowColumns[k]] === 0) candidates.push(rowColumns[k]);
    const reduced = result.reducedCosts;
    candidates.sort((a, b) => reduced[a] - reduced[b] || a - b);
    // Push the last child first so the lowest reduced cost is explored first (depth-first).
    for (let t = candidates.length - 1; t >= 0; t--) {
      const child = t === 0 ? state : Int8Array.from(state);
      for (let q = 0; q < t; q++) child[candidates[q]] = 2;
      child[candidates[t]] = 1;
      stack.push({ state: child, multipliers: t === 0 ? multipliers : Float64Array.from(multipliers), parentBound: nodeBound });
    }
  }
  return { proven: true, upper, bound: upper, nodes };
}
