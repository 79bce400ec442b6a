import { AirreachError } from '../../errors.js';
import { checkOpeningCosts } from '../../models/capacitatedFacilityLocation.js';
import { checkCapacitatedData } from '../../models/capacitatedPMedian.js';
import type { SitingProblem, SolveResult } from '../../models/sitingProblem.js';
import { resolveSiteRules, SITE_FIXED, SITE_FORBIDDEN } from '../kernel/resolveSiteRules.js';
import { DEFAULT_CAPACITATED_SEARCH_OPTIONS, solveCapacitated } from './solveCapacitated.js';
import type { CapacitatedSearchOptions } from './solveCapacitated.js';
import { resolveOptions } from '../../resolveOptions.js';

/** Options of {@link solveCapacitatedFacilityLocation}. */
export interface SolveCapacitatedFacilityLocationOptions extends CapacitatedSearchOptions {
  /** q_i per demand point. Required. */
  demands: ArrayLike<number>;
  /** Q_j per site. Required. */
  capacities: ArrayLike<number>;
  /** f_j per site, in the objective's unit. Required. */
  openingCosts: ArrayLike<number>;
  /** Optional cap on the number of open sites (fixed included). */
  siteCount?: number;
  /** With `siteCount`: open exactly that many instead of at most. */
  exactSiteCount?: boolean;
}

/** Defaults of {@link solveCapacitatedFacilityLocation}. */
export const DEFAULT_SOLVE_CAPACITATED_FACILITY_LOCATION_OPTIONS = { ...DEFAULT_CAPACITATED_SEARCH_OPTIONS, exactSiteCount: false };

/**
 * Solves the single-source capacitated facility location model
 * (`src/models/capacitatedFacilityLocation.ts`): least opening + assignment cost, every demand
 * point served by one open site within its capacity; fixed sites (an existing central depot)
 * stay open, forbidden ones stay shut. Same engine and honesty rules as
 * `solveCapacitatedPMedian`; `objective` includes the opening costs
 * (`details.openingCost` gives that part).
 *
 * @example
 * const result = await solveCapacitatedFacilityLocation(problem, { demands, capacities, openingCosts, fixedSites: [0] });
 */
export async function solveCapacitatedFacilityLocation(problem: SitingProblem, options: SolveCapacitatedFacilityLocationOptions): Promise<SolveResult> {
  const settings = resolveOptions(DEFAULT_SOLVE_CAPACITATED_FACILITY_LOCATION_OPTIONS, options);
  if (settings.exactSiteCount && options.siteCount === undefined) {
    throw new AirreachError('E_OPTION', 'exactSiteCount needs siteCount', { value: true, where: { field: 'exactSiteCount' } });
  }
  const rules = resolveSiteRules(problem, { fixedSites: options.fixedSites, forbiddenSites: options.forbiddenSites }, options.siteCount);
  const siteStatus = Int8Array.from(rules.state, (state) => (state === SITE_FIXED ? 1 : state === SITE_FORBIDDEN ? -1 : 0));
  const data = checkCapacitatedData(problem, options.demands, options.capacities, {
    siteCount: options.siteCount,
    forbiddenSites: options.forbiddenSites,
  });
  const openingCosts = checkOpeningCosts(problem, options.openingCosts);
  const result = await solveCapacitated(
    problem,
    {
      model: 'capacitatedFacilityLocation',
      data,
      openingCosts,
      siteStatus,
      siteCount: options.siteCount,
      exactSiteCount: settings.exactSiteCount,
    },
    options,
  );
  let openingCost = 0;
  for (const j of result.selectedSites) openingCost += openingCosts[j];
  return { ...result, details: { ...result.details, openingCost } };
}
