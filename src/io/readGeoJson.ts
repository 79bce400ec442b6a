import { createHash } from 'node:crypto';
import type { FeatureCollection } from 'geojson';
import { AirreachError } from '../errors.js';
import type { GeoJsonLayer, LayerKind } from '../grid/geoJsonLayer.js';
import { checkFeatureShapes, validateFeatures, type ValidateFeaturesOptions } from '../grid/validateFeatures.js';
import { resolveOptions } from '../resolveOptions.js';
import { readInputText } from './readInputFile.js';
import { parseJsonText } from './parseJsonText.js';

/** Options of {@link readGeoJsonFile}. */
export interface ReadGeoJsonOptions extends Omit<ValidateFeaturesOptions, 'file'> {
  /** Largest file read, bytes (see `readInputFile`). */
  maxBytes?: number;
  /** When given, the features are validated for this layer kind (see `validateFeatures`). */
  kind?: LayerKind;
  /** Name used for the file in errors and in the returned layer (defaults to `path`). */
  displayName?: string;
  /** Also return the SHA-256 of the text read (`sha256`), so a key of the layer's content needs no second read (see `gridInputsKey`). */
  digest?: boolean;
}

/** Defaults of {@link ReadGeoJsonOptions}. */
export const DEFAULT_READ_GEOJSON_OPTIONS = {
  kind: undefined as LayerKind | undefined,
  displayName: undefined as string | undefined,
  maxBytes: undefined as number | undefined,
  digest: false,
} satisfies ReadGeoJsonOptions;

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

/**
 * Reads a GeoJSON file into a {@link GeoJsonLayer}. A single Feature or a bare geometry is
 * wrapped into a one-feature FeatureCollection. Only a regular file of at most `maxBytes` is
 * read (`readInputFile`). Errors: `E_FILE_READ` (names the path and the system error; a FIFO or
 * device is refused without blocking), `E_MEMORY_BUDGET` (too large), `E_JSON_SYNTAX` (with
 * 1-based line and column in the message and `value`), `E_JSON_STRUCTURE` (nested too deep, a
 * reserved key), `E_GEOJSON` (not GeoJSON), and, when `options.kind` is given, everything
 * `validateFeatures` raises.
 *
 * @example
 * const hazards = await readGeoJsonFile('my/hazards.geojson', { kind: 'hazard' });
 * hazards.collection.features.length;
 */
export async function readGeoJsonFile(path: string, options: ReadGeoJsonOptions = {}): Promise<GeoJsonLayer> {
  const { kind, displayName, maxBytes, digest, ...validateOptions } = resolveOptions(DEFAULT_READ_GEOJSON_OPTIONS, options);
  const file = displayName ?? path;
  const text = await readInputText(path, { displayName: file, maxBytes });
  const collection = parseGeoJsonText(text, file);
  if (kind !== undefined) validateFeatures(collection, kind, { ...validateOptions, file });
  // Checked as the grid build checks it (default budget, no expected box): it need not check it again.
  const validatedAs = kind !== undefined && validateOptions.expectedBbox === undefined && validateOptions.maxSegmentTests === undefined ? { validatedAs: kind } : {};
  return digest ? { file, collection, sha256: createHash('sha256').update(text).digest('hex'), ...validatedAs } : { file, collection, ...validatedAs };
}

/**
 * Parses GeoJSON text (the pure half of {@link readGeoJsonFile}): JSON syntax with line and
 * column, bounded nesting and no reserved keys (`parseJsonText`), then FeatureCollection /
 * Feature / geometry, wrapped into a FeatureCollection, whose shape is checked
 * (`checkFeatureShapes`: a features list of Feature objects, geometries and coordinates of the
 * right types) so that no reader meets a null feature or text coordinates.
 *
 * @example
 * parseGeoJsonText('{"type":"Point","coordinates":[123.4,41.8]}', 'p.geojson').features.length; // -> 1
 */
export function parseGeoJsonText(text: string, file: string): FeatureCollection {
  const json = parseJsonText(text, file, { expected: 'a GeoJSON document' });
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AirreachError('E_GEOJSON', `${file} does not hold a GeoJSON object`, {
      value: Array.isArray(json) ? 'an array' : json,
      where: { file },
      expected: 'a FeatureCollection, Feature or geometry object',
    });
  }
  const object = json as { type?: unknown };
  // Every reader, Point layers included, may then rely on the collection's shape (checkFeatureShapes).
  const checked = (collection: FeatureCollection) => (checkFeatureShapes(collection, file), collection);
  if (object.type === 'FeatureCollection') return checked(json as FeatureCollection);
  if (object.type === 'Feature') return checked({ type: 'FeatureCollection', features: [json as FeatureCollection['features'][number]] });
  if (typeof object.type === 'string' && GEOMETRY_TYPES.has(object.type)) {
    return checked({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: json as never }] });
  }
  throw new AirreachError('E_GEOJSON', `${file} is not GeoJSON`, {
    value: object.type,
    where: { file, field: 'type' },
    expected: '"FeatureCollection", "Feature" or a geometry type',
  });
}
