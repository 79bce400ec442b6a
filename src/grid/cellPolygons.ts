import { cellToBoundary, splitLongToH3Index } from 'h3-js';
import type { DemandGrid } from './demandGrid.js';

/**
 * The outline of dense cell `cell` as an RFC 7946 polygon ring: [lng, lat] positions, closed,
 * counter-clockwise (h3-js returns exactly that in GeoJSON mode). Coordinates are rounded to
 * `decimals` places (6 ≈ 0.1 m) to keep output files small.
 *
 * Cells that cross the antimeridian would need splitting; airreach's grids are refused there
 * at input validation, so none reach this function.
 *
 * @example
 * const ring = cellRing(grid, 0); // [[123.37, 41.79], ..., [123.37, 41.79]]
 */
export function cellRing(grid: Pick<DemandGrid, 'h3Low' | 'h3High'>, cell: number, decimals = 6): number[][] {
  const scale = 10 ** decimals;
  const ring = cellToBoundary(splitLongToH3Index(grid.h3Low[cell], grid.h3High[cell]), true);
  for (const position of ring) {
    position[0] = Math.round(position[0] * scale) / scale;
    position[1] = Math.round(position[1] * scale) / scale;
  }
  return ring;
}
