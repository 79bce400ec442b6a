import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { AirreachError } from '../../errors.js';
import { buildCoverage, DEFAULT_COVERAGE_OPTIONS, type BuildCoverageOptions } from '../../coverage/buildCoverage.js';
import { buildCellIndex, type CellIndex } from '../../coverage/buildCellIndex.js';
import { CoverageMatrix } from '../../coverage/coverageMatrix.js';
import { joinSitePlanTables } from '../../coverage/sitePlanTable.js';
import type { DemandGrid } from '../../grid/demandGrid.js';
import type { AircraftType, Site } from '../../travel/aircraft.js';
import { estimateCoveragePairs } from './estimateCoveragePairs.js';
import { createPool, DEFAULT_POOL_OPTIONS, type AirreachPool } from '../createPool.js';
import type { EngineTask } from '../engineTask.js';
import type { CoverageCountResult, CoverageFillResult, CoverageShardInput } from './coverageTasks.js';
import { FILL_QUEUE } from './coverageShard.js';
import { resolveOptions } from '../../resolveOptions.js';

/** Options of {@link buildCoverageParallel}: those of `buildCoverage` plus the engine's. */
export interface BuildCoverageParallelOptions extends Omit<BuildCoverageOptions, 'siteStart' | 'siteEnd'> {
  /** The pool to run on; without one, a pool of `threads` is created for this call and closed after. */
  pool?: AirreachPool;
  /** Threads of the call's own pool (ignored with `pool`). */
  threads?: number;
  /**
   * Below this estimated number of covered (site, cell) pairs the build runs in the caller's
   * thread: the shard round trips and the one-off copy of the index into shared memory would
   * cost more than the threads save. A pool whose threads have not started yet (or the call's
   * own pool) must first start them: then the bar is {@link COLD_POOL_PAIRS_FACTOR} times higher.
   */
  minParallelPairs?: number;
  /**
   * Fill shards per thread (of equal pair counts), claimed by the threads from a shared queue:
   * more shards balance uneven work; each costs about a millisecond. The count pass takes one
   * task of equal site range per thread.
   */
  shardsPerThread?: number;
  /** Cancels the build: running shards are stopped, nothing is returned. */
  signal?: AbortSignal;
}

/**
 * Defaults of {@link buildCoverageParallel}: `buildCoverage`'s, and the engine's. `minParallelPairs`: one thread builds about 40 M
 * covered pairs per second (bench/results/coverage.md); on a started pool a parallel build
 * costs two round trips per shard and, once per index, a copy of it into shared memory (about
 * 30 ms for a 300,000-cell grid, bench/results/engine.md), so below about 3 M pairs (≈ 75 ms of
 * work) threads cannot win.
 */
export const DEFAULT_BUILD_COVERAGE_PARALLEL_OPTIONS = {
  maxMinutes: DEFAULT_COVERAGE_OPTIONS.maxMinutes,
  period: DEFAULT_COVERAGE_OPTIONS.period,
  refuelPoints: DEFAULT_COVERAGE_OPTIONS.refuelPoints,
  cellIndex: DEFAULT_COVERAGE_OPTIONS.cellIndex,
  threads: undefined as number | undefined,
  minParallelPairs: 3_000_000,
  shardsPerThread: 8,
};

/**
 * How much more work a build needs to go parallel when the pool's threads are not running yet:
 * starting two compiled workers took 0.2–0.5 s here (bench/results/engine.md), the time one
 * thread builds 10–20 M pairs, so the bar is ten times `minParallelPairs` (30 M by default).
 */
export const COLD_POOL_PAIRS_FACTOR = 10;

/**
 * `buildCoverage` split into site-range shards over worker threads, in its two passes: one
 * task per thread counts the rows of its sites and plans them (`countCoverageShard`), the
 * matrix is allocated once as a `SharedArrayBuffer` (so its `data` is shared, not
 * transferable), then one task per thread (`coverageFillQueue`) faults its pages in and writes
 * the rows in place, both claimed piece by piece from a shared queue: page ranges, then shards
 * of about equal pair counts that read the count's site plans. Nothing is joined or copied,
 * and the bytes are the single-thread build's whatever the thread count. The grid's cell index is
 * built once here and sent to the workers as shared buffers (the workers rebuild it as views,
 * they do not recompute it). Jobs estimated below `minParallelPairs` covered pairs (ten times
 * that when the pool's threads have yet to start), a pool of ≤ 1 thread, or a single site run
 * in the caller's thread.
 *
 * A failing task rejects with its error, its label naming the pass and the task (a count task
 * also its sites), e.g. `E_SITE` from a site's validation, which names the site, or `E_WORKER`
 * when the worker died; the other tasks are cancelled.
 *
 * @example
 * const pool = createPool({ threads: 2 });
 * const matrix = await buildCoverageParallel(grid, sites, AIRCRAFT_CATALOGUE, { pool, maxMinutes: 60 });
 * await pool.close();
 */
export async function buildCoverageParallel(
  grid: Pick<DemandGrid, 'cellCount' | 'latDeg' | 'lngDeg'>,
  sites: readonly Site[],
  aircraftById: Readonly<Record<string, AircraftType>>,
  options: BuildCoverageParallelOptions = {},
): Promise<CoverageMatrix> {
  const settings = resolveOptions(DEFAULT_BUILD_COVERAGE_PARALLEL_OPTIONS, options);
  const { maxMinutes, period, refuelPoints, minParallelPairs, shardsPerThread, signal } = settings;
  if (!(minParallelPairs >= 0)) {
    throw new AirreachError('E_OPTION', 'minParallelPairs must be a number ≥ 0', { value: minParallelPairs, where: { field: 'minParallelPairs' } });
  }
  if (!Number.isInteger(shardsPerThread) || shardsPerThread < 1) {
    throw new AirreachError('E_OPTION', 'shardsPerThread must be a whole number ≥ 1', { value: shardsPerThread, where: { field: 'shardsPerThread' } });
  }
  if (signal?.aborted) throw new AirreachError('E_ABORTED', 'the coverage build was cancelled', { cause: signal.reason });
  const threads = options.pool?.threads ?? settings.threads ?? DEFAULT_POOL_OPTIONS.threads;
  const cellIndex = settings.cellIndex ?? buildCellIndex(grid);
  const inThread = () => buildCoverage(grid, sites, aircraftById, { maxMinutes, period, refuelPoints, cellIndex });
  const minPairs = options.pool?.started ? minParallelPairs : minParallelPairs * COLD_POOL_PAIRS_FACTOR;
  if (threads <= 1 || sites.length <= 1 || estimateCoveragePairs(grid, sites, aircraftById, { maxMinutes, period, refuelPoints }) < minPairs) {
    return inThread();
  }
  const pool = options.pool ?? createPool({ threads });
  try {
    const controller = new AbortController();
    const shardCount = Math.min(sites.length, threads * shardsPerThread);
    // Every shard task listens on this signal (piscina adds one listener per task).
    setMaxListeners(2 * shardCount + 8, controller.signal);
    const stop = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', stop, { once: true });
    try {
      const input: Omit<CoverageShardInput, 'siteStart' | 'siteEnd'> = {
        ...shareCellIndex(cellIndex),
        sites: sites as Site[],
        aircraftById: aircraftById as Record<string, AircraftType>,
        maxMinutes,
        period,
        refuelPoints: refuelPoints as CoverageShardInput['refuelPoints'],
      };
      const run = <T>(task: EngineTask, label: string) =>
        pool.run<T>(task, { label, signal: controller.signal }).catch((error: unknown) => {
          // One failed shard fails the build: stop the others instead of computing for nothing.
          controller.abort(error);
          throw error;
        });
      const label = (pass: string, k: number, count: number, siteStart: number, siteEnd: number) =>
        `coverage ${pass} ${k + 1}/${count} (sites ${siteStart}–${siteEnd - 1}, ${period})`;

      // Pass 1: row lengths, one shard of equal site count per thread: counting is a tenth of
      // the build, less than the round trips of more shards would cost.
      const countShards = evenRanges(sites.length, Math.min(sites.length, threads));
      const counts = await settleInOrder(
        countShards.map(([siteStart, siteEnd], k) =>
          run<CoverageCountResult>({ kind: 'coverageCount', ...input, siteStart, siteEnd }, label('count', k, countShards.length, siteStart, siteEnd)),
        ),
      );
      const rowLengths = new Float64Array(sites.length);
      countShards.forEach(([siteStart], k) => rowLengths.set(counts[k].rowLengths, siteStart));
      // Each site planned once: the fill shards read the count shards' plans from shared memory
      // (planning again cost the fill pass 45–55 ms of worker time per Liaoning res-8 build).
      const sitePlans = joinSitePlanTables(counts.map((count) => count.sitePlans), { shared: true });
      // One shared matrix: the shards write their rows in place, so nothing is joined or copied.
      const matrix = CoverageMatrix.withRowLengths(rowLengths, grid.cellCount, maxMinutes, { shared: true });
      if (signal?.aborted) throw new AirreachError('E_ABORTED', 'the coverage build was cancelled', { cause: signal.reason });

      // Pass 2, one task per thread over a shared queue (`coverageFillQueue`): first the fresh
      // matrix's pages, faulted in range by range (its faults cost about as much as the fill, and
      // as a pass of pure writes they scaled to two threads here, better than inside the fill),
      // then fill shards of about equal pair counts. Claimed with atomics rather than dealt out
      // as tasks: the threads split both by speed (one core also runs this thread's collector),
      // without a round trip between the passes or per shard.
      const pairsStart = matrix.cells.byteOffset;
      const prefaultRanges = evenRanges(matrix.data.byteLength - pairsStart, threads * PREFAULT_RANGES_PER_THREAD).flatMap(([from, to]) => [pairsStart + from, pairsStart + to]);
      const fillShards = pairBalancedShards(matrix.offsets, shardCount).flat();
      const queueData = new SharedArrayBuffer(4 * FILL_QUEUE.length);
      const queue = new Int32Array(queueData);
      // A failed or cancelled task must not leave the others waiting for its prefault ranges.
      controller.signal.addEventListener('abort', () => {
        Atomics.store(queue, FILL_QUEUE.stop, 1);
        Atomics.notify(queue, FILL_QUEUE.prefaultsDone);
      });
      const filled = await settleInOrder(
        Array.from({ length: threads }, (_, k) =>
          run<CoverageFillResult>(
            { kind: 'coverageFillQueue', ...input, siteStart: 0, siteEnd: sites.length, matrixData: matrix.data as SharedArrayBuffer, sitePlans, queueData, prefaultRanges, fillShards },
            `coverage fill ${k + 1}/${threads} (${period})`,
          ),
        ),
      );
      const written = filled.reduce((sum, result) => sum + result.pairCount, 0);
      if (written !== matrix.pairCount) {
        throw new AirreachError('E_MATRIX', `the fill tasks wrote ${written} pairs of the matrix's ${matrix.pairCount}`, { value: { written, pairCount: matrix.pairCount } });
      }
      return matrix;
    } finally {
      signal?.removeEventListener('abort', stop);
    }
  } finally {
    if (!options.pool) await pool.close();
  }
}

// Prefault ranges per thread: enough that a thread slowed by something else takes fewer of
// them, few enough that claiming them costs nothing (each is about 20 MiB at resolution 8).
const PREFAULT_RANGES_PER_THREAD = 8;

/** `[0, total)` cut into `count` contiguous ranges `[start, end)` whose lengths differ by at most one. */
function evenRanges(total: number, count: number): Array<[number, number]> {
  return Array.from({ length: count }, (_, k) => [Math.floor((k * total) / count), Math.floor(((k + 1) * total) / count)]);
}

/**
 * Contiguous site ranges `[start, end)` with about `total pairs ÷ count` pairs each (at least
 * one site each): cut where the running pair count crosses each multiple of the share.
 */
function pairBalancedShards(offsets: Uint32Array, count: number): Array<[number, number]> {
  const siteCount = offsets.length - 1;
  const pairCount = offsets[siteCount];
  const shards: Array<[number, number]> = [];
  let start = 0;
  for (let k = 1; k <= count && start < siteCount; k++) {
    let end = siteCount;
    if (k < count) {
      const goal = (pairCount * k) / count;
      // Leave at least one site for each later shard (count ≤ siteCount).
      const latest = siteCount - (count - k);
      end = start + 1;
      while (end < latest && offsets[end] < goal) end++;
    }
    shards.push([start, end]);
    start = end;
  }
  return shards;
}

/**
 * Waits for every promise (so no shard keeps running unobserved) and then rejects with the
 * first failure that is not just the cancellation it caused, or resolves with the values.
 */
async function settleInOrder<T>(promises: Array<Promise<T>>): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason as { code?: string });
  if (failures.length > 0) throw failures.find((f) => f?.code !== 'E_ABORTED') ?? failures[0];
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

// One shared copy per index: a day and a night build on the same index copy it once.
const sharedIndexes = new WeakMap<CellIndex, Pick<CoverageShardInput, 'cellCount' | 'bands'>>();

/** The cell index as SharedArrayBuffers: every shard task sees it without a copy. */
function shareCellIndex(cellIndex: CellIndex) {
  const known = sharedIndexes.get(cellIndex);
  if (known) return known;
  const { bands } = cellIndex;
  const bytesOf = (array: Uint32Array | Float64Array) => shared(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  const input = {
    cellCount: cellIndex.cellCount,
    bands: {
      bandHeightDeg: bands.bandHeightDeg,
      lngKeyScale: bands.lngKeyScale,
      lngKeyMax: bands.lngKeyMax,
      bandStartsData: bytesOf(bands.bandStarts),
      lngKeyData: bytesOf(bands.lngKey),
      idsData: bytesOf(bands.ids),
      unitXyzData: bytesOf(bands.unitXyz),
      indexKey: randomUUID(),
    },
  };
  sharedIndexes.set(cellIndex, input);
  return input;
}

function shared(bytes: Uint8Array): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(bytes.byteLength);
  new Uint8Array(buffer).set(bytes);
  return buffer;
}
