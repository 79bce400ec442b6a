import { AirreachError } from '../errors.js';

/**
 * "Any time of day" coverage of each cell within `standardMinutes`: the probability that a call
 * at a random hour of the period is answered in time,
 *
 *   p_c = (1 − n_c) · [dayMinutes_c ≤ S] + n_c · [nightMinutes_c ≤ S]
 *
 * where n_c is the cell's night share ({@link nightShareByCell}, or one number for the whole
 * area). It assumes calls are spread evenly over the 24 h; calls cluster by day in reality, so
 * weighting by hours is conservative where night coverage is worse. The minutes are the fastest
 * responses of a day run and a night run (`CellOutcomes.responseMinutes`, `Infinity` where no
 * aircraft reaches).
 *
 * @example
 * blendDayNight(Float64Array.of(40, 40), Float64Array.of(55, Infinity), 0.4, 60); // -> [1, 0.6]
 */
export function blendDayNight(
  dayMinutes: ArrayLike<number>,
  nightMinutes: ArrayLike<number>,
  nightShare: number | ArrayLike<number>,
  standardMinutes: number,
): Float64Array {
  const n = dayMinutes.length;
  checkSameLength(n, nightMinutes.length, 'nightMinutes');
  if (typeof nightShare !== 'number') checkSameLength(n, nightShare.length, 'nightShare');
  if (!(standardMinutes >= 0)) {
    throw new AirreachError('E_OPTION', 'standardMinutes must be ≥ 0', { value: standardMinutes, where: { field: 'standardMinutes' } });
  }
  const out = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const share = typeof nightShare === 'number' ? nightShare : nightShare[c];
    checkShare(share, c);
    out[c] = (1 - share) * (dayMinutes[c] <= standardMinutes ? 1 : 0) + share * (nightMinutes[c] <= standardMinutes ? 1 : 0);
  }
  return out;
}

/**
 * The demand-weighted share Σ w_c p_c / Σ w_c of per-cell probabilities — e.g. of
 * {@link blendDayNight} — over all cells or over `members` (dense cell indexes, e.g. one region
 * or hazard type). 0 when the weights sum to 0.
 *
 * With one night share n for the whole area it equals (1 − n) × day share + n × night share of
 * the two reports' `coveredDemandShare`, so a report can also be blended without per-cell data.
 *
 * @example
 * weightedShare(Float64Array.of(3, 1), Float64Array.of(1, 0.6)); // -> 0.9
 */
export function weightedShare(weights: ArrayLike<number>, probabilities: ArrayLike<number>, members?: ArrayLike<number>): number {
  checkSameLength(weights.length, probabilities.length, 'probabilities');
  let covered = 0;
  let total = 0;
  const count = members ? members.length : weights.length;
  for (let k = 0; k < count; k++) {
    const c = members ? members[k] : k;
    if (!(c >= 0 && c < weights.length)) throw new AirreachError('E_INDEX', 'a member index is outside the grid', { value: c, where: { row: k } });
    covered += weights[c] * probabilities[c];
    total += weights[c];
  }
  return total > 0 ? covered / total : 0;
}

function checkSameLength(expected: number, actual: number, field: string): void {
  if (actual !== expected) {
    throw new AirreachError('E_MATRIX', `${field} has a different length from the day values`, {
      value: actual,
      where: { field },
      expected: `${expected} entries, one per cell`,
    });
  }
}

function checkShare(share: number, cell: number): void {
  if (!(share >= 0 && share <= 1)) {
    throw new AirreachError('E_OPTION', 'a night share is outside [0, 1]', { value: share, where: { field: 'nightShare', row: cell } });
  }
}
