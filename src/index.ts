/**
 * airreach: aviation rescue coverage over H3 hexagon grids, and optimal siting of rescue bases
 * and emergency-material depots. This is the documented surface: the pipeline, its steps, the
 * siting models and solvers, the errors and the types they take. Advanced pieces are on
 * subpaths (`airreach/engine` for the worker pool and parallel builds; `airreach/grid`,
 * `airreach/coverage`, `airreach/siting`, … for every public function of a layer, with its
 * `DEFAULT_…_OPTIONS`). This module only re-exports; each function lives in a module named
 * after it. `test/api/apiReport.test.ts` fails when this list changes unnoticed.
 *
 * @example
 * import { runCoverage } from 'airreach';
 * const { run } = await runCoverage('scenario.json', { outFolder: 'out' });
 */

// Errors
export { AirreachError, ERROR_CODES, isAirreachError, type ErrorCode, type ErrorLocation } from './errors.js';

// The pipeline: scenario files in, output files out
export { runCoverage, readScenarioInputs, computeCoverage, computeCoverageParallel, coverageFiles, reportInputOf, type CoverageRun, type ScenarioInputs } from './scenario/runCoverage.js';
export { runScenario, computeScenario, scenarioFiles, type ScenarioRun } from './scenario/runScenario.js';
export { bundledDataFolder, loadScenario, type LoadedScenario } from './scenario/loadScenario.js';
export { answerQuestions, type QuestionAnswer } from './scenario/answerQuestions.js';
export { compareScenarios } from './scenario/compareScenarios.js';
export { expandSweep } from './scenario/expandSweep.js';
export { runBatch } from './batch/runBatch.js';

// Steps: inputs → demand grid
export { buildDemandGrid } from './grid/buildDemandGrid.js';
export { cellToH3, type DemandGrid } from './grid/demandGrid.js';
export type { GeoJsonLayer } from './grid/geoJsonLayer.js';
export { readGeoJsonFile } from './io/readGeoJson.js';
export { writeFilesAtomic } from './io/writeFileAtomic.js';

// Steps: aircraft, response time
export { AIRCRAFT_CATALOGUE } from './travel/aircraftCatalogue.js';
export type { AircraftType, Period, RefuelPoint, Site } from './travel/aircraft.js';
export { responseMinutes } from './travel/responseMinutes.js';
export { fastestAircraft } from './travel/fastestAircraft.js';
export { greatCircleKm } from './travel/greatCircleKm.js';

// Steps: coverage matrix, outcomes, reports
export { buildCellIndex } from './coverage/buildCellIndex.js';
export { buildCoverage } from './coverage/buildCoverage.js';
export { CoverageMatrix } from './coverage/coverageMatrix.js';
export { cellResponse } from './coverage/cellResponse.js';
export { cellOutcomes } from './report/cellOutcomes.js';
export { coverageReport, type CellOutcomes, type CoverageReport } from './report/coverageReport.js';
export type { ReportInput } from './report/reportInput.js';
export { reportHtml } from './report/html/reportHtml.js';
export { compareHtml } from './report/html/compareHtml.js';

// Operating conditions and material depots
export { nightShareByCell } from './conditions/nightShareByCell.js';
export { weatherAvailability } from './conditions/weatherAvailability.js';
export { planDepots, type DepotPlan } from './depots/planDepots.js';

// Plans against incidents that overlap in time
export { simulateIncidents } from './simulation/simulateIncidents.js';
export type { SimulationSummary } from './simulation/summarizeSimulation.js';

// Siting: models (formulations + independent evaluators)
export type { SitingProblem, SolveResult } from './models/sitingProblem.js';
export { sitingProblemFromCoverage } from './models/sitingProblemFromCoverage.js';
export { sitingProblemFromMatrix } from './models/sitingProblemFromMatrix.js';
export { evaluateSetCovering } from './models/setCovering.js';
export { evaluateMaximalCovering } from './models/maximalCovering.js';
export { evaluateBackupCovering } from './models/backupCovering.js';
export { evaluateExpectedCovering } from './models/expectedCovering.js';
export { evaluatePMedian } from './models/pMedian.js';
export { evaluatePCenter } from './models/pCenter.js';

// Siting: solvers
export { solveSetCovering } from './solvers/covering/solveSetCovering.js';
export { solveMaximalCovering } from './solvers/covering/solveMaximalCovering.js';
export { solveBackupCovering } from './solvers/covering/solveBackupCovering.js';
export { solveExpectedCovering } from './solvers/covering/solveExpectedCovering.js';
export { solvePMedian } from './solvers/median/solvePMedian.js';
export { solvePCenter } from './solvers/median/solvePCenter.js';
export { solveCapacitatedPMedian } from './solvers/capacitated/solveCapacitatedPMedian.js';
export { solveCapacitatedFacilityLocation } from './solvers/capacitated/solveCapacitatedFacilityLocation.js';
export { coverageCurve } from './solvers/covering/coverageCurve.js';
export { solveInstance } from './solvers/kernel/solveInstance.js';
export { parseInstance, readInstanceFile } from './io/readInstance.js';
