import { cellArea, cellToChildren, cellToLatLng, h3IndexToSplitLong, splitLongToH3Index } from 'h3-js';

/**
 * H3 cells of one resolution as plain numbers, so the grid build keeps no H3 strings inside:
 * the key of a cell of resolution r is its base cell and its r digits, `baseCell × 8^r +
 * digits` (7 + 3r bits: a small integer up to resolution 7, an exact double at any). What the
 * index holds besides (mode 1, the resolution, the unused digits, all 7) is the same for every
 * cell of a resolution, so a key names one cell once the resolution is known, and keys of one
 * resolution sort as their indexes do.
 *
 * @example
 * const keys = cellKeys(7);
 * const key = keys.fromH3('872a1072bffffff');
 * keys.toH3(key); // -> '872a1072bffffff'
 */
export interface CellKeys {
  resolution: number;
  /** Key of an H3 index string (of this resolution). */
  fromH3(h3: string): number;
  /** The H3 index string of a key. */
  toH3(key: number): string;
  /** Lower 32 bits of the cell's index (unsigned). */
  low(key: number): number;
  /** Upper 32 bits of the cell's index (unsigned). */
  high(key: number): number;
  /** `[lat, lng]` of the cell's centre: h3-js `cellToLatLng`, given the index as a split long. */
  centre(key: number): number[];
  /** h3-js `cellArea(cell, 'km2')`, given the index as a split long. */
  areaKm2(key: number): number;
  /**
   * Appends the keys of the cell's descendants at `resolution + levels` to `out`, in the order
   * h3-js `cellToChildren` gives them (ascending index), and returns how many it appended.
   */
  children(key: number, levels: number, out: number[]): number;
}

const TWO_32 = 4_294_967_296;
/** Base cells whose centre child at every resolution is a pentagon. */
const PENTAGON_BASE_CELLS = new Set([4, 14, 24, 38, 49, 58, 63, 72, 83, 97, 107, 117]);

/**
 * The key helpers of one resolution (see {@link CellKeys}). Descendants are formed by
 * arithmetic on the key (digits below the cell are 7 in its index, 0–6 in a child's), except
 * for pentagons, which h3-js lists (they lack the children whose first new digit is 1).
 *
 * @example
 * const children: number[] = [];
 * cellKeys(5).children(cellKeys(5).fromH3('85283473fffffff'), 2, children); // 49 keys at resolution 7
 */
export function cellKeys(resolution: number): CellKeys {
  const header = (0x08000000 | (resolution << 20)) >>> 0;
  // The unused digits resolution+1 … 15, all 7: 3 bits each below the key's.
  const tailScale = 8 ** (15 - resolution);
  const tail = tailScale - 1;
  const digitsScale = 8 ** resolution;
  const split = [0, 0];
  // The index's low 52 bits (base cell and digits) as one exact double.
  const bits = (key: number) => key * tailScale + tail;
  const low = (key: number) => bits(key) >>> 0;
  const high = (key: number) => (header | Math.floor(bits(key) / TWO_32)) >>> 0;
  const toSplit = (key: number) => {
    const full = bits(key);
    split[0] = full >>> 0;
    split[1] = (header | Math.floor(full / TWO_32)) >>> 0;
    return split;
  };
  const offsetsByLevels: Float64Array[] = [];
  const offsets = (levels: number): Float64Array => {
    let table = offsetsByLevels[levels];
    if (!table) {
      // A child's key is the parent's × 8^levels plus its new digits, listed here ascending.
      let values = [0];
      for (let level = 0; level < levels; level++) {
        const next: number[] = [];
        for (const value of values) for (let digit = 0; digit < 7; digit++) next.push(value * 8 + digit);
        values = next;
      }
      table = Float64Array.from(values);
      offsetsByLevels[levels] = table;
    }
    return table;
  };
  return {
    resolution,
    fromH3(h3: string): number {
      const [lo, hi] = h3IndexToSplitLong(h3);
      return Math.floor(((hi & 0xfffff) * TWO_32 + (lo >>> 0)) / tailScale);
    },
    toH3: (key) => splitLongToH3Index(low(key), high(key)),
    low,
    high,
    centre: (key) => cellToLatLng(toSplit(key)),
    areaKm2: (key) => cellArea(toSplit(key), 'km2'),
    children(key: number, levels: number, out: number[]): number {
      if (levels === 0) {
        out.push(key);
        return 1;
      }
      // A pentagon: a pentagon base cell with every digit 0.
      if (key % digitsScale === 0 && PENTAGON_BASE_CELLS.has(key / digitsScale)) {
        const childKeys = cellKeys(resolution + levels);
        const list = cellToChildren(splitLongToH3Index(low(key), high(key)), resolution + levels);
        for (let i = 0; i < list.length; i++) out.push(childKeys.fromH3(list[i]));
        return list.length;
      }
      const table = offsets(levels);
      const first = key * 8 ** levels;
      for (let i = 0; i < table.length; i++) out.push(first + table[i]);
      return table.length;
    },
  };
}
