import { AirreachError } from '../errors.js';
import { countCover } from './countCover.js';
import type { SitingProblem, SiteRules } from './sitingProblem.js';

/**
 * Maximum availability location problem (MALP I), ReVelle & Hogan (1989), "The maximum
 * availability location problem", Transportation Science 23(3), 192–200, with aircraft as
 * decisions. Each aircraft is busy with probability q, independently; demand i counts as covered
 * only when it is served with reliability α, i.e. when at least b = ⌈ln(1 − α) / ln q⌉ aircraft
 * (b = 1 when q = 0) are within the standard:
 *
 *   max Σ_i w_i y_i
 *   s.t. b · y_i ≤ Σ_{j ∈ N_i} x_j          for every demand i, N_i = { j : t_ij ≤ S }
 *        Σ_j x_j ≤ P                         (P aircraft at most: the fleet)
 *        x_j ≤ m_j o_j                       (at most m_j aircraft at base j, only at an open base)
 *        Σ_j (c_j o_j + a x_j) ≤ budget      (optional: base cost c_j, aircraft cost a)
 *        x_j ≥ 1 for fixed j, x_j = 0 for forbidden j;  x integer, o, y ∈ {0, 1}.
 */
export interface MaximumAvailabilityOptions extends SiteRules {
  standardMinutes: number;
  /** P, the most aircraft to station (the fleet). */
  aircraftCount: number;
  /** Busy fraction q ∈ [0, 1). */
  busyFraction: number;
  /** Reliability α ∈ (0, 1): the least probability that an aircraft within the standard is free. */
  reliability: number;
  /** Most aircraft per base: one number, or one per site (default P). */
  maxAircraftPerSite?: number | readonly number[];
  /** Cost of one aircraft, for `budget` (default 0). */
  aircraftCost?: number;
  /** Budget over base costs (the problem's `siteCosts`, default 1 each) and aircraft costs. */
  budget?: number;
}

/** Score of an aircraft placement under the MALP. */
export interface MaximumAvailabilityEvaluation {
  /** Demand weight reached by at least `requiredAircraft` aircraft. */
  objective: number;
  totalWeight: number;
  reliableShare: number;
  /** Demand weight reached by at least one aircraft. */
  primaryCovered: number;
  /** b: the aircraft within the standard that make demand reliably covered. */
  requiredAircraft: number;
  /** Cost of the placement: base costs of the sites used plus aircraft × aircraftCost. */
  cost: number;
}

/**
 * b = ⌈ln(1 − α) / ln q⌉, the aircraft within the standard that give reliability α when each is
 * busy with probability q (1 when q = 0). A tiny tolerance keeps α = 1 − q^k exactly at k.
 *
 * @example
 * requiredAircraft(0.3, 0.9); // -> 2 (1 − 0.3² = 0.91 ≥ 0.9)
 */
export function requiredAircraft(busyFraction: number, reliability: number): number {
  if (!(busyFraction >= 0 && busyFraction < 1)) throw new AirreachError('E_OPTION', 'busyFraction must be in [0, 1)', { value: busyFraction, where: { field: 'busyFraction' } });
  if (!(reliability > 0 && reliability < 1)) throw new AirreachError('E_OPTION', 'reliability must be in (0, 1)', { value: reliability, where: { field: 'reliability' } });
  if (busyFraction === 0) return 1;
  const exact = Math.log(1 - reliability) / Math.log(busyFraction);
  return Math.max(1, Math.ceil(exact - 1e-9));
}

/**
 * Scores a placement (`selectedSites[k]` holds `aircraftCounts[k]` aircraft, default 1) under
 * the MALP, independently of any solver.
 *
 * @example
 * evaluateMaximumAvailability(problem, [3, 8], { standardMinutes: 30, busyFraction: 0.3, reliability: 0.9, aircraftCounts: [2, 1] }).reliableShare;
 */
export function evaluateMaximumAvailability(
  problem: SitingProblem,
  selectedSites: readonly number[],
  options: { standardMinutes: number; busyFraction: number; reliability: number; aircraftCounts?: readonly number[]; aircraftCost?: number },
): MaximumAvailabilityEvaluation {
  const b = requiredAircraft(options.busyFraction, options.reliability);
  const reach = countCover(problem, selectedSites, options.standardMinutes, options.aircraftCounts);
  let objective = 0;
  let primaryCovered = 0;
  let totalWeight = 0;
  for (let i = 0; i < problem.demandCount; i++) {
    const w = problem.demandWeights[i];
    totalWeight += w;
    if (reach[i] >= 1) primaryCovered += w;
    if (reach[i] >= b) objective += w;
  }
  let cost = 0;
  const used = new Set<number>();
  selectedSites.forEach((site, k) => {
    const count = options.aircraftCounts ? options.aircraftCounts[k] : 1;
    if (count > 0 && !used.has(site)) {
      used.add(site);
      cost += problem.siteCosts ? problem.siteCosts[site] : 1;
    }
    cost += count * (options.aircraftCost ?? 0);
  });
  return { objective, totalWeight, reliableShare: totalWeight > 0 ? objective / totalWeight : 1, primaryCovered, requiredAircraft: b, cost };
}
