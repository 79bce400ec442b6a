import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { loadScenario, parseScenarioObject } from '../../src/scenario/loadScenario.js';
import { scenarioJsonSchema } from '../../src/scenario/scenarioSchema.js';
import { errorOf, rejectionOf as rejection } from '../errorOf.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));


describe('loadScenario', () => {
  it('resolves layer paths against the scenario folder', async () => {
    const { scenario, chain } = await loadScenario(fixture('small.json'));
    expect(scenario.layers?.hazards).toEqual([fixture('hazards.geojson')]);
    expect(scenario.layers?.regions?.file).toBe(fixture('regions.geojson'));
    expect(chain).toEqual([fixture('small.json')]);
  });

  it('merges an extending scenario over its base: objects by key, other values replaced', async () => {
    const { scenario, chain } = await loadScenario(fixture('variant.json'));
    expect(scenario.name).toBe('small-variant');
    expect(scenario.periods).toEqual(['night']);
    expect(scenario.defaultFleet).toEqual([{ aircraftTypeId: 'H135-slow-night', count: 1 }]);
    expect(scenario.layers?.hazards).toEqual([fixture('hazards.geojson')]);
    expect(scenario.grid?.resolution).toBe(6);
    expect(scenario.extends).toBeUndefined();
    expect(chain).toEqual([fixture('small.json'), fixture('variant.json')]);
  });

  it('reports an extends cycle with the chain in the order it was read, at the extends that closes it', async () => {
    const error = await rejection(loadScenario(fixture('cycle-a.json')));
    expect(error.code).toBe('E_EXTENDS_CYCLE');
    // It said 'cycle-b.json → cycle-a.json → cycle-a.json' at cycle-a.json's field 'extends'.
    expect(error.message).toContain(`in a cycle: ${fixture('cycle-a.json')} → ${fixture('cycle-b.json')} → ${fixture('cycle-a.json')}`);
    expect(error.where).toEqual({ file: fixture('cycle-b.json'), field: '/extends' });
    expect(error.value).toBe(fixture('cycle-a.json'));
  });

  it('says a GeoJSON layer or a matrix instance given as a scenario is one (it said: Unrecognized keys "type", "features")', () => {
    const layer = errorOf(() => parseScenarioObject({ type: 'FeatureCollection', features: [] }, 'hazards.geojson'));
    expect(layer).toMatchObject({ code: 'E_SCENARIO', where: { file: 'hazards.geojson', field: '/type' }, value: 'FeatureCollection' });
    expect(layer.brief).toBe('the file is a GeoJSON layer, not a scenario');
    expect(layer.hint).toContain('layers.hazards');
    const instance = errorOf(() => parseScenarioObject({ model: 'pCenter', minutes: [[1]], siteCount: 1 }, 'i.json'));
    expect(instance).toMatchObject({ code: 'E_SCENARIO', where: { field: '/model' } });
    expect(instance.hint).toContain('airreach solve');
  });

  it('says that latDeg and lngDeg look swapped when a latitude beyond ±90 sits beside a longitude that would be one', () => {
    // The schema's 'Too big: expected number to be <=90 (got 123.4)' alone did not say what went wrong.
    const base = { id: 'X', name: 'x', latDeg: 123.4, lngDeg: 41.8, role: 'existing' };
    const error = errorOf(() => parseScenarioObject({ bases: [base] }, 's.json'));
    expect(error).toMatchObject({ code: 'E_SCENARIO', where: { file: 's.json', field: '/bases/0/latDeg' }, value: 123.4 });
    expect(error.hint).toMatch(/^latDeg 123.4 and lngDeg 41.8 look swapped: latDeg is the latitude/);
    const depot = errorOf(() => parseScenarioObject({ depots: { model: 'pMedian', siteCount: 1, candidates: { file: 'c.geojson', capacityTonnes: 5 }, fixed: [{ id: 'D', latDeg: -123.4, lngDeg: 41.8, capacityTonnes: 5 }] } }, 's.json'));
    expect(depot.where.field).toBe('/depots/fixed/0/latDeg');
    expect(depot.hint).toMatch(/look swapped/);
    // A latitude out of range beside a longitude that is no latitude: no guess.
    expect(errorOf(() => parseScenarioObject({ bases: [{ ...base, lngDeg: 123.4 }] }, 's.json')).hint).not.toMatch(/swapped/);
  });

  it('refuses a path that leaves the allowed folders, naming the JSON path', async () => {
    const error = await rejection(loadScenario(fixture('escape.json')));
    expect(error.code).toBe('E_PATH');
    expect(error.where.field).toBe('/layers/hazards/0');
    expect(error.value).toBe('../../../../etc/passwd');
  });

  it('names the JSON path and the expected type of a schema error', async () => {
    const error = await rejection(loadScenario(fixture('bad-type.json')));
    expect(error.code).toBe('E_SCENARIO');
    expect(error.where.field).toBe('/grid/resolution');
    expect(error.value).toBe('seven');
    expect(error.message).toContain('expected number');
    expect(error.message).toContain('/bases/0/fleet/0/count');
  });

  it('names a missing scenario file', async () => {
    const error = await rejection(loadScenario(fixture('no-such.json')));
    expect(error.code).toBe('E_FILE_READ');
    expect(error.where.file).toBe(fixture('no-such.json'));
  });

  it('refuses unknown keys (typos) instead of ignoring them', () => {
    expect(() => parseScenarioObject({ standardMinutes: [60] })).toThrow(/Unrecognized key/);
  });

  it('points at a misspelt key itself, with its value and the key meant ("standardMinute": did you mean "standardsMinutes"?)', () => {
    const scenario = { name: 'x', layers: { hazards: ['h.geojson'] }, grid: { resolution: 7 }, standardsMinutes: [30], periods: ['day'] };
    const top = errorOf(() => parseScenarioObject({ ...scenario, standardMinute: [60] }, 's.json'));
    // Not at "/" with the whole scenario as the value.
    expect(top).toMatchObject({ code: 'E_SCENARIO', where: { file: 's.json', field: '/standardMinute' }, value: [60] });
    expect(top.hint).toContain('did you mean "standardsMinutes"?');
    const nested = errorOf(() => parseScenarioObject({ ...scenario, grid: { resolutoin: 7 } }, 's.json'));
    expect(nested).toMatchObject({ where: { field: '/grid/resolutoin' }, value: 7 });
    expect(nested.hint).toContain('did you mean "resolution"?');
    // Inside a union (a base inline or from a file) and a record of aircraft types.
    const base = errorOf(() => parseScenarioObject({ ...scenario, bases: [{ file: 'b.geojson', role: 'existing', fleets: [] }] }, 's.json'));
    expect(base).toMatchObject({ where: { field: '/bases/0/fleets' }, value: [] });
    expect(base.hint).toContain('did you mean "fleet"?');
    const aircraft = errorOf(() => parseScenarioObject({ ...scenario, aircraft: { X: { basedOn: 'H135', cruiseSpeedKmph: 250 } } }, 's.json'));
    expect(aircraft).toMatchObject({ where: { field: '/aircraft/X/cruiseSpeedKmph' }, value: 250 });
    expect(aircraft.hint).toContain('did you mean "cruiseSpeedKmh"?');
    // Nothing close: no guess, the schema hint only.
    const far = errorOf(() => parseScenarioObject({ ...scenario, zzzzzzzz: 1 }, 's.json'));
    expect(far).toMatchObject({ where: { field: '/zzzzzzzz' }, value: 1 });
    expect(far.hint).not.toContain('did you mean');
  });

  it('refuses an aircraft figure given in two units (cruiseSpeedKmh and cruiseSpeedKnots, rangeKm and rangeNauticalMiles)', () => {
    // The knots (nautical miles) were used and the km/h (km) dropped without a word.
    const scenario = { name: 'x', layers: { hazards: ['h.geojson'] }, standardsMinutes: [30], periods: ['day'] };
    const speed = errorOf(() => parseScenarioObject({ ...scenario, aircraft: { H135: { cruiseSpeedKmh: 250, cruiseSpeedKnots: 135 } } }, 's.json'));
    expect(speed).toMatchObject({ code: 'E_SCENARIO', where: { file: 's.json', field: '/aircraft/H135/cruiseSpeedKnots' }, value: 135 });
    expect(speed.message).toContain('cruiseSpeedKnots and cruiseSpeedKmh are the same figure in two units');
    const range = errorOf(() => parseScenarioObject({ ...scenario, aircraft: { X: { basedOn: 'H135', rangeKm: 600, rangeNauticalMiles: 300 } } }, 's.json'));
    expect(range).toMatchObject({ where: { field: '/aircraft/X/rangeNauticalMiles' }, value: 300 });
    // One unit each is fine.
    expect(() => parseScenarioObject({ ...scenario, aircraft: { X: { basedOn: 'H135', cruiseSpeedKnots: 135, rangeKm: 600 } } }, 's.json')).not.toThrow();
  });

  // zod says only "Invalid input" at a value that matches no alternative of a union: the error
  // names the field of the closest alternative instead, or every type allowed.
  it('names the field inside a union: a base inline or from a file, minutes or "binding", one count or a list', () => {
    const noRole = errorOf(() => parseScenarioObject({ bases: [{ id: 'B1', name: 'B', latDeg: 41.5, lngDeg: 122.5 }] }, 's.json'));
    expect(noRole.where).toEqual({ file: 's.json', field: '/bases/0/role' });
    expect(noRole.message).toContain('expected one of "existing"|"required"|"candidate"|"forbidden"');
    expect(noRole.message).not.toContain('Invalid input (got');

    const latLng = errorOf(() => parseScenarioObject({ bases: [{ id: 'B1', name: 'B', lat: 41.5, lng: 122.5, role: 'existing' }] }, 's.json'));
    expect(latLng.where.field).toBe('/bases/0/latDeg');
    expect(latLng.message).toContain('/bases/0: Unrecognized keys: "lat", "lng"');
    expect(latLng.message).not.toContain('/bases/0/file');

    const fileEntry = errorOf(() => parseScenarioObject({ bases: [{ file: 'b.geojson', role: 'existing', fleets: [] }] }, 's.json'));
    expect(fileEntry.message).toContain('/bases/0: Unrecognized key: "fleets"');
    expect(fileEntry.message).not.toContain('/bases/0/id');

    const standard = errorOf(() => parseScenarioObject({ questions: [{ model: 'setCovering', standardMinutes: '60' }] }, 's.json'));
    expect(standard.where.field).toBe('/questions/0/standardMinutes');
    expect(standard.message).toContain('/questions/0/standardMinutes: Invalid input: expected number or "binding"');

    const negative = errorOf(() => parseScenarioObject({ questions: [{ model: 'setCovering', standardMinutes: -5 }] }, 's.json'));
    expect(negative.message).toContain('/questions/0/standardMinutes: Too small');

    const perYear = errorOf(() => parseScenarioObject({ questions: [{ model: 'phasedRollout', standardMinutes: 30, sitesPerYear: [0.5], years: 2 }] }, 's.json'));
    expect(perYear.where.field).toBe('/questions/0/sitesPerYear/0');
    expect(perYear.value).toBe(0.5);
  });

  it('refuses a standard or period listed twice at the repeat (they were computed and printed twice)', () => {
    for (const [scenario, field] of [
      [{ standardsMinutes: [30, 60, 30] }, '/standardsMinutes/2'],
      [{ periods: ['night', 'night'] }, '/periods/1'],
      [{ curve: { standardsMinutes: [60, 120, 60], additionalSites: 2 } }, '/curve/standardsMinutes/2'],
    ] as const) {
      let error: unknown;
      try {
        parseScenarioObject(scenario, 's.json');
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toMatchObject({ code: 'E_SCENARIO', where: { file: 's.json', field } });
      expect((error as Error).message).toContain('is listed twice');
    }
    expect(() => parseScenarioObject({ standardsMinutes: [30, 60], periods: ['day', 'night'] })).not.toThrow();
  });
});

describe('scenario JSON Schema', () => {
  // A person writing a scenario from the schema alone sees what is used when a field is left out.
  it('states the defaults the pipeline uses for the fields a first scenario leaves out', async () => {
    const { DEFAULT_SCENARIO_SETTINGS } = await import('../../src/scenario/runCoverage.js');
    const { DEFAULT_RESOLVE_SITES_OPTIONS } = await import('../../src/scenario/resolveSites.js');
    const { DEFAULT_DEMAND_GRID_OPTIONS } = await import('../../src/grid/buildDemandGrid.js');
    const properties = scenarioJsonSchema().properties as Record<string, { description?: string; properties?: Record<string, { description?: string }> }>;
    const spaced = (value: unknown) => JSON.stringify(value).replace(/,/g, ', ').replace(/:/g, ': ').replace(/\{/g, '{ ').replace(/\}/g, ' }');
    expect(properties.standardsMinutes.description).toContain(`(default ${spaced(DEFAULT_SCENARIO_SETTINGS.standardsMinutes)})`);
    expect(properties.periods.description).toContain(`(default ${spaced(DEFAULT_SCENARIO_SETTINGS.periods)})`);
    expect(properties.defaultFleet.description).toContain(`(default ${spaced(DEFAULT_RESOLVE_SITES_OPTIONS.defaultFleet)})`);
    expect(properties.grid.properties?.resolution.description).toContain(`(default ${DEFAULT_DEMAND_GRID_OPTIONS.resolution},`);
    expect(properties.name.description).toContain('default');
  });

  it('matches the committed schema/scenario.schema.json (run `npx tsx scripts/writeSchema.ts`)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../schema/scenario.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(scenarioJsonSchema());
  });
});

describe('loadScenario: a missing file', () => {
  it('names the scenario file and JSON path, and says relative paths start from the scenario folder', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const folder = mkdtempSync(join(tmpdir(), 'airreach-missing-'));
    try {
      writeFileSync(join(folder, 's.json'), JSON.stringify({ layers: { hazards: ['layers/floods.geojson'] }, bases: [] }));
      const error = await rejection(loadScenario(join(folder, 's.json')));
      expect(error.code).toBe('E_FILE_READ');
      expect(error.where).toEqual({ file: join(folder, 's.json'), field: '/layers/hazards/0' });
      expect(error.hint).toContain(folder);
      expect(error.hint).toMatch(/scenario file's folder/);
      expect(error.hint).not.toMatch(/against the current folder/);
      // The path once as the value, and the folder it led to; an absolute path is not printed three times.
      expect(error.message.split('layers/floods.geojson').length).toBe(3);
      writeFileSync(join(folder, 's.json'), JSON.stringify({ layers: { hazards: [join(folder, 'nope.geojson')] }, bases: [] }));
      const absolute = await rejection(loadScenario(join(folder, 's.json')));
      expect(absolute.message.split(join(folder, 'nope.geojson')).length).toBe(2);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('names the JSON path of a path that is a folder, not a file (the reader named only the folder)', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const folder = mkdtempSync(join(tmpdir(), 'airreach-folder-'));
    try {
      mkdirSync(join(folder, 'layers'));
      for (const [scenario, field] of [[{ layers: { hazards: ['.'] } }, '/layers/hazards/0'], [{ bases: [{ file: 'layers', role: 'existing' }] }, '/bases/0/file'], [{ extends: 'layers/' }, '/extends']] as const) {
        writeFileSync(join(folder, 's.json'), JSON.stringify(scenario));
        const error = await rejection(loadScenario(join(folder, 's.json')));
        expect(error.code).toBe('E_FILE_READ');
        expect(error.where).toEqual({ file: join(folder, 's.json'), field });
        expect(error.message).toContain('is a folder, not a file');
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
