import { area } from '@turf/area';
import type { Position } from 'geojson';
import { cellToChildren, cellToLatLng, getHexagonEdgeLengthAvg, latLngToCell, polygonToCells } from 'h3-js';
import { earthRadiusKm } from '../units.js';
import { createPolygonIndex } from './createPolygonIndex.js';

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
  const { shareResolutionOffset, boundaryStepFraction } = { ...DEFAULT_POLYGON_CELL_SHARES_OPTIONS, ...options };
  const fineResolution = Math.min(15, resolution + shareResolutionOffset);
  const kept: Position[][][] = [];
  const droppedParts: number[] = [];
  const interior = new Set<string>();
  for (let p = 0; p < polygons.length; p++) {
    const part = polygons[p];
    if (area({ type: 'Polygon', coordinates: [part[0]] }) / 1e6 < degeneratePartKm2) {
      droppedParts.push(p);
      continue;
    }
    let cells: string[];
    try {
      cells = polygonToCells(part, resolution, true);
    } catch {
      droppedParts.push(p);
      continue;
    }
    kept.push(part);
    for (let i = 0; i < cells.length; i++) interior.add(cells[i]);
  }
  if (kept.length === 0) return { cells: [], shares: new Float64Array(0), droppedParts };

  const boundary = new Set<string>();
  const stepKm = getHexagonEdgeLengthAvg(resolution, 'km') * boundaryStepFraction;
  for (const part of kept) {
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

  const index = createPolygonIndex(kept);
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

/** Equirectangular distance: only used to choose a sampling count, so ±1 % is plenty. */
function approximateKm(lngA: number, latA: number, lngB: number, latB: number): number {
  const toRad = Math.PI / 180;
  const x = (lngB - lngA) * toRad * Math.cos(((latA + latB) / 2) * toRad);
  const y = (latB - latA) * toRad;
  return Math.hypot(x, y) * earthRadiusKm;
}
