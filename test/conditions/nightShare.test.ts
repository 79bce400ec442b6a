import { describe, expect, it } from 'vitest';
import { nightShare, nightSharesByLatitude, periodBoundsMs, resolveNightShareOptions, type NightShareOptions, type NightSharePeriod } from '../../src/conditions/nightShare.js';
import { windowFromTimes } from '../../src/conditions/daylightWindow.js';
import { nightShareByCell } from '../../src/conditions/nightShareByCell.js';
import { isAirreachError } from '../../src/errors.js';

const shenyang = { latDeg: 41.8057, lngDeg: 123.4315 };

describe('nightShare', () => {
  it.each([0, 20, 41.8, 55, -35])('is close to, and a little under, 0.5 over a year at latitude %f (sunrise to sunset)', (latDeg) => {
    const share = nightShare(latDeg, 123, { year: 2023 }, { marginMinutes: 0, stepDays: 2 });
    // Refraction and the Sun's radius make daylight exceed 50 % of the year at every latitude
    // (geoastro.de/planets/img/sun.html), by a few minutes a day.
    expect(share).toBeLessThan(0.5);
    expect(share).toBeGreaterThan(0.47);
  });

  it('is longer in December than in June north of the equator, and the reverse south of it', () => {
    const dec = nightShare(shenyang.latDeg, shenyang.lngDeg, { year: 2024, month: 12 });
    const jun = nightShare(shenyang.latDeg, shenyang.lngDeg, { year: 2024, month: 6 });
    expect(dec).toBeGreaterThan(jun + 0.2);
    expect(nightShare(-34, 151, { year: 2024, month: 12 })).toBeLessThan(nightShare(-34, 151, { year: 2024, month: 6 }));
  });

  it('loses exactly the margins from every non-polar day', () => {
    const bare = nightShare(shenyang.latDeg, shenyang.lngDeg, { year: 2024, month: 3 }, { marginMinutes: 0 });
    const crs = nightShare(shenyang.latDeg, shenyang.lngDeg, { year: 2024, month: 3 }, { marginMinutes: 30 });
    expect(bare - crs).toBeCloseTo(60 / 1440, 9);
  });

  it('counts the same days for a calendar month and the equivalent UTC interval', () => {
    const month = nightShare(shenyang.latDeg, shenyang.lngDeg, { year: 2024, month: 2 });
    const interval = nightShare(shenyang.latDeg, shenyang.lngDeg, {
      fromUtc: new Date('2024-01-31T16:00:00Z'),
      toUtc: new Date('2024-02-29T16:00:00Z'),
    });
    expect(interval).toBe(month);
  });

  it('samples coarsely with little change', () => {
    const every = nightShare(shenyang.latDeg, shenyang.lngDeg, { year: 2024 });
    const third = nightShare(shenyang.latDeg, shenyang.lngDeg, { year: 2024 }, { stepDays: 3 });
    expect(Math.abs(every - third)).toBeLessThan(0.001);
  });

  it('rejects bad periods and options', () => {
    for (const f of [
      () => nightShare(41.8, 123.4, { year: 2024, month: 13 }),
      () => nightShare(41.8, 123.4, { fromUtc: new Date('2024-01-02'), toUtc: new Date('2024-01-01') }),
      () => nightShare(41.8, 123.4, { year: 2024 }, { stepDays: 0 }),
      () => nightShare(95, 123.4, { year: 2024 }),
    ]) {
      expect(f).toThrow();
      try {
        f();
      } catch (error) {
        expect(isAirreachError(error)).toBe(true);
      }
    }
  });
});

/** The share as it was computed before the one-event path: getTimes (through windowFromTimes) day by day. */
function nightShareByGetTimes(latDeg: number, lngDeg: number, period: NightSharePeriod, options: NightShareOptions = {}): number {
  const settings = resolveNightShareOptions(options);
  const [fromMs, toMs] = periodBoundsMs(period);
  const msPerDay = 86_400_000;
  const noonOffsetMs = msPerDay / 2 - (lngDeg / 360) * msPerDay;
  const firstDay = Math.ceil((fromMs - noonOffsetMs) / msPerDay);
  const lastDay = Math.ceil((toMs - noonOffsetMs) / msPerDay) - 1;
  let night = 0;
  let days = 0;
  for (let day = firstDay; day <= lastDay; day += settings.stepDays) {
    night += windowFromTimes(latDeg, lngDeg, new Date(day * msPerDay + noonOffsetMs), settings).nightMinutes;
    days++;
  }
  return night / (days * 1440);
}

describe('nightSharesByLatitude', () => {
  it('gives every latitude the share of the day-by-day getTimes computation, to the last bit', () => {
    const latsDeg = [-90, -70, -66.5, -41.3, 0, 38.7, 38.95, 41.8057, 43.5, 66.56, 68, 78.2, 90];
    const cases: Array<{ lngDeg: number; period: NightSharePeriod; options: NightShareOptions }> = [
      { lngDeg: 122.5, period: { year: 2025 }, options: {} },
      { lngDeg: -180, period: { year: 2024, month: 12 }, options: { reference: 'civil' } },
      { lngDeg: 180, period: { year: 1950, month: 6 }, options: { marginMinutes: 0, stepDays: 3 } },
      { lngDeg: -0.2, period: { fromUtc: new Date('2031-03-10T05:17:00.5Z'), toUtc: new Date('2031-04-02T00:00:00Z') }, options: { reference: 'civil', marginMinutes: -20.5 } },
      { lngDeg: 9.9, period: { year: 2199, month: 1 }, options: { marginMinutes: 360 } },
    ];
    for (const { lngDeg, period, options } of cases) {
      const [fromMs, toMs] = periodBoundsMs(period);
      const shares = nightSharesByLatitude(latsDeg, lngDeg, fromMs, toMs, resolveNightShareOptions(options));
      latsDeg.forEach((latDeg, r) => {
        const expected = nightShareByGetTimes(latDeg, lngDeg, period, options);
        expect(Object.is(shares[r], expected)).toBe(true);
        expect(Object.is(nightShare(latDeg, lngDeg, period, options), expected)).toBe(true);
      });
    }
  });

  it('handles no latitude and one', () => {
    const [fromMs, toMs] = periodBoundsMs({ year: 2024, month: 2 });
    const settings = resolveNightShareOptions({});
    expect(nightSharesByLatitude([], 123.4, fromMs, toMs, settings)).toHaveLength(0);
    expect(Array.from(nightSharesByLatitude([41.8], 123.4, fromMs, toMs, settings))).toEqual([nightShareByGetTimes(41.8, 123.4, { year: 2024, month: 2 })]);
  });
});

describe('nightShareByCell', () => {
  // Cells spread over Liaoning's extent (38.7–43.5° N, 118.8–125.8° E).
  const latDeg = Float64Array.of(38.72, 39.9, 40.61, 41.8057, 42.33, 43.49, 41.1);
  const lngDeg = Float64Array.of(121.2, 122.0, 124.4, 123.4315, 118.9, 122.5, 125.7);
  const grid = { latDeg, lngDeg, cellCount: latDeg.length };

  it('interpolates the lattice to within 5e-4 of the per-cell computation', () => {
    for (const period of [{ year: 2024, month: 12 }, { year: 2024 }] as const) {
      const shares = nightShareByCell(grid, period);
      for (let c = 0; c < grid.cellCount; c++) {
        expect(Math.abs(shares[c] - nightShare(latDeg[c], lngDeg[c], period))).toBeLessThan(5e-4);
      }
    }
  });

  it('increases northwards in December', () => {
    const shares = nightShareByCell(grid, { year: 2024, month: 12 });
    expect(shares[5]).toBeGreaterThan(shares[0]);
  });

  it('handles an empty grid and a single-latitude grid', () => {
    expect(nightShareByCell({ latDeg: new Float64Array(0), lngDeg: new Float64Array(0), cellCount: 0 }, { year: 2024 })).toHaveLength(0);
    const one = nightShareByCell({ latDeg: Float64Array.of(41.8), lngDeg: Float64Array.of(123.4), cellCount: 1 }, { year: 2024, month: 6 });
    expect(one[0]).toBeCloseTo(nightShare(41.8, 123.4, { year: 2024, month: 6 }), 4);
  });

  it('keeps a lattice only for the same numbers: another month, grid, margin or step is computed anew', () => {
    const december = nightShareByCell(grid, { year: 2024, month: 12 });
    const moved = { latDeg: latDeg.map((lat) => lat + 1), lngDeg, cellCount: latDeg.length };
    const cases = [
      { grid, period: { year: 2024, month: 6 }, options: {} },
      { grid: moved, period: { year: 2024, month: 12 }, options: {} },
      { grid, period: { year: 2024, month: 12 }, options: { marginMinutes: 0 } },
      { grid, period: { year: 2024, month: 12 }, options: { reference: 'civil' as const } },
    ];
    for (const { grid: cells, period, options } of cases) {
      const shares = nightShareByCell(cells, period, options);
      expect(shares).not.toEqual(december);
      for (let c = 0; c < cells.cellCount; c++) expect(Math.abs(shares[c] - nightShare(cells.latDeg[c], cells.lngDeg[c], period, options))).toBeLessThan(5e-4);
      // Asked again (from the kept lattice): the same values.
      expect(nightShareByCell(cells, period, options)).toEqual(shares);
    }
    expect(nightShareByCell(grid, { year: 2024, month: 12 })).toEqual(december);
    expect(nightShareByCell(grid, { year: 2024, month: 12 }, { latStepDeg: 0.5 })).not.toEqual(december);
  });

  it('rejects a bad lattice step', () => {
    expect(() => nightShareByCell(grid, { year: 2024 }, { latStepDeg: 0 })).toThrow(/latStepDeg/);
  });
});
