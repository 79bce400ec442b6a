import { describe, expect, it } from 'vitest';
import { coverageFillQueue, coverageShard, FILL_QUEUE } from '../../../src/engine/coverage/coverageShard.js';
import { buildCoverage, countCoverageShard } from '../../../src/coverage/buildCoverage.js';
import { CoverageMatrix } from '../../../src/coverage/coverageMatrix.js';
import { handleTask } from '../../../src/engine/handleTask.js';
import { joinSitePlanTables } from '../../../src/coverage/sitePlanTable.js';
import type { CoverageFillQueueTask } from '../../../src/engine/coverage/coverageTasks.js';
import { AIRCRAFT_CATALOGUE } from '../../../src/travel/aircraftCatalogue.js';
import { coverageShardTaskOf, liaoningBox, randomGrid, randomSites, type Grid } from '../engineFixtures.js';

const shardTask = (grid: Grid, sites: ReturnType<typeof randomSites>) => coverageShardTaskOf(grid, sites);

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

describe('coverageFillQueue', () => {
  const grid = randomGrid(4, 5000, liaoningBox);
  const sites = randomSites(5, 14, liaoningBox);
  const options = { maxMinutes: 60 };

  /** A fresh shared matrix counted for `sites`, and a queue task over it. */
  function queueTask(rangeCount: number, shards: Array<[number, number]>): { task: CoverageFillQueueTask; matrix: CoverageMatrix } {
    const { rowLengths, sitePlans } = countCoverageShard(grid, sites, AIRCRAFT_CATALOGUE, options);
    const matrix = CoverageMatrix.withRowLengths(rowLengths, grid.cellCount, 60, { shared: true });
    const start = matrix.cells.byteOffset;
    const step = Math.ceil((matrix.data.byteLength - start) / rangeCount);
    const prefaultRanges = Array.from({ length: rangeCount }, (_, r) => [start + r * step, Math.min(start + (r + 1) * step, matrix.data.byteLength)]).flat();
    const task: CoverageFillQueueTask = {
      ...shardTask(grid, sites),
      kind: 'coverageFillQueue',
      matrixData: matrix.data as SharedArrayBuffer,
      sitePlans: joinSitePlanTables([sitePlans], { shared: true }),
      queueData: new SharedArrayBuffer(4 * FILL_QUEUE.length),
      prefaultRanges,
      fillShards: shards.flat(),
    };
    return { task, matrix };
  }

  it('fills every shard of the queue with the bytes of the full build; a task that comes after finds nothing left', () => {
    const { task, matrix } = queueTask(5, [
      [0, 3],
      [3, 9],
      [9, sites.length],
    ]);
    expect(coverageFillQueue(task).pairCount).toBe(matrix.pairCount);
    expect(coverageFillQueue(task).pairCount).toBe(0);
    expect(Buffer.from(new Uint8Array(matrix.data)).equals(Buffer.from(new Uint8Array(buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, options).data)))).toBe(true);
  });

  it('refuses a matrix or queue outside shared memory (E_BUFFER) and a prefault range outside the pairs (E_OPTION), writing nothing', async () => {
    const { task, matrix } = queueTask(2, [[0, sites.length]]);
    const before = new Uint8Array(matrix.data).slice();
    const refused = async (change: Record<string, unknown>) => {
      const envelope = await handleTask({ ...task, ...change } as never);
      return envelope.ok ? null : envelope.error;
    };
    expect(await refused({ matrixData: new Uint8Array(matrix.data).slice().buffer })).toMatchObject({ code: 'E_BUFFER', where: { field: 'matrixData' } });
    expect(await refused({ queueData: new SharedArrayBuffer(8) })).toMatchObject({ code: 'E_BUFFER', where: { field: 'queueData' } });
    expect(await refused({ queueData: new ArrayBuffer(16) })).toMatchObject({ code: 'E_BUFFER', where: { field: 'queueData' } });
    // A range from byte 0 would write zeros over the header and the row offsets.
    expect(await refused({ prefaultRanges: [0, 64] })).toMatchObject({ code: 'E_OPTION', where: { field: 'prefaultRanges/0' } });
    expect(await refused({ prefaultRanges: [...task.prefaultRanges, matrix.data.byteLength] })).toMatchObject({ code: 'E_OPTION', where: { field: 'prefaultRanges/4' } });
    expect(Buffer.compare(new Uint8Array(matrix.data), before)).toBe(0);
    expect(new Int32Array(task.queueData)[FILL_QUEUE.nextPrefault]).toBe(0);
  });

  it('gives up with E_ABORTED when the build is stopped while it waits for ranges another thread claimed', () => {
    const { task } = queueTask(4, [[0, sites.length]]);
    const queue = new Int32Array(task.queueData);
    // Every range claimed by a thread that never finishes (it died), then the caller stops the build.
    queue[FILL_QUEUE.nextPrefault] = 4;
    queue[FILL_QUEUE.stop] = 1;
    expect(() => coverageFillQueue(task)).toThrowError(expect.objectContaining({ code: 'E_ABORTED' }));
    expect(queue[FILL_QUEUE.nextFill]).toBe(0);
  });
});
