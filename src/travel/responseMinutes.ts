import type { AircraftType, Period } from './aircraft.js';
import { flightMinutes } from '../units.js';

/**
 * Whether the type flies rescue missions in `period` (by day every type does; at night only
 * `nightCapable` ones).
 *
 * @example
 * fliesInPeriod(AIRCRAFT_CATALOGUE.AC311A, 'night'); // -> false
 */
export function fliesInPeriod(aircraft: AircraftType, period: Period): boolean {
  return period === 'day' || aircraft.nightCapable;
}

/**
 * Minutes from call to wheels-up in `period`, or `Infinity` when the type does not fly then.
 *
 * @example
 * activationMinutes(AIRCRAFT_CATALOGUE.H135, 'night'); // -> the catalogue's night activation
 */
export function activationMinutes(aircraft: AircraftType, period: Period): number {
  if (!fliesInPeriod(aircraft, period)) return Infinity;
  return period === 'day' ? aircraft.activationMinutesDay : aircraft.activationMinutesNight;
}

/**
 * Response minutes to a scene `distanceKm` away (great-circle):
 * activation (day or night) + distance ÷ cruise speed × 60 + fixed climb/landing minutes.
 * `Infinity` when the type does not fly in `period`. Range is a separate rule
 * ({@link isWithinRange}): a fast answer here does not mean the aircraft can make the trip.
 *
 * The coverage builder evaluates exactly this expression, in this order, so a matrix entry and a
 * recomputation agree to the last bit.
 *
 * @example
 * // 10 min activation, 127 km at 254 km/h = 30 min, 3 fixed minutes
 * responseMinutes(127, { ...AIRCRAFT_CATALOGUE.H135, activationMinutesDay: 10, fixedMinutes: 3 }, 'day'); // -> 43
 */
export function responseMinutes(distanceKm: number, aircraft: AircraftType, period: Period): number {
  const activation = activationMinutes(aircraft, period);
  if (activation === Infinity) return Infinity;
  return activation + flightMinutes(distanceKm, aircraft.cruiseSpeedKmh) + aircraft.fixedMinutes;
}
