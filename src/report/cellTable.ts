import type { DemandGrid } from '../grid/demandGrid.js';
import { cellToH3 } from '../grid/demandGrid.js';
import type { Site } from '../travel/aircraft.js';
import type { CellOutcomes } from './coverageReport.js';
import { cellHazardTypes, round } from './coverageReport.js';
import { resolveOptions } from '../resolveOptions.js';

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
 * every scenario on the grid: `hex_id` … `region` (see {@link iterateCellRows}).
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
 * The response minutes of cell `c` rounded to 0.01 min, nudged so that the rounded value is
 * within a standard exactly when the cell is covered within it: an uncovered cell whose minutes
 * would round down onto the standard prints as the standard + 0.01, a covered one whose minutes
 * would round up past it as the standard.
 */
function printedMinutes(outcomes: CellOutcomes, c: number): number {
  let printed = round(outcomes.responseMinutes[c], 2);
  outcomes.standardsMinutes.forEach((standard, k) => {
    const covered = outcomes.reachCounts[k][c] > 0;
    if (!covered && printed <= standard) printed = round(standard + 0.01, 2);
    else if (covered && printed > standard) printed = standard;
  });
  return printed;
}
