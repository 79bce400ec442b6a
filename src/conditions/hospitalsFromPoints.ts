import type { FeatureCollection } from 'geojson';
import { AirreachError } from '../errors.js';
import type { Hospital } from './hospitalLegMinutes.js';
import { resolveOptions } from '../resolveOptions.js';

/**
 * Options of {@link hospitalsFromPoints}.
 *
 * @example
 * const options: HospitalsFromPointsOptions = { file: 'hospitals.geojson' };
 */
export interface HospitalsFromPointsOptions {
  /** Where the layer came from, for errors. */
  file?: string;
}

/**
 * Defaults of {@link hospitalsFromPoints}: no file named.
 *
 * @example
 * DEFAULT_HOSPITALS_FROM_POINTS_OPTIONS.file; // undefined
 */
export const DEFAULT_HOSPITALS_FROM_POINTS_OPTIONS = { file: undefined as string | undefined };

/**
 * Receiving hospitals from a layer of located hospitals (or their helipads): every feature is a
 * hospital, a Point, named by `properties.id` (else the feature's `id`, else its index) and
 * `properties.name`; none is a proxy. (A scenario's `conditions.hospitals` without `kinds` took
 * only the layer's prefecture seats, as proxies, and refused a hospital layer without them,
 * blaming `kinds` it had not written; `hospitalsFromCandidates` makes the proxies.) Throws
 * `E_GEOMETRY` or `E_COORDINATE` at the feature, `E_EMPTY` for a layer with no feature.
 *
 * @example
 * const hospitals = hospitalsFromPoints(layer.collection, { file: layer.file });
 */
export function hospitalsFromPoints(layer: FeatureCollection, options: HospitalsFromPointsOptions = {}): Hospital[] {
  const { file } = resolveOptions(DEFAULT_HOSPITALS_FROM_POINTS_OPTIONS, options);
  const hospitals = layer.features.map((feature, featureIndex): Hospital => {
    if (feature.geometry?.type !== 'Point') {
      throw new AirreachError('E_GEOMETRY', 'a hospital must be a Point', { value: feature.geometry?.type ?? null, where: { file, featureIndex, field: 'geometry.type' }, expected: 'Point' });
    }
    const [lngDeg, latDeg] = feature.geometry.coordinates;
    if (!(typeof latDeg === 'number' && typeof lngDeg === 'number' && Math.abs(latDeg) <= 90 && Math.abs(lngDeg) <= 180)) {
      throw new AirreachError('E_COORDINATE', 'a hospital\'s coordinates are out of range', {
        value: feature.geometry.coordinates,
        where: { file, featureIndex, field: 'geometry.coordinates' },
        expected: '[lng, lat] with lng in [-180, 180] and lat in [-90, 90]',
      });
    }
    const props = feature.properties ?? {};
    const id = String(props.id ?? feature.id ?? featureIndex);
    return { id, name: typeof props.name === 'string' && props.name !== '' ? props.name : id, latDeg, lngDeg, proxy: false, ...(file !== undefined ? { source: file } : {}) };
  });
  if (hospitals.length === 0) {
    throw new AirreachError('E_EMPTY', 'the hospital layer holds no features', { value: 0, where: { file }, expected: 'at least one Point feature' });
  }
  return hospitals;
}
