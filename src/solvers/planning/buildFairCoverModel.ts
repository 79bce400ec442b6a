import { dropDominatedSites, isSubset, transpose } from '../covering/reduceCovering.js';
import { EqualListGroups } from '../kernel/equalListGroups.js';
import { SITE_FIXED, SITE_FORBIDDEN, SITE_FREE } from '../kernel/resolveSiteRules.js';
import type { WorkBudget } from '../kernel/workBudget.js';
import { MilpBuilder } from '../milp/milpBuilder.js';
import type { MilpModel } from '../milp/solveMilp.js';
import type { RegionCoverRows } from './searchMaxMinCover.js';

/** What {@link buildFairCoverModel} returns. */
export interface FairCoverModel {
  /** Columns 0 … siteCount − 1 are the sites (1 open); then one column per merged row; then z (stage "maxMin"). */
  model: MilpModel;
  /** The worst-share column (stage "maxMin"), or −1. */
  z: number;
  /** Allowed sites left out as dominated (upper bound 0), ascending. */
  droppedSites: number[];
  /**
   * The model's columns for p sites (`chosen`, the fixed ones among them): each dropped site
   * swapped for an open-able site that covers all it covers (never a worse answer, so a start
   * that meets the floor still does), each merged row covered or not, z the worst share.
   */
  startOf(chosen: readonly number[]): Float64Array;
}

/**
 * The compact MILP of the fairness model (`fairCovering`) at one standard, reduced before HiGHS
 * sees it. From the grouped rows (`groupDemandRows`: one per region and cover set):
 * - a row a fixed site covers is a constant (its weight an objective offset, its share moved to
 *   its region's right-hand side), and a row no allowed site covers is dropped;
 * - a free site whose cover set another allowed site's contains (`dropDominatedSites`, rule
 *   "count") is closed: every objective and every region's share only grow with the covered
 *   set, so a dominated site in an answer can be swapped for its dominator, or for any closed
 *   site when that is open already — done only while the fixed and the remaining sites number
 *   at least p;
 * - rows with equal cover sets are one column whatever their regions (its weight, and its share
 *   of each region it falls in, summed), and a row one site alone covers is that site's column
 *   (y = x at any optimum: its weight and shares are added to the site's).
 *
 * Stage "total": maximise the covered weight, every region's share ≥ `floorShare`.
 * Stage "maxMin": maximise z, every region's share ≥ z. Both pick exactly p sites. The optimum
 * is the one of the unreduced model (same value, possibly another optimal site set). One work
 * unit per row entry passed.
 *
 * @example
 * const { model, startOf } = buildFairCoverModel(rows, state, siteCount, 12, 'total', 0.8);
 * const milp = await solveMilp(model, { presolve: false, initialSolution: startOf(start) });
 */
export function buildFairCoverModel(
  rows: RegionCoverRows,
  state: Uint8Array,
  siteCount: number,
  p: number,
  stage: 'total' | 'maxMin',
  floorShare: number,
  work?: WorkBudget,
): FairCoverModel {
  const { rowCount, rowWeights, rowRegion, offsets, regionWeight } = rows;
  const regionCount = regionWeight.length;
  work?.spend(2 * (offsets[rowCount] + rowCount) + siteCount);
  const { fixedShare, fixedWeight, keptRows, kept, alive } = reduceFairRows(rows, state, siteCount, p, work);
  const droppedSites: number[] = [];
  for (let s = 0; s < siteCount; s++) if (state[s] === SITE_FREE && alive[s] === 0) droppedSites.push(s);

  // Merged rows: equal lists of open-able sites, whatever their regions.
  const lists = new EqualListGroups();
  const list = new Uint32Array(siteCount);
  const groupFirst: number[] = []; // offset of each group's list in groupSites
  const groupSites: number[] = [];
  const groupWeight: number[] = [];
  const groupOf = new Int32Array(keptRows.length);
  for (let k = 0; k < keptRows.length; k++) {
    let n = 0;
    for (let t = kept.offsets[k]; t < kept.offsets[k + 1]; t++) if (alive[kept.sites[t]] === 1) list[n++] = kept.sites[t];
    const group = lists.add(list, 0, n);
    if (group === groupWeight.length) {
      groupFirst.push(groupSites.length);
      for (let i = 0; i < n; i++) groupSites.push(list[i]);
      groupWeight.push(0);
    }
    groupWeight[group] += rowWeights[keptRows[k]];
    groupOf[k] = group;
  }
  const groupCount = groupWeight.length;
  groupFirst.push(groupSites.length);
  // A group of one site is that site's column; the others get a column each (index into y).
  const groupColumn = new Int32Array(groupCount);
  let yCount = 0;
  for (let q = 0; q < groupCount; q++) groupColumn[q] = groupFirst[q + 1] - groupFirst[q] === 1 ? groupSites[groupFirst[q]] : siteCount + yCount++;
  const columnCount = siteCount + yCount + (stage === 'maxMin' ? 1 : 0);
  const cost = new Float64Array(columnCount);
  if (stage === 'total') for (let q = 0; q < groupCount; q++) cost[groupColumn[q]] += groupWeight[q];
  // Each region's share per column, in row order of first appearance (deterministic sums).
  const regionEntries: Array<Map<number, number>> = Array.from({ length: regionCount }, () => new Map());
  for (let k = 0; k < keptRows.length; k++) {
    const r = keptRows[k];
    const g = rowRegion[r];
    if (g < 0 || !(regionWeight[g] > 0)) continue;
    const column = groupColumn[groupOf[k]];
    const entries = regionEntries[g];
    entries.set(column, (entries.get(column) ?? 0) + rowWeights[r] / regionWeight[g]);
  }

  const builder = new MilpBuilder('maximize', { columns: columnCount, rows: yCount + regionCount + 1, entries: groupSites.length + yCount + keptRows.length + siteCount + regionCount });
  for (let s = 0; s < siteCount; s++) builder.addColumn(cost[s], state[s] === SITE_FIXED ? 1 : 0, state[s] === SITE_FIXED || alive[s] === 1 ? 1 : 0, true);
  for (let j = siteCount; j < siteCount + yCount; j++) builder.addColumn(cost[j], 0, 1);
  const z = stage === 'maxMin' ? builder.addColumn(1, 0, 1) : -1;
  if (stage === 'total') builder.addOffset(fixedWeight);
  // y ≤ Σ x over the group's sites.
  for (let q = 0; q < groupCount; q++) {
    if (groupColumn[q] < siteCount) continue;
    builder.entry(groupColumn[q], 1);
    for (let t = groupFirst[q]; t < groupFirst[q + 1]; t++) builder.entry(groupSites[t], -1);
    builder.endRow(-Infinity, 0);
  }
  // Per region: fixed share + Σ share · column ≥ z (or the floor).
  for (let g = 0; g < regionCount; g++) {
    if (!(regionWeight[g] > 0)) continue;
    for (const [column, share] of regionEntries[g]) builder.entry(column, share);
    if (stage === 'maxMin') builder.entry(z, -1).endRow(-fixedShare[g], Infinity);
    else builder.endRow(floorShare - fixedShare[g], Infinity);
  }
  for (let s = 0; s < siteCount; s++) builder.entry(s, 1);
  builder.endRow(p, p);
  const model = builder.build();

  const startOf = (chosen: readonly number[]): Float64Array => {
    const values = new Float64Array(columnCount);
    for (const s of chosen) values[s] = 1;
    // Dropped sites in the start: each swapped for a closed alive site covering all its rows
    // (one exists, or its dominator is open and any closed alive site will do).
    const bySite = droppedSites.length > 0 ? transpose(kept.offsets, kept.sites, siteCount) : null;
    for (const s of chosen) {
      if (alive[s] === 1 || state[s] === SITE_FIXED || bySite === null) continue;
      values[s] = 0;
      let into = -1;
      for (let t = 0; t < siteCount && into < 0; t++) {
        if (alive[t] === 0 || values[t] === 1) continue;
        if (isSubset(bySite.items, bySite.offsets[s], bySite.offsets[s + 1], bySite.offsets[t], bySite.offsets[t + 1])) into = t;
      }
      for (let t = 0; t < siteCount && into < 0; t++) if (alive[t] === 1 && values[t] === 0) into = t;
      if (into >= 0) values[into] = 1;
    }
    for (let q = 0; q < groupCount; q++) {
      if (groupColumn[q] < siteCount) continue;
      let hit = 0;
      for (let t = groupFirst[q]; t < groupFirst[q + 1] && hit === 0; t++) hit = values[groupSites[t]];
      values[groupColumn[q]] = hit;
    }
    if (z >= 0) {
      let least = 1;
      for (let g = 0; g < regionCount; g++) {
        if (!(regionWeight[g] > 0)) continue;
        let share = fixedShare[g];
        for (const [column, v] of regionEntries[g]) share += v * values[column];
        least = Math.min(least, share);
      }
      values[z] = Math.max(0, least);
    }
    return values;
  };
  return { model, z, droppedSites, startOf };
}

/**
 * The sites of a fairness model (`fairCovering`) worth searching: `state` with every free site
 * that another allowed site dominates (covers every row it covers, rows a fixed site covers
 * aside: `dropDominatedSites`, rule "count") made forbidden — unless fewer than p sites would be
 * left. Every objective of the model (the worst region's share, the total at a floor) only grows
 * with the covered set, so some optimum opens no dominated site: swap it for its dominator, or
 * for any closed site when that is open already. The search (`searchMaxMinCover`) and the swaps
 * run on it; an answer that opens a dominated site stays an answer. One work unit per row entry.
 *
 * @example
 * const searchState = closeDominatedFairSites(rows, rules.state, siteCount, 12);
 */
export function closeDominatedFairSites(rows: RegionCoverRows, state: Uint8Array, siteCount: number, p: number, work?: WorkBudget): Uint8Array {
  work?.spend(rows.offsets[rows.rowCount] + rows.rowCount + siteCount);
  const { alive } = reduceFairRows(rows, state, siteCount, p, work);
  const closed = state.slice();
  for (let s = 0; s < siteCount; s++) if (state[s] === SITE_FREE && alive[s] === 0) closed[s] = SITE_FORBIDDEN;
  return closed;
}

/**
 * Rows a fixed site covers (as constants: their weight, and their share of each region), the
 * other rows that some allowed site covers (their free sites), and which free sites stay open-able
 * (`alive`: dominated ones not, while the fixed and the alive number at least p; the pairwise
 * search stops where `work` runs out, keeping the sites it has not checked).
 */
function reduceFairRows(rows: RegionCoverRows, state: Uint8Array, siteCount: number, p: number, work: WorkBudget | undefined) {
  const { rowCount, rowWeights, rowRegion, offsets, rowSites, regionWeight } = rows;
  const regionCount = regionWeight.length;
  // Rows left to decide (none of their sites fixed, some allowed): their sites, ascending.
  const fixedShare = new Float64Array(regionCount);
  let fixedWeight = 0;
  const keptRows: number[] = [];
  const keptOffsets: number[] = [0];
  const keptSites: number[] = [];
  for (let r = 0; r < rowCount; r++) {
    const start = offsets[r];
    const end = offsets[r + 1];
    let fixed = false;
    let allowed = 0;
    for (let t = start; t < end; t++) {
      const s = rowSites[t];
      if (state[s] === SITE_FIXED) fixed = true;
      else if (state[s] !== SITE_FORBIDDEN) allowed++;
    }
    const g = rowRegion[r];
    if (fixed) {
      fixedWeight += rowWeights[r];
      if (g >= 0 && regionWeight[g] > 0) fixedShare[g] += rowWeights[r] / regionWeight[g];
      continue;
    }
    if (allowed === 0) continue;
    keptRows.push(r);
    for (let t = start; t < end; t++) if (state[rowSites[t]] === SITE_FREE) keptSites.push(rowSites[t]);
    keptOffsets.push(keptSites.length);
  }
  const kept = { offsets: Uint32Array.from(keptOffsets), sites: Uint32Array.from(keptSites) };
  // Dominated free sites: closed, when enough sites are left to pick p.
  const alive = new Uint8Array(siteCount);
  let fixedCount = 0;
  for (let s = 0; s < siteCount; s++) {
    if (state[s] === SITE_FREE) alive[s] = 1;
    if (state[s] === SITE_FIXED) fixedCount++;
  }
  dropDominatedSites(kept, siteCount, alive, state, 'count', () => 0, work);
  let aliveCount = 0;
  for (let s = 0; s < siteCount; s++) aliveCount += alive[s];
  if (fixedCount + aliveCount < p) for (let s = 0; s < siteCount; s++) alive[s] = state[s] === SITE_FREE ? 1 : 0;
  return { fixedShare, fixedWeight, keptRows, kept, alive };
}
