import type { SitingProblem, SiteRules } from './sitingProblem.js';
import { countCover } from './countCover.js';

/**
 * Maximum expected covering location problem (MEXCLP), Daskin (1983), "A maximum expected
 * covering location model: formulation, properties and heuristic solution", Transportation
 * Science 17(1), 48–70. Each aircraft is busy with probability q, independently, so demand
 * reached by k aircraft is served with probability 1 − q^k:
 *
 *   max Σ_i w_i Σ_{k=1..P} (1 − q) q^{k−1} y_ik
 *   s.t. Σ_k y_ik ≤ Σ_{j ∈ N_i} x_j    for every demand i
 *        Σ_j x_j = P                    (P aircraft in total)
 *        0 ≤ x_j ≤ m_j integer          (m_j aircraft at most at base j; x_j ≥ 1 for fixed j,
 *                                        x_j = 0 for forbidden j);  y ∈ [0,1].
 */
export interface ExpectedCoveringOptions extends SiteRules {
  standardMinutes: number;
  /** P, the total number of aircraft to station. */
  aircraftCount: number;
  /** Busy fraction q ∈ [0, 1). */
  busyFraction: number;
  /** Most aircraft per base: one number for all, or one per site (default: P, no limit). */
  maxAircraftPerSite?: number | readonly number[];
}

/** Score of an aircraft placement under the MEXCLP. */
export interface ExpectedCoveringEvaluation {
  /** Expected covered demand weight Σ_i w_i (1 − q^{k_i}). */
  objective: number;
  totalWeight: number;
  /** Demand weight reached by at least one aircraft. */
  primaryCovered: number;
}

/**
 * Scores a placement: `selectedSites[k]` holds `aircraftCounts[k]` aircraft (default 1; a site
 * may also be repeated). Independent of any solver.
 *
 * @example
 * evaluateExpectedCovering(problem, [3, 8], { standardMinutes: 30, busyFraction: 0.3, aircraftCounts: [2, 1] });
 */
export function evaluateExpectedCovering(
  problem: SitingProblem,
  selectedSites: readonly number[],
  options: { standardMinutes: number; busyFraction: number; aircraftCounts?: readonly number[] },
): ExpectedCoveringEvaluation {
  const reach = countCover(problem, selectedSites, options.standardMinutes, options.aircraftCounts);
  let objective = 0;
  let primaryCovered = 0;
  let totalWeight = 0;
  for (let i = 0; i < problem.demandCount; i++) {
    const w = problem.demandWeights[i];
    totalWeight += w;
    if (reach[i] > 0) {
      primaryCovered += w;
      objective += w * (1 - options.busyFraction ** reach[i]);
    }
  }
  return { objective, totalWeight, primaryCovered };
}
