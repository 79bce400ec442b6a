import { AirreachError } from '../errors.js';
import type { SitingProblem } from './sitingProblem.js';

/**
 * Number of selected aircraft (or sites) within `standardMinutes` of each demand point.
 * `counts[k]` is the number at `selectedSites[k]` (default 1). Checks the site indexes.
 * The evaluators of every covering model call this, and nothing from src/solvers.
 *
 * @example
 * const reach = countCover(problem, [0, 3], 30); // reach[i]: sites of {0, 3} within 30 min of i
 */
export function countCover(problem: SitingProblem, selectedSites: readonly number[], standardMinutes: number, counts?: readonly number[]): Uint32Array {
  const perSite = new Uint32Array(problem.siteCount);
  selectedSites.forEach((site, position) => {
    if (!Number.isInteger(site) || site < 0 || site >= problem.siteCount) {
      throw new AirreachError('E_INDEX', 'selected site out of range', {
        value: site,
        where: { field: `selectedSites[${position}]` },
        expected: `an integer in 0…${problem.siteCount - 1}`,
      });
    }
    const count = counts ? counts[position] : 1;
    if (!Number.isInteger(count) || count < 0) {
      throw new AirreachError('E_OPTION', 'aircraft counts must be integers ≥ 0', { value: count, where: { field: `aircraftCounts[${position}]` } });
    }
    perSite[site] += count;
  });
  const reach = new Uint32Array(problem.demandCount);
  const { demandOffsets, demandSites, demandMinutes } = problem;
  for (let i = 0; i < problem.demandCount; i++) {
    let n = 0;
    for (let k = demandOffsets[i], end = demandOffsets[i + 1]; k < end; k++) {
      if (demandMinutes[k] <= standardMinutes) n += perSite[demandSites[k]];
    }
    reach[i] = n;
  }
  return reach;
}
