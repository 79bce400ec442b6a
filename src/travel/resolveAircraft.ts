import { AirreachError, type ErrorLocation } from '../errors.js';
import type { AircraftType } from './aircraft.js';

/**
 * Looks up aircraft type ids in a catalogue, in the order given. An unknown id throws
 * `E_AIRCRAFT` naming it and listing the known ids, so a typo in a fleet is fixed in one go.
 * Only own keys count (`'constructor'` is not an aircraft).
 *
 * @example
 * const [h135, aw139] = resolveAircraft(['H135', 'AW139'], AIRCRAFT_CATALOGUE);
 * resolveAircraft(['H-135'], AIRCRAFT_CATALOGUE); // throws E_AIRCRAFT: unknown aircraft type "H-135"; expected one of AC311A, ...
 */
export function resolveAircraft(
  ids: readonly string[],
  catalogue: Readonly<Record<string, AircraftType>>,
  where: ErrorLocation = {},
): AircraftType[] {
  return ids.map((id) => {
    if (typeof id === 'string' && Object.hasOwn(catalogue, id)) return catalogue[id];
    const known = Object.keys(catalogue).sort();
    throw new AirreachError('E_AIRCRAFT', `unknown aircraft type ${JSON.stringify(id)}`, {
      value: id,
      where,
      expected: `one of ${known.join(', ')}`,
      hint: 'Add the type to the catalogue or fix the id in the fleet',
    });
  });
}
