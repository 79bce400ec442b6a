import { AirreachError } from '../errors.js';
import { checkCoordinate, nightMinutesOfDay, resolveDaylightOptions, type DaylightWindowOptions } from './daylightWindow.js';
import { solarDay, timeClip } from './sunriseSunset.js';

/**
 * A period to average over: an explicit `[fromUtc, toUtc)` interval, a calendar `year`, or a
 * `month` (1–12) of a year. Calendar periods are taken in UTC+8 (Beijing time), the zone of every
 * place airreach's bundled case covers; use `fromUtc`/`toUtc` elsewhere.
 */
export type NightSharePeriod = { fromUtc: Date; toUtc: Date } | { year: number; month?: number };

/** Options of {@link nightShare}: the daylight window's options plus sampling. */
export interface NightShareOptions extends DaylightWindowOptions {
  /**
   * Days between samples. 1 evaluates every solar day; larger steps sample every n-th day (day
   * length changes smoothly, so 3 costs a third and moves a monthly share by < 0.001).
   */
  stepDays?: number;
}

/** Defaults of {@link nightShare}: every day, CRS window (sunrise − 30 min to sunset + 30 min). */
export const DEFAULT_NIGHT_SHARE_OPTIONS: Readonly<Required<NightShareOptions>> = Object.freeze({
  reference: 'sunrise',
  marginMinutes: 30,
  stepDays: 1,
});

const msPerDay = 86_400_000;
const beijingOffsetMs = 8 * 3_600_000;

/**
 * The share of hours that are night (outside the day-flying window of {@link daylightWindow})
 * over a period at one place: Σ night minutes / Σ 1440 over the solar days whose local noon
 * falls in the period. Whole days only: the period is rounded to the days it contains.
 *
 * Over a whole year the share is close to 0.5 at every latitude — a little under with sunrise
 * and sunset (refraction and the Sun's radius lengthen the day), well under with the 30-min CRS
 * margins (about 0.45 in Shenyang) — and longer in December than in June in the northern hemisphere.
 *
 * @example
 * nightShare(41.8057, 123.4315, { year: 2024 });                // ≈ 0.45 (CRS window)
 * nightShare(41.8057, 123.4315, { year: 2024, month: 12 });     // ≈ 0.575 (June: ≈ 0.33)
 * nightShare(41.8057, 123.4315, { year: 2024 }, { marginMinutes: 0 }); // ≈ 0.49
 */
export function nightShare(latDeg: number, lngDeg: number, period: NightSharePeriod, options: NightShareOptions = {}): number {
  checkCoordinate(latDeg, lngDeg);
  const settings = resolveNightShareOptions(options);
  const [fromMs, toMs] = periodBoundsMs(period);
  return nightShareUnchecked(latDeg, lngDeg, fromMs, toMs, settings);
}

/** Validated options (internal). */
export function resolveNightShareOptions(options: NightShareOptions): Required<NightShareOptions> {
  const daylight = resolveDaylightOptions(options);
  const stepDays = options.stepDays ?? DEFAULT_NIGHT_SHARE_OPTIONS.stepDays;
  if (!Number.isInteger(stepDays) || stepDays < 1 || stepDays > 31) {
    throw new AirreachError('E_OPTION', 'stepDays must be a whole number of days', {
      value: stepDays,
      where: { field: 'stepDays' },
      expected: 'an integer in 1…31',
    });
  }
  return { ...daylight, stepDays };
}

/** `[fromMs, toMs)` of a period, validated (internal). */
export function periodBoundsMs(period: NightSharePeriod): [number, number] {
  if (typeof period !== 'object' || period === null) {
    throw new AirreachError('E_OPTION', 'the period must be { fromUtc, toUtc } or { year, month? }', { value: period });
  }
  if ('year' in period) {
    const { year, month } = period;
    if (!Number.isInteger(year) || year < 1900 || year > 2200) {
      throw new AirreachError('E_OPTION', 'year out of range', { value: year, where: { field: 'year' }, expected: 'an integer year in 1900…2200' });
    }
    if (month !== undefined && (!Number.isInteger(month) || month < 1 || month > 12)) {
      throw new AirreachError('E_OPTION', 'month out of range', { value: month, where: { field: 'month' }, expected: 'an integer month 1…12' });
    }
    const from = month === undefined ? Date.UTC(year, 0, 1) : Date.UTC(year, month - 1, 1);
    const to = month === undefined ? Date.UTC(year + 1, 0, 1) : Date.UTC(year, month, 1);
    return [from - beijingOffsetMs, to - beijingOffsetMs];
  }
  const { fromUtc, toUtc } = period;
  const fromMs = fromUtc instanceof Date ? fromUtc.getTime() : Number.NaN;
  const toMs = toUtc instanceof Date ? toUtc.getTime() : Number.NaN;
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || !(toMs - fromMs >= msPerDay)) {
    throw new AirreachError('E_OPTION', 'the period must be valid dates at least one day apart', {
      value: period,
      expected: 'fromUtc and toUtc Dates with toUtc ≥ fromUtc + 1 day',
    });
  }
  return [fromMs, toMs];
}

/** The share without validation (internal). */
export function nightShareUnchecked(
  latDeg: number,
  lngDeg: number,
  fromMs: number,
  toMs: number,
  settings: Required<NightShareOptions>,
): number {
  return nightSharesByLatitude([latDeg], lngDeg, fromMs, toMs, settings)[0];
}

/**
 * {@link nightShare} at each of `latsDeg`, all at longitude `lngDeg`, without validation
 * (internal: the grid version calls it for the rows of its lattice). Each share is the one
 * `nightShare` gives for its latitude, to the last bit: the days are summed in the same order;
 * the solar transit of each day, which does not depend on the latitude, is found once.
 */
export function nightSharesByLatitude(
  latsDeg: ArrayLike<number>,
  lngDeg: number,
  fromMs: number,
  toMs: number,
  settings: Required<NightShareOptions>,
): Float64Array {
  // Local mean noon of each day: UTC noon shifted by the longitude (4 min per degree), so the
  // days counted are those whose noon lies in the period, whatever the place's time zone.
  const noonOffsetMs = msPerDay / 2 - (lngDeg / 360) * msPerDay;
  const firstDay = Math.ceil((fromMs - noonOffsetMs) / msPerDay);
  const lastDay = Math.ceil((toMs - noonOffsetMs) / msPerDay) - 1;
  const night = new Float64Array(latsDeg.length);
  let days = 0;
  for (let day = firstDay; day <= lastDay; day += settings.stepDays) {
    // The instant a Date of this noon keeps (as `new Date(…)` did when the window was made from one).
    const solar = solarDay(timeClip(day * msPerDay + noonOffsetMs), lngDeg);
    for (let r = 0; r < latsDeg.length; r++) night[r] += nightMinutesOfDay(solar, latsDeg[r], settings);
    days++;
  }
  if (days === 0) throw new AirreachError('E_OPTION', 'the period contains no whole day', { value: [new Date(fromMs), new Date(toMs)] });
  for (let r = 0; r < latsDeg.length; r++) night[r] = night[r] / (days * 1440);
  return night;
}
