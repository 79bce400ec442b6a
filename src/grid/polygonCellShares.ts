import { area } from '@turf/area';
import type { Position } from 'geojson';
import { getHexagonEdgeLengthAvg, gridDisk, polygonToCells } from 'h3-js';
import { earthRadiusKm } from '../units.js';
import { boundaryCells } from './boundaryCells.js';
import { cellKeys, type CellKeys } from './cellKeys.js';
import { createCellTable, type CellTable } from './cellTable.js';
import { createPolygonIndex, type PolygonIndex } from './createPolygonIndex.js';
import { resolveOptions } from '../resolveOptions.js';

/** The cells a polygon touches at one resolution and the share of each cell inside it. */
export interface PolygonCellShares {
  /** H3 indexes, in a deterministic order (interior cells, then boundary cells as first met). */
  cells: string[];
  /** Share (0, 1] of each cell inside the polygon, estimated from descendant centres. */
  shares: Float64Array;
  /** Indexes of polygon parts dropped as degenerate (zero area, or refused by H3). */
  droppedParts: number[];
}

/** Options of {@link polygonCellShares}. */
export interface PolygonCellSharesOptions {
  /** Descendant resolution used to estimate shares is `resolution + shareResolutionOffset`. */
  shareResolutionOffset?: number;
  /** Boundary sampling step as a fraction of the average edge length at `resolution`. */
  boundaryStepFraction?: number;
}

/** Defaults of {@link PolygonCellSharesOptions}. */
export const DEFAULT_POLYGON_CELL_SHARES_OPTIONS: Required<PolygonCellSharesOptions> = {
  shareResolutionOffset: 2,
  boundaryStepFraction: 0.1,
};

/** Parts below this area (km²) are treated as degenerate: H3 throws E_FAILED on zero-area rings. */
const degeneratePartKm2 = 1e-6;

/**
 * For a (multi)polygon, every H3 cell at `resolution` with a positive share of its area inside,
 * and that share. The share of a cell is the fraction of its descendants at
 * `resolution + shareResolutionOffset` whose centres lie inside the polygon (divided by the true
 * child count, so pentagons are right). It is computed without enumerating the descendants of
 * the whole polygon, which at offset 2 would be 49 × its cells:
 * - cells whose centre is inside (`polygonToCells`) and which the boundary does not cross are
 *   wholly inside: share 1;
 * - cells the boundary crosses (found by sampling every edge at a tenth of the cell edge
 *   length and mapping the samples to cells) get the descendant-centre count.
 * A boundary clipping only a cell corner between two samples can be missed; such a clip is
 * under ~0.5 % of the cell, below what 49 descendants resolve anyway.
 *
 * @example
 * const { cells, shares } = polygonCellShares([[[[123, 41], [123.2, 41], [123.2, 41.2], [123, 41.2], [123, 41]]]], 7);
 */
export function polygonCellShares(
  polygons: Position[][][],
  resolution: number,
  options: PolygonCellSharesOptions = {},
): PolygonCellShares {
  const table = createCellTable(resolution);
  const { cells, shares, droppedParts } = polygonCellShareKeys(polygons, table, options);
  return { cells: cells.map((key) => table.keys.toH3(key)), shares, droppedParts };
}

/**
 * {@link polygonCellShares} on cell keys ({@link CellKeys}): the same cells in the same order,
 * as keys of `table`'s resolution, whose centres `table` keeps for later callers.
 *
 * @example
 * const table = createCellTable(7);
 * const { cells, shares } = polygonCellShareKeys([[[[123, 41], [123.2, 41], [123.2, 41.2], [123, 41.2], [123, 41]]]], table);
 */
export function polygonCellShareKeys(
  polygons: Position[][][],
  table: CellTable,
  options: PolygonCellSharesOptions = {},
): { cells: number[]; shares: Float64Array; droppedParts: number[] } {
  const { shareResolutionOffset, boundaryStepFraction } = resolveOptions(DEFAULT_POLYGON_CELL_SHARES_OPTIONS, options);
  const { keys } = table;
  const resolution = keys.resolution;
  const levels = Math.min(15, resolution + shareResolutionOffset) - resolution;
  const fine = cellKeys(resolution + levels);
  const kept: Position[][][] = [];
  const droppedParts: number[] = [];
  const interior = new Set<number>();
  for (let p = 0; p < polygons.length; p++) {
    const cells = partCentreCells(polygons[p], table);
    if (cells === null) {
      droppedParts.push(p);
      continue;
    }
    kept.push(polygons[p]);
    for (let i = 0; i < cells.length; i++) interior.add(cells[i]);
  }
  if (kept.length === 0) return { cells: [], shares: new Float64Array(0), droppedParts };
  const index = createPolygonIndex(kept);
  const boundary = boundaryCells(kept, keys, { stepFraction: boundaryStepFraction });

  const cells: number[] = [];
  const shares: number[] = [];
  for (const cell of interior) {
    if (boundary.has(cell)) continue;
    cells.push(cell);
    shares.push(1);
  }
  const children: number[] = [];
  const fineCentre = [0, 0];
  const centreOf = (child: number, centre: number[]): void => {
    const [lat, lng] = fine.centre(child);
    centre[0] = lat;
    centre[1] = lng;
  };
  let inside = 0;
  const countInside = (): void => void inside++;
  for (const cell of boundary) {
    children.length = 0;
    inside = 0;
    let count: number;
    if (levels === 2) {
      count = grandchildrenInside(cell, keys, index, centreOf, countInside, children);
    } else {
      count = keys.children(cell, levels, children);
      for (let c = 0; c < count; c++) {
        centreOf(children[c], fineCentre);
        if (index.contains(fineCentre[1], fineCentre[0])) inside++;
      }
    }
    if (inside > 0) {
      cells.push(cell);
      shares.push(inside / count);
    }
  }
  return { cells, shares: Float64Array.from(shares), droppedParts };
}

/**
 * The H3 cells at `resolution` whose centres lie inside a (multi)polygon: the same set as h3-js
 * `polygonToCells` (up to centres lying exactly on an edge), several times faster for large
 * polygons. `polygonToCells` costs cells × vertices; here it runs two resolutions coarser (49×
 * fewer cells). Coarse cells well inside (neither they nor a neighbour touched by the boundary)
 * contribute all their children; children of coarse cells near the boundary are tested one by
 * one with a banded point-in-polygon index. Degenerate parts (zero area, or refused by H3) are
 * skipped and listed in `droppedParts`.
 *
 * @example
 * const { cells } = polygonCentreCells([[[[123, 41], [124, 41], [124, 42], [123, 42], [123, 41]]]], 8);
 */
export function polygonCentreCells(polygons: Position[][][], resolution: number): { cells: string[]; droppedParts: number[] } {
  const table = createCellTable(resolution);
  const { cells, droppedParts } = polygonCentreCellKeys(polygons, table);
  return { cells: cells.map((key) => table.keys.toH3(key)), droppedParts };
}

/**
 * {@link polygonCentreCells} on cell keys ({@link CellKeys}): the same cells in the same order,
 * as keys of `table`'s resolution; the centres it tests stay in `table`.
 *
 * @example
 * const { cells } = polygonCentreCellKeys([[[[123, 41], [124, 41], [124, 42], [123, 42], [123, 41]]]], createCellTable(8));
 */
export function polygonCentreCellKeys(polygons: Position[][][], table: CellTable): { cells: number[]; droppedParts: number[] } {
  const out: number[] = [];
  const droppedParts: number[] = [];
  const seen = new Set<number>();
  for (let p = 0; p < polygons.length; p++) {
    const cells = partCentreCells(polygons[p], table);
    if (cells === null) {
      droppedParts.push(p);
      continue;
    }
    for (let i = 0; i < cells.length; i++) {
      if (!seen.has(cells[i])) {
        seen.add(cells[i]);
        out.push(cells[i]);
      }
    }
  }
  return { cells: out, droppedParts };
}

/** Coarsening step of {@link polygonCentreCells}: 2 levels = 49 children per coarse hexagon. */
const coarseLevels = 2;

/** Boundary sampling step of the coarse cells, as a fraction of their average edge length. */
const coarseStepFraction = 0.1;

/**
 * Every point within this many average edge lengths of a cell's centre lies in the cell or one of
 * its neighbours: half the least measured over every pentagon's 2-ring and random cells at
 * resolutions 0-8 (1.41, around pentagons; 2 for a regular hexagon).
 */
const flowerRadiusEdges = 0.7;

/**
 * Whether every cell at `resolution` whose centre lies inside `part` is provably one of the
 * boundary sample cells or their neighbours (`near` in {@link centreCells}), so polygonToCells
 * could add nothing. A centre inside lies within D = half the smaller side of the outer ring's
 * bounding box (km; along a meridian or a parallel) of the boundary, and a boundary point within
 * 0.75 sampling steps of a sample (steps of 0.1 edge by the equirectangular length, at most 1.5
 * times that in true length within 5° of latitude below 80°); that sample's cell is a neighbour
 * of the centre's cell when D + 0.75 step < `flowerRadiusEdges` edges.
 */
function allCentresNear(part: Position[][], resolution: number): boolean {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  const ring = part[0];
  for (let i = 0; i < ring.length; i++) {
    const [x, y] = ring[i];
    if (!(Math.abs(x) < 179 && Math.abs(y) <= 80)) return false;
    if (x < west) west = x;
    if (x > east) east = x;
    if (y < south) south = y;
    if (y > north) north = y;
  }
  if (!(north - south <= 5 && east - west <= 5)) return false;
  const kmPerDeg = (earthRadiusKm * Math.PI) / 180;
  const cosMax = south <= 0 && north >= 0 ? 1 : Math.cos((Math.min(Math.abs(south), Math.abs(north)) * Math.PI) / 180);
  const reachKm = Math.min(((north - south) / 2) * kmPerDeg, ((east - west) / 2) * kmPerDeg * cosMax);
  const edgeKm = getHexagonEdgeLengthAvg(resolution, 'km');
  return reachKm + 0.75 * coarseStepFraction * edgeKm < flowerRadiusEdges * edgeKm;
}

function centreCells(part: Position[][], table: CellTable, index: PolygonIndex): number[] {
  const { keys } = table;
  const coarse = keys.resolution - coarseLevels;
  if (coarse < 0) return polygonToCells(part, keys.resolution, true).map((h3) => keys.fromH3(h3));
  const coarseKeys = cellKeys(coarse);
  // Only the coarse cells outside `near` are taken from polygonToCells (in its order): a part too
  // narrow to hold any such centre is not filled at all (the call costs up to a millisecond even then).
  const coarseCells = allCentresNear(part, coarse) ? [] : polygonToCells(part, coarse, true);
  const near = new Set<number>();
  const split = [0, 0];
  for (const cell of boundaryCells([part], coarseKeys, { stepFraction: coarseStepFraction })) {
    split[0] = coarseKeys.low(cell);
    split[1] = coarseKeys.high(cell);
    const disk = gridDisk(split, 1);
    for (let i = 0; i < disk.length; i++) near.add(coarseKeys.fromH3(disk[i]));
  }
  const out: number[] = [];
  for (let i = 0; i < coarseCells.length; i++) {
    const cell = coarseKeys.fromH3(coarseCells[i]);
    if (near.has(cell)) continue;
    coarseKeys.children(cell, coarseLevels, out);
  }
  const children: number[] = [];
  const centreOf = (child: number, centre: number[]): void => {
    const slot = table.withCentre(child);
    centre[0] = table.lat[slot];
    centre[1] = table.lng[slot];
  };
  const keep = (child: number): void => void out.push(child);
  for (const cell of near) {
    children.length = 0;
    grandchildrenInside(cell, coarseKeys, index, centreOf, keep, children);
  }
  return out;
}

/** Margin of {@link grandchildrenInside}: a child's children lie within about 1/√7 ≈ 0.38 of its spacing from its centre; 0.75 leaves twice that. */
const grandchildSpread = 0.75;

/**
 * Calls `inside(key)` for each descendant two levels below `cell` whose centre lies inside
 * `index`, in ascending key order, and returns how many descendants the cell has (49, fewer for a
 * pentagon). A child cell none of whose edges come near (`clearOf`) has its seven children all in
 * or all out, decided by one centre: the one of its centre child (the point its children spread
 * around), so only the children of the children the boundary passes near are tested one by one.
 * The same descendants as testing every centre (`centreOf(key, [lat, lng])` gives them); fewer
 * centres computed (each is an H3 call).
 */
function grandchildrenInside(cell: number, keys: CellKeys, index: PolygonIndex, centreOf: (key: number, centre: number[]) => void, inside: (key: number) => void, scratch: number[]): number {
  const count = keys.children(cell, 2, scratch);
  const first = cell * 64;
  if (count !== 49) {
    // A pentagon (its children are listed by H3): every centre is tested.
    const centre = [0, 0];
    for (let c = scratch.length - count; c < scratch.length; c++) {
      centreOf(scratch[c], centre);
      if (index.contains(centre[1], centre[0])) inside(scratch[c]);
    }
    return count;
  }
  // The centre children's centres (keys cell·64 + 8d): where each child's seven children spread.
  const lat = new Float64Array(7);
  const lng = new Float64Array(7);
  const centre = [0, 0];
  for (let d = 0; d < 7; d++) {
    centreOf(first + 8 * d, centre);
    lat[d] = centre[0];
    lng[d] = centre[1];
  }
  const lngScale = Math.cos((lat[0] * Math.PI) / 180);
  let spacing = 0;
  for (let d = 1; d < 7; d++) spacing = Math.max(spacing, Math.hypot((lng[d] - lng[0]) * lngScale, lat[d] - lat[0]));
  const radius = grandchildSpread * spacing;
  // Near ±180° (or a pole) a descendant's longitude may wrap: every centre is tested there.
  let maxAbsLng = 0;
  for (let d = 0; d < 7; d++) maxAbsLng = Math.max(maxAbsLng, Math.abs(lng[d]));
  const shortcut = lngScale > 0.1 && radius > 0 && maxAbsLng + (4 * spacing) / lngScale < 180;
  for (let d = 0; d < 7; d++) {
    const child = first + 8 * d;
    if (shortcut && index.clearOf(lng[d], lat[d], radius, lngScale)) {
      if (index.contains(lng[d], lat[d])) for (let j = 0; j < 7; j++) inside(child + j);
      continue;
    }
    if (index.contains(lng[d], lat[d])) inside(child);
    for (let j = 1; j < 7; j++) {
      centreOf(child + j, centre);
      if (index.contains(centre[1], centre[0])) inside(child + j);
    }
  }
  return 49;
}

/** H3 throws E_FAILED on zero-area rings (quantisation artefacts in real outlines). */
function isDegenerate(part: Position[][]): boolean {
  if (area({ type: 'Polygon', coordinates: [part[0]] }) / 1e6 < degeneratePartKm2) return true;
  return !hasThreeDistinct(part[0]);
}

/** Whether a ring has at least three distinct positions (stops at the third: rings have thousands). */
function hasThreeDistinct(ring: Position[]): boolean {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, y] of ring) {
    let seen = false;
    for (let i = 0; i < xs.length && !seen; i++) seen = xs[i] === x && ys[i] === y;
    if (seen) continue;
    if (xs.push(x) === 3) return true;
    ys.push(y);
  }
  return false;
}

/** The keys of the cells whose centres lie in one polygon part, or `null` for a part H3 cannot use (degenerate, or refused by h3-js). */
function partCentreCells(polygon: Position[][], table: CellTable): number[] | null {
  if (isDegenerate(polygon)) return null;
  try {
    return centreCells(polygon, table, createPolygonIndex([polygon]));
  } catch {
    return null;
  }
}
