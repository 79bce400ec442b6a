/**
 * `airreach/report`: Reports: the coverage and conditions reports, cell tables and renderers, terminal text, the HTML pages.
 * Advanced pieces beside the root export (`airreach`); internals stay unexported.
 *
 * @example
 * import { coverageReport } from 'airreach/report';
 */
export { DEFAULT_CELL_OUTCOMES_OPTIONS, cellOutcomes, type CellOutcomesOptions } from '../report/cellOutcomes.js';
export { DEFAULT_CELL_ROWS_OPTIONS, cellRows, iterateCellRows, type CellRow, type CellRowsOptions } from '../report/cellTable.js';
export { conditionsReport, type ConditionsReport, type ConditionsReportInputs, type ConditionsTier } from '../report/conditionsReport.js';
export { conditionsText } from '../report/conditionsText.js';
export { planningTableText, type PlanningTable } from '../report/planningTable.js';
export { DEFAULT_COVERAGE_REPORT_OPTIONS, coverageReport, uncoveredAreaSummary, type CellOutcomes, type CoverageReport, type CoverageReportOptions, type GroupSummary, type ResponsePercentiles, type SiteSummary, type TierSummary, type UncoveredAreaSummary, type UncoveredCell } from '../report/coverageReport.js';
export { depotsText } from '../report/depotsText.js';
export { simulationText, type SimulationTableRow } from '../report/simulationText.js';
export { DEFAULT_COMPARE_HTML_OPTIONS, compareHtml, type CompareHtmlOptions } from '../report/html/compareHtml.js';
export { DEFAULT_REPORT_HTML_OPTIONS, reportHtml, type ReportHtmlOptions } from '../report/html/reportHtml.js';
export { cellRowsToCsv, cellRowsToCsvChunks, cellRowsToGeoJson, cellRowsToGeoJsonChunks, cellTableCsvChunks, cellTableCsvUtf8, cellTableGeoJsonChunks, cellTableGeoJsonUtf8, sitesToGeoJson } from '../report/renderers.js';
export { summaryText } from '../report/summaryText.js';
export type { ReportAnswer, ReportInput, ReportPeriod } from '../report/reportInput.js';
export { finiteJson } from '../report/finiteJson.js';
export { COMPARISON_OUTPUT_NAMES, DEFAULT_OUTPUT_PLAN, outputNameList, outputNames, type OutputNames, type OutputPlan, type PeriodOutputNames } from '../report/outputNames.js';
export { csvField } from '../csvField.js';
export { parentCoverageGeoJson } from '../report/parentCoverageGeoJson.js';
