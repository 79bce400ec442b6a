// Why this module exists: suncalc's getTimes solves six pairs of Sun events (sunrise, dawn,
// nautical and astronomical twilight, golden hour…) for every day it is asked about, where the
// day-flying window needs one pair. nightShareByCell asks for ~21 latitudes × 365 days on every
// run, and getTimes was most of the conditions report's CPU. This module solves only the pair
// asked for, and the solar transit (which depends on longitude and date, not latitude) once for
// every latitude of a day. Its formulae are suncalc 2.0.2's (node_modules/suncalc/index.js),
// copied with the same operations in the same order, so that every instant is the same
// millisecond as getTimes' Date; test/conditions/sunriseSunset.test.ts holds it to getTimes.

const { PI, sin, cos, asin, atan2: atan, acos, abs, round } = Math;
const rad = PI / 180;
const dayMs = 1000 * 60 * 60 * 24;
const J1970 = 2440588;
const J2000 = 2451545;
const J0 = 0.0009;
/** suncalc's observer angle at height 0: `-2.076 * sqrt(0) / 60`, a negative zero. */
const dh = (-2.076 * Math.sqrt(0)) / 60;
/** suncalc's sunrise/sunset altitude (`times[0][0]`), degrees. */
const SUNRISE_ALTITUDE_DEG = -0.833;

/**
 * The Sun's two crossings of one altitude on one solar day at one place, as suncalc's `getTimes`
 * gives them: UTC milliseconds of its `Date`s, `null` where getTimes gives `null` (the Sun stays
 * on one side of the altitude all day).
 */
export interface SunriseSunset {
  /** Morning crossing (getTimes' `sunrise` for −0.833°, `dawn` for −6°), ms since 1970; NaN where getTimes' Date is invalid. */
  riseMs: number | null;
  /** Evening crossing (`sunset`, `dusk`), ms since 1970. */
  setMs: number | null;
  /**
   * The Sun's altitude at solar noon (its daily maximum) is above `altitudeDeg`: with `riseMs`
   * null and −0.833°, getTimes' `alwaysUp`.
   */
  noonAbove: boolean;
}

/** A solar day at one longitude: what getTimes computes before it looks at the latitude. */
export interface SolarDay {
  /** Longitude west, radians (suncalc's `lw`). */
  lw: number;
  /** Solar transit, days since J2000 (UT). */
  dt: number;
  /** The Sun's declination at transit, radians. */
  dec: number;
}

/**
 * The crossings of `altitudeDeg` by the Sun on the solar day of `dateMs` at a place, equal to
 * the millisecond to suncalc's `getTimes(new Date(dateMs), latDeg, lngDeg)` for the events of
 * that altitude (−0.833°: `sunrise`/`sunset`; −6°: `dawn`/`dusk`), at a seventh of its cost.
 * No validation: callers check coordinates.
 *
 * @example
 * const { riseMs, setMs } = sunriseSunset(Date.UTC(2024, 5, 21, 4), 41.8057, 123.4315, -0.833);
 * new Date(riseMs!); // 2024-06-20T20:11Z (04:11 Beijing time), getTimes' sunrise
 */
export function sunriseSunset(dateMs: number, latDeg: number, lngDeg: number, altitudeDeg: number): SunriseSunset {
  return crossings(solarDay(dateMs, lngDeg), latDeg, altitudeDeg);
}

/**
 * The solar day of `dateMs` at longitude `lngDeg` (getTimes' transit and declination), shared
 * by every latitude of that longitude (see {@link crossings}).
 *
 * @example
 * const day = solarDay(Date.UTC(2024, 5, 21, 4), 123.4);
 * const shenyang = crossings(day, 41.8, -0.833);
 * const dalian = crossings(day, 38.9, -0.833);
 */
export function solarDay(dateMs: number, lngDeg: number): SolarDay {
  const lw = rad * -lngDeg;
  const d = round(toDays(dateMs) - J0 - lw / (2 * PI));
  const dt = solarTransit(d + J0 + lw / (2 * PI), lw);
  return { lw, dt, dec: sunCoords(toDaysTT(dt)).dec };
}

/**
 * {@link sunriseSunset} of a {@link solarDay} at latitude `latDeg`.
 *
 * @example
 * crossings(solarDay(Date.UTC(2024, 11, 21, 4), 123.4), 41.8, -6).riseMs; // getTimes' dawn
 */
export function crossings(day: SolarDay, latDeg: number, altitudeDeg: number): SunriseSunset {
  const phi = rad * latDeg;
  const h0 = (altitudeDeg + dh) * rad;
  const jrise = getSetJ(h0, day.dt, -1, day.lw, phi, day.dec);
  const jset = getSetJ(h0, day.dt, 1, day.lw, phi, day.dec);
  return {
    riseMs: Number.isNaN(jrise) ? null : fromJulianMs(jrise + J2000),
    setMs: Number.isNaN(jset) ? null : fromJulianMs(jset + J2000),
    noonAbove: altitude(0, phi, day.dec) > h0,
  };
}

/**
 * Whether getTimes gives a `sunrise` (−0.833°) on the day at `latDeg`, and its `alwaysUp`
 * (which it sets only without one): what the day-flying window decides polar days by.
 *
 * @example
 * sunriseOf(solarDay(Date.UTC(2024, 5, 21), 0), 80); // { rises: false, alwaysUp: true }
 */
export function sunriseOf(day: SolarDay, latDeg: number): { rises: boolean; alwaysUp: boolean } {
  const phi = rad * latDeg;
  const h0 = (SUNRISE_ALTITUDE_DEG + dh) * rad;
  const rises = !Number.isNaN(getSetJ(h0, day.dt, -1, day.lw, phi, day.dec));
  return { rises, alwaysUp: !rises && altitude(0, phi, day.dec) > (SUNRISE_ALTITUDE_DEG + dh) * rad };
}

/**
 * `new Date(ms).getTime()`: the time value a Date keeps (ECMAScript TimeClip: NaN beyond
 * ±8.64e15 ms, else truncated towards zero, never −0).
 *
 * @example
 * timeClip(1.9); // 1
 */
export function timeClip(ms: number): number {
  if (!Number.isFinite(ms) || abs(ms) > 8.64e15) return Number.NaN;
  return Math.trunc(ms) + 0;
}

// suncalc 2.0.2, verbatim but for Dates (time values instead).

function fromJulianMs(j: number): number {
  return timeClip((j + 0.5 - J1970) * dayMs);
}
function toDays(ms: number): number {
  return ms / dayMs - 0.5 + J1970 - J2000;
}

function deltaT(d: number): number {
  const y = 2000 + d / 365.2425;
  let t: number;
  if (y < 1920) { t = y - 1900; return -2.79 + t * (1.494119 + t * (-0.0598939 + t * (0.0061966 - t * 0.000197))); }
  if (y < 1941) { t = y - 1920; return 21.20 + t * (0.84493 + t * (-0.076100 + t * 0.0020936)); }
  if (y < 1961) { t = y - 1950; return 29.07 + t * (0.407 + t * (-1 / 233 + t / 2547)); }
  if (y < 1986) { t = y - 1975; return 45.45 + t * (1.067 + t * (-1 / 260 - t / 718)); }
  if (y < 2005) { t = y - 2000; return 63.86 + t * (0.3345 + t * (-0.060374 + t * (0.0017275 + t * (0.000651814 + t * 0.00002373599)))); }
  if (y < 2050) { t = y - 2000; return 62.92 + t * (0.32217 + t * 0.005589); }
  t = (y - 1820) / 100; return -20 + 32 * t * t - 0.5628 * (2150 - y);
}
function toDaysTT(d: number): number {
  return d + deltaT(d) / 86400;
}

function altitude(H: number, phi: number, dec: number): number {
  return asin(sin(phi) * sin(dec) + cos(phi) * cos(dec) * cos(H));
}

function siderealTime(d: number, lw: number): number {
  return rad * (280.46061837 + 360.98564736629 * d) - lw;
}

function sunCoords(d: number): { ra: number; dec: number } {
  const t = d / 36525;
  const L0 = rad * (280.46646 + t * (36000.76983 + t * 0.0003032));
  const M = rad * (357.52911 + t * (35999.05029 - t * 0.0001537));
  const sinM = sin(M);
  const cosM = cos(M);
  const C = rad * ((1.914602 - t * (0.004817 + t * 0.000014)) * sinM +
    (0.019993 - 0.000101 * t) * 2 * sinM * cosM + 0.000289 * sinM * (3 - 4 * sinM * sinM));
  const Om = rad * (125.04 - 1934.136 * t);
  const L = L0 + C - rad * (0.00569 + 0.00478 * sin(Om));
  const e = rad * (23.439291 - t * (0.0130042 + t * (0.00000016 - t * 0.000000504))) + rad * 0.00256 * cos(Om);
  return {
    ra: atan(cos(e) * sin(L), cos(L)),
    dec: asin(sin(e) * sin(L)),
  };
}

function wrapPi(a: number): number {
  return a - 2 * PI * round(a / (2 * PI));
}

function solarTransit(dt: number, lw: number): number {
  for (let i = 0; i < 3; i++) {
    const H = wrapPi(siderealTime(dt, lw) - sunCoords(toDaysTT(dt)).ra);
    dt -= H / (2 * PI);
  }
  return dt;
}

function getSetJ(h0: number, dt: number, sign: number, lw: number, phi: number, decT: number): number {
  const cosH0 = (sin(h0) - sin(phi) * sin(decT)) / (cos(phi) * cos(decT));
  if (cosH0 < -1 || cosH0 > 1) return NaN;

  let d = dt + sign * acos(cosH0) / (2 * PI);
  for (let i = 0; i < 2; i++) {
    const c = sunCoords(toDaysTT(d));
    const H = wrapPi(siderealTime(d, lw) - c.ra);
    const h = altitude(H, phi, c.dec);
    const sinH = cos(phi) * cos(c.dec) * sin(H);
    if (abs(sinH) < 1e-6) break;
    d += (h - h0) / (2 * PI * sinH);
  }
  return d;
}
