import type { DemandGrid } from '../grid/demandGrid.js';
import type { Site } from '../travel/aircraft.js';
import type { CoverageMatrix } from '../coverage/coverageMatrix.js';
import { resolveOptions } from '../resolveOptions.js';
import { standardAttainment, type StandardAttainment } from './standardAttainment.js';
import { cellToH3 } from '../grid/demandGrid.js';
import { uncoveredAreasOfCells, uncoveredCells, type UncoveredArea } from './html/uncoveredAreas.js';

/**
 * What the coverage engine knows about each cell, ready for reporting. Built by
 * `cellOutcomes` from the coverage matrix, completed for cells beyond the matrix's reach.
 *
 * @example
 * const outcomes: CellOutcomes = cellOutcomes(grid, bases, AIRCRAFT_CATALOGUE, 'day', matrix, { standardsMinutes: [30, 60] });
 * outcomes.responseMinutes[0]; // fastest response to cell 0, Infinity when unreachable
 */
export interface CellOutcomes {
  /** The standards, ascending, in minutes. `reachCounts[k]` belongs to `standardsMinutes[k]`. */
  standardsMinutes: number[];
  /** Fastest response from any site, minutes; `Infinity` when no aircraft can reach the cell at all. */
  responseMinutes: Float64Array;
  /** Site giving that response; -1 when none. Ties → lowest site index. */
  responseSite: Int32Array;
  /** Index into `aircraftIds` of the aircraft type giving that response; -1 when none. */
  responseAircraft: Int32Array;
  aircraftIds: string[];
  /** Per standard: how many sites reach the cell within it (the redundancy). */
  reachCounts: Uint16Array[];
}

/** Covered share of demand, cells and area within one standard. */
export interface TierSummary {
  standardMinutes: number;
  coveredDemand: number;
  coveredDemandShare: number;
  coveredCells: number;
  coveredCellShare: number;
  coveredAreaKm2: number;
  coveredAreaShare: number;
  /** Demand reached by two or more sites (backup coverage). */
  backupDemandShare: number;
}

/** Totals of one group (whole grid, a hazard type or a region) with its tiers. */
export interface GroupSummary {
  name: string;
  demand: number;
  cells: number;
  areaKm2: number;
  tiers: TierSummary[];
  /** Demand-weighted response-time percentiles over the group's cells with demand > 0. */
  responseMinutes: ResponsePercentiles;
}

/** Demand-weighted percentiles; `null` means that share of demand is unreachable by any aircraft. */
export interface ResponsePercentiles {
  p50: number | null;
  p90: number | null;
  max: number | null;
  /** Demand-weighted mean over reachable demand. */
  meanReachable: number | null;
  /** Share of demand no aircraft can reach at all (range or night limits). */
  unreachableDemandShare: number;
}

/** One uncovered cell, for the "where are the holes" list. */
export interface UncoveredCell {
  /** Dense index of the cell in this run's grid (changes with the grid; use `hexId` across runs). */
  cell: number;
  /** The cell's H3 index, as in the `hex_id` column of the cell tables. */
  hexId: string;
  /** The cell's centre. */
  latDeg: number;
  lngDeg: number;
  demand: number;
  hazardTypes: string[];
  region: string | null;
  nearestSiteId: string | null;
  responseMinutes: number | null;
  minutesMissing: number | null;
}

/**
 * A connected uncovered area of a standard (H3 neighbours with demand that no base reaches in
 * time), named by position so that it can be found on any map.
 */
export interface UncoveredAreaSummary {
  /** H3 index of the area's lowest cell (a stable name for it). */
  firstHexId: string;
  cells: number;
  areaKm2: number;
  demand: number;
  hazardTypes: string[];
  regions: string[];
  /** Demand-weighted centre. */
  centreLatDeg: number;
  centreLngDeg: number;
  /** Fastest and slowest finite response in the area, minutes (`null` when none is reachable). */
  fastestMinutes: number | null;
  slowestMinutes: number | null;
  /** How much faster the slowest cell must be reached for the whole area to be covered; `null` when some cell is unreachable. */
  minutesShort: number | null;
  /** Base answering the area's fastest cell. */
  nearestSiteId: string | null;
  unreachableCells: number;
}

/** Per site: what it reaches within each standard. */
export interface SiteSummary {
  id: string;
  name: string;
  role: string;
  cellsWithin: number[];
  demandWithin: number[];
  /** Demand for which this site is the fastest. */
  firstResponderDemand: number;
}

/**
 * The coverage report: a plain, JSON-safe value. Everything a summary table, a map or a
 * comparison needs, computed once.
 *
 * @example
 * const report: CoverageReport = coverageReport(grid, bases, outcomes, matrix, { period: 'day' });
 * report.overall.tiers[1].coveredDemandShare; // share of demand within the second standard
 */
export interface CoverageReport {
  period: string;
  resolution: number;
  standardsMinutes: number[];
  overall: GroupSummary;
  byHazardType: GroupSummary[];
  byRegion: GroupSummary[];
  sites: SiteSummary[];
  /**
   * Per standard: the uncovered cells with the most demand (`top`, at most `uncoveredListLimit`),
   * and the largest connected uncovered areas (`areas`, at most `uncoveredAreasLimit`, largest
   * demand first, as the report page lists them; `totalAreas` counts them all).
   */
  uncovered: Array<{ standardMinutes: number; cells: number; demand: number; top: UncoveredCell[]; totalAreas: number; areas: UncoveredAreaSummary[] }>;
  /** Per standard: named hazard sites reached, shares of area and people reached, met or not. */
  attainment: StandardAttainment[];
  /** Share of total demand per kind: each hazard type, and people. */
  demandShares: Array<{ name: string; share: number }>;
}

/** Options of {@link coverageReport}. */
export interface CoverageReportOptions {
  /** How many uncovered cells to list per standard (by demand, descending). */
  uncoveredListLimit?: number;
  /** How many connected uncovered areas to list per standard (by demand, descending). */
  uncoveredAreasLimit?: number;
  /** Label of the operating period, e.g. `day`. */
  period?: string;
}

/** Defaults of {@link coverageReport}. */
export const DEFAULT_COVERAGE_REPORT_OPTIONS: Required<CoverageReportOptions> = {
  uncoveredListLimit: 50,
  uncoveredAreasLimit: 10,
  period: 'day',
};

/**
 * Summarises coverage: per standard the covered share of demand, cells and area — overall, per
 * hazard type and per region —, demand-weighted response-time percentiles, what each site
 * reaches, and the largest uncovered cells with their nearest base and the minutes missing.
 *
 * Coverage of a cell within a standard S means at least one site reaches it in ≤ S minutes.
 * Shares are of the group's demand (hazard + population weight), of its cell count and of its
 * area (exact H3 cell areas).
 *
 * @example
 * const report = coverageReport(grid, sites, outcomes, matrix, { period: 'night' });
 * report.overall.tiers[2].coveredDemandShare; // e.g. 0.97 within 120 minutes
 */
export function coverageReport(
  grid: DemandGrid,
  sites: readonly Site[],
  outcomes: CellOutcomes,
  matrix: CoverageMatrix,
  options: CoverageReportOptions = {},
): CoverageReport {
  const settings = resolveOptions(DEFAULT_COVERAGE_REPORT_OPTIONS, options);
  const { cellCount } = grid;
  const everyCell = new Uint32Array(cellCount);
  for (let c = 0; c < cellCount; c++) everyCell[c] = c;
  // Every group's percentiles walk the cells in this one order instead of sorting their own.
  const order = cellsByMinutes(outcomes.responseMinutes);

  const overall = summariseGroup('all', everyCell, grid.demand, grid, outcomes, order);

  const typeCount = grid.hazardTypes.length;
  const byHazardType = grid.hazardTypes.map((type, t) => {
    const weights = new Float64Array(cellCount);
    const members = hazardMembers(grid, t, typeCount, weights);
    return summariseGroup(type, members, weights, grid, outcomes, order);
  });

  const regionMembers: number[][] = grid.regionNames.map(() => []);
  for (let c = 0; c < cellCount; c++) if (grid.region[c] >= 0) regionMembers[grid.region[c]].push(c);
  const byRegion = grid.regionNames.map((name, r) =>
    summariseGroup(name, Uint32Array.from(regionMembers[r]), grid.demand, grid, outcomes, order),
  );

  return {
    period: settings.period,
    resolution: grid.resolution,
    standardsMinutes: [...outcomes.standardsMinutes],
    overall,
    byHazardType,
    byRegion,
    sites: summariseSites(grid, sites, outcomes, matrix),
    uncovered: listUncovered(grid, sites, outcomes, settings.uncoveredListLimit, settings.uncoveredAreasLimit),
    attainment: standardAttainment(grid, outcomes),
    demandShares: demandShares(grid),
  };
}

/** Each hazard type's share of total demand, then the people's (what is left). */
function demandShares(grid: DemandGrid): Array<{ name: string; share: number }> {
  const typeCount = grid.hazardTypes.length;
  const byType = new Float64Array(typeCount);
  let total = 0;
  let hazard = 0;
  for (let c = 0; c < grid.cellCount; c++) {
    total += grid.demand[c];
    hazard += grid.hazardDemand[c];
    for (let t = 0; t < typeCount; t++) byType[t] += grid.hazardDemandByType[c * typeCount + t];
  }
  return [...grid.hazardTypes.map((name, t) => ({ name, share: share(byType[t], total) })), { name: 'people', share: share(total - hazard, total) }];
}

function summariseGroup(
  name: string,
  members: Uint32Array,
  weights: Float64Array,
  grid: DemandGrid,
  outcomes: CellOutcomes,
  order: Uint32Array,
): GroupSummary {
  // The sums over the members are small functions of their own (indexed loops, not iterators):
  // V8 compiles each once instead of recompiling this function for each of its loops.
  const { demand, areaKm2 } = memberTotals(members, weights, grid.areaKm2, null);
  const tiers = outcomes.standardsMinutes.map((standardMinutes, k) => {
    const { demand: coveredDemand, areaKm2: coveredAreaKm2, cells: coveredCells, backupDemand } = memberTotals(members, weights, grid.areaKm2, outcomes.reachCounts[k]);
    return {
      standardMinutes,
      coveredDemand,
      coveredDemandShare: share(coveredDemand, demand),
      coveredCells,
      coveredCellShare: share(coveredCells, members.length),
      coveredAreaKm2,
      coveredAreaShare: share(coveredAreaKm2, areaKm2),
      backupDemandShare: share(backupDemand, demand),
    };
  });
  return {
    name,
    demand,
    cells: members.length,
    areaKm2,
    tiers,
    responseMinutes: weightedPercentiles(members, weights, outcomes.responseMinutes, order),
  };
}

/**
 * The cells of hazard type `t` (ascending), their demand of that type into `weights`. Its own
 * function: V8 compiles the loop once, not the caller's callback by OSR for each type.
 */
function hazardMembers(grid: DemandGrid, t: number, typeCount: number, weights: Float64Array): Uint32Array {
  const members: number[] = [];
  for (let c = 0; c < grid.cellCount; c++) {
    if ((grid.hazardMask[c] >>> t) & 1) {
      members.push(c);
      weights[c] = grid.hazardDemandByType[c * typeCount + t];
    }
  }
  return Uint32Array.from(members);
}

/**
 * Demand, area and count of the members reached (`reach[c] > 0`; every member when `reach` is
 * null), and the demand reached twice or more, each summed in member order.
 */
function memberTotals(
  members: Uint32Array,
  weights: Float64Array,
  cellAreaKm2: Float64Array,
  reach: Uint16Array | null,
): { demand: number; areaKm2: number; cells: number; backupDemand: number } {
  let demand = 0;
  let areaKm2 = 0;
  let cells = 0;
  let backupDemand = 0;
  for (let k = 0; k < members.length; k++) {
    const c = members[k];
    if (reach !== null && reach[c] === 0) continue;
    demand += weights[c];
    cells++;
    areaKm2 += cellAreaKm2[c];
    if (reach !== null && reach[c] > 1) backupDemand += weights[c];
  }
  return { demand, areaKm2, cells, backupDemand };
}

/**
 * Demand-weighted percentiles of response minutes over cells with positive weight. The p-th
 * percentile is the smallest minutes value m such that the demand answered within m is at
 * least p of the total (the usual "inverse of the weighted CDF"). Unreachable demand sits at
 * +∞, so a percentile that falls into it is reported as `null`.
 *
 * `order`, when given, is {@link cellsByMinutes} of `minutes`: the members are then taken in
 * that order instead of being sorted (the same order, for many groups of one grid at once).
 *
 * @example
 * weightedPercentiles(Uint32Array.of(0, 1), Float64Array.of(1, 3), Float64Array.of(10, 20)).p50; // -> 20
 */
export function weightedPercentiles(
  members: Uint32Array,
  weights: Float64Array,
  minutes: Float64Array,
  order?: Uint32Array,
): ResponsePercentiles {
  // The loops are small functions of their own: V8 compiles each once, where this function's
  // loops were compiled by on-stack replacement and dropped at the next loop, once per call.
  const cells = order ? membersInOrder(members, weights, order, minutes.length) : membersByMinutes(members, weights, minutes);
  const { total, reachable, weightedSum } = percentileTotals(cells, weights, minutes);
  return {
    p50: percentileOf(cells, weights, minutes, total, 0.5),
    p90: percentileOf(cells, weights, minutes, total, 0.9),
    max: percentileOf(cells, weights, minutes, total, 1),
    meanReachable: reachable > 0 ? weightedSum / reachable : null,
    unreachableDemandShare: share(total - reachable, total),
  };
}

/** The members with positive weight, in `order` (every cell of the grid, see {@link cellsByMinutes}). */
function membersInOrder(members: Uint32Array, weights: Float64Array, order: Uint32Array, cellCount: number): number[] {
  const member = memberFlags(members, cellCount);
  const cells: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const c = order[k];
    if (member[c] === 1 && weights[c] > 0) cells.push(c);
  }
  return cells;
}

/**
 * 1 for each member of `cellCount` cells. Apart from {@link membersInOrder}'s loop: V8 would
 * otherwise enter the OSR code of this loop on every call and deoptimise at the next one.
 */
function memberFlags(members: Uint32Array, cellCount: number): Uint8Array {
  const member = new Uint8Array(cellCount);
  for (let k = 0; k < members.length; k++) member[members[k]] = 1;
  return member;
}

/** The members with positive weight, ascending by minutes, ties by lowest index. */
function membersByMinutes(members: Uint32Array, weights: Float64Array, minutes: Float64Array): number[] {
  const cells = Array.from(members).filter((c) => weights[c] > 0);
  cells.sort((a, b) => minutes[a] - minutes[b] || a - b);
  return cells;
}

/** The demand of `cells`, the reachable part of it, and the latter's demand-weighted minutes. */
function percentileTotals(cells: number[], weights: Float64Array, minutes: Float64Array): { total: number; reachable: number; weightedSum: number } {
  let total = 0;
  let reachable = 0;
  let weightedSum = 0;
  for (let k = 0; k < cells.length; k++) {
    const c = cells[k];
    total += weights[c];
    if (Number.isFinite(minutes[c])) {
      reachable += weights[c];
      weightedSum += weights[c] * minutes[c];
    }
  }
  return { total, reachable, weightedSum };
}

/** The p-th percentile of minutes over `cells` (ascending by minutes) weighted by demand; `null` at +∞ or without demand. */
function percentileOf(cells: number[], weights: Float64Array, minutes: Float64Array, total: number, p: number): number | null {
  if (total === 0) return null;
  let running = 0;
  for (let k = 0; k < cells.length; k++) {
    const c = cells[k];
    running += weights[c];
    if (running >= p * total * (1 - 1e-12)) return Number.isFinite(minutes[c]) ? minutes[c] : null;
  }
  return null;
}

/**
 * Every cell of `minutes`, ascending by minutes, ties (and the unreachable, at +∞) by lowest
 * index: the order {@link weightedPercentiles} sorts its members into.
 *
 * @example
 * cellsByMinutes(Float64Array.of(20, 10, Infinity, 10)); // Uint32Array [1, 3, 0, 2]
 */
export function cellsByMinutes(minutes: Float64Array): Uint32Array {
  const cells = Array.from({ length: minutes.length }, (_, c) => c);
  cells.sort((a, b) => minutes[a] - minutes[b] || a - b);
  return Uint32Array.from(cells);
}

function summariseSites(
  grid: DemandGrid,
  sites: readonly Site[],
  outcomes: CellOutcomes,
  matrix: CoverageMatrix,
): SiteSummary[] {
  const { offsets, cells, minutes } = matrix;
  const firstResponder = new Float64Array(sites.length);
  for (let c = 0; c < grid.cellCount; c++) {
    const s = outcomes.responseSite[c];
    if (s >= 0) firstResponder[s] += grid.demand[c];
  }
  return sites.map((site, s) => {
    const cellsWithin = outcomes.standardsMinutes.map(() => 0);
    const demandWithin = outcomes.standardsMinutes.map(() => 0);
    if (s < matrix.siteCount) {
      for (let k = offsets[s], end = offsets[s + 1]; k < end; k++) {
        for (let t = 0; t < outcomes.standardsMinutes.length; t++) {
          if (minutes[k] <= outcomes.standardsMinutes[t]) {
            cellsWithin[t]++;
            demandWithin[t] += grid.demand[cells[k]];
          }
        }
      }
    }
    return { id: site.id, name: site.name, role: site.role, cellsWithin, demandWithin, firstResponderDemand: firstResponder[s] };
  });
}

function listUncovered(
  grid: DemandGrid,
  sites: readonly Site[],
  outcomes: CellOutcomes,
  limit: number,
  areasLimit: number,
): CoverageReport['uncovered'] {
  // Standards that leave the same cells uncovered (today's night: all three) share the heaviest
  // cells and the areas: joining 46,000 cells into areas is the costly part.
  let last: { holes: number[]; heaviest: number[]; found: ReturnType<typeof uncoveredAreasOfCells> } | undefined;
  return outcomes.standardsMinutes.map((standardMinutes, k) => {
    const holes = uncoveredCells(grid, outcomes.reachCounts[k]);
    let demand = 0;
    for (const c of holes) demand += grid.demand[c];
    if (!last || !sameCells(last.holes, holes)) last = { holes, heaviest: mostDemand(grid.demand, holes, limit), found: uncoveredAreasOfCells(grid, outcomes, holes, { limit: areasLimit }) };
    const top = last.heaviest.map((c) => describeCell(grid, sites, outcomes, c, standardMinutes));
    const { areas, totalAreas } = last.found;
    return {
      standardMinutes,
      cells: holes.length,
      demand,
      top,
      totalAreas,
      areas: areas.map((area) => uncoveredAreaSummary(area, grid, sites, standardMinutes)),
    };
  });
}

function sameCells(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The `limit` cells of `cells` with the most demand, ties by lowest index: `cells` sorted that
 * way and cut, without sorting them all (only those at least as heavy as the limit-th are).
 */
function mostDemand(demand: Float64Array, cells: number[], limit: number): number[] {
  const byDemand = (a: number, b: number) => demand[b] - demand[a] || a - b;
  if (!(Number.isInteger(limit) && limit > 0) || cells.length <= limit) return [...cells].sort(byDemand).slice(0, limit);
  const weights = Float64Array.from(cells, (c) => demand[c]).sort();
  const threshold = weights[weights.length - limit];
  return cells.filter((c) => demand[c] >= threshold).sort(byDemand).slice(0, limit);
}

/** Hazard type names present in cell `c`. */
export function cellHazardTypes(grid: DemandGrid, c: number): string[] {
  const names: string[] = [];
  for (let t = 0; t < grid.hazardTypes.length; t++) if ((grid.hazardMask[c] >>> t) & 1) names.push(grid.hazardTypes[t]);
  return names;
}

function describeCell(
  grid: DemandGrid,
  sites: readonly Site[],
  outcomes: CellOutcomes,
  c: number,
  standardMinutes: number,
): UncoveredCell {
  const minutes = outcomes.responseMinutes[c];
  const site = outcomes.responseSite[c];
  return {
    cell: c,
    hexId: cellToH3(grid, c),
    latDeg: round(grid.latDeg[c], 6),
    lngDeg: round(grid.lngDeg[c], 6),
    demand: grid.demand[c],
    hazardTypes: cellHazardTypes(grid, c),
    region: grid.region[c] >= 0 ? grid.regionNames[grid.region[c]] : null,
    nearestSiteId: site >= 0 ? sites[site].id : null,
    // The cell is not covered: rounding must not print it onto the standard or 0 minutes short.
    responseMinutes: Number.isFinite(minutes) ? Math.max(round(minutes, 1), round(standardMinutes + 0.1, 1)) : null,
    minutesMissing: Number.isFinite(minutes) ? Math.max(round(minutes - standardMinutes, 1), 0.1) : null,
  };
}

function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/** Rounds to `decimals` places (for output files only; computations keep full precision). */
export function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  // Near the largest doubles value × scale overflows; such a value has no decimals to round.
  if (!Number.isFinite(value * scale)) return value;
  return Math.round(value * scale) / scale;
}

/**
 * One connected uncovered area (`uncoveredAreas`) in the report's JSON form: named by its lowest
 * cell's H3 index, centre to 6 decimals, minutes to 0.1, and how much faster its slowest cell
 * must be reached (at least 0.1 min: it is not covered). The terminal, `summary.json` and the
 * report page list areas through this one function, so they agree.
 *
 * @example
 * const { areas } = uncoveredAreas(grid, outcomes, k);
 * const listed = areas.map((area) => uncoveredAreaSummary(area, grid, sites, 30));
 */
export function uncoveredAreaSummary(area: UncoveredArea, grid: DemandGrid, sites: readonly Site[], standardMinutes: number): UncoveredAreaSummary {
  return {
    firstHexId: cellToH3(grid, area.firstCell),
    cells: area.cells,
    areaKm2: area.areaKm2,
    demand: area.demand,
    hazardTypes: area.hazardTypes,
    regions: area.regions,
    centreLatDeg: round(area.centreLatDeg, 6),
    centreLngDeg: round(area.centreLngDeg, 6),
    fastestMinutes: area.fastestMinutes === null ? null : round(area.fastestMinutes, 1),
    slowestMinutes: area.slowestMinutes === null ? null : round(area.slowestMinutes, 1),
    minutesShort: area.unreachableCells > 0 || area.slowestMinutes === null ? null : Math.max(round(area.slowestMinutes - standardMinutes, 1), 0.1),
    nearestSiteId: area.fastestSite >= 0 ? sites[area.fastestSite].id : null,
    unreachableCells: area.unreachableCells,
  };
}
