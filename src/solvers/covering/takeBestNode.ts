/** What {@link takeBestNode} reads of a node: its bound and its creation order. */
export interface BestFirstNode {
  /** An upper bound of every answer within the node (a maximisation). */
  bound: number;
  /** Creation order: ties of bound go to the earliest node. */
  order: number;
}

/**
 * Removes and returns the open node with the largest bound, ties to the earliest made (lowest
 * `order`): the best-first rule of the LP branch-and-bound trees, in one place so that their
 * searches, and the answer among equal optima, depend on nothing but the input. A linear scan:
 * the trees keep a few hundred open nodes at most. Undefined when `open` is empty.
 *
 * @example
 * const open = [{ bound: 9, order: 0 }, { bound: 10, order: 1 }, { bound: 10, order: 2 }];
 * takeBestNode(open); // -> { bound: 10, order: 1 }; open keeps the other two
 */
export function takeBestNode<N extends BestFirstNode>(open: N[]): N | undefined {
  if (open.length === 0) return undefined;
  let pick = 0;
  for (let i = 1; i < open.length; i++) if (open[i].bound > open[pick].bound || (open[i].bound === open[pick].bound && open[i].order < open[pick].order)) pick = i;
  const node = open[pick];
  open[pick] = open[open.length - 1];
  open.pop();
  return node;
}
