import { resolveOptions } from '../../resolveOptions.js';
import type { WorkBudget } from '../kernel/workBudget.js';
import { initialCoveringLambda, lagrangianMaximalCovering } from './lagrangianMaximalCovering.js';
import type { ReducedCovering } from './reduceCovering.js';
import { gapPruning } from './gapPruning.js';

/** Options of {@link branchAndBoundMaximalCovering}. */
export interface BranchAndBoundOptions {
  /** Work budget of the tree (its nodes' subgradient steps); when it runs out the open bound is reported. */
  workBudget?: WorkBudget;
  /** Stop after this many nodes (then the open bound is reported). */
  maxNodes?: number;
  /** Subgradient steps at each node after the root (warm-started from the parent). */
  nodeIterations?: number;
  integralWeights?: boolean;
  /** Scores a column set (ascending) and may improve it; returns the incumbent value after. */
  onCandidate?: (columns: Int32Array) => number;
  /** Root multipliers (e.g. the LP dual from `maximalCoveringLpBound`); default w_i / |N_i|. */
  rootLambda?: Float64Array;
  /** Subgradient steps at the root (1 just evaluates `rootLambda` and fixes columns by it). */
  rootIterations?: number;
  /**
   * Prune nodes whose bound is within this relative gap of the incumbent. The reported bound is
   * then the largest pruned bound, not the incumbent: a gap-stopped tree proves only the gap.
   */
  targetGap?: number;
}

/** Defaults of {@link BranchAndBoundOptions}. */
export const DEFAULT_BRANCH_AND_BOUND_OPTIONS = { maxNodes: 20_000, nodeIterations: 60, rootIterations: 600, targetGap: 0, integralWeights: false };

/** What {@link branchAndBoundMaximalCovering} returns. */
export interface BranchAndBoundResult {
  /** True when the tree was closed with no gap allowed: no solution beats `lowerBound`. */
  proven: boolean;
  /** True when the tree was closed (within `targetGap`): `bound` is then final. */
  closed: boolean;
  /** Best value found (through `onCandidate`, or the starting incumbent). */
  lowerBound: number;
  /** Proven upper bound: the incumbent when closed, else the largest open node bound. */
  bound: number;
  nodes: number;
  /** Root reduced-cost fixing (see {@link lagrangianMaximalCovering}), for a MILP to reuse. */
  rootFixing: Uint8Array;
}

interface OpenNode {
  state: Int8Array;
  lambda: Float64Array;
  parentBound: number;
}

/**
 * Depth-first branch-and-bound for maximal covering with `count` columns on a reduced model,
 * bounding every node with the Lagrangian relaxation of {@link lagrangianMaximalCovering}
 * (warm-started from the parent's multipliers) and fixing columns by their Lagrangian forced
 * bounds. Branches on the free column of the relaxed choice with the largest Λ_j: first "in",
 * then "out". Stops when the work budget or the node limit runs out and then reports the largest bound among
 * open nodes, so the answer always carries a valid bound. The root may start from given
 * multipliers (`rootLambda`): with the LP dual there, one evaluation gives the LP bound and the
 * LP's reduced-cost fixing, which subgradient steps from w_i / |N_i| approach only slowly.
 *
 * @example
 * const result = branchAndBoundMaximalCovering(reduced, 8, incumbentValue, { onCandidate: tryColumns });
 * if (result.proven) console.log('optimal', result.lowerBound);
 */
export function branchAndBoundMaximalCovering(
  model: ReducedCovering,
  count: number,
  incumbent: number,
  options: BranchAndBoundOptions = {},
): BranchAndBoundResult {
  const { maxNodes, nodeIterations, rootIterations, targetGap, integralWeights } = resolveOptions(DEFAULT_BRANCH_AND_BOUND_OPTIONS, options);
  const budget = options.workBudget;
  const { columnCount, columnOffsets, columnRows } = model;
  let best = incumbent;
  const pruning = gapPruning(integralWeights, targetGap, () => best);
  const rootLambda = options.rootLambda ? Float64Array.from(options.rootLambda) : initialCoveringLambda(model);
  const stack: OpenNode[] = [{ state: new Int8Array(columnCount), lambda: rootLambda, parentBound: Infinity }];
  let nodes = 0;
  let root = true;
  let rootFixing = new Uint8Array(columnCount);
  const big = new Float64Array(columnCount);
  while (stack.length > 0) {
    if (nodes >= maxNodes || (budget !== undefined && !budget.spend(columnCount))) {
      if (nodes >= maxNodes) budget?.markLimited();
      let open = Math.max(best, pruning.toleratedBound);
      for (const node of stack) open = Math.max(open, node.parentBound);
      return { proven: false, closed: false, lowerBound: best, bound: open, nodes, rootFixing };
    }
    const node = stack.pop()!;
    if (pruning.prune(node.parentBound)) continue;
    nodes++;
    const result = lagrangianMaximalCovering(model, count, best, {
      columnState: node.state,
      lambda: node.lambda,
      maxIterations: root ? rootIterations : nodeIterations,
      initialPi: root && !options.rootLambda ? 2 : 0.5,
      targetGap,
      integralWeights,
      onCandidate: options.onCandidate,
      workBudget: budget,
    });
    if (root) rootFixing = Uint8Array.from(result.fixing);
    root = false;
    best = Math.max(best, result.lowerBound);
    const nodeBound = Math.min(node.parentBound, result.bound);
    if (result.bound === -Infinity || pruning.prune(nodeBound)) continue;
    // Columns whose forced bound cannot beat the incumbent are fixed for the whole subtree.
    const state = node.state;
    let forcedIn = 0;
    let free = 0;
    for (let c = 0; c < columnCount; c++) {
      if (result.fixing[c] === 1) state[c] = 2;
      else if (result.fixing[c] === 2) state[c] = 1;
      if (state[c] === 1) forcedIn++;
      else if (state[c] === 0) free++;
    }
    if (forcedIn > count || forcedIn + free < count) continue;
    if (forcedIn === count || forcedIn + free === count) {
      // A leaf: the forced set (plus every free column when all are needed) is the only choice.
      if (options.onCandidate) {
        const leaf: number[] = [];
        for (let c = 0; c < columnCount; c++) if (state[c] === 1 || (forcedIn < count && state[c] === 0)) leaf.push(c);
        best = Math.max(best, options.onCandidate(Int32Array.from(leaf)));
      }
      continue;
    }
    // Branch on the free column with the largest Lagrangian weight.
    let branch = -1;
    for (let c = 0; c < columnCount; c++) {
      if (state[c] !== 0) continue;
      let s = 0;
      for (let k = columnOffsets[c]; k < columnOffsets[c + 1]; k++) s += node.lambda[columnRows[k]];
      big[c] = s;
      if (branch < 0 || s > big[branch]) branch = c;
    }
    const out = Int8Array.from(state);
    out[branch] = 2;
    const into = state;
    into[branch] = 1;
    stack.push({ state: out, lambda: Float64Array.from(node.lambda), parentBound: nodeBound });
    stack.push({ state: into, lambda: node.lambda, parentBound: nodeBound });
  }
  // A tolerated bound at or below the final incumbent proves nothing beyond it.
  const proven = pruning.strict(pruning.toleratedBound);
  return { proven, closed: true, lowerBound: best, bound: proven ? best : Math.max(best, pruning.toleratedBound), nodes, rootFixing };
}
