/**
 * `airreach/coverage`: The coverage matrix: the cell index, the build and its two passes (for builds split over threads), per-cell response.
 * Advanced pieces beside the root export (`airreach`); internals stay unexported.
 *
 * @example
 * import { CoverageMatrix } from 'airreach/coverage';
 */
export { CELL_BAND_HEIGHT_DEG, buildCellIndex, type CellBands, type CellIndex } from '../coverage/buildCellIndex.js';
export { DEFAULT_COVERAGE_OPTIONS, buildCoverage, countCoverageRows, countCoverageShard, fillCoverageRows, type BuildCoverageOptions } from '../coverage/buildCoverage.js';
export { DEFAULT_CELL_RESPONSE_OPTIONS, cellResponse, type CellResponse, type CellResponseOptions } from '../coverage/cellResponse.js';
export { CoverageMatrix, type MatrixAllocationOptions } from '../coverage/coverageMatrix.js';
export { DEFAULT_FASTEST_AIRCRAFT_AT_CELL_OPTIONS, fastestAircraftAtCell, type FastestAircraftAtCellOptions } from '../coverage/fastestAircraftAtCell.js';
export { joinSitePlanTables, type SitePlanTable } from '../coverage/sitePlanTable.js';
export { DEFAULT_MATRIX_BUFFER_POOL_OPTIONS, createMatrixBufferPool, type MatrixBufferPool, type MatrixBufferPoolOptions } from '../coverage/matrixBufferPool.js';
