// Small synthetic grids and aircraft for the simulation tests: every figure chosen so that the
// expected values can be worked out by hand or by a queueing formula.
import type { AircraftType, Site } from '../../src/travel/aircraft.js';
import type { SimulationInput } from '../../src/simulation/simulationOptions.js';

/** A test aircraft: 240 km/h (4 km a minute), no activation or fixed minutes, flies by night, long range. */
export const FAST: AircraftType = {
  id: 'FAST', name: 'test aircraft', kind: 'helicopter', cruiseSpeedKmh: 240,
  activationMinutesDay: 0, activationMinutesNight: 0, nightCapable: true,
  rangeKm: 10_000, reserveMinutes: 0, fixedMinutes: 0, sources: ['test'],
};

export interface TestCell {
  latDeg: number;
  lngDeg: number;
  demand: number;
  region?: number;
  /** Hazard demand of type 0 (the rest of `demand` is non-hazard). */
  hazard?: number;
}

/** A grid of the given cells, regions named r0, r1, …, one hazard type `flood`. */
export function testInput(cells: TestCell[], aircraft: AircraftType[] = [FAST], regionCount = 1): SimulationInput {
  const n = cells.length;
  return {
    grid: {
      cellCount: n,
      latDeg: Float64Array.from(cells, (c) => c.latDeg),
      lngDeg: Float64Array.from(cells, (c) => c.lngDeg),
      demand: Float64Array.from(cells, (c) => c.demand),
      hazardTypes: ['flood'],
      hazardDemandByType: Float64Array.from(cells, (c) => c.hazard ?? 0),
      regionNames: Array.from({ length: regionCount }, (_, r) => `r${r}`),
      region: Int32Array.from(cells, (c) => c.region ?? 0),
    },
    aircraftById: Object.fromEntries(aircraft.map((a) => [a.id, a])),
  };
}

/** A base with `count` aircraft of `typeId`. */
export function base(id: string, latDeg: number, lngDeg: number, count: number, typeId = 'FAST'): Site {
  return { id, name: id, latDeg, lngDeg, role: 'existing', fleet: [{ aircraftTypeId: typeId, count }] };
}
