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

/**
 * One siting question's answer as the report page shows it: what was asked, the solver's honest
 * status with its bound and gap, the sites (kept and new, with positions for the map) and, for
 * "best k additional bases", the gain of each. The scenario layer makes these from its answers;
 * the report needs nothing else of the solve.
 *
 * @example
 * const answer: ReportAnswer = {
 *   label: 'Best 2 additional bases', period: 'day', standardMinutes: 60, status: 'optimal',
 *   objective: 95, bound: 95, gap: 0, coveredShare: 0.95,
 *   sites: [{ id: 'B1', name: 'Base west', latDeg: 41.5, lngDeg: 123, isNew: false }],
 *   steps: null,
 * };
 * reportHtml(input, { answers: [answer] });
 */
export interface ReportAnswer {
  label: string;
  period: string;
  /** The standard the question was asked at (covering models); `null` for p-median and p-center. */
  standardMinutes: number | null;
  /** `optimal` only when proven; `feasible` answers carry their bound and gap. */
  status: 'optimal' | 'feasible' | 'infeasible' | 'unbounded' | 'error' | string;
  objective: number;
  bound: number;
  gap: number;
  /** Covered share of demand within the standard (covering models). */
  coveredShare: number | null;
  /** The chosen sites, kept bases first as the solver listed them; `isNew` marks sites that are not bases today. */
  sites: ReadonlyArray<{ id: string; name: string; latDeg: number; lngDeg: number; isNew: boolean }>;
  /** For "best k additional bases": coverage after today's bases, then after each new site in turn. */
  steps: ReadonlyArray<{ siteId: string | null; siteName: string | null; coveredShare: number; gainShare: number }> | null;
  /** Demand cells no allowed site reaches (an infeasible set covering). */
  unreachableCells?: number;
  /** Ties left out: with full coverage the remaining sites asked for would add nothing. */
  tiesDropped?: number;
  /** Why the solve stopped short of a proof when HiGHS ran out of memory (the answer is the heuristics' best). */
  stopNote?: string;
}
