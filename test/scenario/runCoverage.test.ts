import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { PARSE_BYTES_PER_TEXT_BYTE } from '../../src/grid/estimateLayerMemory.js';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { AirreachError } from '../../src/errors.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { computeCoverage, coverageFiles, readScenarioInputs, runCoverage } from '../../src/scenario/runCoverage.js';
import { greatCircleKm } from '../../src/travel/greatCircleKm.js';
import { responseMinutes } from '../../src/travel/responseMinutes.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

async function smallRun(name = 'small.json') {
  return computeCoverage(await readScenarioInputs(await loadScenario(fixture(name))));
}

/**
 * The small fixture copied into a temporary folder, its scenario file edited by `edit`, read by
 * readScenarioInputs: the error it threw (undefined if none) and the folder it was in (gone by
 * then: the checks compare paths only).
 */
async function readEditedSmall(prefix: string, edit: (scenario: { layers: { hazards: string[]; regions: { nameField: string } } }) => void): Promise<{ folder: string; error: AirreachError | undefined }> {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  try {
    for (const name of ['small.json', 'regions.geojson', 'hazards.geojson', 'bases.geojson']) copyFileSync(fixture(name), join(folder, name));
    const scenario = JSON.parse(readFileSync(fixture('small.json'), 'utf8'));
    edit(scenario);
    writeFileSync(join(folder, 'small.json'), JSON.stringify(scenario));
    const error = await readScenarioInputs(await loadScenario(join(folder, 'small.json'))).then(() => undefined, (thrown: unknown) => thrown as AirreachError);
    return { folder, error };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('computeCoverage on the small fixture scenario', () => {
  it('measures coverage from the filtered bases only, with each cell answered by its truly fastest base', async () => {
    const run = await smallRun();
    expect(run.inputs.sites.map((s) => s.id)).toEqual(['B1', 'B2']);
    const day = run.periods.find((p) => p.period === 'day')!;
    const h135 = AIRCRAFT_CATALOGUE.H135;
    // Independent check for every cell: the fastest of the two bases by the response formula.
    for (let c = 0; c < run.grid.cellCount; c++) {
      const byBase = run.inputs.sites.map((site) =>
        responseMinutes(greatCircleKm(site.latDeg, site.lngDeg, run.grid.latDeg[c], run.grid.lngDeg[c]), h135, 'day'),
      );
      const best = Math.min(...byBase);
      expect(day.outcomes.responseMinutes[c]).toBeCloseTo(best, 3);
      for (const [k, standard] of day.outcomes.standardsMinutes.entries()) {
        expect(day.outcomes.reachCounts[k][c]).toBe(byBase.filter((m) => m <= standard).length);
      }
    }
  });

  it('adds up covered demand per tier from the cells, and never loses coverage as the standard grows', async () => {
    const run = await smallRun();
    for (const { report, outcomes } of run.periods) {
      const tiers = report.overall.tiers;
      for (let k = 0; k < tiers.length; k++) {
        let covered = 0;
        for (let c = 0; c < run.grid.cellCount; c++) if (outcomes.reachCounts[k][c] > 0) covered += run.grid.demand[c];
        expect(tiers[k].coveredDemand).toBeCloseTo(covered, 9);
        if (k > 0) expect(tiers[k].coveredDemandShare).toBeGreaterThanOrEqual(tiers[k - 1].coveredDemandShare);
      }
      const byType = report.byHazardType.map((g) => g.name);
      expect(byType).toEqual(['flood', 'forestFire', 'mine']);
    }
  });

  it('assigns regions by the named property and sums their demand to the total', async () => {
    const run = await smallRun();
    const report = run.periods[0].report;
    expect(report.byRegion.map((r) => r.name)).toEqual(['West', 'East']);
    const regions = JSON.parse(readFileSync(fixture('regions.geojson'), 'utf8'));
    for (let c = 0; c < run.grid.cellCount; c += 7) {
      const inside = regions.features.findIndex((f: never) => booleanPointInPolygon([run.grid.lngDeg[c], run.grid.latDeg[c]], f));
      expect(run.grid.region[c]).toBe(inside);
    }
  });

  it('night uses the night activation of the scenario-defined type (variant extends base)', async () => {
    const run = await smallRun('variant.json');
    expect(run.periods.map((p) => p.period)).toEqual(['night']);
    const slow = run.inputs.aircraftById['H135-slow-night'];
    expect(slow.activationMinutesNight).toBe(40);
    expect(slow.cruiseSpeedKmh).toBe(AIRCRAFT_CATALOGUE.H135.cruiseSpeedKmh);
    // Nothing can be reached within 30 min when launch alone takes 40.
    expect(run.periods[0].report.overall.tiers[0].coveredDemand).toBe(0);
  });

  it('gives the same bytes for the same inputs', async () => {
    const a = coverageFiles(await smallRun());
    const b = coverageFiles(await smallRun());
    expect(Object.keys(a).sort()).toEqual(['bases.geojson', 'coverage-day.csv', 'coverage-day.geojson', 'coverage-night.csv', 'coverage-night.geojson', 'report.html', 'summary.json']);
    for (const name of Object.keys(a)) expect(a[name]).toBe(b[name]);
  });

  it('writes valid outputs: hex_id CSV and RFC 7946 hexagons (closed, counter-clockwise, [lng, lat])', async () => {
    const files = coverageFiles(await smallRun());
    const csv = files['coverage-day.csv'].split('\n');
    expect(csv[0].split(',').slice(0, 3)).toEqual(['hex_id', 'lat', 'lng']);
    const map = JSON.parse(files['coverage-day.geojson']);
    expect(map.type).toBe('FeatureCollection');
    expect(map.features.length).toBe(csv.length - 2);
    for (const feature of map.features) {
      const ring = feature.geometry.coordinates[0] as number[][];
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      let twiceArea = 0;
      for (let i = 0; i < ring.length - 1; i++) twiceArea += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
      expect(twiceArea).toBeGreaterThan(0);
      expect(ring.every(([lng, lat]) => lng > 120 && lng < 127 && lat > 39 && lat < 44)).toBe(true);
    }
  });
});

describe('runCoverage', () => {
  it('writes every file, and a cancelled run writes nothing', async () => {
    const out = mkdtempSync(join(tmpdir(), 'airreach-run-'));
    try {
      const { written } = await runCoverage(fixture('small.json'), { outFolder: out });
      expect(written).toHaveLength(7);
      const cancelled = mkdtempSync(join(tmpdir(), 'airreach-cancel-'));
      const controller = new AbortController();
      controller.abort();
      await expect(runCoverage(fixture('small.json'), { outFolder: cancelled, signal: controller.signal })).rejects.toThrow();
      expect(readdirSync(cancelled)).toEqual([]);
      rmSync(cancelled, { recursive: true });
    } finally {
      rmSync(out, { recursive: true });
    }
  });
});

describe('readScenarioInputs: a hazard layer listed twice', () => {
  it('is refused at its second place, however the path is written (each hazard counted twice)', async () => {
    const { folder, error } = await readEditedSmall('airreach-twice-', (scenario) => {
      scenario.layers.hazards = ['hazards.geojson', './hazards.geojson'];
    });
    expect(error?.code).toBe('E_SCENARIO');
    expect(error?.where).toEqual({ file: join(folder, 'small.json'), field: '/layers/hazards/1' });
  });
});

describe('readScenarioInputs: the heap of the layers', () => {
  it('refuses the layers together, before the first is read, when their parses would not fit (E_MEMORY_BUDGET naming the largest)', async () => {
    const loaded = await loadScenario(fixture('small.json'));
    const sizes = ['hazards.geojson', 'regions.geojson'].map((name) => statSync(fixture(name)).size);
    const largest = sizes[0] >= sizes[1] ? 'hazards.geojson' : 'regions.geojson';
    const total = (sizes[0] + sizes[1]) * PARSE_BYTES_PER_TEXT_BYTE;
    // Room for each alone, not for both.
    const error = await readScenarioInputs(loaded, { heapAvailableBytes: total - 1 }).then(() => undefined, (thrown: unknown) => thrown as AirreachError);
    expect(error?.code).toBe('E_MEMORY_BUDGET');
    expect(error?.where).toEqual({ file: fixture(largest) });
    expect(error?.brief).toMatch(/^reading and parsing the scenario's demand layers would take about/);
    // Room for both: the parses pass, and each layer's own checks come next.
    const next = await readScenarioInputs(loaded, { heapAvailableBytes: total }).then(() => undefined, (thrown: unknown) => thrown as AirreachError);
    expect(next?.brief ?? '').not.toMatch(/scenario's demand layers/);
    expect((await readScenarioInputs(loaded, { heapAvailableBytes: 2 ** 30 })).demandInputs.hazards).toHaveLength(1);
  });
});

describe('readScenarioInputs: the regions\' nameField', () => {
  it('names the property layers.regions.nameField points at when a region lacks it (the error said properties.name)', async () => {
    const { folder, error } = await readEditedSmall('airreach-regions-', (scenario) => {
      scenario.layers.regions.nameField = 'nameEn';
    });
    expect(error?.code).toBe('E_PROPERTY');
    expect(error?.where).toEqual({ file: join(folder, 'regions.geojson'), featureIndex: 0, field: 'properties.nameEn' });
    expect(error?.message).toContain('nameEn');
  });

  it('suggests the region\'s own property when nameField differs from it only in case or by a typo (no "did you mean" before)', async () => {
    for (const [nameField, meant] of [['Label', 'label'], ['lable', 'label']]) {
      const { error } = await readEditedSmall('airreach-regions-case-', (scenario) => {
        scenario.layers.regions.nameField = nameField;
      });
      expect(error?.code).toBe('E_PROPERTY');
      expect(error?.hint).toContain(`did you mean "nameField": "${meant}"?`);
    }
    const { error } = await readEditedSmall('airreach-regions-far-', (scenario) => {
      scenario.layers.regions.nameField = 'nameEn';
    });
    expect(error?.hint).not.toContain('did you mean');
  });

  it('takes a number (a statistical code) as a region\'s name, as a site\'s id may be one (it was refused: must be a non-empty string (got 3401))', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'airreach-region-codes-'));
    try {
      for (const name of ['small.json', 'hazards.geojson', 'bases.geojson']) copyFileSync(fixture(name), join(folder, name));
      const regions = JSON.parse(readFileSync(fixture('regions.geojson'), 'utf8')) as { features: Array<{ properties: Record<string, unknown> }> };
      regions.features.forEach((feature, k) => (feature.properties.code = 3401 + k));
      writeFileSync(join(folder, 'regions.geojson'), JSON.stringify(regions));
      const scenario = JSON.parse(readFileSync(fixture('small.json'), 'utf8'));
      scenario.layers.regions.nameField = 'code';
      writeFileSync(join(folder, 'small.json'), JSON.stringify(scenario));
      const run = computeCoverage(await readScenarioInputs(await loadScenario(join(folder, 'small.json'))));
      expect(run.grid.regionNames).toEqual(['3401', '3402']);
      // Anything else is still refused, naming the property.
      regions.features[1].properties.code = true;
      writeFileSync(join(folder, 'regions.geojson'), JSON.stringify(regions));
      const error = await readScenarioInputs(await loadScenario(join(folder, 'small.json'))).then(() => undefined, (thrown: unknown) => thrown as AirreachError);
      expect(error).toMatchObject({ code: 'E_PROPERTY', where: { featureIndex: 1, field: 'properties.code' }, value: true });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
