import { aggregateToParents } from '../grid/aggregateToParents.js';
import { h3Ring } from '../grid/cellPolygons.js';
import type { DemandGrid } from '../grid/demandGrid.js';
import type { CellOutcomes } from './coverageReport.js';
import { finiteJson } from './finiteJson.js';

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/**
 * The coverage map at a coarser H3 resolution, for web viewers that cannot hold the full grid
 * (a province at resolution 7 is about 33 MB of hexagons; at resolution 5 about 1/49 of that).
 * One feature per parent cell holding demand (the parent's own hexagon outline, which only
 * approximates the union of its children), with: `hex_id`, `cells` (grid cells with demand),
 * `demand`, `population`, and per standard S `demand_covered_S` (share of the parent's demand
 * in cells reached within S, the same test as the fine map's `covered_S`) and `cells_covered_S`;
 * `fastest_minutes` and `slowest_minutes` over its reachable cells with demand (`null` when none)
 * and `unreachable_cells`. Parents in ascending H3 order, so the same run gives the same bytes.
 *
 * @example
 * const text = parentCoverageGeoJson(run.grid, run.periods[0].outcomes, 5);
 */
export function parentCoverageGeoJson(
  grid: Pick<DemandGrid, 'cellCount' | 'h3Low' | 'h3High' | 'latDeg' | 'lngDeg' | 'resolution' | 'demand' | 'population'>,
  outcomes: Pick<CellOutcomes, 'standardsMinutes' | 'responseMinutes' | 'reachCounts'>,
  parentResolution: number,
): string {
  const { parents, rings } = parentCells(grid, parentResolution);
  const count = parents.h3.length;
  const standards = outcomes.standardsMinutes;
  const cells = new Uint32Array(count);
  const population = new Float64Array(count);
  const coveredDemand = standards.map(() => new Float64Array(count));
  const coveredCells = standards.map(() => new Uint32Array(count));
  const fastest = new Float64Array(count).fill(Infinity);
  const slowest = new Float64Array(count).fill(-Infinity);
  const unreachable = new Uint32Array(count);
  for (let c = 0; c < grid.cellCount; c++) {
    const p = parents.parentOfCell[c];
    if (p === 0xffffffff || !(grid.demand[c] > 0)) continue;
    cells[p]++;
    population[p] += grid.population[c];
    const minutes = outcomes.responseMinutes[c];
    if (Number.isFinite(minutes)) {
      if (minutes < fastest[p]) fastest[p] = minutes;
      if (minutes > slowest[p]) slowest[p] = minutes;
    } else {
      unreachable[p]++;
    }
    for (let k = 0; k < standards.length; k++) {
      if (outcomes.reachCounts[k][c] > 0) {
        coveredDemand[k][p] += grid.demand[c];
        coveredCells[k][p]++;
      }
    }
  }
  const features = parents.h3.map((h3, p) => {
    const properties: Record<string, unknown> = {
      hex_id: h3,
      resolution: parentResolution,
      cells: cells[p],
      demand: round(parents.weight[p], 6),
      population: Math.round(population[p]),
    };
    standards.forEach((standard, k) => {
      properties[`demand_covered_${standard}`] = round(coveredDemand[k][p] / parents.weight[p], 4);
      properties[`cells_covered_${standard}`] = coveredCells[k][p];
    });
    properties.fastest_minutes = Number.isFinite(fastest[p]) ? round(fastest[p], 2) : null;
    properties.slowest_minutes = Number.isFinite(slowest[p]) ? round(slowest[p], 2) : null;
    properties.unreachable_cells = unreachable[p];
    return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [rings[p]] }, properties };
  });
  return finiteJson({ type: 'FeatureCollection', features }, `parent layer at resolution ${parentResolution}`);
}

type ParentGrid = Pick<DemandGrid, 'cellCount' | 'h3Low' | 'h3High' | 'latDeg' | 'lngDeg' | 'resolution' | 'demand'>;

/** A grid's parents with demand and their outlines, per parent resolution, with the arrays they were made from. */
const parentsByGrid = new WeakMap<object, { from: readonly unknown[]; byResolution: Map<number, { parents: ReturnType<typeof aggregateToParents>; rings: number[][][] }> }>();

/**
 * The parents of `grid`'s cells with demand at `parentResolution` and each one's outline (5
 * decimals): the same in every period's layer, so kept per grid (grids are not changed once
 * built; one whose arrays were replaced gets them afresh). Read only: the outlines go into each
 * period's features as they are.
 */
function parentCells(grid: ParentGrid, parentResolution: number): { parents: ReturnType<typeof aggregateToParents>; rings: number[][][] } {
  const from = [grid.cellCount, grid.h3Low, grid.h3High, grid.latDeg, grid.lngDeg, grid.resolution, grid.demand];
  let kept = parentsByGrid.get(grid);
  if (!kept || !kept.from.every((value, k) => value === from[k])) {
    kept = { from, byResolution: new Map() };
    parentsByGrid.set(grid, kept);
  }
  let made = kept.byResolution.get(parentResolution);
  if (!made) {
    const parents = aggregateToParents(grid, grid.demand, parentResolution);
    made = { parents, rings: parents.h3.map((h3) => h3Ring(h3, 5)) };
    kept.byResolution.set(parentResolution, made);
  }
  return made;
}
