import type { DemandGrid } from '../grid/demandGrid.js';
import type { GeoJsonLayer } from '../grid/geoJsonLayer.js';
import type { Period, Site } from '../travel/aircraft.js';
import type { CellOutcomes, CoverageReport } from './coverageReport.js';

/**
 * One operating period of a {@link ReportInput}: its per-cell outcomes and its report.
 *
 * @example
 * const night: ReportPeriod = { period: 'night', outcomes, report: coverageReport(grid, bases, outcomes, matrix, { period: 'night' }) };
 */
export interface ReportPeriod {
  period: Period;
  /** `cellOutcomes(grid, sites, aircraftById, period, matrix, …)`. */
  outcomes: CellOutcomes;
  /** `coverageReport(grid, sites, outcomes, matrix, { period })`. */
  report: CoverageReport;
}

/**
 * What the HTML pages (`reportHtml`, `compareHtml`) draw from: the grid, the bases, and per
 * period the outcomes and report. A library user builds it from the step-by-step path
 * (`buildDemandGrid` → `buildCoverage` → `cellOutcomes` → `coverageReport`); a scenario run
 * gives one with `reportInputOf(run)`. No scenario, file or matrix is needed.
 *
 * @example
 * const matrix = buildCoverage(grid, bases, AIRCRAFT_CATALOGUE, { maxMinutes: 120, period: 'day' });
 * const outcomes = cellOutcomes(grid, bases, AIRCRAFT_CATALOGUE, 'day', matrix, { standardsMinutes: [30, 60, 120] });
 * const input: ReportInput = {
 *   name: 'floods', grid, sites: bases,
 *   periods: [{ period: 'day', outcomes, report: coverageReport(grid, bases, outcomes, matrix, { period: 'day' }) }],
 * };
 * reportHtml(input);
 */
export interface ReportInput {
  /** Shown in the title and footer (default "scenario"), and as the run's label in a comparison. */
  name?: string;
  /** A sentence under the title. */
  description?: string;
  grid: DemandGrid;
  /** The sites the coverage was built from, in the matrix's order: the bases. */
  sites: readonly Site[];
  /** At least one; every period's report must use the same standards. */
  periods: readonly ReportPeriod[];
  /** Region polygons drawn as outlines on the maps. */
  regions?: GeoJsonLayer;
}
