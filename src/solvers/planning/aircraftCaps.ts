import { AirreachError } from '../../errors.js';
import type { SitingProblem, SiteRules } from '../../models/sitingProblem.js';
import { resolveSiteRules, SITE_FIXED, SITE_FORBIDDEN } from '../kernel/resolveSiteRules.js';

/** Per site: the fewest and most aircraft it may hold, and whether it can hold none (forbidden, or a cap of 0). */
export interface AircraftCaps {
  lower: Int32Array;
  upper: Int32Array;
  forbidden: Uint8Array;
  fixedSites: number[];
}

/**
 * Reads `maxAircraftPerSite` (one number, or one per site; default `defaultCap`) and the site
 * rules into per-site bounds: a fixed site holds at least one aircraft, a forbidden one none.
 * Refuses caps that are not integers ≥ 0, and fleets no placement can hold.
 *
 * @example
 * const caps = aircraftCaps(problem, { fixedSites: [0] }, 2, 14, 'aircraftCount');
 */
export function aircraftCaps(problem: SitingProblem, rules: SiteRules, maxAircraftPerSite: number | readonly number[] | undefined, defaultCap: number, fleet: number, fleetField: string): AircraftCaps {
  const resolved = resolveSiteRules(problem, rules);
  const lower = new Int32Array(problem.siteCount);
  const upper = new Int32Array(problem.siteCount);
  const forbidden = new Uint8Array(problem.siteCount);
  if (Array.isArray(maxAircraftPerSite) && maxAircraftPerSite.length !== problem.siteCount) {
    throw new AirreachError('E_OPTION', 'maxAircraftPerSite must hold one integer per site', { value: maxAircraftPerSite.length, where: { field: 'maxAircraftPerSite' }, expected: String(problem.siteCount) });
  }
  let capacity = 0;
  for (let s = 0; s < problem.siteCount; s++) {
    const m = maxAircraftPerSite;
    const value = m === undefined ? defaultCap : typeof m === 'number' ? m : m[s];
    if (!Number.isInteger(value) || value < 0 || value > 1e6) {
      throw new AirreachError('E_OPTION', 'maxAircraftPerSite must be integers from 0 to 1,000,000', { value, where: { field: 'maxAircraftPerSite', column: s } });
    }
    // A site that may hold no aircraft reaches no one: left out of the demand's cover sets like
    // a forbidden one (else demand only it reaches counted as reachable, and the double
    // standard called a placement meeting every reachable demand "infeasible").
    forbidden[s] = resolved.state[s] === SITE_FORBIDDEN || value === 0 ? 1 : 0;
    upper[s] = forbidden[s] ? 0 : value;
    lower[s] = resolved.state[s] === SITE_FIXED ? 1 : 0;
    capacity += upper[s];
    if (lower[s] > upper[s]) {
      throw new AirreachError('E_OPTION', `fixed site ${s} may hold no aircraft`, { value, where: { field: 'maxAircraftPerSite', column: s }, expected: 'at least 1 at a fixed site' });
    }
  }
  if (!Number.isInteger(fleet) || fleet < Math.max(1, resolved.fixedSites.length) || fleet > 1e6) {
    throw new AirreachError('E_SITE_COUNT', 'the number of aircraft is impossible', {
      value: fleet,
      where: { field: fleetField },
      expected: `an integer from ${Math.max(1, resolved.fixedSites.length)} (one per fixed site) to 1,000,000`,
    });
  }
  if (capacity < Math.min(fleet, 1)) throw new AirreachError('E_SITE_COUNT', 'no site may hold an aircraft', { value: fleet, where: { field: fleetField } });
  return { lower, upper, forbidden, fixedSites: resolved.fixedSites };
}
