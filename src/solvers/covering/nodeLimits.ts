/** Integer limits of the aircraft per column at a node of a branch and bound. */
export interface NodeLimits {
  lower: Int32Array;
  upper: Int32Array;
}

/**
 * Whether the limits admit a placement of at most `total` aircraft: every lower ≤ upper and
 * Σ lower ≤ total (a child failing this is not searched).
 *
 * @example
 * feasibleLimits({ lower: Int32Array.of(1, 2), upper: Int32Array.of(1, 3) }, 2); // -> false (3 aircraft at least)
 */
export function feasibleLimits(limits: NodeLimits, total: number): boolean {
  let sum = 0;
  for (let c = 0; c < limits.lower.length; c++) {
    if (limits.lower[c] > limits.upper[c]) return false;
    sum += limits.lower[c];
  }
  return sum <= total;
}

/**
 * Whether a rounded LP point keeps to the limits and to `total` (it does up to HiGHS's
 * tolerances, which rounding may break): only then is it taken as a placement.
 *
 * @example
 * withinLimits(Int32Array.of(1, 2), { lower: Int32Array.of(0, 0), upper: Int32Array.of(3, 3) }, 3); // -> true
 */
export function withinLimits(counts: Int32Array, limits: NodeLimits, total: number): boolean {
  let sum = 0;
  for (let c = 0; c < counts.length; c++) {
    if (counts[c] < limits.lower[c] || counts[c] > limits.upper[c]) return false;
    sum += counts[c];
  }
  return sum <= total;
}
