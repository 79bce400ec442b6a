import { area } from '@turf/area';
import { circle } from '@turf/circle';
import type { Feature, Point, Position } from 'geojson';
import { latLngToCell } from 'h3-js';
import RBush from 'rbush';
import { AirreachError, type ErrorLocation } from '../errors.js';
import { chooseExtentLayer, type GridExtent } from './chooseExtentLayer.js';
import { createPolygonIndex, type PolygonIndex } from './createPolygonIndex.js';
import type { DemandGrid, GridSite } from './demandGrid.js';

export type { GridSite };
import { estimateGridCells, type GridCellEstimate } from './estimateGridCells.js';
import { estimateLayerMemory } from './estimateLayerMemory.js';
import { checkHeapHeadroom } from '../heapHeadroom.js';
import type { GeoJsonLayer, LayerKind } from './geoJsonLayer.js';
import { gridPolygonCells, type GridPolygonCells, type GridPolygonJob } from './gridPolygonCells.js';
import { createCellTable, type CellTable } from './cellTable.js';
import { validateFeatures } from './validateFeatures.js';
import { ringWrap } from './ringWrap.js';
import { pointRadiusKm } from './pointRadiusKm.js';
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
  /**
   * The JS heap the build may take, bytes; default: what this thread has left
   * (`heapHeadroomBytes`). Checked on an estimate before the build allocates (see {@link planDemandGrid}).
   */
  heapAvailableBytes?: number;
  /**
   * The mix rule (see {@link buildDemandGrid}): the shares of total demand that go to named
   * sites, to area hazards and to people. Without it the legacy rule applies
   * (`weight × area share` + `populationWeightPerPerson × persons`).
   */
  demandMix?: DemandMix;
}

/**
 * Shares of total demand given to each kind of demand under the mix rule; they need not add
 * up to 1 (they are used as given, so a sweep can vary one). A kind absent from the inputs
 * contributes nothing.
 *
 * @example
 * const mix: DemandMix = { sites: 0.4, areas: 0.3, people: 0.3 };
 */
export interface DemandMix {
  sites: number;
  areas: number;
  people: number;
}

/**
 * Total demand of a grid built with a `demandMix` is `DEMAND_MIX_SCALE × (sites + areas + people)`:
 * 10,000 keeps demand values of single cells readable in tables and far from rounding.
 */
export const DEMAND_MIX_SCALE = 10_000;

/**
 * One area feature's demand in a built grid, so a reader (or a test) can check that no drawn
 * feature dominates by its size.
 *
 * @example
 * const largest = Math.max(...grid.areaFeatures.map((f) => f.demand));
 */
export interface AreaFeatureDemand {
  name: string;
  type: string;
  file: string;
  featureIndex: number;
  areaKm2: number;
  demand: number;
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
  demandMix: undefined as DemandMix | undefined,
  heapAvailableBytes: undefined as number | undefined,
} satisfies Required<Omit<BuildDemandGridOptions, 'expectedBbox' | 'demandMix' | 'heapAvailableBytes'>> & BuildDemandGridOptions;

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
  /** The named sites (point demands), in layer order. */
  sites: GridSite[];
  /** Every area feature's demand (after the mix rule's normalisation, when it applies). */
  areaFeatures: AreaFeatureDemand[];
  /** The mix the grid was built with, or `null` for the legacy rule. */
  demandMix: DemandMix | null;
  /** Total demand of each kind: named sites, area hazards and people. */
  demandTotals: { sites: number; areas: number; people: number };
}

/**
 * A grid build up to its polygon computations ({@link planDemandGrid}): the checked inputs and
 * options, and every polygon job with the job index of each feature that has one (-1: none — a
 * named site, a place of 0 persons).
 *
 * @example
 * const plan = planDemandGrid(inputs);
 * plan.jobs.length; // polygons the build computes
 */
export interface DemandGridPlan {
  readonly inputs: DemandInputs;
  readonly options: typeof DEFAULT_DEMAND_GRID_OPTIONS;
  /** Hazard type names, sorted (the grid's `hazardTypes`). */
  readonly hazardTypes: string[];
  readonly extentLayer: GeoJsonLayer | undefined;
  readonly estimate: GridCellEstimate;
  readonly jobs: GridPolygonJob[];
  /** Per feature of the extent layer. */
  readonly extentJobs: Int32Array;
  /** Per hazard layer, per feature. */
  readonly hazardJobs: Int32Array[];
  /** Per feature of the population layer. */
  readonly populationJobs: Int32Array;
}

/**
 * The hazard contributions, one per (feature, cell), as columns rather than an object each:
 * `cell` (temporary id), `type`, `value` (legacy rule: `weight × share` for an area, `weight`
 * for a site), `feature` (index into the area feature list, -1 for a site) and `areaKm2` (an
 * area's share × cell area: its feature spreads its weight in proportion to it).
 */
class Contributions {
  length = 0;
  cell = new Int32Array(1024);
  type = new Int32Array(1024);
  value = new Float64Array(1024);
  feature = new Int32Array(1024);
  areaKm2 = new Float64Array(1024);

  push(cell: number, type: number, value: number, feature: number, areaKm2: number): void {
    const k = this.length++;
    if (k === this.cell.length) {
      const grow = <T extends Int32Array | Float64Array>(array: T): T => {
        const next = new (array.constructor as new (length: number) => T)(2 * array.length);
        next.set(array);
        return next;
      };
      this.cell = grow(this.cell);
      this.type = grow(this.type);
      this.value = grow(this.value);
      this.feature = grow(this.feature);
      this.areaKm2 = grow(this.areaKm2);
    }
    this.cell[k] = cell;
    this.type[k] = type;
    this.value[k] = value;
    this.feature[k] = feature;
    this.areaKm2[k] = areaKm2;
  }
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
 *   cell area)` over the disk's cells that are in the grid — and, when an extent is given and
 *   the disk touches it, only over the extent's cells (people live on land) — so a coastal
 *   city's people are neither lost nor poured into the sea. A place whose disk misses the grid entirely is dropped (counted in
 *   `droppedPopulation` and warned).
 * - A hazard Point without `radiusKm` is a named **site** (a facility): its `weight` goes to the
 *   one cell that contains it, never spread by a drawn area; it is listed in `sites`.
 * - **Mix rule** (with `demandMix`): demand is split into three kinds, each normalised to its
 *   share of `DEMAND_MIX_SCALE`: sites get `mix.sites × scale × weight ÷ Σ site weights`; each
 *   area feature gets `mix.areas × scale × weight ÷ Σ area feature weights`, spread over its
 *   cells in proportion to the area inside each (so no drawn feature weighs more for being
 *   larger); people get `mix.people × scale × persons ÷ Σ persons`. `demand` is their sum and
 *   `hazardDemand` the sites and areas part. Without `demandMix` the legacy rule above applies.
 * - A population Polygon spreads its `population` evenly (by cell area) over the grid cells
 *   whose centres lie inside it.
 * - `hazardMask` bit t is set when a feature of hazard type t has share > 0 in the cell;
 *   `hazardDemandByType` splits `hazardDemand` by type. `region` is the lowest-index region
 *   polygon containing the cell centre, or -1.
 *
 * Inputs are validated here (`validateFeatures`; a layer whose `validatedAs` is its kind, as
 * `readGeoJsonFile` marks what it checked, is not checked again unless `expectedBbox` is given); the cell count is estimated before building
 * and refused above `cellBudget` with `E_CELL_BUDGET`, naming the finest resolution that fits.
 * Degenerate polygon parts (zero area, which H3 refuses) are dropped with a warning.
 *
 * @example
 * const grid = buildDemandGrid({ hazards: [floods], regions: prefectures }, { resolution: 7 });
 * grid.cellCount; grid.demand[0]; grid.regionNames[grid.region[0]];
 */
export function buildDemandGrid(inputs: DemandInputs, options: BuildDemandGridOptions = {}): BuiltDemandGrid {
  return buildPlannedDemandGrid(planDemandGrid(inputs, options));
}

/**
 * A grid build up to its polygon computations: the inputs validated and their cell count
 * estimated and checked against the budget (the errors {@link buildDemandGrid} throws before it
 * allocates anything), and the list of every polygon computation the build makes
 * ({@link GridPolygonJob}: the extent's, each hazard area's or disk's, each population area's or
 * disk's). The jobs depend on the inputs alone, not on each other, so they can run anywhere (on
 * worker threads: `buildDemandGridParallel`), and {@link buildPlannedDemandGrid} finishes the
 * grid from their results: the same grid, byte for byte, as {@link buildDemandGrid}.
 *
 * @example
 * const plan = planDemandGrid(inputs, { resolution: 7 });
 * const table = createCellTable(7);
 * const grid = buildPlannedDemandGrid(plan, plan.jobs.map((job) => gridPolygonCells(job, table, 2)));
 */
export function planDemandGrid(inputs: DemandInputs, options: BuildDemandGridOptions = {}): DemandGridPlan {
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
  // A layer its reader checked for this kind (and no expected box to check it against) is not checked twice.
  const validate = (layer: GeoJsonLayer, kind: LayerKind) => {
    if (layer.validatedAs !== kind || o.expectedBbox) validateFeatures(layer.collection, kind, { file: layer.file, expectedBbox: o.expectedBbox });
  };
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
  checkGridMemory(inputs, o, estimate);

  const jobs: GridPolygonJob[] = [];
  const jobOf = (kind: GridPolygonJob['kind'], polygons: Position[][][], addsCells: boolean, skip = false): number => jobs.push({ kind, polygons, skip, addsCells }) - 1;
  const extentJobs = extentLayer ? Int32Array.from(extentLayer.collection.features, (feature) => jobOf('centres', polygonsOf(feature), true)) : new Int32Array(0);
  const hazardJobs = inputs.hazards.map((layer) =>
    Int32Array.from(layer.collection.features, (feature) => {
      if (feature.geometry.type === 'Point' && pointRadiusKm(feature) === undefined) return -1;
      const parts = footprintOf(feature, o.circleSteps);
      // A disk across ±180° or around a pole is refused where the build meets it (checkDisk), never computed.
      return jobOf('shares', parts, true, feature.geometry.type === 'Point' && ringWrap(parts[0][0]) !== undefined);
    }),
  );
  const populationJobs = inputs.population
    ? Int32Array.from(inputs.population.collection.features, (feature) => {
        const properties = feature.properties ?? {};
        const persons = properties.population as number;
        if (persons === 0) return -1;
        if (feature.geometry.type !== 'Point') return jobOf('centres', polygonsOf(feature), false);
        const radiusKm = pointRadiusKm(feature) ?? Math.max(o.minPopulationRadiusKm, Math.sqrt(persons / (Math.PI * o.urbanDensityPerKm2)));
        return jobOf('shares', [circle(feature.geometry.coordinates, radiusKm, { steps: o.circleSteps, units: 'kilometers' }).geometry.coordinates], false);
      })
    : new Int32Array(0);
  return { inputs, options: o, hazardTypes, extentLayer, estimate, jobs, extentJobs, hazardJobs, populationJobs };
}

/**
 * Finishes the grid of a {@link planDemandGrid} plan: from its jobs' results when given
 * (`polygonCells[j]` for `plan.jobs[j]`, as {@link gridPolygonCells} computes them; a job marked
 * `skip` needs none), else computing each job in this thread as the build comes to it. Either
 * way the grid {@link buildDemandGrid} builds from the same inputs and options, byte for byte.
 *
 * @example
 * const grid = buildPlannedDemandGrid(plan, await Promise.all(plan.jobs.map((job) => onWorker(job))));
 */
export function buildPlannedDemandGrid(plan: DemandGridPlan, polygonCells?: ReadonlyArray<GridPolygonCells | null>): BuiltDemandGrid {
  const table = createCellTable(plan.options.resolution);
  if (!polygonCells) {
    // One table for the polygons and the grid: the centres the polygons computed are the grid's.
    const offset = plan.options.shareResolutionOffset;
    return assemblePlannedGrid(plan, (job) => gridPolygonCells(plan.jobs[job], table, offset), table);
  }
  if (polygonCells.length !== plan.jobs.length) {
    throw new AirreachError('E_OPTION', 'the polygon results do not match the plan', { value: polygonCells.length, where: { field: 'polygonCells' }, expected: `${plan.jobs.length} results, one per plan job` });
  }
  const taken = new Uint8Array(plan.jobs.length);
  return assemblePlannedGrid(plan, (job) => {
    const result = polygonCells[job];
    if (!result) throw new AirreachError('E_OPTION', 'a polygon job of the plan has no result', { value: job, where: { field: `polygonCells[${job}]` }, expected: 'the result of gridPolygonCells for every job not marked skip' });
    const { cells, latDeg, lngDeg, areaKm2 } = result;
    // Centres and areas the job's thread computed: this thread need not compute them again.
    if (latDeg && lngDeg && areaKm2 && !taken[job]) for (let i = 0; i < cells.length; i++) table.put(cells[i], latDeg[i], lngDeg[i], areaKm2[i]);
    taken[job] = 1;
    return result;
  }, table);
}

function assemblePlannedGrid(plan: DemandGridPlan, cellsOf: (job: number) => GridPolygonCells, table: CellTable): BuiltDemandGrid {
  const { inputs, options: o, hazardTypes, extentLayer } = plan;
  const { resolution } = o;
  const warnings: DemandGridWarning[] = [];
  // Cells are keys (cellKeys) inside, each cell's centre and area computed once for the whole
  // build; a cell's temporary id is its table slot, and `inGrid` marks those of the grid.
  const { keys } = table;
  let inGrid = new Uint8Array(1024);
  const cellList: number[] = [];
  const addCell = (key: number): number => {
    const slot = table.add(key);
    if (slot >= inGrid.length) {
      const next = new Uint8Array(Math.max(2 * inGrid.length, slot + 1));
      next.set(inGrid);
      inGrid = next;
    }
    if (inGrid[slot] === 0) {
      inGrid[slot] = 1;
      cellList.push(slot);
    }
    return slot;
  };
  /** The temporary id of a grid cell, or undefined for a cell outside the grid. */
  const gridId = (key: number): number | undefined => {
    const slot = table.find(key);
    return slot >= 0 && slot < inGrid.length && inGrid[slot] === 1 ? slot : undefined;
  };

  // People live on land: with an extent, a place spreads over the extent's cells only (a coastal
  // city's disk would otherwise pour people into the sea cells that coast hazards add).
  const extentCells = new Set<number>();
  if (extentLayer) {
    extentLayer.collection.features.forEach((_feature, featureIndex) => {
      const { cells, droppedParts } = cellsOf(plan.extentJobs[featureIndex]);
      for (const p of droppedParts) {
        warnings.push({ file: extentLayer.file, featureIndex, message: `polygon part ${p} is degenerate (zero area) and was dropped` });
      }
      for (let i = 0; i < cells.length; i++) extentCells.add(addCell(cells[i]));
    });
  }

  const contributions = new Contributions();
  // Summed as the features come, so a refusal names the feature that took the total too far.
  let demandTotal = 0;
  const siteSpecs: Array<Omit<GridSite, 'cell'> & { tempCell: number }> = [];
  const areaSpecs: Array<Omit<AreaFeatureDemand, 'demand'> & { weight: number }> = [];
  inputs.hazards.forEach((layer, layerIndex) => {
    layer.collection.features.forEach((feature, featureIndex) => {
      const properties = feature.properties ?? {};
      const weight = properties.weight as number;
      const typeName = properties.type as string;
      const type = hazardTypes.indexOf(typeName);
      const name = String(properties.name);
      const job = plan.hazardJobs[layerIndex][featureIndex];
      if (job < 0) {
        // A named site: all of its weight in the cell that contains it, never spread by an area.
        const [lng, lat] = (feature.geometry as Point).coordinates;
        const tempCell = addCell(keys.fromH3(latLngToCell(lat, lng, resolution)));
        siteSpecs.push({ name, type: typeName, weight, tempCell, latDeg: lat, lngDeg: lng, file: layer.file, featureIndex });
        contributions.push(tempCell, type, weight, -1, 0);
        return;
      }
      const parts = plan.jobs[job].polygons;
      if (feature.geometry.type === 'Point') checkDisk(parts[0][0], { file: layer.file, featureIndex, field: 'properties.radiusKm' }, properties.radiusKm);
      const { cells, shares, droppedParts } = cellsOf(job);
      for (const p of droppedParts) {
        warnings.push({ file: layer.file, featureIndex, message: `polygon part ${p} is degenerate (zero area) and was dropped` });
      }
      const featureId = areaSpecs.length;
      let featureAreaKm2 = 0;
      if (cells.length > 0) {
        for (let i = 0; i < cells.length; i++) {
          const cell = addCell(cells[i]);
          const inside = shares![i] * table.areaKm2(cell);
          featureAreaKm2 += inside;
          demandTotal += weight * shares![i];
          contributions.push(cell, type, weight * shares![i], featureId, inside);
        }
      } else if (droppedParts.length < parts.length) {
        const [lng, lat] = centreOf(parts);
        const cell = addCell(keys.fromH3(latLngToCell(lat, lng, resolution)));
        const featureKm2 = area({ type: 'MultiPolygon', coordinates: parts }) / 1e6;
        const share = Math.min(1, featureKm2 / table.areaKm2(cell));
        featureAreaKm2 = featureKm2;
        demandTotal += weight * share;
        contributions.push(cell, type, weight * share, featureId, Math.max(featureKm2, Number.MIN_VALUE));
      }
      checkDemandTotal(demandTotal, { file: layer.file, featureIndex, field: 'properties.weight' }, weight);
      areaSpecs.push({ name, type: typeName, file: layer.file, featureIndex, areaKm2: featureAreaKm2, weight });
    });
  });

  // Population goes only to cells already in the grid: it adds demand, not area.
  // Persons by temporary id, and the ids in the order first given persons (the order of the sums below).
  const populationByTempCell = { persons: new Float64Array(table.size), order: [] as number[] };
  const populationSeen = new Uint8Array(table.size);
  let droppedPopulation = 0;
  if (inputs.population) {
    const layer = inputs.population;
    layer.collection.features.forEach((feature, featureIndex) => {
      const properties = feature.properties ?? {};
      const persons = properties.population as number;
      const job = plan.populationJobs[featureIndex];
      if (job < 0) return;
      const targets: number[] = [];
      const weights: number[] = [];
      let total = 0;
      if (feature.geometry.type !== 'Point') {
        // An area's people spread evenly over the grid cells whose centres lie inside it.
        const { cells } = cellsOf(job);
        for (let i = 0; i < cells.length; i++) {
          const id = gridId(cells[i]);
          if (id === undefined) continue;
          const w = table.areaKm2(id);
          targets.push(id);
          weights.push(w);
          total += w;
        }
        if (total === 0) {
          droppedPopulation += persons;
          warnings.push({ file: layer.file, featureIndex, message: `${persons} persons lie outside the grid and were dropped` });
          return;
        }
      } else {
        const [lng, lat] = feature.geometry.coordinates;
        const { cells, shares } = cellsOf(job);
        let onLand = false;
        if (extentCells.size > 0) for (let i = 0; i < cells.length && !onLand; i++) onLand = extentCells.has(gridId(cells[i]) ?? -1);
        for (let i = 0; i < cells.length; i++) {
          const id = gridId(cells[i]);
          if (id === undefined || (onLand && !extentCells.has(id))) continue;
          const w = shares![i] * table.areaKm2(id);
          targets.push(id);
          weights.push(w);
          total += w;
        }
        if (total === 0) {
          const id = gridId(keys.fromH3(latLngToCell(lat, lng, resolution)));
          if (id === undefined) {
            droppedPopulation += persons;
            warnings.push({ file: layer.file, featureIndex, message: `${persons} persons lie outside the grid and were dropped` });
            return;
          }
          targets.push(id);
          weights.push(1);
          total = 1;
        }
      }
      demandTotal += persons * o.populationWeightPerPerson;
      checkDemandTotal(demandTotal, { file: layer.file, featureIndex, field: 'properties.population' }, persons);
      for (let i = 0; i < targets.length; i++) {
        // Only grid cells are targets, and every grid cell was added before the population.
        if (!populationSeen[targets[i]]) {
          populationSeen[targets[i]] = 1;
          populationByTempCell.order.push(targets[i]);
        }
        populationByTempCell.persons[targets[i]] += (persons * weights[i]) / total;
      }
    });
  }
  const mix = o.demandMix ?? null;
  if (mix) checkMix(mix);
  const valueOf = contributionValues(contributions, siteSpecs, areaSpecs, mix);
  let persons = 0;
  for (const temp of populationByTempCell.order) persons += populationByTempCell.persons[temp];
  // Under the mix rule people weigh mix.people of the scale in all; otherwise the legacy weight.
  const perPerson = mix ? (persons > 0 ? (mix.people * DEMAND_MIX_SCALE) / persons : 0) : o.populationWeightPerPerson;
  const { grid, rank } = assembleGrid(cellList, table, hazardTypes, contributions, valueOf, populationByTempCell, perPerson, inputs.regions);
  const sites: GridSite[] = siteSpecs.map(({ tempCell, ...site }) => ({ ...site, cell: rank[tempCell] }));
  const areaDemand = new Float64Array(areaSpecs.length);
  const totals = { sites: 0, areas: 0, people: perPerson * persons };
  for (let k = 0; k < contributions.length; k++) {
    if (contributions.feature[k] >= 0) {
      areaDemand[contributions.feature[k]] += valueOf[k];
      totals.areas += valueOf[k];
    } else {
      totals.sites += valueOf[k];
    }
  }
  checkSomeDemand(grid.demand, inputs, warnings);
  const areaFeatures = areaSpecs.map(({ weight: _weight, ...feature }, f) => ({ ...feature, demand: areaDemand[f] }));
  return { ...grid, sites, warnings, droppedPopulation, estimate: plan.estimate, areaFeatures, demandMix: mix, demandTotals: totals };
}

/**
 * The build's JS heap, estimated before it allocates: every layer's per-feature steps
 * (`estimateLayerMemory`: jobs, circles, sites, contributions) plus the cells' (`estimateGridCells`'s
 * `peakBytes`), against what the thread has left; refused with `E_MEMORY_BUDGET` naming the
 * largest layer. The layers themselves are in the heap already and count as used.
 */
function checkGridMemory(inputs: DemandInputs, o: typeof DEFAULT_DEMAND_GRID_OPTIONS, estimate: GridCellEstimate): void {
  const layers: Array<[GeoJsonLayer, LayerKind]> = [...inputs.hazards.map((layer): [GeoJsonLayer, LayerKind] => [layer, 'hazard'])];
  if (inputs.population) layers.push([inputs.population, 'population']);
  if (inputs.regions) layers.push([inputs.regions, 'region']);
  if (inputs.extent) layers.push([inputs.extent, 'extent']);
  let layerBytes = 0;
  let features = 0;
  let largest = { file: layers[0][0].file, bytes: -1 };
  for (const [layer, kind] of layers) {
    const layerEstimate = estimateLayerMemory(layer.collection, kind, { circleSteps: o.circleSteps });
    layerBytes += layerEstimate.bytes;
    features += layerEstimate.features;
    if (layerEstimate.bytes > largest.bytes) largest = { file: layer.file, bytes: layerEstimate.bytes };
  }
  checkHeapHeadroom({
    step: 'building the grid',
    estimateBytes: layerBytes + estimate.peakBytes,
    where: { file: largest.file },
    from: `${features.toLocaleString('en-US')} features in ${layers.length} layer(s), the largest this one, and about ${estimate.cellCount.toLocaleString('en-US')} cells`,
    heapAvailableBytes: o.heapAvailableBytes,
    shrink: 'Simplify or split the largest layers (e.g. mapshaper -simplify), or use a coarser resolution',
  });
}

/**
 * A grid whose cells hold no demand at all measures nothing: every share of it covered is 0 of 0.
 * It comes from inputs that look valid one by one — hazard polygons of zero area (dropped with a
 * warning), people all outside the grid or all 0, a demand mix of zeros — and ran to exit 0 with
 * "flood 0.0 %" tables. Refused (`E_EMPTY`), naming the first dropped feature when there is one.
 */
function checkSomeDemand(demand: Float64Array, inputs: DemandInputs, warnings: readonly DemandGridWarning[]): void {
  for (let c = 0; c < demand.length; c++) if (demand[c] > 0) return;
  const first = warnings[0];
  const files = [...inputs.hazards.map((layer) => layer.file), ...(inputs.population ? [inputs.population.file] : [])];
  throw new AirreachError('E_EMPTY', `no cell of the grid holds any demand (${files.join(', ')})`, {
    value: 0,
    where: first ? { file: first.file, featureIndex: first.featureIndex } : { file: files[0] },
    expected: 'hazards of positive weight and area, or people inside the grid (and a demand mix that is not all zeros)',
    hint: first ? `The grid dropped ${warnings.length === 1 ? 'one feature' : `${warnings.length} features`}, the first: ${first.message}` : 'Check the weights, the population counts and grid.demandMix',
  });
}

/**
 * Each contribution's demand. Legacy rule: its `value`. Mix rule: a site gets
 * `mix.sites × scale × weight ÷ Σ site weights`; an area feature's weight is spread over its
 * cells in proportion to the area inside each, so every feature carries
 * `mix.areas × scale × weight ÷ Σ area feature weights` whatever its size.
 */
function contributionValues(
  contributions: Contributions,
  sites: ReadonlyArray<{ weight: number }>,
  areas: ReadonlyArray<{ weight: number; areaKm2: number }>,
  mix: DemandMix | null,
): Float64Array {
  const values = new Float64Array(contributions.length);
  if (!mix) {
    for (let k = 0; k < contributions.length; k++) values[k] = contributions.value[k];
    return values;
  }
  let siteWeights = 0;
  for (const site of sites) siteWeights += site.weight;
  let areaWeights = 0;
  for (const feature of areas) if (feature.areaKm2 > 0) areaWeights += feature.weight;
  for (let k = 0; k < contributions.length; k++) {
    if (contributions.feature[k] < 0) {
      values[k] = siteWeights > 0 ? (mix.sites * DEMAND_MIX_SCALE * contributions.value[k]) / siteWeights : 0;
    } else {
      const feature = areas[contributions.feature[k]];
      values[k] = areaWeights > 0 && feature.areaKm2 > 0 ? (mix.areas * DEMAND_MIX_SCALE * feature.weight * (contributions.areaKm2[k] / feature.areaKm2)) / areaWeights : 0;
    }
  }
  return values;
}

function checkMix(mix: DemandMix): void {
  for (const key of ['sites', 'areas', 'people'] as const) {
    const value = mix?.[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new AirreachError('E_OPTION', `demandMix.${key} must be a finite number ≥ 0`, {
        value,
        where: { field: `demandMix.${key}` },
        expected: 'a share such as 0.4',
        hint: 'Give all three: { "sites": 0.4, "areas": 0.3, "people": 0.3 }',
      });
    }
  }
  if (mix.sites + mix.areas + mix.people <= 0) {
    throw new AirreachError('E_OPTION', 'demandMix gives no weight to anything', { value: mix, where: { field: 'demandMix' }, expected: 'at least one share > 0' });
  }
}

function assembleGrid(
  cellList: number[],
  table: CellTable,
  hazardTypes: string[],
  contributions: Contributions,
  values: Float64Array,
  populationByTempCell: { persons: Float64Array; order: number[] },
  populationWeightPerPerson: number,
  regions: GeoJsonLayer | undefined,
): { grid: DemandGrid; rank: Int32Array } {
  const { keys } = table;
  const resolution = keys.resolution;
  const n = cellList.length;
  // Keys of one resolution sort as their H3 indexes do (see cellKeys).
  const order = cellList.slice().sort((a, b) => table.key[a] - table.key[b]);
  // Temporary ids are table slots: rank maps a slot to its dense index.
  const rank = new Int32Array(table.size).fill(-1);
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
    const key = table.key[order[c]];
    grid.h3Low[c] = keys.low(key);
    grid.h3High[c] = keys.high(key);
    const slot = table.withCentre(key);
    grid.latDeg[c] = table.lat[slot];
    grid.lngDeg[c] = table.lng[slot];
    grid.areaKm2[c] = table.areaKm2(slot);
  }
  for (let k = 0; k < contributions.length; k++) {
    const c = rank[contributions.cell[k]];
    const type = contributions.type[k];
    const value = values[k];
    grid.hazardDemand[c] += value;
    grid.hazardDemandByType[c * typeCount + type] += value;
    if (value > 0) grid.hazardMask[c] |= 1 << type;
  }
  for (const temp of populationByTempCell.order) grid.population[rank[temp]] += populationByTempCell.persons[temp];
  for (let c = 0; c < n; c++) grid.demand[c] = grid.hazardDemand[c] + populationWeightPerPerson * grid.population[c];
  if (regions) assignRegions(grid, regions);
  return { grid, rank };
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
    return [circle(geometry.coordinates, pointRadiusKm(feature)!, { steps, units: 'kilometers' }).geometry.coordinates];
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
