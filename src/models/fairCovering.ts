import { countCover } from './countCover.js';
import type { SitingProblem, SiteRules } from './sitingProblem.js';

/**
 * Maximal covering with fairness between regions (prefectures), after Jagtenberg & Mason (2021)
 * / Jagtenberg, Vollebergh, Uleberg & Røislien (2021), "Introducing fairness in Norwegian air
 * ambulance base location planning", Scandinavian Journal of Trauma, Resuscitation and Emergency
 * Medicine 29:50. With W_r the demand weight of region r and p sites:
 *
 *   objective "total":  max Σ_i w_i y_i   s.t.  Σ_{i ∈ r} w_i y_i ≥ s · W_r  for every region r
 *   objective "maxMin": max z             s.t.  z ≤ Σ_{i ∈ r} w_i y_i / W_r  for every region r
 *                                          (then, z held at its optimum, the most total coverage)
 *   both: y_i ≤ Σ_{j ∈ N_i} x_j,  Σ_j x_j = p,  x_j = 1 fixed, 0 forbidden;  x, y ∈ {0, 1}.
 *
 * Demand outside every region (region −1) counts in the total only; a region of weight 0 is
 * left out of the fairness rows.
 */
export interface FairCoveringOptions extends SiteRules {
  standardMinutes: number;
  siteCount: number;
  /** Region of each demand point (an index, or −1 for none). */
  demandRegions: ArrayLike<number>;
  /** "total" (with `regionMinimumShare`) or "maxMin" (the worst-off region first). */
  objective?: 'total' | 'maxMin';
  /** s ∈ [0, 1]: every region's least covered share, for objective "total" (default 0). */
  regionMinimumShare?: number;
}

/** Score of a site set under the fairness models. */
export interface FairCoveringEvaluation {
  /** Covered demand weight (all regions and none). */
  covered: number;
  totalWeight: number;
  coveredShare: number;
  /** Covered share of each region (NaN for a region without weight). */
  regionShares: number[];
  /** The worst region's covered share (over regions with weight; 1 when none). */
  minRegionShare: number;
  /** The region with the worst share (lowest index on ties), or −1. */
  worstRegion: number;
}

/**
 * Scores a site set: total coverage and each region's covered share, independently of any solver.
 *
 * @example
 * evaluateFairCovering(problem, [1, 4], { standardMinutes: 30, demandRegions: regions }).minRegionShare;
 */
export function evaluateFairCovering(problem: SitingProblem, selectedSites: readonly number[], options: { standardMinutes: number; demandRegions: ArrayLike<number> }): FairCoveringEvaluation {
  const reach = countCover(problem, selectedSites, options.standardMinutes);
  let regionCount = 0;
  for (let i = 0; i < problem.demandCount; i++) regionCount = Math.max(regionCount, options.demandRegions[i] + 1);
  const weight = new Float64Array(regionCount);
  const covered = new Float64Array(regionCount);
  let total = 0;
  let totalCovered = 0;
  for (let i = 0; i < problem.demandCount; i++) {
    const w = problem.demandWeights[i];
    const r = options.demandRegions[i];
    total += w;
    if (r >= 0) weight[r] += w;
    if (reach[i] > 0) {
      totalCovered += w;
      if (r >= 0) covered[r] += w;
    }
  }
  const regionShares: number[] = [];
  let minRegionShare = 1;
  let worstRegion = -1;
  for (let r = 0; r < regionCount; r++) {
    const share = weight[r] > 0 ? covered[r] / weight[r] : Number.NaN;
    regionShares.push(share);
    if (weight[r] > 0 && (worstRegion < 0 || share < minRegionShare)) {
      minRegionShare = share;
      worstRegion = r;
    }
  }
  return { covered: totalCovered, totalWeight: total, coveredShare: total > 0 ? totalCovered / total : 1, regionShares, minRegionShare, worstRegion };
}
