import type { SitingProblem, SiteRules } from './sitingProblem.js';
import { countCover } from './countCover.js';

/**
 * Maximal covering location problem (MCLP), Church & ReVelle (1974), "The maximal covering
 * location problem", Papers of the Regional Science Association 32, 101–118:
 *
 *   max Σ_i w_i y_i
 *   s.t. y_i ≤ Σ_{j ∈ N_i} x_j        for every demand i, N_i = { j : t_ij ≤ S }
 *        Σ_j x_j = p                   (or, with costs, Σ_j c_j x_j ≤ budget)
 *        x_j = 1 for fixed j, x_j = 0 for forbidden j;  x ∈ {0,1}, y ∈ [0,1].
 */
export interface MaximalCoveringOptions extends SiteRules {
  /** Response-time standard S: demand i is covered by site j when minutes(i, j) ≤ S. */
  standardMinutes: number;
  /** p, the number of sites to choose (fixed sites included). Give this or `budget`. */
  siteCount?: number;
  /** Budget over site costs (fixed sites' costs included), instead of `siteCount`. */
  budget?: number;
  /** Site costs for `budget`; default the problem's. */
  siteCosts?: ArrayLike<number>;
}

/** Score of a site set under the MCLP. */
export interface MaximalCoveringEvaluation {
  /** Covered demand weight. */
  objective: number;
  totalWeight: number;
  coveredShare: number;
  /** Demand points covered (reach ≥ 1). */
  coveredDemandCount: number;
}

/**
 * Scores `selectedSites` under the MCLP without any solver: the weight of demand within
 * `standardMinutes` of at least one selected site.
 *
 * @example
 * evaluateMaximalCovering(problem, [2, 7], { standardMinutes: 30 }).coveredShare; // e.g. 0.83
 */
export function evaluateMaximalCovering(
  problem: SitingProblem,
  selectedSites: readonly number[],
  options: { standardMinutes: number },
): MaximalCoveringEvaluation {
  const reach = countCover(problem, selectedSites, options.standardMinutes);
  let objective = 0;
  let totalWeight = 0;
  let coveredDemandCount = 0;
  for (let i = 0; i < problem.demandCount; i++) {
    const w = problem.demandWeights[i];
    totalWeight += w;
    if (reach[i] > 0) {
      objective += w;
      coveredDemandCount++;
    }
  }
  return { objective, totalWeight, coveredShare: totalWeight > 0 ? objective / totalWeight : 1, coveredDemandCount };
}
