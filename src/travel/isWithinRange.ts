import type { AircraftType } from './aircraft.js';

/** Options of {@link isWithinRange}. */
export interface RangeOptions {
  /**
   * Distance in km from the scene to the nearest refuelling point (other than the home base),
   * `Infinity` when none is given.
   */
  refuelLegKm?: number;
}

/** Defaults of {@link isWithinRange}: no refuelling points, so the aircraft must fly home. */
export const DEFAULT_RANGE_OPTIONS: Required<RangeOptions> = { refuelLegKm: Infinity };

/**
 * Range usable for the mission, km: range minus the reserve, where the reserve is
 * `reserveMinutes` of cruise (`reserveMinutes × cruiseSpeedKmh / 60`).
 *
 * @example
 * usableRangeKm({ ...AIRCRAFT_CATALOGUE.H135, rangeKm: 635, cruiseSpeedKmh: 254, reserveMinutes: 30 }); // -> 508
 */
export function usableRangeKm(aircraft: AircraftType): number {
  return aircraft.rangeKm - (aircraft.reserveMinutes * aircraft.cruiseSpeedKmh) / 60;
}

/**
 * The range rule: can the aircraft fly to a scene `distanceKm` away and on to fuel?
 *
 * - Without refuelling points it must fly back: reachable iff `2 × distanceKm ≤ usable range`.
 * - With refuelling points it may instead continue to the nearest one: reachable iff
 *   `distanceKm + min(distanceKm, refuelLegKm) ≤ usable range`. The home base always counts as
 *   a refuelling point, so adding refuelling points can only extend the reach, never shrink it.
 *
 * Usable range is {@link usableRangeKm}. Both legs are great-circle distances at cruise
 * (no wind, no hover time at the scene: add those to `reserveMinutes` if they matter).
 *
 * @example
 * isWithinRange(300, h135); // false when 600 km exceeds the usable range
 * isWithinRange(300, h135, { refuelLegKm: 50 }); // true when 350 km fits
 */
export function isWithinRange(distanceKm: number, aircraft: AircraftType, options: RangeOptions = {}): boolean {
  const refuelLegKm = options.refuelLegKm ?? DEFAULT_RANGE_OPTIONS.refuelLegKm;
  return distanceKm + Math.min(distanceKm, refuelLegKm) <= usableRangeKm(aircraft);
}
