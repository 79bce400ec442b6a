import { resolveOptions } from '../../resolveOptions.js';
import { WorkBudget } from '../kernel/workBudget.js';
import { lagrangianMaximalCovering } from './lagrangianMaximalCovering.js';
import { openMaximalCoveringNodeLp, type MaximalCoveringLpBoundResult, type MaximalCoveringNodeLp } from './maximalCoveringLpBound.js';
import type { ReducedCovering } from './reduceCovering.js';
import { gapPruning } from './gapPruning.js';

/** Options of {@link lpBranchAndBoundMaximalCovering}. */
export interface LpBranchAndBoundOptions {
  /** Work budget of the tree (its node LPs); when it runs out the open bound is reported. */
  workBudget?: WorkBudget;
  /** Stop after this many nodes (then the open bound is reported). */
  maxNodes?: number;
  /** Weights are integers: bounds may be rounded down. */
  integralWeights?: boolean;
  /** Scores a column set (ascending) and may improve it; returns the incumbent value after. */
  onCandidate?: (columns: Int32Array) => number;
  /** The LP of the whole model (same count, no forced columns), solved already by the caller: the root uses it (still a valid bound under `fixing`) instead of solving its own. */
  rootLp?: MaximalCoveringLpBoundResult;
  /**
   * Prune nodes whose bound is within this relative gap of the incumbent. The reported bound is
   * then the largest pruned bound, not the incumbent: a gap-stopped tree proves only the gap.
   */
  targetGap?: number;
  /** Column fixing known before the tree (1 out, 2 in, as `lagrangianMaximalCovering` returns). */
  fixing?: Uint8Array;
  /**
   * Plunging: after a node, its child with the branch column forced in is taken next (before
   * the best open node) while the node's bound is within this share of the open gap (best open
   * bound − incumbent) of the best open bound (SCIP's `maxplungequot`, 0.25 there too); 0
   * keeps to best first. The plunge finds incumbents the way a depth-first tree does.
   */
  plungeShare?: number;
  /**
   * The node LPs of this model and `count`, already open (the caller solved its root LP there
   * and disposes it): the first node LP starts from the root's basis instead of from scratch.
   */
  nodeLp?: MaximalCoveringNodeLp;
}

/** Defaults of {@link LpBranchAndBoundOptions}. */
export const DEFAULT_LP_BRANCH_AND_BOUND_OPTIONS = { maxNodes: 5_000, integralWeights: false, targetGap: 0, plungeShare: 0.25 };

/** What {@link lpBranchAndBoundMaximalCovering} returns. */
export interface LpBranchAndBoundResult {
  /** True when the tree was closed: no solution beats `lowerBound`. */
  proven: boolean;
  /** Best value found (through `onCandidate`, or the starting incumbent). */
  lowerBound: number;
  /** Proven upper bound: the incumbent when proven, else the largest open node bound. */
  bound: number;
  nodes: number;
}

interface OpenNode {
  state: Int8Array;
  parentBound: number;
  /** Creation order: among equal bounds the newest node goes first (a dive down the last branch). */
  id: number;
}

/** Open nodes, the highest parent bound first (ties: the newest), as a binary heap. */
class OpenNodes {
  private readonly heap: OpenNode[] = [];

  get size(): number {
    return this.heap.length;
  }

  /** The largest parent bound among open nodes (−Infinity when none). */
  get topBound(): number {
    return this.heap.length > 0 ? this.heap[0].parentBound : -Infinity;
  }

  push(node: OpenNode): void {
    const heap = this.heap;
    heap.push(node);
    let at = heap.length - 1;
    while (at > 0) {
      const up = (at - 1) >> 1;
      if (!before(heap[at], heap[up])) break;
      [heap[at], heap[up]] = [heap[up], heap[at]];
      at = up;
    }
  }

  pop(): OpenNode {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let at = 0;
      while (true) {
        const left = 2 * at + 1;
        const right = left + 1;
        let first = at;
        if (left < heap.length && before(heap[left], heap[first])) first = left;
        if (right < heap.length && before(heap[right], heap[first])) first = right;
        if (first === at) break;
        [heap[at], heap[first]] = [heap[first], heap[at]];
        at = first;
      }
    }
    return top;
  }
}

function before(a: OpenNode, b: OpenNode): boolean {
  return a.parentBound > b.parentBound || (a.parentBound === b.parentBound && a.id > b.id);
}

/**
 * Best-first branch-and-bound for maximal covering with `count` columns on a reduced model,
 * bounding every node by its LP relaxation (solved through the small dual LP of
 * {@link maximalCoveringLpBound}, a row per free column) and checking it exactly by one
 * evaluation of the Lagrangian L(λ) at the LP's multipliers, which also fixes the free columns
 * whose forced bound cannot beat the incumbent (reduced-cost fixing) at every node. Branches on
 * the most fractional LP site value (ties: lowest index), the side with it forced in first;
 * the LP rounded (its `count` largest site values) and the Lagrangian choice go to
 * `onCandidate`. On the partial-coverage family of issue 17 the LP bound lies within ≈ 0.1 % of
 * the optimum, so few nodes are needed, where a compact MILP's tree spends its node LPs on a
 * row per demand group. Takes the open node of the highest bound next (ties: the newest, so
 * that equal bounds dive down the last branch): the bound reported when the budget or the node
 * limit stops the tree — the largest among open nodes — then falls node by node. Depth first,
 * the 20,000 × 500 family model at 30 min (seed 101, p = 12) kept the root's bound on a
 * sibling until the end: 0.29 % at 60 s; best first it is at 0.06 % after 19 nodes and proves
 * the optimum after 21. Best first alone finds incumbents late (seed 102 at 30 min: the
 * optimum, 1.5 % above the local search's, at node 40 of 63): `plungeShare` dives down the
 * forced-in side while that stays near the best open bound (seed 102: 1.4 % better at node 4).
 *
 * @example
 * const result = await lpBranchAndBoundMaximalCovering(reduced, 10, incumbentValue, { onCandidate: tryColumns });
 * if (result.proven) console.log('optimal', result.lowerBound);
 */
export async function lpBranchAndBoundMaximalCovering(
  model: ReducedCovering,
  count: number,
  incumbent: number,
  options: LpBranchAndBoundOptions = {},
): Promise<LpBranchAndBoundResult> {
  const { maxNodes, integralWeights, targetGap, plungeShare } = resolveOptions(DEFAULT_LP_BRANCH_AND_BOUND_OPTIONS, options);
  const budget = options.workBudget;
  const { columnCount } = model;
  let best = incumbent;
  const pruning = gapPruning(integralWeights, targetGap, () => best);
  const rootState = new Int8Array(columnCount);
  if (options.fixing) for (let c = 0; c < columnCount; c++) rootState[c] = options.fixing[c] === 1 ? 2 : options.fixing[c] === 2 ? 1 : 0;
  const open = new OpenNodes();
  let created = 0;
  open.push({ state: rootState, parentBound: Infinity, id: created++ });
  let nodes = 0;
  // The bound still open: the incumbent, a node pruned within the target gap, the best open node.
  const openBound = () => Math.max(best, pruning.toleratedBound, open.topBound);
  // The child a plunge takes next, outside the heap until then.
  let plunge: OpenNode | undefined;
  let rootLp = options.rootLp && options.rootLp.status === 'optimal' ? options.rootLp : undefined;
  const order = new Int32Array(columnCount);
  const tryCandidate = (columns: number[]) => {
    if (options.onCandidate) best = Math.max(best, options.onCandidate(Int32Array.from(columns.sort((a, b) => a - b))));
  };
  // The node LPs share one HiGHS model, warm-started node to node (opened at the first LP).
  let nodeLp: MaximalCoveringNodeLp | undefined = options.nodeLp;
  const lpBudget = budget ?? new WorkBudget();
  try {
    while (plunge !== undefined || open.size > 0) {
      if (nodes >= maxNodes || (budget !== undefined && !budget.canContinue())) {
        if (nodes >= maxNodes) budget?.markLimited();
        if (plunge) open.push(plunge);
        return { proven: false, lowerBound: best, bound: openBound(), nodes };
      }
      const node = plunge ?? open.pop();
      plunge = undefined;
      if (pruning.prune(node.parentBound)) continue;
      const state = node.state;
      let forcedIn = 0;
      let free = 0;
      for (let c = 0; c < columnCount; c++) {
        if (state[c] === 1) forcedIn++;
        else if (state[c] === 0) free++;
      }
      if (forcedIn > count || forcedIn + free < count) continue;
      if (forcedIn === count || forcedIn + free === count) {
        // A leaf: the forced set (plus every free column when all are needed) is the only choice.
        const leaf: number[] = [];
        for (let c = 0; c < columnCount; c++) if (state[c] === 1 || (forcedIn < count && state[c] === 0)) leaf.push(c);
        tryCandidate(leaf);
        continue;
      }
      nodes++;
      if (!rootLp && !nodeLp) nodeLp = await openMaximalCoveringNodeLp(model, count);
      const lp = rootLp ?? nodeLp!.solve(state, lpBudget);
      rootLp = undefined;
      if (!lp.lambda || lp.status !== 'optimal') {
        // No usable LP (budget out): the node stays open with its parent's bound.
        open.push(node);
        budget?.markLimited();
        return { proven: false, lowerBound: best, bound: openBound(), nodes };
      }
      // The exact bound of these multipliers (whatever HiGHS's tolerances), its fixing and choice.
      const evaluation = lagrangianMaximalCovering(model, count, best, {
        columnState: state,
        lambda: lp.lambda,
        maxIterations: 1,
        integralWeights,
        onCandidate: options.onCandidate,
        workBudget: budget,
      });
      best = Math.max(best, evaluation.lowerBound);
      const x = lp.siteValues;
      if (x) {
        // The LP rounded: its `count` largest site values (ties by lowest index).
        let n = 0;
        for (let c = 0; c < columnCount; c++) if (state[c] !== 2) order[n++] = c;
        const ranked = Array.from(order.subarray(0, n)).sort((a, b) => x[b] - x[a] || a - b);
        tryCandidate(ranked.slice(0, count));
      }
      const nodeBound = Math.min(node.parentBound, evaluation.bound);
      if (evaluation.bound === -Infinity || pruning.prune(nodeBound)) continue;
      for (let c = 0; c < columnCount; c++) {
        if (evaluation.fixing[c] === 1) state[c] = 2;
        else if (evaluation.fixing[c] === 2) state[c] = 1;
      }
      // Branch on the most fractional free site value.
      let branch = -1;
      let branchScore = Infinity;
      for (let c = 0; c < columnCount; c++) {
        if (state[c] !== 0) continue;
        const score = x ? Math.abs(x[c] - 0.5) : 0.5;
        if (score < branchScore) {
          branchScore = score;
          branch = c;
        }
      }
      if (branch < 0) {
        // Every column fixed: the node is a leaf (checked when popped).
        open.push({ state, parentBound: nodeBound, id: created++ });
        continue;
      }
      const out = Int8Array.from(state);
      out[branch] = 2;
      const into = state;
      into[branch] = 1;
      // Both children carry this node's bound. The forced-in child is taken first among equal
      // bounds, and at once (a plunge) while this node's bound is near the best open one.
      open.push({ state: out, parentBound: nodeBound, id: created++ });
      const child = { state: into, parentBound: nodeBound, id: created++ };
      const top = open.topBound;
      if (plungeShare > 0 && nodeBound >= top - plungeShare * (top - best)) plunge = child;
      else open.push(child);
    }
  } finally {
    if (nodeLp !== options.nodeLp) nodeLp?.dispose();
  }
  // A tolerated bound at or below the final incumbent proves nothing beyond it.
  const proven = pruning.strict(pruning.toleratedBound);
  return { proven, lowerBound: best, bound: proven ? best : Math.max(best, pruning.toleratedBound), nodes };
}
