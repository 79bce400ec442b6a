import { area } from '@turf/area';
import { circle } from '@turf/circle';
import type { Feature, Position } from 'geojson';
import { cellArea, cellToLatLng, h3IndexToSplitLong, latLngToCell } from 'h3-js';
import RBush from 'rbush';
import { AirreachError, type ErrorLocation } from '../errors.js';
import { chooseExtentLayer, type GridExtent } from './chooseExtentLayer.js';
import { createPolygonIndex, type PolygonIndex } from './createPolygonIndex.js';
import type { DemandGrid } from './demandGrid.js';
import { estimateGridCells, type GridCellEstimate } from './estimateGridCells.js';
import type { GeoJsonLayer, LayerKind } from './geoJsonLayer.js';
import { polygonCellShares, polygonCentreCells } from './polygonCellShares.js';
import { validateFeatures } from './validateFeatures.js';
import { ringWrap } from './ringWrap.js';
import { resolveOptions } from '../resolveOptions.js';

/**
 * The layers a demand grid is built from. Hazards may be empty only when the demand is people
 * (a population layer) over an extent or regions layer; the rest are optional.
 *
 * @example
 * const inputs: DemandInputs = { hazards: [floods, mines], population: places, regions: prefectures };
 */
export interface DemandInputs {
  hazards: GeoJsonLayer[];
  population?: GeoJsonLayer;
  regions?: GeoJsonLayer;
  /** A polygon layer giving the area to cover (e.g. the province outline). */
  extent?: GeoJsonLayer;
}

export type { GridExtent };

/** Options of {@link buildDemandGrid}. */
export interface BuildDemandGridOptions {
  /** H3 resolution, an integer 0–15 (7 ≈ 5 km² on average, ≈ 3.5 km² around Liaoning). */
  resolution?: number;
  /**
   * Cells beyond the hazard footprints: every cell whose centre lies in the `extentLayer`
   * polygons or the `regions` polygons; `hazards` adds none. `auto`: the extent layer if given,
   * else the regions if given, else hazards only.
   */
  extent?: GridExtent;
  /** Demand per person (see the rule in {@link buildDemandGrid}). */
  populationWeightPerPerson?: number;
  /** Density used to derive a place's radius when it has no `radiusKm`. */
  urbanDensityPerKm2?: number;
  /** Smallest derived population radius. */
  minPopulationRadiusKm?: number;
  /** Shares are estimated from descendants at `resolution + shareResolutionOffset`. */
  shareResolutionOffset?: number;
  /** Vertices of the circle that replaces a Point with `radiusKm` (hazard or population). */
  circleSteps?: number;
  /** Largest number of cells allowed, checked on an estimate before building. */
  cellBudget?: number;
  /** `[west, south, east, north]`: layers lying entirely outside but inside when swapped are refused. */
  expectedBbox?: [number, number, number, number];
}

/** Defaults of {@link BuildDemandGridOptions}. */
export const DEFAULT_DEMAND_GRID_OPTIONS = {
  resolution: 7,
  extent: 'auto' as GridExtent,
  // 10,000 people weigh as much as one cell lying wholly in a weight-1 hazard area. A res-7 cell
  // of dense city (5,000/km², ~3.5 km² near Liaoning) then carries ~1.75, a rural cell at
  // 100/km² ~0.035: hazards dominate the countryside, cities weigh like a serious hazard.
  populationWeightPerPerson: 1e-4,
  // Dense Chinese urban cores run 5,000-20,000/km²; 5,000 keeps a city's disk near its built-up area.
  urbanDensityPerKm2: 5_000,
  minPopulationRadiusKm: 1,
  shareResolutionOffset: 2,
  circleSteps: 64,
  // ~130 MB of grid arrays plus ~320 MB while building: safe on a laptop, and 6× Liaoning at res 8.
  cellBudget: 2_000_000,
  expectedBbox: undefined as [number, number, number, number] | undefined,
} satisfies Required<Omit<BuildDemandGridOptions, 'expectedBbox'>> & BuildDemandGridOptions;

/**
 * Largest `cellBudget` accepted: the build keys every cell in a JavaScript Map, which holds at
 * most 2^24 (16,777,216) entries ("Set maximum size exceeded" beyond), and 16 million cells take
 * about 7 GiB while building (see `estimateGridCells`).
 *
 * @example
 * buildDemandGrid(inputs, { cellBudget: MAX_CELL_BUDGET }); // the most a caller may allow
 */
export const MAX_CELL_BUDGET = 16_000_000;

/**
 * Largest total demand of a grid (hazard demand plus weighted population). Every figure later
 * steps form from it — demand × minutes (≤ 1,440), × tonnes per demand (≤ 1e9), sums over
 * millions of cells — then stays a finite double: two hazards of weight 1e308 once made the
 * total Infinity and every share NaN.
 *
 * @example
 * grid.demand.reduce((a, b) => a + b, 0) <= MAX_TOTAL_DEMAND; // true for every built grid
 */
export const MAX_TOTAL_DEMAND = 1e200;

/** Something dropped or adjusted while building, with where it came from. */
export interface DemandGridWarning {
  file: string;
  featureIndex: number;
  message: string;
}

/**
 * A built grid: the {@link DemandGrid} plus what the build had to drop or adjust, and the cell
 * estimate it was checked against. (`warnings`, `droppedPopulation` and `estimate` are
 * additions on top of the DemandGrid interface.)
 */
export interface BuiltDemandGrid extends DemandGrid {
  warnings: DemandGridWarning[];
  /** Persons of places whose whole disk fell outside the grid. */
  droppedPopulation: number;
  estimate: GridCellEstimate;
}

interface Contribution {
  cell: number;
  type: number;
  value: number;
}

/**
 * Builds the H3 demand grid from hazard, population, region and extent layers.
 *
 * **Cells.** The union of the cells touched by any hazard feature and, per `extent`, every cell
 * whose centre lies inside the extent or region polygons, ordered by ascending H3 index (the
 * dense index is the rank).
 *
 * **Demand rule.** `demand = hazardDemand + populationWeightPerPerson × population`, where
 * - `hazardDemand` of a cell = Σ over hazard features of `weight × share`, `share` being the
 *   fraction of the cell's area inside the feature, estimated as the fraction of the cell's
 *   descendants at `resolution + shareResolutionOffset` (49 for a hexagon at +2, fewer for a
 *   pentagon: divided by the true count) whose centres lie inside. A Point hazard is first
 *   replaced by a circle of its `radiusKm` (`circleSteps` vertices). Overlapping features add up.
 *   A feature too small to hold any descendant centre puts `weight × min(1, its area ÷ cell
 *   area)` on the cell containing its centre, so no hazard vanishes.
 * - `population` of a cell: each place spreads its `population` uniformly over a disk of its
 *   `radiusKm`, or, without one, of radius `max(minPopulationRadiusKm, √(population ÷
 *   (π × urbanDensityPerKm2)))`; a cell receives `population × (share × cell area) ÷ Σ (share ×
 *   cell area)` over the disk's cells that are in the grid, so a coastal city's people are not
 *   lost to the sea. A place whose disk misses the grid entirely is dropped (counted in
 *   `droppedPopulation` and warned).
 * - `hazardMask` bit t is set when a feature of hazard type t has share > 0 in the cell;
 *   `hazardDemandByType` splits `hazardDemand` by type. `region` is the lowest-index region
 *   polygon containing the cell centre, or -1.
 *
 * Inputs are validated here (`validateFeatures`); the cell count is estimated before building
 * and refused above `cellBudget` with `E_CELL_BUDGET`, naming the finest resolution that fits.
 * Degenerate polygon parts (zero area, which H3 refuses) are dropped with a warning.
 *
 * @example
 * const grid = buildDemandGrid({ hazards: [floods], regions: prefectures }, { resolution: 7 });
 * grid.cellCount; grid.demand[0]; grid.regionNames[grid.region[0]];
 */
export function buildDemandGrid(inputs: DemandInputs, options: BuildDemandGridOptions = {}): BuiltDemandGrid {
  const o = resolveOptions(DEFAULT_DEMAND_GRID_OPTIONS, options);
  const { resolution } = o;
  if (!Number.isInteger(resolution) || resolution < 0 || resolution > 15) {
    throw new AirreachError('E_RESOLUTION', 'the H3 resolution must be an integer from 0 to 15', {
      value: resolution,
      where: { field: 'resolution' },
      expected: 'an integer 0-15 (7 ≈ 5 km² cells, 8 ≈ 0.7 km²)',
    });
  }
  checkOptions(o);
  if (!inputs || !Array.isArray(inputs.hazards)) {
    throw new AirreachError('E_EMPTY', 'the hazard layers must be a list', {
      value: inputs?.hazards,
      where: { field: 'hazards' },
      expected: 'an array of GeoJSON layers (empty when the demand is people only)',
    });
  }
  // Without hazards the demand is people only, and the cells must come from an area layer.
  if (inputs.hazards.length === 0 && (!inputs.population || !chooseExtentLayer(inputs, o.extent))) {
    throw new AirreachError('E_EMPTY', 'without hazard layers the grid needs a population layer and an extent (or regions) layer', {
      value: inputs.hazards,
      where: { field: 'hazards' },
      expected: 'at least one hazard layer, or a population layer with an extent layer',
      hint: 'People-only demand: give the population points and the area to cover (layers.population and layers.extent)',
    });
  }
  const validate = (layer: GeoJsonLayer, kind: LayerKind) =>
    validateFeatures(layer.collection, kind, { file: layer.file, expectedBbox: o.expectedBbox });
  for (const layer of inputs.hazards) validate(layer, 'hazard');
  if (inputs.population) validate(inputs.population, 'population');
  if (inputs.regions) validate(inputs.regions, 'region');
  if (inputs.extent) validate(inputs.extent, 'extent');

  const extentLayer = chooseExtentLayer(inputs, o.extent);
  const hazardTypes = collectHazardTypes(inputs.hazards);
  const estimate = estimateGridCells(inputs, resolution, { extent: o.extent, cellBudget: o.cellBudget, hazardTypeCount: hazardTypes.length });
  if (estimate.cellCount > o.cellBudget) {
    const finest = estimate.finestResolutionWithinBudget;
    throw new AirreachError('E_CELL_BUDGET', `about ${estimate.cellCount.toLocaleString('en-US')} cells at resolution ${resolution} exceed the cell budget of ${o.cellBudget.toLocaleString('en-US')}`, {
      value: estimate.cellCount,
      where: { field: 'resolution' },
      expected: `at most ${o.cellBudget} cells (≈ ${Math.round(estimate.peakBytes / 2 ** 20)} MiB needed at this resolution)`,
      hint: finest >= 0 ? `Use resolution ${finest} or coarser, or raise cellBudget` : 'Reduce the extent or raise cellBudget',
    });
  }

  const warnings: DemandGridWarning[] = [];
  const cellIds = new Map<string, number>();
  const cellList: string[] = [];
  const addCell = (h3: string): number => {
    let id = cellIds.get(h3);
    if (id === undefined) {
      id = cellList.length;
      cellIds.set(h3, id);
      cellList.push(h3);
    }
    return id;
  };

  if (extentLayer) {
    extentLayer.collection.features.forEach((feature, featureIndex) => {
      const parts = polygonsOf(feature);
      const { cells, droppedParts } = polygonCentreCells(parts, resolution);
      for (const p of droppedParts) {
        warnings.push({ file: extentLayer.file, featureIndex, message: `polygon part ${p} is degenerate (zero area) and was dropped` });
      }
      for (let i = 0; i < cells.length; i++) addCell(cells[i]);
    });
  }

  const contributions: Contribution[] = [];
  // Summed as the features come, so a refusal names the feature that took the total too far.
  let demandTotal = 0;
  const shareOptions = { shareResolutionOffset: o.shareResolutionOffset };
  for (const layer of inputs.hazards) {
    layer.collection.features.forEach((feature, featureIndex) => {
      const properties = feature.properties ?? {};
      const weight = properties.weight as number;
      const type = hazardTypes.indexOf(properties.type as string);
      const parts = footprintOf(feature, o.circleSteps);
      if (feature.geometry.type === 'Point') checkDisk(parts[0][0], { file: layer.file, featureIndex, field: 'properties.radiusKm' }, properties.radiusKm);
      const { cells, shares, droppedParts } = polygonCellShares(parts, resolution, shareOptions);
      for (const p of droppedParts) {
        warnings.push({ file: layer.file, featureIndex, message: `polygon part ${p} is degenerate (zero area) and was dropped` });
      }
      if (cells.length > 0) {
        for (let i = 0; i < cells.length; i++) {
          contributions.push({ cell: addCell(cells[i]), type, value: weight * shares[i] });
          demandTotal += weight * shares[i];
        }
      } else if (droppedParts.length < parts.length) {
        const [lng, lat] = centreOf(parts);
        const h3 = latLngToCell(lat, lng, resolution);
        const share = Math.min(1, area({ type: 'MultiPolygon', coordinates: parts }) / 1e6 / cellArea(h3, 'km2'));
        contributions.push({ cell: addCell(h3), type, value: weight * share });
        demandTotal += weight * share;
      }
      checkDemandTotal(demandTotal, { file: layer.file, featureIndex, field: 'properties.weight' }, weight);
    });
  }

  // Population goes only to cells already in the grid: it adds demand, not area.
  const populationByTempCell = new Map<number, number>();
  let droppedPopulation = 0;
  if (inputs.population) {
    const layer = inputs.population;
    layer.collection.features.forEach((feature, featureIndex) => {
      const properties = feature.properties ?? {};
      const persons = properties.population as number;
      if (persons === 0) return;
      const radiusKm = (properties.radiusKm as number | undefined) ?? Math.max(o.minPopulationRadiusKm, Math.sqrt(persons / (Math.PI * o.urbanDensityPerKm2)));
      const [lng, lat] = (feature.geometry as { coordinates: Position }).coordinates;
      const disk = circle([lng, lat], radiusKm, { steps: o.circleSteps, units: 'kilometers' }).geometry.coordinates;
      const { cells, shares } = polygonCellShares([disk], resolution, shareOptions);
      const targets: number[] = [];
      const weights: number[] = [];
      let total = 0;
      for (let i = 0; i < cells.length; i++) {
        const id = cellIds.get(cells[i]);
        if (id === undefined) continue;
        const w = shares[i] * cellArea(cells[i], 'km2');
        targets.push(id);
        weights.push(w);
        total += w;
      }
      if (total === 0) {
        const id = cellIds.get(latLngToCell(lat, lng, resolution));
        if (id === undefined) {
          droppedPopulation += persons;
          warnings.push({ file: layer.file, featureIndex, message: `${persons} persons lie outside the grid and were dropped` });
          return;
        }
        targets.push(id);
        weights.push(1);
        total = 1;
      }
      demandTotal += persons * o.populationWeightPerPerson;
      checkDemandTotal(demandTotal, { file: layer.file, featureIndex, field: 'properties.population' }, persons);
      for (let i = 0; i < targets.length; i++) {
        populationByTempCell.set(targets[i], (populationByTempCell.get(targets[i]) ?? 0) + (persons * weights[i]) / total);
      }
    });
  }

  const grid = assembleGrid(cellList, resolution, hazardTypes, contributions, populationByTempCell, o.populationWeightPerPerson, inputs.regions);
  return { ...grid, warnings, droppedPopulation, estimate };
}

function assembleGrid(
  cellList: string[],
  resolution: number,
  hazardTypes: string[],
  contributions: Contribution[],
  populationByTempCell: Map<number, number>,
  populationWeightPerPerson: number,
  regions: GeoJsonLayer | undefined,
): DemandGrid {
  const n = cellList.length;
  const tempLow = new Uint32Array(n);
  const tempHigh = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const [low, high] = h3IndexToSplitLong(cellList[i]);
    tempLow[i] = low >>> 0;
    tempHigh[i] = high >>> 0;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => tempHigh[a] - tempHigh[b] || tempLow[a] - tempLow[b]);
  const rank = new Int32Array(n);
  for (let c = 0; c < n; c++) rank[order[c]] = c;

  const typeCount = hazardTypes.length;
  const grid: DemandGrid = {
    resolution,
    cellCount: n,
    h3Low: new Uint32Array(n),
    h3High: new Uint32Array(n),
    latDeg: new Float64Array(n),
    lngDeg: new Float64Array(n),
    areaKm2: new Float64Array(n),
    demand: new Float64Array(n),
    hazardDemand: new Float64Array(n),
    population: new Float64Array(n),
    hazardTypes,
    hazardMask: new Uint32Array(n),
    hazardDemandByType: new Float64Array(n * typeCount),
    regionNames: regions ? regions.collection.features.map((f) => String(f.properties?.name)) : [],
    region: new Int32Array(n).fill(-1),
  };
  for (let c = 0; c < n; c++) {
    const temp = order[c];
    grid.h3Low[c] = tempLow[temp];
    grid.h3High[c] = tempHigh[temp];
    // h3-js takes [low, high] pairs directly, skipping the hex-string parse per call.
    const split = [tempLow[temp], tempHigh[temp]];
    const [lat, lng] = cellToLatLng(split);
    grid.latDeg[c] = lat;
    grid.lngDeg[c] = lng;
    grid.areaKm2[c] = cellArea(split, 'km2');
  }
  for (const { cell, type, value } of contributions) {
    const c = rank[cell];
    grid.hazardDemand[c] += value;
    grid.hazardDemandByType[c * typeCount + type] += value;
    if (value > 0) grid.hazardMask[c] |= 1 << type;
  }
  for (const [temp, persons] of populationByTempCell) grid.population[rank[temp]] += persons;
  for (let c = 0; c < n; c++) grid.demand[c] = grid.hazardDemand[c] + populationWeightPerPerson * grid.population[c];
  if (regions) assignRegions(grid, regions);
  return grid;
}

interface RegionBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  region: number;
}

/** rbush over region bounding boxes narrows each cell centre to a few candidate polygons. */
function assignRegions(grid: DemandGrid, regions: GeoJsonLayer): void {
  const indexes: PolygonIndex[] = [];
  const tree = new RBush<RegionBox>();
  const boxes: RegionBox[] = [];
  regions.collection.features.forEach((feature, region) => {
    const index = createPolygonIndex(polygonsOf(feature));
    indexes.push(index);
    const [minX, minY, maxX, maxY] = index.bbox;
    boxes.push({ minX, minY, maxX, maxY, region });
  });
  tree.load(boxes);
  const query = { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  for (let c = 0; c < grid.cellCount; c++) {
    query.minX = query.maxX = grid.lngDeg[c];
    query.minY = query.maxY = grid.latDeg[c];
    let best = -1;
    for (const box of tree.search(query)) {
      if ((best < 0 || box.region < best) && indexes[box.region].contains(grid.lngDeg[c], grid.latDeg[c])) best = box.region;
    }
    grid.region[c] = best;
  }
}

function collectHazardTypes(layers: GeoJsonLayer[]): string[] {
  const types = new Set<string>();
  for (const layer of layers) {
    layer.collection.features.forEach((feature, featureIndex) => {
      types.add(feature.properties?.type as string);
      if (types.size > 32) {
        throw new AirreachError('E_PROPERTY', 'more than 32 hazard types (the per-cell mask has 32 bits)', {
          value: feature.properties?.type,
          where: { file: layer.file, featureIndex, field: 'properties.type' },
          expected: 'at most 32 distinct hazard types',
          hint: 'Group related hazards under one type name',
        });
      }
    });
  }
  return [...types].sort();
}

function checkOptions(o: typeof DEFAULT_DEMAND_GRID_OPTIONS): void {
  const positive: Array<[keyof typeof o, number, boolean]> = [
    ['populationWeightPerPerson', 0, false],
    ['urbanDensityPerKm2', 0, true],
    ['minPopulationRadiusKm', 0, true],
    ['cellBudget', 0, true],
    ['circleSteps', 3, false],
  ];
  for (const [name, minimum, strict] of positive) {
    const value = o[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || (strict ? value <= minimum : value < minimum)) {
      throw new AirreachError('E_OPTION', `option ${name} is out of range`, { value, where: { field: name }, expected: `a finite number ${strict ? '>' : '≥'} ${minimum}` });
    }
  }
  if (o.cellBudget > MAX_CELL_BUDGET) {
    throw new AirreachError('E_OPTION', 'option cellBudget is larger than a grid can be', {
      value: o.cellBudget,
      where: { field: 'cellBudget' },
      expected: `at most ${MAX_CELL_BUDGET} cells (a JavaScript Map holds 2^24 entries)`,
      hint: 'Use a coarser resolution or a smaller extent',
    });
  }
  const offset = o.shareResolutionOffset;
  if (!Number.isInteger(offset) || offset < 0 || offset > 4) {
    throw new AirreachError('E_OPTION', 'option shareResolutionOffset must be an integer 0-4', { value: offset, where: { field: 'shareResolutionOffset' }, expected: 'an integer 0-4 (each step is 7× the work)' });
  }
}

function checkDemandTotal(total: number, where: ErrorLocation, value: number): void {
  if (total <= MAX_TOTAL_DEMAND) return;
  throw new AirreachError('E_PROPERTY', `with this feature the grid's total demand exceeds ${MAX_TOTAL_DEMAND} (weights times the cells they cover, plus weighted population)`, {
    value,
    where,
    expected: `weights and populations whose total demand stays at most ${MAX_TOTAL_DEMAND}`,
    hint: 'Scale the weights down: coverage is reported as shares, so only their ratios matter',
  });
}

/**
 * A Point hazard's circle is built here, so its ring is checked here: a disk across ±180° or
 * around a pole would be read by H3 as a different area and silently lose about half its cells.
 */
function checkDisk(ring: Position[], where: ErrorLocation, radiusKm: unknown): void {
  const wrap = ringWrap(ring);
  if (!wrap) return;
  throw new AirreachError('E_GEOMETRY', `the disk of this Point hazard ${wrap.kind === 'pole' ? 'covers a pole' : 'crosses the antimeridian (±180° longitude)'}`, {
    value: radiusKm,
    where,
    expected: 'a disk that stays on one side of ±180° and away from the poles',
    hint: 'Give the area as polygons split at the antimeridian (a MultiPolygon), or a smaller radiusKm',
  });
}

function polygonsOf(feature: Feature): Position[][][] {
  const geometry = feature.geometry;
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

function footprintOf(feature: Feature, steps: number): Position[][][] {
  const geometry = feature.geometry;
  if (geometry.type === 'Point') {
    const radiusKm = feature.properties?.radiusKm as number;
    return [circle(geometry.coordinates, radiusKm, { steps, units: 'kilometers' }).geometry.coordinates];
  }
  return polygonsOf(feature);
}

/** Centre of the bounding box of the outer rings: only used to place features too small to sample. */
function centreOf(parts: Position[][][]): [number, number] {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const part of parts) {
    for (const [x, y] of part[0]) {
      west = Math.min(west, x);
      east = Math.max(east, x);
      south = Math.min(south, y);
      north = Math.max(north, y);
    }
  }
  return [(west + east) / 2, (south + north) / 2];
}
