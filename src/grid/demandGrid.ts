import { h3IndexToSplitLong, splitLongToH3Index } from 'h3-js';

/**
 * The demand grid: one entry per H3 cell, addressed by a dense cell index 0…cellCount-1.
 * Cells are ordered by ascending H3 index, so the same inputs always give the same order.
 * H3 strings exist only at the edges ({@link cellToH3}, {@link h3ToCellIndexMap}); inside, the
 * grid is flat typed arrays that can be copied or transferred to worker threads cheaply.
 *
 * @example
 * const grid = buildDemandGrid(layers, { resolution: 7 });
 * grid.demand[0]; // demand weight of the first cell
 * cellToH3(grid, 0); // -> '87...ffff'
 */
export interface DemandGrid {
  /** H3 resolution of every cell (0–15). */
  resolution: number;
  cellCount: number;
  /** Lower and upper 32 bits of each cell's H3 index (h3-js "split long" order). */
  h3Low: Uint32Array;
  h3High: Uint32Array;
  /** Cell centre latitude and longitude, degrees (WGS84). */
  latDeg: Float64Array;
  lngDeg: Float64Array;
  /** Cell area, km² (exact H3 area, so pentagons and distortion are honest). */
  areaKm2: Float64Array;
  /** Demand weight per cell by the documented rule (see `buildDemandGrid`). */
  demand: Float64Array;
  /** The hazard part of `demand`. */
  hazardDemand: Float64Array;
  /** Population in the cell (persons), 0 where no population layer was given. */
  population: Float64Array;
  /** Hazard type names; bit `t` of `hazardMask` and column `t` of `hazardDemandByType` refer to `hazardTypes[t]`. */
  hazardTypes: string[];
  /** Bit `t` set when hazard type `t` touches the cell. At most 32 hazard types. */
  hazardMask: Uint32Array;
  /** Row-major cellCount × hazardTypes.length: the hazard demand each type contributes to each cell. */
  hazardDemandByType: Float64Array;
  /** Region (e.g. prefecture) names; `region[c]` indexes this list, or is -1 outside every region. */
  regionNames: string[];
  region: Int32Array;
  /** Named hazard sites (point demands), when the grid was built from layers that have them. */
  sites?: GridSite[];
}

/**
 * A named facility of a hazard layer (a Point without `radiusKm`), kept as a point demand.
 *
 * @example
 * const site: GridSite = { name: 'Changxing Island petrochemical base', type: 'petrochemical', weight: 5, cell: 812, latDeg: 39.58, lngDeg: 121.39, file: 'sites.geojson', featureIndex: 0 };
 */
export interface GridSite {
  name: string;
  type: string;
  /** The site's weight (its severity class) as given in the layer. */
  weight: number;
  /** Dense index of the grid cell that contains the site. */
  cell: number;
  latDeg: number;
  lngDeg: number;
  file: string;
  featureIndex: number;
}


/**
 * The H3 index string of dense cell `cell`.
 *
 * @example
 * cellToH3(grid, 12); // -> '872a1072bffffff'
 */
export function cellToH3(grid: Pick<DemandGrid, 'h3Low' | 'h3High'>, cell: number): string {
  return splitLongToH3Index(grid.h3Low[cell], grid.h3High[cell]);
}

/**
 * All H3 index strings of the grid, in cell order (for output files).
 *
 * @example
 * const ids = gridToH3(grid); // ids[c] is cell c
 */
export function gridToH3(grid: Pick<DemandGrid, 'h3Low' | 'h3High' | 'cellCount'>): string[] {
  const out = new Array<string>(grid.cellCount);
  for (let c = 0; c < grid.cellCount; c++) out[c] = splitLongToH3Index(grid.h3Low[c], grid.h3High[c]);
  return out;
}

/**
 * A map from H3 index string to dense cell index (for inputs that name cells).
 *
 * @example
 * h3ToCellIndexMap(grid).get('872a1072bffffff'); // -> 12, or undefined outside the grid
 */
export function h3ToCellIndexMap(grid: Pick<DemandGrid, 'h3Low' | 'h3High' | 'cellCount'>): Map<string, number> {
  const map = new Map<string, number>();
  for (let c = 0; c < grid.cellCount; c++) map.set(splitLongToH3Index(grid.h3Low[c], grid.h3High[c]), c);
  return map;
}

/**
 * Splits H3 index strings into the two 32-bit halves the grid stores.
 *
 * @example
 * const [low, high] = h3ToSplit('872a1072bffffff');
 */
export function h3ToSplit(h3: string): [number, number] {
  const [low, high] = h3IndexToSplitLong(h3);
  return [low >>> 0, high >>> 0];
}
