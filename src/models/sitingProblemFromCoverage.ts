import type { CoverageMatrix } from '../coverage/coverageMatrix.js';
import { AirreachError } from '../errors.js';
import { checkedVector } from './sitingProblemFromMatrix.js';
import type { SitingProblem } from './sitingProblem.js';
import { resolveOptions } from '../resolveOptions.js';

/** Options of {@link sitingProblemFromCoverage}. */
export interface SitingProblemFromCoverageOptions {
  /** Cost of each site (finite, ≥ 0). */
  siteCosts?: ArrayLike<number>;
  /** Label of each site (base ids), for reports. */
  siteIds?: string[];
  /**
   * The problem goes to a pool's threads (`shareProblem`): the matrix's demand-major rows are
   * made in `SharedArrayBuffer`s when this is the first problem of the matrix
   * (`CoverageMatrix.demandRows`), so sharing them copies nothing. The same values either way.
   */
  shared?: boolean;
}

/** Defaults of {@link SitingProblemFromCoverageOptions}: no costs or labels (those are data), rows in ordinary memory. */
export const DEFAULT_SITING_PROBLEM_FROM_COVERAGE_OPTIONS: Pick<SitingProblemFromCoverageOptions, 'shared'> = { shared: false };

/**
 * Builds a {@link SitingProblem} from the coverage engine's site × cell matrix and the grid's
 * demand weights (one per cell). The matrix is transposed into demand-major rows, ascending by
 * site, once per matrix (`CoverageMatrix.demandRows`), and the problems made of one matrix
 * share those arrays (`demandOffsets`, `demandSites`, `demandMinutes`): like every solver,
 * read a problem's arrays, never write them. The problem is not `complete`: pairs above `matrix.maxMinutes` are absent,
 * so covering models may use any standard ≤ `maxMinutes`.
 *
 * @example
 * const problem = sitingProblemFromCoverage(matrix, grid.demand, { siteIds: bases.map((b) => b.id) });
 * const forPool = shareProblem(sitingProblemFromCoverage(matrix, grid.demand, { shared: true })); // rows not copied
 */
export function sitingProblemFromCoverage(
  matrix: CoverageMatrix,
  demandWeights: ArrayLike<number>,
  options: SitingProblemFromCoverageOptions = {},
): SitingProblem {
  const { siteCount, cellCount } = matrix;
  if (cellCount === 0 || siteCount === 0) {
    throw new AirreachError('E_MATRIX', 'the coverage matrix has no cells or no sites', { value: { cellCount, siteCount } });
  }
  const weights = checkedVector(demandWeights, cellCount, 'demandWeights', 1);
  const siteCosts = options.siteCosts === undefined ? undefined : checkedVector(options.siteCosts, siteCount, 'siteCosts', 1);
  if (options.siteIds !== undefined && options.siteIds.length !== siteCount) {
    throw new AirreachError('E_OPTION', 'siteIds must have one label per site', { value: options.siteIds.length, expected: String(siteCount), where: { field: 'siteIds' } });
  }
  // The matrix checks its pairs and groups them by cell once, for every problem made of it.
  const { shared } = resolveOptions(DEFAULT_SITING_PROBLEM_FROM_COVERAGE_OPTIONS, { shared: options.shared });
  const { offsets, sites, minutes } = matrix.demandRows({ shared });
  const problem: SitingProblem = {
    demandCount: cellCount,
    siteCount,
    demandWeights: weights,
    demandOffsets: offsets,
    demandSites: sites,
    demandMinutes: minutes,
    complete: matrix.pairCount === cellCount * siteCount,
  };
  if (siteCosts) problem.siteCosts = siteCosts;
  if (options.siteIds) problem.siteIds = [...options.siteIds];
  return problem;
}
