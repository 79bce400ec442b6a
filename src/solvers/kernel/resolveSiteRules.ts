import { AirreachError } from '../../errors.js';
import type { SitingProblem, SiteRules } from '../../models/sitingProblem.js';

/** Site states in {@link ResolvedSiteRules.state}. */
export const SITE_FREE = 0;
export const SITE_FIXED = 1;
export const SITE_FORBIDDEN = 2;

/** Fixed and forbidden sites, checked, as one state byte per site. */
export interface ResolvedSiteRules {
  /** `SITE_FREE`, `SITE_FIXED` or `SITE_FORBIDDEN` per site. */
  state: Uint8Array;
  /** Fixed sites, ascending, without repeats. */
  fixedSites: number[];
  /** Number of sites that may be chosen (free + fixed). */
  allowedCount: number;
}

/**
 * Validates fixed and forbidden site lists against a problem and, when `siteCount` (p) is
 * given, checks that p is possible: fixed count ≤ p ≤ allowed count. Shared by every siting
 * model (covering, p-median, p-center).
 *
 * Throws `E_INDEX` (field and position) for an index that is not an integer site index,
 * `E_SITE_CONFLICT` for a site both fixed and forbidden, `E_SITE_COUNT` for an impossible p.
 *
 * @example
 * const { state, fixedSites } = resolveSiteRules(problem, { fixedSites: [3], forbiddenSites: [7] }, 5);
 */
export function resolveSiteRules(problem: SitingProblem, rules: SiteRules, siteCount?: number): ResolvedSiteRules {
  const state = new Uint8Array(problem.siteCount);
  const mark = (list: readonly number[] | undefined, field: string, value: number) => {
    if (list === undefined) return;
    if (!Array.isArray(list)) throw new AirreachError('E_OPTION', `${field} must be an array of site indexes`, { value: list, where: { field } });
    list.forEach((site, position) => {
      if (!Number.isInteger(site) || site < 0 || site >= problem.siteCount) {
        throw new AirreachError('E_INDEX', `${field} holds a site index out of range`, {
          value: site,
          where: { field: `${field}[${position}]`, column: Number.isInteger(site) ? site : undefined },
          expected: `an integer in 0…${problem.siteCount - 1}`,
        });
      }
      if (state[site] !== SITE_FREE && state[site] !== value) {
        throw new AirreachError('E_SITE_CONFLICT', `site ${site} is both fixed and forbidden`, {
          value: site,
          where: { field: `${field}[${position}]`, column: site },
          hint: 'Remove it from one of fixedSites / forbiddenSites',
        });
      }
      state[site] = value;
    });
  };
  mark(rules.fixedSites, 'fixedSites', SITE_FIXED);
  mark(rules.forbiddenSites, 'forbiddenSites', SITE_FORBIDDEN);
  const fixedSites: number[] = [];
  let allowedCount = 0;
  for (let s = 0; s < state.length; s++) {
    if (state[s] === SITE_FIXED) fixedSites.push(s);
    if (state[s] !== SITE_FORBIDDEN) allowedCount++;
  }
  if (siteCount !== undefined) {
    if (!Number.isInteger(siteCount) || siteCount < 1 || siteCount > allowedCount || siteCount < fixedSites.length) {
      throw new AirreachError('E_SITE_COUNT', 'the number of sites to choose is impossible', {
        value: siteCount,
        where: { field: 'siteCount' },
        expected: `an integer from max(1, ${fixedSites.length} fixed) to ${allowedCount} allowed sites`,
      });
    }
  }
  return { state, fixedSites, allowedCount };
}
