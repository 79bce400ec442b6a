/**
 * The string-based polygonCellShares and polygonCentreCells as they were before cell keys
 * (src/grid/cellKeys.ts): kept as the oracle that the key-based versions give the same cells,
 * in the same order, with the same shares (the grid's sums depend on that order).
 */
import { area } from '@turf/area';
import type { Position } from 'geojson';
import { cellToChildren, cellToLatLng, getHexagonEdgeLengthAvg, gridDisk, latLngToCell, polygonToCells } from 'h3-js';
import { earthRadiusKm } from '../../src/units.js';
import { createPolygonIndex, type PolygonIndex } from '../../src/grid/createPolygonIndex.js';
import { resolveOptions } from '../../src/resolveOptions.js';

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
const DEFAULT_POLYGON_CELL_SHARES_OPTIONS: Required<PolygonCellSharesOptions> = {
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
export function legacyPolygonCellShares(
  polygons: Position[][][],
  resolution: number,
  options: PolygonCellSharesOptions = {},
): PolygonCellShares {
  const { shareResolutionOffset, boundaryStepFraction } = resolveOptions(DEFAULT_POLYGON_CELL_SHARES_OPTIONS, options);
  const fineResolution = Math.min(15, resolution + shareResolutionOffset);
  const kept: Position[][][] = [];
  const droppedParts: number[] = [];
  const interior = new Set<string>();
  for (let p = 0; p < polygons.length; p++) {
    const cells = partCentreCells(polygons[p], resolution);
    if (cells === null) {
      droppedParts.push(p);
      continue;
    }
    kept.push(polygons[p]);
    for (let i = 0; i < cells.length; i++) interior.add(cells[i]);
  }
  if (kept.length === 0) return { cells: [], shares: new Float64Array(0), droppedParts };
  const index = createPolygonIndex(kept);
  const boundary = boundaryCells(kept, resolution, boundaryStepFraction);

  const cells: string[] = [];
  const shares: number[] = [];
  for (const cell of interior) {
    if (boundary.has(cell)) continue;
    cells.push(cell);
    shares.push(1);
  }
  for (const cell of boundary) {
    const children = fineResolution === resolution ? [cell] : cellToChildren(cell, fineResolution);
    let inside = 0;
    for (let c = 0; c < children.length; c++) {
      const [lat, lng] = cellToLatLng(children[c]);
      if (index.contains(lng, lat)) inside++;
    }
    if (inside > 0) {
      cells.push(cell);
      shares.push(inside / children.length);
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
export function legacyPolygonCentreCells(polygons: Position[][][], resolution: number): { cells: string[]; droppedParts: number[] } {
  const out: string[] = [];
  const droppedParts: number[] = [];
  const seen = new Set<string>();
  for (let p = 0; p < polygons.length; p++) {
    const cells = partCentreCells(polygons[p], resolution);
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

function centreCells(part: Position[][], resolution: number, index: PolygonIndex): string[] {
  const coarse = resolution - coarseLevels;
  if (coarse < 0) return polygonToCells(part, resolution, true);
  const coarseCells = polygonToCells(part, coarse, true);
  const near = new Set<string>();
  for (const cell of boundaryCells([part], coarse, 0.1)) {
    const disk = gridDisk(cell, 1);
    for (let i = 0; i < disk.length; i++) near.add(disk[i]);
  }
  const out: string[] = [];
  for (let i = 0; i < coarseCells.length; i++) {
    if (near.has(coarseCells[i])) continue;
    const children = cellToChildren(coarseCells[i], resolution);
    for (let c = 0; c < children.length; c++) out.push(children[c]);
  }
  for (const cell of near) {
    const children = cellToChildren(cell, resolution);
    for (let c = 0; c < children.length; c++) {
      const [lat, lng] = cellToLatLng(children[c]);
      if (index.contains(lng, lat)) out.push(children[c]);
    }
  }
  return out;
}

/** Cells at `resolution` met by samples every `stepFraction` × edge length along every ring. */
function boundaryCells(polygons: Position[][][], resolution: number, stepFraction: number): Set<string> {
  const boundary = new Set<string>();
  const stepKm = getHexagonEdgeLengthAvg(resolution, 'km') * stepFraction;
  for (const part of polygons) {
    for (const ring of part) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [lngA, latA] = ring[i];
        const [lngB, latB] = ring[i + 1];
        const n = Math.max(1, Math.ceil(approximateKm(lngA, latA, lngB, latB) / stepKm));
        for (let s = 0; s < n; s++) {
          const t = s / n;
          boundary.add(latLngToCell(latA + t * (latB - latA), lngA + t * (lngB - lngA), resolution));
        }
      }
    }
  }
  return boundary;
}

/** H3 throws E_FAILED on zero-area rings (quantisation artefacts in real outlines). */
function isDegenerate(part: Position[][]): boolean {
  if (area({ type: 'Polygon', coordinates: [part[0]] }) / 1e6 < degeneratePartKm2) return true;
  const distinct = new Set(part[0].map(([x, y]) => `${x},${y}`));
  return distinct.size < 3;
}

/** Equirectangular distance: only used to choose a sampling count, so ±1 % is plenty. */
function approximateKm(lngA: number, latA: number, lngB: number, latB: number): number {
  const toRad = Math.PI / 180;
  const x = (lngB - lngA) * toRad * Math.cos(((latA + latB) / 2) * toRad);
  const y = (latB - latA) * toRad;
  return Math.hypot(x, y) * earthRadiusKm;
}

/** The cells whose centres lie in one polygon part, or `null` for a part H3 cannot use (degenerate, or refused by h3-js). */
function partCentreCells(polygon: Position[][], resolution: number): string[] | null {
  if (isDegenerate(polygon)) return null;
  try {
    return centreCells(polygon, resolution, createPolygonIndex([polygon]));
  } catch {
    return null;
  }
}
