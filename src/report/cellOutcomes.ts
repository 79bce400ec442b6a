import type { DemandGrid } from '../grid/demandGrid.js';
import type { AircraftType, Period, RefuelPoint, Site } from '../travel/aircraft.js';
import type { CoverageMatrix } from '../coverage/coverageMatrix.js';
import { cellResponse } from '../coverage/cellResponse.js';
import { fastestAircraftAtCell } from '../coverage/fastestAircraftAtCell.js';
import { fastestAircraft } from '../travel/fastestAircraft.js';
import { greatCircleKm } from '../travel/greatCircleKm.js';
import type { CellOutcomes } from './coverageReport.js';
import { resolveOptions } from '../resolveOptions.js';

/** Options of {@link cellOutcomes}. */
export interface CellOutcomesOptions {
  standardsMinutes?: readonly number[];
  refuelPoints?: readonly RefuelPoint[];
}

/** Defaults of {@link cellOutcomes}. */
export const DEFAULT_CELL_OUTCOMES_OPTIONS: { standardsMinutes: readonly number[]; refuelPoints: readonly RefuelPoint[] } = {
  standardsMinutes: [30, 60, 120],
  refuelPoints: [],
};

/**
 * Everything the report needs per cell: the fastest response, its site and aircraft type, and
 * the redundancy per standard. Cells beyond the matrix's `maxMinutes` are completed here with
 * their true fastest response from any site (so the report can say how many minutes are
 * missing), computed directly for those cells only; a cell no aircraft can reach at all (range,
 * night) keeps `Infinity`.
 *
 * @example
 * const outcomes = cellOutcomes(grid, sites, aircraftById, 'day', matrix);
 * outcomes.responseMinutes[c]; // minutes, or Infinity
 */
export function cellOutcomes(
  grid: DemandGrid,
  sites: readonly Site[],
  aircraftById: Readonly<Record<string, AircraftType>>,
  period: Period,
  matrix: CoverageMatrix,
  options: CellOutcomesOptions = {},
): CellOutcomes {
  const settings = resolveOptions(DEFAULT_CELL_OUTCOMES_OPTIONS, options);
  const standardsMinutes = [...settings.standardsMinutes].sort((a, b) => a - b);
  const response = cellResponse(matrix, { standardsMinutes });
  const aircraftIds = Object.keys(aircraftById).sort();
  const aircraftIndex = new Map(aircraftIds.map((id, i) => [id, i]));
  const { cellCount } = grid;
  const responseMinutes = new Float64Array(cellCount);
  const responseSite = new Int32Array(cellCount);
  const responseAircraft = new Int32Array(cellCount).fill(-1);
  for (let c = 0; c < cellCount; c++) {
    if (response.fastestSite[c] >= 0) {
      responseMinutes[c] = response.fastestMinutes[c];
      responseSite[c] = response.fastestSite[c];
      const best = fastestAircraftAtCell(c, response, grid, sites, aircraftById, period, {
        refuelPoints: settings.refuelPoints,
      });
      if (best) responseAircraft[c] = aircraftIndex.get(best.aircraftTypeId) ?? -1;
      continue;
    }
    // Beyond the matrix: the slowest standard was missed; find how far off the best site is.
    let bestMinutes = Infinity;
    let bestSite = -1;
    let bestAircraft = -1;
    const refuelLegKm = nearestRefuelKm(grid.latDeg[c], grid.lngDeg[c], settings.refuelPoints);
    for (let s = 0; s < sites.length; s++) {
      const site = sites[s];
      const distanceKm = greatCircleKm(site.latDeg, site.lngDeg, grid.latDeg[c], grid.lngDeg[c]);
      const best = fastestAircraft(site, distanceKm, aircraftById, period, { refuelLegKm });
      if (best && best.minutes < bestMinutes) {
        bestMinutes = best.minutes;
        bestSite = s;
        bestAircraft = aircraftIndex.get(best.aircraftTypeId) ?? -1;
      }
    }
    responseMinutes[c] = bestMinutes;
    responseSite[c] = bestSite;
    responseAircraft[c] = bestAircraft;
  }
  return {
    standardsMinutes: response.standardsMinutes,
    responseMinutes,
    responseSite,
    responseAircraft,
    aircraftIds,
    reachCounts: response.redundancy,
  };
}

function nearestRefuelKm(latDeg: number, lngDeg: number, points: readonly RefuelPoint[]): number {
  let best = Infinity;
  for (const point of points) best = Math.min(best, greatCircleKm(point.latDeg, point.lngDeg, latDeg, lngDeg));
  return best;
}
