import { AirreachError } from '../errors.js';

/**
 * Walker's alias table (Vose's construction) over non-negative weights: draws index i with
 * probability weight[i] / Σ weight in O(1) from one uniform number. Built in O(n) with typed
 * arrays; the construction order is fixed, so the same weights and the same uniform number
 * always give the same index.
 *
 * @example
 * const table = aliasTable(Float64Array.of(1, 0, 3));
 * sampleAlias(table, 0.9); // -> 0 or 2, never 1
 */
export interface AliasTable {
  /** Probability of keeping column i (scaled to [0, 1]). */
  keep: Float64Array;
  /** The other index of column i. */
  alias: Int32Array;
}

/**
 * Builds an {@link AliasTable}. Throws `E_EMPTY` when no weight is positive, `E_OPTION` naming
 * `field` for a negative or non-finite weight.
 *
 * @example
 * const table = aliasTable(grid.demand, 'grid.demand');
 */
export function aliasTable(weights: ArrayLike<number>, field = 'weights'): AliasTable {
  const n = weights.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (!(w >= 0) || w === Infinity) throw new AirreachError('E_OPTION', 'a weight is negative or not finite', { value: w, where: { field: `${field}/${i}` }, expected: 'a finite weight ≥ 0' });
    total += w;
  }
  if (!(total > 0) || !Number.isFinite(total)) throw new AirreachError('E_EMPTY', 'no weight is positive: there is nowhere for an incident to happen', { value: total, where: { field }, expected: 'at least one positive weight' });
  const keep = new Float64Array(n);
  const alias = new Int32Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let smallCount = 0;
  let largeCount = 0;
  for (let i = 0; i < n; i++) {
    keep[i] = (weights[i] * n) / total;
    alias[i] = i;
    if (keep[i] < 1) small[smallCount++] = i;
    else large[largeCount++] = i;
  }
  while (smallCount > 0 && largeCount > 0) {
    const s = small[--smallCount];
    const l = large[largeCount - 1];
    alias[s] = l;
    keep[l] = keep[l] + keep[s] - 1;
    if (keep[l] < 1) {
      largeCount--;
      small[smallCount++] = l;
    }
  }
  // What is left is 1 up to rounding.
  while (largeCount > 0) keep[large[--largeCount]] = 1;
  let firstPositive = 0;
  while (!(weights[firstPositive] > 0)) firstPositive++;
  while (smallCount > 0) {
    const s = small[--smallCount];
    keep[s] = weights[s] > 0 ? 1 : 0;
    if (keep[s] === 0) alias[s] = firstPositive;
  }
  return { keep, alias };
}

/**
 * Draws an index from an {@link AliasTable} with one uniform number u ∈ [0, 1): its integer
 * part (× n) picks the column, its fraction decides between the column and its alias.
 *
 * @example
 * sampleAlias(aliasTable([1, 1]), 0.25); // -> 0
 */
export function sampleAlias(table: AliasTable, u: number): number {
  const n = table.keep.length;
  const scaled = u * n;
  const column = Math.min(n - 1, Math.floor(scaled));
  return scaled - column < table.keep[column] ? column : table.alias[column];
}
