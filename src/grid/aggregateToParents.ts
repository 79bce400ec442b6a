import { cellToLatLng, cellToParent, splitLongToH3Index } from 'h3-js';
import { AirreachError } from '../errors.js';
import type { DemandGrid } from './demandGrid.js';

/** Cells of a coarser resolution with the summed weight of their grid cells. */
export interface ParentCells {
  resolution: number;
  /** H3 index of each parent (output labels only). */
  h3: string[];
  /** Weight-weighted centroid of the member cells, degrees (the parent's centre when the weight is 0). */
  latDeg: Float64Array;
  lngDeg: Float64Array;
  weight: Float64Array;
  /** For every grid cell, the index of its parent in these arrays. */
  parentOfCell: Uint32Array;
}

/**
 * Groups the grid's cells under their H3 parents at `parentResolution` and sums `weights`:
 * a coarse set of demand points for models whose cost grows with the number of clients (e.g.
 * capacitated depot siting). Parents are ordered by ascending H3 index; only parents holding
 * at least one cell with positive weight are kept, unless `keepEmpty`.
 *
 * @example
 * const parents = aggregateToParents(grid, grid.hazardDemand, 5); // ~250 km² clients
 */
export function aggregateToParents(
  grid: Pick<DemandGrid, 'cellCount' | 'h3Low' | 'h3High' | 'latDeg' | 'lngDeg' | 'resolution'>,
  weights: ArrayLike<number>,
  parentResolution: number,
  options: { keepEmpty?: boolean } = {},
): ParentCells {
  if (!Number.isInteger(parentResolution) || parentResolution < 0 || parentResolution > grid.resolution) {
    throw new AirreachError('E_RESOLUTION', 'the parent resolution must be an integer between 0 and the grid resolution', {
      value: parentResolution,
      where: { field: 'parentResolution' },
      expected: `0…${grid.resolution}`,
    });
  }
  const byParent = new Map<string, { cells: number[]; weight: number; lat: number; lng: number }>();
  const parentOf: string[] = new Array(grid.cellCount);
  for (let c = 0; c < grid.cellCount; c++) {
    const parent = cellToParent(splitLongToH3Index(grid.h3Low[c], grid.h3High[c]), parentResolution);
    parentOf[c] = parent;
    let entry = byParent.get(parent);
    if (!entry) {
      entry = { cells: [], weight: 0, lat: 0, lng: 0 };
      byParent.set(parent, entry);
    }
    const w = weights[c] > 0 ? weights[c] : 0;
    entry.cells.push(c);
    entry.weight += w;
    entry.lat += w * grid.latDeg[c];
    entry.lng += w * grid.lngDeg[c];
  }
  const kept = [...byParent.keys()].filter((h) => options.keepEmpty || byParent.get(h)!.weight > 0).sort();
  const index = new Map(kept.map((h, i) => [h, i]));
  const latDeg = new Float64Array(kept.length);
  const lngDeg = new Float64Array(kept.length);
  const weight = new Float64Array(kept.length);
  kept.forEach((h, i) => {
    const entry = byParent.get(h)!;
    weight[i] = entry.weight;
    if (entry.weight > 0) {
      latDeg[i] = entry.lat / entry.weight;
      lngDeg[i] = entry.lng / entry.weight;
    } else {
      [latDeg[i], lngDeg[i]] = cellToLatLng(h);
    }
  });
  const parentOfCell = new Uint32Array(grid.cellCount).fill(0xffffffff);
  for (let c = 0; c < grid.cellCount; c++) {
    const i = index.get(parentOf[c]);
    if (i !== undefined) parentOfCell[c] = i;
  }
  return { resolution: parentResolution, h3: kept, latDeg, lngDeg, weight, parentOfCell };
}
