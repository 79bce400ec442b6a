import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { deriveFlyableShares, validateWeatherData, weatherAvailability, type WeatherData } from '../../src/conditions/weatherAvailability.js';

const path = new URL('../../data/liaoning/conditions/weather.json', import.meta.url);
const raw = () => JSON.parse(readFileSync(path, 'utf8')) as WeatherData;

describe('data/liaoning/conditions/weather.json', () => {
  const weather = validateWeatherData(raw(), { file: 'weather.json' });

  it('has 12 monthly shares in [0, 1] per zone, re-derived from its inputs by the rule', () => {
    for (const zone of ['inland', 'coastal']) {
      expect(weather.flyableShareByMonth[zone]).toHaveLength(12);
      for (const s of weather.flyableShareByMonth[zone]) {
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }
    }
    expect(deriveFlyableShares(weather)).toEqual(weather.flyableShareByMonth);
  });

  it('gives every count a source or an ASSUMPTION label, and lists its sources with URLs', () => {
    for (const zone of Object.values(weather.zones)) {
      for (const days of Object.values(zone.annualDays)) expect(days.source).toMatch(/^(ASSUMPTION|[a-z]+-[a-z0-9-]+:)/);
    }
    const ids = new Set(weather.sources.map((s) => s.id));
    for (const source of weather.sources) expect(source.url).toMatch(/^https?:\/\//);
    // Every source id cited in a count or a seasonal basis is listed.
    const text = JSON.stringify([weather.zones, weather.seasonalWeights]);
    for (const cited of text.matchAll(/\b([a-z]+-(?:overview-[ab]|\d{4}|wind))\b/g)) expect(ids.has(cited[1])).toBe(true);
  });

  it('is plausible: coasts fly less than inland, summer least inland, about 20 % lost a year inland', () => {
    for (let m = 1; m <= 12; m++) {
      expect(weatherAvailability(m, weather, { zone: 'coastal' })).toBeLessThanOrEqual(weatherAvailability(m, weather));
    }
    expect(weatherAvailability(7, weather)).toBeLessThan(weatherAvailability(4, weather));
    // Lapland HEMS lost 20 % of missions to weather (Pulkkinen et al. 2019): same order.
    expect(weatherAvailability('year', weather)).toBeGreaterThan(0.7);
    expect(weatherAvailability('year', weather)).toBeLessThan(0.9);
  });

  it('averages the year by days in month', () => {
    const shares = weather.flyableShareByMonth.coastal;
    const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    const expected = shares.reduce((sum, s, m) => sum + s * days[m], 0) / 365;
    expect(weatherAvailability('year', weather, { zone: 'coastal' })).toBeCloseTo(expected, 12);
  });
});

describe('validateWeatherData', () => {
  it('rejects a share that the rule does not derive', () => {
    const data = raw();
    data.flyableShareByMonth.inland[6] = 0.95;
    expect(() => validateWeatherData(data)).toThrow(/flyableShareByMonth\/inland\/6/);
  });

  it('rejects seasonal weights that do not sum to 1, a missing source and a month in two seasons', () => {
    const a = raw();
    a.seasonalWeights.fog.summer = 0.5;
    expect(() => validateWeatherData(a)).toThrow(/seasonalWeights\/fog/);
    const b = raw();
    b.zones.inland.annualDays.snow.source = '';
    expect(() => validateWeatherData(b)).toThrow(/snow\/source/);
    const c = raw();
    c.seasons.winter = [12, 1, 3];
    expect(() => validateWeatherData(c)).toThrow(/seasons/);
  });

  it('rejects numbers written as text, at their JSON path (they passed the range checks by coercion, and text weights made the sum check NaN)', () => {
    const cases: Array<[(data: WeatherData) => void, string]> = [
      [(data) => ((data.flyableShareByMonth.inland as unknown[])[0] = String(data.flyableShareByMonth.inland[0])), '/flyableShareByMonth/inland/0'],
      [(data) => ((data.seasonalWeights.fog as unknown as Record<string, unknown>).winter = String(data.seasonalWeights.fog.winter)), '/seasonalWeights/fog/winter'],
      [(data) => ((data as unknown as Record<string, unknown>).roundTo = String(data.roundTo)), '/roundTo'],
      [(data) => ((data.zones.inland.annualDays.fog as unknown as Record<string, unknown>).central = String(data.zones.inland.annualDays.fog.central)), '/zones/inland/annualDays/fog/central'],
      [(data) => ((data.zones.inland.annualDays.fog.range as unknown[])[1] = String(data.zones.inland.annualDays.fog.range[1])), '/zones/inland/annualDays/fog/range'],
    ];
    for (const [mutate, field] of cases) {
      const data = raw();
      mutate(data);
      expect(() => validateWeatherData(data, { file: 'weather.json' }), field).toThrow(expect.objectContaining({ code: 'E_PROPERTY', where: { file: 'weather.json', field } }));
    }
  });

  it('rejects monthly shares of a zone that has no inputs (they were neither checked nor derived)', () => {
    const data = raw();
    data.flyableShareByMonth.alpine = new Array<number>(12).fill(5);
    expect(() => validateWeatherData(data, { file: 'weather.json' })).toThrow(expect.objectContaining({ code: 'E_PROPERTY', value: data.flyableShareByMonth.alpine, where: { file: 'weather.json', field: '/flyableShareByMonth/alpine' } }));
  });

  it('rejects an unknown zone and a bad month in weatherAvailability', () => {
    const data = raw();
    expect(() => weatherAvailability(1, data, { zone: 'arctic' })).toThrow(/arctic/);
    expect(() => weatherAvailability(0, data)).toThrow(/month/);
  });
});
