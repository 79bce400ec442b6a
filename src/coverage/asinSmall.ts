/** The largest argument x for which {@link asinSmall} keeps its error bound. */
export const ASIN_SMALL_MAX_X = 0.05;


/**
 * `asin(x) / x` for `0 ≤ x ≤ 0.05` from `x²`: the Maclaurin series of asin cut after x¹¹.
 *
 * Bound: the terms are positive and their coefficients decrease, so the cut-off remainder is at
 * most c₆·x¹³/(1 − x²) with c₆ = 231/13312 ≈ 0.0174: relative to x, ≤ 0.0174 · 0.05¹² / 0.9975
 * ≈ 4.3e-18, below float64 resolution (1.1e-16). Horner's rule on positive terms adds at most a
 * few roundings of 2⁻⁵³ each, so `x · asinSmall(x²)` is within ~5e-16 relative of asin x, and
 * within ~1e-15 of `Math.asin` (itself within 1 ulp). Through the few roundings of the
 * minutes (all terms positive), polynomial and reference minutes differ by < 4e-15 relative: seven orders of magnitude below the float32 resolution of the minutes (6e-8
 * relative) and 250 times inside the margin of `buildCoverage`'s fast path (2⁻⁴⁰), which hands
 * pairs that close to a float32 rounding boundary to `Math.asin`. `test/coverage/asinSmall.test.ts`
 * checks the bound against `Math.asin`.
 *
 * @example
 * const x = 0.01;
 * x * asinSmall(x * x); // ≈ Math.asin(0.01), within a few ulps
 */
export function asinSmall(xSquared: number): number {
  const t = xSquared;
  // c_k = (2k)! / (4^k (k!)² (2k + 1)): 1/6, 3/40, 5/112, 35/1152, 63/2816 (literals, so that
  // the optimiser folds them into the caller's loop).
  return 1 + t * (1 / 6 + t * (3 / 40 + t * (5 / 112 + t * (35 / 1152 + t * (63 / 2816)))));
}

