// Shared inputs of the engine tests: a seeded synthetic grid and sites (plain data, no files).
import { buildCellIndex } from '../../src/coverage/buildCellIndex.js';
import type { CoverageShardTask } from '../../src/engine/coverage/coverageTasks.js';
import { createRandom } from '../../src/random.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';
import type { Site } from '../../src/travel/aircraft.js';

export type Grid = { cellCount: number; latDeg: Float64Array; lngDeg: Float64Array };

/** Seeded uniform cell centres in a lat/lng box (west, south, east, north). */
export function randomGrid(seed: number, cellCount: number, box: [number, number, number, number]): Grid {
  const random = createRandom(seed);
  const [west, south, east, north] = box;
  const latDeg = new Float64Array(cellCount);
  const lngDeg = new Float64Array(cellCount);
  for (let c = 0; c < cellCount; c++) {
    latDeg[c] = south + (north - south) * random.float();
    lngDeg[c] = west + (east - west) * random.float();
  }
  return { cellCount, latDeg, lngDeg };
}

const fleets: Site['fleet'][] = [
  [{ aircraftTypeId: 'H135', count: 1 }],
  [{ aircraftTypeId: 'AC311A', count: 1 }, { aircraftTypeId: 'AW139', count: 1 }],
  [{ aircraftTypeId: 'Mi-171', count: 2 }],
];

/** Seeded sites in a box with a mix of fleets (some with night-capable types, some without). */
export function randomSites(seed: number, siteCount: number, box: [number, number, number, number]): Site[] {
  const random = createRandom(seed);
  const [west, south, east, north] = box;
  return Array.from({ length: siteCount }, (_, s) => ({
    id: `S${s}`,
    name: `Site ${s}`,
    latDeg: south + (north - south) * random.float(),
    lngDeg: west + (east - west) * random.float(),
    role: 'existing' as const,
    fleet: fleets[s % fleets.length],
  }));
}

export const liaoningBox: [number, number, number, number] = [118.8, 38.7, 125.8, 43.5];

/**
 * A coverageShard task over `grid` and `sites`, its cell index in fresh (copied) buffers, as a
 * worker receives each task: a task must work with shared and with copied buffers alike. With
 * `indexData`, the task carries those buffers instead (the engine bench's, shared once), so that
 * no copy is made per task.
 */
export function coverageShardTaskOf(
  grid: Grid,
  sites: Site[],
  options: {
    siteStart?: number;
    siteEnd?: number;
    maxMinutes?: number;
    index?: ReturnType<typeof buildCellIndex>;
    indexData?: Pick<CoverageShardTask['bands'], 'bandStartsData' | 'lngKeyData' | 'idsData' | 'unitXyzData'>;
  } = {},
): CoverageShardTask {
  const { bands } = options.index ?? buildCellIndex(grid);
  const copy = (view: ArrayBufferView) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice().buffer;
  return {
    kind: 'coverageShard',
    cellCount: grid.cellCount,
    bands: {
      bandHeightDeg: bands.bandHeightDeg,
      lngKeyScale: bands.lngKeyScale,
      lngKeyMax: bands.lngKeyMax,
      ...(options.indexData ?? {
        bandStartsData: copy(bands.bandStarts),
        lngKeyData: copy(bands.lngKey),
        idsData: copy(bands.ids),
        unitXyzData: copy(bands.unitXyz),
      }),
    },
    sites,
    aircraftById: AIRCRAFT_CATALOGUE,
    siteStart: options.siteStart ?? 0,
    siteEnd: options.siteEnd ?? sites.length,
    maxMinutes: options.maxMinutes ?? 60,
    period: 'day',
    refuelPoints: [],
  };
}
