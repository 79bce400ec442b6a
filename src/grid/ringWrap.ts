import type { Position } from 'geojson';

/** How a ring leaves the plain lng/lat rectangle, and at which position. */
export interface RingWrap {
  kind: 'antimeridian' | 'pole';
  /** Index of the first offending position (the one after the jump, or 0 for a pole). */
  at: number;
}

/**
 * Whether a closed ring crosses the antimeridian (a longitude beyond ±180°, or a jump of more
 * than 180° between neighbours) or winds around a pole (its longitudes turn through 360°).
 * H3's polygon fill reads such rings as a different, smaller area, so they are refused instead
 * of silently losing cells: input polygons in `validateFeatures`, and the circles that replace
 * Point hazards with a `radiusKm` (a circle near ±180° or a pole wraps even though its centre
 * is valid).
 *
 * @example
 * ringWrap([[179, 50], [-179, 50], [-179, 51], [179, 51], [179, 50]]); // -> { kind: 'antimeridian', at: 1 }
 * ringWrap([[0, 80], [90, 80], [180, 80], [-90, 80], [0, 80]]);        // -> { kind: 'pole', at: 0 }
 */
export function ringWrap(ring: readonly Position[]): RingWrap | undefined {
  let windingDeg = 0;
  let jumpAt = -1;
  for (let i = 0; i < ring.length; i++) {
    if (Math.abs(ring[i][0]) > 180 && jumpAt < 0) jumpAt = i;
    if (i === 0) continue;
    const delta = ring[i][0] - ring[i - 1][0];
    if (Math.abs(delta) > 180 && jumpAt < 0) jumpAt = i;
    windingDeg += delta > 180 ? delta - 360 : delta < -180 ? delta + 360 : delta;
  }
  // A pole test first: a ring around a pole also jumps at ±180°, and "split at the antimeridian" would not fix it.
  if (Math.abs(windingDeg) > 180) return { kind: 'pole', at: 0 };
  if (jumpAt >= 0) return { kind: 'antimeridian', at: jumpAt };
  return undefined;
}
