import type { Feature, FeatureCollection, Position } from 'geojson';
import { AirreachError, type ErrorLocation } from '../errors.js';
import { LAYER_GEOMETRY_TYPES, type LayerKind } from './geoJsonLayer.js';
import { ringWrap } from './ringWrap.js';
import { resolveOptions } from '../resolveOptions.js';
import { checkPolygonRings, DEFAULT_CHECK_POLYGON_RINGS_OPTIONS } from './checkPolygonRings.js';

/** Options of {@link validateFeatures}. */
export interface ValidateFeaturesOptions {
  /** File name used in error locations. */
  file?: string;
  /**
   * `[west, south, east, north]` degrees where the layer is expected to lie. When no coordinate
   * falls inside it but every swapped `[lat, lng]` does, the layer is refused as swapped.
   */
  expectedBbox?: [number, number, number, number];
  /**
   * Most segment comparisons spent looking for crossing edges in the whole layer (see
   * `checkPolygonRings`); the feature that needs more is refused. Every polygon is checked,
   * whatever its number of vertices.
   */
  maxSegmentTests?: number;
}

/** Defaults of {@link ValidateFeaturesOptions}. */
export const DEFAULT_VALIDATE_FEATURES_OPTIONS = {
  file: undefined as string | undefined,
  expectedBbox: undefined as [number, number, number, number] | undefined,
  maxSegmentTests: DEFAULT_CHECK_POLYGON_RINGS_OPTIONS.maxSegmentTests,
} satisfies ValidateFeaturesOptions;

/**
 * Largest `radiusKm` of a Point: a quarter of the Earth's circumference. A larger disk covers
 * more than a hemisphere, which a GeoJSON ring cannot describe (its circle would be read as
 * the smaller area on the other side).
 */
export const MAX_RADIUS_KM = 10_000;

const swapHint = 'looks like [lat, lng]; GeoJSON wants [lng, lat]: swap the two numbers of every position';

/**
 * Checks a parsed GeoJSON FeatureCollection for one layer kind and returns it typed. Pure (no file
 * access); throws the first problem as an {@link AirreachError} whose `where` names the file, the
 * feature index and the field:
 * - `E_GEOJSON` not a FeatureCollection / Feature / geometry object, or malformed coordinates;
 * - `E_EMPTY` no features;
 * - `E_GEOMETRY` geometry type not allowed for the layer, unclosed ring or fewer than 4
 *   positions, a ring crossing the antimeridian (a longitude jump over 180°) or surrounding a
 *   pole; rings that cross themselves or each other, a hole outside its shell or inside another
 *   hole, MultiPolygon parts that overlap (see `checkPolygonRings`);
 * - `E_COORDINATE` non-finite, out of range, or apparently swapped `[lat, lng]` positions;
 * - `E_PROPERTY` a required property missing or of the wrong type (see {@link LayerKind});
 * - `E_DUPLICATE_ID` two features with the same `id` (feature `id`, else `properties.id`).
 *
 * @example
 * const collection = validateFeatures(JSON.parse(text), 'hazard', { file: 'mines.geojson' });
 */
export function validateFeatures(
  collection: unknown,
  kind: LayerKind,
  options: ValidateFeaturesOptions = {},
): FeatureCollection {
  const { file, expectedBbox, maxSegmentTests } = resolveOptions(DEFAULT_VALIDATE_FEATURES_OPTIONS, options);
  if (isObject(collection) && collection.type === 'FeatureCollection' && !Array.isArray(collection.features)) checkFeatureShapes(collection, file);
  if (!isObject(collection) || collection.type !== 'FeatureCollection') {
    throw new AirreachError('E_GEOJSON', 'the layer is not a GeoJSON FeatureCollection', {
      value: isObject(collection) ? collection.type : collection,
      where: { file, field: 'type' },
      expected: '{ "type": "FeatureCollection", "features": [...] }',
    });
  }
  const features = collection.features as unknown[];
  if (features.length === 0) {
    throw new AirreachError('E_EMPTY', `the ${kind} layer has no features`, {
      value: 0,
      where: { file, field: 'features' },
      expected: 'at least one feature',
    });
  }
  const seenIds = new Map<string, number>();
  const budget = { segmentTests: maxSegmentTests };
  for (let featureIndex = 0; featureIndex < features.length; featureIndex++) {
    const feature = features[featureIndex];
    validateFeature(feature, kind, { file, featureIndex }, budget);
    const typed = feature as Feature;
    const id = typed.id ?? (typed.properties?.id as string | number | undefined);
    if (id !== undefined && id !== null) {
      const key = `${typeof id}:${String(id)}`;
      const first = seenIds.get(key);
      if (first !== undefined) {
        throw new AirreachError('E_DUPLICATE_ID', `feature id ${JSON.stringify(id)} is used twice`, {
          value: id,
          where: { file, featureIndex, field: typed.id === undefined ? 'properties.id' : 'id' },
          expected: 'a unique id per feature',
          hint: `Feature ${first} has the same id; give each feature its own id or remove the ids`,
        });
      }
      seenIds.set(key, featureIndex);
    }
  }
  if (expectedBbox) checkLayerInBbox(features as Feature[], expectedBbox, file);
  return collection as unknown as FeatureCollection;
}

/**
 * The shape of a FeatureCollection that every reader relies on, whatever the layer: `features` a
 * list; each entry a Feature object; its `geometry` and `properties` objects or null (RFC 7946
 * §3.2); a geometry's `coordinates` a list; a Point's position at least two numbers. Positions
 * of other geometries, ranges and properties are checked by the layer's own reader
 * ({@link validateFeatures}, or the Point readers of sites, refuelling points, hospitals and
 * depot candidates). Why: those Point readers took a layer without `features`, a null feature
 * or `"coordinates": 5` as a crash (`E_WORKER`, a TypeError naming no place), and a refuelling
 * point at `"coordinates": "122,41"` as the point [1, 2]. Throws `E_GEOJSON` (or `E_COORDINATE`
 * for a Point position of other values) naming the file, feature index and field.
 *
 * @example
 * checkFeatureShapes({ type: 'FeatureCollection', features: [null] }, 'bases.geojson'); // throws E_GEOJSON at feature 0, field type
 */
export function checkFeatureShapes(collection: { features?: unknown }, file: string | undefined): void {
  const features = collection.features;
  if (!Array.isArray(features)) {
    // The type is right: saying "not a FeatureCollection (got "FeatureCollection")" sent users to the wrong field.
    throw new AirreachError('E_GEOJSON', 'the FeatureCollection has no `features` array', {
      value: isObject(features) ? 'an object' : features,
      where: { file, field: 'features' },
      expected: '"features": [...], a list of Feature objects (an empty layer holds "features": [])',
    });
  }
  for (let featureIndex = 0; featureIndex < features.length; featureIndex++) {
    const feature: unknown = features[featureIndex];
    const where = { file, featureIndex };
    checkFeatureObject(feature, where);
    const { geometry, properties } = feature;
    if (properties !== null && properties !== undefined && !isObject(properties)) {
      throw new AirreachError('E_GEOJSON', 'the feature\'s properties are not an object', {
        value: Array.isArray(properties) ? 'an array' : properties,
        where: { ...where, field: 'properties' },
        expected: 'an object of named values, or null',
      });
    }
    if (geometry === null || geometry === undefined) continue;
    if (!isObject(geometry)) {
      throw new AirreachError('E_GEOJSON', 'the feature\'s geometry is not a GeoJSON geometry object', {
        value: Array.isArray(geometry) ? 'an array' : geometry,
        where: { ...where, field: 'geometry' },
        expected: 'an object such as { "type": "Point", "coordinates": [lng, lat] }, or null',
      });
    }
    if (geometry.type === 'GeometryCollection') continue;
    const coordinates = geometry.coordinates;
    if (!Array.isArray(coordinates)) throw malformed(coordinates, where, 'geometry.coordinates', 'an array (for a Point, [lng, lat])');
    if (geometry.type === 'Point') {
      if (coordinates.length < 2) throw malformed(coordinates, where, 'geometry.coordinates', 'a position [lng, lat]');
      if (typeof coordinates[0] !== 'number' || typeof coordinates[1] !== 'number') {
        throw new AirreachError('E_COORDINATE', 'a coordinate is not a finite number', {
          value: coordinates,
          where: { ...where, field: 'geometry.coordinates' },
          expected: 'finite numbers [lng, lat] (without quotes)',
        });
      }
      // As a polygon's positions are (checkPosition): a base at [lng, lat, lng, lat] was read as
      // its first two numbers, and [lng, lat, "x"] passed.
      checkPositionLength(coordinates, { ...where, field: 'geometry.coordinates' });
    }
  }
}

function checkFeatureObject(feature: unknown, where: ErrorLocation): asserts feature is Record<string, unknown> {
  if (!isObject(feature) || feature.type !== 'Feature') {
    throw new AirreachError('E_GEOJSON', 'an entry of `features` is not a GeoJSON Feature', {
      value: isObject(feature) ? feature.type : feature,
      where: { ...where, field: 'type' },
      expected: '"Feature"',
    });
  }
}

function validateFeature(feature: unknown, kind: LayerKind, where: ErrorLocation, budget: { segmentTests: number }): void {
  checkFeatureObject(feature, where);
  const geometry = feature.geometry;
  if (!isObject(geometry)) {
    throw new AirreachError('E_GEOJSON', 'the feature has no geometry', {
      value: geometry,
      where: { ...where, field: 'geometry' },
      expected: `a ${LAYER_GEOMETRY_TYPES[kind].join(' or ')} geometry`,
    });
  }
  const allowed = LAYER_GEOMETRY_TYPES[kind];
  if (typeof geometry.type !== 'string' || !allowed.includes(geometry.type)) {
    throw new AirreachError('E_GEOMETRY', `geometry type not allowed in a ${kind} layer`, {
      value: geometry.type,
      where: { ...where, field: 'geometry.type' },
      expected: allowed.join(', '),
    });
  }
  const coordinates = geometry.coordinates;
  if (geometry.type === 'Point') {
    checkPosition(coordinates, where, 'geometry.coordinates');
  } else if (geometry.type === 'Polygon') {
    checkPolygon(coordinates, where, 'geometry.coordinates');
    budget.segmentTests -= checkPolygonRings([coordinates as Position[][]], where, 'geometry.coordinates', false, { maxSegmentTests: budget.segmentTests });
  } else {
    if (!Array.isArray(coordinates) || coordinates.length === 0) {
      throw malformed(coordinates, where, 'geometry.coordinates', 'a non-empty array of polygons');
    }
    for (let p = 0; p < coordinates.length; p++) checkPolygon(coordinates[p], where, `geometry.coordinates[${p}]`);
    budget.segmentTests -= checkPolygonRings(coordinates as Position[][][], where, 'geometry.coordinates', true, { maxSegmentTests: budget.segmentTests });
  }
  checkProperties(isObject(feature.properties) ? feature.properties : undefined, kind, geometry.type, where);
}

/** The structure of one polygon: rings of ≥ 4 valid positions, closed, within ±180°; how the rings lie is checkPolygonRings'. */
function checkPolygon(polygon: unknown, where: ErrorLocation, field: string): void {
  if (!Array.isArray(polygon) || polygon.length === 0) {
    throw malformed(polygon, where, field, 'a non-empty array of linear rings');
  }
  for (let r = 0; r < polygon.length; r++) {
    const ring = polygon[r] as unknown;
    const ringField = `${field}[${r}]`;
    if (!Array.isArray(ring)) throw malformed(ring, where, ringField, 'an array of positions');
    for (let i = 0; i < ring.length; i++) checkPosition(ring[i], where, `${ringField}[${i}]`);
    if (ring.length < 4) {
      throw new AirreachError('E_GEOMETRY', 'a polygon ring has fewer than 4 positions', {
        value: ring.length,
        where: { ...where, field: ringField },
        expected: 'at least 4 positions, the last equal to the first',
      });
    }
    const first = ring[0] as Position;
    const last = ring[ring.length - 1] as Position;
    if (first[0] !== last[0] || first[1] !== last[1]) {
      throw new AirreachError('E_GEOMETRY', 'a polygon ring is not closed', {
        value: [first, last],
        where: { ...where, field: ringField },
        expected: 'the last position equal to the first',
        hint: 'Repeat the first position at the end of the ring',
      });
    }
    checkRingLongitudes(ring as Position[], where, ringField);
  }
}

/** The longitude jump test catches antimeridian crossings; the winding test catches rings around a pole. */
function checkRingLongitudes(ring: Position[], where: ErrorLocation, field: string): void {
  const wrap = ringWrap(ring);
  if (wrap?.kind === 'pole') {
    throw new AirreachError('E_GEOMETRY', 'a polygon ring surrounds a pole', {
      value: ring[0],
      where: { ...where, field },
      expected: 'rings that do not enclose the North or South Pole',
      hint: 'Split the area at the antimeridian into polygons that each stay within -180..180 and close below the pole, or use a regional extent instead',
    });
  }
  if (wrap) {
    throw new AirreachError('E_GEOMETRY', 'a polygon ring crosses the antimeridian (longitude jumps by more than 180°)', {
      value: [ring[wrap.at - 1], ring[wrap.at]],
      where: { ...where, field: `${field}[${wrap.at}]` },
      expected: 'rings that stay on one side of ±180° longitude',
      hint: 'Split the polygon at the antimeridian into a MultiPolygon (RFC 7946 §3.1.9)',
    });
  }
}

/**
 * RFC 7946 §3.1.1: [lng, lat] and an optional altitude. A fourth number is most often two
 * positions run together ([lng, lat, lng, lat]), whose second half would be dropped unseen.
 */
function checkPositionLength(position: readonly unknown[], where: ErrorLocation): void {
  if (position.length > 3 || (position.length === 3 && !(typeof position[2] === 'number' && Number.isFinite(position[2])))) {
    throw new AirreachError('E_COORDINATE', position.length > 3 ? `the position has ${position.length} numbers` : 'the altitude of the position is not a finite number', {
      value: position,
      where,
      expected: 'a position [lng, lat] or [lng, lat, altitude in metres] (RFC 7946 §3.1.1)',
      hint: position.length > 3 ? 'Two positions may have run together: give each its own [lng, lat] pair' : undefined,
    });
  }
}

function checkPosition(position: unknown, where: ErrorLocation, field: string): void {
  if (!Array.isArray(position) || position.length < 2) {
    throw malformed(position, where, field, 'a position [lng, lat]');
  }
  checkPositionLength(position, { ...where, field });
  const [lng, lat] = position as unknown[];
  if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat)) {
    throw new AirreachError('E_COORDINATE', 'a coordinate is not a finite number', {
      value: position,
      where: { ...where, field },
      expected: 'finite numbers [lng, lat]',
    });
  }
  if (Math.abs(lat) > 90 && Math.abs(lat) <= 180 && Math.abs(lng) <= 90) {
    throw new AirreachError('E_COORDINATE', 'the position has latitude outside ±90', {
      value: position,
      where: { ...where, field },
      expected: 'longitude in [-180, 180], latitude in [-90, 90]',
      hint: swapHint,
    });
  }
  if (Math.abs(lng) > 180 || Math.abs(lat) > 90) {
    throw new AirreachError('E_COORDINATE', 'a coordinate is out of range', {
      value: position,
      where: { ...where, field },
      expected: 'longitude in [-180, 180], latitude in [-90, 90]',
    });
  }
}

function checkProperties(
  properties: Record<string, unknown> | undefined,
  kind: LayerKind,
  geometryType: string,
  where: ErrorLocation,
): void {
  const props = properties ?? {};
  const requireString = (name: string) => {
    const value = props[name];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new AirreachError('E_PROPERTY', `property \`${name}\` must be a non-empty string`, {
        value,
        where: { ...where, field: `properties.${name}` },
        expected: 'a non-empty string',
      });
    }
  };
  const requireNumber = (name: string, minimum: number, strict: boolean, optional: boolean, maximum = Infinity) => {
    const value = props[name];
    if (optional && (value === undefined || value === null)) return;
    const ok = typeof value === 'number' && Number.isFinite(value) && (strict ? value > minimum : value >= minimum) && value <= maximum;
    if (!ok) {
      const range = `${strict ? '>' : '≥'} ${minimum}${maximum < Infinity ? ` and ≤ ${maximum}` : ''}`;
      throw new AirreachError('E_PROPERTY', `property \`${name}\` must be a finite number ${range}`, {
        value,
        where: { ...where, field: `properties.${name}` },
        expected: `a number ${range}`,
      });
    }
  };
  if (kind === 'hazard') {
    requireString('name');
    requireString('type');
    requireNumber('weight', 0, true, false);
    if (props.source !== undefined && props.source !== null && typeof props.source !== 'string') {
      throw new AirreachError('E_PROPERTY', 'property `source` must be a string when given', {
        value: props.source,
        where: { ...where, field: 'properties.source' },
        expected: 'a string',
      });
    }
    // A Point with radiusKm is an area (its disk); without one it is a named site, a point demand.
    if (geometryType === 'Point') requireNumber('radiusKm', 0, true, true, MAX_RADIUS_KM);
    else refuseRadiusOnArea(props.radiusKm, kind, geometryType, where);
  } else if (kind === 'population') {
    requireNumber('population', 0, false, false);
    if (geometryType === 'Point') requireNumber('radiusKm', 0, true, true, MAX_RADIUS_KM);
    else refuseRadiusOnArea(props.radiusKm, kind, geometryType, where);
  } else if (kind === 'region') {
    requireString('name');
  }
}

/**
 * A `radiusKm` on a Polygon or MultiPolygon of a hazard or population layer: the grid takes a
 * polygon as its own area and draws a disk only around a Point, so the radius did nothing and a
 * flood plain given 'radiusKm: 10' to widen it by 10 km ran on the bare polygon without a word.
 * Refused, with how to widen a polygon (airreach has no buffer option) and how to drop a field a
 * GIS buffer kept on the buffered polygon; a null value (a mixed layer's empty column) passes.
 */
function refuseRadiusOnArea(radiusKm: unknown, kind: 'hazard' | 'population', geometryType: string, where: ErrorLocation): void {
  if (radiusKm === undefined || radiusKm === null) return;
  throw new AirreachError('E_PROPERTY', `property \`radiusKm\` applies to Point ${kind === 'hazard' ? 'hazards' : 'places'} only: a ${geometryType} is its own area, and a radius on it would be ignored`, {
    value: radiusKm,
    where: { ...where, field: 'properties.radiusKm' },
    expected: `no radiusKm (or null) on a ${geometryType}`,
    hint:
      'To widen the area by a distance, buffer the polygon before airreach reads it (airreach has no buffer option): in QGIS Vector > Geoprocessing Tools > Buffer, ' +
      'in a projected CRS so the distance is in metres, then save the layer in EPSG:4326. If the polygon is already the buffered area (a buffer keeps the field), remove radiusKm or set it to null',
  });
}

function checkLayerInBbox(features: Feature[], bbox: [number, number, number, number], file: string | undefined): void {
  const [west, south, east, north] = bbox;
  const inside = (x: number, y: number) => x >= west && x <= east && y >= south && y <= north;
  let straight = 0;
  let swapped = 0;
  let total = 0;
  for (const feature of features) {
    forEachPosition(feature, (p) => {
      total++;
      if (inside(p[0], p[1])) straight++;
      if (inside(p[1], p[0])) swapped++;
    });
  }
  if (straight === 0 && swapped === total) {
    throw new AirreachError('E_COORDINATE', `no coordinate lies in the expected area [${bbox.join(', ')}], but all do when swapped`, {
      value: firstPosition(features[0]),
      where: { file, featureIndex: 0, field: 'geometry.coordinates' },
      expected: `[lng, lat] inside [${bbox.join(', ')}]`,
      hint: swapHint,
    });
  }
}

function forEachPosition(feature: Feature, visit: (p: Position) => void): void {
  const geometry = feature.geometry;
  if (geometry.type === 'Point') visit(geometry.coordinates);
  else if (geometry.type === 'Polygon') for (const ring of geometry.coordinates) ring.forEach(visit);
  else if (geometry.type === 'MultiPolygon') for (const polygon of geometry.coordinates) for (const ring of polygon) ring.forEach(visit);
}

function firstPosition(feature: Feature): Position | undefined {
  let first: Position | undefined;
  forEachPosition(feature, (p) => {
    first ??= p;
  });
  return first;
}

function malformed(value: unknown, where: ErrorLocation, field: string, expected: string): AirreachError {
  return new AirreachError('E_GEOJSON', 'malformed coordinates', { value, where: { ...where, field }, expected });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
