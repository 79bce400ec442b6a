/**
 * Small, dependency-free GeoJSON helpers for the data builders: ECharts decoding, ring
 * hygiene (dedupe, close, orient), rounding. Polygon repair (self-intersections) is done
 * with polyclip-ts through @turf/union in the builders; these helpers only prepare input
 * and normalise output.
 */
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

/** Decimal places kept in committed coordinates (1e-5° ≈ 1.1 m). */
export const COORDINATE_DECIMALS = 5;

const EARTH_RADIUS_KM = 6371.0088;

/**
 * Decodes one ECharts (v3/v4 `UTF8Encoding`) ring: two characters per vertex, each
 * `charCode - 64`, zig-zag decoded, delta-accumulated from `offset`, then divided by `scale`.
 * Mirrors `decodeRing` in echarts 4.9.0 `lib/coord/geo/parseGeoJson.js`.
 *
 * @example
 * decodeEchartsRing('@@', [125952, 43008]) // [[123, 42]]
 */
export function decodeEchartsRing(encoded: string, offset: readonly [number, number], scale = 1024): Position[] {
  const out: Position[] = [];
  let prevX = offset[0];
  let prevY = offset[1];
  for (let i = 0; i + 1 < encoded.length; i += 2) {
    let x = encoded.charCodeAt(i) - 64;
    let y = encoded.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    prevX += x;
    prevY += y;
    out.push([prevX / scale, prevY / scale]);
  }
  return out;
}

/**
 * Planar (equirectangular) approximation of a ring's signed area in km², positive when
 * counter-clockwise.
 *
 * @example
 * ringSignedAreaKm2([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]) // ≈ 12,364 (one square degree at the equator)
 */
export function ringSignedAreaKm2(ring: readonly Position[]): number {
  // Equirectangular projection about the ring's mean latitude: accurate to well under 1 %
  // for rings the size of a Chinese province, which is all we need to orient and filter.
  let meanLat = 0;
  for (const p of ring) meanLat += p[1];
  meanLat /= ring.length;
  const kx = (Math.PI / 180) * EARTH_RADIUS_KM * Math.cos((meanLat * Math.PI) / 180);
  const ky = (Math.PI / 180) * EARTH_RADIUS_KM;
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    twice += ring[j][0] * kx * (ring[i][1] * ky) - ring[i][0] * kx * (ring[j][1] * ky);
  }
  return twice / 2;
}

/**
 * Rounds to `COORDINATE_DECIMALS`, removes consecutive duplicates and closes the ring.
 *
 * @example
 * tidyRing([[1.000001, 2], [1, 2], [3, 4], [5, 2]]) // [[1, 2], [3, 4], [5, 2], [1, 2]]
 */
export function tidyRing(ring: readonly Position[], decimals = COORDINATE_DECIMALS): Position[] {
  const f = 10 ** decimals;
  const out: Position[] = [];
  for (const p of ring) {
    const q: Position = [Math.round(p[0] * f) / f, Math.round(p[1] * f) / f];
    const last = out[out.length - 1];
    if (last === undefined || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  if (out.length > 0) out.push([out[0][0], out[0][1]]);
  return out;
}

/**
 * Number of distinct positions in a ring.
 *
 * @example
 * distinctPositions([[0, 0], [1, 0], [0, 0], [1, 0], [0, 0]]) // 2
 */
export function distinctPositions(ring: readonly Position[]): number {
  return new Set(ring.map((p) => `${p[0]},${p[1]}`)).size;
}

/**
 * Orients a closed ring: counter-clockwise when `exterior`, clockwise otherwise (RFC 7946 §3.1.6).
 *
 * @example
 * orientRing([[0, 0], [0, 1], [1, 1], [0, 0]], true) // [[0, 0], [1, 1], [0, 1], [0, 0]]
 */
export function orientRing(ring: Position[], exterior: boolean): Position[] {
  const ccw = ringSignedAreaKm2(ring) > 0;
  return ccw === exterior ? ring : [...ring].reverse();
}

/** Minimum kept part: at least 4 distinct positions and this many km². */
export const MIN_PART_AREA_KM2 = 0.01;

/**
 * Tidies, filters and orients every part of a (Multi)Polygon into MultiPolygon coordinates:
 * parts whose exterior has fewer than 4 distinct positions or under `MIN_PART_AREA_KM2`
 * are dropped (the ECharts data has zero-area quantisation slivers that make h3-js throw),
 * holes likewise.
 *
 * @example
 * tidyPolygons([[[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]]).parts[0][0] // the square, now counter-clockwise
 */
export function tidyPolygons(polygons: readonly (readonly Position[][])[]): { parts: Position[][][]; droppedParts: number; droppedHoles: number } {
  const parts: Position[][][] = [];
  let droppedParts = 0;
  let droppedHoles = 0;
  for (const poly of polygons) {
    const [outer, ...holes] = poly.map((r) => tidyRing(r));
    if (outer.length < 5 || distinctPositions(outer) < 4 || Math.abs(ringSignedAreaKm2(outer)) < MIN_PART_AREA_KM2) {
      droppedParts++;
      continue;
    }
    const keptHoles: Position[][] = [];
    for (const h of holes) {
      if (h.length < 5 || distinctPositions(h) < 4 || Math.abs(ringSignedAreaKm2(h)) < MIN_PART_AREA_KM2) droppedHoles++;
      else keptHoles.push(orientRing(h, false));
    }
    parts.push([orientRing(outer, true), ...keptHoles]);
  }
  return { parts, droppedParts, droppedHoles };
}

/**
 * Total vertex count of a (Multi)Polygon geometry (closing positions included).
 *
 * @example
 * vertexCount({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 1], [0, 0]]] }) // 4
 */
export function vertexCount(geometry: Polygon | MultiPolygon): number {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let n = 0;
  for (const p of polys) for (const r of p) n += r.length;
  return n;
}

/**
 * Serialises a FeatureCollection with one feature per line: diff-friendly and compact.
 *
 * @example
 * stringifyFeatureCollection([feature], { name: 'liaoning-places' })
 */
export function stringifyFeatureCollection(features: readonly Feature[], extra: Record<string, unknown> = {}): string {
  const head = JSON.stringify({ type: 'FeatureCollection', ...extra }).slice(0, -1);
  return `${head},"features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}
