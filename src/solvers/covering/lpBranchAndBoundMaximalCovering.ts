import { resolveOptions } from '../../resolveOptions.js';
import { WorkBudget } from '../kernel/workBudget.js';
import { lagrangianMaximalCovering } from './lagrangianMaximalCovering.js';
import { openMaximalCoveringNodeLp, restrictedNodeLp, type MaximalCoveringLpBoundResult, type MaximalCoveringNodeLp } from './maximalCoveringLpBound.js';
import type { ReducedCovering } from './reduceCovering.js';
import type { LpBasis } from '../milp/solveMilp.js';
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
  /** Strong-branching LPs in all (counted, so the tree stays deterministic); 0: pseudo-costs only. */
  strongBranchLps?: number;
  /** Columns strong-branched at one node at most. */
  strongBranchCandidates?: number;
  /** Branch by pseudo-costs (false: the most fractional column, as before reliability branching). */
  pseudoCosts?: boolean;
  /** Observations a side before a column's pseudo-costs are trusted instead of strong branching. */
  reliability?: number;
  /**
   * A node whose restricted model ({@link restrictedNodeLp}: uncovered rows, free columns,
   * equal cover sets merged) keeps at most this share of the model's pairs solves its LP there,
   * from scratch, instead of in the whole model's session (0: always the session). Its children
   * then start in the session from its last basis. On the 20,000 × 500 family at 30 min, seed
   * 103, to the proof: 143 node LPs either way, 1.91e9 work with 0, 1.82e9 with 0.4 (nodes
   * before ≈ 90 keep more than 40 % of the pairs and stay in the session; solved restricted,
   * nodes 20–40 took 32.6 s against 22.2 s there, so a larger share would cost).
   */
  restrictedLpShare?: number;
}

/** Defaults of {@link LpBranchAndBoundOptions}. */
export const DEFAULT_LP_BRANCH_AND_BOUND_OPTIONS = { maxNodes: 5_000, integralWeights: false, targetGap: 0, plungeShare: 0.25, strongBranchLps: 0, strongBranchCandidates: 4, reliability: 1, pseudoCosts: true, restrictedLpShare: 0.4 };

/** What {@link lpBranchAndBoundMaximalCovering} returns. */
export interface LpBranchAndBoundResult {
  /** True when the tree was closed: no solution beats `lowerBound`. */
  proven: boolean;
  /** Best value found (through `onCandidate`, or the starting incumbent). */
  lowerBound: number;
  /** Proven upper bound: the incumbent when proven, else the largest open node bound. */
  bound: number;
  /** Nodes whose LP bounded them (strong branching's child LPs not counted). */
  nodes: number;
  /** Child LPs solved by strong branching. */
  strongBranchLps: number;
  /** Node LPs solved on their restricted model (`restrictedLpShare`). */
  restrictedLps: number;
}

interface OpenNode {
  state: Int8Array;
  parentBound: number;
  /** Creation order: among equal bounds the newest node goes first (a dive down the last branch). */
  id: number;
  /** The parent's basis: the node's LP restarts from it (not from the last node solved). */
  basis?: LpBasis;
  /** The branch that made the node: its column, side (0 out, 1 in), the parent's LP value, and the column's change. */
  branch?: { column: number; side: 0 | 1; parentLp: number; change: number };
  /** The node's LP, solved already by strong branching at its parent, and the basis after it. */
  lp?: MaximalCoveringLpBoundResult;
  lpBasis?: LpBasis;
  /** Its LP drop is in the pseudo-costs already (strong branching counted it). */
  branchObserved?: boolean;
}

/** A child LP solved by strong branching: its result, basis after, and exact bound. */
interface SolvedChild {
  lp: MaximalCoveringLpBoundResult;
  basis: LpBasis;
  bound: number;
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
 * whose forced bound cannot beat the incumbent (reduced-cost fixing) at every node. Branches by
 * pseudo-costs (Bénichou et al. 1971; reliability branching, Achterberg, Koch & Martin 2005):
 * the largest product of the two sides' LP drops estimated from earlier child LPs; optionally
 * strong branching (both child LPs) on columns without them, within a counted number of LPs
 * (`strongBranchLps`), the chosen column's child LPs then kept for its children, which carry
 * their own exact bounds. The side with the column forced in goes first. A node's LP restarts
 * from its parent's basis, not from the last node solved. On the 20,000 × 500 family at 30 min
 * (p = 12), in node LPs to a 0.1 % gap / to the proof: seed 103 most fractional 100 / 189
 * (work 3.0e9 in all), most fractional from the parent's basis 110 / 187 (2.45e9), pseudo-costs
 * from it 85 / 143 (1.9e9), with 40 strong-branching LPs 85 / 129; seed 102 (its optimum found
 * by the plunge) 36 / 63 most fractional, 40 / 67 pseudo-costs, 45 / 71 with 8 strong-branching
 * LPs; seed 101 11 / 21 and 16 / 29 (work 0.52e9 and 0.58e9). So strong branching is off by
 * default.
 * The LP rounded (its `count` largest site values) and the Lagrangian choice go to
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
  const { maxNodes, integralWeights, targetGap, plungeShare, strongBranchLps, strongBranchCandidates, reliability, pseudoCosts, restrictedLpShare } = resolveOptions(DEFAULT_LP_BRANCH_AND_BOUND_OPTIONS, options);
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
  let strongLps = 0;
  let restrictedLps = 0;
  // The bound still open: the incumbent, a node pruned within the target gap, the best open node.
  const openBound = () => Math.max(best, pruning.toleratedBound, open.topBound);
  // The child a plunge takes next, outside the heap until then.
  let plunge: OpenNode | undefined;
  let rootLp = options.rootLp && options.rootLp.status === 'optimal' ? options.rootLp : undefined;
  const order = new Int32Array(columnCount);
  const tryCandidate = (columns: number[]) => {
    if (options.onCandidate) best = Math.max(best, options.onCandidate(Int32Array.from(columns.sort((a, b) => a - b))));
  };
  // Pseudo-costs: the node LP's drop per unit of the branch column's change, summed per side
  // (index 0: forced out, 1: forced in), from every child LP solved (strong branching's too).
  const costSum = [new Float64Array(columnCount), new Float64Array(columnCount)];
  const costCount = [new Int32Array(columnCount), new Int32Array(columnCount)];
  const sideSum = [0, 0];
  const sideCount = [0, 0];
  const observe = (column: number, side: 0 | 1, drop: number, change: number) => {
    if (!(change > 1e-9) || !Number.isFinite(drop)) return;
    const unit = Math.max(0, drop) / change;
    costSum[side][column] += unit;
    costCount[side][column]++;
    sideSum[side] += unit;
    sideCount[side]++;
  };
  const pseudoCost = (column: number, side: 0 | 1) =>
    pseudoCosts && costCount[side][column] > 0 ? costSum[side][column] / costCount[side][column] : sideCount[side] > 0 ? sideSum[side] / sideCount[side] : 1;
  // The node LPs share one HiGHS model, warm-started node to node (opened at the first LP).
  let nodeLp: MaximalCoveringNodeLp | undefined = options.nodeLp;
  const lpBudget = budget ?? new WorkBudget();
  // The exact bound of a state under LP multipliers (no candidates: that is the node's own turn).
  const exactBound = (state: Int8Array, lambda: Float64Array) =>
    lagrangianMaximalCovering(model, count, best, { columnState: state, lambda, maxIterations: 1, integralWeights, workBudget: budget }).bound;
  try {
    while (plunge !== undefined || open.size > 0) {
      if (nodes >= maxNodes || (budget !== undefined && !budget.canContinue())) {
        if (nodes >= maxNodes) budget?.markLimited();
        if (plunge) open.push(plunge);
        return { proven: false, lowerBound: best, bound: openBound(), nodes, strongBranchLps: strongLps, restrictedLps };
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
      let lp: MaximalCoveringLpBoundResult;
      // The basis of this node's LP: its children (and strong branching) restart from it.
      let basis: LpBasis | undefined;
      if (node.lp) {
        lp = node.lp;
        basis = node.lpBasis;
      } else if (rootLp) {
        // The caller's root LP, solved in `nodeLp` just before (when it passed one).
        lp = rootLp;
        basis = nodeLp?.basis();
      } else {
        // Deep nodes: the model restricted to the node, solved on its own, when it is small.
        const restricted = restrictedLpShare > 0 ? await restrictedNodeLp(model, count, state, lpBudget, restrictedLpShare) : undefined;
        if (restricted) {
          lp = restricted;
          restrictedLps++;
        } else {
          if (!nodeLp) nodeLp = await openMaximalCoveringNodeLp(model, count);
          // From the parent's basis, not the last node's (a popped node may sit far from it).
          if (node.basis) nodeLp.restore(node.basis);
          lp = nodeLp.solve(state, lpBudget);
          // (HiGHS has no basis to give after a solve the budget did not let run.)
          basis = lp.status === 'optimal' ? nodeLp.basis() : undefined;
        }
      }
      rootLp = undefined;
      node.lpBasis = undefined;
      node.lp = undefined;
      if (!lp.lambda || lp.status !== 'optimal') {
        // No usable LP (budget out): the node stays open with its parent's bound.
        open.push(node);
        budget?.markLimited();
        return { proven: false, lowerBound: best, bound: openBound(), nodes, strongBranchLps: strongLps, restrictedLps };
      }
      if (node.branch && !node.branchObserved) {
        const { column, side, parentLp, change } = node.branch;
        observe(column, side, parentLp - lp.lpValue, change);
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
      const choice = chooseBranch(state, x, lp, basis);
      if (choice === undefined) {
        // Every column fixed: the node is a leaf (checked when popped).
        open.push({ state, parentBound: nodeBound, id: created++ });
        continue;
      }
      if (choice === 'pruned') continue;
      const { branch } = choice;
      const out = Int8Array.from(state);
      out[branch] = 2;
      const into = state;
      into[branch] = 1;
      const fraction = x ? x[branch] : 0.5;
      const outChild: OpenNode = { state: out, parentBound: nodeBound, id: created++, basis, branch: { column: branch, side: 0, parentLp: lp.lpValue, change: fraction } };
      const inChild: OpenNode = { state: into, parentBound: nodeBound, id: created++, basis, branch: { column: branch, side: 1, parentLp: lp.lpValue, change: 1 - fraction } };
      const [outSolved, inSolved] = choice.children;
      const keepOut = adopt(outChild, outSolved);
      const keepIn = adopt(inChild, inSolved);
      // Both children carry this node's bound (or their own, when strong branching solved
      // them). The forced-in child is taken first among equal bounds, and at once (a plunge)
      // while its bound is near the best open one.
      if (keepOut) open.push(outChild);
      if (!keepIn) continue;
      const top = open.topBound;
      if (plungeShare > 0 && inChild.parentBound >= top - plungeShare * (top - best)) plunge = inChild;
      else open.push(inChild);
    }
  } finally {
    if (nodeLp !== options.nodeLp) nodeLp?.dispose();
  }
  // A tolerated bound at or below the final incumbent proves nothing beyond it.
  const proven = pruning.strict(pruning.toleratedBound);
  return { proven, lowerBound: best, bound: proven ? best : Math.max(best, pruning.toleratedBound), nodes, strongBranchLps: strongLps, restrictedLps };

  /** A child solved by strong branching takes its LP and bound; false when that bound prunes it. */
  function adopt(child: OpenNode, solved: SolvedChild | undefined): boolean {
    if (!solved) return true;
    child.lp = solved.lp;
    child.lpBasis = solved.basis;
    child.branchObserved = true;
    child.parentBound = Math.min(child.parentBound, solved.bound);
    return !pruning.prune(child.parentBound);
  }

  /**
   * Reliability branching (Achterberg, Koch & Martin 2005): among the fractional free columns,
   * the largest product of the two sides' estimated LP drops by pseudo-costs; a column whose
   * pseudo-costs rest on fewer than `reliability` observations a side is strong-branched
   * instead (both children's LPs solved, at most `strongBranchCandidates` a node and
   * `strongBranchLps` in all), and the chosen column's two child LPs are kept for the children.
   * A strong-branched child whose exact bound prunes it ends the choice: the node becomes its
   * other child. Without fractional columns: the most fractional free one (lowest index).
   */
  function chooseBranch(state: Int8Array, x: Float64Array | null, lp: MaximalCoveringLpBoundResult, nodeBasis: LpBasis | undefined): { branch: number; children: [SolvedChild | undefined, SolvedChild | undefined] } | 'pruned' | undefined {
    const candidates: number[] = [];
    let fallback = -1;
    let fallbackScore = Infinity;
    for (let c = 0; c < columnCount; c++) {
      if (state[c] !== 0) continue;
      const value = x ? x[c] : 0.5;
      const score = Math.abs(value - 0.5);
      if (score < fallbackScore) {
        fallbackScore = score;
        fallback = c;
      }
      if (value > 1e-6 && value < 1 - 1e-6) candidates.push(c);
    }
    if (fallback < 0) return undefined;
    if (!x || candidates.length === 0) return { branch: fallback, children: [undefined, undefined] };
    const scale = Math.max(1e-9, 1e-6 * Math.abs(lp.lpValue));
    const estimate = (c: number) => Math.max(pseudoCost(c, 0) * x[c], scale) * Math.max(pseudoCost(c, 1) * (1 - x[c]), scale);
    const scores = candidates.map(estimate);
    const ranked = candidates.map((_, k) => k).sort((a, b) => scores[b] - scores[a] || candidates[a] - candidates[b]);
    let bestK = ranked[0];
    let bestScore = -Infinity;
    let bestChildren: [SolvedChild | undefined, SolvedChild | undefined] = [undefined, undefined];
    let strongHere = 0;
    for (const k of ranked) {
      const c = candidates[k];
      const reliable = Math.min(costCount[0][c], costCount[1][c]) >= reliability;
      if (reliable || strongHere >= strongBranchCandidates || strongLps + 2 > strongBranchLps || !nodeLp || !nodeBasis) {
        if (scores[k] > bestScore) {
          bestScore = scores[k];
          bestK = k;
          bestChildren = [undefined, undefined];
        }
        continue;
      }
      if (budget !== undefined && !budget.canContinue()) break;
      strongHere++;
      const children: [SolvedChild | undefined, SolvedChild | undefined] = [undefined, undefined];
      const drops = [0, 0];
      for (const side of [0, 1] as const) {
        const childState = Int8Array.from(state);
        childState[c] = side === 0 ? 2 : 1;
        nodeLp.restore(nodeBasis);
        const childLp = nodeLp.solve(childState, lpBudget);
        strongLps++;
        if (childLp.status !== 'optimal' || !childLp.lambda) continue;
        drops[side] = lp.lpValue - childLp.lpValue;
        observe(c, side, drops[side], side === 0 ? x[c] : 1 - x[c]);
        children[side] = { lp: childLp, basis: nodeLp.basis(), bound: exactBound(childState, childLp.lambda) };
      }
      const [down, up] = children;
      if ((down && pruning.strict(down.bound)) || (up && pruning.strict(up.bound))) {
        // One side cannot beat the incumbent: branch here, the node goes on as the other side.
        if (down && up && pruning.strict(down.bound) && pruning.strict(up.bound)) {
          return 'pruned';
        }
        return { branch: c, children };
      }
      const score = Math.max(drops[0], scale) * Math.max(drops[1], scale);
      if (score > bestScore) {
        bestScore = score;
        bestK = k;
        bestChildren = children;
      }
    }
    return { branch: candidates[bestK], children: bestChildren };
  }
}
