import type { DemandGrid } from '../grid/demandGrid.js';
import type { AircraftType, Period, RefuelPoint, Site } from '../travel/aircraft.js';
import { fastestAircraft, type FastestAircraftResult } from '../travel/fastestAircraft.js';
import { unitChordKm, unitVector } from '../travel/greatCircleKm.js';
import type { CellResponse } from './cellResponse.js';

/** Options of {@link fastestAircraftAtCell}. */
export interface FastestAircraftAtCellOptions {
  /** The refuelling points the matrix was built with (none by default). */
  refuelPoints?: readonly RefuelPoint[];
  /** Index of `sites[0]` in the matrix's rows' numbering, when the matrix is a shard. */
  siteOffset?: number;
}

/** Defaults of {@link fastestAircraftAtCell}. */
export const DEFAULT_FASTEST_AIRCRAFT_AT_CELL_OPTIONS: { refuelPoints: readonly RefuelPoint[]; siteOffset: number } = {
  refuelPoints: [],
  siteOffset: 0,
};

/**
 * The aircraft type behind a cell's fastest response: recomputed from the distance between the
 * cell's fastest site and the cell, with the same arithmetic as the builder (so `minutes`
 * equals the stored value before float32 rounding). The matrix stores no type per pair: this
 * costs one distance per asked cell instead of 4 bytes per pair. `null` when no site reaches it.
 *
 * @example
 * const response = cellResponse(matrix);
 * fastestAircraftAtCell(c, response, grid, sites, AIRCRAFT_CATALOGUE, 'day'); // -> { aircraftTypeId: 'H135', fleetIndex: 0, minutes: 41.7 }
 */
export function fastestAircraftAtCell(
  cell: number,
  response: Pick<CellResponse, 'fastestSite'>,
  grid: Pick<DemandGrid, 'latDeg' | 'lngDeg'>,
  sites: readonly Site[],
  aircraftById: Readonly<Record<string, AircraftType>>,
  period: Period,
  options: FastestAircraftAtCellOptions = {},
): FastestAircraftResult | null {
  const refuelPoints = options.refuelPoints ?? DEFAULT_FASTEST_AIRCRAFT_AT_CELL_OPTIONS.refuelPoints;
  const siteOffset = options.siteOffset ?? DEFAULT_FASTEST_AIRCRAFT_AT_CELL_OPTIONS.siteOffset;
  const s = response.fastestSite[cell];
  if (s === undefined || s < 0) return null;
  const site = sites[s - siteOffset];
  const [cx, cy, cz] = unitVector(grid.latDeg[cell], grid.lngDeg[cell]);
  const [sx, sy, sz] = unitVector(site.latDeg, site.lngDeg);
  const distanceKm = unitChordKm(sx, sy, sz, cx, cy, cz);
  let refuelLegKm = Infinity;
  for (const point of refuelPoints) {
    const [px, py, pz] = unitVector(point.latDeg, point.lngDeg);
    refuelLegKm = Math.min(refuelLegKm, unitChordKm(px, py, pz, cx, cy, cz));
  }
  return fastestAircraft(site, distanceKm, aircraftById, period, { refuelLegKm });
}
