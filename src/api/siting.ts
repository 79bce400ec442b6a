/**
 * `airreach/siting`: Siting models (formulations + independent evaluators) and their solvers, the MILP path and seeded randomness.
 * Advanced pieces beside the root export (`airreach`); internals stay unexported.
 *
 * @example
 * import { createRandom } from 'airreach/siting';
 */
export { evaluateBackupCovering, type BackupCoveringEvaluation, type BackupCoveringOptions } from '../models/backupCovering.js';
export { evaluateCapacitatedFacilityLocation } from '../models/capacitatedFacilityLocation.js';
export { evaluateCapacitatedPMedian, type CapacitatedData, type CapacitatedEvaluation } from '../models/capacitatedPMedian.js';
export { evaluateExpectedCovering, type ExpectedCoveringEvaluation, type ExpectedCoveringOptions } from '../models/expectedCovering.js';
export { evaluateMaximalCovering, type MaximalCoveringEvaluation, type MaximalCoveringOptions } from '../models/maximalCovering.js';
export { evaluatePCenter, type PCenterEvaluation } from '../models/pCenter.js';
export { DEFAULT_EVALUATE_P_MEDIAN_OPTIONS, evaluatePMedian, type EvaluatePMedianOptions, type PMedianEvaluation } from '../models/pMedian.js';
export { evaluateSetCovering, type SetCoveringEvaluation, type SetCoveringOptions } from '../models/setCovering.js';
export { evaluateDoubleStandard, type DoubleStandardEvaluation, type DoubleStandardOptions } from '../models/doubleStandard.js';
export { evaluateFairCovering, type FairCoveringEvaluation, type FairCoveringOptions } from '../models/fairCovering.js';
export { evaluateMaximumAvailability, requiredAircraft, type MaximumAvailabilityEvaluation, type MaximumAvailabilityOptions } from '../models/maximumAvailability.js';
export { evaluatePhasedRollout, yearlyBudgets, yearlyCounts, type PhasedRolloutEvaluation, type PhasedRolloutOptions } from '../models/phasedRollout.js';
export { DEFAULT_SOLVE_DOUBLE_STANDARD_OPTIONS, solveDoubleStandard, type SolveDoubleStandardOptions } from '../solvers/planning/solveDoubleStandard.js';
export { DEFAULT_SOLVE_FAIR_COVERING_OPTIONS, solveFairCovering, type FairCoveringMemo, type SolveFairCoveringOptions } from '../solvers/planning/solveFairCovering.js';
export { DEFAULT_SOLVE_MAXIMUM_AVAILABILITY_OPTIONS, solveMaximumAvailability, type SolveMaximumAvailabilityOptions } from '../solvers/planning/solveMaximumAvailability.js';
export { DEFAULT_SOLVE_PHASED_ROLLOUT_OPTIONS, solvePhasedRollout, type SolvePhasedRolloutOptions } from '../solvers/planning/solvePhasedRollout.js';
export type { ModelName, SiteRules, SitingProblem, SolveResult, SolveStatus, StoppedBy } from '../models/sitingProblem.js';
export { DEFAULT_SITING_PROBLEM_FROM_COVERAGE_OPTIONS, sitingProblemFromCoverage, type SitingProblemFromCoverageOptions } from '../models/sitingProblemFromCoverage.js';
export { DEFAULT_SITING_PROBLEM_FROM_MATRIX_OPTIONS, sitingProblemFromMatrix, type SitingProblemFromMatrixOptions } from '../models/sitingProblemFromMatrix.js';
export { createRandom, type Random } from '../random.js';
export { DEFAULT_COVERAGE_CURVE_OPTIONS, coverageCurve, sitesNeededFor, type CoverageCurve, type CoverageCurveOptions, type CoverageCurvePoint } from '../solvers/covering/coverageCurve.js';
export { DEFAULT_REDUCE_COVERING_OPTIONS, reduceCovering, type DominanceRule, type ReduceCoveringOptions, type ReducedCovering } from '../solvers/covering/reduceCovering.js';
export { DEFAULT_SOLVE_BACKUP_COVERING_OPTIONS, solveBackupCovering, type SolveBackupCoveringOptions } from '../solvers/covering/solveBackupCovering.js';
export { DEFAULT_SOLVE_CAPACITATED_FACILITY_LOCATION_OPTIONS, solveCapacitatedFacilityLocation, type SolveCapacitatedFacilityLocationOptions } from '../solvers/capacitated/solveCapacitatedFacilityLocation.js';
export { solveCapacitatedInstance, type CapacitatedMatrixInstance, type CapacitatedMatrixResult } from '../solvers/capacitated/solveCapacitatedInstance.js';
export { DEFAULT_SOLVE_CAPACITATED_P_MEDIAN_OPTIONS, solveCapacitatedPMedian, type SolveCapacitatedPMedianOptions } from '../solvers/capacitated/solveCapacitatedPMedian.js';
export { DEFAULT_SOLVE_EXPECTED_COVERING_OPTIONS, solveExpectedCovering, type SolveExpectedCoveringOptions } from '../solvers/covering/solveExpectedCovering.js';
export { DEFAULT_SOLVE_INSTANCE_OPTIONS, solveInstance, type InstanceSolution, type SolveInstanceOptions } from '../solvers/kernel/solveInstance.js';
export { DEFAULT_PARSE_INSTANCE_OPTIONS, type ParseInstanceOptions } from '../solvers/kernel/parseInstance.js';
export { MODEL_NAMES, MODEL_REGISTRY, QUESTION_MODEL_NAMES, isModelName, type ModelCheck, type ModelEntry, type QuestionModelName, type RegistrySolveOptions } from '../solvers/kernel/modelRegistry.js';
export { INSTANCE_SCHEMAS, instanceJsonSchema, instanceSchema, type InstanceFile } from '../solvers/kernel/instanceSchemas.js';
export { HIGHS_MEMORY_BYTES, estimateSolveSize, type SizeDriver, type SolveSizeEstimate, type SolveSizes } from '../solvers/kernel/estimateSolveSize.js';
export { HIGHS_MEMORY_RATES, estimateHighsMemory } from '../solvers/kernel/estimateHighsMemory.js';
export { DEFAULT_WORK_BUDGET_OPTIONS, WorkBudget, budgetOf, createStopFlag, type MemoryStop, type SolveBudgetOptions, type WorkBudgetOptions } from '../solvers/kernel/workBudget.js';
export { GAP_TOLERANCE, finishResult, relativeGap, type FinishInput } from '../solvers/kernel/finishResult.js';
export { MilpBuilder } from '../solvers/milp/milpBuilder.js';
export { DEFAULT_SOLVE_MAXIMAL_COVERING_OPTIONS, solveMaximalCovering, type MaximalCoveringMemo, type SolveMaximalCoveringOptions } from '../solvers/covering/solveMaximalCovering.js';
export { DEFAULT_SOLVE_MILP_OPTIONS, HIGHS_WORK, solveMilp, type MilpModel, type MilpResult, type SolveMilpOptions } from '../solvers/milp/solveMilp.js';
export { DEFAULT_SOLVE_P_CENTER_OPTIONS, solvePCenter, type SolvePCenterOptions } from '../solvers/median/solvePCenter.js';
export { DEFAULT_SOLVE_P_MEDIAN_OPTIONS, solvePMedian, type SolvePMedianOptions } from '../solvers/median/solvePMedian.js';
export { DEFAULT_SOLVE_SET_COVERING_OPTIONS, solveSetCovering, type SolveSetCoveringOptions } from '../solvers/covering/solveSetCovering.js';
