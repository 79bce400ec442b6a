/**
 * `airreach/engine`: The worker pool and what runs on it: the parallel grid and coverage builds, multi-start and curve solves.
 * Advanced pieces beside the root export (`airreach`); internals stay unexported.
 *
 * @example
 * import { createPool } from 'airreach/engine';
 */
export { DEFAULT_BUILD_COVERAGE_PARALLEL_OPTIONS, buildCoverageParallel, type BuildCoverageParallelOptions } from '../engine/coverage/buildCoverageParallel.js';
export { DEFAULT_ESTIMATE_COVERAGE_PAIRS_OPTIONS, estimateCoveragePairs, type EstimateCoveragePairsOptions } from '../engine/coverage/estimateCoveragePairs.js';
export { coverageCurveParallel } from '../engine/coverageCurveParallel.js';
export { DEFAULT_BUILD_DEMAND_GRID_PARALLEL_OPTIONS, buildDemandGridParallel, type BuildDemandGridParallelOptions } from '../engine/grid/buildDemandGridParallel.js';
export { DEFAULT_POOL_OPTIONS, createPool, type AirreachPool, type PoolOptions, type RunTaskOptions } from '../engine/createPool.js';
export { remotePool } from '../engine/remotePool.js';
export { servePool } from '../engine/servePool.js';
export { DEFAULT_PARALLEL_SOLVE_OPTIONS, solveMaximalCoveringParallel, type ParallelSolveOptions } from '../engine/solveMaximalCoveringParallel.js';
