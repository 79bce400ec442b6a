import type { SitingProblem, SiteRules } from './sitingProblem.js';
import { countCover } from './countCover.js';

/**
 * Location set covering problem (LSCP), Toregas, Swain, ReVelle & Bergman (1971), "The location
 * of emergency service facilities", Operations Research 19(6), 1363–1373:
 *
 *   min Σ_j c_j x_j                    (c_j = 1: fewest sites)
 *   s.t. Σ_{j ∈ N_i} x_j ≥ 1           for every demand i with w_i > 0, N_i = { j : t_ij ≤ S }
 *        x_j = 1 for fixed j, x_j = 0 for forbidden j;  x ∈ {0,1}.
 *
 * Infeasible when some demand with weight > 0 has no allowed site in N_i; the solver then lists
 * those demand points.
 */
export interface SetCoveringOptions extends SiteRules {
  standardMinutes: number;
  /** Cost of each site (least-cost covering); default the problem's, else 1 (fewest sites). */
  siteCosts?: ArrayLike<number>;
}

/** Score of a site set under the LSCP. */
export interface SetCoveringEvaluation {
  /** Total cost of the selected sites (their number when there are no costs). */
  objective: number;
  /** True when every demand point with weight > 0 is covered. */
  feasible: boolean;
  /** Demand points with weight > 0 left uncovered, ascending. */
  uncoveredDemand: number[];
}

/**
 * Scores `selectedSites` under the LSCP without any solver.
 *
 * @example
 * const { feasible, objective } = evaluateSetCovering(problem, [1, 4], { standardMinutes: 20 });
 */
export function evaluateSetCovering(
  problem: SitingProblem,
  selectedSites: readonly number[],
  options: { standardMinutes: number; siteCosts?: ArrayLike<number> },
): SetCoveringEvaluation {
  const reach = countCover(problem, selectedSites, options.standardMinutes);
  const costs = options.siteCosts ?? problem.siteCosts;
  let objective = 0;
  for (const site of new Set(selectedSites)) objective += costs ? costs[site] : 1;
  const uncoveredDemand: number[] = [];
  for (let i = 0; i < problem.demandCount; i++) if (problem.demandWeights[i] > 0 && reach[i] === 0) uncoveredDemand.push(i);
  return { objective, feasible: uncoveredDemand.length === 0, uncoveredDemand };
}
