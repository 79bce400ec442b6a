import { readFile } from 'node:fs/promises';
import type { FeatureCollection } from 'geojson';
import { AirreachError } from '../errors.js';
import type { GeoJsonLayer, LayerKind } from '../grid/geoJsonLayer.js';
import { validateFeatures, type ValidateFeaturesOptions } from '../grid/validateFeatures.js';
import { locateJsonError } from './locateJsonError.js';
import { resolveOptions } from '../resolveOptions.js';

/** Options of {@link readGeoJsonFile}. */
export interface ReadGeoJsonOptions extends Omit<ValidateFeaturesOptions, 'file'> {
  /** When given, the features are validated for this layer kind (see `validateFeatures`). */
  kind?: LayerKind;
  /** Name used for the file in errors and in the returned layer (defaults to `path`). */
  displayName?: string;
}

/** Defaults of {@link ReadGeoJsonOptions}. */
export const DEFAULT_READ_GEOJSON_OPTIONS = {
  kind: undefined as LayerKind | undefined,
  displayName: undefined as string | undefined,
} satisfies ReadGeoJsonOptions;

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

/**
 * Reads a GeoJSON file into a {@link GeoJsonLayer}. A single Feature or a bare geometry is
 * wrapped into a one-feature FeatureCollection. Errors: `E_FILE_READ` (names the path and the
 * system error), `E_JSON_SYNTAX` (with 1-based line and column in the message and `value`),
 * `E_GEOJSON` (not GeoJSON), and, when `options.kind` is given, everything `validateFeatures`
 * raises.
 *
 * @example
 * const hazards = await readGeoJsonFile('data/liaoning/hazards/floods.geojson', { kind: 'hazard' });
 * hazards.collection.features.length;
 */
export async function readGeoJsonFile(path: string, options: ReadGeoJsonOptions = {}): Promise<GeoJsonLayer> {
  const { kind, displayName, ...validateOptions } = resolveOptions(DEFAULT_READ_GEOJSON_OPTIONS, options);
  const file = displayName ?? path;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new AirreachError('E_FILE_READ', `could not read ${file}`, {
      value: code,
      where: { file },
      hint: code === 'ENOENT' ? 'Check the path (relative paths are resolved against the current folder)' : undefined,
      cause: error,
    });
  }
  const collection = parseGeoJsonText(text, file);
  if (kind !== undefined) validateFeatures(collection, kind, { ...validateOptions, file });
  return { file, collection };
}

/**
 * Parses GeoJSON text (the pure half of {@link readGeoJsonFile}): JSON syntax with line and
 * column, then FeatureCollection / Feature / geometry, wrapped into a FeatureCollection.
 *
 * @example
 * parseGeoJsonText('{"type":"Point","coordinates":[123.4,41.8]}', 'p.geojson').features.length; // -> 1
 */
export function parseGeoJsonText(text: string, file: string): FeatureCollection {
  // A UTF-8 byte-order mark is legal in files written by some GIS tools but not in JSON.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    const at = locateJsonError(body);
    const place = at ? `line ${at.line}, column ${at.column}` : 'an unknown place';
    throw new AirreachError('E_JSON_SYNTAX', `${file} is not valid JSON at ${place}${at ? ` (${at.reason})` : ''}`, {
      value: at ? { line: at.line, column: at.column } : (error as Error).message,
      where: { file },
      expected: 'a GeoJSON document',
      hint: 'Open the file in an editor that shows JSON errors, or re-export it from your GIS',
      cause: error,
    });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AirreachError('E_GEOJSON', `${file} does not hold a GeoJSON object`, {
      value: Array.isArray(json) ? 'an array' : json,
      where: { file },
      expected: 'a FeatureCollection, Feature or geometry object',
    });
  }
  const object = json as { type?: unknown };
  if (object.type === 'FeatureCollection') return json as FeatureCollection;
  if (object.type === 'Feature') return { type: 'FeatureCollection', features: [json as FeatureCollection['features'][number]] };
  if (typeof object.type === 'string' && GEOMETRY_TYPES.has(object.type)) {
    return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: json as never }] };
  }
  throw new AirreachError('E_GEOJSON', `${file} is not GeoJSON`, {
    value: object.type,
    where: { file, field: 'type' },
    expected: '"FeatureCollection", "Feature" or a geometry type',
  });
}
