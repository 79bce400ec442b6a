import { describe, expect, it } from 'vitest';
import { coverageShard } from '../../../src/engine/tasks/coverageShard.js';
import { buildCoverage } from '../../../src/coverage/buildCoverage.js';
import { buildCellIndex } from '../../../src/coverage/buildCellIndex.js';
import type { CoverageShardTask } from '../../../src/engine/engineTask.js';
import { AIRCRAFT_CATALOGUE } from '../../../src/travel/aircraftCatalogue.js';
import { liaoningBox, randomGrid, randomSites, type Grid } from '../engineFixtures.js';

/** A coverageShard task for `grid`, its index in fresh buffers (as a worker receives each task). */
function shardTask(grid: Grid, sites: ReturnType<typeof randomSites>): CoverageShardTask {
  const { bands, cellCount } = buildCellIndex(grid);
  const copy = (array: Uint32Array | Float64Array) => array.slice().buffer;
  return {
    kind: 'coverageShard',
    cellCount,
    bands: {
      bandHeightDeg: bands.bandHeightDeg,
      lngKeyScale: bands.lngKeyScale,
      lngKeyMax: bands.lngKeyMax,
      bandStartsData: copy(bands.bandStarts),
      lngKeyData: copy(bands.lngKey),
      idsData: copy(bands.ids),
      unitXyzData: copy(bands.unitXyz),
    },
    sites,
    aircraftById: AIRCRAFT_CATALOGUE,
    siteStart: 0,
    siteEnd: sites.length,
    maxMinutes: 60,
    period: 'day',
    refuelPoints: [],
  };
}

describe('coverageShard', () => {
  it('reuses a thread\'s index only for equal bytes: grids of the same size, one after another, each give their own matrix', () => {
    // Same cell count and box, other centres: only the bytes tell the indexes apart.
    const gridA = randomGrid(1, 6000, liaoningBox);
    const gridB = randomGrid(2, 6000, liaoningBox);
    const sites = randomSites(3, 12, liaoningBox);
    const expected = (grid: Grid) => new Uint8Array(buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60 }).data);
    const [a, b] = [expected(gridA), expected(gridB)];
    expect(Buffer.compare(a, b)).not.toBe(0);
    for (const [grid, bytes] of [[gridA, a], [gridA, a], [gridB, b], [gridA, a], [gridB, b], [gridB, b]] as const) {
      expect(Buffer.compare(new Uint8Array(coverageShard(shardTask(grid, sites)).data), bytes)).toBe(0);
    }
  });
});
