import { createHash } from 'node:crypto';
import type { FeatureCollection } from 'geojson';
import { AirreachError } from '../errors.js';
import type { GeoJsonLayer, LayerKind } from '../grid/geoJsonLayer.js';
import { checkFeatureShapes, validateFeatures, type ValidateFeaturesOptions } from '../grid/validateFeatures.js';
import { checkLayerCoordinateSystem } from '../grid/checkLayerCoordinateSystem.js';
import { resolveOptions } from '../resolveOptions.js';
import { readInputText } from './readInputFile.js';
import { checkHeapHeadroom } from '../heapHeadroom.js';
import { estimateLayerMemory, PARSE_BYTES_PER_TEXT_BYTE, type LayerMemoryEstimate } from '../grid/estimateLayerMemory.js';
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
  /**
   * The JS heap the layer may take, bytes; default: what this thread has left
   * (`heapHeadroomBytes`). Checked before the text is read (its size × `PARSE_BYTES_PER_TEXT_BYTE`)
   * and, with `kind`, after the parse (`estimateLayerMemory`: the validation and grid build to come).
   */
  heapAvailableBytes?: number;
}

/** Defaults of {@link ReadGeoJsonOptions}. */
export const DEFAULT_READ_GEOJSON_OPTIONS = {
  kind: undefined as LayerKind | undefined,
  displayName: undefined as string | undefined,
  maxBytes: undefined as number | undefined,
  digest: false,
  heapAvailableBytes: undefined as number | undefined,
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
  const { kind, displayName, maxBytes, digest, heapAvailableBytes, ...validateOptions } = resolveOptions(DEFAULT_READ_GEOJSON_OPTIONS, options);
  const file = displayName ?? path;
  const { collection, sha256 } = await readParsed(path, file, maxBytes, digest, heapAvailableBytes);
  if (kind !== undefined) {
    // Before the per-feature steps (minutes on a million features), on their counts. The text and
    // the parse's buffers are garbage by now: checkHeapHeadroom collects them before it refuses
    // (a 233 MB layer was refused at a 2 GiB heap for counting the text as used).
    const estimate = estimateLayerMemory(collection, kind);
    checkHeapHeadroom({ step: `validating and gridding this ${kind} layer`, estimateBytes: estimate.bytes, where: { file }, from: layerCounts(estimate), heapAvailableBytes, shrink: SHRINK_LAYER });
    validateFeatures(collection, kind, { ...validateOptions, file });
  }
  // Checked as the grid build checks it (default budget, no expected box): it need not check it again.
  const validatedAs = kind !== undefined && validateOptions.expectedBbox === undefined && validateOptions.maxSegmentTests === undefined ? { validatedAs: kind } : {};
  return sha256 !== undefined ? { file, collection, sha256, ...validatedAs } : { file, collection, ...validatedAs };
}

const SHRINK_LAYER = 'Simplify the geometry (e.g. mapshaper -simplify) or split the layer';

/**
 * The text read, refused first when its parse would not fit the heap, parsed and digested: the
 * text is dropped when this returns, so it is not held through the validation as well.
 */
async function readParsed(path: string, file: string, maxBytes: number | undefined, digest: boolean, heapAvailableBytes: number | undefined): Promise<{ collection: FeatureCollection; sha256?: string }> {
  const beforeRead = (bytes: number) =>
    checkHeapHeadroom({
      step: 'reading and parsing this layer',
      estimateBytes: bytes * PARSE_BYTES_PER_TEXT_BYTE,
      where: { file },
      from: `${(bytes / 2 ** 20).toFixed(1)} MiB of text, ${PARSE_BYTES_PER_TEXT_BYTE}× as string and parsed objects`,
      heapAvailableBytes,
      shrink: SHRINK_LAYER,
    });
  const text = await readInputText(path, { displayName: file, maxBytes, beforeRead });
  const collection = parseGeoJsonText(text, file);
  return digest ? { collection, sha256: createHash('sha256').update(text).digest('hex') } : { collection };
}

/**
 * `1,000,000 features, 5,000,000 positions` (and the positions of circles the build creates): what
 * {@link estimateLayerMemory} counted, for a message.
 *
 * @example
 * layerCounts({ features: 2, positions: 10, createdPositions: 0, bytes: 0 }); // '2 features, 10 positions'
 */
export function layerCounts(estimate: LayerMemoryEstimate): string {
  const n = (value: number) => value.toLocaleString('en-US');
  return `${n(estimate.features)} features, ${n(estimate.positions)} positions${estimate.createdPositions > 0 ? `, ${n(estimate.createdPositions)} more in the circles of points` : ''}`;
}

/**
 * Parses GeoJSON text (the pure half of {@link readGeoJsonFile}): JSON syntax with line and
 * column, bounded nesting and no reserved keys (`parseJsonText`), then FeatureCollection /
 * Feature / geometry, wrapped into a FeatureCollection, whose shape is checked
 * (`checkFeatureShapes`: a features list of Feature objects, geometries and coordinates of the
 * right types) so that no reader meets a null feature or text coordinates, and whose positions
 * must be degrees (`checkLayerCoordinateSystem`: no projected `crs`, no metres).
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
  // Every reader, Point layers included, may then rely on the collection's shape (checkFeatureShapes)
  // and on positions in degrees (checkLayerCoordinateSystem).
  const checked = (collection: FeatureCollection) => {
    checkFeatureShapes(collection, file);
    checkLayerCoordinateSystem(json as Record<string, unknown>, collection, file);
    return collection;
  };
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
