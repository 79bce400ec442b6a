/** Every vector of `siteCount` integers in [lower_s, upper_s] whose sum is in [minTotal, maxTotal]. */
export function* allocations(lower: readonly number[], upper: readonly number[], minTotal: number, maxTotal: number): Generator<number[]> {
  const counts = [...lower];
  function* walk(s: number, total: number): Generator<number[]> {
    if (s === counts.length) {
      if (total >= minTotal && total <= maxTotal) yield [...counts];
      return;
    }
    for (let c = lower[s]; c <= upper[s] && total + c - lower[s] <= maxTotal; c++) {
      counts[s] = c;
      yield* walk(s + 1, total + c - lower[s]);
    }
    counts[s] = lower[s];
  }
  let base = 0;
  for (const l of lower) base += l;
  yield* walk(0, base);
}

/** Sites holding aircraft and their counts, as the solvers report them. */
export function placement(counts: readonly number[]): { sites: number[]; counts: number[] } {
  const sites: number[] = [];
  const kept: number[] = [];
  counts.forEach((c, s) => {
    if (c > 0) {
      sites.push(s);
      kept.push(c);
    }
  });
  return { sites, counts: kept };
}
