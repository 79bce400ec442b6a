import type { AircraftType, Period } from './aircraft.js';
import { activationMinutes } from './responseMinutes.js';
import { usableRangeKm } from './isWithinRange.js';

/** Options of {@link maxReachKm}. */
export interface MaxReachOptions {
  /**
   * Whether refuelling points exist. Then the range bound is the whole usable range (the
   * aircraft may land at a refuelling point right at the scene) instead of half of it.
   */
  withRefuelling?: boolean;
}

/** Defaults of {@link maxReachKm}: no refuelling points. */
export const DEFAULT_MAX_REACH_OPTIONS: Required<MaxReachOptions> = { withRefuelling: false };

/**
 * The largest great-circle distance, km, at which the type can still respond within
 * `standardMinutes` in `period` and satisfy the range rule: the radius a coverage build must
 * search around a base. `-Infinity` when the type cannot respond at all (it does not fly in the
 * period, or activation + fixed minutes alone exceed the standard).
 *
 * It is an upper bound used for pruning; each pair is still decided by its exact minutes.
 *
 * @example
 * maxReachKm(AIRCRAFT_CATALOGUE.H135, 'day', 60); // ≈ (60 − activation − fixed) / 60 × 254 km, capped by range
 */
export function maxReachKm(
  aircraft: AircraftType,
  period: Period,
  standardMinutes: number,
  options: MaxReachOptions = {},
): number {
  const withRefuelling = options.withRefuelling ?? DEFAULT_MAX_REACH_OPTIONS.withRefuelling;
  const flyingMinutes = standardMinutes - activationMinutes(aircraft, period) - aircraft.fixedMinutes;
  if (!(flyingMinutes >= 0)) return -Infinity;
  const usableKm = usableRangeKm(aircraft);
  const rangeBoundKm = withRefuelling ? usableKm : usableKm / 2;
  if (rangeBoundKm < 0) return -Infinity;
  return Math.min((flyingMinutes / 60) * aircraft.cruiseSpeedKmh, rangeBoundKm);
}
