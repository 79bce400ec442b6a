import { AirreachError } from '../../errors.js';
import type { SitingProblem } from '../../models/sitingProblem.js';

/**
 * The p-median search's view of a problem: weighted costs `w_i · t_ij` of the demand points
 * with positive weight, dense row-major (`cost[i * m + j]`), plus each row's sites sorted by
 * cost (`order`, `sortedCost`) so that scans stop early at a threshold.
 */
export interface PMedianCosts {
  /** Demand rows kept (positive weight). */
  demandCount: number;
  siteCount: number;
  cost: Float64Array;
  /** Row i: sites ascending by cost, ties by lowest index. */
  order: Uint32Array;
  sortedCost: Float64Array;
  /** True when every cost is an integer: bounds may then be rounded up. */
  integral: boolean;
}

/**
 * Builds {@link PMedianCosts}. Missing pairs of a sparse problem cost `unreachableMinutes`
 * (weighted); when that is Infinity the problem must be `complete`, else `E_MODEL`.
 *
 * @example
 * const costs = buildPMedianCosts(problem, Infinity);
 */
export function buildPMedianCosts(problem: SitingProblem, unreachableMinutes: number): PMedianCosts {
  if (!problem.complete && !Number.isFinite(unreachableMinutes)) {
    throw new AirreachError('E_MODEL', 'p-median needs every (demand, site) minutes value', {
      value: 'sparse problem',
      expected: 'a complete problem, or the option unreachableMinutes',
      hint: 'Pass a dense matrix, or set unreachableMinutes (the cost of a pair not stored, e.g. 2 × the largest stored minutes)',
    });
  }
  const m = problem.siteCount;
  const rows: number[] = [];
  for (let i = 0; i < problem.demandCount; i++) if (problem.demandWeights[i] > 0) rows.push(i);
  const n = rows.length;
  const cost = new Float64Array(n * m);
  let integral = true;
  for (let r = 0; r < n; r++) {
    const i = rows[r];
    const weight = problem.demandWeights[i];
    const base = r * m;
    cost.fill(weight * unreachableMinutes, base, base + m);
    for (let k = problem.demandOffsets[i], end = problem.demandOffsets[i + 1]; k < end; k++) {
      const minutes = problem.demandMinutes[k];
      cost[base + problem.demandSites[k]] = weight * Math.min(minutes, unreachableMinutes);
    }
    if (integral) for (let j = 0; j < m; j++) if (!Number.isInteger(cost[base + j])) integral = false;
  }
  const order = new Uint32Array(n * m);
  const sortedCost = new Float64Array(n * m);
  const index = new Uint32Array(m);
  for (let r = 0; r < n; r++) {
    const base = r * m;
    for (let j = 0; j < m; j++) index[j] = j;
    const row = cost.subarray(base, base + m);
    index.sort((a, b) => row[a] - row[b] || a - b);
    order.set(index, base);
    for (let k = 0; k < m; k++) sortedCost[base + k] = row[index[k]];
  }
  return { demandCount: n, siteCount: m, cost, order, sortedCost, integral };
}
