import KDBush from 'kdbush';
import { AirreachError } from '../../errors.js';
import type { DemandGrid } from '../../grid/demandGrid.js';
import type { CellOutcomes } from '../coverageReport.js';
import { resolveOptions } from '../../resolveOptions.js';

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
  for (const c of holes) {
    maxAreaKm2 = Math.max(maxAreaKm2, grid.areaKm2[c]);
    latSum += grid.latDeg[c];
  }

  const kmPerDegLng = KM_PER_DEG_LNG_EQUATOR * Math.cos(((latSum / holes.length) * Math.PI) / 180);
  const xs = new Float64Array(holes.length);
  const ys = new Float64Array(holes.length);
  holes.forEach((c, i) => {
    xs[i] = grid.lngDeg[c] * kmPerDegLng;
    ys[i] = grid.latDeg[c] * KM_PER_DEG_LAT;
  });
  const edgeKm = Math.sqrt((2 * maxAreaKm2) / (3 * Math.sqrt(3)));
  const radiusKm = NEIGHBOUR_FACTOR * edgeKm;

  // Union-find over positions in `holes`; the root is always the lowest position, so the
  // result does not depend on the order pairs are found in.
  const parent = new Int32Array(holes.length);
  for (let i = 0; i < holes.length; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const join = (i: number, j: number) => {
    const a = find(i);
    const b = find(j);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  };
  if (!linkByBuckets(xs, ys, radiusKm, join)) {
    const index = new KDBush(holes.length);
    for (let i = 0; i < holes.length; i++) index.add(xs[i], ys[i]);
    index.finish();
    const found: number[] = [];
    for (let i = 0; i < holes.length; i++) {
      const n = index.withinInto(xs[i], ys[i], radiusKm, found);
      for (let k = 0; k < n; k++) join(i, found[k]);
    }
  }

  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < holes.length; i++) {
    const root = find(i);
    let members = byRoot.get(root);
    if (!members) byRoot.set(root, (members = []));
    members.push(holes[i]);
  }
  const summaries = [...byRoot.values()].map((members) => summarise(grid, outcomes, members));
  summaries.sort((a, b) => b.demand - a.demand || a.firstCell - b.firstCell);
  return { areas: summaries.slice(0, limit), totalAreas: summaries.length };
}

/**
 * Calls `join(i, j)` for every pair of points within `radius` of each other (the test kdbush's
 * `within` makes: squared distance ≤ radius², in float64), found through square buckets of side
 * `radius` (a point's neighbours lie in its bucket and the eight around it), or returns false
 * when the points spread over too many buckets for a dense table (the caller then asks a kd-tree).
 */
function linkByBuckets(xs: Float64Array, ys: Float64Array, radius: number, join: (i: number, j: number) => void): boolean {
  const n = xs.length;
  if (!(radius > 0) || !Number.isFinite(radius)) return false;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, xs[i]);
    maxX = Math.max(maxX, xs[i]);
    minY = Math.min(minY, ys[i]);
    maxY = Math.max(maxY, ys[i]);
  }
  const width = Math.floor((maxX - minX) / radius) + 1;
  const height = Math.floor((maxY - minY) / radius) + 1;
  if (!(width * height <= Math.max(4 * n, 1 << 20))) return false;
  const bucketOf = new Int32Array(n);
  const starts = new Int32Array(width * height + 1);
  for (let i = 0; i < n; i++) {
    const b = Math.min(width - 1, Math.floor((xs[i] - minX) / radius)) * height + Math.min(height - 1, Math.floor((ys[i] - minY) / radius));
    bucketOf[i] = b;
    starts[b + 1]++;
  }
  for (let b = 0; b < width * height; b++) starts[b + 1] += starts[b];
  const members = new Int32Array(n);
  const next = starts.slice(0, width * height);
  for (let i = 0; i < n; i++) members[next[bucketOf[i]]++] = i;
  const r2 = radius * radius;
  for (let i = 0; i < n; i++) {
    const bx = Math.floor(bucketOf[i] / height);
    const by = bucketOf[i] - bx * height;
    for (let x = Math.max(0, bx - 1); x <= Math.min(width - 1, bx + 1); x++) {
      for (let y = Math.max(0, by - 1); y <= Math.min(height - 1, by + 1); y++) {
        const b = x * height + y;
        for (let k = starts[b]; k < starts[b + 1]; k++) {
          const j = members[k];
          if (j <= i) continue;
          const dx = xs[j] - xs[i];
          const dy = ys[j] - ys[i];
          if (dx * dx + dy * dy <= r2) join(i, j);
        }
      }
    }
  }
  return true;
}

function summarise(grid: DemandGrid, outcomes: CellOutcomes, members: number[]): UncoveredArea {
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
  for (const c of members) {
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
