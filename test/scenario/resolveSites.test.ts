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
