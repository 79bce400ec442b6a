import { AirreachError } from '../../errors.js';
import type { SitingProblem } from '../../models/sitingProblem.js';

/** The checked site rules of a model that opens exactly `siteCount` sites (p-median, p-center). */
export interface PSiteRules {
  siteCount: number;
  /** Per site: 1 fixed (must open), -1 forbidden (must not), 0 free. */
  siteStatus: Int8Array;
  fixedSites: number[];
  allowedSiteCount: number;
}

/**
 * Validates `siteCount`, `fixedSites` and `forbiddenSites` against a problem, for the models
 * that open exactly p sites. Throws `E_SITE_COUNT`, `E_INDEX` or `E_SITE_CONFLICT` naming the
 * offending option and position, so a solver never starts on an impossible request.
 *
 * @example
 * const rules = resolvePSiteRules(problem, 3, [0], [5]);
 * rules.siteStatus[0]; // -> 1
 */
export function resolvePSiteRules(
  problem: SitingProblem,
  siteCount: number,
  fixedSites: readonly number[] = [],
  forbiddenSites: readonly number[] = [],
): PSiteRules {
  const status = new Int8Array(problem.siteCount);
  const checkIndex = (value: number, field: string) => {
    if (!Number.isInteger(value) || value < 0 || value >= problem.siteCount) {
      throw new AirreachError('E_INDEX', 'site index out of range', {
        value,
        where: { field },
        expected: `an integer in 0…${problem.siteCount - 1}`,
      });
    }
  };
  forbiddenSites.forEach((site, k) => {
    checkIndex(site, `forbiddenSites/${k}`);
    status[site] = -1;
  });
  const fixed: number[] = [];
  fixedSites.forEach((site, k) => {
    checkIndex(site, `fixedSites/${k}`);
    if (status[site] === -1) {
      throw new AirreachError('E_SITE_CONFLICT', `site ${site} is both fixed and forbidden`, {
        value: site,
        where: { field: `fixedSites/${k}` },
        hint: 'Remove it from one of the two lists',
      });
    }
    if (status[site] !== 1) fixed.push(site);
    status[site] = 1;
  });
  let allowed = 0;
  for (let j = 0; j < problem.siteCount; j++) if (status[j] !== -1) allowed++;
  if (!Number.isInteger(siteCount) || siteCount < 1 || siteCount > allowed || siteCount < fixed.length) {
    throw new AirreachError('E_SITE_COUNT', 'siteCount is impossible for this problem', {
      value: siteCount,
      where: { field: 'siteCount' },
      expected: `an integer from max(1, ${fixed.length} fixed) to ${allowed} allowed sites`,
    });
  }
  fixed.sort((a, b) => a - b);
  return { siteCount, siteStatus: status, fixedSites: fixed, allowedSiteCount: allowed };
}
