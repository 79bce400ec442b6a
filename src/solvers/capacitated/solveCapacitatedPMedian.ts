import { checkCapacitatedData } from '../../models/capacitatedPMedian.js';
import type { SitingProblem, SolveResult } from '../../models/sitingProblem.js';
import { resolvePSiteRules } from '../kernel/resolvePSiteRules.js';
import { DEFAULT_CAPACITATED_SEARCH_OPTIONS, solveCapacitated } from './solveCapacitated.js';
import type { CapacitatedSearchOptions } from './solveCapacitated.js';

/** Options of {@link solveCapacitatedPMedian}. */
export interface SolveCapacitatedPMedianOptions extends CapacitatedSearchOptions {
  /** p: how many sites to open in total (fixed sites included). Required. */
  siteCount: number;
  /** q_i: capacity each demand point uses (one per demand point). Required. */
  demands: ArrayLike<number>;
  /** Q_j: capacity of each site (one per site). Required. */
  capacities: ArrayLike<number>;
}

/** Defaults of {@link solveCapacitatedPMedian} (see {@link DEFAULT_CAPACITATED_SEARCH_OPTIONS}). */
export const DEFAULT_SOLVE_CAPACITATED_P_MEDIAN_OPTIONS = DEFAULT_CAPACITATED_SEARCH_OPTIONS;

/**
 * Solves the capacitated p-median (`src/models/capacitatedPMedian.ts`): exactly `siteCount`
 * sites, single-source assignment within capacity, least Σ w_i t_ij. Heuristic (regret
 * assignment, shift/swap, cluster relocation, median swaps, multi-start), the Lagrangian bound
 * with a knapsack per site, and in `exact`/`auto` mode the MILP through HiGHS under the time
 * limit. `status` is `optimal` only when proven; `details.assignment` holds the site of each
 * demand point and `details.loadBySite` the demand each open site serves.
 *
 * Throws `E_CAPACITY` (with the shortfall) before solving when the p largest allowed
 * capacities cannot hold all demand, and `E_SITE_COUNT` / `E_INDEX` / `E_SITE_CONFLICT` /
 * `E_OPTION` / `E_MATRIX` for malformed input, naming the field and position.
 *
 * @example
 * const result = await solveCapacitatedPMedian(problem, { siteCount: 10, demands, capacities, timeLimitSeconds: 20 });
 * console.log(result.objective, result.bound, result.gap, result.details?.assignment);
 */
export async function solveCapacitatedPMedian(problem: SitingProblem, options: SolveCapacitatedPMedianOptions): Promise<SolveResult> {
  const rules = resolvePSiteRules(problem, options.siteCount, options.fixedSites ?? [], options.forbiddenSites ?? []);
  const data = checkCapacitatedData(problem, options.demands, options.capacities, {
    siteCount: options.siteCount,
    forbiddenSites: options.forbiddenSites,
  });
  return solveCapacitated(
    problem,
    {
      model: 'capacitatedPMedian',
      data,
      openingCosts: new Float64Array(problem.siteCount),
      siteStatus: rules.siteStatus,
      siteCount: rules.siteCount,
      exactSiteCount: true,
    },
    options,
  );
}
