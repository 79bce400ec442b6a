import type { Position } from 'geojson';
import { cellToBoundary, getHexagonEdgeLengthAvg, latLngToCell } from 'h3-js';
import type { CellKeys } from './cellKeys.js';
import { earthRadiusKm } from '../units.js';
import { resolveOptions } from '../resolveOptions.js';

/** Options of {@link boundaryCells}. */
export interface BoundaryCellsOptions {
  /** Sampling step along every ring edge, as a fraction of the average edge length at the keys' resolution. */
  stepFraction?: number;
  /**
   * Samples that provably lie in the cell of the last mapped sample are not mapped again (see
   * {@link boundaryCells}); `false` maps every sample (the reference the shortcut is tested against).
   */
  skipInsideCells?: boolean;
}

/** Defaults of {@link BoundaryCellsOptions}. */
export const DEFAULT_BOUNDARY_CELLS_OPTIONS: Required<BoundaryCellsOptions> = {
  stepFraction: 0.1,
  skipInsideCells: true,
};

/**
 * The keys of the cells met by samples every `stepFraction` × the average edge length along every
 * ring edge (straight in lng/lat), in the order first met.
 *
 * Mapping a sample to its cell (h3-js `latLngToCell`) is the cost, and a cell is crossed by ten to
 * twenty samples in a row. So once a sample is mapped, the later samples of the same edge that lie
 * inside the cell's outline shrunk by a margin are skipped: they are in that cell, which is already
 * met, so the set and its order are those of mapping every sample. The outline is the cell's six
 * H3 vertices (`cellToBoundary`), whose edges are great-circle arcs; joined by straight lines in
 * lng/lat they deviate from the arcs by at most L² tan(lat) / 8R for an edge of length L, and the
 * margin is four times that plus 1 % of the edge. Pentagons, cells with extra vertices where they
 * cross an icosahedron face (class III), cells near ±180° or beyond 80° of latitude are not
 * shortcut: every sample in them is mapped.
 *
 * @example
 * const keys = cellKeys(7);
 * const cells = boundaryCells([[[[123, 41], [123.2, 41], [123.2, 41.2], [123, 41.2], [123, 41]]]], keys);
 */
export function boundaryCells(polygons: Position[][][], keys: CellKeys, options: BoundaryCellsOptions = {}): Set<number> {
  const { stepFraction, skipInsideCells } = resolveOptions(DEFAULT_BOUNDARY_CELLS_OPTIONS, options);
  const resolution = keys.resolution;
  const met = new Set<string>();
  const stepKm = getHexagonEdgeLengthAvg(resolution, 'km') * stepFraction;
  const shapes = new Map<string, CellShape | null>();
  // The outline of the cell of the last mapped sample (rings run on from edge to edge).
  let current: CellShape | null = null;
  for (const part of polygons) {
    for (const ring of part) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [lngA, latA] = ring[i];
        const [lngB, latB] = ring[i + 1];
        const n = Math.max(1, Math.ceil(approximateKm(lngA, latA, lngB, latB) / stepKm));
        let s = current ? lastSampleInside(current, lngA, latA, lngB, latB, n, 0) + 1 : 0;
        while (s < n) {
          const t = s / n;
          const h3 = latLngToCell(latA + t * (latB - latA), lngA + t * (lngB - lngA), resolution);
          met.add(h3);
          if (!skipInsideCells) {
            s++;
            continue;
          }
          current = shapes.get(h3) ?? null;
          if (!shapes.has(h3)) {
            current = cellShape(h3);
            shapes.set(h3, current);
          }
          s = current ? lastSampleInside(current, lngA, latA, lngB, latB, n, s + 1) + 1 : s + 1;
        }
      }
    }
  }
  const boundary = new Set<number>();
  for (const h3 of met) boundary.add(keys.fromH3(h3));
  return boundary;
}

/**
 * A cell's outline shrunk by the margin, as six half-planes in a local plane: x = (lng − lng0) ×
 * cos(lat0), y = lat − lat0 (degrees); a point is inside when a·x + b·y ≥ c for all six.
 */
interface CellShape {
  lat0: number;
  lng0: number;
  kx: number;
  a: Float64Array;
  b: Float64Array;
  c: Float64Array;
}

const toRad = Math.PI / 180;

/** The shrunk outline of a hexagon, or `null` when the cell is not shortcut (see {@link boundaryCells}). */
function cellShape(h3: string): CellShape | null {
  const vertices = cellToBoundary(h3);
  if (vertices.length !== 6) return null;
  let lat0 = 0;
  let lng0 = 0;
  let maxAbsLat = 0;
  for (const [lat, lng] of vertices) {
    lat0 += lat / 6;
    lng0 += lng / 6;
    maxAbsLat = Math.max(maxAbsLat, Math.abs(lat));
  }
  if (maxAbsLat > 80) return null;
  for (const [, lng] of vertices) if (Math.abs(lng - lng0) > 5 || Math.abs(lng) > 179) return null;
  const kx = Math.cos(lat0 * toRad);
  const xs = vertices.map(([, lng]) => (lng - lng0) * kx);
  const ys = vertices.map(([lat]) => lat - lat0);
  let twiceArea = 0;
  let longest = 0;
  for (let i = 0; i < 6; i++) {
    const j = (i + 1) % 6;
    twiceArea += xs[i] * ys[j] - xs[j] * ys[i];
    longest = Math.max(longest, Math.hypot(xs[j] - xs[i], ys[j] - ys[i]));
  }
  // Cells of a degree or more (resolutions 0-2) are not shortcut: the local plane's scale drifts across them.
  if (!(longest > 0 && longest < 1) || twiceArea === 0) return null;
  // The longest edge in degrees of arc, allowing 10 % for the lng scale across the cell (≤ tan 80° × 1°).
  const edgeDeg = 1.1 * longest;
  const margin = 0.01 * edgeDeg + (4 * edgeDeg * edgeDeg * Math.tan(maxAbsLat * toRad) * toRad) / 8;
  const orientation = twiceArea > 0 ? 1 : -1;
  const a = new Float64Array(6);
  const b = new Float64Array(6);
  const c = new Float64Array(6);
  for (let i = 0; i < 6; i++) {
    const j = (i + 1) % 6;
    const dx = xs[j] - xs[i];
    const dy = ys[j] - ys[i];
    const length = Math.hypot(dx, dy);
    // Inward unit normal: left of the edge for a counter-clockwise outline.
    a[i] = (-dy * orientation) / length;
    b[i] = (dx * orientation) / length;
    const offset = a[i] * xs[i] + b[i] * ys[i];
    // Convex: every other vertex on the inner side, well clear of the margin.
    for (let k = 0; k < 6; k++) if (k !== i && k !== j && a[i] * xs[k] + b[i] * ys[k] - offset < 2 * margin) return null;
    c[i] = offset + margin;
  }
  return { lat0, lng0, kx, a, b, c };
}

/**
 * The last sample index u ≥ `from` − 1 of the edge A→B (sample u at u/n of the way) such that
 * every sample `from` … u lies inside `shape` (the samples lie on a straight line in the local
 * plane, which meets the convex shrunk outline in one interval); `from` − 1 when `from` is not
 * provably inside.
 */
function lastSampleInside(shape: CellShape, lngA: number, latA: number, lngB: number, latB: number, n: number, from: number): number {
  const { lat0, lng0, kx, a, b, c } = shape;
  const x0 = (lngA - lng0) * kx;
  const y0 = latA - lat0;
  const dx = ((lngB - lngA) * kx) / n;
  const dy = (latB - latA) / n;
  let lo = -Infinity;
  let hi = Infinity;
  for (let i = 0; i < 6; i++) {
    // g(u) = g0 + u·dg ≥ 0 inside.
    const g0 = a[i] * x0 + b[i] * y0 - c[i];
    const dg = a[i] * dx + b[i] * dy;
    if (dg > 0) lo = Math.max(lo, -g0 / dg);
    else if (dg < 0) hi = Math.min(hi, -g0 / dg);
    else if (!(g0 >= 0)) return from - 1;
  }
  if (!(lo <= from && hi >= from)) return from - 1;
  return Math.min(n - 1, Math.floor(hi));
}

/** Equirectangular distance: only used to choose a sampling count, so ±1 % is plenty. */
function approximateKm(lngA: number, latA: number, lngB: number, latB: number): number {
  const x = (lngB - lngA) * toRad * Math.cos(((latA + latB) / 2) * toRad);
  const y = (latB - latA) * toRad;
  return Math.hypot(x, y) * earthRadiusKm;
}
