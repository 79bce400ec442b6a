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
  // Each cell's parent by its index bits (see parentKeys), in this thread; h3-js, string by
  // string, only for grids whose cells are not all of one mode and resolution.
  const keys = parentKeys(grid, parentResolution);
  const parentText = new Map<number, string>();
  const byParent = new Map<string, { weight: number; lat: number; lng: number }>();
  const parentOf: string[] = new Array(grid.cellCount);
  for (let c = 0; c < grid.cellCount; c++) {
    let parent: string;
    if (keys) {
      const key = keys.key[c];
      let text = parentText.get(key);
      if (text === undefined) parentText.set(key, (text = splitLongToH3Index(keys.low[c], keys.high[c])));
      parent = text;
    } else {
      parent = cellToParent(splitLongToH3Index(grid.h3Low[c], grid.h3High[c]), parentResolution);
    }
    parentOf[c] = parent;
    let entry = byParent.get(parent);
    if (!entry) {
      entry = { weight: 0, lat: 0, lng: 0 };
      byParent.set(parent, entry);
    }
    const w = weights[c] > 0 ? weights[c] : 0;
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

/**
 * The H3 index of each cell's parent at `parentResolution`, by the index's bits as H3 defines
 * them (what `cellToParent` does for a valid cell): the resolution field set to the parent's and
 * every digit finer than it set to 7. `key` names the parent as a number (its low 53 bits: every
 * cell of the grid shares the bits above). Null when the cells are not all of one mode,
 * resolution and reserved bits (not a grid `buildDemandGrid` makes): the caller asks h3-js.
 */
function parentKeys(grid: Pick<DemandGrid, 'cellCount' | 'h3Low' | 'h3High'>, parentResolution: number): { low: Uint32Array; high: Uint32Array; key: Float64Array } | null {
  const { cellCount, h3Low, h3High } = grid;
  if (cellCount === 0) return null;
  // Mode, reserved bits and resolution: the 12 bits above the base cell (bit 52 of the index is bit 20 of the high word).
  const top = h3High[0] >>> 20;
  // Digits finer than the parent's: the 3 × (15 − parentResolution) lowest bits of the index.
  const fineBits = 3 * (15 - parentResolution);
  const lowMask = fineBits >= 32 ? 0xffffffff : 2 ** fineBits - 1;
  const highMask = fineBits > 32 ? 2 ** (fineBits - 32) - 1 : 0;
  const resolutionField = (parentResolution << 20) >>> 0;
  const low = new Uint32Array(cellCount);
  const high = new Uint32Array(cellCount);
  const key = new Float64Array(cellCount);
  for (let c = 0; c < cellCount; c++) {
    const h = h3High[c];
    if (h >>> 20 !== top) return null;
    low[c] = (h3Low[c] | lowMask) >>> 0;
    high[c] = (((h & ~(0xf << 20)) | resolutionField | highMask) >>> 0);
    // Base cell and digits 1–5 in the high word's 20 lowest bits: below 2^53 with the low word.
    key[c] = (high[c] & 0xfffff) * 2 ** 32 + low[c];
  }
  return { low, high, key };
}
