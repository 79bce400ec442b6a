import type { FeatureCollection } from 'geojson';
import type { LayerKind } from './geoJsonLayer.js';
import { pointRadiusKm } from './pointRadiusKm.js';

/**
 * JS heap taken while a GeoJSON text is read and parsed, per byte of the file: the text as one
 * string (1 byte a character for ASCII), `JSON.parse`'s objects and its transient buffers, all
 * alive at the peak. Measured as the smallest worker heap (`resourceLimits.maxOldGenerationSizeMb`,
 * less the heap in use before) in which `readGeoJsonFile` succeeds, on generated layers around
 * Liaoning: 200,000 hazard points (25.9 MiB of text) 2.6×, 100,000 population points 2.2×,
 * 20,000 hazard disks 2.0×, 100,000 squares of 5 positions (22.2 MiB) 4.3×, 50 outlines of
 * 20,000 positions (21.7 MiB) 5.6×. The largest, rounded up, stands for every layer: the kind
 * and shape are not known before the parse.
 */
export const PARSE_BYTES_PER_TEXT_BYTE = 6;

/**
 * JS heap the steps after the parse take per feature (validation and the grid build: the
 * feature's polygon job or site, its contributions, names, cells), on top of the parsed layer.
 * Measured as {@link PARSE_BYTES_PER_TEXT_BYTE}, the whole read, validation and grid build at
 * resolution 7 less the parsed layer (its heap after a collection): 200,000 hazard points 771 B
 * a feature, 100,000 squares 783 B; rounded up.
 */
export const STAGE_BYTES_PER_FEATURE = 800;

/**
 * JS heap the steps after the parse take per position the build creates: the circle of
 * `circleSteps` + 1 positions that replaces a Point with `radiusKm` (a hazard disk) or a
 * population Point, as arrays of two numbers, and its polygon index. Measured as
 * {@link STAGE_BYTES_PER_FEATURE} on 20,000 hazard disks (65 positions each): 5.6 kB a feature,
 * 75 B a created position once the feature's own is taken off; rounded up.
 */
export const STAGE_BYTES_PER_CREATED_POSITION = 80;

/**
 * JS heap the steps after the parse take per position of the file's own polygons: the polygon
 * index of each (edges as typed arrays) while its job runs, and the checks of the rings.
 * Measured as {@link STAGE_BYTES_PER_FEATURE} on 50 outlines of 20,000 positions: 36 B a
 * position; rounded up. (On the squares their 5 positions are within the feature's cost.)
 */
export const STAGE_BYTES_PER_POSITION = 40;

/** Options of {@link estimateLayerMemory}. */
export interface EstimateLayerMemoryOptions {
  /** Vertices of the circle that replaces a Point with `radiusKm` (as `buildDemandGrid`'s `circleSteps`). */
  circleSteps?: number;
}

/** Defaults of {@link estimateLayerMemory}: the grid build's 64-step circles. */
export const DEFAULT_ESTIMATE_LAYER_MEMORY_OPTIONS = { circleSteps: 64 } satisfies Required<EstimateLayerMemoryOptions>;

/** What {@link estimateLayerMemory} counted and estimated. */
export interface LayerMemoryEstimate {
  features: number;
  /** Positions in the file's geometries. */
  positions: number;
  /** Positions the build creates: circles of Points with a radius (hazard disks, population places). */
  createdPositions: number;
  /** Estimated JS heap of the steps after the parse (validation, the grid build), bytes. */
  bytes: number;
}

/**
 * The JS heap a parsed layer's per-feature steps will take (validation and its share of the grid
 * build), estimated from its feature and position counts before any of them runs: one pass over
 * the coordinates, no allocation. Per kind: a hazard Point with `radiusKm` and every population
 * Point become circles of `circleSteps` + 1 positions; a hazard Point without one is a site
 * (one cell). The per-item costs are measured (see {@link STAGE_BYTES_PER_FEATURE} and its
 * neighbours); the cells the grid makes are estimated apart (`estimateGridCells`).
 *
 * @example
 * estimateLayerMemory(collection, 'hazard').bytes; // ≈ 840 B a point, more for polygons and disks
 */
export function estimateLayerMemory(collection: FeatureCollection, kind: LayerKind | undefined, options: EstimateLayerMemoryOptions = {}): LayerMemoryEstimate {
  const circle = (options.circleSteps ?? DEFAULT_ESTIMATE_LAYER_MEMORY_OPTIONS.circleSteps) + 1;
  const features = collection.features.length;
  let positions = 0;
  let createdPositions = 0;
  for (const feature of collection.features) {
    const geometry = feature.geometry;
    if (!geometry) continue;
    if (geometry.type === 'Point') {
      positions++;
      if ((kind === 'hazard' && pointRadiusKm(feature) !== undefined) || kind === 'population') createdPositions += circle;
    } else {
      positions += countPositions(geometry);
    }
  }
  const bytes = features * STAGE_BYTES_PER_FEATURE + createdPositions * STAGE_BYTES_PER_CREATED_POSITION + positions * STAGE_BYTES_PER_POSITION;
  return { features, positions, createdPositions, bytes };
}

/** Positions of any geometry: its nested arrays walked down to the [x, y] pairs. */
function countPositions(geometry: NonNullable<FeatureCollection['features'][number]['geometry']>): number {
  if (geometry.type === 'GeometryCollection') return geometry.geometries.reduce((sum, part) => sum + countPositions(part), 0);
  const coordinates = (geometry as { coordinates?: unknown }).coordinates;
  const depth = geometry.type === 'Point' ? 0 : geometry.type === 'LineString' || geometry.type === 'MultiPoint' ? 1 : geometry.type === 'MultiPolygon' ? 3 : 2;
  return countAt(coordinates, depth);
}

function countAt(value: unknown, depth: number): number {
  if (!Array.isArray(value)) return 0;
  if (depth === 0) return 1;
  if (depth === 1) return value.length;
  let sum = 0;
  for (const item of value) sum += countAt(item, depth - 1);
  return sum;
}
