import { AirreachError } from '../../errors.js';
import { resolveOptions } from '../../resolveOptions.js';

/** A projection from [lng, lat] degrees to SVG pixels (x right, y down). */
export interface MapProjection {
  widthPx: number;
  heightPx: number;
  /** Pixels per radian of longitude (Mercator: the same scale on y near the centre). */
  scale: number;
  /** What the projection was fitted from (box and options), when `fitProjection` made it: equal keys project every point alike, so drawings of it can be kept. */
  key?: string;
  project(lngDeg: number, latDeg: number): [number, number];
}

/** Options of {@link fitProjection}. */
export interface FitProjectionOptions {
  /** Width of the map, pixels. */
  widthPx?: number;
  /** The height never exceeds this; a tall area is made narrower instead. */
  maxHeightPx?: number;
  /** Empty margin on every side, pixels. */
  paddingPx?: number;
}

/** Defaults of {@link fitProjection}. */
export const DEFAULT_FIT_PROJECTION_OPTIONS: Required<FitProjectionOptions> = {
  widthPx: 960,
  maxHeightPx: 900,
  paddingPx: 16,
};

const MAX_LAT_DEG = 85;

function mercatorY(latDeg: number): number {
  const phi = (Math.max(-MAX_LAT_DEG, Math.min(MAX_LAT_DEG, latDeg)) * Math.PI) / 180;
  return Math.log(Math.tan(Math.PI / 4 + phi / 2));
}

/**
 * Spherical Mercator fitted to a bounding box [minLng, minLat, maxLng, maxLat]. Mercator is
 * conformal, so hexagons keep their shape on the map; at the scale of a province or a country
 * its area distortion (cos ratio of the box's extreme latitudes) is small, and the map is a
 * picture, not a measuring tool (areas in the tables are exact H3 areas).
 *
 * @example
 * const projection = fitProjection([118.8, 38.7, 125.8, 43.5], { widthPx: 960 });
 * projection.project(123.4, 41.8); // -> [x, y] in pixels
 */
export function fitProjection(
  bbox: readonly [number, number, number, number],
  options: FitProjectionOptions = {},
): MapProjection {
  const { widthPx, maxHeightPx, paddingPx } = resolveOptions(DEFAULT_FIT_PROJECTION_OPTIONS, options);
  const [minLng, minLat, maxLng, maxLat] = bbox;
  if (!bbox.every(Number.isFinite) || minLng > maxLng || minLat > maxLat) {
    throw new AirreachError('E_OPTION', 'the map bounding box is empty or not finite', {
      value: bbox,
      expected: '[minLng, minLat, maxLng, maxLat] with min ≤ max',
    });
  }
  const inner = Math.max(1, widthPx - 2 * paddingPx);
  // A single point (one cell, one base) still needs a span: give it ~0.01° around.
  const spanX = Math.max(((maxLng - minLng) * Math.PI) / 180, 2e-4);
  const spanY = Math.max(mercatorY(maxLat) - mercatorY(minLat), 2e-4);
  let scale = inner / spanX;
  if (spanY * scale + 2 * paddingPx > maxHeightPx) scale = Math.max(1, maxHeightPx - 2 * paddingPx) / spanY;
  const usedWidth = spanX * scale;
  const offsetX = paddingPx + (inner - usedWidth) / 2;
  const x0 = ((minLng + maxLng) / 2) * (Math.PI / 180) - spanX / 2;
  const y1 = (mercatorY(minLat) + mercatorY(maxLat)) / 2 + spanY / 2;
  return {
    widthPx,
    heightPx: Math.ceil(spanY * scale + 2 * paddingPx),
    scale,
    key: `${widthPx} ${maxHeightPx} ${paddingPx} ${bbox.join(' ')}`,
    project(lngDeg: number, latDeg: number): [number, number] {
      return [offsetX + ((lngDeg * Math.PI) / 180 - x0) * scale, paddingPx + (y1 - mercatorY(latDeg)) * scale];
    },
  };
}
