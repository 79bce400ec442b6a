import { setMaxListeners } from 'node:events';
import { AirreachError } from '../errors.js';
import { buildCoverage, DEFAULT_COVERAGE_OPTIONS, type BuildCoverageOptions } from '../coverage/buildCoverage.js';
import { buildCellIndex, cellIndexBuffers, type CellIndex } from '../coverage/buildCellIndex.js';
import { CoverageMatrix } from '../coverage/coverageMatrix.js';
import type { DemandGrid } from '../grid/demandGrid.js';
import type { AircraftType, Site } from '../travel/aircraft.js';
import { estimateCoveragePairs } from './estimateCoveragePairs.js';
import { createPool, DEFAULT_POOL_OPTIONS, type AirreachPool } from './createPool.js';
import type { CoverageShardResult, CoverageShardTask } from './engineTask.js';

/** Options of {@link buildCoverageParallel}: those of `buildCoverage` plus the engine's. */
export interface BuildCoverageParallelOptions extends Omit<BuildCoverageOptions, 'siteStart' | 'siteEnd'> {
  /** The pool to run on; without one, a pool of `threads` is created for this call and closed after. */
  pool?: AirreachPool;
  /** Threads of the call's own pool (ignored with `pool`). */
  threads?: number;
  /**
   * Below this estimated number of covered (site, cell) pairs the build runs in the caller's
   * thread: starting workers and copying the index would cost more than the threads save.
   */
  minParallelPairs?: number;
  /** Shards per thread: more shards balance sites of unequal reach; each costs a task. */
  shardsPerThread?: number;
  /** Cancels the build: running shards are stopped, nothing is returned. */
  signal?: AbortSignal;
}

/**
 * Defaults of {@link buildCoverageParallel}. `minParallelPairs`: the build decides about 4 M
 * covered pairs per second per core (bench/results/coverage.md), and a 2-thread pool costs
 * about 0.1–0.3 s to start plus the index copy (bench/results/engine.md): below 1.5 M pairs
 * (≈ 0.4 s of work) threads cannot win.
 */
export const DEFAULT_BUILD_COVERAGE_PARALLEL_OPTIONS = {
  threads: undefined as number | undefined,
  minParallelPairs: 1_500_000,
  shardsPerThread: 3,
};

/**
 * `buildCoverage` split into site-range shards over worker threads, joined with
 * `CoverageMatrix.concat`: byte-identical to the single-thread build whatever the thread count.
 * The grid's cell index is built once here and sent to the workers as shared buffers (the
 * workers rebuild it as views, they do not recompute it); each shard's matrix buffer is
 * transferred back, not copied. Jobs estimated below `minParallelPairs` covered pairs, a pool
 * of ≤ 1 thread, or a single site run in the caller's thread.
 *
 * A failing shard rejects with its error, its label naming the shard and its sites (e.g.
 * `E_SITE` from the site's validation, or `E_WORKER` when the worker died); the other shards
 * are cancelled.
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
  const settings = { ...DEFAULT_COVERAGE_OPTIONS, ...DEFAULT_BUILD_COVERAGE_PARALLEL_OPTIONS, ...withoutUndefined(options) };
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
  if (threads <= 1 || sites.length <= 1 || estimateCoveragePairs(grid, sites, aircraftById, { maxMinutes, period, refuelPoints }) < minParallelPairs) {
    return inThread();
  }
  const pool = options.pool ?? createPool({ threads });
  try {
    const shared = shareCellIndex(grid, cellIndex);
    const shardCount = Math.min(sites.length, threads * shardsPerThread);
    const controller = new AbortController();
    // Every shard task listens on this signal (piscina adds one listener per task).
    setMaxListeners(shardCount + 8, controller.signal);
    const stop = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', stop, { once: true });
    try {
      const shards = Array.from({ length: shardCount }, (_, k) => {
        const siteStart = Math.floor((k * sites.length) / shardCount);
        const siteEnd = Math.floor(((k + 1) * sites.length) / shardCount);
        const task: CoverageShardTask = {
          kind: 'coverageShard',
          ...shared,
          sites: sites as Site[],
          aircraftById: aircraftById as Record<string, AircraftType>,
          siteStart,
          siteEnd,
          maxMinutes,
          period,
          refuelPoints: refuelPoints as CoverageShardTask['refuelPoints'],
        };
        const label = `coverage shard ${k + 1}/${shardCount} (sites ${siteStart}–${siteEnd - 1}, ${period})`;
        return pool.run<CoverageShardResult>(task, { label, signal: controller.signal }).catch((error: unknown) => {
          // One failed shard fails the build: stop the others instead of computing for nothing.
          controller.abort(error);
          throw error;
        });
      });
      const results = await settleInOrder(shards);
      return CoverageMatrix.concat(results.map((result) => CoverageMatrix.from(result.data)));
    } finally {
      signal?.removeEventListener('abort', stop);
    }
  } finally {
    if (!options.pool) await pool.close();
  }
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

/** The cell index and centres as SharedArrayBuffers: every shard task sees them without a copy. */
function shareCellIndex(grid: Pick<DemandGrid, 'cellCount' | 'latDeg' | 'lngDeg'>, cellIndex: CellIndex) {
  const bands = cellIndexBuffers(cellIndex).bands!;
  const bytesOf = (array: Uint32Array | Float64Array) => shared(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  return {
    cellCount: cellIndex.cellCount,
    bands: {
      bandHeightDeg: bands.bandHeightDeg,
      lngKeyScale: bands.lngKeyScale,
      lngKeyMax: bands.lngKeyMax,
      bandStartsData: bytesOf(bands.bandStarts),
      lngKeyData: bytesOf(bands.lngKey),
      idsData: bytesOf(bands.ids),
      unitXyzData: bytesOf(bands.unitXyz),
    },
    kdbushData: shared(new Uint8Array(cellIndex.kdbush.data as ArrayBuffer)),
    unitXyzData: shared(new Uint8Array(cellIndex.unitXyz.buffer, cellIndex.unitXyz.byteOffset, cellIndex.unitXyz.byteLength)),
    latDegData: shared(new Uint8Array(Float64Array.from(grid.latDeg.subarray(0, grid.cellCount)).buffer)),
    lngDegData: shared(new Uint8Array(Float64Array.from(grid.lngDeg.subarray(0, grid.cellCount)).buffer)),
  };
}

function shared(bytes: Uint8Array): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(bytes.byteLength);
  new Uint8Array(buffer).set(bytes);
  return buffer;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
