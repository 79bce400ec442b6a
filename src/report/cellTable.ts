import type { DemandGrid } from '../grid/demandGrid.js';
import { cellToH3 } from '../grid/demandGrid.js';
import type { Site } from '../travel/aircraft.js';
import type { CellOutcomes } from './coverageReport.js';
import { cellHazardTypes, round } from './coverageReport.js';
import { resolveOptions } from '../resolveOptions.js';
import { csvField } from '../csvField.js';
import { AirreachError } from '../errors.js';
import { NUMBER_BYTES, writeBytes, writeNumber, writeScaled, type Utf8Pieces } from '../utf8Pieces.js';

/** One output row per cell: the properties of the map layer and the columns of the CSV. */
export type CellRow = Record<string, string | number | boolean | null>;

/** Options of {@link cellRows}. */
export interface CellRowsOptions {
  /** `all` cells of the grid, or only cells with `demand` > 0. */
  cells?: 'all' | 'demand';
}

/** Defaults of {@link cellRows}. */
export const DEFAULT_CELL_ROWS_OPTIONS: Required<CellRowsOptions> = { cells: 'all' };

/**
 * The per-cell table behind the map and the CSV, in cell order. Column names are snake_case
 * so that kepler.gl and spreadsheet users read them directly; `hex_id` makes kepler.gl build
 * an H3 layer by itself. Per standard S (minutes): `covered_S` (reached within S),
 * `bases_within_S` (redundancy) and `minutes_missing_S` (how much faster the fastest response
 * would have to be; 0 when covered, empty when no aircraft can reach the cell).
 *
 * @example
 * const rows = cellRows(grid, sites, outcomes, { cells: 'demand' });
 * rows[0].row.hex_id; // -> '872a10...'
 */
export function cellRows(
  grid: DemandGrid,
  sites: readonly Site[],
  outcomes: CellOutcomes,
  options: CellRowsOptions = {},
): { cell: number; row: CellRow }[] {
  return [...iterateCellRows(grid, sites, outcomes, options)];
}

/**
 * {@link cellRows} one row at a time, made as it is asked for: a national grid's 1.9 M rows
 * never exist at once (streamed outputs read them twice, for the map and the table).
 *
 * @example
 * for (const { cell, row } of iterateCellRows(grid, sites, outcomes)) csv.write(row.hex_id);
 */
export function* iterateCellRows(
  grid: DemandGrid,
  sites: readonly Site[],
  outcomes: CellOutcomes,
  options: CellRowsOptions = {},
): Generator<{ cell: number; row: CellRow }> {
  const { cells } = resolveOptions(DEFAULT_CELL_ROWS_OPTIONS, options);
  for (let c = 0; c < grid.cellCount; c++) {
    if (cells === 'demand' && !(grid.demand[c] > 0)) continue;
    yield { cell: c, row: addOutcomeColumns(gridCellRow(grid, c), sites, outcomes, c) };
  }
}

/**
 * The columns of cell `c`'s row that come from the grid alone, the same in every period and
 * every scenario on the grid: `hex_id` … `region` (see {@link iterateCellRows}). The cell maps
 * write these bytes without making the row (`gridRowWriter`, whose test holds it to this one).
 *
 * @example
 * gridCellRow(grid, 0).hex_id; // '872a10...'
 */
export function gridCellRow(grid: DemandGrid, c: number): CellRow {
  return {
    hex_id: cellToH3(grid, c),
    lat: round(grid.latDeg[c], 6),
    lng: round(grid.lngDeg[c], 6),
    area_km2: round(grid.areaKm2[c], 4),
    demand: round(grid.demand[c], 6),
    hazard_demand: round(grid.hazardDemand[c], 6),
    population: Math.round(grid.population[c]),
    hazard_types: cellHazardTypes(grid, c).join(';'),
    region: grid.region[c] >= 0 ? grid.regionNames[grid.region[c]] : null,
  };
}

/**
 * Adds the columns of cell `c`'s row that come from the run's outcomes (`response_minutes` …
 * the per-standard columns) to `row`, in the table's column order, and returns it.
 *
 * @example
 * const row = addOutcomeColumns(gridCellRow(grid, c), sites, outcomes, c);
 */
export function addOutcomeColumns(row: CellRow, sites: readonly Site[], outcomes: CellOutcomes, c: number): CellRow {
  const reachable = Number.isFinite(outcomes.responseMinutes[c]);
  // Every minutes column comes from this one printed value, so a filter on response_minutes
  // agrees with covered_S and minutes_missing_S (a 30.004-minute cell prints as 30.01, not 30).
  const minutes = reachable ? printedMinutes(outcomes, c) : Infinity;
  const site = outcomes.responseSite[c];
  const aircraft = outcomes.responseAircraft[c];
  row.response_minutes = reachable ? minutes : null;
  row.fastest_base = site >= 0 ? sites[site].id : null;
  row.fastest_aircraft = aircraft >= 0 ? outcomes.aircraftIds[aircraft] : null;
  outcomes.standardsMinutes.forEach((standard, k) => {
    const count = outcomes.reachCounts[k][c];
    row[`covered_${standard}`] = count > 0;
    row[`bases_within_${standard}`] = count;
    row[`minutes_missing_${standard}`] = reachable ? round(Math.max(0, minutes - standard), 2) : null;
  });
  return row;
}

/**
 * `JSON.stringify(value)` for the values of a cell row (a finite number, a string, a boolean or
 * null), refusing a number that is not finite (`E_OUTPUT`) where `JSON.stringify` would write
 * `null`: a map's row holds no such number unless something upstream is wrong. A finite number's
 * text is `String(value)` (−0 as `0`), as in `JSON.stringify`.
 *
 * @example
 * rowValueJson(-0); // '0'
 * rowValueJson('Dalian "N"'); // '"Dalian \\"N\\""'
 */
export function rowValueJson(value: string | number | boolean | null): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new AirreachError('E_OUTPUT', 'a number of a cell map is not finite', { value, expected: 'finite numbers in every output' });
    return String(value);
  }
  if (value === null) return 'null';
  return JSON.stringify(value);
}

/** The outcome columns of a cell row as text, for the map and the table (see {@link outcomeColumnTexts}). */
export interface OutcomeColumnTexts {
  /** `JSON.stringify(addOutcomeColumns({}, sites, outcomes, c))` without its braces. */
  json(c: number): string;
  /** The CSV fields of `addOutcomeColumns({}, sites, outcomes, c)`, each after a comma. */
  csv(c: number): string;
}

/**
 * The standards' columns of the outcome part of a row, in the order the row object has them: a
 * standard listed twice is one column, where it first stood, with its last counts (`k`, the index
 * into `reachCounts`) — as `addOutcomeColumns` rewrites the same keys.
 */
function outcomeStandardColumns(outcomes: CellOutcomes): Array<{ k: number; standard: number }> {
  const byKey = new Map<string, { k: number; standard: number }>();
  outcomes.standardsMinutes.forEach((standard, k) => {
    const key = `covered_${standard}`;
    const known = byKey.get(key);
    if (known) known.k = k;
    else byKey.set(key, { k, standard });
  });
  return [...byKey.values()];
}

/**
 * The columns {@link addOutcomeColumns} adds, written straight as text: the same values, the
 * same bytes as `JSON.stringify` and `csvField` of the row object, without making an object
 * per cell. The key fragments and the bases' and aircraft's names are made once per run (a
 * map has tens of thousands of rows, a national one millions). A standard listed twice is one
 * column, as in the row object (where its first place, with its last counts).
 *
 * @example
 * const texts = outcomeColumnTexts(sites, outcomes);
 * `{${texts.json(0)}}` === JSON.stringify(addOutcomeColumns({}, sites, outcomes, 0)); // true
 */
export function outcomeColumnTexts(sites: readonly Site[], outcomes: CellOutcomes): OutcomeColumnTexts {
  const siteJson = sites.map((site) => rowValueJson(site.id));
  const siteCsv = sites.map((site) => csvField(site.id));
  const aircraftJson = outcomes.aircraftIds.map((id) => rowValueJson(id));
  const aircraftCsv = outcomes.aircraftIds.map((id) => csvField(id));
  const columns = outcomeStandardColumns(outcomes).map(({ k, standard }) => ({ k, standard, covered: `,${JSON.stringify(`covered_${standard}`)}:`, bases: `,${JSON.stringify(`bases_within_${standard}`)}:`, missing: `,${JSON.stringify(`minutes_missing_${standard}`)}:` }));
  const { responseMinutes, responseSite, responseAircraft, reachCounts, standardsMinutes } = outcomes;
  const above = nudgedAbove(standardsMinutes);
  const printed = (c: number) => printedMinutesOf(responseMinutes, standardsMinutes, reachCounts, above, c);
  return {
    json(c) {
      const reachable = Number.isFinite(responseMinutes[c]);
      const minutes = reachable ? printed(c) : Infinity;
      const site = responseSite[c];
      const aircraft = responseAircraft[c];
      let text = `"response_minutes":${reachable ? rowValueJson(minutes) : 'null'},"fastest_base":${site >= 0 ? siteJson[site] : 'null'},"fastest_aircraft":${aircraft >= 0 ? aircraftJson[aircraft] : 'null'}`;
      for (const column of columns) {
        const count = reachCounts[column.k][c];
        text += `${column.covered}${count > 0 ? 'true' : 'false'}${column.bases}${rowValueJson(count)}${column.missing}${reachable ? rowValueJson(round(Math.max(0, minutes - column.standard), 2)) : 'null'}`;
      }
      return text;
    },
    csv(c) {
      const reachable = Number.isFinite(responseMinutes[c]);
      const minutes = reachable ? printed(c) : Infinity;
      const site = responseSite[c];
      const aircraft = responseAircraft[c];
      let text = `,${reachable ? csvField(minutes) : ''},${site >= 0 ? siteCsv[site] : ''},${aircraft >= 0 ? aircraftCsv[aircraft] : ''}`;
      for (const column of columns) {
        const count = reachCounts[column.k][c];
        text += `,${count > 0 ? 'true' : 'false'},${csvField(count)},${reachable ? csvField(round(Math.max(0, minutes - column.standard), 2)) : ''}`;
      }
      return text;
    },
  };
}

/** The outcome columns of a cell row written as UTF-8 bytes, for the map and the table (see {@link outcomeColumnBytes}). */
export interface OutcomeColumnBytes {
  /** Writes `OutcomeColumnTexts.json(c)` into `out`. */
  json(c: number, out: Utf8Pieces): void;
  /** Writes `OutcomeColumnTexts.csv(c)` into `out`. */
  csv(c: number, out: Utf8Pieces): void;
}

/**
 * {@link outcomeColumnTexts} written straight into bytes ({@link Utf8Pieces}): the same bytes as
 * encoding its texts, with the key fragments and the bases' and aircraft's names encoded once
 * per run and the numbers written as digits, so a map or table of tens of thousands of rows
 * makes no string per row.
 *
 * @example
 * const out = new Utf8Pieces();
 * outcomeColumnBytes(sites, outcomes).csv(0, out);
 * out.end();
 * Buffer.concat(out.take()).toString() === outcomeColumnTexts(sites, outcomes).csv(0); // true
 */
export function outcomeColumnBytes(sites: readonly Site[], outcomes: CellOutcomes): OutcomeColumnBytes {
  return new OutcomeBytes(sites, outcomes);
}

/** Hundredths of a minute at most for {@link OutcomeBytes}' whole-hundredths path: below 10^9 minutes, where `String` writes no exponent. */
const HUNDREDTHS_LIMIT = 1e11;

/** Standards up to this many minutes (whole minutes) are subtracted in hundredths by {@link OutcomeBytes}. */
const WHOLE_STANDARD_LIMIT = 1e6;

/**
 * {@link outcomeColumnBytes}' writer: one class, so the map's and table's row loops call the
 * same two methods for every period (closures per run would be other call targets to them).
 * Its rows' minutes are whole hundredths (`printedMinutes` rounds to 0.01 min): where every
 * standard is whole minutes, a row's minutes and each `minutes_missing` are written from that
 * integer (`writeScaled`), the same digits as `String(round(…, 2))`: with p = k/100 the double
 * nearest, (p − s) × 100 lies within 10^-4 of the integer k − 100 s for k below 10^11, so
 * `round(Math.max(0, p − s), 2)` is exactly max(0, k − 100 s) / 100. Any other row (a fractional
 * standard, huge minutes) is written through `writeNumber`, as before.
 */
class OutcomeBytes implements OutcomeColumnBytes {
  readonly #responseMinutes: Float64Array;
  /** Every standard in the outcomes' order (a repeated one too), its counts, and its nudged minutes (see `printedMinutes`). */
  readonly #allStandards: number[];
  readonly #allCounts: Array<ArrayLike<number>>;
  readonly #above: Float64Array;
  readonly #responseSite: ArrayLike<number>;
  readonly #responseAircraft: ArrayLike<number>;
  /** Per column: its counts, its standard, the standard in hundredths (whole standards only), and its bytes before the minutes missing by count, JSON and CSV. */
  readonly #counts: Array<ArrayLike<number>>;
  readonly #standards: number[];
  readonly #standardHundredths: Float64Array;
  readonly #columnJson: Uint8Array[][];
  /** {@link OutcomeBytes.#columnJson} with the minutes missing of an unreachable cell (`null`) after each. */
  readonly #columnJsonNull: Uint8Array[][];
  readonly #columnCsv: Uint8Array[][];
  readonly #jsonText: Array<(count: number) => string>;
  readonly #csvText: Array<(count: number) => string>;
  /** Every standard is whole minutes: the hundredths path can be taken. */
  readonly #wholeStandards: boolean;
  readonly #siteJson: Uint8Array[];
  readonly #siteCsv: Uint8Array[];
  readonly #aircraftJson: Uint8Array[];
  readonly #aircraftCsv: Uint8Array[];
  readonly #jsonBound: number;
  readonly #csvBound: number;

  constructor(sites: readonly Site[], outcomes: CellOutcomes) {
    const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
    // Fragments are joined as far as the row allows (key, name, key up to the next number), so a row is a few copies and numbers.
    const named = (key: string, ids: readonly string[], json: boolean) => [
      ...ids.map((id) => utf8(json ? `,${JSON.stringify(key)}:${rowValueJson(id)}` : `,${csvField(id)}`)),
      utf8(json ? `,${JSON.stringify(key)}:null` : ','),
    ];
    this.#responseMinutes = outcomes.responseMinutes;
    this.#allStandards = [...outcomes.standardsMinutes];
    this.#allCounts = [...outcomes.reachCounts];
    this.#above = nudgedAbove(outcomes.standardsMinutes);
    this.#responseSite = outcomes.responseSite;
    this.#responseAircraft = outcomes.responseAircraft;
    // The `null` entry first: a row takes entry site + 1, so a first cell without a base (deep into the map) reads no field its loop had not read.
    const nullFirst = (list: Uint8Array[]) => [list[list.length - 1], ...list.slice(0, -1)];
    this.#siteJson = nullFirst(named('fastest_base', sites.map((site) => site.id), true));
    this.#siteCsv = nullFirst(named('fastest_base', sites.map((site) => site.id), false));
    this.#aircraftJson = nullFirst(named('fastest_aircraft', outcomes.aircraftIds, true));
    this.#aircraftCsv = nullFirst(named('fastest_aircraft', outcomes.aircraftIds, false));
    const columns = outcomeStandardColumns(outcomes);
    this.#counts = columns.map(({ k }) => outcomes.reachCounts[k]);
    this.#standards = columns.map(({ standard }) => standard);
    this.#standardHundredths = Float64Array.from(columns, ({ standard }) => 100 * standard);
    this.#wholeStandards = columns.every(({ standard }) => Number.isInteger(standard) && standard >= 0 && standard <= WHOLE_STANDARD_LIMIT);
    const keys = columns.map(({ standard }) => [`covered_${standard}`, `bases_within_${standard}`, `minutes_missing_${standard}`].map((key) => JSON.stringify(key)));
    // Everything of a column before its minutes missing, as text, and as bytes kept by count.
    this.#jsonText = keys.map((names) => (count: number) => `,${names[0]}:${count > 0 ? 'true' : 'false'},${names[1]}:${rowValueJson(count)},${names[2]}:`);
    this.#csvText = keys.map(() => (count: number) => `,${count > 0 ? 'true' : 'false'},${csvField(count)},`);
    // Counts up to the number of bases (what can reach a cell) are encoded now: a count met
    // first deep into the map would otherwise take a path the optimised row writer never saw.
    const kept = Math.min(sites.length, CACHED_COUNTS - 1) + 1;
    this.#columnJson = this.#jsonText.map((text) => Array.from({ length: kept }, (_, count) => utf8(text(count))));
    this.#columnJsonNull = this.#jsonText.map((text) => Array.from({ length: kept }, (_, count) => utf8(`${text(count)}null`)));
    this.#columnCsv = this.#csvText.map((text) => Array.from({ length: kept }, (_, count) => utf8(text(count))));
    const longest = (list: Uint8Array[]) => list.reduce((most, bytes) => Math.max(most, bytes.length), 0);
    // What one cell can take at most: every fragment, the longest names, and room for each number.
    const keyBytes = (names: string[]) => names.reduce((sum, key) => sum + key.length * 3 + 2, 0);
    this.#jsonBound = 32 + longest(this.#siteJson) + longest(this.#aircraftJson) + keys.reduce((sum, names) => sum + keyBytes(names) + 8 + 2 * NUMBER_BYTES, 0) + NUMBER_BYTES;
    this.#csvBound = 8 + longest(this.#siteCsv) + longest(this.#aircraftCsv) + columns.length * (8 + 2 * NUMBER_BYTES) + NUMBER_BYTES;
  }

  /** The row's minutes in whole hundredths when the hundredths path writes it, else -1. */
  #hundredths(minutes: number): number {
    if (!this.#wholeStandards) return -1;
    const hundredths = Math.round(minutes * 100);
    return hundredths / 100 === minutes && hundredths >= 0 && hundredths < HUNDREDTHS_LIMIT ? hundredths : -1;
  }

  // Each row is written through a local position (a call through the writer's fields per byte
  // costs more than the byte). An unreachable cell's nulls are in the kept fragments.
  json(c: number, out: Utf8Pieces): void {
    out.reserve(this.#jsonBound);
    const reachable = Number.isFinite(this.#responseMinutes[c]);
    const minutes = reachable ? printedMinutesOf(this.#responseMinutes, this.#allStandards, this.#allCounts, this.#above, c) : Infinity;
    const hundredths = reachable ? this.#hundredths(minutes) : -1;
    let bytes = out.current;
    let at = writeBytes(bytes, out.used, reachable ? RESPONSE_MINUTES_KEY : RESPONSE_MINUTES_NULL);
    if (hundredths >= 0) at = writeScaled(bytes, at, hundredths, 2);
    else if (reachable) at = writeNumber(bytes, at, minutes, rowValueJson);
    at = writeBytes(bytes, at, this.#siteJson[Math.max(this.#responseSite[c], -1) + 1]);
    at = writeBytes(bytes, at, this.#aircraftJson[Math.max(this.#responseAircraft[c], -1) + 1]);
    const counts = this.#counts;
    for (let i = 0; i < counts.length; i++) {
      const count = counts[i][c];
      const kept = reachable ? this.#columnJson[i] : this.#columnJsonNull[i];
      if (count < kept.length && cached(count)) at = writeBytes(bytes, at, kept[count]);
      else {
        out.advance(at);
        out.text(this.#jsonText[i](count));
        if (!reachable) out.text('null');
        // The text may have started a new piece: room again for the rest of the row.
        out.reserve(this.#jsonBound);
        bytes = out.current;
        at = out.used;
      }
      if (hundredths >= 0) {
        const standard = this.#standardHundredths[i];
        at = writeScaled(bytes, at, hundredths > standard ? hundredths - standard : 0, 2);
      } else if (reachable) at = writeNumber(bytes, at, round(Math.max(0, minutes - this.#standards[i]), 2), rowValueJson);
    }
    out.advance(at);
  }

  csv(c: number, out: Utf8Pieces): void {
    out.reserve(this.#csvBound);
    const reachable = Number.isFinite(this.#responseMinutes[c]);
    const minutes = reachable ? printedMinutesOf(this.#responseMinutes, this.#allStandards, this.#allCounts, this.#above, c) : Infinity;
    const hundredths = reachable ? this.#hundredths(minutes) : -1;
    let bytes = out.current;
    let at = out.used;
    bytes[at++] = 0x2c;
    if (hundredths >= 0) at = writeScaled(bytes, at, hundredths, 2);
    else if (reachable) at = writeNumber(bytes, at, minutes, csvField);
    at = writeBytes(bytes, at, this.#siteCsv[Math.max(this.#responseSite[c], -1) + 1]);
    at = writeBytes(bytes, at, this.#aircraftCsv[Math.max(this.#responseAircraft[c], -1) + 1]);
    const counts = this.#counts;
    for (let i = 0; i < counts.length; i++) {
      const count = counts[i][c];
      const kept = this.#columnCsv[i];
      if (count < kept.length && cached(count)) at = writeBytes(bytes, at, kept[count]);
      else {
        out.advance(at);
        out.text(this.#csvText[i](count));
        out.reserve(this.#csvBound);
        bytes = out.current;
        at = out.used;
      }
      if (hundredths >= 0) {
        const standard = this.#standardHundredths[i];
        at = writeScaled(bytes, at, hundredths > standard ? hundredths - standard : 0, 2);
      } else if (reachable) at = writeNumber(bytes, at, round(Math.max(0, minutes - this.#standards[i]), 2), csvField);
    }
    out.advance(at);
  }
}

const RESPONSE_MINUTES_KEY = new Uint8Array(Buffer.from('"response_minutes":'));
const RESPONSE_MINUTES_NULL = new Uint8Array(Buffer.from('"response_minutes":null'));

/** A count of a typed array is an integer; one that is not is written by the general path. */
const cached = (count: number) => Number.isInteger(count) && count >= 0;

/** Counts below this are written from bytes kept per run ({@link outcomeColumnBytes}). */
const CACHED_COUNTS = 1024;

/**
 * The response minutes of cell `c` rounded to 0.01 min, nudged so that the rounded value is
 * within a standard exactly when the cell is covered within it: an uncovered cell whose minutes
 * would round down onto the standard prints as the standard + 0.01, a covered one whose minutes
 * would round up past it as the standard.
 */
function printedMinutes(outcomes: CellOutcomes, c: number): number {
  return printedMinutesOf(outcomes.responseMinutes, outcomes.standardsMinutes, outcomes.reachCounts, nudgedAbove(outcomes.standardsMinutes), c);
}

/** Each standard's nudged minutes of {@link printedMinutes}: the standard + 0.01, rounded to 0.01. */
function nudgedAbove(standardsMinutes: readonly number[]): Float64Array {
  return Float64Array.from(standardsMinutes, (standard) => round(standard + 0.01, 2));
}

/**
 * {@link printedMinutes} from its parts, `above` made once per run by {@link nudgedAbove}. The
 * nudged minutes are read before each test, so that the rare nudge (met first deep into a map)
 * is a move the row writers' optimised code has already run, not a call it has never made.
 */
function printedMinutesOf(responseMinutes: ArrayLike<number>, standards: readonly number[], counts: ReadonlyArray<ArrayLike<number>>, above: Float64Array, c: number): number {
  let printed = round(responseMinutes[c], 2);
  for (let k = 0; k < standards.length; k++) {
    const standard = standards[k];
    const nudged = above[k];
    const covered = counts[k][c] > 0;
    if (!covered && printed <= standard) printed = nudged;
    else if (covered && printed > standard) printed = standard;
  }
  return printed;
}
