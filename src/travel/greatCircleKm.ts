import { earthRadiusKm } from '../units.js';

const radiansPerDegree = Math.PI / 180;

/**
 * Great-circle distance in km between two points given in degrees: the haversine formula on the
 * 6371.0088 km sphere, as `@turf/distance` and h3-js use, so distances agree with both.
 *
 * @example
 * greatCircleKm(41.8057, 123.4315, 38.914, 121.6147); // Shenyang → Dalian, ≈ 356.5 km
 */
export function greatCircleKm(lat1Deg: number, lng1Deg: number, lat2Deg: number, lng2Deg: number): number {
  const phi1 = lat1Deg * radiansPerDegree;
  const phi2 = lat2Deg * radiansPerDegree;
  const sinHalfDLat = Math.sin((phi2 - phi1) / 2);
  const sinHalfDLng = Math.sin(((lng2Deg - lng1Deg) * radiansPerDegree) / 2);
  const a = sinHalfDLat * sinHalfDLat + Math.cos(phi1) * Math.cos(phi2) * sinHalfDLng * sinHalfDLng;
  return 2 * earthRadiusKm * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
}

/**
 * The point as a unit vector (x towards 0°E on the equator, z towards the north pole). Coverage
 * builds precompute these once per cell so that "within R km" becomes one dot product.
 *
 * @example
 * unitVector(90, 0); // -> [≈0, 0, 1]
 */
export function unitVector(latDeg: number, lngDeg: number): [number, number, number] {
  const phi = latDeg * radiansPerDegree;
  const lambda = lngDeg * radiansPerDegree;
  const cosPhi = Math.cos(phi);
  return [cosPhi * Math.cos(lambda), cosPhi * Math.sin(lambda), Math.sin(phi)];
}

/**
 * Great-circle distance in km between two unit vectors, from their chord: `2R·asin(chord/2)`.
 * The chord is taken from coordinate differences, so short distances keep full precision (no
 * `acos` of a dot product near 1). The coverage builder inlines exactly this arithmetic; use this
 * function wherever a distance must match the builder's to the last bit.
 *
 * @example
 * const [ax, ay, az] = unitVector(41.8, 123.4);
 * const [bx, by, bz] = unitVector(38.9, 121.6);
 * unitChordKm(ax, ay, az, bx, by, bz); // ≈ greatCircleKm(41.8, 123.4, 38.9, 121.6)
 */
export function unitChordKm(ax: number, ay: number, az: number, bx: number, by: number, bz: number): number {
  const dx = ax - bx;
  const dy = ay - by;
  const dz = az - bz;
  const halfChord = Math.sqrt(dx * dx + dy * dy + dz * dz) / 2;
  return 2 * earthRadiusKm * Math.asin(halfChord < 1 ? halfChord : 1);
}
