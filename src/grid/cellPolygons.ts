import { cellToBoundary, splitLongToH3Index } from 'h3-js';
import type { DemandGrid } from './demandGrid.js';

/**
 * The outline of dense cell `cell` as an RFC 7946 polygon ring: [lng, lat] positions, closed,
 * counter-clockwise (h3-js returns exactly that in GeoJSON mode). Coordinates are rounded to
 * `decimals` places (6 ≈ 0.1 m) to keep output files small.
 *
 * A grid of up to {@link OUTLINE_CACHE_CELLS} cells keeps each cell's outline once computed
 * (see {@link cellOutlines}): the maps of both periods, the report page and every scenario of a
 * batch that shares the grid draw the same outlines, and h3-js's boundary is most of the cost.
 *
 * Cells that cross the antimeridian would need splitting; airreach's grids are refused there
 * at input validation, so none reach this function.
 *
 * @example
 * const ring = cellRing(grid, 0); // [[123.37, 41.79], ..., [123.37, 41.79]]
 */
export function cellRing(grid: Pick<DemandGrid, 'h3Low' | 'h3High'>, cell: number, decimals = 6): number[][] {
  const outlines = cellOutlines(grid);
  const at = outlines ? outlines.fill(cell) : -1;
  if (!outlines || at < 0) return h3Ring(splitLongToH3Index(grid.h3Low[cell], grid.h3High[cell]), decimals);
  const positions = roundedOutline(outlines, cell, at, decimals, ringScratch);
  const ring: number[][] = new Array(positions);
  for (let v = 0; v < positions; v++) ring[v] = [ringScratch[2 * v], ringScratch[2 * v + 1]];
  return ring;
}

/**
 * {@link cellRing} written into `into` as lng, lat, lng, lat, … (the same rounded numbers), without
 * making an array per position: how the report map and the cell maps read every cell's outline.
 * Returns the number of positions, or -1 when they do not fit in `into`, which never happens with
 * room for {@link MAX_RING_POSITIONS} positions (2 numbers each).
 *
 * @example
 * const into = new Float64Array(2 * MAX_RING_POSITIONS);
 * const positions = cellRingCoords(grid, 0, 6, into); // into[0], into[1]: [lng, lat] of cellRing(grid, 0)[0]
 */
export function cellRingCoords(grid: Pick<DemandGrid, 'h3Low' | 'h3High'>, cell: number, decimals: number, into: Float64Array): number {
  const outlines = cellOutlines(grid);
  const at = outlines ? outlines.fill(cell) : -1;
  if (!outlines || at < 0) {
    const ring = h3Ring(splitLongToH3Index(grid.h3Low[cell], grid.h3High[cell]), decimals);
    if (2 * ring.length > into.length) return -1;
    for (let v = 0; v < ring.length; v++) {
      into[2 * v] = ring[v][0];
      into[2 * v + 1] = ring[v][1];
    }
    return ring.length;
  }
  return roundedOutline(outlines, cell, at, decimals, into);
}

/** Cell `cell`'s kept outline (at `at` in `coords`) rounded to `decimals` into `into`: its positions, or -1 when they do not fit. */
function roundedOutline(outlines: CellOutlines, cell: number, at: number, decimals: number, into: Float64Array): number {
  const positions = outlines.count[cell];
  if (2 * positions > into.length) return -1;
  const scale = 10 ** decimals;
  const { coords } = outlines;
  for (let k = 0; k < 2 * positions; k++) into[k] = Math.round(coords[at + k] * scale) / scale;
  return positions;
}

/**
 * `JSON.stringify(cellRing(grid, cell))`: the ring as the cell maps write it (6 decimals),
 * kept per cell like the outline on grids of up to {@link OUTLINE_CACHE_CELLS} cells.
 *
 * @example
 * const text = cellRingJson(grid, 0); // '[[123.37,41.79],…,[123.37,41.79]]'
 */
export function cellRingJson(grid: Pick<DemandGrid, 'h3Low' | 'h3High'>, cell: number): string {
  const outlines = cellOutlines(grid);
  if (!outlines || outlines.fill(cell) < 0) return JSON.stringify(cellRing(grid, cell));
  let text = outlines.json[cell];
  if (text === undefined) outlines.json[cell] = text = JSON.stringify(cellRing(grid, cell));
  return text;
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

/**
 * Grids up to this many cells keep their cells' outlines (about 180 bytes a cell, 300 with the
 * map's text); a larger grid (a national map) computes each outline when it is asked for.
 *
 * @example
 * grid.cellCount <= OUTLINE_CACHE_CELLS; // its outlines are kept after the first map
 */
export const OUTLINE_CACHE_CELLS = 250_000;

/**
 * Positions of a closed H3 ring at most: 10 vertices (a distorted pentagon) and the closing one.
 *
 * @example
 * const into = new Float64Array(2 * MAX_RING_POSITIONS); // any cell's ring fits (cellRingCoords)
 */
export const MAX_RING_POSITIONS = 11;

/** cellRing's rounded positions before they become arrays (every call is synchronous). */
const ringScratch = new Float64Array(2 * MAX_RING_POSITIONS);

/** A grid's cell outlines as h3-js gives them (unrounded), filled as cells are asked for. */
interface CellOutlines {
  /** The H3 index each slot was filled for (0/0: not yet): a cell whose index changed is filled again. */
  low: Uint32Array;
  high: Uint32Array;
  /** Positions of cell c's ring (0: not yet filled). */
  count: Uint8Array;
  /** Cell c's ring at `c × 2 × MAX_RING_POSITIONS`: lng, lat, lng, lat, … */
  coords: Float64Array;
  /** The ring's JSON text (6 decimals), once asked for. */
  json: Array<string | undefined>;
  /** Fills cell `c`'s outline if it is not yet (or was for another index) and returns where it starts in `coords` (-1: too many positions to keep). */
  fill(c: number): number;
}

/**
 * Outlines are kept per grid by its `h3Low` array (a grid's arrays are never replaced); each slot
 * also records the H3 index it was computed for, so even a grid whose cells were rewritten in
 * place gets outlines of the cells it holds now.
 */
const outlinesByGrid = new WeakMap<Uint32Array, CellOutlines>();

function cellOutlines(grid: Pick<DemandGrid, 'h3Low' | 'h3High'>): CellOutlines | null {
  const { h3Low, h3High } = grid;
  const cellCount = h3Low.length;
  if (cellCount > OUTLINE_CACHE_CELLS || h3High.length !== cellCount) return null;
  let outlines = outlinesByGrid.get(h3Low);
  if (outlines && outlines.count.length === cellCount) return outlines;
  const low = new Uint32Array(cellCount);
  const high = new Uint32Array(cellCount);
  const count = new Uint8Array(cellCount);
  const coords = new Float64Array(cellCount * 2 * MAX_RING_POSITIONS);
  const json = new Array<string | undefined>(cellCount);
  outlines = {
    low,
    high,
    count,
    coords,
    json,
    fill(c) {
      const at = c * 2 * MAX_RING_POSITIONS;
      if (count[c] !== 0 && low[c] === h3Low[c] && high[c] === h3High[c]) return at;
      // The index as its split long: h3-js reads that as it is, where a string it would make only to parse it again.
      const ring = cellToBoundary([h3Low[c], h3High[c]], true);
      if (ring.length > MAX_RING_POSITIONS) return -1;
      for (let v = 0; v < ring.length; v++) {
        coords[at + 2 * v] = ring[v][0];
        coords[at + 2 * v + 1] = ring[v][1];
      }
      count[c] = ring.length;
      low[c] = h3Low[c];
      high[c] = h3High[c];
      json[c] = undefined;
      return at;
    },
  };
  outlinesByGrid.set(h3Low, outlines);
  return outlines;
}
