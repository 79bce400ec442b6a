import type { DemandGrid } from '../../grid/demandGrid.js';
import { cellRingCoords, MAX_RING_POSITIONS } from '../../grid/cellPolygons.js';
import type { MapProjection } from './fitProjection.js';
import { NUMBER_BYTES, writeNumber } from '../../utf8Pieces.js';

/**
 * Map coordinates are written in tenths of a pixel as integers (the hexagon group is drawn with
 * `transform="scale(.1)"`): 0.1 px precision without decimal points keeps 46,000 hexagons near
 * 40 bytes each.
 */
export const MAP_UNITS_PER_PX = 10;

/**
 * SVG path data of each cell's hexagon, projected, in tenths of a pixel: an absolute move to
 * the first vertex, then relative steps, then `z`. Steps are differences of rounded absolute
 * positions, so rounding never accumulates along the ring and neighbours share exact vertices.
 *
 * @example
 * const d = cellPathData(grid, [0, 1, 2], projection); // ['M5234 6127l14 8 0 14-14 8-14-8 0-14z', …]
 */
export function cellPathData(grid: Pick<DemandGrid, 'h3Low' | 'h3High'>, cells: ArrayLike<number>, projection: MapProjection): string[] {
  const out = new Array<string>(cells.length);
  // Room for any cell's ring: cellRingCoords never refuses it.
  const ring = new Float64Array(2 * MAX_RING_POSITIONS);
  // Each path is written as bytes and read as one flat string: a string built by concatenation is
  // a tree of a dozen pieces per cell, which the garbage collector copies while the paths are kept.
  let text = Buffer.allocUnsafe(PATH_BYTES);
  for (let i = 0; i < cells.length; i++) {
    const positions = cellRingCoords(grid, cells[i], 7, ring);
    // 'M', two numbers, then at most one step (a separator and two numbers) per position, 'l' and 'z'.
    const bound = 4 + (positions + 1) * (3 + 2 * NUMBER_BYTES);
    if (bound > text.length) text = Buffer.allocUnsafe(bound);
    let at = 0;
    let lastX = 0;
    let lastY = 0;
    let steps = false;
    // The ring is closed (last = first): `z` draws the closing edge.
    for (let v = 0; v < positions - 1; v++) {
      const [px, py] = projection.project(ring[2 * v], ring[2 * v + 1]);
      const x = Math.round(px * MAP_UNITS_PER_PX);
      const y = Math.round(py * MAP_UNITS_PER_PX);
      if (v === 0) {
        text[at++] = 0x4d; // M
        at = writeNumber(text, at, x, String);
        text[at++] = 0x20;
        at = writeNumber(text, at, y, String);
      } else {
        const dx = x - lastX;
        const dy = y - lastY;
        // Vertices that round together are dropped; a hexagon smaller than the precision
        // becomes a bare move, which draws nothing and keeps the rest of the path valid.
        if (dx === 0 && dy === 0) continue;
        if (!steps) {
          text[at++] = 0x6c; // l
          steps = true;
        } else if (!(dx < 0)) text[at++] = 0x20;
        at = writeNumber(text, at, dx, String);
        if (!(dy < 0)) text[at++] = 0x20;
        at = writeNumber(text, at, dy, String);
      }
      lastX = x;
      lastY = y;
    }
    text[at++] = 0x7a; // z
    out[i] = text.toString('latin1', 0, at);
  }
  return out;
}

/** Bytes of the path scratch: enough for any H3 cell's path. */
const PATH_BYTES = 1024;

/** Projections of one grid whose path data are kept (a report draws one; a few sizes at most). */
const KEPT_PROJECTIONS = 4;

/** Each grid's path data per projection key, with the arrays it was made from. */
const pathsByGrid = new WeakMap<object, { h3Low: unknown; h3High: unknown; byKey: Map<string, string[]> }>();

/**
 * {@link cellPathData} of every cell of `grid` in index order, kept per grid and projection
 * (`projection.key`: equal keys project every point alike; grids are not changed once built,
 * one whose arrays were replaced is drawn afresh): the report page's map is the costliest part
 * of the page, and a run can draw it while its pool solves (`prepareReportMap`) instead of after.
 *
 * @example
 * const d = gridPathData(grid, gridProjection(grid, allCells, bases, 960)); // d.length === grid.cellCount
 */
export function gridPathData(grid: Pick<DemandGrid, 'h3Low' | 'h3High' | 'cellCount'>, projection: MapProjection): readonly string[] {
  const everyCell = () => {
    const cells = new Uint32Array(grid.cellCount);
    for (let c = 0; c < grid.cellCount; c++) cells[c] = c;
    return cells;
  };
  if (projection.key === undefined) return cellPathData(grid, everyCell(), projection);
  let kept = pathsByGrid.get(grid);
  if (!kept || kept.h3Low !== grid.h3Low || kept.h3High !== grid.h3High) {
    kept = { h3Low: grid.h3Low, h3High: grid.h3High, byKey: new Map() };
    pathsByGrid.set(grid, kept);
  }
  let paths = kept.byKey.get(projection.key);
  if (!paths) {
    paths = cellPathData(grid, everyCell(), projection);
    if (kept.byKey.size >= KEPT_PROJECTIONS) kept.byKey.delete(kept.byKey.keys().next().value!);
    kept.byKey.set(projection.key, paths);
  }
  return paths;
}

/** Class values below this make a cell's group number in {@link hexagonLayers} (one digit per layer). */
const CODE_BASE = 256;

/** Layers whose class values fit one group number (256^6 is below 2^53). */
const MAX_CODED_LAYERS = 6;

/** One classification of the drawn cells: `classes[i]` of drawn cell i becomes CSS class `prefix + classes[i]`. */
export interface HexagonLayer {
  prefix: string;
  classes: ArrayLike<number>;
}

/**
 * Hexagons grouped into one `<path>` per combination of classes across all layers. Every
 * layer (a period's response class, a demand flag, a difference state) is a CSS class on the
 * path, and the page's CSS colours the path by whichever layer is selected: the geometry is
 * written once however many periods there are, and the page needs no script to switch.
 * Groups are ordered by their class string, so the output is deterministic.
 *
 * @example
 * hexagonLayers(pathData, [{ prefix: 'p0c', classes: dayClasses }, { prefix: 'p1c', classes: nightClasses }]);
 * // -> '<path class="p0c0 p1c1" d="M…z M…z"/>…'
 */
export function hexagonLayers(pathData: readonly string[], layers: readonly HexagonLayer[]): { svg: string; groups: number } {
  const groups = new Map<string, string[]>();
  const keyOf = (i: number) => layers.map((layer) => `${layer.prefix}${layer.classes[i]}`).join(' ');
  // A cell whose classes are all small integers finds its group by a number made of them, without
  // making its key's text (the key is made once per group).
  const byCode = new Map<number, string[]>();
  const coded = layers.length <= MAX_CODED_LAYERS;
  for (let i = 0; i < pathData.length; i++) {
    let code = 0;
    for (let l = 0; coded && l < layers.length; l++) {
      const value = layers[l].classes[i];
      if (!(Number.isInteger(value) && value >= 0 && value < CODE_BASE)) {
        code = -1;
        break;
      }
      code = code * CODE_BASE + value;
    }
    let list = coded && code >= 0 ? byCode.get(code) : undefined;
    if (!list) {
      const key = keyOf(i);
      list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      if (coded && code >= 0) byCode.set(code, list);
    }
    list.push(pathData[i]);
  }
  const keys = [...groups.keys()].sort();
  const svg = keys.map((key) => `<path class="${key}" d="${groups.get(key)!.join('')}"/>`).join('\n');
  return { svg, groups: keys.length };
}
