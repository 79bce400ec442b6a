import type { Feature, FeatureCollection, Position } from 'geojson';
import { AirreachError, type ErrorLocation } from '../errors.js';
import { createPolygonIndex, type PolygonIndex } from '../grid/createPolygonIndex.js';
import type { DemandGrid } from '../grid/demandGrid.js';
import { resolveOptions } from '../resolveOptions.js';

/**
 * Each cell's weather zone: `zones[zoneIndex[c]]`.
 *
 * @example
 * const map: WeatherZoneMap = { zones: ['inland', 'coastal'], zoneIndex: Uint8Array.of(0, 1) };
 */
export interface WeatherZoneMap {
  /** Zone names; index 0 is the default zone (cells in no zone polygon). */
  zones: string[];
  zoneIndex: Uint8Array;
}

/**
 * Options of {@link weatherZoneByCell}.
 *
 * @example
 * const options: WeatherZoneByCellOptions = { field: 'zone', defaultZone: 'inland' };
 */
export interface WeatherZoneByCellOptions {
  /** Property of each zone feature that names its zone. */
  field?: string;
  /** Zone of the cells whose centre lies in no zone polygon. */
  defaultZone?: string;
  /** Where the zone layer came from, for errors. */
  file?: string;
}

/**
 * Defaults of {@link weatherZoneByCell}: `properties.zone`, the rest of the grid `inland`.
 *
 * @example
 * DEFAULT_WEATHER_ZONE_BY_CELL_OPTIONS.defaultZone; // 'inland'
 */
export const DEFAULT_WEATHER_ZONE_BY_CELL_OPTIONS = {
  field: 'zone',
  defaultZone: 'inland',
  file: undefined as string | undefined,
} satisfies WeatherZoneByCellOptions;

/**
 * The weather zone of every grid cell: the zone named by the lowest-index feature of `layer`
 * (Polygon or MultiPolygon) whose polygon holds the cell centre (planar lng/lat, as H3 and the
 * region assignment do), else `defaultZone`. With a weather data set, each zone's flyable share
 * then applies to its own cells (see `conditionsReport`) instead of one zone for the whole grid.
 *
 * @example
 * const map = weatherZoneByCell(grid, coastalZone); // features with properties.zone = 'coastal'
 * map.zones[map.zoneIndex[0]]; // 'coastal' or 'inland'
 */
export function weatherZoneByCell(grid: Pick<DemandGrid, 'cellCount' | 'latDeg' | 'lngDeg'>, layer: FeatureCollection, options: WeatherZoneByCellOptions = {}): WeatherZoneMap {
  const { field, defaultZone, file } = resolveOptions(DEFAULT_WEATHER_ZONE_BY_CELL_OPTIONS, options);
  const zones = [defaultZone];
  const features: Array<{ zone: number; index: PolygonIndex }> = [];
  layer.features.forEach((feature: Feature, featureIndex) => {
    const where: ErrorLocation = { file, featureIndex, field: `properties.${field}` };
    const name = feature.properties?.[field];
    if (typeof name !== 'string' || name.length === 0) {
      throw new AirreachError('E_PROPERTY', `a weather zone feature has no zone name in properties.${field}`, { value: name, where, expected: 'a non-empty string naming a zone of the weather data' });
    }
    const geometry = feature.geometry;
    const polygons: Position[][][] = geometry?.type === 'Polygon' ? [geometry.coordinates] : geometry?.type === 'MultiPolygon' ? geometry.coordinates : [];
    if (polygons.length === 0) {
      throw new AirreachError('E_GEOMETRY', 'a weather zone feature is not a Polygon or MultiPolygon', { value: geometry?.type ?? null, where: { file, featureIndex, field: 'geometry' }, expected: 'Polygon or MultiPolygon' });
    }
    let zone = zones.indexOf(name);
    if (zone < 0) zone = zones.push(name) - 1;
    if (zones.length > 255) throw new AirreachError('E_PROPERTY', 'more than 255 weather zones', { value: zones.length, where, expected: 'at most 255 zones' });
    features.push({ zone, index: createPolygonIndex(polygons) });
  });
  const zoneIndex = new Uint8Array(grid.cellCount);
  // The features' boxes side by side (w, s, e, n each), read by index: the cells' loop makes no iterator or array per cell and feature.
  const boxes = new Float64Array(4 * features.length);
  features.forEach(({ index }, f) => boxes.set(index.bbox.slice(0, 4), 4 * f));
  for (let c = 0; c < grid.cellCount; c++) {
    const lng = grid.lngDeg[c];
    const lat = grid.latDeg[c];
    for (let f = 0; f < features.length; f++) {
      if (lng < boxes[4 * f] || lng > boxes[4 * f + 2] || lat < boxes[4 * f + 1] || lat > boxes[4 * f + 3]) continue;
      if (features[f].index.contains(lng, lat)) {
        zoneIndex[c] = features[f].zone;
        break;
      }
    }
  }
  return { zones, zoneIndex };
}
