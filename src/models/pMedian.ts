import type { SitingProblem } from './sitingProblem.js';
import { nearestChosenSites } from './nearestChosenSites.js';
import { resolveOptions } from '../resolveOptions.js';

/**
 * The p-median model (Hakimi 1964; ReVelle & Swain 1970): open exactly p sites so that the
 * demand-weighted total response minutes, each demand point served by its nearest open site, is
 * least.
 *
 * ```
 * minimise   Σ_i Σ_j w_i · t_ij · x_ij
 * subject to Σ_j x_ij = 1          for every demand i   (each demand is served once)
 *            x_ij ≤ y_j            for every i, j        (only by an open site)
 *            Σ_j y_j = p
 *            y_j = 1 (j fixed),  y_j = 0 (j forbidden),  x, y ∈ {0, 1}
 * ```
 *
 * `w_i` are `problem.demandWeights`, `t_ij` the stored response minutes. The weighted mean
 * (total / Σ w) is reported beside the total; both have the same minimiser.
 *
 * Sparse problems: a demand point no open site reaches has no finite cost. The model then
 * needs `problem.complete`, or an explicit `unreachableMinutes` penalty that every missing
 * (demand, site) pair costs (like spopt's KNearestPMedian fallback): a documented, visible
 * choice instead of a silent drop.
 *
 * References: S. L. Hakimi, "Optimum locations of switching centers and the absolute centers
 * and medians of a graph", Operations Research 12 (1964) 450–459; C. S. ReVelle and R. W. Swain,
 * "Central facilities location", Geographical Analysis 2 (1970) 30–42.
 */
export interface PMedianEvaluation {
  /** Σ_i w_i · min_{j ∈ sites} t_ij: the objective. */
  totalWeightedMinutes: number;
  /** total / Σ_i w_i (0 when all weights are 0). */
  weightedMeanMinutes: number;
  /** Per demand: the nearest chosen site (lowest index on ties), or -1 when none reaches it. */
  assignedSites: Int32Array;
  /** Demand points with positive weight that no chosen site reaches (costed at the penalty). */
  unreachedDemandCount: number;
}

/** Options of {@link evaluatePMedian}. */
export interface EvaluatePMedianOptions {
  /** Cost of a (demand, site) pair the problem does not store; Infinity = not allowed. */
  unreachableMinutes?: number;
}

/** Defaults of {@link evaluatePMedian}. */
export const DEFAULT_EVALUATE_P_MEDIAN_OPTIONS: Required<EvaluatePMedianOptions> = {
  unreachableMinutes: Infinity,
};

/**
 * Scores a site set under the p-median model straight from the problem's stored pairs,
 * independently of any solver (it is what tests and `solvePMedian` check results against).
 *
 * @example
 * const { totalWeightedMinutes, weightedMeanMinutes } = evaluatePMedian(problem, [3, 17]);
 */
export function evaluatePMedian(
  problem: SitingProblem,
  sites: readonly number[],
  options: EvaluatePMedianOptions = {},
): PMedianEvaluation {
  const { unreachableMinutes } = resolveOptions(DEFAULT_EVALUATE_P_MEDIAN_OPTIONS, options);
  const { assignedSites, minutes } = nearestChosenSites(problem, sites);
  let total = 0;
  let weightSum = 0;
  let unreached = 0;
  for (let i = 0; i < problem.demandCount; i++) {
    let best = minutes[i];
    const bestSite = assignedSites[i];
    const weight = problem.demandWeights[i];
    weightSum += weight;
    if (weight === 0) continue;
    if (bestSite === -1) {
      unreached++;
      best = unreachableMinutes;
    } else if (best > unreachableMinutes) {
      best = unreachableMinutes;
    }
    total += weight * best;
  }
  return {
    totalWeightedMinutes: total,
    weightedMeanMinutes: weightSum > 0 ? total / weightSum : 0,
    assignedSites,
    unreachedDemandCount: unreached,
  };
}
