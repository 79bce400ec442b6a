import type { PMedianCosts } from './buildPMedianCosts.js';

/**
 * A p-median restricted to a subset of the sites (the ones not yet closed for good): dense
 * local costs plus each demand row's kept sites in cost order. Shrinking the site set shortens
 * every row scan of the Lagrangian, which is where its time goes.
 */
export interface PMedianCore {
  demandCount: number;
  /** Sites kept. */
  siteCount: number;
  /** Local site → site index of the {@link PMedianCosts} it was built from. */
  sites: Uint32Array;
  /** Dense local costs, `cost[i * siteCount + local]`. */
  cost: Float64Array;
  /** Row i: local sites ascending by cost (ties by lowest index), `order[i * siteCount + k]`. */
  order: Uint32Array;
  sortedCost: Float64Array;
}

/**
 * Builds the {@link PMedianCore} of `costs` over the sites with `keep[j] === 1`, reusing the
 * rows' global sort (a filter, O(n·m), no re-sorting).
 *
 * @example
 * const keep = new Uint8Array(costs.siteCount).fill(1);
 * const core = buildPMedianCore(costs, keep);
 */
export function buildPMedianCore(costs: PMedianCosts, keep: Uint8Array): PMedianCore {
  const { demandCount: n, siteCount: m } = costs;
  const local = new Int32Array(m).fill(-1);
  let mc = 0;
  for (let j = 0; j < m; j++) if (keep[j] === 1) local[j] = mc++;
  const sites = new Uint32Array(mc);
  for (let j = 0; j < m; j++) if (local[j] >= 0) sites[local[j]] = j;
  const cost = new Float64Array(n * mc);
  const order = new Uint32Array(n * mc);
  const sortedCost = new Float64Array(n * mc);
  for (let i = 0; i < n; i++) {
    const base = i * m;
    const out = i * mc;
    for (let k = 0; k < mc; k++) cost[out + k] = costs.cost[base + sites[k]];
    let at = out;
    for (let k = 0; k < m; k++) {
      const l = local[costs.order[base + k]];
      if (l < 0) continue;
      order[at] = l;
      sortedCost[at++] = costs.sortedCost[base + k];
    }
  }
  return { demandCount: n, siteCount: mc, sites, cost, order, sortedCost };
}
