import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { computeCoverage, readScenarioInputs, type CoverageRun } from '../../src/scenario/runCoverage.js';
import { refuelPointsOf } from '../../src/scenario/refuelPointsOf.js';
import { greatCircleKm } from '../../src/travel/greatCircleKm.js';
import { responseMinutes } from '../../src/travel/responseMinutes.js';
import { usableRangeKm } from '../../src/travel/isWithinRange.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

// A short-range helicopter (usable range 150 km, so 75 km out and back) over the small fixture,
// with and without refuelling points east and west of the bases: cells 75–150 km out are reached
// only when a refuelling point is close enough to land at afterwards.
const scenario = (extra: object) => ({
  name: 'refuel-test',
  layers: { regions: { file: 'regions.geojson', nameField: 'label' }, hazards: ['hazards.geojson'], ...extra },
  grid: { resolution: 6 },
  aircraft: { Short: { basedOn: 'H135', rangeKm: 150, reserveMinutes: 0 } },
  defaultFleet: [{ aircraftTypeId: 'Short', count: 1 }],
  bases: [{ file: 'bases.geojson', role: 'existing', where: { kind: ['civil'] } }],
  standardsMinutes: [30, 60, 120],
  periods: ['day'],
});
const fuel = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { id: 'F-west' }, geometry: { type: 'Point', coordinates: [121.9, 41.3] } },
    { type: 'Feature', properties: { name: 'F-east' }, geometry: { type: 'Point', coordinates: [125.3, 42.0] } },
  ],
};

describe('layers.refuelPoints', () => {
  let folder: string;
  let without: CoverageRun;
  let withFuel: CoverageRun;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'airreach-refuel-'));
    for (const name of ['regions.geojson', 'hazards.geojson', 'bases.geojson']) copyFileSync(fixture(name), join(folder, name));
    writeFileSync(join(folder, 'fuel.geojson'), JSON.stringify(fuel));
    writeFileSync(join(folder, 'without.json'), JSON.stringify(scenario({})));
    writeFileSync(join(folder, 'with.json'), JSON.stringify(scenario({ refuelPoints: 'fuel.geojson' })));
    without = computeCoverage(await readScenarioInputs(await loadScenario(join(folder, 'without.json'))));
    withFuel = computeCoverage(await readScenarioInputs(await loadScenario(join(folder, 'with.json'))));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('reads the points relative to the scenario, named by id, else name, else index', async () => {
    const inputs = await readScenarioInputs(await loadScenario(join(folder, 'with.json')));
    expect(inputs.refuelPoints).toEqual([
      { id: 'F-west', latDeg: 41.3, lngDeg: 121.9 },
      { id: 'F-east', latDeg: 42.0, lngDeg: 125.3 },
    ]);
  });

  it('gives every cell the response brute force finds: any base whose aircraft reaches it and then home or the nearest refuelling point', () => {
    const { grid, periods } = withFuel;
    const sites = withFuel.periods[0].report.sites;
    expect(sites.length).toBe(2);
    const aircraft = withFuel.inputs.aircraftById.Short;
    const usable = usableRangeKm(aircraft);
    const bases = withFuel.inputs.sites.filter((site) => site.role === 'existing');
    let reachedOnlyWithFuel = 0;
    for (let c = 0; c < grid.cellCount; c++) {
      const nearestFuelKm = Math.min(...fuel.features.map((f) => greatCircleKm(grid.latDeg[c], grid.lngDeg[c], f.geometry.coordinates[1], f.geometry.coordinates[0])));
      let best = Infinity;
      for (const base of bases) {
        const km = greatCircleKm(base.latDeg, base.lngDeg, grid.latDeg[c], grid.lngDeg[c]);
        if (2 * km <= usable || km + nearestFuelKm <= usable) best = Math.min(best, responseMinutes(km, aircraft, 'day'));
      }
      // Distances near the range limit may round either way between chord and haversine: skip a hair's breadth.
      const got = periods[0].outcomes.responseMinutes[c];
      if (Number.isFinite(best) !== Number.isFinite(got)) {
        const margin = Math.min(...bases.map((base) => {
          const km = greatCircleKm(base.latDeg, base.lngDeg, grid.latDeg[c], grid.lngDeg[c]);
          return Math.min(Math.abs(2 * km - usable), Math.abs(km + nearestFuelKm - usable));
        }));
        expect(margin, `cell ${c}`).toBeLessThan(1e-6 * usable);
        continue;
      }
      if (Number.isFinite(best)) expect(got, `cell ${c}`).toBeCloseTo(best, 4);
      if (Number.isFinite(got) && !Number.isFinite(without.periods[0].outcomes.responseMinutes[c])) reachedOnlyWithFuel++;
    }
    // The case is built so that refuelling matters.
    expect(reachedOnlyWithFuel).toBeGreaterThan(10);
  });

  it('only ever adds coverage (the same matrix rule with one more way home)', () => {
    const a = without.periods[0];
    const b = withFuel.periods[0];
    for (let c = 0; c < withFuel.grid.cellCount; c++) expect(b.outcomes.responseMinutes[c] <= a.outcomes.responseMinutes[c] || a.outcomes.responseMinutes[c] === b.outcomes.responseMinutes[c]).toBe(true);
    for (let k = 0; k < 3; k++) expect(b.report.overall.tiers[k].coveredCellShare).toBeGreaterThanOrEqual(a.report.overall.tiers[k].coveredCellShare);
    expect(b.report.overall.tiers[2].coveredCellShare).toBeGreaterThan(a.report.overall.tiers[2].coveredCellShare);
  });

  it('refuses a layer that is not points, naming the file, feature and field', async () => {
    writeFileSync(join(folder, 'bad-fuel.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [fuel.features[0], { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } }] }));
    writeFileSync(join(folder, 'bad.json'), JSON.stringify(scenario({ refuelPoints: 'bad-fuel.geojson' })));
    await expect(readScenarioInputs(await loadScenario(join(folder, 'bad.json')))).rejects.toMatchObject({
      code: 'E_GEOMETRY',
      where: { file: join(folder, 'bad-fuel.geojson'), featureIndex: 1, field: 'geometry' },
    });
    expect(() => refuelPointsOf({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [41.3, 121.9] } }] }, 'swapped.geojson')).toThrow(
      expect.objectContaining({ code: 'E_COORDINATE', where: { file: 'swapped.geojson', featureIndex: 0, field: 'geometry/coordinates' } }),
    );
  });

  it('names a missing layer at its JSON path', async () => {
    writeFileSync(join(folder, 'missing.json'), JSON.stringify(scenario({ refuelPoints: 'nowhere.geojson' })));
    await expect(loadScenario(join(folder, 'missing.json')).then(readScenarioInputs)).rejects.toMatchObject({ where: { field: '/layers/refuelPoints' } });
  });
});
