import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { hospitalsFromPoints } from '../../src/conditions/hospitalsFromPoints.js';
import { errorOf } from '../errorOf.js';

const point = (coordinates: number[], properties: Record<string, unknown> | null, id?: string) => ({ type: 'Feature' as const, ...(id !== undefined ? { id } : {}), properties, geometry: { type: 'Point' as const, coordinates } });
const layer = (...features: unknown[]) => ({ type: 'FeatureCollection', features }) as FeatureCollection;

describe('hospitalsFromPoints', () => {
  it('takes every Point as a located hospital (not a proxy), named by properties.id, the feature id or its index', () => {
    const hospitals = hospitalsFromPoints(layer(point([123.4, 41.8], { id: 'H1', name: 'Provincial hospital' }), point([121.6, 38.9], null, 'F2'), point([122.9, 41.1], { name: '' })), { file: 'h.geojson' });
    expect(hospitals).toEqual([
      { id: 'H1', name: 'Provincial hospital', latDeg: 41.8, lngDeg: 123.4, proxy: false, source: 'h.geojson' },
      { id: 'F2', name: 'F2', latDeg: 38.9, lngDeg: 121.6, proxy: false, source: 'h.geojson' },
      { id: '2', name: '2', latDeg: 41.1, lngDeg: 122.9, proxy: false, source: 'h.geojson' },
    ]);
  });

  it('refuses a non-Point, coordinates out of range and an empty layer, at the feature', () => {
    const polygon = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } };
    expect(errorOf(() => hospitalsFromPoints(layer(point([1, 1], {}), polygon), { file: 'h.geojson' }))).toMatchObject({ code: 'E_GEOMETRY', where: { file: 'h.geojson', featureIndex: 1, field: 'geometry.type' } });
    expect(errorOf(() => hospitalsFromPoints(layer(point([41.8, 123.4], {}))))).toMatchObject({ code: 'E_COORDINATE', where: { featureIndex: 0, field: 'geometry.coordinates' } });
    expect(errorOf(() => hospitalsFromPoints(layer(), { file: 'h.geojson' }))).toMatchObject({ code: 'E_EMPTY', where: { file: 'h.geojson' } });
  });
});
