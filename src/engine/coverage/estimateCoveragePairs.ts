import type { DemandGrid } from '../../grid/demandGrid.js';
import type { AircraftType, Period, RefuelPoint, Site } from '../../travel/aircraft.js';
import { maxReachKm } from '../../travel/maxReachKm.js';
import { earthRadiusKm } from '../../units.js';
import { resolveOptions } from '../../resolveOptions.js';

/** Options of {@link estimateCoveragePairs}. */
export interface EstimateCoveragePairsOptions {
  maxMinutes?: number;
  period?: Period;
  refuelPoints?: readonly RefuelPoint[];
}

/** Defaults of {@link estimateCoveragePairs}: those of `buildCoverage`. */
export const DEFAULT_ESTIMATE_COVERAGE_PAIRS_OPTIONS = { maxMinutes: 120, period: 'day' as Period, refuelPoints: [] as readonly RefuelPoint[] };

const radiansPerDegree = Math.PI / 180;

/**
 * A quick estimate of the (site, cell) pairs a coverage build decides — its work — without
 * walking any index: per site, the cells of the grid's mean density (cells ÷ area of the
 * centres' lat/lng box) inside the disc of the fleet's {@link maxReachKm}, capped at all cells.
 * It underestimates for irregular regions (the box holds sea and neighbours), which errs towards
 * running small jobs in-thread. Sites or aircraft that would fail validation count as every
 * cell, so the real build (which reports them) is not skipped.
 *
 * @example
 * estimateCoveragePairs(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60 }); // ≈ 4e7 for Liaoning res 8, 300 sites
 */
export function estimateCoveragePairs(
  grid: Pick<DemandGrid, 'cellCount' | 'latDeg' | 'lngDeg'>,
  sites: readonly Site[],
  aircraftById: Readonly<Record<string, AircraftType>>,
  options: EstimateCoveragePairsOptions = {},
): number {
  const { maxMinutes, period, refuelPoints } = resolveOptions(DEFAULT_ESTIMATE_COVERAGE_PAIRS_OPTIONS, options);
  const { cellCount, latDeg, lngDeg } = grid;
  if (cellCount === 0) return 0;
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLng = Infinity;
  let maxLng = -Infinity;
  for (let c = 0; c < cellCount; c++) {
    minLat = Math.min(minLat, latDeg[c]);
    maxLat = Math.max(maxLat, latDeg[c]);
    minLng = Math.min(minLng, lngDeg[c]);
    maxLng = Math.max(maxLng, lngDeg[c]);
  }
  const boxKm2 =
    earthRadiusKm ** 2 * Math.max((maxLng - minLng) * radiansPerDegree, 1e-6) * Math.max(Math.abs(Math.sin(maxLat * radiansPerDegree) - Math.sin(minLat * radiansPerDegree)), 1e-6);
  const cellsPerKm2 = cellCount / boxKm2;
  let pairs = 0;
  for (const site of sites) {
    let reachKm = -Infinity;
    try {
      for (const entry of site.fleet) {
        const aircraft = aircraftById[entry.aircraftTypeId];
        if (!aircraft) throw new Error('unknown aircraft');
        if (entry.count > 0) reachKm = Math.max(reachKm, maxReachKm(aircraft, period, maxMinutes, { withRefuelling: refuelPoints.length > 0 }));
      }
    } catch {
      reachKm = Infinity;
    }
    if (reachKm > 0) pairs += Math.min(cellCount, Math.PI * reachKm * reachKm * cellsPerKm2);
  }
  return pairs;
}
