import { getTimes } from 'suncalc';
import { AirreachError } from '../errors.js';
import { resolveOptions } from '../resolveOptions.js';
import { crossings, sunriseOf, timeClip, type SolarDay } from './sunriseSunset.js';

/** Options of {@link daylightWindow}. */
export interface DaylightWindowOptions {
  /**
   * Sun event the window is anchored on: `sunrise` (upper limb on the horizon, refraction
   * included) or `civil` (civil dawn/dusk, Sun 6° below the horizon).
   */
  reference?: 'sunrise' | 'civil';
  /**
   * Minutes the window extends before the morning event and after the evening event. China
   * Rescue & Salvage flies from 30 min before sunrise to 30 min after sunset
   * (/work/shared/notes/field-survey.md), hence 30. Negative values shrink the window.
   */
  marginMinutes?: number;
}

/** Defaults of {@link daylightWindow}: the China Rescue & Salvage rule, sunrise − 30 min to sunset + 30 min. */
export const DEFAULT_DAYLIGHT_WINDOW_OPTIONS: Readonly<Required<DaylightWindowOptions>> = Object.freeze({
  reference: 'sunrise',
  marginMinutes: 30,
});

/** The day-flying window of one solar day at one place. */
export interface DaylightWindow {
  /** Start of day flying (UTC instant), `null` when the Sun never reaches the reference altitude. */
  flyFromUtc: Date | null;
  /** End of day flying (UTC instant), `null` as above. */
  flyToUtc: Date | null;
  /** Minutes of day flying in this solar day, 0…1440 (1440 in polar day). */
  dayMinutes: number;
  /** Minutes of night (1440 − dayMinutes). */
  nightMinutes: number;
  /** `'up'` when the Sun stays above the reference altitude all day, `'down'` when below, else `null`. */
  polar: 'up' | 'down' | null;
}

const minutesPerDay = 1440;
const msPerMinute = 60_000;

/**
 * The window in which day-only (VFR) aircraft may fly on the solar day that contains `date` at a
 * place: from the morning Sun event minus `marginMinutes` to the evening event plus
 * `marginMinutes` (sunrise/sunset by default, civil twilight as an option), computed with
 * suncalc (Meeus, ± 1 min at mid latitudes). `date` may be any instant of the local day: suncalc
 * rounds it to the nearest local solar noon, so 00:00 UTC is 08:00 in Liaoning and picks that
 * day. Times are UTC instants; format them in `Asia/Shanghai` for Beijing time.
 *
 * Night is the rest of the 24 h: the period in which only `nightCapable` types fly.
 *
 * @example
 * const w = daylightWindow(41.8057, 123.4315, new Date('2024-06-21T04:00:00Z'));
 * w.flyFromUtc; // 2024-06-20T19:41Z = 03:41 Beijing time (sunrise 04:11 − 30 min)
 * w.dayMinutes; // ≈ 973 (15 h 13 min of daylight + 2 × 30 min)
 */
export function daylightWindow(
  latDeg: number,
  lngDeg: number,
  date: Date,
  options: DaylightWindowOptions = {},
): DaylightWindow {
  const settings = resolveDaylightOptions(options);
  checkCoordinate(latDeg, lngDeg);
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new AirreachError('E_OPTION', 'the date is not a valid Date', { value: date, where: { field: 'date' }, expected: 'a valid Date instant' });
  }
  return windowFromTimes(latDeg, lngDeg, date, settings);
}

/** Validated daylight options (internal, shared with nightShare). */
export function resolveDaylightOptions(options: DaylightWindowOptions): Required<DaylightWindowOptions> {
  const settings = resolveOptions(DEFAULT_DAYLIGHT_WINDOW_OPTIONS, options);
  if (settings.reference !== 'sunrise' && settings.reference !== 'civil') {
    throw new AirreachError('E_OPTION', 'unknown daylight reference', {
      value: settings.reference,
      where: { field: 'reference' },
      expected: '"sunrise" or "civil"',
    });
  }
  if (!Number.isFinite(settings.marginMinutes) || Math.abs(settings.marginMinutes) > 360) {
    throw new AirreachError('E_OPTION', 'marginMinutes is out of range', {
      value: settings.marginMinutes,
      where: { field: 'marginMinutes' },
      expected: 'a finite number of minutes within ±360',
    });
  }
  return settings;
}

/** Throws E_COORDINATE for a latitude or longitude out of range (internal). */
export function checkCoordinate(latDeg: number, lngDeg: number, field = 'latDeg/lngDeg'): void {
  if (!(Math.abs(latDeg) <= 90) || !(Math.abs(lngDeg) <= 180)) {
    throw new AirreachError('E_COORDINATE', 'a coordinate is out of range', {
      value: [latDeg, lngDeg],
      where: { field },
      expected: 'latitude in [-90, 90] and longitude in [-180, 180], degrees',
      hint: Math.abs(lngDeg) <= 90 && Math.abs(latDeg) <= 180 ? 'Latitude and longitude may be swapped' : undefined,
    });
  }
}

/** The window without validation (internal: nightShare calls it thousands of times). */
export function windowFromTimes(
  latDeg: number,
  lngDeg: number,
  date: Date,
  settings: Required<DaylightWindowOptions>,
): DaylightWindow {
  const times = getTimes(date, latDeg, lngDeg);
  const morning = settings.reference === 'sunrise' ? times.sunrise : times.dawn;
  const evening = settings.reference === 'sunrise' ? times.sunset : times.dusk;
  if (morning === null || evening === null) {
    // The Sun stays on one side of the reference altitude: decide by its altitude at solar noon,
    // which suncalc reports as alwaysUp/alwaysDown only for the sunrise altitude. For civil
    // twilight, a missing dawn with a present sunrise cannot happen, so "up" is when the sunrise
    // altitude is always exceeded or the Sun never drops to −6°.
    const up = settings.reference === 'sunrise' ? times.alwaysUp === true : times.sunrise !== null || times.alwaysUp === true;
    return { flyFromUtc: null, flyToUtc: null, dayMinutes: up ? minutesPerDay : 0, nightMinutes: up ? 0 : minutesPerDay, polar: up ? 'up' : 'down' };
  }
  const marginMs = settings.marginMinutes * msPerMinute;
  const from = new Date(morning.getTime() - marginMs);
  const to = new Date(evening.getTime() + marginMs);
  const dayMinutes = Math.min(minutesPerDay, Math.max(0, (to.getTime() - from.getTime()) / msPerMinute));
  return { flyFromUtc: from, flyToUtc: to, dayMinutes, nightMinutes: minutesPerDay - dayMinutes, polar: null };
}

/**
 * `windowFromTimes(latDeg, lngDeg, date, settings).nightMinutes` on the solar day `day` of
 * `date` (`solarDay(date.getTime(), lngDeg)`), to the last bit, from the one pair of Sun events
 * the window needs (see sunriseSunset) instead of getTimes' six (internal: nightShare calls it
 * for every day of a period at every latitude of a lattice).
 */
export function nightMinutesOfDay(day: SolarDay, latDeg: number, settings: Required<DaylightWindowOptions>): number {
  const sunrise = settings.reference === 'sunrise';
  const events = crossings(day, latDeg, sunrise ? -0.833 : -6);
  if (events.riseMs === null || events.setMs === null) {
    // As windowFromTimes decides from getTimes' sunrise and alwaysUp (set only without a sunrise).
    let up: boolean;
    if (sunrise) up = events.riseMs === null && events.noonAbove;
    else {
      const { rises, alwaysUp } = sunriseOf(day, latDeg);
      up = rises || alwaysUp;
    }
    return up ? 0 : minutesPerDay;
  }
  const marginMs = settings.marginMinutes * msPerMinute;
  const from = timeClip(events.riseMs - marginMs);
  const to = timeClip(events.setMs + marginMs);
  const dayMinutes = Math.min(minutesPerDay, Math.max(0, (to - from) / msPerMinute));
  return minutesPerDay - dayMinutes;
}
