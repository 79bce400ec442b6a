import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { daylightWindow } from '../../src/conditions/daylightWindow.js';
import { isAirreachError } from '../../src/errors.js';

const published = JSON.parse(readFileSync(new URL('../fixtures/conditions/publishedSunTimes.json', import.meta.url), 'utf8')) as {
  cases: Array<{ place: string; latDeg: number; lngDeg: number; date: string; sunriseUtc: string | null; sunsetUtc: string | null }>;
};

const shenyang = { latDeg: 41.8057, lngDeg: 123.4315 };

function minutesOfDayUtc(date: Date): number {
  return date.getUTCHours() * 60 + date.getUTCMinutes() + date.getUTCSeconds() / 60;
}

function parseClock(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return h * 60 + m;
}

/**
 * NOAA's general solar position approximation (Spencer's Fourier series for the equation of
 * time and declination, zenith 90.833° for refraction and the solar radius): an algorithm
 * independent of suncalc's Meeus series, good to about a minute at mid latitudes.
 */
function noaaSunriseSunsetUtcMinutes(latDeg: number, lngDeg: number, year: number, month: number, day: number): [number, number] {
  const dayOfYear = (Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000 + 1;
  const daysInYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 366 : 365;
  // Evaluate the series at the event itself (two passes), not at noon: the declination moves.
  const event = (sign: -1 | 1): number => {
    let utcMinutes = 720 - 4 * lngDeg;
    for (let pass = 0; pass < 2; pass++) {
      const gamma = ((2 * Math.PI) / daysInYear) * (dayOfYear - 1 + (utcMinutes / 60 - 12) / 24);
      const eqTime =
        229.18 * (0.000075 + 0.001868 * Math.cos(gamma) - 0.032077 * Math.sin(gamma) - 0.014615 * Math.cos(2 * gamma) - 0.040849 * Math.sin(2 * gamma));
      const decl =
        0.006918 - 0.399912 * Math.cos(gamma) + 0.070257 * Math.sin(gamma) - 0.006758 * Math.cos(2 * gamma) + 0.000907 * Math.sin(2 * gamma) -
        0.002697 * Math.cos(3 * gamma) + 0.00148 * Math.sin(3 * gamma);
      const lat = (latDeg * Math.PI) / 180;
      const ha = Math.acos(Math.cos((90.833 * Math.PI) / 180) / (Math.cos(lat) * Math.cos(decl)) - Math.tan(lat) * Math.tan(decl));
      utcMinutes = 720 - 4 * (lngDeg - sign * ((ha * 180) / Math.PI)) - eqTime;
    }
    return utcMinutes;
  };
  return [event(-1), event(1)];
}

describe('daylightWindow', () => {
  it.each(published.cases)('matches the published sunrise/sunset of $place on $date within 2 min', (c) => {
    const w = daylightWindow(c.latDeg, c.lngDeg, new Date(`${c.date}T12:00:00Z`), { marginMinutes: 0 });
    if (c.sunriseUtc) expect(Math.abs(minutesOfDayUtc(w.flyFromUtc!) - parseClock(c.sunriseUtc))).toBeLessThanOrEqual(2);
    if (c.sunsetUtc) expect(Math.abs(minutesOfDayUtc(w.flyToUtc!) - parseClock(c.sunsetUtc))).toBeLessThanOrEqual(2);
  });

  it.each([
    [2024, 3, 20],
    [2024, 6, 21],
    [2024, 9, 22],
    [2024, 12, 21],
    [2025, 2, 10],
  ])('agrees with the independent NOAA approximation for Shenyang on %i-%i-%i within 2 min', (year, month, day) => {
    // Local noon in Shenyang is about 03:46 UTC, so 04:00 UTC picks the Beijing-time calendar day.
    const w = daylightWindow(shenyang.latDeg, shenyang.lngDeg, new Date(Date.UTC(year, month - 1, day, 4)), { marginMinutes: 0 });
    const [rise, set] = noaaSunriseSunsetUtcMinutes(shenyang.latDeg, shenyang.lngDeg, year, month, day);
    // Sunrise in Shenyang is on the previous UTC day (e.g. 20:11 UTC = 04:11 Beijing time).
    const riseUtc = (w.flyFromUtc!.getTime() - Date.UTC(year, month - 1, day)) / 60_000;
    const setUtc = (w.flyToUtc!.getTime() - Date.UTC(year, month - 1, day)) / 60_000;
    expect(Math.abs(riseUtc - rise)).toBeLessThanOrEqual(2);
    expect(Math.abs(setUtc - set)).toBeLessThanOrEqual(2);
  });

  it('gives Shenyang a long June day and a short December day in Beijing time', () => {
    const june = daylightWindow(shenyang.latDeg, shenyang.lngDeg, new Date('2024-06-21T00:00:00Z'), { marginMinutes: 0 });
    const december = daylightWindow(shenyang.latDeg, shenyang.lngDeg, new Date('2024-12-21T00:00:00Z'), { marginMinutes: 0 });
    const beijing = (d: Date) => ((minutesOfDayUtc(d) + 480) % 1440) / 60;
    expect(beijing(june.flyFromUtc!)).toBeGreaterThan(4);
    expect(beijing(june.flyFromUtc!)).toBeLessThan(4.5);
    expect(beijing(december.flyToUtc!)).toBeGreaterThan(16);
    expect(beijing(december.flyToUtc!)).toBeLessThan(16.5);
    expect(june.dayMinutes).toBeGreaterThan(15 * 60);
    expect(december.dayMinutes).toBeLessThan(9.5 * 60);
    expect(june.dayMinutes + june.nightMinutes).toBe(1440);
  });

  it('widens the window by the margin on both sides and anchors civil twilight earlier', () => {
    const date = new Date('2024-04-10T04:00:00Z');
    const bare = daylightWindow(shenyang.latDeg, shenyang.lngDeg, date, { marginMinutes: 0 });
    const crs = daylightWindow(shenyang.latDeg, shenyang.lngDeg, date);
    expect(bare.flyFromUtc!.getTime() - crs.flyFromUtc!.getTime()).toBe(30 * 60_000);
    expect(crs.flyToUtc!.getTime() - bare.flyToUtc!.getTime()).toBe(30 * 60_000);
    expect(crs.dayMinutes - bare.dayMinutes).toBeCloseTo(60, 9);
    const civil = daylightWindow(shenyang.latDeg, shenyang.lngDeg, date, { reference: 'civil', marginMinutes: 0 });
    // Civil twilight lasts roughly 25–35 min at 42° N.
    const lead = (bare.flyFromUtc!.getTime() - civil.flyFromUtc!.getTime()) / 60_000;
    expect(lead).toBeGreaterThan(20);
    expect(lead).toBeLessThan(40);
  });

  it('reports polar day and polar night', () => {
    const up = daylightWindow(78.2, 15.6, new Date('2024-06-21T12:00:00Z'));
    expect(up).toMatchObject({ polar: 'up', dayMinutes: 1440, nightMinutes: 0, flyFromUtc: null });
    const down = daylightWindow(78.2, 15.6, new Date('2024-12-21T12:00:00Z'));
    expect(down).toMatchObject({ polar: 'down', dayMinutes: 0, nightMinutes: 1440 });
  });

  it('rejects bad coordinates, dates and options with AirreachError', () => {
    const catches = (f: () => unknown, code: string) => {
      try {
        f();
      } catch (error) {
        expect(isAirreachError(error)).toBe(true);
        expect((error as { code: string }).code).toBe(code);
        return;
      }
      throw new Error('expected a throw');
    };
    catches(() => daylightWindow(123.4, 41.8, new Date()), 'E_COORDINATE');
    catches(() => daylightWindow(41.8, 123.4, new Date('not a date')), 'E_OPTION');
    catches(() => daylightWindow(41.8, 123.4, new Date(), { marginMinutes: Number.NaN }), 'E_OPTION');
    catches(() => daylightWindow(41.8, 123.4, new Date(), { reference: 'nautical' as 'civil' }), 'E_OPTION');
  });
});
