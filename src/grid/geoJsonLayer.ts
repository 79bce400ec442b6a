import type { FeatureCollection } from 'geojson';

/**
 * One GeoJSON input layer: the collection and the file it came from (as the user named it), so
 * every error about a feature can say where to look.
 *
 * @example
 * const layer: GeoJsonLayer = { file: 'my/hazards.geojson', collection };
 */
export interface GeoJsonLayer {
  file: string;
  collection: FeatureCollection;
  /** SHA-256 (hex) of the text the collection was parsed from, when the reader was asked for it (`readGeoJsonFile`'s `digest`): names the layer's content without reading the file again. */
  sha256?: string;
  /**
   * The kind `validateFeatures` checked the collection for, with its default budget and no
   * expected box, when the reader did (`readGeoJsonFile` with `kind`): the grid build does not
   * check such a layer again for that kind (it took a tenth of today's grid build).
   */
  validatedAs?: LayerKind;
}

/**
 * What a layer is for, which decides the geometry types and properties it must have:
 * - `hazard`: Polygon/MultiPolygon areas and Points; `name`, `type` (strings), `weight` (> 0),
 *   optional `source`. A Point with `radiusKm` (> 0) is an area (its disk); a Point without one
 *   is a named *site* (a facility), a point demand counted in the cell that contains it. A
 *   polygon is its own area: a `radiusKm` on one is refused.
 * - `population`: Points with `population` (≥ 0) and optional `radiusKm` (> 0), or
 *   Polygon/MultiPolygon with `population` spread evenly over the grid cells whose centres lie
 *   inside (e.g. a prefecture's census total minus its towns), and no `radiusKm`.
 * - `region`: Polygon/MultiPolygon with `name` (string), e.g. prefecture-level cities.
 * - `extent`: Polygon/MultiPolygon, no required properties (the area the grid must cover).
 *
 * @example
 * const kind: LayerKind = 'hazard';
 */
export type LayerKind = 'hazard' | 'population' | 'region' | 'extent';

/** Geometry types each layer kind accepts. */
export const LAYER_GEOMETRY_TYPES: Readonly<Record<LayerKind, readonly string[]>> = {
  hazard: ['Polygon', 'MultiPolygon', 'Point'],
  population: ['Point', 'Polygon', 'MultiPolygon'],
  region: ['Polygon', 'MultiPolygon'],
  extent: ['Polygon', 'MultiPolygon'],
};
