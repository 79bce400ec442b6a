/**
 * `airreach/travel`: Aircraft, the catalogue, response minutes, the range rule, and unit conversions.
 * Advanced pieces beside the root export (`airreach`); internals stay unexported.
 *
 * @example
 * import { knotsToKmh } from 'airreach/travel';
 */
export type { AircraftType, FleetEntry, Period, RefuelPoint, Site, SiteRole } from '../travel/aircraft.js';
export { AIRCRAFT_CATALOGUE } from '../travel/aircraftCatalogue.js';
export { DEFAULT_FASTEST_AIRCRAFT_OPTIONS, fastestAircraft, type FastestAircraftOptions, type FastestAircraftResult } from '../travel/fastestAircraft.js';
export { greatCircleKm, unitChordKm, unitVector } from '../travel/greatCircleKm.js';
export { DEFAULT_RANGE_OPTIONS, isWithinRange, usableRangeKm, type RangeOptions } from '../travel/isWithinRange.js';
export { DEFAULT_MAX_REACH_OPTIONS, maxReachKm, type MaxReachOptions } from '../travel/maxReachKm.js';
export { resolveAircraft } from '../travel/resolveAircraft.js';
export { activationMinutes, fliesInPeriod, responseMinutes } from '../travel/responseMinutes.js';
export { validateAircraftType } from '../travel/validateAircraftType.js';
export { earthRadiusKm, flightMinutes, kmPerNauticalMile, knotsToKmh, minutesInHour, nauticalMilesToKm } from '../units.js';
