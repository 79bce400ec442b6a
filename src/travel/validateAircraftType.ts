import { AirreachError, type ErrorLocation } from '../errors.js';
import type { AircraftType } from './aircraft.js';
import { usableRangeKm } from './isWithinRange.js';

/**
 * Checks that an aircraft type's figures are possible and returns it unchanged: positive,
 * finite cruise speed and range; finite, non-negative activation, reserve and fixed minutes; a
 * reserve that leaves some range; a boolean `nightCapable`. Throws `E_AIRCRAFT` naming the type,
 * the field (under `where.field`) and the value.
 *
 * @example
 * validateAircraftType({ ...AIRCRAFT_CATALOGUE.H135, cruiseSpeedKmh: 0 }, { file: 'fleet.json' });
 * // throws E_AIRCRAFT: fleet.json, field cruiseSpeedKmh: aircraft type "H135": cruiseSpeedKmh must be > 0 (got 0)
 */
export function validateAircraftType(type: AircraftType, where: ErrorLocation = {}): AircraftType {
  // A JSON path (a scenario's /aircraft/H135) goes on with '/': '/aircraft/H135.reserveMinutes' named no place in the file.
  const prefix = where.field ? `${where.field}${where.field.startsWith('/') ? '/' : '.'}` : '';
  const fail = (field: string, value: unknown, expected: string): never => {
    throw new AirreachError('E_AIRCRAFT', `aircraft type ${JSON.stringify(type?.id)}: ${field} is impossible`, {
      value,
      where: { ...where, field: `${prefix}${field}` },
      expected,
    });
  };
  if (typeof type !== 'object' || type === null) {
    throw new AirreachError('E_AIRCRAFT', 'an aircraft type must be an object', { value: type, where, expected: 'an AircraftType' });
  }
  if (typeof type.id !== 'string' || type.id.length === 0) fail('id', type.id, 'a non-empty string');
  for (const field of ['cruiseSpeedKmh', 'rangeKm'] as const) {
    const value = type[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) fail(field, value, 'a finite number > 0');
  }
  for (const field of ['activationMinutesDay', 'activationMinutesNight', 'reserveMinutes', 'fixedMinutes'] as const) {
    const value = type[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(field, value, 'a finite number ≥ 0');
  }
  if (typeof type.nightCapable !== 'boolean') fail('nightCapable', type.nightCapable, 'true or false');
  if (type.kind !== 'helicopter' && type.kind !== 'fixedWing') fail('kind', type.kind, '"helicopter" or "fixedWing"');
  if (!(usableRangeKm(type) > 0)) {
    const wholeRangeMinutes = (type.rangeKm / type.cruiseSpeedKmh) * 60;
    fail('reserveMinutes', type.reserveMinutes, `a reserve under ${Number(wholeRangeMinutes.toFixed(1))} min, the whole range (${type.rangeKm} km at ${type.cruiseSpeedKmh} km/h), or a longer range`);
  }
  return type;
}
