import type { AircraftType, Period, Site } from './aircraft.js';
import { responseMinutes } from './responseMinutes.js';
import { isWithinRange } from './isWithinRange.js';
import { resolveAircraft } from './resolveAircraft.js';

/** Options of {@link fastestAircraft}. */
export interface FastestAircraftOptions {
  /** Distance, km, from the scene to the nearest refuelling point; `Infinity` when none. */
  refuelLegKm?: number;
}

/** Defaults of {@link fastestAircraft}. */
export const DEFAULT_FASTEST_AIRCRAFT_OPTIONS: Required<FastestAircraftOptions> = { refuelLegKm: Infinity };

/** The type answering fastest from a site, and how fast. */
export interface FastestAircraftResult {
  aircraftTypeId: string;
  /** Index of the type in `site.fleet`. */
  fleetIndex: number;
  minutes: number;
}

/**
 * The fastest response from `site` to a scene `distanceKm` away: over the fleet's types that
 * are stationed (count > 0), fly in `period` and satisfy the range rule, the one with the fewest
 * response minutes. Ties go to the lowest fleet index. `null` when no type can go.
 *
 * A type `aircraftById` does not hold throws `E_AIRCRAFT` (see `resolveAircraft`).
 *
 * @example
 * fastestAircraft(site, 120, AIRCRAFT_CATALOGUE, 'night'); // -> { aircraftTypeId: 'H135', fleetIndex: 0, minutes: 51.3 }
 */
export function fastestAircraft(
  site: Site,
  distanceKm: number,
  aircraftById: Readonly<Record<string, AircraftType>>,
  period: Period,
  options: FastestAircraftOptions = {},
): FastestAircraftResult | null {
  const refuelLegKm = options.refuelLegKm ?? DEFAULT_FASTEST_AIRCRAFT_OPTIONS.refuelLegKm;
  let best: FastestAircraftResult | null = null;
  for (let f = 0; f < site.fleet.length; f++) {
    const entry = site.fleet[f];
    if (!(entry.count > 0)) continue;
    const aircraft = Object.hasOwn(aircraftById, entry.aircraftTypeId)
      ? aircraftById[entry.aircraftTypeId]
      : resolveAircraft([entry.aircraftTypeId], aircraftById, { field: `fleet/${f}/aircraftTypeId` })[0];
    const minutes = responseMinutes(distanceKm, aircraft, period);
    if (minutes === Infinity || !isWithinRange(distanceKm, aircraft, { refuelLegKm })) continue;
    if (best === null || minutes < best.minutes) best = { aircraftTypeId: aircraft.id, fleetIndex: f, minutes };
  }
  return best;
}
