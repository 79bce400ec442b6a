import type { DemandGrid } from '../grid/demandGrid.js';
import { writeH3Index } from '../grid/writeH3Index.js';
import { cellHazardTypes } from './coverageReport.js';
import { gridCellRow } from './cellTable.js';
import { csvField } from '../csvField.js';
import { NUMBER_BYTES, writeBytes, writeScaled, type Utf8Pieces } from '../utf8Pieces.js';

/** The columns of {@link gridCellRow}, in its order: the writer spells exactly these. */
const COLUMNS = ['hex_id', 'lat', 'lng', 'area_km2', 'demand', 'hazard_demand', 'population', 'hazard_types', 'region'] as const;

/** Decimals of the rounded number columns (lat … hazard_demand, then population), as `gridCellRow` rounds them. */
const DECIMALS = [6, 6, 4, 6, 6, 0] as const;

/** 10^d of {@link DECIMALS}, as `round` scales by. */
const SCALES = DECIMALS.map((decimals) => 10 ** decimals);

/** Integers below this in magnitude are written by `writeScaled` (15 digits name distinct doubles). */
const UNITS_LIMIT = 1e15;

/** A text column's value in both files, encoded once per distinct value. */
interface ValueBytes {
  json: Uint8Array;
  csv: Uint8Array;
}

/**
 * Writes a cell's grid columns (`gridCellRow`) straight from the grid's arrays (see {@link gridRowWriter}):
 * {@link GridRowWriter.load} a cell, then write its JSON and its CSV fields.
 */
export interface GridRowWriter {
  /**
   * Reads cell `c`'s values and returns the bytes its columns take at most in either file, or -1
   * when a value is not one this writer spells (a number that is not finite or is 10^9 or more
   * once rounded, a region index without a name): the caller then takes `gridCellRow`.
   */
  load(c: number): number;
  /** Writes `JSON.stringify(gridCellRow(grid, c))` of the loaded cell without its closing brace. */
  json(out: Utf8Pieces): void;
  /** Writes the loaded cell's `csvField`s of `gridCellRow(grid, c)`, joined by commas. */
  csv(out: Utf8Pieces): void;
}

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

/**
 * The grid part of each cell's map feature and table row written as UTF-8 without making the
 * row: the H3 name from the index's bits, the rounded numbers from the integers they were rounded
 * to (`writeScaled`), and each distinct hazard-type set and region name encoded once
 * for the grid. The same bytes as `JSON.stringify(gridCellRow(grid, c))` and its `csvField`s, for
 * every cell whose {@link GridRowWriter.load} accepts it; `null` when `gridCellRow`'s columns are
 * not the ones it spells (its test compares both on random and odd grids). Making the row object,
 * its H3 string and its hazard text per cell was most of the work of a map's grid part.
 *
 * @example
 * const writer = gridRowWriter(grid)!;
 * const bound = writer.load(c);
 * if (bound >= 0) {
 *   out.reserve(bound);
 *   writer.json(out); // else: JSON.stringify(gridCellRow(grid, c))
 * }
 */
export function gridRowWriter(grid: DemandGrid): GridRowWriter | null {
  if (grid.cellCount === 0) return null;
  const keys = Object.keys(gridCellRow(grid, 0));
  if (keys.length !== COLUMNS.length || keys.some((key, k) => key !== COLUMNS[k])) return null;
  const jsonKeys = COLUMNS.map((key, k) => utf8(`${k === 0 ? '{' : ','}${JSON.stringify(key)}:`));
  const keyBytes = jsonKeys.reduce((sum, key) => sum + key.length, 0);
  const hazardBytes = new Map<number, ValueBytes>();
  const nullBytes: ValueBytes = { json: utf8('null'), csv: new Uint8Array(0) };
  const { h3Low, h3High, hazardMask, region, regionNames } = grid;
  const numbers = [grid.latDeg, grid.lngDeg, grid.areaKm2, grid.demand, grid.hazardDemand, grid.population];
  // The loaded cell.
  const units = new Float64Array(numbers.length);
  let cell = -1;
  let hazard = nullBytes;
  let name = nullBytes;
  const valueBytes = (text: string): ValueBytes => ({ json: utf8(JSON.stringify(text)), csv: utf8(csvField(text)) });
  // Each hazard-type set and region name is encoded before the first cell (a grid has a few
  // dozen): one met first deep into the map would otherwise take a path the optimised loop had
  // never seen, and the first such cell would throw its compiled code away. Each mask is spelled
  // from its first cell; a region without a name (`undefined`: the row holds it, and JSON leaves
  // it out) is a hole the loader refuses.
  for (let c = 0; c < grid.cellCount; c++) if (!hazardBytes.has(hazardMask[c])) hazardBytes.set(hazardMask[c], valueBytes(cellHazardTypes(grid, c).join(';')));
  const regionBytes: Array<ValueBytes | undefined> = Array.from(regionNames, (regionName) => (typeof regionName === 'string' ? valueBytes(regionName) : undefined));
  return {
    load(c) {
      for (let k = 0; k < numbers.length; k++) {
        const value = numbers[k][c];
        // round(value, d) is Math.round(value × 10^d) / 10^d where that product is finite (population: Math.round(value)).
        const rounded = Math.round(value * SCALES[k]);
        if (!(Math.abs(rounded) < UNITS_LIMIT)) return -1;
        units[k] = rounded;
      }
      const mask = hazardMask[c];
      let types = hazardBytes.get(mask);
      // A cell rewritten since the writer was made.
      if (types === undefined) hazardBytes.set(mask, (types = valueBytes(cellHazardTypes(grid, c).join(';'))));
      const r = region[c];
      if (r >= 0) {
        const known = r < regionBytes.length ? regionBytes[r] : undefined;
        if (known === undefined) return -1;
        name = known;
      } else name = nullBytes;
      hazard = types;
      cell = c;
      return keyBytes + 16 + 2 + units.length * NUMBER_BYTES + 2 * COLUMNS.length + Math.max(types.json.length, types.csv.length) + Math.max(name.json.length, name.csv.length);
    },
    json(out) {
      // Through a local position: a call through the writer's fields per byte costs more than the byte.
      const bytes = out.current;
      let at = writeBytes(bytes, out.used, jsonKeys[0]);
      bytes[at++] = 0x22;
      at = writeH3Index(bytes, at, h3Low[cell], h3High[cell]);
      bytes[at++] = 0x22;
      for (let k = 0; k < units.length; k++) at = writeScaled(bytes, writeBytes(bytes, at, jsonKeys[k + 1]), units[k], DECIMALS[k]);
      at = writeBytes(bytes, writeBytes(bytes, at, jsonKeys[7]), hazard.json);
      out.advance(writeBytes(bytes, writeBytes(bytes, at, jsonKeys[8]), name.json));
    },
    csv(out) {
      const bytes = out.current;
      // An H3 name is hexadecimal digits: nothing csvField guards or quotes.
      let at = writeH3Index(bytes, out.used, h3Low[cell], h3High[cell]);
      for (let k = 0; k < units.length; k++) {
        bytes[at++] = 0x2c;
        at = writeScaled(bytes, at, units[k], DECIMALS[k]);
      }
      bytes[at++] = 0x2c;
      at = writeBytes(bytes, at, hazard.csv);
      bytes[at++] = 0x2c;
      out.advance(writeBytes(bytes, at, name.csv));
    },
  };
}
