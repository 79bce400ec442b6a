import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { weatherZoneByCell } from '../../src/conditions/weatherZoneByCell.js';
import { AirreachError } from '../../src/errors.js';

const square = (w: number, s: number, e: number, n: number, zone: unknown) => ({
  type: 'Feature' as const,
  properties: { zone },
  geometry: { type: 'Polygon' as const, coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
});
const grid = { cellCount: 4, lngDeg: Float64Array.of(0.5, 1.5, 2.5, 10), latDeg: Float64Array.of(0.5, 0.5, 0.5, 10) };

describe('weatherZoneByCell', () => {
  it('gives each cell the zone of the lowest-index polygon holding its centre, else the default', () => {
    const layer: FeatureCollection = { type: 'FeatureCollection', features: [square(0, 0, 2, 1, 'coastal'), square(1, 0, 3, 1, 'mountain')] };
    const map = weatherZoneByCell(grid, layer);
    expect(map.zones).toEqual(['inland', 'coastal', 'mountain']);
    expect([...map.zoneIndex].map((z) => map.zones[z])).toEqual(['coastal', 'coastal', 'mountain', 'inland']);
  });

  it('matches a brute-force point-in-square check on random centres', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 4 - 0.5;
    const n = 500;
    const g = { cellCount: n, lngDeg: new Float64Array(n), latDeg: new Float64Array(n) };
    for (let c = 0; c < n; c++) [g.lngDeg[c], g.latDeg[c]] = [next(), next()];
    const map = weatherZoneByCell(g, { type: 'FeatureCollection', features: [square(0, 0, 2, 2, 'coastal')] }, { defaultZone: 'dry' });
    for (let c = 0; c < n; c++) {
      const inside = g.lngDeg[c] > 0 && g.lngDeg[c] < 2 && g.latDeg[c] > 0 && g.latDeg[c] < 2;
      expect(map.zones[map.zoneIndex[c]]).toBe(inside ? 'coastal' : 'dry');
    }
  });

  it('names a feature without a zone or with a non-polygon geometry', () => {
    const noName: FeatureCollection = { type: 'FeatureCollection', features: [square(0, 0, 1, 1, undefined)] };
    expect(() => weatherZoneByCell(grid, noName, { file: 'z.geojson' })).toThrow(AirreachError);
    try {
      weatherZoneByCell(grid, noName, { file: 'z.geojson' });
    } catch (error) {
      expect((error as AirreachError).code).toBe('E_PROPERTY');
      expect((error as AirreachError).where).toMatchObject({ file: 'z.geojson', featureIndex: 0 });
    }
    const point: FeatureCollection = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { zone: 'x' }, geometry: { type: 'Point', coordinates: [0, 0] } }] };
    expect(() => weatherZoneByCell(grid, point)).toThrow(/Polygon or MultiPolygon/);
  });
});
