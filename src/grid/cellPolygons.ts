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
  return h3Ring(splitLongToH3Index(grid.h3Low[cell], grid.h3High[cell]), decimals);
}

/**
 * {@link cellRing} of any H3 cell named by its index string (a parent cell of a coarser layer):
 * [lng, lat] positions, closed, counter-clockwise, rounded to `decimals` places.
 *
 * @example
 * const ring = h3Ring('85283473fffffff'); // [[-121.91, 37.27], ..., [-121.91, 37.27]]
 */
export function h3Ring(h3: string, decimals = 6): number[][] {
  const scale = 10 ** decimals;
  const ring = cellToBoundary(h3, true);
  for (const position of ring) {
    position[0] = Math.round(position[0] * scale) / scale;
    position[1] = Math.round(position[1] * scale) / scale;
  }
  return ring;
}
