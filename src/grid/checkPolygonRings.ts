import type { Position } from 'geojson';
import { AirreachError, type ErrorLocation } from '../errors.js';

/** Options of {@link checkPolygonRings}. */
export interface CheckPolygonRingsOptions {
  /**
   * Most segment pairs compared while looking for crossings. A sweep over longitude compares
   * only segments whose extents overlap, which for map data is a few per segment (a
   * 1,000,000-vertex ring takes under a second); a polygon drawn to defeat the sweep (thousands
   * of long parallel edges) is refused beyond this many instead of running for hours.
   */
  maxSegmentTests?: number;
}

/**
 * Defaults of {@link checkPolygonRings}: 5e7 comparisons, about 2 s on a 2-core VM (a comb of
 * 3,000 long teeth, 12,000 vertices, takes 1 s).
 */
export const DEFAULT_CHECK_POLYGON_RINGS_OPTIONS = { maxSegmentTests: 5e7 };

/**
 * Checks that the rings of a Polygon or MultiPolygon (`parts[p][r]`, ring 0 the shell, the rest
 * its holes; rings already closed, with ≥ 4 finite positions) describe an area unambiguously, as
 * OGC Simple Features require and as the grid's area shares assume:
 * - no two segments cross or overlap along a stretch, within a ring or between any two rings of
 *   any parts (touching at a point is allowed);
 * - every hole lies inside its own shell (a hole outside it was counted as hazard area);
 * - no hole lies inside another hole of the same polygon (nested or duplicate holes);
 * - no part lies in the area of another part (overlapping parts counted their area twice); a
 *   part inside another part's hole (an island in a lake) is fine.
 * Throws `E_GEOMETRY` naming the ring (`geometry.coordinates[p][r]`) and a position.
 * Work: a longitude sweep over the segments, then one point-in-ring test per hole and per pair of
 * rings whose bounding boxes overlap. Returns the segment comparisons spent, so a caller can share
 * one budget over a whole layer.
 *
 * @example
 * checkPolygonRings([[shell, hole]], { file: 'flood.geojson', featureIndex: 3 }, 'geometry.coordinates', true);
 */
export function checkPolygonRings(
  parts: readonly (readonly Position[])[][],
  where: ErrorLocation,
  field: string,
  multi: boolean,
  options: CheckPolygonRingsOptions = {},
): number {
  const maxSegmentTests = options.maxSegmentTests ?? DEFAULT_CHECK_POLYGON_RINGS_OPTIONS.maxSegmentTests;
  const ringField = (p: number, r: number) => (multi ? `${field}[${p}][${r}]` : `${field}[${r}]`);
  const rings: RingRef[] = [];
  parts.forEach((part, p) => part.forEach((ring, r) => rings.push({ part: p, ring: r, positions: ring, box: boxOf(ring) })));
  const { crossing, tests } = firstCrossing(rings, maxSegmentTests, where, field);
  if (crossing) {
    const [a, b] = crossing.rings;
    const what = a === b ? `ring ${describeRing(rings[a], multi)} crosses (or runs along) itself` : `ring ${describeRing(rings[a], multi)} crosses (or runs along) ring ${describeRing(rings[b], multi)}`;
    throw new AirreachError('E_GEOMETRY', `the polygon is not simple: ${what} at [${crossing.at[0]}, ${crossing.at[1]}]`, {
      value: crossing.at,
      where: { ...where, field: ringField(rings[a].part, rings[a].ring) },
      expected: 'rings that neither cross themselves nor each other',
      hint: 'Repair the polygon (e.g. QGIS "Fix geometries" or shapely make_valid) or split it at the crossing',
    });
  }
  // Without crossings, one point of a ring tells on which side of another ring all of it lies.
  const fail = (ring: RingRef, message: string, expected: string) => {
    throw new AirreachError('E_GEOMETRY', message, {
      value: ring.positions[0],
      where: { ...where, field: ringField(ring.part, ring.ring) },
      expected,
      hint: 'Repair the polygon (e.g. QGIS "Fix geometries" or shapely make_valid): a hole belongs inside its own shell, and parts must not overlap',
    });
  };
  const byPart = parts.map((_part, p) => rings.filter((ring) => ring.part === p));
  for (const partRings of byPart) {
    const shell = partRings[0];
    for (const hole of partRings.slice(1)) {
      if (sideOf(hole, shell) !== 'inside') fail(hole, `hole ${describeRing(hole, multi)} does not lie inside its shell`, 'every hole inside the shell of its polygon');
    }
    forEachOverlappingPair(partRings.slice(1), (a, b) => {
      if (sideOf(b, a) !== 'outside') fail(b, `hole ${describeRing(b, multi)} lies inside (or on) hole ${describeRing(a, multi)}`, 'holes that do not overlap');
      if (sideOf(a, b) !== 'outside') fail(a, `hole ${describeRing(a, multi)} lies inside (or on) hole ${describeRing(b, multi)}`, 'holes that do not overlap');
    });
  }
  const shells = byPart.map((partRings) => partRings[0]);
  forEachOverlappingPair(shells, (a, b) => {
    for (const [inner, outer] of [[b, a], [a, b]]) {
      const side = sideOf(inner, outer);
      const inHole = byPart[outer.part].slice(1).some((hole) => sideOf(inner, hole) === 'inside');
      if (side !== 'outside' && !inHole) {
        fail(inner, `polygon ${inner.part} of the MultiPolygon lies in the area of polygon ${outer.part}`, 'parts of a MultiPolygon that do not overlap (an island inside a hole is fine)');
      }
    }
  });
  return tests;
}

interface RingRef {
  part: number;
  ring: number;
  positions: readonly Position[];
  box: [number, number, number, number];
}

function describeRing(ring: RingRef, multi: boolean): string {
  return multi ? `${ring.ring} of polygon ${ring.part}` : String(ring.ring);
}

function boxOf(ring: readonly Position[]): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    if (x < box[0]) box[0] = x;
    if (y < box[1]) box[1] = y;
    if (x > box[2]) box[2] = x;
    if (y > box[3]) box[3] = y;
  }
  return box;
}

/** Calls `visit` for each pair of rings whose bounding boxes overlap (a sweep over west edges). */
function forEachOverlappingPair(rings: readonly RingRef[], visit: (a: RingRef, b: RingRef) => void): void {
  const order = [...rings].sort((a, b) => a.box[0] - b.box[0]);
  for (let i = 0; i < order.length; i++) {
    const a = order[i];
    for (let j = i + 1; j < order.length && order[j].box[0] <= a.box[2]; j++) {
      const b = order[j];
      if (b.box[1] <= a.box[3] && a.box[1] <= b.box[3]) visit(a, b);
    }
  }
}

/**
 * Where `ring` lies relative to `other`: decided by the first of its vertices not on `other`'s
 * boundary; `boundary` when all of them are on it (the same ring twice).
 */
function sideOf(ring: RingRef, other: RingRef): 'inside' | 'outside' | 'boundary' {
  for (let i = 0; i < ring.positions.length - 1; i++) {
    const side = pointInRing(ring.positions[i], other);
    if (side !== 'boundary') return side;
  }
  return 'boundary';
}

/** Even-odd ray casting, with points on an edge reported as `boundary`. */
function pointInRing(point: Position, ring: RingRef): 'inside' | 'outside' | 'boundary' {
  const [x, y] = point;
  const [west, south, east, north] = ring.box;
  if (x < west || x > east || y < south || y > north) return 'outside';
  const positions = ring.positions;
  let inside = false;
  for (let i = 0, j = positions.length - 2; i < positions.length - 1; j = i++) {
    const [xi, yi] = positions[i];
    const [xj, yj] = positions[j];
    if (orientation(xj, yj, xi, yi, x, y) === 0 && x >= Math.min(xi, xj) && x <= Math.max(xi, xj) && y >= Math.min(yi, yj) && y <= Math.max(yi, yj)) {
      return 'boundary';
    }
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 'inside' : 'outside';
}

/**
 * Sign of the cross product (b − a) × (c − a): 1 left turn, -1 right turn, 0 collinear — within
 * rounding (1e-12 of the product of the two lengths), so a vertex lying on another ring's edge
 * reads as touching, not as crossing by a rounding error.
 */
function orientation(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const cross = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  const scale = (Math.abs(bx - ax) + Math.abs(by - ay)) * (Math.abs(cx - ax) + Math.abs(cy - ay));
  return cross > 1e-12 * scale ? 1 : cross < -1e-12 * scale ? -1 : 0;
}

/**
 * The first pair of segments that cross or overlap along a stretch, found by a sweep over
 * longitude: segments sorted by their west end; each is compared with the segments still open
 * (east end not yet passed) whose latitude ranges overlap. Segments next to each other in a
 * ring share a vertex and are not compared; zero-length segments are skipped.
 */
function firstCrossing(
  rings: readonly RingRef[],
  maxTests: number,
  where: ErrorLocation,
  field: string,
): { crossing: { rings: [number, number]; at: Position } | undefined; tests: number } {
  let count = 0;
  for (const ring of rings) count += ring.positions.length - 1;
  const ringOf = new Int32Array(count);
  const indexOf = new Int32Array(count);
  const lengthOf = new Int32Array(rings.length);
  const x0 = new Float64Array(count);
  const y0 = new Float64Array(count);
  const x1 = new Float64Array(count);
  const y1 = new Float64Array(count);
  let n = 0;
  rings.forEach((ring, r) => {
    const positions = ring.positions;
    lengthOf[r] = positions.length - 1;
    for (let i = 0; i < positions.length - 1; i++) {
      const [ax, ay] = positions[i];
      const [bx, by] = positions[i + 1];
      if (ax === bx && ay === by) continue;
      ringOf[n] = r;
      indexOf[n] = i;
      // Stored west to east, so the sweep reads x0 as the segment's west end.
      if (ax < bx || (ax === bx && ay <= by)) {
        x0[n] = ax;
        y0[n] = ay;
        x1[n] = bx;
        y1[n] = by;
      } else {
        x0[n] = bx;
        y0[n] = by;
        x1[n] = ax;
        y1[n] = ay;
      }
      n++;
    }
  });
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => x0[a] - x0[b] || a - b);
  let open: number[] = [];
  let tests = 0;
  for (const s of order) {
    // Drop the segments whose east end lies west of this one's west end.
    if (open.length > 64) open = open.filter((t) => x1[t] >= x0[s]);
    const south = Math.min(y0[s], y1[s]);
    const north = Math.max(y0[s], y1[s]);
    for (const t of open) {
      if (x1[t] < x0[s]) continue;
      if (++tests > maxTests) {
        throw new AirreachError('E_GEOMETRY', 'the polygon is too intricate to check for crossing edges within the comparisons its layer may spend', {
          value: count,
          where: { ...where, field },
          expected: `at most ${maxTests} segment comparisons (edges that do not overlap in longitude by the thousand)`,
          hint: 'Simplify the geometry (e.g. mapshaper -simplify) or split it into smaller polygons',
        });
      }
      if (Math.max(y0[t], y1[t]) < south || Math.min(y0[t], y1[t]) > north) continue;
      if (ringOf[s] === ringOf[t] && adjacent(indexOf[s], indexOf[t], lengthOf[ringOf[s]])) continue;
      const at = crossingPoint(x0[s], y0[s], x1[s], y1[s], x0[t], y0[t], x1[t], y1[t]);
      if (at) return { crossing: { rings: [Math.min(ringOf[s], ringOf[t]), Math.max(ringOf[s], ringOf[t])], at }, tests };
    }
    open.push(s);
  }
  return { crossing: undefined, tests };
}

/** Segments i and j of a ring of `length` segments share a vertex. */
function adjacent(i: number, j: number, length: number): boolean {
  const d = Math.abs(i - j);
  return d === 1 || d === length - 1;
}

/**
 * Where segments ab and cd cross (each passes strictly through the other) or overlap along a
 * stretch (collinear with a shared part of positive length); `undefined` when they are apart or
 * only touch at a point.
 */
function crossingPoint(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): Position | undefined {
  const o1 = orientation(ax, ay, bx, by, cx, cy);
  const o2 = orientation(ax, ay, bx, by, dx, dy);
  const o3 = orientation(cx, cy, dx, dy, ax, ay);
  const o4 = orientation(cx, cy, dx, dy, bx, by);
  if (o1 * o2 < 0 && o3 * o4 < 0) {
    const t = ((cx - ax) * (dy - cy) - (cy - ay) * (dx - cx)) / ((bx - ax) * (dy - cy) - (by - ay) * (dx - cx));
    return [ax + t * (bx - ax), ay + t * (by - ay)];
  }
  if (o1 === 0 && o2 === 0) {
    // Collinear: project on the longer axis and look for a shared stretch.
    const useX = Math.abs(bx - ax) >= Math.abs(by - ay);
    const [a0, a1] = useX ? [Math.min(ax, bx), Math.max(ax, bx)] : [Math.min(ay, by), Math.max(ay, by)];
    const [c0, c1] = useX ? [Math.min(cx, dx), Math.max(cx, dx)] : [Math.min(cy, dy), Math.max(cy, dy)];
    const from = Math.max(a0, c0);
    if (Math.min(a1, c1) > from) {
      const onAb = useX ? (from - ax) / (bx - ax) : (from - ay) / (by - ay);
      return [ax + onAb * (bx - ax), ay + onAb * (by - ay)];
    }
  }
  return undefined;
}
