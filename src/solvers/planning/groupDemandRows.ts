import type { SitingProblem } from '../../models/sitingProblem.js';
import type { WorkBudget } from '../kernel/workBudget.js';

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
  const { demandCount, demandOffsets, demandSites, demandMinutes } = problem;
  budget.spend(demandOffsets[demandCount] + demandCount);
  // Rows found by a hash of (region, sets) and confirmed by comparing the sets: no string keys
  // (joining every demand point's site lists cost more than the rest of the model building).
  const rowsOfHash = new Map<number, number[]>();
  const rowOfDemand = new Int32Array(demandCount);
  const weights: number[] = [];
  const regions: number[] = [];
  const lists: Int32Array[][] = standardsMinutes.map(() => []);
  const scratch = standardsMinutes.map(() => new Int32Array(problem.siteCount));
  const lengths = new Int32Array(standardsMinutes.length);
  for (let i = 0; i < demandCount; i++) {
    const region = demandRegions ? demandRegions[i] : -1;
    let hash = Math.imul(region + 1, 0x9e3779b1) | 0;
    for (let s = 0; s < standardsMinutes.length; s++) {
      const list = scratch[s];
      let n = 0;
      let ascending = true;
      for (let k = demandOffsets[i]; k < demandOffsets[i + 1]; k++) {
        const site = demandSites[k];
        if (demandMinutes[k] <= standardsMinutes[s] && !forbidden[site]) {
          if (n > 0 && list[n - 1] > site) ascending = false;
          list[n++] = site;
        }
      }
      // A problem from the coverage engine lists each point's sites ascending already (no sort to pay).
      if (!ascending) list.subarray(0, n).sort();
      const sorted = list;
      lengths[s] = n;
      hash = Math.imul(hash ^ (n + 0x3c6ef372), 0x01000193);
      for (let t = 0; t < n; t++) hash = Math.imul(hash ^ sorted[t], 0x01000193);
    }
    let bucket = rowsOfHash.get(hash);
    let row = -1;
    if (bucket !== undefined) {
      for (const candidate of bucket) {
        if (regions[candidate] !== region) continue;
        let same = true;
        for (let s = 0; s < standardsMinutes.length && same; s++) {
          const held = lists[s][candidate];
          if (held.length !== lengths[s]) same = false;
          for (let t = 0; t < held.length && same; t++) same = held[t] === scratch[s][t];
        }
        if (same) {
          row = candidate;
          break;
        }
      }
    } else {
      bucket = [];
      rowsOfHash.set(hash, bucket);
    }
    if (row < 0) {
      row = weights.length;
      bucket.push(row);
      weights.push(0);
      regions.push(region);
      for (let s = 0; s < standardsMinutes.length; s++) lists[s].push(scratch[s].slice(0, lengths[s]));
    }
    weights[row] += problem.demandWeights[i];
    rowOfDemand[i] = row;
  }
  const offsets: Uint32Array[] = [];
  const sites: Uint32Array[] = [];
  for (let s = 0; s < standardsMinutes.length; s++) {
    const o = new Uint32Array(weights.length + 1);
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
  return { rowCount: weights.length, rowWeights: Float64Array.from(weights), rowRegion: Int32Array.from(regions), offsets, sites, rowOfDemand };
}
