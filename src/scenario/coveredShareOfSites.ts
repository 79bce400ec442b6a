import type { SitingProblem } from '../models/sitingProblem.js';
import { evaluateMaximalCovering } from '../models/maximalCovering.js';
import { rowsWithin, type SitePairs } from './rowsWithin.js';

/** Options of {@link coveredShareOfSites}. */
export interface CoveredShareOfSitesOptions {
  /**
   * The coverage matrix the problem was made of (`sitingProblemFromCoverage`): the selected
   * sites' rows are read from their own pairs instead of a scan of every pair of the problem.
   */
  matrix?: SitePairs;
}

/** Defaults of {@link coveredShareOfSites}: the problem's pairs scanned, as the model does. */
export const DEFAULT_COVERED_SHARE_OF_SITES_OPTIONS: Readonly<CoveredShareOfSitesOptions> = Object.freeze({ matrix: undefined });

/**
 * `evaluateMaximalCovering(problem, selectedSites, { standardMinutes }).coveredShare`, to the
 * last bit (the weights summed in row order, as there), from the selected sites' own pairs
 * when `matrix` is given. Why: every covering answer states its covered share, and the model's
 * evaluation scans every pair of the problem (2.3 M on today's 120-min matrix) to count a few
 * sites; the answer of the last solve to land is made on the run's tail, with the pool idle.
 *
 * @example
 * coveredShareOfSites(problem, [0, 1, 8], 120, { matrix }); // the model's covered share of sites 0, 1 and 8
 */
export function coveredShareOfSites(problem: SitingProblem, selectedSites: readonly number[], standardMinutes: number, options: CoveredShareOfSitesOptions = {}): number {
  const matrix = options.matrix ?? DEFAULT_COVERED_SHARE_OF_SITES_OPTIONS.matrix;
  const { demandCount } = problem;
  const rows = matrix !== undefined && matrix.cellCount === demandCount && matrix.siteCount === problem.siteCount ? rowsWithin(matrix, selectedSites, standardMinutes) : null;
  if (!rows) return evaluateMaximalCovering(problem, selectedSites, { standardMinutes }).coveredShare;
  const covered = new Uint8Array(demandCount);
  for (const reached of rows) for (let k = 0; k < reached.length; k++) covered[reached[k]] = 1;
  return coveredShareOf(problem.demandWeights, covered, new Uint8Array(demandCount), demandCount);
}

/**
 * The covered share of rows marked in `covered` or `extra`, summed exactly as
 * `evaluateMaximalCovering` sums it (row order, the same operations), so a share made from a
 * few sites' pairs is the model's to the last bit. `extra` marks rows a candidate would add
 * (`gainSteps` tries each without copying `covered`).
 *
 * @example
 * coveredShareOf(problem.demandWeights, covered, new Uint8Array(problem.demandCount), problem.demandCount);
 */
export function coveredShareOf(weights: ArrayLike<number>, covered: Uint8Array, extra: Uint8Array, count: number): number {
  let objective = 0;
  let totalWeight = 0;
  for (let i = 0; i < count; i++) {
    const w = weights[i];
    totalWeight += w;
    if (covered[i] !== 0 || extra[i] !== 0) objective += w;
  }
  return totalWeight > 0 ? objective / totalWeight : 1;
}
