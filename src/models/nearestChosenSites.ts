import type { SitingProblem } from './sitingProblem.js';

/**
 * For every demand point, the nearest of `sites` among the problem's stored pairs and its
 * minutes (`-1` and `Infinity` when none is stored). Sites are ascending within a row, so a
 * strict `<` keeps the lowest index on ties. The p-median and p-center evaluators share it.
 *
 * @example
 * const { assignedSites, minutes } = nearestChosenSites(problem, [3, 17]);
 */
export function nearestChosenSites(problem: SitingProblem, sites: readonly number[]): { assignedSites: Int32Array; minutes: Float64Array } {
  const chosen = new Uint8Array(problem.siteCount);
  for (const site of sites) chosen[site] = 1;
  const assignedSites = new Int32Array(problem.demandCount).fill(-1);
  const minutes = new Float64Array(problem.demandCount).fill(Infinity);
  const { demandOffsets, demandSites, demandMinutes } = problem;
  for (let i = 0; i < problem.demandCount; i++) {
    for (let k = demandOffsets[i], end = demandOffsets[i + 1]; k < end; k++) {
      if (chosen[demandSites[k]] === 1 && demandMinutes[k] < minutes[i]) {
        minutes[i] = demandMinutes[k];
        assignedSites[i] = demandSites[k];
      }
    }
  }
  return { assignedSites, minutes };
}
