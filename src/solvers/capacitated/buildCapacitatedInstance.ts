import type { SitingProblem } from '../../models/sitingProblem.js';

/**
 * The capacitated solvers' dense view of a problem: `cost[i * m + j] = w_i · t_ij` for a stored
 * pair to an allowed site, Infinity otherwise (a pair not stored, or a forbidden site), plus the
 * capacity data and site rules. Shared by the capacitated p-median and facility location.
 */
export interface CapacitatedInstance {
  demandCount: number;
  siteCount: number;
  cost: Float64Array;
  demands: Float64Array;
  capacities: Float64Array;
  /** Opening cost per site (all 0 for the p-median). */
  openingCosts: Float64Array;
  /** Per site: 1 fixed, -1 forbidden, 0 free. */
  siteStatus: Int8Array;
  /** Number of sites to open: exactly (p-median, or `exactSiteCount`) or at most; undefined = free. */
  openCount: number | undefined;
  exactSiteCount: boolean;
  /** Row i: allowed sites with a finite cost, ascending by cost (ties by lowest index). */
  nearOffsets: Uint32Array;
  nearSites: Uint32Array;
}

/**
 * Builds a {@link CapacitatedInstance} (O(n · m) memory: meant for depot-sized problems, a few
 * thousand demand points × a few hundred sites).
 *
 * @example
 * const instance = buildCapacitatedInstance(problem, data.demands, data.capacities, new Float64Array(m), status, 10, true);
 */
export function buildCapacitatedInstance(
  problem: SitingProblem,
  demands: Float64Array,
  capacities: Float64Array,
  openingCosts: Float64Array,
  siteStatus: Int8Array,
  openCount: number | undefined,
  exactSiteCount: boolean,
): CapacitatedInstance {
  const n = problem.demandCount;
  const m = problem.siteCount;
  const cost = new Float64Array(n * m).fill(Infinity);
  const nearOffsets = new Uint32Array(n + 1);
  let pairCount = 0;
  for (let i = 0; i < n; i++) {
    const weight = problem.demandWeights[i];
    for (let k = problem.demandOffsets[i], end = problem.demandOffsets[i + 1]; k < end; k++) {
      const j = problem.demandSites[k];
      if (siteStatus[j] === -1) continue;
      cost[i * m + j] = weight * problem.demandMinutes[k];
      pairCount++;
    }
    nearOffsets[i + 1] = pairCount;
  }
  const nearSites = new Uint32Array(pairCount);
  for (let i = 0; i < n; i++) {
    const start = nearOffsets[i];
    let k = start;
    for (let j = 0; j < m; j++) if (cost[i * m + j] !== Infinity) nearSites[k++] = j;
    const row = cost.subarray(i * m, (i + 1) * m);
    nearSites.subarray(start, k).sort((a, b) => row[a] - row[b] || a - b);
  }
  return { demandCount: n, siteCount: m, cost, demands, capacities, openingCosts, siteStatus, openCount, exactSiteCount, nearOffsets, nearSites };
}
