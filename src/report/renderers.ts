import type { FeatureCollection, Point } from 'geojson';
import type { DemandGrid } from '../grid/demandGrid.js';
import { cellRingJson } from '../grid/cellPolygons.js';
import type { Site } from '../travel/aircraft.js';
import { addOutcomeColumns, DEFAULT_CELL_ROWS_OPTIONS, gridCellRow, outcomeColumnTexts, type CellRow, type CellRowsOptions } from './cellTable.js';
import type { CellOutcomes } from './coverageReport.js';
import { csvField } from '../csvField.js';
import { resolveOptions } from '../resolveOptions.js';

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
