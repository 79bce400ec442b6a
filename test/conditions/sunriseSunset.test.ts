import { describe, expect, it } from 'vitest';
import { getTimes } from 'suncalc';
import { crossings, solarDay, sunriseOf, sunriseSunset, timeClip } from '../../src/conditions/sunriseSunset.js';
import { nightMinutesOfDay, resolveDaylightOptions, windowFromTimes } from '../../src/conditions/daylightWindow.js';

// Polar circles (±66.56°), the poles, the tropics, Liaoning, and both sides of ±180°.
const LATITUDES = [-90, -89.99, -78, -66.6, -66.5, -45, -23.4, 0, 0.5, 23.44, 38.7, 41.8057, 43.5, 60, 65.9, 66.4, 66.56, 66.7, 67.5, 72, 80, 89.99, 90];
const LONGITUDES = [-180, -179.99, -120.5, -0.01, 0, 45, 118.8, 123.4315, 125.8, 179.99, 180];

/** Deterministic instants over 1900–2200: every hour of the day, the solstices and equinoxes among them. */
function instants(count: number, seed: number): number[] {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const out = [Date.UTC(2024, 5, 21, 4), Date.UTC(2024, 11, 21, 4), Date.UTC(2025, 2, 20, 0), Date.UTC(2025, 8, 22, 23, 59, 59, 999), Date.UTC(1900, 0, 1), Date.UTC(2199, 11, 31, 12)];
  const from = Date.UTC(1900, 0, 1);
  const to = Date.UTC(2200, 0, 1);
  while (out.length < count) out.push(Math.floor(from + next() * (to - from)) + (next() < 0.3 ? 0.5 : 0));
  return out;
}

const ms = (date: Date | null) => (date === null ? null : date.getTime());

describe('sunriseSunset', () => {
  it('gives the same millisecond as suncalc getTimes for the sunrise and the civil altitude, polar days and nights included', () => {
    let compared = 0;
    let polar = 0;
    for (const lngDeg of LONGITUDES) {
      for (const dateMs of instants(40, Math.round(lngDeg * 100) + 7)) {
        const day = solarDay(timeClip(dateMs), lngDeg);
        for (const latDeg of LATITUDES) {
          const times = getTimes(new Date(dateMs), latDeg, lngDeg);
          const sunrise = sunriseSunset(timeClip(dateMs), latDeg, lngDeg, -0.833);
          expect([sunrise.riseMs, sunrise.setMs]).toEqual([ms(times.sunrise), ms(times.sunset)]);
          if (times.sunrise === null) {
            polar++;
            expect(sunrise.noonAbove).toBe(times.alwaysUp);
          }
          const civil = crossings(day, latDeg, -6);
          expect([civil.riseMs, civil.setMs]).toEqual([ms(times.dawn), ms(times.dusk)]);
          expect(sunriseOf(day, latDeg)).toEqual({ rises: times.sunrise !== null, alwaysUp: times.alwaysUp === true });
          compared++;
        }
      }
    }
    expect(compared).toBe(LONGITUDES.length * 40 * LATITUDES.length);
    // The polar cases are exercised, not just the ordinary days.
    expect(polar).toBeGreaterThan(500);
  });

  it('keeps a Date\'s time value: truncated towards zero, never −0, NaN out of range', () => {
    for (const value of [0, -0, 0.4, -0.4, 1.9, -1.9, 1_700_000_000_000.7, -86_400_000.5, 8.64e15, 8.64e15 + 1, -8.64e15 - 1, Number.NaN, Infinity]) {
      expect(Object.is(timeClip(value), new Date(value).getTime())).toBe(true);
    }
  });
});

describe('nightMinutesOfDay', () => {
  it('is windowFromTimes\' night minutes to the last bit, for both references and any margin', () => {
    for (const reference of ['sunrise', 'civil'] as const) {
      for (const marginMinutes of [0, 30, -45.5, 17.25, 360, -360]) {
        const settings = resolveDaylightOptions({ reference, marginMinutes });
        for (const lngDeg of [-180, 0, 123.4315, 180]) {
          for (const dateMs of instants(12, 99 + marginMinutes)) {
            const date = new Date(dateMs);
            const day = solarDay(date.getTime(), lngDeg);
            for (const latDeg of LATITUDES) {
              expect(Object.is(nightMinutesOfDay(day, latDeg, settings), windowFromTimes(latDeg, lngDeg, date, settings).nightMinutes)).toBe(true);
            }
          }
        }
      }
    }
  });
});
