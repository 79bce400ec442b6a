/**
 * airreach: aviation rescue coverage over H3 hexagon grids, and optimal siting of rescue bases
 * and emergency-material depots. This module only re-exports; each function lives in a module
 * named after it.
 *
 * @example
 * import { runCoverage } from 'airreach';
 * const { run } = await runCoverage('scenario.json', { outFolder: 'out' });
 */

// Errors, units, randomness
export * from './errors.js';
export * from './units.js';
export * from './random.js';

// Inputs → H3 demand grid
export * from './grid/demandGrid.js';
export * from './grid/geoJsonLayer.js';
export * from './grid/validateFeatures.js';
export * from './grid/estimateGridCells.js';
export * from './grid/buildDemandGrid.js';
export * from './grid/cellPolygons.js';
export * from './grid/aggregateToParents.js';
export * from './io/readGeoJson.js';
export * from './io/writeFileAtomic.js';

// Travel-time model
export * from './travel/aircraft.js';
export * from './travel/aircraftCatalogue.js';
export * from './travel/greatCircleKm.js';
export * from './travel/responseMinutes.js';
export * from './travel/isWithinRange.js';
export * from './travel/maxReachKm.js';
export * from './travel/fastestAircraft.js';
export * from './travel/resolveAircraft.js';
export * from './travel/validateAircraftType.js';

// Coverage matrix
export * from './coverage/coverageMatrix.js';
export * from './coverage/buildCellIndex.js';
export * from './coverage/buildCoverage.js';
export * from './coverage/sitePlanTable.js';
export * from './coverage/cellResponse.js';
export * from './coverage/fastestAircraftAtCell.js';

// Siting: models (formulations + independent evaluators) and solvers (search)
export * from './models/sitingProblem.js';
export * from './models/sitingProblemFromMatrix.js';
export * from './models/sitingProblemFromCoverage.js';
export * from './models/setCovering.js';
export * from './models/maximalCovering.js';
export * from './models/backupCovering.js';
export * from './models/expectedCovering.js';
export * from './models/pMedian.js';
export * from './models/pCenter.js';
export * from './solvers/solveSetCovering.js';
export * from './solvers/solveMaximalCovering.js';
export * from './solvers/solveBackupCovering.js';
export * from './solvers/solveExpectedCovering.js';
export * from './solvers/solvePMedian.js';
export * from './solvers/solvePCenter.js';
export * from './solvers/coverageCurve.js';
export * from './solvers/reduceCovering.js';
export * from './solvers/solveMilp.js';
export * from './solvers/solveInstance.js';
export * from './io/readInstance.js';

// Capacitated siting and material depots
export * from './models/capacitatedPMedian.js';
export * from './models/capacitatedFacilityLocation.js';
export * from './solvers/solveCapacitatedPMedian.js';
export * from './solvers/solveCapacitatedFacilityLocation.js';
export * from './solvers/solveCapacitatedInstance.js';
export * from './depots/groundMinutes.js';
export * from './depots/linkDepotTiers.js';
export * from './depots/planDepots.js';
export * from './depots/depotPlanGeoJson.js';
export * from './depots/depotUtilisationTable.js';

// Worker-thread engine
export * from './engine/createPool.js';
export * from './engine/coverage/buildCoverageParallel.js';
export * from './engine/coverage/estimateCoveragePairs.js';
export * from './engine/solveMaximalCoveringParallel.js';
export * from './engine/coverageCurveParallel.js';
export * from './batch/runBatch.js';
export * from './engine/handleTask.js';
export * from './engine/engineTask.js';

// Operating conditions
export * from './conditions/daylightWindow.js';
export * from './conditions/nightShare.js';
export * from './conditions/nightShareByCell.js';
export * from './conditions/blendDayNight.js';
export * from './conditions/weatherAvailability.js';
export * from './conditions/availabilityBusyFraction.js';
export * from './conditions/hospitalLegMinutes.js';

// Report
export * from './report/coverageReport.js';
export * from './report/conditionsReport.js';
export * from './report/conditionsText.js';
export * from './scenario/answersText.js';
export * from './report/depotsText.js';
export * from './report/html/reportHtml.js';
export * from './report/html/compareHtml.js';
export * from './report/cellOutcomes.js';
export * from './report/cellTable.js';
export * from './report/renderers.js';
export * from './report/summaryText.js';

// Scenarios and the pipeline
export * from './scenario/scenarioSchema.js';
export * from './scenario/loadScenario.js';
export * from './scenario/resolveAircraftTypes.js';
export * from './scenario/resolveSites.js';
export * from './scenario/runCoverage.js';
export * from './scenario/checkCoverageMemory.js';
export * from './scenario/readConditions.js';
export * from './scenario/answerQuestions.js';
export * from './scenario/runScenario.js';
export * from './scenario/scenarioCurve.js';
export * from './scenario/scenarioDepots.js';
export * from './scenario/scenarioFingerprint.js';
export * from './scenario/compareScenarios.js';
export * from './scenario/expandSweep.js';
