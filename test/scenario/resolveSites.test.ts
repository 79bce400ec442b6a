import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { resolveSites } from '../../src/scenario/resolveSites.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';
import type { GeoJsonLayer } from '../../src/grid/geoJsonLayer.js';
import { errorOf } from '../errorOf.js';

const layerOf = (properties: Array<Record<string, unknown>>): Map<string, GeoJsonLayer> => {
  const collection: FeatureCollection = {
    type: 'FeatureCollection',
    features: properties.map((p, i) => ({ type: 'Feature', properties: p, geometry: { type: 'Point', coordinates: [123 + i, 41] } })),
  };
  return new Map([['bases.geojson', { file: 'bases.geojson', collection }]]);
};

describe('resolveSites: fleets', () => {
  it('honours a per-feature fleet in a bases layer (two AW139 stay two AW139)', () => {
    const layers = layerOf([
      { id: 'A', fleet: [{ aircraftTypeId: 'AW139', count: 2 }] },
      { id: 'B', fleet: '[{"aircraftTypeId":"H145","count":1}]' },
      { id: 'C' },
    ]);
    const sites = resolveSites([{ file: 'bases.geojson', role: 'existing' }], layers, AIRCRAFT_CATALOGUE, { file: 's.json' });
    expect(sites.map((s) => s.fleet)).toEqual([
      [{ aircraftTypeId: 'AW139', count: 2 }],
      [{ aircraftTypeId: 'H145', count: 1 }],
      [{ aircraftTypeId: 'H135', count: 1 }],
    ]);
  });

  it('refuses a per-feature fleet it cannot read, naming the feature, instead of ignoring it', () => {
    for (const fleet of [[{ aircraftTypeId: 'AW-139', count: 2 }], [{ aircraftTypeId: 'AW139', count: 0 }], 'two AW139', [], { AW139: 2 }]) {
      const error = errorOf(() => resolveSites([{ file: 'bases.geojson', role: 'existing' }], layerOf([{ id: 'A' }, { id: 'B', fleet }]), AIRCRAFT_CATALOGUE, { file: 's.json' }));
      expect(['E_AIRCRAFT', 'E_PROPERTY']).toContain(error.code);
      expect(error.where).toMatchObject({ file: 'bases.geojson', featureIndex: 1 });
      expect(error.where.field).toMatch(/^properties\.fleet/);
    }
  });

  it('places an unknown aircraft of defaultFleet at /defaultFleet, and of an entry fleet at the entry', () => {
    const layers = layerOf([{ id: 'A' }]);
    const fromDefault = errorOf(() =>
      resolveSites([{ file: 'bases.geojson', role: 'existing' }], layers, AIRCRAFT_CATALOGUE, { file: 's.json', defaultFleet: [{ aircraftTypeId: 'H-135', count: 1 }] }),
    );
    expect(fromDefault.code).toBe('E_AIRCRAFT');
    expect(fromDefault.where).toEqual({ file: 's.json', field: '/defaultFleet' });
    const fromEntry = errorOf(() =>
      resolveSites([{ file: 'bases.geojson', role: 'existing', fleet: [{ aircraftTypeId: 'H-135', count: 1 }] }], layers, AIRCRAFT_CATALOGUE, { file: 's.json', defaultFleet: [{ aircraftTypeId: 'H135', count: 1 }] }),
    );
    expect(fromEntry.where).toEqual({ file: 's.json', field: '/bases/0/fleet' });
  });
});

describe('resolveSites: what a site layer says is read or refused, never ignored', () => {
  const resolve = (properties: Array<Record<string, unknown>>, entry: Record<string, unknown> = {}) =>
    resolveSites([{ file: 'bases.geojson', role: 'candidate', ...entry }], layerOf(properties), AIRCRAFT_CATALOGUE, { file: 's.json' });

  it('takes a feature cost as a number, and refuses text, negative or unbounded costs at the feature (a "50" fell back to cost 1)', () => {
    expect(resolve([{ id: 'A', cost: 50 }, { id: 'B', cost: null }, { id: 'C' }], { cost: 7 }).map((site) => site.cost)).toEqual([50, 7, 7]);
    for (const cost of ['50', -5, 1e308, true, { yuan: 5 }]) {
      const error = errorOf(() => resolve([{ id: 'A' }, { id: 'B', cost }]));
      expect(error.code).toBe('E_PROPERTY');
      expect(error.where).toEqual({ file: 'bases.geojson', featureIndex: 1, field: 'properties.cost' });
      expect(error.value).toEqual(cost);
    }
  });

  it('refuses an empty id as it refuses none', () => {
    for (const id of ['', '  ']) {
      const error = errorOf(() => resolve([{ id }]));
      expect(error.code).toBe('E_PROPERTY');
      expect(error.where).toEqual({ file: 'bases.geojson', featureIndex: 0, field: 'properties.id' });
    }
  });

  it('locates a repeated id at the feature and its id field (the file used to be put in the field)', () => {
    const error = errorOf(() => resolve([{ ident: 'X' }, { ident: 'X' }]));
    expect(error.code).toBe('E_DUPLICATE_ID');
    expect(error.where).toEqual({ file: 'bases.geojson', featureIndex: 1, field: 'properties.ident' });
    expect(error.hint).toContain('bases.geojson feature 0');
  });

  it('refuses a file entry that gives no site: a where filter that keeps nothing, or an empty layer (the candidates vanished)', () => {
    const filtered = errorOf(() => resolve([{ id: 'A', kind: 'civil' }], { where: { knd: ['civil'] } }));
    expect(filtered.code).toBe('E_EMPTY');
    expect(filtered.where).toEqual({ file: 's.json', field: '/bases/0/where' });
    expect(filtered.hint).toContain('"kind":"civil"');
    const empty = errorOf(() => resolve([]));
    expect(empty.code).toBe('E_EMPTY');
    expect(empty.where).toEqual({ file: 's.json', field: '/bases/0/file' });
    expect(resolve([{ id: 'A', kind: 'civil' }, { id: 'B', kind: 'military' }], { where: { kind: ['civil'] } }).map((site) => site.id)).toEqual(['A']);
  });
});
