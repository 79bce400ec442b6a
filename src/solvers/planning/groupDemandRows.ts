import type { SitingProblem } from '../../models/sitingProblem.js';
import type { WorkBudget } from '../kernel/workBudget.js';
import { EqualListGroups } from '../kernel/equalListGroups.js';

/**
 * Demand points grouped by what a model can tell apart: their region and, for each standard,
 * the allowed sites within it. Each group is one MILP row with the summed weight.
 */
export interface DemandRows {
  rowCount: number;
  rowWeights: Float64Array;
  /** Region of each row (−1 when none or no regions were given). */
  rowRegion: Int32Array;
  /** Per standard: the sites of row r are `sites[s][offsets[s][r] … offsets[s][r + 1] − 1]`, ascending. */
  offsets: Uint32Array[];
  sites: Uint32Array[];
  /** Row of each demand point. */
  rowOfDemand: Int32Array;
}

/**
 * Groups demand points with equal region and equal allowed cover sets under every standard in
 * `standardsMinutes` (rows in order of their first demand point: deterministic). A grouped MILP
 * has the same optimum as the per-demand one (rows with equal sets always get equal cover).
 * One unit of work per stored pair, spent whole (the step always completes).
 *
 * @example
 * const rows = groupDemandRows(problem, [30, 120], forbidden, budget);
 */
export function groupDemandRows(problem: SitingProblem, standardsMinutes: readonly number[], forbidden: Uint8Array, budget: WorkBudget, demandRegions?: ArrayLike<number>): DemandRows {
  const { demandCount, demandOffsets } = problem;
  budget.spend(demandOffsets[demandCount] + demandCount);
  const rowOfDemand = new Int32Array(demandCount);
  // At most one row per demand point; typed arrays, so that V8 never changes their elements kind.
  const weights = new Float64Array(demandCount);
  const regions = new Int32Array(demandCount);
  const lists: Uint32Array[][] = standardsMinutes.map(() => []);
  // The loop is a function of its own: V8 compiles it once instead of compiling this function
  // by on-stack replacement and dropping that code at the first statement after the loop.
  const rowCount = groupRows(problem, standardsMinutes, forbidden, demandRegions, rowOfDemand, weights, regions, lists);
  const offsets: Uint32Array[] = [];
  const sites: Uint32Array[] = [];
  for (let s = 0; s < standardsMinutes.length; s++) {
    const o = new Uint32Array(rowCount + 1);
    let total = 0;
    lists[s].forEach((list, r) => {
      total += list.length;
      o[r + 1] = total;
    });
    const flat = new Uint32Array(total);
    lists[s].forEach((list, r) => flat.set(list, o[r]));
    offsets.push(o);
    sites.push(flat);
  }
  return { rowCount, rowWeights: weights.slice(0, rowCount), rowRegion: regions.slice(0, rowCount), offsets, sites, rowOfDemand };
}

/**
 * Gives each demand point its row (`rowOfDemand`), adding a row's summed weight, region and
 * per-standard site list at its first demand point; returns the number of rows. Rows are equal keys (region + 1, then per
 * standard the count and the ascending sites), grouped by EqualListGroups: no string keys
 * (joining every demand point's site lists cost more than the rest of the model building).
 */
function groupRows(
  problem: SitingProblem,
  standardsMinutes: readonly number[],
  forbidden: Uint8Array,
  demandRegions: ArrayLike<number> | undefined,
  rowOfDemand: Int32Array,
  weights: Float64Array,
  regions: Int32Array,
  lists: Uint32Array[][],
): number {
  const { demandCount, demandOffsets, demandSites, demandMinutes, demandWeights } = problem;
  const keys = new EqualListGroups();
  let rowCount = 0;
  const key = new Uint32Array(1 + standardsMinutes.length * (problem.siteCount + 1));
  const starts = new Int32Array(standardsMinutes.length);
  for (let i = 0; i < demandCount; i++) {
    const region = demandRegions ? demandRegions[i] : -1;
    key[0] = region + 1;
    let at = 1;
    for (let s = 0; s < standardsMinutes.length; s++) {
      const start = at + 1;
      let end = start;
      let ascending = true;
      for (let k = demandOffsets[i]; k < demandOffsets[i + 1]; k++) {
        const site = demandSites[k];
        if (demandMinutes[k] <= standardsMinutes[s] && !forbidden[site]) {
          if (end > start && key[end - 1] > site) ascending = false;
          key[end++] = site;
        }
      }
      // A problem from the coverage engine lists each point's sites ascending already (no sort to pay).
      if (!ascending) key.subarray(start, end).sort();
      key[at] = end - start;
      starts[s] = start;
      at = end;
    }
    const row = keys.add(key, 0, at);
    if (row === rowCount) {
      rowCount++;
      regions[row] = region;
      for (let s = 0; s < standardsMinutes.length; s++) lists[s].push(key.slice(starts[s], starts[s] + key[starts[s] - 1]));
    }
    weights[row] += demandWeights[i];
    rowOfDemand[i] = row;
  }
  return rowCount;
}
