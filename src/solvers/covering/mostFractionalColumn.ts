/**
 * The column among the first `count` of an LP point whose value is farthest from an integer
 * (more than 1e-6 away; ties by lowest index), or -1 when all of them are integral within that:
 * the branching column of the aircraft trees (expected covering, maximum availability).
 *
 * @example
 * mostFractionalColumn(Float64Array.of(1, 0.4, 2.5, 3), 4); // -> 2
 */
export function mostFractionalColumn(values: ArrayLike<number>, count: number): number {
  let branch = -1;
  let distance = 1e-6;
  for (let c = 0; c < count; c++) {
    const d = Math.abs(values[c] - Math.round(values[c]));
    if (d > distance + 1e-9) {
      distance = d;
      branch = c;
    }
  }
  return branch;
}
