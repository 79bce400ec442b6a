import { countCover } from './countCover.js';
import type { SitingProblem, SiteRules } from './sitingProblem.js';

/**
 * Double standard model (DSM), Gendreau, Laporte & Semet (1997), "Solving an ambulance location
 * model by tabu search", Location Science 5(2), 75–88, with aircraft as decisions. Every demand
 * point must be within the loose standard r2 of some aircraft; a share α of demand within the
 * tight standard r1; the objective weighs demand within r1 of one aircraft (`onceWeight`) and of
 * two or more (`twiceWeight`; the paper counts only twice-covered demand: onceWeight 0):
 *
 *   max Σ_i w_i (c1 x¹_i + c2 x²_i)
 *   s.t. Σ_{j ∈ L_i} y_j ≥ 1                 for every demand i (L_i = { j : t_ij ≤ r2 })
 *        Σ_i w_i x¹_i ≥ α Σ_i w_i
 *        Σ_{j ∈ T_i} y_j ≥ x¹_i + x²_i        (T_i = { j : t_ij ≤ r1 })
 *        x²_i ≤ x¹_i
 *        Σ_j y_j = p,  0 ≤ y_j ≤ p_j integer  (y_j ≥ 1 for fixed j, 0 for forbidden j)
 *        x¹, x² ∈ {0, 1}.
 *
 * Demand no allowed site reaches within r2 cannot meet the first rule with any answer; the solver
 * reports it (`details.unreachableDemand`) and applies the rule to the rest.
 */
export interface DoubleStandardOptions extends SiteRules {
  /** r1, the tight standard (e.g. 30 min). */
  tightMinutes: number;
  /** r2, the loose standard every demand point must meet (e.g. 120 min). */
  looseMinutes: number;
  /** p, the aircraft to station. */
  aircraftCount: number;
  /** Most aircraft per base: one number, or one per site (default 2, as in the paper). */
  maxAircraftPerSite?: number | readonly number[];
  /** α: the least share of demand within r1 (default 0). */
  tightShare?: number;
  /** Weight of demand within r1 of exactly one or more aircraft (default 1). */
  onceWeight?: number;
  /** Extra weight of demand within r1 of two or more aircraft (default 1). */
  twiceWeight?: number;
}

/** Score of a placement under the DSM. */
export interface DoubleStandardEvaluation {
  /** Σ_i w_i (onceWeight [k_i ≥ 1] + twiceWeight [k_i ≥ 2]), k_i = aircraft within r1. */
  objective: number;
  totalWeight: number;
  /** Share of demand within r1 of at least one aircraft. */
  tightShare: number;
  /** Share of demand within r1 of at least two. */
  tightTwiceShare: number;
  /** Share of demand within r2 of at least one. */
  looseShare: number;
  /** Demand points outside r2 of every aircraft. */
  looseMissCount: number;
}

/**
 * Scores a placement under the DSM, independently of any solver.
 *
 * @example
 * evaluateDoubleStandard(problem, [0, 4], { tightMinutes: 30, looseMinutes: 120, aircraftCounts: [2, 1] }).tightShare;
 */
export function evaluateDoubleStandard(
  problem: SitingProblem,
  selectedSites: readonly number[],
  options: { tightMinutes: number; looseMinutes: number; aircraftCounts?: readonly number[]; onceWeight?: number; twiceWeight?: number },
): DoubleStandardEvaluation {
  const tight = countCover(problem, selectedSites, options.tightMinutes, options.aircraftCounts);
  const loose = countCover(problem, selectedSites, options.looseMinutes, options.aircraftCounts);
  return scoreDoubleStandard(problem, tight, loose, options);
}

/**
 * The DSM's score from the aircraft within each standard of every demand point (`tight[i]`,
 * `loose[i]`, as {@link countCover} counts them): what {@link evaluateDoubleStandard} returns,
 * for a solver that has the counts already (sums in demand order, so the same bits).
 *
 * @example
 * scoreDoubleStandard(problem, Uint32Array.of(2, 0), Uint32Array.of(2, 1), { onceWeight: 1, twiceWeight: 1 }).objective;
 */
export function scoreDoubleStandard(problem: SitingProblem, tight: ArrayLike<number>, loose: ArrayLike<number>, options: { onceWeight?: number; twiceWeight?: number }): DoubleStandardEvaluation {
  const once = options.onceWeight ?? 1;
  const twice = options.twiceWeight ?? 1;
  let objective = 0;
  let totalWeight = 0;
  let tightOnce = 0;
  let tightTwice = 0;
  let looseCovered = 0;
  let looseMissCount = 0;
  for (let i = 0; i < problem.demandCount; i++) {
    const w = problem.demandWeights[i];
    totalWeight += w;
    if (tight[i] >= 1) tightOnce += w;
    if (tight[i] >= 2) tightTwice += w;
    if (loose[i] >= 1) looseCovered += w;
    else looseMissCount++;
    objective += w * ((tight[i] >= 1 ? once : 0) + (tight[i] >= 2 ? twice : 0));
  }
  const share = (value: number) => (totalWeight > 0 ? value / totalWeight : 1);
  return { objective, totalWeight, tightShare: share(tightOnce), tightTwiceShare: share(tightTwice), looseShare: share(looseCovered), looseMissCount };
}
