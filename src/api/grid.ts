/**
 * `airreach/grid`: The demand grid: building it from GeoJSON layers, estimating its size, H3 helpers.
 * Advanced pieces beside the root export (`airreach`); internals stay unexported.
 *
 * @example
 * import { cellToH3 } from 'airreach/grid';
 */
export { aggregateToParents, type ParentCells } from '../grid/aggregateToParents.js';
export { DEFAULT_DEMAND_GRID_OPTIONS, MAX_CELL_BUDGET, MAX_TOTAL_DEMAND, buildDemandGrid, buildPlannedDemandGrid, planDemandGrid, type BuildDemandGridOptions, type BuiltDemandGrid, type DemandGridPlan, type DemandGridWarning, type DemandInputs } from '../grid/buildDemandGrid.js';
export { gridPolygonCells, type GridPolygonCells, type GridPolygonJob } from '../grid/gridPolygonCells.js';
export { createCellTable, type CellTable } from '../grid/cellTable.js';
export { MAX_RING_POSITIONS, OUTLINE_CACHE_CELLS, cellRing, cellRingCoords, cellRingJson, h3Ring } from '../grid/cellPolygons.js';
export type { GridExtent } from '../grid/chooseExtentLayer.js';
export { cellToH3, gridToH3, h3ToCellIndexMap, type DemandGrid } from '../grid/demandGrid.js';
export { DEFAULT_ESTIMATE_GRID_CELLS_OPTIONS, estimateGridCells, type EstimateGridCellsOptions, type GridCellEstimate } from '../grid/estimateGridCells.js';
export { LAYER_GEOMETRY_TYPES, type GeoJsonLayer, type LayerKind } from '../grid/geoJsonLayer.js';
export { DEFAULT_VALIDATE_FEATURES_OPTIONS, MAX_RADIUS_KM, validateFeatures, type ValidateFeaturesOptions } from '../grid/validateFeatures.js';
export { DEFAULT_CHECK_POLYGON_RINGS_OPTIONS, checkPolygonRings, type CheckPolygonRingsOptions } from '../grid/checkPolygonRings.js';
