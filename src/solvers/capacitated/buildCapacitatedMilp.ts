import type { CapacitatedInstance } from './buildCapacitatedInstance.js';
import type { CapacitatedSolution } from './createCapacitatedLocalSearch.js';
import { MilpBuilder } from '../milp/milpBuilder.js';
import type { MilpModel } from '../milp/solveMilp.js';

/** A capacitated MILP and the maps from its columns back to pairs and sites. */
export interface CapacitatedMilp {
  model: MilpModel;
  /** Column k < pairCount is x(pairDemand[k], pairSite[k]); column pairCount + s is y(siteOfColumn[s]). */
  pairCount: number;
  pairDemand: Uint32Array;
  pairSite: Uint32Array;
  siteOfColumn: Uint32Array;
  /** Column values of `start`, for HiGHS's warm start. */
  startValues: Float64Array | undefined;
}

/**
 * Builds the strong single-source capacitated MILP (the formulation in
 * `src/models/capacitatedPMedian.ts` / `capacitatedFacilityLocation.ts`): x for every allowed
 * finite pair, y for every allowed site, assignment rows, capacity rows, linking rows
 * x_ij ≤ y_j (they make the LP bound strong), and the site-count row when p is set.
 *
 * @example
 * const milp = buildCapacitatedMilp(instance, incumbent);
 * const result = await solveMilp(milp.model, { initialSolution: milp.startValues });
 */
export function buildCapacitatedMilp(instance: CapacitatedInstance, start?: CapacitatedSolution): CapacitatedMilp {
  const { demandCount: n, siteCount: m, cost, demands, capacities, openingCosts, siteStatus } = instance;
  const pairCount = instance.nearSites.length;
  const pairDemand = new Uint32Array(pairCount);
  const pairSite = new Uint32Array(pairCount);
  for (let i = 0; i < n; i++) {
    for (let k = instance.nearOffsets[i]; k < instance.nearOffsets[i + 1]; k++) {
      pairDemand[k] = i;
      pairSite[k] = instance.nearSites[k];
    }
  }
  const siteList: number[] = [];
  const columnOfSite = new Int32Array(m).fill(-1);
  for (let j = 0; j < m; j++) {
    if (siteStatus[j] === -1) continue;
    columnOfSite[j] = pairCount + siteList.length;
    siteList.push(j);
  }
  const milp = new MilpBuilder('minimize', { columns: pairCount + siteList.length, rows: n + siteList.length + pairCount + 1, entries: 4 * pairCount + 2 * siteList.length });
  for (let k = 0; k < pairCount; k++) milp.addColumn(cost[pairDemand[k] * m + pairSite[k]], 0, 1, true);
  for (const j of siteList) milp.addColumn(openingCosts[j], siteStatus[j] === 1 ? 1 : 0, 1, true);
  for (let i = 0; i < n; i++) {
    for (let k = instance.nearOffsets[i]; k < instance.nearOffsets[i + 1]; k++) milp.entry(k, 1);
    milp.endRow(1, 1);
  }
  const pairsOfSite: number[][] = Array.from({ length: m }, () => []);
  for (let k = 0; k < pairCount; k++) pairsOfSite[pairSite[k]].push(k);
  for (const j of siteList) {
    for (const k of pairsOfSite[j]) milp.entry(k, demands[pairDemand[k]]);
    milp.entry(columnOfSite[j], -capacities[j]).endRow(-Infinity, 0);
  }
  for (let k = 0; k < pairCount; k++) milp.entry(k, 1).entry(columnOfSite[pairSite[k]], -1).endRow(-Infinity, 0);
  if (instance.openCount !== undefined) {
    for (const j of siteList) milp.entry(columnOfSite[j], 1);
    milp.endRow(instance.exactSiteCount ? instance.openCount : -Infinity, instance.openCount);
  }
  const columns = pairCount + siteList.length;

  let startValues: Float64Array | undefined;
  if (start) {
    startValues = new Float64Array(columns);
    for (let i = 0; i < n; i++) {
      for (let k = instance.nearOffsets[i]; k < instance.nearOffsets[i + 1]; k++) if (pairSite[k] === start.assignment[i]) startValues[k] = 1;
    }
    for (const j of start.sites) startValues[columnOfSite[j]] = 1;
  }
  return {
    model: milp.build(),
    pairCount,
    pairDemand,
    pairSite,
    siteOfColumn: Uint32Array.from(siteList),
    startValues,
  };
}

/**
 * Reads a capacitated solution out of MILP column values (rounded: HiGHS returns 0.9999…).
 *
 * @example
 * const solution = readCapacitatedMilp(instance, milp, result.columnValues);
 */
export function readCapacitatedMilp(instance: CapacitatedInstance, milp: CapacitatedMilp, values: Float64Array): CapacitatedSolution {
  const { demandCount: n, siteCount: m, cost, openingCosts } = instance;
  const assignment = new Int32Array(n).fill(-1);
  for (let k = 0; k < milp.pairCount; k++) if (values[k] > 0.5) assignment[milp.pairDemand[k]] = milp.pairSite[k];
  const sites: number[] = [];
  milp.siteOfColumn.forEach((j, s) => {
    if (values[milp.pairCount + s] > 0.5) sites.push(j);
  });
  let total = 0;
  for (const j of sites) total += openingCosts[j];
  for (let i = 0; i < n; i++) total += assignment[i] >= 0 ? cost[i * m + assignment[i]] : Infinity;
  return { sites, assignment, cost: total };
}

/**
 * A restricted copy of an instance for a core MILP (a matheuristic polish on instances too big
 * for the full MILP): only `coreSites` may open, and each demand point keeps its `pairsPerDemand`
 * cheapest core sites plus its site in `start`, so `start` stays feasible. Its optimum is a
 * feasible solution of the full instance, not a bound on it.
 *
 * @example
 * const core = restrictCapacitatedInstance(instance, coreSites, 8, incumbent);
 */
export function restrictCapacitatedInstance(
  instance: CapacitatedInstance,
  coreSites: readonly number[],
  pairsPerDemand: number,
  start: CapacitatedSolution,
): CapacitatedInstance {
  const { demandCount: n, siteCount: m } = instance;
  const inCore = new Uint8Array(m);
  for (const j of coreSites) inCore[j] = 1;
  for (const j of start.sites) inCore[j] = 1;
  const siteStatus = Int8Array.from(instance.siteStatus, (status, j) => (inCore[j] === 1 ? status : -1));
  const cost = new Float64Array(n * m).fill(Infinity);
  const nearOffsets = new Uint32Array(n + 1);
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    let taken = 0;
    let hasStart = false;
    for (let k = instance.nearOffsets[i]; k < instance.nearOffsets[i + 1]; k++) {
      const j = instance.nearSites[k];
      if (inCore[j] === 0) continue;
      const isStart = j === start.assignment[i];
      if (taken >= pairsPerDemand && !isStart) {
        if (hasStart) break;
        continue;
      }
      kept.push(j);
      cost[i * m + j] = instance.cost[i * m + j];
      taken++;
      if (isStart) hasStart = true;
    }
    nearOffsets[i + 1] = kept.length;
  }
  return { ...instance, siteStatus, cost, nearOffsets, nearSites: Uint32Array.from(kept) };
}
