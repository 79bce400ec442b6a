import type { DemandGrid } from '../grid/demandGrid.js';
import { cellToH3 } from '../grid/demandGrid.js';
import type { Site } from '../travel/aircraft.js';
import type { CellOutcomes } from './coverageReport.js';
import { cellHazardTypes, round } from './coverageReport.js';
import { resolveOptions } from '../resolveOptions.js';
import { csvField } from '../csvField.js';
import { AirreachError } from '../errors.js';
import { NUMBER_BYTES, writeBytes, writeNumber, type Utf8Pieces } from '../utf8Pieces.js';

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
 * rows[0].hex_id; // -> '872a10...'
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
  const { responseMinutes, responseSite, responseAircraft, reachCounts } = outcomes;
  return {
    json(c) {
      const reachable = Number.isFinite(responseMinutes[c]);
      const minutes = reachable ? printedMinutes(outcomes, c) : Infinity;
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
      const minutes = reachable ? printedMinutes(outcomes, c) : Infinity;
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
  const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
  // Fragments are joined as far as the row allows (key, name, key up to the next number), so a row is a few copies and numbers.
  const named = (key: string, ids: readonly string[], json: boolean) => [
    ...ids.map((id) => utf8(json ? `,${JSON.stringify(key)}:${rowValueJson(id)}` : `,${csvField(id)}`)),
    utf8(json ? `,${JSON.stringify(key)}:null` : ','),
  ];
  const siteJson = named('fastest_base', sites.map((site) => site.id), true);
  const siteCsv = named('fastest_base', sites.map((site) => site.id), false);
  const aircraftJson = named('fastest_aircraft', outcomes.aircraftIds, true);
  const aircraftCsv = named('fastest_aircraft', outcomes.aircraftIds, false);
  const columns = outcomeStandardColumns(outcomes).map(({ k, standard }) => {
    const keys = [`covered_${standard}`, `bases_within_${standard}`, `minutes_missing_${standard}`].map((key) => JSON.stringify(key));
    // Everything of a column before its minutes missing, as text, and as bytes kept by count (counts are small: bases within reach).
    const jsonText = (count: number) => `,${keys[0]}:${count > 0 ? 'true' : 'false'},${keys[1]}:${rowValueJson(count)},${keys[2]}:`;
    const csvText = (count: number) => `,${count > 0 ? 'true' : 'false'},${csvField(count)},`;
    const json: Uint8Array[] = [];
    const csv: Uint8Array[] = [];
    return {
      k,
      standard,
      jsonText,
      csvText,
      json: (count: number) => (json[count] ??= utf8(jsonText(count))),
      csv: (count: number) => (csv[count] ??= utf8(csvText(count))),
      keyBytes: keys.reduce((sum, key) => sum + key.length * 3 + 2, 0),
    };
  });
  const longest = (list: Uint8Array[]) => list.reduce((most, bytes) => Math.max(most, bytes.length), 0);
  // What one cell can take at most: every fragment, the longest names, and room for each number.
  const jsonBound = 32 + longest(siteJson) + longest(aircraftJson) + columns.reduce((sum, column) => sum + column.keyBytes + 8 + 2 * NUMBER_BYTES, 0) + NUMBER_BYTES;
  const csvBound = 8 + longest(siteCsv) + longest(aircraftCsv) + columns.length * (8 + 2 * NUMBER_BYTES) + NUMBER_BYTES;
  const responseMinutesKey = utf8('"response_minutes":');
  const nullText = utf8('null');
  const { responseMinutes, responseSite, responseAircraft, reachCounts } = outcomes;
  // A count of a typed array is an integer; one that is not (or is large) is written by the general path.
  const cached = (count: number) => Number.isInteger(count) && count >= 0 && count < 1024;
  return {
    // Each row is written through a local position (a call through the writer's fields per byte costs more than the byte).
    json(c, out) {
      out.reserve(jsonBound);
      const reachable = Number.isFinite(responseMinutes[c]);
      const minutes = reachable ? printedMinutes(outcomes, c) : Infinity;
      const site = responseSite[c];
      const aircraft = responseAircraft[c];
      let bytes = out.current;
      let at = writeBytes(bytes, out.used, responseMinutesKey);
      at = reachable ? writeNumber(bytes, at, minutes, rowValueJson) : writeBytes(bytes, at, nullText);
      at = writeBytes(bytes, at, siteJson[site >= 0 ? site : siteJson.length - 1]);
      at = writeBytes(bytes, at, aircraftJson[aircraft >= 0 ? aircraft : aircraftJson.length - 1]);
      for (const column of columns) {
        const count = reachCounts[column.k][c];
        if (cached(count)) at = writeBytes(bytes, at, column.json(count));
        else {
          out.advance(at);
          out.text(column.jsonText(count));
          // The text may have started a new piece: room again for the rest of the row.
          out.reserve(jsonBound);
          bytes = out.current;
          at = out.used;
        }
        at = reachable ? writeNumber(bytes, at, round(Math.max(0, minutes - column.standard), 2), rowValueJson) : writeBytes(bytes, at, nullText);
      }
      out.advance(at);
    },
    csv(c, out) {
      out.reserve(csvBound);
      const reachable = Number.isFinite(responseMinutes[c]);
      const minutes = reachable ? printedMinutes(outcomes, c) : Infinity;
      const site = responseSite[c];
      const aircraft = responseAircraft[c];
      let bytes = out.current;
      let at = out.used;
      bytes[at++] = 0x2c;
      if (reachable) at = writeNumber(bytes, at, minutes, csvField);
      at = writeBytes(bytes, at, siteCsv[site >= 0 ? site : siteCsv.length - 1]);
      at = writeBytes(bytes, at, aircraftCsv[aircraft >= 0 ? aircraft : aircraftCsv.length - 1]);
      for (const column of columns) {
        const count = reachCounts[column.k][c];
        if (cached(count)) at = writeBytes(bytes, at, column.csv(count));
        else {
          out.advance(at);
          out.text(column.csvText(count));
          out.reserve(csvBound);
          bytes = out.current;
          at = out.used;
        }
        if (reachable) at = writeNumber(bytes, at, round(Math.max(0, minutes - column.standard), 2), csvField);
      }
      out.advance(at);
    },
  };
}

/**
 * The response minutes of cell `c` rounded to 0.01 min, nudged so that the rounded value is
 * within a standard exactly when the cell is covered within it: an uncovered cell whose minutes
 * would round down onto the standard prints as the standard + 0.01, a covered one whose minutes
 * would round up past it as the standard.
 */
function printedMinutes(outcomes: CellOutcomes, c: number): number {
  let printed = round(outcomes.responseMinutes[c], 2);
  const { standardsMinutes, reachCounts } = outcomes;
  for (let k = 0; k < standardsMinutes.length; k++) {
    const standard = standardsMinutes[k];
    const covered = reachCounts[k][c] > 0;
    if (!covered && printed <= standard) printed = round(standard + 0.01, 2);
    else if (covered && printed > standard) printed = standard;
  }
  return printed;
}
