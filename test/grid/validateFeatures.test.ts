import { readFileSync } from 'node:fs';
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { AirreachError } from '../../src/errors.js';
import type { LayerKind } from '../../src/grid/geoJsonLayer.js';
import { validateFeatures } from '../../src/grid/validateFeatures.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/grid/${name}`, import.meta.url), 'utf8')) as FeatureCollection;
const square = (w: number, s: number, e: number, n: number) => [[w, s], [e, s], [e, n], [w, n], [w, s]];
const hazard = (geometry: unknown, properties: Record<string, unknown> = {}, id?: string) => ({
  type: 'Feature',
  ...(id === undefined ? {} : { id }),
  properties: { name: 'h', type: 'flood', weight: 1, ...properties },
  geometry,
});
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

/** Runs validation and returns the AirreachError it throws (fails the test when none is thrown). */
function errorOf(value: unknown, kind: LayerKind = 'hazard', options = {}): AirreachError {
  try {
    validateFeatures(value, kind, { file: 'layer.geojson', ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(AirreachError);
    return error as AirreachError;
  }
  throw new Error('expected validateFeatures to throw');
}

describe('validateFeatures', () => {
  it('accepts the fixture layers and returns them', () => {
    const hazards = fixture('hazards.geojson');
    expect(validateFeatures(hazards, 'hazard')).toBe(hazards);
    expect(validateFeatures(fixture('regions.geojson'), 'region').features).toHaveLength(2);
    expect(validateFeatures(fixture('places.geojson'), 'population').features).toHaveLength(4);
  });

  it('refuses something that is not a FeatureCollection (E_GEOJSON)', () => {
    const error = errorOf({ type: 'Topology' });
    expect(error.code).toBe('E_GEOJSON');
    expect(error.where).toEqual({ file: 'layer.geojson', field: 'type' });
  });

  it('refuses a FeatureCollection without a features array at `features`, with what it holds (not at `type`, whose value is right)', () => {
    const missing = errorOf({ type: 'FeatureCollection' });
    expect(missing).toMatchObject({ code: 'E_GEOJSON', where: { file: 'layer.geojson', field: 'features' }, value: undefined });
    expect(missing.message).toContain('no `features` array');
    const object = errorOf({ type: 'FeatureCollection', features: { 0: {} } });
    expect(object).toMatchObject({ code: 'E_GEOJSON', where: { file: 'layer.geojson', field: 'features' }, value: 'an object' });
    expect(errorOf({ type: 'FeatureCollection', features: 'none' })).toMatchObject({ where: { field: 'features' }, value: 'none' });
  });

  it('refuses an empty collection (E_EMPTY)', () => {
    const error = errorOf(collection());
    expect(error.code).toBe('E_EMPTY');
    expect(error.where.file).toBe('layer.geojson');
  });

  it('refuses a geometry type the layer kind does not allow', () => {
    const error = errorOf(collection(hazard({ type: 'LineString', coordinates: [[0, 0], [1, 1]] })), 'population');
    expect(error.code).toBe('E_GEOMETRY');
    expect(error.where).toEqual({ file: 'layer.geojson', featureIndex: 0, field: 'geometry.type' });
    expect(error.value).toBe('LineString');
  });

  it('refuses an unclosed ring, naming the ring', () => {
    const ring = square(0, 0, 1, 1).slice(0, 4).concat([[0, 0.5]]);
    const error = errorOf(collection(hazard({ type: 'Polygon', coordinates: [square(2, 2, 3, 3)] }), hazard({ type: 'Polygon', coordinates: [ring] })));
    expect(error.code).toBe('E_GEOMETRY');
    expect(error.where).toEqual({ file: 'layer.geojson', featureIndex: 1, field: 'geometry.coordinates[0]' });
    expect(error.message).toContain('not closed');
  });

  it('refuses a ring with fewer than 4 positions', () => {
    const error = errorOf(collection(hazard({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [0, 0]]]] })));
    expect(error.code).toBe('E_GEOMETRY');
    expect(error.where.field).toBe('geometry.coordinates[0][0]');
    expect(error.value).toBe(3);
  });

  it('refuses NaN, Infinity and non-numbers (E_COORDINATE) and malformed arrays (E_GEOJSON)', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, '41.8']) {
      const error = errorOf(collection(hazard({ type: 'Point', coordinates: [123, bad] }, { radiusKm: 1 })));
      expect(error.code).toBe('E_COORDINATE');
      expect(error.where).toEqual({ file: 'layer.geojson', featureIndex: 0, field: 'geometry.coordinates' });
    }
    expect(errorOf(collection(hazard({ type: 'Polygon', coordinates: 'x' }))).code).toBe('E_GEOJSON');
  });

  it('refuses a position of more than three numbers, or a non-numeric altitude, and keeps [lng, lat, altitude] (RFC 7946 §3.1.1)', () => {
    const four = errorOf(collection(hazard({ type: 'Polygon', coordinates: [[[123, 41], [124, 41, 123.5, 41.5], [124, 42], [123, 41]]] })));
    expect(four).toMatchObject({ code: 'E_COORDINATE', value: [124, 41, 123.5, 41.5], where: { file: 'layer.geojson', featureIndex: 0, field: 'geometry.coordinates[0][1]' } });
    expect(four.message).toContain('4 numbers');
    const altitude = errorOf(collection(hazard({ type: 'Point', coordinates: [123, 41, '12 m'] }, { radiusKm: 1 })));
    expect(altitude).toMatchObject({ code: 'E_COORDINATE', where: { field: 'geometry.coordinates' } });
    const kept = collection(hazard({ type: 'Polygon', coordinates: [[[123, 41, 10], [124, 41, 12], [124, 42, 11], [123, 41, 10]]] }));
    expect(() => validateFeatures(kept, 'hazard', { file: 'layer.geojson' })).not.toThrow();
  });

  it('refuses coordinates out of range', () => {
    const error = errorOf(collection(hazard({ type: 'Point', coordinates: [181, 10] }, { radiusKm: 1 })));
    expect(error.code).toBe('E_COORDINATE');
    expect(error.value).toEqual([181, 10]);
  });

  it('says a position looks like [lat, lng] when the latitude is outside ±90 but the longitude fits', () => {
    const error = errorOf(collection(hazard({ type: 'Point', coordinates: [41.8, 123.4] }, { radiusKm: 1 })));
    expect(error.code).toBe('E_COORDINATE');
    expect(error.hint).toContain('looks like [lat, lng]; GeoJSON wants [lng, lat]');
  });

  it('detects a swapped layer against expectedBbox even when every value is in range', () => {
    // [lat, lng] in Europe (lat 50, lng 10) are valid positions, so only the expected area can tell.
    const swapped = collection(hazard({ type: 'Polygon', coordinates: [[[50, 10], [50, 11], [51, 11], [51, 10], [50, 10]]] }));
    expect(() => validateFeatures(swapped, 'hazard')).not.toThrow();
    const error = errorOf(swapped, 'hazard', { expectedBbox: [5, 45, 15, 55] });
    expect(error.code).toBe('E_COORDINATE');
    expect(error.where).toEqual({ file: 'layer.geojson', featureIndex: 0, field: 'geometry.coordinates' });
    expect(error.hint).toContain('looks like [lat, lng]');
  });

  it('refuses a polygon crossing the antimeridian and says to split it', () => {
    const ring = [[179, 60], [-179, 60], [-179, 61], [179, 61], [179, 60]];
    const error = errorOf(collection(hazard({ type: 'Polygon', coordinates: [ring] })));
    expect(error.code).toBe('E_GEOMETRY');
    expect(error.where).toEqual({ file: 'layer.geojson', featureIndex: 0, field: 'geometry.coordinates[0][1]' });
    expect(error.hint).toContain('antimeridian');
  });

  it('refuses a ring around a pole', () => {
    const ring = [[-180, 80], [-90, 80], [0, 80], [90, 80], [180, 80], [-180, 80]];
    // [180, 80] -> [-180, 80] is a 360° jump; the winding test must name the pole, not the jump.
    const error = errorOf(collection(hazard({ type: 'Polygon', coordinates: [ring] })));
    expect(error.code).toBe('E_GEOMETRY');
    expect(error.message).toContain('pole');
    expect(error.where.featureIndex).toBe(0);
  });

  it('refuses a self-intersecting ring with the crossing as value, naming the ring', () => {
    const bowtie = [[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]];
    const error = errorOf(collection(hazard({ type: 'Point', coordinates: [1, 1] }, { radiusKm: 1 }), hazard({ type: 'Polygon', coordinates: [bowtie] })));
    expect(error.code).toBe('E_GEOMETRY');
    expect(error.where).toEqual({ file: 'layer.geojson', featureIndex: 1, field: 'geometry.coordinates[0]' });
    expect(error.value).toEqual([1, 1]);
  });

  it('does not mistake repeated consecutive vertices for a kink', () => {
    const ring = [[0, 0], [1, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
    expect(() => validateFeatures(collection(hazard({ type: 'Polygon', coordinates: [ring] })), 'hazard')).not.toThrow();
  });

  it.each([
    ['name', { name: 3 }],
    ['type', { type: '' }],
    ['weight', { weight: 0 }],
    ['weight', { weight: Number.NaN }],
    ['source', { source: 5 }],
  ])('refuses a bad hazard property %s (E_PROPERTY)', (field, properties) => {
    const error = errorOf(collection(hazard({ type: 'Polygon', coordinates: [square(0, 0, 1, 1)] }, properties)));
    expect(error.code).toBe('E_PROPERTY');
    expect(error.where).toEqual({ file: 'layer.geojson', featureIndex: 0, field: `properties.${field}` });
  });

  it('takes a hazard point without radiusKm as a site, and refuses radiusKm ≤ 0', () => {
    expect(() => validateFeatures(collection(hazard({ type: 'Point', coordinates: [123, 41] })), 'hazard', { file: 'layer.geojson' })).not.toThrow();
    const error = errorOf(collection(hazard({ type: 'Point', coordinates: [123, 41] }, { radiusKm: 0 })));
    expect(error.code).toBe('E_PROPERTY');
    expect(error.where.field).toBe('properties.radiusKm');
  });

  it('refuses radiusKm on a hazard or population polygon, which would ignore it, and names the feature and how to buffer', () => {
    const polygon = { type: 'Polygon', coordinates: [square(123, 41, 123.2, 41.2)] };
    const multi = { type: 'MultiPolygon', coordinates: [[square(123, 41, 123.2, 41.2)]] };
    // A flood plain given radiusKm 10 to widen it ran on the bare polygon, exit 0, no word.
    const error = errorOf(collection(hazard({ type: 'Point', coordinates: [123, 41] }, { radiusKm: 5 }), hazard(polygon, { radiusKm: 10 })));
    expect(error).toMatchObject({ code: 'E_PROPERTY', value: 10, where: { file: 'layer.geojson', featureIndex: 1, field: 'properties.radiusKm' } });
    expect(error.message).toContain('radiusKm` applies to Point hazards only: a Polygon is its own area');
    expect(error.hint).toContain('Buffer');
    expect(error.hint).toContain('remove radiusKm or set it to null');
    expect(errorOf(collection(hazard(multi, { radiusKm: 1 }))).where).toEqual({ file: 'layer.geojson', featureIndex: 0, field: 'properties.radiusKm' });
    const place = (geometry: unknown, properties: Record<string, unknown>) => ({ type: 'Feature', properties, geometry });
    expect(errorOf(collection(place(polygon, { population: 5000, radiusKm: 3 })), 'population')).toMatchObject({ code: 'E_PROPERTY', where: { featureIndex: 0, field: 'properties.radiusKm' } });
    // A mixed layer's empty column (null on the polygons) is no radius.
    expect(() => validateFeatures(collection(hazard({ type: 'Point', coordinates: [123, 41] }, { radiusKm: 5 }), hazard(polygon, { radiusKm: null })), 'hazard')).not.toThrow();
    expect(() => validateFeatures(collection(place(multi, { population: 5000, radiusKm: null })), 'population')).not.toThrow();
  });

  it('checks population and region properties', () => {
    const place = (properties: Record<string, unknown>) => ({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: [123, 41] } });
    expect(errorOf(collection(place({ population: -1 })), 'population').where.field).toBe('properties.population');
    expect(errorOf(collection(place({ population: 5, radiusKm: 0 })), 'population').where.field).toBe('properties.radiusKm');
    const region = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [square(0, 0, 1, 1)] } };
    expect(errorOf(collection(region), 'region').where).toEqual({ file: 'layer.geojson', featureIndex: 0, field: 'properties.name' });
  });

  it('refuses duplicate ids (E_DUPLICATE_ID) and names the second feature', () => {
    const geometry = { type: 'Polygon', coordinates: [square(0, 0, 1, 1)] };
    const error = errorOf(collection(hazard(geometry, {}, 'a'), hazard(geometry, {}, 'b'), hazard(geometry, {}, 'a')));
    expect(error.code).toBe('E_DUPLICATE_ID');
    expect(error.where).toEqual({ file: 'layer.geojson', featureIndex: 2, field: 'id' });
    expect(error.hint).toContain('Feature 0');
    const byProperty = errorOf(collection(hazard(geometry, { id: 7 }), hazard(geometry, { id: 7 })));
    expect(byProperty.where.field).toBe('properties.id');
  });
});
