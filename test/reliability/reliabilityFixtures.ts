import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { fileURLToPath } from 'node:url';
import type { GeoJsonLayer } from '../../src/grid/geoJsonLayer.js';
import type { Site } from '../../src/travel/aircraft.js';

/** Absolute path of a file under test/fixtures/<folder>/. */
export const fixturePath = (folder: string, name: string) => fileURLToPath(new URL(`../fixtures/${folder}/${name}`, import.meta.url));

/** A closed, counter-clockwise square ring of side `sizeDeg` with its south-west corner at (lng, lat). */
export function squareRing(lng: number, lat: number, sizeDeg: number): Position[] {
  return [
    [lng, lat],
    [lng + sizeDeg, lat],
    [lng + sizeDeg, lat + sizeDeg],
    [lng, lat + sizeDeg],
    [lng, lat],
  ];
}

/** A hazard Feature with valid properties unless overridden. */
export function hazardFeature(geometry: unknown, properties: Record<string, unknown> = {}): Feature {
  return { type: 'Feature', properties: { name: 'area', type: 'flood', weight: 1, ...properties }, geometry: geometry as Geometry };
}

export function collection(...features: unknown[]): FeatureCollection {
  return { type: 'FeatureCollection', features: features as Feature[] };
}

export function layer(file: string, ...features: unknown[]): GeoJsonLayer {
  return { file, collection: collection(...features) };
}

/** A valid one-polygon hazard layer near Shenyang (about 0.4° square). */
export function goodHazards(file = 'hazards.geojson'): GeoJsonLayer {
  return layer(file, hazardFeature({ type: 'Polygon', coordinates: [squareRing(123.2, 41.6, 0.4)] }));
}

/** A site with an H135 (or the given fleet). */
export function site(id: string, latDeg: number, lngDeg: number, fleet: Site['fleet'] = [{ aircraftTypeId: 'H135', count: 1 }]): Site {
  return { id, name: id, latDeg, lngDeg, role: 'existing', fleet };
}
