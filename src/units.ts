/**
 * Unit constants and the few conversions done at the edge. Inside airreach every quantity has
 * one unit, named in its identifier: minutes, kilometres, km/h, km².
 *
 * @example
 * knotsToKmh(140); // -> 259.28
 */

/** Mean Earth radius (IUGG), the sphere h3-js and Turf also use. */
export const earthRadiusKm = 6371.0088;
/** Exactly 1,852 m (international nautical mile). */
export const kmPerNauticalMile = 1.852;
export const minutesInHour = 60;

/**
 * Knots to km/h (1 kn = 1.852 km/h exactly).
 *
 * @example
 * knotsToKmh(100); // -> 185.2
 */
export function knotsToKmh(knots: number): number {
  return knots * kmPerNauticalMile;
}

/**
 * Nautical miles to kilometres.
 *
 * @example
 * nauticalMilesToKm(110); // -> 203.72
 */
export function nauticalMilesToKm(nauticalMiles: number): number {
  return nauticalMiles * kmPerNauticalMile;
}

/**
 * Minutes needed to fly `distanceKm` at `speedKmh`.
 *
 * @example
 * flightMinutes(120, 240); // -> 30
 */
export function flightMinutes(distanceKm: number, speedKmh: number): number {
  return (distanceKm / speedKmh) * minutesInHour;
}
