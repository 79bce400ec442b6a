import type { SitingProblem, SiteRules } from './sitingProblem.js';
import { countCover } from './countCover.js';

/**
 * Backup coverage, after Hogan & ReVelle (1986), "Concepts and applications of backup coverage",
 * Management Science 32(11), 1434–1444 (their BACOP2, solved lexicographically here):
 *
 *   stage 1:  Z* = max Σ_i w_i y_i   (the MCLP with p sites)
 *   stage 2:  max Σ_i w_i u_i
 *             s.t. y_i + u_i ≤ Σ_{j ∈ N_i} x_j,  u_i ≤ y_i,   Σ_i w_i y_i ≥ Z*,
 *                  Σ_j x_j = p,  fixed/forbidden as usual;  x ∈ {0,1}, y, u ∈ [0,1].
 *
 * So the primary coverage stays at its optimum and, among such site sets, the demand reached by
 * two or more sites is maximised (lexicographic, not a weighted sum: no weight to tune).
 */
export interface BackupCoveringOptions extends SiteRules {
  standardMinutes: number;
  /** p, the number of sites (fixed sites included). */
  siteCount: number;
}

/** Score of a site set under backup coverage. */
export interface BackupCoveringEvaluation {
  /** Demand weight reached by ≥ 2 selected sites. */
  objective: number;
  /** Demand weight reached by ≥ 1 selected site. */
  primaryCovered: number;
  totalWeight: number;
}

/**
 * Scores `selectedSites` for backup coverage without any solver.
 *
 * @example
 * evaluateBackupCovering(problem, [0, 4, 9], { standardMinutes: 30 }).objective;
 */
export function evaluateBackupCovering(
  problem: SitingProblem,
  selectedSites: readonly number[],
  options: { standardMinutes: number },
): BackupCoveringEvaluation {
  const reach = countCover(problem, [...new Set(selectedSites)], options.standardMinutes);
  let objective = 0;
  let primaryCovered = 0;
  let totalWeight = 0;
  for (let i = 0; i < problem.demandCount; i++) {
    const w = problem.demandWeights[i];
    totalWeight += w;
    if (reach[i] >= 1) primaryCovered += w;
    if (reach[i] >= 2) objective += w;
  }
  return { objective, primaryCovered, totalWeight };
}
