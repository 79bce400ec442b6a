import { AirreachError } from '../../errors.js';
import type { DemandGrid } from '../../grid/demandGrid.js';
import type { CellOutcomes } from '../coverageReport.js';
import { resolveOptions } from '../../resolveOptions.js';
import { neighbourRoots } from './neighbourRoots.js';

/** A connected patch of cells with demand that no base reaches within the standard. */
export interface UncoveredArea {
  /** Lowest cell index of the area (a stable id). */
  firstCell: number;
  cells: number;
  areaKm2: number;
  demand: number;
  /** Hazard types present in the area, in the grid's order. */
  hazardTypes: string[];
  /** Regions the area touches, in the grid's order. */
  regions: string[];
  /** Demand-weighted centre. */
  centreLatDeg: number;
  centreLngDeg: number;
  /** Fastest response to any cell of the area, minutes; `null` when no aircraft reaches any of it. */
  fastestMinutes: number | null;
  /** Slowest finite response in the area, minutes: the whole area is covered only below it; `null` when none is reachable. */
  slowestMinutes: number | null;
  /** Site answering that fastest cell (index into the run's bases); -1 when none. */
  fastestSite: number;
  /** Cells of the area no aircraft can reach at all. */
  unreachableCells: number;
}

/** Options of {@link uncoveredAreas}. */
export interface UncoveredAreasOptions {
  /** How many areas to return (largest demand first). */
  limit?: number;
}

/** Defaults of {@link uncoveredAreas}. */
export const DEFAULT_UNCOVERED_AREAS_OPTIONS: Required<UncoveredAreasOptions> = { limit: 15 };

const KM_PER_DEG_LAT = 110.574;
const KM_PER_DEG_LNG_EQUATOR = 111.32;
/**
 * Neighbouring H3 centres are √3·e apart (e: edge length); the next ring starts at 3·e. Linking
 * centres within 1.25·√3·e ≈ 2.17·e joins exactly the six neighbours while tolerating the
 * local flat-earth approximation and the size variation of cells in one region.
 */
const NEIGHBOUR_FACTOR = 1.25 * Math.sqrt(3);

/**
 * The uncovered "holes" of a standard as areas, not cells: cells with demand > 0 and no base
 * within `standardsMinutes[standardIndex]`, joined into connected patches (H3 neighbours, found
 * by centre distance, through square buckets, or a kd-tree when they spread too far), ordered by demand (ties → lowest first cell). A planner
 * reads "a 140 km² forest-fire area in Dandong, 8 minutes short" rather than 28 separate cells.
 *
 * @example
 * const { areas, totalAreas } = uncoveredAreas(grid, outcomes, 1, { limit: 10 });
 * areas[0].demand; // the largest uncovered area within the second standard
 */
export function uncoveredAreas(
  grid: DemandGrid,
  outcomes: CellOutcomes,
  standardIndex: number,
  options: UncoveredAreasOptions = {},
): { areas: UncoveredArea[]; totalAreas: number } {
  const reach = outcomes.reachCounts[standardIndex];
  if (!reach) {
    throw new AirreachError('E_INDEX', 'no such standard in the outcomes', {
      value: standardIndex,
      expected: `0…${outcomes.reachCounts.length - 1}`,
    });
  }
  return uncoveredAreasOfCells(grid, outcomes, uncoveredCells(grid, reach), options);
}

/**
 * The cells with demand > 0 that no base reaches (`reach[c] === 0`), in index order: the cells
 * {@link uncoveredAreas} joins into areas.
 *
 * @example
 * const holes = uncoveredCells(grid, outcomes.reachCounts[0]);
 */
export function uncoveredCells(grid: Pick<DemandGrid, 'cellCount' | 'demand'>, reach: ArrayLike<number>): number[] {
  const holes: number[] = [];
  for (let c = 0; c < grid.cellCount; c++) if (reach[c] === 0 && grid.demand[c] > 0) holes.push(c);
  return holes;
}

/**
 * {@link uncoveredAreas} of given uncovered cells (`uncoveredCells`, in index order): a caller
 * that has them (or whose standards leave the same cells uncovered) joins them once.
 *
 * @example
 * const { areas } = uncoveredAreasOfCells(grid, outcomes, uncoveredCells(grid, outcomes.reachCounts[1]), { limit: 10 });
 */
export function uncoveredAreasOfCells(grid: DemandGrid, outcomes: CellOutcomes, holes: readonly number[], options: UncoveredAreasOptions = {}): { areas: UncoveredArea[]; totalAreas: number } {
  const { limit } = resolveOptions(DEFAULT_UNCOVERED_AREAS_OPTIONS, options);
  if (holes.length === 0) return { areas: [], totalAreas: 0 };
  let maxAreaKm2 = 0;
  let latSum = 0;
  for (let i = 0; i < holes.length; i++) {
    const c = holes[i];
    maxAreaKm2 = Math.max(maxAreaKm2, grid.areaKm2[c]);
    latSum += grid.latDeg[c];
  }

  const kmPerDegLng = KM_PER_DEG_LNG_EQUATOR * Math.cos(((latSum / holes.length) * Math.PI) / 180);
  const xs = new Float64Array(holes.length);
  const ys = new Float64Array(holes.length);
  for (let i = 0; i < holes.length; i++) {
    const c = holes[i];
    xs[i] = grid.lngDeg[c] * kmPerDegLng;
    ys[i] = grid.latDeg[c] * KM_PER_DEG_LAT;
  }
  const edgeKm = Math.sqrt((2 * maxAreaKm2) / (3 * Math.sqrt(3)));
  const radiusKm = NEIGHBOUR_FACTOR * edgeKm;

  // Each hole's component, named by its lowest position in `holes` (the same whatever order the pairs are found in).
  const root = neighbourRoots(xs, ys, radiusKm);
  // Grouped by component, in the order of their lowest positions, each's cells ascending (a counting sort).
  const { starts, cells } = groupByRoot(root, holes);
  const summaries: UncoveredArea[] = [];
  for (let a = 0; a + 1 < starts.length; a++) summaries.push(summarise(grid, outcomes, cells.subarray(starts[a], starts[a + 1])));
  summaries.sort((a, b) => b.demand - a.demand || a.firstCell - b.firstCell);
  return { areas: summaries.slice(0, limit), totalAreas: summaries.length };
}

/**
 * The holes grouped by their root (`root[i] ≤ i`, the lowest position of i's component): the
 * components numbered in the order of their roots, `cells` the holes of component a at
 * `starts[a]`…`starts[a + 1]`, in position order.
 */
function groupByRoot(root: Int32Array, holes: readonly number[]): { starts: Uint32Array; cells: Uint32Array } {
  const n = root.length;
  const component = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) component[i] = root[i] === i ? count++ : component[root[i]];
  const starts = new Uint32Array(count + 1);
  for (let i = 0; i < n; i++) starts[component[i] + 1]++;
  for (let a = 0; a < count; a++) starts[a + 1] += starts[a];
  const next = starts.slice(0, count);
  const cells = new Uint32Array(n);
  for (let i = 0; i < n; i++) cells[next[component[i]]++] = holes[i];
  return { starts, cells };
}

function summarise(grid: DemandGrid, outcomes: CellOutcomes, members: Uint32Array): UncoveredArea {
  let areaKm2 = 0;
  let demand = 0;
  let lat = 0;
  let lng = 0;
  let mask = 0;
  const regionSeen = new Uint8Array(grid.regionNames.length);
  let fastestMinutes = Infinity;
  let fastestSite = -1;
  let slowestMinutes = -Infinity;
  let unreachableCells = 0;
  for (let m = 0; m < members.length; m++) {
    const c = members[m];
    areaKm2 += grid.areaKm2[c];
    demand += grid.demand[c];
    lat += grid.demand[c] * grid.latDeg[c];
    lng += grid.demand[c] * grid.lngDeg[c];
    mask |= grid.hazardMask[c];
    if (grid.region[c] >= 0) regionSeen[grid.region[c]] = 1;
    const minutes = outcomes.responseMinutes[c];
    if (!Number.isFinite(minutes)) unreachableCells++;
    else {
      if (minutes < fastestMinutes) {
        fastestMinutes = minutes;
        fastestSite = outcomes.responseSite[c];
      }
      if (minutes > slowestMinutes) slowestMinutes = minutes;
    }
  }
  return {
    firstCell: members[0],
    cells: members.length,
    areaKm2,
    demand,
    hazardTypes: grid.hazardTypes.filter((_name, t) => (mask >>> t) & 1),
    regions: grid.regionNames.filter((_name, r) => regionSeen[r] === 1),
    centreLatDeg: lat / demand,
    centreLngDeg: lng / demand,
    fastestMinutes: Number.isFinite(fastestMinutes) ? fastestMinutes : null,
    slowestMinutes: Number.isFinite(slowestMinutes) ? slowestMinutes : null,
    fastestSite,
    unreachableCells,
  };
}
