import { AirreachError } from '../errors.js';
import { greatCircleKm } from '../travel/greatCircleKm.js';
import { resolveOptions } from '../resolveOptions.js';

/** Options of {@link groundMinutes} and {@link groundTimeMatrix}. */
export interface GroundTimeOptions {
  /**
   * Road km per straight-line km. ASSUMPTION 1.3: inside the 1.2–1.4 range reported for road
   * networks (Ballou, Rahardja & Sakai 2002, "Selected country circuity factors for road and
   * rail network distances", Transportation Research A 36: 843–848; Boscoe, Henry & Zdeb 2012,
   * The Professional Geographer 64: 188–196, ≈ 1.4 for US hospital trips). Not measured for
   * Liaoning: pass a supplied time matrix when road times exist.
   */
  circuityFactor?: number;
  /** Mean loaded-truck speed over the trip. ASSUMPTION 60 km/h (mixed expressway / rural road). */
  truckSpeedKmh?: number;
  /** Fixed minutes added to every trip (loading, dispatch). ASSUMPTION 0. */
  loadingMinutes?: number;
}

/** Defaults of {@link GroundTimeOptions} (all three labelled assumptions, see there). */
export const DEFAULT_GROUND_TIME_OPTIONS: Required<GroundTimeOptions> = {
  circuityFactor: 1.3,
  truckSpeedKmh: 60,
  loadingMinutes: 0,
};

/**
 * Ground (truck) minutes for a straight-line distance: km × circuity ÷ speed × 60 + loading.
 * A depot serves a point within a ground-time standard S when this is ≤ S.
 *
 * @example
 * groundMinutes(100); // -> 130 (100 km × 1.3 ÷ 60 km/h)
 */
export function groundMinutes(straightLineKm: number, options: GroundTimeOptions = {}): number {
  const { circuityFactor, truckSpeedKmh, loadingMinutes } = checkGroundTimeOptions(options);
  return loadingMinutes + ((straightLineKm * circuityFactor) / truckSpeedKmh) * 60;
}

/** A point in degrees. */
export interface LatLng {
  latDeg: number;
  lngDeg: number;
}

/**
 * Ground minutes from every `from` point to every `to` point, row-major (`from.length` rows).
 *
 * @example
 * const minutes = groundTimeMatrix(cells, depots); // minutes[c * depots.length + d]
 */
export function groundTimeMatrix(from: readonly LatLng[], to: readonly LatLng[], options: GroundTimeOptions = {}): Float64Array {
  const settings = checkGroundTimeOptions(options);
  const out = new Float64Array(from.length * to.length);
  const factor = (settings.circuityFactor / settings.truckSpeedKmh) * 60;
  from.forEach((a, r) => {
    to.forEach((b, c) => {
      out[r * to.length + c] = settings.loadingMinutes + greatCircleKm(a.latDeg, a.lngDeg, b.latDeg, b.lngDeg) * factor;
    });
  });
  return out;
}

function checkGroundTimeOptions(options: GroundTimeOptions): Required<GroundTimeOptions> {
  const settings = resolveOptions(DEFAULT_GROUND_TIME_OPTIONS, options);
  if (!(settings.circuityFactor >= 1 && Number.isFinite(settings.circuityFactor))) {
    throw new AirreachError('E_OPTION', 'circuityFactor must be a finite number ≥ 1 (a road is never shorter than the straight line)', { value: settings.circuityFactor, where: { field: 'circuityFactor' } });
  }
  if (!(settings.truckSpeedKmh > 0 && Number.isFinite(settings.truckSpeedKmh))) {
    throw new AirreachError('E_OPTION', 'truckSpeedKmh must be positive', { value: settings.truckSpeedKmh, where: { field: 'truckSpeedKmh' } });
  }
  if (!(settings.loadingMinutes >= 0 && Number.isFinite(settings.loadingMinutes))) {
    throw new AirreachError('E_OPTION', 'loadingMinutes must be ≥ 0', { value: settings.loadingMinutes, where: { field: 'loadingMinutes' } });
  }
  return settings;
}
