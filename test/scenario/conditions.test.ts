import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { readScenarioInputs } from '../../src/scenario/runCoverage.js';
import { computeScenario } from '../../src/scenario/runScenario.js';
import { readConditions } from '../../src/scenario/readConditions.js';
import { nightShareByCell } from '../../src/conditions/nightShareByCell.js';
import { greatCircleKm } from '../../src/travel/greatCircleKm.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';
import { weatherAvailability } from '../../src/conditions/weatherAvailability.js';
import { weatherZoneByCell } from '../../src/conditions/weatherZoneByCell.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

describe('operating conditions in a scenario run', async () => {
  const loaded = await loadScenario(fixture('conditions.json'), { allowedFolders: [fileURLToPath(new URL('../../data', import.meta.url))] });
  const conditions = await readConditions(loaded.scenario.conditions, loaded.file);
  const { coverage, conditions: report } = await computeScenario(await readScenarioInputs(loaded), { conditions });
  const { grid } = coverage;
  const day = coverage.periods.find((p) => p.period === 'day')!.outcomes;
  const night = coverage.periods.find((p) => p.period === 'night')!.outcomes;
  const shares = nightShareByCell(grid, { year: 2025 });
  const total = grid.demand.reduce((a, b) => a + b, 0);

  it('weights day and night coverage by each cell\'s night share', () => {
    for (const [k, tier] of report!.tiers.entries()) {
      let expected = 0;
      for (let c = 0; c < grid.cellCount; c++) {
        const d = day.reachCounts[k][c] > 0 ? 1 : 0;
        const n = night.reachCounts[k][c] > 0 ? 1 : 0;
        expected += grid.demand[c] * ((1 - shares[c]) * d + shares[c] * n);
      }
      expect(tier.anyTimeShare).toBeCloseTo(expected / total, 12);
      expect(tier.anyTimeShare!).toBeLessThanOrEqual(tier.dayShare + 1e-12);
      expect(tier.anyTimeShare!).toBeGreaterThanOrEqual(tier.nightShare! - 1e-12);
    }
    expect(report!.nightShare).toBeGreaterThan(0.4);
    expect(report!.nightShare).toBeLessThan(0.5);
  });

  it('applies shared weather and the busy fraction to the bases reaching each cell', () => {
    const f = report!.flyableShare!;
    const b = 0.2;
    const k = 1;
    let expected = 0;
    for (let c = 0; c < grid.cellCount; c++) {
      const ed = day.reachCounts[k][c] > 0 ? f * (1 - b ** day.reachCounts[k][c]) : 0;
      const en = night.reachCounts[k][c] > 0 ? f * (1 - b ** night.reachCounts[k][c]) : 0;
      expected += grid.demand[c] * ((1 - shares[c]) * ed + shares[c] * en);
    }
    expect(report!.tiers[k].expectedShare).toBeCloseTo(expected / total, 12);
    expect(report!.tiers[k].expectedShare!).toBeLessThan(report!.tiers[k].anyTimeShare!);
  });

  it('adds on-scene minutes and the flight to the nearest hospital by the answering aircraft', () => {
    const h135 = AIRCRAFT_CATALOGUE.H135;
    const hospitals = [[41.8, 123.4], [40.9, 125.3]];
    const k = 2;
    let inTime = 0;
    for (let c = 0; c < grid.cellCount; c++) {
      const legKm = Math.min(...hospitals.map(([lat, lng]) => greatCircleKm(grid.latDeg[c], grid.lngDeg[c], lat, lng)));
      const minutes = day.responseMinutes[c] + 10 + (legKm / h135.cruiseSpeedKmh) * 60 + h135.fixedMinutes;
      if (minutes <= day.standardsMinutes[k]) inTime += grid.demand[c];
    }
    expect(report!.tiers[k].patientInHospitalShare).toBeCloseTo(inTime / total, 9);
    expect(report!.patientInHospitalMinutes?.hospitals).toBe(2);
  });
});

describe('weather by place in a scenario run', async () => {
  const loaded = await loadScenario(fixture('conditions.json'), { allowedFolders: [fileURLToPath(new URL('../../data', import.meta.url))] });
  // A "coastal" zone over the western half of the fixture's grid (by cell centre longitude).
  const plain = await computeScenario(await readScenarioInputs(loaded), {});
  const lngs = [...plain.coverage.grid.lngDeg].sort((a, b) => a - b);
  const [west, east, mid] = [lngs[0] - 1, lngs[lngs.length - 1] + 1, lngs[Math.floor(lngs.length / 2)]];
  const [south, north] = [Math.min(...plain.coverage.grid.latDeg) - 1, Math.max(...plain.coverage.grid.latDeg) + 1];
  const zonesFile = join(mkdtempSync(join(tmpdir(), 'airreach-zones-')), 'zones.geojson');
  writeFileSync(zonesFile, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { zone: 'coastal' }, geometry: { type: 'Polygon', coordinates: [[[west, south], [mid, south], [mid, north], [west, north], [west, south]]] } }] }));
  expect(east).toBeGreaterThan(mid);
  loaded.scenario.conditions!.weather = { ...loaded.scenario.conditions!.weather!, zones: { file: zonesFile } };
  const conditions = await readConditions(loaded.scenario.conditions, loaded.file);
  const { coverage, conditions: report } = await computeScenario(await readScenarioInputs(loaded), { conditions });
  const { grid } = coverage;
  const day = coverage.periods.find((p) => p.period === 'day')!.outcomes;
  const night = coverage.periods.find((p) => p.period === 'night')!.outcomes;
  const shares = nightShareByCell(grid, { year: 2025 });
  const total = grid.demand.reduce((a, b) => a + b, 0);
  const zoneOf = weatherZoneByCell(grid, conditions!.weatherZones!.collection);

  it('gives each cell its own zone\'s flyable share in the expected coverage (brute force)', () => {
    const f = { inland: weatherAvailability('year', conditions!.weather!, { zone: 'inland' }), coastal: weatherAvailability('year', conditions!.weather!, { zone: 'coastal' }) };
    const b = 0.2;
    for (const [k, tier] of report!.tiers.entries()) {
      let expected = 0;
      for (let c = 0; c < grid.cellCount; c++) {
        const fc = f[zoneOf.zones[zoneOf.zoneIndex[c]] as 'inland' | 'coastal'];
        const ed = day.reachCounts[k][c] > 0 ? fc * (1 - b ** day.reachCounts[k][c]) : 0;
        const en = night.reachCounts[k][c] > 0 ? fc * (1 - b ** night.reachCounts[k][c]) : 0;
        expected += grid.demand[c] * ((1 - shares[c]) * ed + shares[c] * en);
      }
      expect(tier.expectedShare).toBeCloseTo(expected / total, 12);
    }
    const zones = report!.weatherZones!;
    expect(zones.map((z) => z.zone)).toEqual(zoneOf.zones);
    // Both zones hold demand, so a mix-up of zones would change the figure.
    expect(zones.map((z) => z.zone).sort()).toEqual(['coastal', 'inland']);
    for (const z of zones) expect(z.demandShare, z.zone).toBeGreaterThan(0.01);
    expect(zones.reduce((s, z) => s + z.demandShare, 0)).toBeCloseTo(1, 12);
    expect(report!.flyableShare).toBeCloseTo(zones.reduce((s, z) => s + z.flyableShare * z.demandShare, 0), 12);
    expect(report!.notes.join(' ')).toMatch(/Weather by place/);
  });
});

describe('weather zones the data does not have', async () => {
  const allowedFolders = [fileURLToPath(new URL('../../data', import.meta.url))];
  const folder = mkdtempSync(join(tmpdir(), 'airreach-zones-'));
  const zone = (name: string) => ({ type: 'Feature', properties: { zone: name }, geometry: { type: 'Polygon', coordinates: [[[120, 40], [121, 40], [121, 41], [120, 41], [120, 40]]] } });
  const zonesFile = join(folder, 'zones.geojson');
  // Feature 1 misspells the data's zone "mountain".
  writeFileSync(zonesFile, JSON.stringify({ type: 'FeatureCollection', features: [zone('coastal'), zone('Mountain')] }));
  const withWeather = async (weather: Record<string, unknown>) => {
    const loaded = await loadScenario(fixture('conditions.json'), { allowedFolders });
    loaded.scenario.conditions!.weather = { ...loaded.scenario.conditions!.weather!, ...weather };
    return loaded;
  };

  it('refuses a zone polygon naming no zone of the data at its feature, when the files are read', async () => {
    // It was found only when the conditions were reported (after the grid, coverage and
    // questions) and blamed on the scenario's weather.zone.
    const loaded = await withWeather({ zones: { file: zonesFile } });
    const error = await readConditions(loaded.scenario.conditions, loaded.file).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_PROPERTY', value: 'Mountain', where: { file: zonesFile, featureIndex: 1, field: 'properties.zone' } });
    expect(String(error)).toMatch(/inland, coastal, mountain/);
  });

  it('refuses weather.zone naming no zone of the data, when the files are read', async () => {
    const loaded = await withWeather({ zone: 'Inland' });
    const error = await readConditions(loaded.scenario.conditions, loaded.file).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_OPTION', value: 'Inland', where: { file: loaded.file, field: '/conditions/weather/zone' } });
    expect(String(error)).toMatch(/inland, coastal, mountain/);
  });
});

describe('a hospital layer without kinds', () => {
  it('is the hospitals, every Point of it, not proxies (it took only prefecture seats, and refused a layer without them at kinds)', async () => {
    const loaded = await loadScenario(fixture('conditions.json'), { allowedFolders: [fileURLToPath(new URL('../../data', import.meta.url))] });
    const layerFile = join(mkdtempSync(join(tmpdir(), 'airreach-hospitals-')), 'hospitals.geojson');
    writeFileSync(layerFile, JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { id: 'H1', name: 'Provincial hospital' }, geometry: { type: 'Point', coordinates: [123.4, 41.8] } },
      { type: 'Feature', properties: { id: 'H2', name: 'City hospital', kind: 'tertiary' }, geometry: { type: 'Point', coordinates: [122.9, 41.1] } },
    ] }));
    const settings = { ...loaded.scenario.conditions!, hospitals: { file: layerFile } };
    const conditions = await readConditions(settings, loaded.file);
    expect(conditions!.hospitals!.map((h) => [h.id, h.proxy])).toEqual([['H1', false], ['H2', false]]);
    // With kinds, the candidates of those kinds stand in for hospitals, as before.
    const proxies = await readConditions({ ...settings, hospitals: { file: layerFile, kinds: ['tertiary'] } }, loaded.file);
    expect(proxies!.hospitals!.map((h) => [h.id, h.proxy])).toEqual([['H2', true]]);
  });
});
