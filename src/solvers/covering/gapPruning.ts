/** What {@link gapPruning} returns: the tests a maximising branch-and-bound prunes a node by. */
export interface GapPruning {
  /** True when no solution under a node with this bound can beat the incumbent. */
  strict(bound: number): boolean;
  /**
   * True when the node can go: strictly, or within the target gap of the incumbent (then its
   * bound is remembered in {@link GapPruning.toleratedBound}, which the final bound must honour).
   */
  prune(bound: number): boolean;
  /** Largest bound of a node pruned only because it was within the target gap (−Infinity if none). */
  readonly toleratedBound: number;
}

/**
 * The pruning rule of the maximal-covering searches (Lagrangian and LP-bounded), kept in one
 * place so that their proofs agree: with integral weights a bound is floored before it is
 * compared (a node bounded by 10.6 cannot beat 10), otherwise a relative 1e-9 tolerance; a node
 * within `targetGap` of the incumbent is pruned too, but its bound is kept so that the search
 * reports `max(incumbent, toleratedBound)` as its bound and never claims a proof it skipped.
 * `incumbent` is read at every test, so the rule follows the search's improving incumbent.
 *
 * @example
 * let best = 10;
 * gapPruning(true, 0, () => best).strict(10.6); // true: no integral objective above 10 fits under 10.6
 * const pruning = gapPruning(false, 0.01, () => best);
 * pruning.prune(10.05); // true: within 1 % of the incumbent, and pruning.toleratedBound is now 10.05
 */
export function gapPruning(integralWeights: boolean, targetGap: number, incumbent: () => number): GapPruning {
  let toleratedBound = -Infinity;
  const strict = (bound: number) => {
    const best = incumbent();
    return integralWeights ? Math.floor(bound + 1e-7) <= best : bound <= best + 1e-9 * Math.max(1, best);
  };
  return {
    strict,
    prune(bound) {
      if (strict(bound)) return true;
      const best = incumbent();
      if (bound <= best + targetGap * Math.max(Math.abs(best), 1e-9)) {
        toleratedBound = Math.max(toleratedBound, bound);
        return true;
      }
      return false;
    },
    get toleratedBound() {
      return toleratedBound;
    },
  };
}
