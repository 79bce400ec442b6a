/**
 * `airreach/scenario`: Scenario files and the pipeline: schema, loading, runs, questions, comparisons, sweeps, fingerprints.
 * Advanced pieces beside the root export (`airreach`); internals stay unexported.
 *
 * @example
 * import { answersText } from 'airreach/scenario';
 */
export { DEFAULT_QUESTION_OPTIONS, answerQuestions, type AnsweredSite, type QuestionAnswer } from '../scenario/answerQuestions.js';
export { answersText } from '../scenario/answersText.js';
export { planningTablesOf } from '../scenario/planningTables.js';
export { DEFAULT_COVERAGE_MEMORY_OPTIONS, checkCoverageMemory, type CoverageMemoryEstimate, type CoverageMemoryOptions } from '../scenario/checkCoverageMemory.js';
export { DEFAULT_REFUEL_SCAN_OPTIONS, checkRefuelScan, type RefuelScanOptions } from '../scenario/checkRefuelScan.js';
export { compareLoaded, compareScenarios, comparisonRows, type ComparisonRow } from '../scenario/compareScenarios.js';
export { DEFAULT_CHECK_COMPARABLE_OPTIONS, checkComparable, type CheckComparableOptions } from '../scenario/checkComparable.js';
export { DEFAULT_COMPARISON_BUDGET_OPTIONS, checkComparisonBudget, type ComparisonBudgetOptions } from '../scenario/checkComparisonBudget.js';
export { DEFAULT_SWEEP_OPTIONS, expandSweep, type SweepSpec, type SweepVariant } from '../scenario/expandSweep.js';
export { DEFAULT_LOAD_SCENARIO_OPTIONS, bundledDataFolder, loadScenario, mapScenarioPaths, parseScenarioObject, type LoadScenarioOptions, type LoadedScenario } from '../scenario/loadScenario.js';
export { readConditions, type ConditionsInputs } from '../scenario/readConditions.js';
export { resolveAircraftTypes } from '../scenario/resolveAircraftTypes.js';
export { DEFAULT_RESOLVE_SITES_OPTIONS, resolveSites, type ResolveSitesOptions } from '../scenario/resolveSites.js';
export { DEFAULT_SCENARIO_SETTINGS, MAX_STANDARD_MINUTES, basesOf, computeCoverage, computeCoverageParallel, coverageFiles, coverageOutputs, coverageSummary, readScenarioInputs, reportInputOf, runCoverage, type CoverageRun, type ParallelRunOptions, type PeriodCoverage, type ProgressEvent, type RunOptions, type ScenarioInputs } from '../scenario/runCoverage.js';
export { FAR_APART_KM, coverageWarnings } from '../scenario/coverageWarnings.js';
export { computeScenario, conditionsOf, reportAnswers, runScenario, scenarioFiles, scenarioOutputs, type ScenarioRun } from '../scenario/runScenario.js';
export { coverageText, scenarioSummary, scenarioText } from '../scenario/scenarioText.js';
export { DEFAULT_SCENARIO_CURVE_OPTIONS, scenarioCurve } from '../scenario/scenarioCurve.js';
export { DEFAULT_SCENARIO_DEPOT_OPTIONS, depotCandidates, scenarioDepotPlan, type DepotSettings } from '../scenario/scenarioDepots.js';
export { DEFAULT_SCENARIO_REPLICATIONS, checkScenarioSimulation, scenarioSimulation, simulationRows, type ScenarioSimulationRun } from '../scenario/scenarioSimulation.js';
export { scenarioFingerprint, scenarioInputFiles } from '../scenario/scenarioFingerprint.js';
export { DEFAULT_SCENARIO_OUTPUT_PLAN_OPTIONS, scenarioOutputPlan, type ScenarioOutputPlanOptions } from '../scenario/scenarioOutputPlan.js';
export { DEFAULT_CHECK_SCENARIO_OUTPUT_FOLDER_OPTIONS, checkScenarioOutputFolder, type CheckScenarioOutputFolderOptions } from '../scenario/checkScenarioOutputFolder.js';
export { scenarioJsonSchema, scenarioSchema, type AircraftOverride, type ScenarioConditions, type ScenarioFile, type ScenarioQuestion, type ScenarioSiteEntry } from '../scenario/scenarioSchema.js';
export { DEFAULT_OUTPUT_BUDGET_OPTIONS, MAX_OUTPUT_STRING_CHARS, checkOutputBudget, estimateOutputFiles, type OutputBudgetOptions, type OutputFileEstimate } from '../scenario/checkOutputBudget.js';
export { DEFAULT_SITING_BUDGET_OPTIONS, checkSitingBudget, type SitingBudgetOptions } from '../scenario/checkSitingBudget.js';
export { DEFAULT_QUESTION_SOLVE_SIZE_OPTIONS, checkQuestionSolveSize, type QuestionSolveSize, type QuestionSolveSizeOptions } from '../scenario/checkQuestionSolveSize.js';
export { MAX_REFUEL_POINTS, refuelPointsOf } from '../scenario/refuelPointsOf.js';
export { DEFAULT_PREPARE_SCENARIO_OPTIONS, prepareScenario, questionMatrixNeed, sessionOf, type MatrixBuildCount, type PrepareScenarioOptions, type ScenarioSession } from '../scenario/scenarioSession.js';
