import type { SitingProblem } from './sitingProblem.js';
import { nearestChosenSites } from './nearestChosenSites.js';

/**
 * The p-center model (Hakimi 1965; Daskin 2013, ch. 5): open exactly p sites so that the
 * worst response minutes over all demand points with positive weight, each served by its
 * nearest open site, is least. Weights only decide which demand counts (w_i > 0), not how much.
 *
 * ```
 * minimise   r
 * subject to Σ_j x_ij = 1,  x_ij ≤ y_j         for every demand i with w_i > 0
 *            Σ_j t_ij · x_ij ≤ r               for every demand i with w_i > 0
 *            Σ_j y_j = p,  y_j = 1 (fixed), y_j = 0 (forbidden),  x, y ∈ {0, 1}
 * ```
 *
 * Equivalently: the least radius r among the distinct t_ij for which ≤ p sites cover every
 * demand within r (a set-covering decision), which is how `solvePCenter` searches.
 * A demand point no open site reaches makes the objective Infinity.
 *
 * References: S. L. Hakimi, "Optimum distribution of switching centers in a communication
 * network and some related graph theoretic problems", Operations Research 13 (1965) 462–475;
 * M. S. Daskin, Network and Discrete Location, 2nd ed., Wiley (2013).
 */
export interface PCenterEvaluation {
  /** max over demand with w > 0 of the nearest chosen site's minutes: the objective. */
  maxMinutes: number;
  /** The demand point that attains it (lowest index on ties), or -1 when no demand counts. */
  worstDemand: number;
  /** Per demand: the nearest chosen site (lowest index on ties), or -1 when none reaches it. */
  assignedSites: Int32Array;
}

/**
 * Scores a site set under the p-center model from the problem's stored pairs, independently of
 * any solver.
 *
 * @example
 * const { maxMinutes, worstDemand } = evaluatePCenter(problem, [3, 17]);
 */
export function evaluatePCenter(problem: SitingProblem, sites: readonly number[]): PCenterEvaluation {
  const { assignedSites, minutes } = nearestChosenSites(problem, sites);
  let worst = -Infinity;
  let worstDemand = -1;
  for (let i = 0; i < problem.demandCount; i++) {
    if (problem.demandWeights[i] > 0 && minutes[i] > worst) {
      worst = minutes[i];
      worstDemand = i;
    }
  }
  return { maxMinutes: worstDemand === -1 ? 0 : worst, worstDemand, assignedSites };
}
