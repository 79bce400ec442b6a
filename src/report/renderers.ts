import type { FeatureCollection, Point } from 'geojson';
import type { DemandGrid } from '../grid/demandGrid.js';
import { cellRingCoords, cellRingJson, MAX_RING_POSITIONS } from '../grid/cellPolygons.js';
import type { Site } from '../travel/aircraft.js';
import { addOutcomeColumns, DEFAULT_CELL_ROWS_OPTIONS, gridCellRow, outcomeColumnBytes, outcomeColumnTexts, type CellRow, type CellRowsOptions, type OutcomeColumnBytes } from './cellTable.js';
import type { CellOutcomes } from './coverageReport.js';
import { csvField, plainCsvField } from '../csvField.js';
import { gridRowWriter } from './gridRowWriter.js';
import { resolveOptions } from '../resolveOptions.js';
import { AirreachError } from '../errors.js';
import { NUMBER_BYTES, Utf8Pieces, writeNumber, writeScaled } from '../utf8Pieces.js';

/**
 * The cell table as an RFC 7946 FeatureCollection of hexagon polygons ([lng, lat], closed,
 * counter-clockwise rings), one feature per row with the row as its properties. Written as
 * text with one feature per line, so a 40,000-cell map stays diffable and streams into viewers.
 * The same text as {@link cellRowsToGeoJsonChunks} joined (use that for large grids).
 *
 * @example
 * const text = cellRowsToGeoJson(grid, cellRows(grid, sites, outcomes));
 */
export function cellRowsToGeoJson(grid: DemandGrid, rows: Iterable<{ cell: number; row: CellRow }>): string {
  return [...cellRowsToGeoJsonChunks(grid, rows)].join('');
}

/**
 * {@link cellRowsToGeoJson} as a sequence of pieces (the head, one per feature, the tail), so
 * the map of a national grid (about 1 GB) is written without ever being one string.
 *
 * @example
 * const body = streamedText(() => cellRowsToGeoJsonChunks(grid, iterateCellRows(grid, sites, outcomes)));
 */
export function* cellRowsToGeoJsonChunks(grid: DemandGrid, rows: Iterable<{ cell: number; row: CellRow }>): Generator<string> {
  yield '{"type":"FeatureCollection","features":[\n';
  let first = true;
  for (const { cell, row } of rows) {
    // JSON.stringify of { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: row },
    // with the ring's text kept per grid (the same in every period and every scenario on the grid).
    yield `${first ? '' : ',\n'}{"type":"Feature","geometry":{"type":"Polygon","coordinates":[${cellRingJson(grid, cell)}]},"properties":${JSON.stringify(row)}}`;
    first = false;
  }
  yield '\n]}\n';
}

/**
 * The cell table as CSV (RFC 4180: comma-separated, quoted where needed, `\n` line ends).
 * Booleans are written `true`/`false`, missing values as empty fields; text is neutralised
 * against formula injection (see `csvField`). The same text as {@link cellRowsToCsvChunks} joined.
 *
 * @example
 * const csv = cellRowsToCsv(rows); // 'hex_id,lat,lng,...\n872a10...,41.8,...'
 */
export function cellRowsToCsv(rows: Iterable<{ row: CellRow }>): string {
  return [...cellRowsToCsvChunks(rows)].join('');
}

/**
 * {@link cellRowsToCsv} as a sequence of lines (the header from the first row's columns; no
 * text at all for no rows).
 *
 * @example
 * const body = streamedText(() => cellRowsToCsvChunks(iterateCellRows(grid, sites, outcomes)));
 */
export function* cellRowsToCsvChunks(rows: Iterable<{ row: CellRow }>): Generator<string> {
  let columns: string[] | null = null;
  for (const { row } of rows) {
    if (columns === null) {
      columns = Object.keys(row);
      yield `${columns.map(csvField).join(',')}\n`;
    }
    yield `${columns.map((column) => csvField(row[column])).join(',')}\n`;
  }
}

/**
 * The cell map of a run: `cellRowsToGeoJsonChunks(grid, iterateCellRows(grid, sites, outcomes, options))`,
 * the same text, with each cell's grid columns and outline as text kept per grid (see
 * {@link gridRowTexts}): only the run's own columns are made afresh, so the maps of both periods
 * and of every scenario on one grid share that work.
 *
 * @example
 * const body = streamedText(() => cellTableGeoJsonChunks(grid, sites, outcomes, { cells: 'all' }));
 */
export function* cellTableGeoJsonChunks(grid: DemandGrid, sites: readonly Site[], outcomes: CellOutcomes, options: CellRowsOptions = {}): Generator<string> {
  const { cells } = resolveOptions(DEFAULT_CELL_ROWS_OPTIONS, options);
  const texts = gridRowTexts(grid);
  const outcome = outcomeColumnTexts(sites, outcomes);
  yield '{"type":"FeatureCollection","features":[\n';
  let first = true;
  for (let c = 0; c < grid.cellCount; c++) {
    if (cells === 'demand' && !(grid.demand[c] > 0)) continue;
    // `{…grid columns` + `,` + `…outcome columns` + `}`: JSON.stringify of the whole row (neither part is empty).
    yield `${first ? '' : ',\n'}{"type":"Feature","geometry":{"type":"Polygon","coordinates":[${cellRingJson(grid, c)}]},"properties":${texts.json(c)},${outcome.json(c)}}}`;
    first = false;
  }
  yield '\n]}\n';
}

/**
 * The cell table of a run as CSV: `cellRowsToCsvChunks(iterateCellRows(grid, sites, outcomes, options))`,
 * the same text, with each cell's grid columns kept as text per grid (see {@link cellTableGeoJsonChunks}).
 *
 * @example
 * const body = streamedText(() => cellTableCsvChunks(grid, sites, outcomes));
 */
export function* cellTableCsvChunks(grid: DemandGrid, sites: readonly Site[], outcomes: CellOutcomes, options: CellRowsOptions = {}): Generator<string> {
  const { cells } = resolveOptions(DEFAULT_CELL_ROWS_OPTIONS, options);
  const texts = gridRowTexts(grid);
  const outcome = outcomeColumnTexts(sites, outcomes);
  let header = false;
  for (let c = 0; c < grid.cellCount; c++) {
    if (cells === 'demand' && !(grid.demand[c] > 0)) continue;
    if (!header) {
      yield `${[...Object.keys(gridCellRow(grid, c)), ...Object.keys(addOutcomeColumns({}, sites, outcomes, c))].map(csvField).join(',')}\n`;
      header = true;
    }
    yield `${texts.csv(c)}${outcome.csv(c)}\n`;
  }
}

/**
 * {@link cellTableGeoJsonChunks} as UTF-8 bytes, in pieces of about 1 MiB that are the caller's
 * to keep (see `StreamedText.utf8`): the same bytes as encoding its text. Each cell's outline and
 * grid columns are encoded once per grid (see {@link gridRowBytes}) and copied, and the run's own
 * columns are written as bytes ({@link outcomeColumnBytes}): no string is made per row. A grid
 * over {@link ROW_TEXT_CACHE_CELLS} cells encodes each row's grid part afresh, still streaming.
 *
 * @example
 * const body = streamedText(() => cellTableGeoJsonChunks(grid, sites, outcomes), () => cellTableGeoJsonUtf8(grid, sites, outcomes));
 */
export function* cellTableGeoJsonUtf8(grid: DemandGrid, sites: readonly Site[], outcomes: CellOutcomes, options: CellRowsOptions = {}): Generator<Uint8Array> {
  const { cells } = resolveOptions(DEFAULT_CELL_ROWS_OPTIONS, options);
  const kept = gridRowBytes(grid);
  const texts = kept ? null : gridRowTexts(grid);
  const outcome = outcomeColumnBytes(sites, outcomes);
  const out = new Utf8Pieces();
  out.text('{"type":"FeatureCollection","features":[\n');
  if (out.finished > 0) yield* out.take();
  // A piece at a time: a call that stops before the grid's end finished a piece with a row of its own.
  for (let c = 0, first = true; c < grid.cellCount; first = false) {
    c = featureRows(grid, cells === 'demand', kept, texts, outcome, out, c, first);
    if (out.finished > 0) yield* out.take();
  }
  out.text('\n]}\n');
  out.end();
  yield* out.take();
}

/**
 * Writes the map's features from cell `c` on (no piece finished yet: the caller took them) until
 * a piece is finished or the grid ends, and returns the next cell: the rows' loop as a plain
 * function, which V8 optimises once for both periods' maps (in the generator, the loop's exit
 * and the next map cost it recompiling).
 */
function featureRows(grid: DemandGrid, demandOnly: boolean, kept: GridRowBytes | null, texts: GridRowTexts | null, outcome: OutcomeColumnBytes, out: Utf8Pieces, c: number, first: boolean): number {
  const { cellCount, demand } = grid;
  // The piece's end is checked at the top, after the loop's own step: the exit then needs no
  // arithmetic of its own (code V8 had never run when it optimised the loop).
  for (; c < cellCount; c++) {
    if (out.finished > 0) break;
    if (demandOnly && !(demand[c] > 0)) continue;
    if (!first) {
      out.reserve(SEPARATOR.length);
      out.bytes(SEPARATOR);
    }
    first = false;
    if (kept) kept.feature(c, out);
    else out.text(`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[${cellRingJson(grid, c)}]},"properties":${texts!.json(c)},`);
    outcome.json(c, out);
    out.reserve(FEATURE_END.length);
    out.bytes(FEATURE_END);
  }
  return c;
}

/**
 * {@link cellTableCsvChunks} as UTF-8 bytes, in pieces that are the caller's to keep: the same
 * bytes as encoding its text, made as {@link cellTableGeoJsonUtf8} makes the map's.
 *
 * @example
 * const body = streamedText(() => cellTableCsvChunks(grid, sites, outcomes), () => cellTableCsvUtf8(grid, sites, outcomes));
 */
export function* cellTableCsvUtf8(grid: DemandGrid, sites: readonly Site[], outcomes: CellOutcomes, options: CellRowsOptions = {}): Generator<Uint8Array> {
  const { cells } = resolveOptions(DEFAULT_CELL_ROWS_OPTIONS, options);
  const kept = gridRowBytes(grid);
  const texts = kept ? null : gridRowTexts(grid);
  const outcome = outcomeColumnBytes(sites, outcomes);
  const out = new Utf8Pieces();
  const demandOnly = cells === 'demand';
  let c = 0;
  while (c < grid.cellCount && demandOnly && !(grid.demand[c] > 0)) c++;
  // The header from the first row's columns; no text at all for no rows.
  if (c < grid.cellCount) out.text(`${[...Object.keys(gridCellRow(grid, c)), ...Object.keys(addOutcomeColumns({}, sites, outcomes, c))].map(csvField).join(',')}\n`);
  if (out.finished > 0) yield* out.take();
  while (c < grid.cellCount) {
    c = tableRows(grid, demandOnly, kept, texts, outcome, out, c);
    if (out.finished > 0) yield* out.take();
  }
  out.end();
  yield* out.take();
}

/** Writes the table's rows from cell `c` on until a piece is finished or the grid ends, and returns the next cell (see {@link featureRows}). */
function tableRows(grid: DemandGrid, demandOnly: boolean, kept: GridRowBytes | null, texts: GridRowTexts | null, outcome: OutcomeColumnBytes, out: Utf8Pieces, c: number): number {
  const { cellCount, demand } = grid;
  for (; c < cellCount; c++) {
    if (out.finished > 0) break;
    if (demandOnly && !(demand[c] > 0)) continue;
    if (kept) kept.csv(c, out);
    else out.text(texts!.csv(c));
    outcome.csv(c, out);
    out.reserve(1);
    out.bytes(NEWLINE);
  }
  return c;
}

const SEPARATOR = new Uint8Array(Buffer.from(',\n'));
const FEATURE_END = new Uint8Array(Buffer.from('}}'));
const NEWLINE = new Uint8Array(Buffer.from('\n'));

/** A grid's rows' grid parts as UTF-8, encoded once per grid as cells are asked for. */
interface GridRowBytes {
  /** What the bytes were made from: a grid whose arrays were replaced gets new bytes. */
  arrays: readonly unknown[];
  /** Writes `{"type":"Feature","geometry":…,"properties":` and the grid columns' JSON with a comma after it (see {@link cellTableGeoJsonChunks}). */
  feature(c: number, out: Utf8Pieces): void;
  /** Writes the grid columns' CSV fields (`GridRowTexts.csv`). */
  csv(c: number, out: Utf8Pieces): void;
}

const rowBytesByGrid = new WeakMap<DemandGrid, GridRowBytes>();

/** Bytes of one block of a grid's kept row bytes. */
const ROW_BYTES_BLOCK = 1 << 20;

/** Texts written into a few large blocks, one slot per cell (about 600 bytes a cell for the map and table of a grid). */
class CellTextBytes {
  readonly #out = new Utf8Pieces(ROW_BYTES_BLOCK);
  readonly #blocks: Uint8Array[] = [];
  readonly #block: Int32Array;
  readonly #start: Uint32Array;
  readonly #end: Uint32Array;
  #slot = -1;

  constructor(cellCount: number) {
    this.#block = new Int32Array(cellCount).fill(-1);
    this.#start = new Uint32Array(cellCount);
    this.#end = new Uint32Array(cellCount);
  }

  has(c: number): boolean {
    return this.#block[c] >= 0;
  }

  /** Starts cell `c`'s text, of at most `bound` bytes: write it into the writer returned, then call {@link CellTextBytes.close}. */
  open(c: number, bound: number): Utf8Pieces {
    const out = this.#out;
    out.reserve(bound);
    // Finished blocks are held through #blocks; the writer's own list of them is not needed.
    if (out.finished > 0) out.take();
    if (this.#blocks[this.#blocks.length - 1] !== out.current) this.#blocks.push(out.current);
    this.#slot = c;
    this.#start[c] = out.used;
    return out;
  }

  close(): void {
    // The text must lie in one block: a bound that was too small would split it.
    if (this.#out.current !== this.#blocks[this.#blocks.length - 1]) throw new AirreachError('E_OUTPUT', 'a cell\'s text outgrew the room reserved for it', { value: this.#slot });
    const c = this.#slot;
    this.#block[c] = this.#blocks.length - 1;
    this.#end[c] = this.#out.used;
  }

  write(c: number, out: Utf8Pieces): void {
    out.reserve(this.#end[c] - this.#start[c]);
    out.bytes(this.#blocks[this.#block[c]], this.#start[c], this.#end[c]);
  }
}

const FEATURE_HEAD = '{"type":"Feature","geometry":{"type":"Polygon","coordinates":[';
const FEATURE_PROPERTIES = ']},"properties":';
const FEATURE_HEAD_BYTES = new Uint8Array(Buffer.from(FEATURE_HEAD));
const FEATURE_PROPERTIES_BYTES = new Uint8Array(Buffer.from(FEATURE_PROPERTIES));

/** `JSON.stringify` of a ring's number (`null` for one that is not finite, as in a ring's JSON). */
const ringNumber = (value: number) => JSON.stringify(value);

/**
 * Writes a ring's coordinate (rounded to 6 decimals: m / 10^6 for an integer m) as
 * `JSON.stringify` does: `writeScaled` of m, the same digits as `writeNumber` gives (see
 * `writeScaled`), without its tests for integers and other decimals, which a map's first cell
 * on a whole degree would meet deep into the map (with `null` for a number that is not finite).
 */
function ringCoordinate(bytes: Uint8Array, at: number, value: number): number {
  return Math.abs(value) < RING_LIMIT ? writeScaled(bytes, at, Math.round(value * 1e6), 6) : writeNumber(bytes, at, value, ringNumber);
}

/** Coordinates below this in magnitude are written by {@link ringCoordinate}'s `writeScaled` (no exponent). */
const RING_LIMIT = 1e9;

/** True when `JSON.stringify(text)` is `text` in quotes: ASCII without quotes, backslashes or control characters. */
function plainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c) return false;
  }
  return true;
}

/**
 * The grid parts of each cell's map feature and table row as UTF-8, kept per grid like
 * {@link gridRowTexts} on grids up to {@link ROW_TEXT_CACHE_CELLS} cells; `null` for a larger
 * grid. Written straight from the grid's arrays by {@link gridRowWriter} (no row object, H3
 * string or hazard text per cell), or, for a cell it does not spell, from one row for both files
 * (numbers as digits, the same as `JSON.stringify` and `csvField` write them); no string is kept.
 */
function gridRowBytes(grid: DemandGrid): GridRowBytes | null {
  if (grid.cellCount > ROW_TEXT_CACHE_CELLS) return null;
  const arrays = rowArrays(grid);
  const known = rowBytesByGrid.get(grid);
  if (known && known.arrays.every((array, k) => array === arrays[k])) return known;
  const feature = new CellTextBytes(grid.cellCount);
  const csv = new CellTextBytes(grid.cellCount);
  // `{"key":` and `,"key":` per column, encoded once (a row's keys are the same for every cell).
  let keyBytes: Uint8Array[] | null = null;
  let keyBound = 0;
  // Room for any cell's ring: cellRingCoords never refuses it.
  const ring = new Float64Array(2 * MAX_RING_POSITIONS);
  const writer = gridRowWriter(grid);
  const writeRing = (out: Utf8Pieces, count: number) => {
    // FEATURE_HEAD, then JSON.stringify(cellRing(grid, c)) (the text of cellRingJson), written
    // through a local position: 14 numbers and their brackets a cell.
    out.bytes(FEATURE_HEAD_BYTES);
    const bytes = out.current;
    let at = out.used;
    bytes[at++] = 0x5b;
    for (let v = 0; v < count; v++) {
      if (v > 0) bytes[at++] = 0x2c;
      bytes[at++] = 0x5b;
      at = ringCoordinate(bytes, at, ring[2 * v]);
      bytes[at++] = 0x2c;
      at = ringCoordinate(bytes, at, ring[2 * v + 1]);
      bytes[at++] = 0x5d;
    }
    bytes[at++] = 0x5d;
    out.advance(at);
    out.bytes(FEATURE_PROPERTIES_BYTES);
  };
  const fill = (c: number) => {
    const columnBytes = writer ? writer.load(c) : -1;
    if (columnBytes >= 0) {
      const count = cellRingCoords(grid, c, 6, ring);
      const out = feature.open(c, FEATURE_HEAD.length + FEATURE_PROPERTIES.length + 4 + count * (4 + 2 * NUMBER_BYTES) + columnBytes + 1);
      writeRing(out, count);
      writer!.json(out);
      out.byte(0x2c);
      feature.close();
      writer!.csv(csv.open(c, columnBytes));
      csv.close();
      return;
    }
    const row = gridCellRow(grid, c);
    const values = Object.values(row);
    if (keyBytes === null || keyBytes.length !== values.length) {
      keyBytes = Object.keys(row).map((key, k) => new Uint8Array(Buffer.from(`${k === 0 ? '{' : ','}${JSON.stringify(key)}:`, 'utf8')));
      keyBound = keyBytes.reduce((sum, key) => sum + key.length, 0);
    }
    const keys = keyBytes;
    const count = cellRingCoords(grid, c, 6, ring);
    // Texts of the values that are not finite numbers nor plain ASCII strings (those are written as they are into both files).
    const texts = new Array<string | undefined>(values.length);
    let refused = false;
    let bound = FEATURE_HEAD.length + FEATURE_PROPERTIES.length + 4 + count * (4 + 2 * NUMBER_BYTES) + keyBound + 1;
    let csvBound = values.length;
    for (let k = 0; k < values.length; k++) {
      const value = values[k];
      if (typeof value === 'number' && Number.isFinite(value)) {
        bound += NUMBER_BYTES;
        csvBound += NUMBER_BYTES;
      } else if (typeof value === 'string' && plainAscii(value)) {
        bound += value.length + 2;
        csvBound += value.length + 2;
      } else {
        const text = JSON.stringify(value);
        texts[k] = text;
        // Utf8Pieces.text checks room for 3 bytes a character.
        bound += 3 * text.length;
        // csvField refuses a number that is not finite.
        if (typeof value === 'number') refused = true;
        else csvBound += 3 * csvField(value).length;
      }
    }
    const out = feature.open(c, bound);
    writeRing(out, count);
    // JSON.stringify(row) without its closing brace, then the comma before the run's columns.
    for (let k = 0; k < values.length; k++) {
      out.bytes(keys[k]);
      const value = values[k];
      const text = texts[k];
      if (text !== undefined) out.text(text);
      else if (typeof value === 'number') out.number(value, String);
      else {
        out.byte(0x22);
        out.ascii(value as string);
        out.byte(0x22);
      }
    }
    out.byte(0x2c);
    feature.close();
    // A field csvField refuses fails the table when it is asked for (made again there to throw), not the map.
    if (refused) return;
    const table = csv.open(c, csvBound);
    for (let k = 0; k < values.length; k++) {
      if (k > 0) table.byte(0x2c);
      const value = values[k];
      if (texts[k] !== undefined) table.text(csvField(value as string | boolean | null));
      else if (typeof value === 'number') table.number(value, String);
      else if (plainCsvField(value as string)) table.ascii(value as string);
      else table.text(csvField(value as string));
    }
    csv.close();
  };
  const bytes: GridRowBytes = {
    arrays,
    feature(c, out) {
      if (!feature.has(c)) fill(c);
      feature.write(c, out);
    },
    csv(c, out) {
      if (!csv.has(c) && !feature.has(c)) fill(c);
      if (csv.has(c)) csv.write(c, out);
      else out.text(Object.values(gridCellRow(grid, c)).map(csvField).join(','));
    },
  };
  rowBytesByGrid.set(grid, bytes);
  return bytes;
}

/** Grids up to this many cells keep their cells' grid columns as text (about 300 bytes a cell). */
const ROW_TEXT_CACHE_CELLS = 250_000;

/** A grid's cell columns as text, filled as cells are asked for. */
interface GridRowTexts {
  /** What the texts were made from: a grid whose arrays were replaced gets new texts. */
  arrays: readonly unknown[];
  /** `JSON.stringify(gridCellRow(grid, c))` without its closing brace. */
  json(c: number): string;
  /** The CSV fields of `gridCellRow(grid, c)`, joined by commas. */
  csv(c: number): string;
}

const rowTextsByGrid = new WeakMap<DemandGrid, GridRowTexts>();

/** The arrays and lists {@link gridCellRow} reads. */
function rowArrays(grid: DemandGrid): unknown[] {
  return [grid.h3Low, grid.h3High, grid.latDeg, grid.lngDeg, grid.areaKm2, grid.demand, grid.hazardDemand, grid.population, grid.hazardMask, grid.hazardTypes, grid.region, grid.regionNames];
}

/**
 * The grid columns of each cell as JSON and CSV text, kept per grid (grids are not changed once
 * built; one whose arrays were replaced gets new texts). A grid over {@link ROW_TEXT_CACHE_CELLS}
 * cells (a national map) makes them afresh instead of holding hundreds of megabytes.
 */
function gridRowTexts(grid: DemandGrid): GridRowTexts {
  const arrays = rowArrays(grid);
  const known = rowTextsByGrid.get(grid);
  if (known && known.arrays.every((array, k) => array === arrays[k])) return known;
  const jsonOf = (c: number) => JSON.stringify(gridCellRow(grid, c)).slice(0, -1);
  const csvOf = (c: number) => Object.values(gridCellRow(grid, c)).map(csvField).join(',');
  if (grid.cellCount > ROW_TEXT_CACHE_CELLS) return { arrays, json: jsonOf, csv: csvOf };
  const json = new Array<string | undefined>(grid.cellCount);
  const csv = new Array<string | undefined>(grid.cellCount);
  // Both texts from one row: every run writes the map and the table, and the row (its H3 name, hazard types) is most of the cost.
  const fill = (c: number) => {
    const row = gridCellRow(grid, c);
    json[c] ??= JSON.stringify(row).slice(0, -1);
    // A field csvField refuses fails the table when it is asked for (csvOf throws it again there), not the map.
    try {
      csv[c] ??= Object.values(row).map(csvField).join(',');
    } catch {
      // Left undefined.
    }
  };
  const texts: GridRowTexts = {
    arrays,
    json: (c) => {
      if (json[c] === undefined) fill(c);
      return json[c]!;
    },
    csv: (c) => {
      if (csv[c] === undefined) fill(c);
      return csv[c] ?? csvOf(c);
    },
  };
  rowTextsByGrid.set(grid, texts);
  return texts;
}

/**
 * Sites as GeoJSON points with their role, fleet and any per-site figures given in `extra`.
 *
 * @example
 * sitesToGeoJson(sites, (site, s) => ({ first_responder_demand: report.sites[s].firstResponderDemand }));
 */
export function sitesToGeoJson(
  sites: readonly Site[],
  extra: (site: Site, index: number) => Record<string, unknown> = () => ({}),
): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: sites.map((site, s) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [site.lngDeg, site.latDeg] },
      properties: {
        id: site.id,
        name: site.name,
        role: site.role,
        fleet: site.fleet.map((entry) => `${entry.count}×${entry.aircraftTypeId}`).join(', '),
        ...(site.source ? { source: site.source } : {}),
        ...extra(site, s),
      },
    })),
  };
}
