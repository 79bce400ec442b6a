import { buildCoverage, countCoverageShard, fillCoverageRows, type BuildCoverageOptions } from '../../coverage/buildCoverage.js';
import { checkCellIndex, type CellIndex } from '../../coverage/buildCellIndex.js';
import { CoverageMatrix } from '../../coverage/coverageMatrix.js';
import { AirreachError } from '../../errors.js';
import { isSharedArrayBuffer } from '../../isSharedArrayBuffer.js';
import { faultInPages } from './faultInPages.js';
import type {
  CoverageCountResult,
  CoverageFillQueueTask,
  CoverageCountTask,
  CoverageFillResult,
  CoverageFillTask,
  CoverageShardInput,
  CoverageShardResult,
  CoverageShardTask,
} from './coverageTasks.js';

/**
 * Builds one coverage shard from its task: the cell index is rebuilt from the task's buffers
 * (views, no copy, no recomputation), then `buildCoverage` runs on the shard's site range.
 * Pure: the same task gives the same bytes on any thread or machine.
 *
 * @example
 * const { data } = coverageShard(task);
 * CoverageMatrix.from(data).siteCount; // task.siteEnd - task.siteStart
 */
export function coverageShard(task: CoverageShardTask): CoverageShardResult {
  const { grid, options } = shardInputs(task);
  const matrix = buildCoverage(grid, task.sites, task.aircraftById, options);
  // `allocate` made a fresh ArrayBuffer: safe to transfer.
  return { data: matrix.data as ArrayBuffer };
}

/**
 * The count pass of a shard (`countCoverageShard`): one row length per site of the shard, and
 * the shard's site plans for the fill pass.
 *
 * @example
 * const { rowLengths, sitePlans } = coverageCount({ ...task, kind: 'coverageCount' });
 */
export function coverageCount(task: CoverageCountTask): CoverageCountResult {
  const { grid, options } = shardInputs(task);
  return countCoverageShard(grid, task.sites, task.aircraftById, options);
}

/**
 * The fill pass of a shard (`fillCoverageRows`): writes its rows into the shared matrix in
 * place, rows `siteStart … siteEnd − 1` of the whole matrix.
 *
 * @example
 * coverageFill({ ...task, kind: 'coverageFill', matrixData: matrix.data as SharedArrayBuffer });
 */
export function coverageFill(task: CoverageFillTask): CoverageFillResult {
  const { grid, options } = shardInputs(task);
  const matrix = CoverageMatrix.from(task.matrixData);
  fillCoverageRows(grid, task.sites, task.aircraftById, matrix, { ...options, firstRow: task.siteStart, sitePlans: task.sitePlans });
  return { pairCount: matrix.offsets[task.siteEnd] - matrix.offsets[task.siteStart] };
}

/** Int32 slots of a {@link CoverageFillQueueTask}'s `queueData`. */
export const FILL_QUEUE = {
  /** Next prefault range to claim. */
  nextPrefault: 0,
  /** Prefault ranges done. */
  prefaultsDone: 1,
  /** Next fill shard to claim. */
  nextFill: 2,
  /** Set (1) by the caller when the build failed or was cancelled: waiting tasks give up. */
  stop: 3,
  /** Slots in all. */
  length: 4,
} as const;

// How long a task sleeps between checks of the stop flag while it waits for other threads'
// prefault ranges: a thread that died holding a range would otherwise be waited for forever.
const WAIT_SLICE_MS = 20;

/**
 * Runs a {@link CoverageFillQueueTask}: fault in the matrix's pages range by range, wait until
 * every range is done (a fill must not land on a page before its zero is written), then fill
 * shards, each claimed from the shared queue, until none is left. Ranges and shards are claimed
 * with `Atomics.add`, so the threads split the work by speed, not in fixed halves, and a task
 * that starts after the others finds less or nothing to do. Returns the pairs this task wrote.
 * `E_BUFFER` when the matrix or the queue is not shared memory (writes would land in a copy);
 * `E_OPTION` when a prefault range leaves the matrix's pairs (its zeros would overwrite the
 * header or the row offsets); `E_ABORTED` when the caller sets the stop flag while the task waits.
 *
 * @example
 * const { pairCount } = coverageFillQueue({ ...input, kind: 'coverageFillQueue', matrixData, sitePlans, queueData, prefaultRanges, fillShards });
 */
export function coverageFillQueue(task: CoverageFillQueueTask): CoverageFillResult {
  checkFillQueueTask(task);
  const queue = new Int32Array(task.queueData, 0, FILL_QUEUE.length);
  const bytes = new Uint8Array(task.matrixData);
  const rangeCount = task.prefaultRanges.length / 2;
  for (let r = Atomics.add(queue, FILL_QUEUE.nextPrefault, 1); r < rangeCount; r = Atomics.add(queue, FILL_QUEUE.nextPrefault, 1)) {
    faultInPages(bytes, task.prefaultRanges[2 * r], task.prefaultRanges[2 * r + 1]);
    Atomics.add(queue, FILL_QUEUE.prefaultsDone, 1);
    Atomics.notify(queue, FILL_QUEUE.prefaultsDone);
  }
  for (let done = Atomics.load(queue, FILL_QUEUE.prefaultsDone); done < rangeCount; done = Atomics.load(queue, FILL_QUEUE.prefaultsDone)) {
    if (Atomics.load(queue, FILL_QUEUE.stop) !== 0) throw new AirreachError('E_ABORTED', 'the coverage build was stopped while this thread waited for the others');
    Atomics.wait(queue, FILL_QUEUE.prefaultsDone, done, WAIT_SLICE_MS);
  }
  const { grid, options } = shardInputs(task);
  const matrix = CoverageMatrix.from(task.matrixData);
  const shardCount = task.fillShards.length / 2;
  let pairCount = 0;
  for (let k = Atomics.add(queue, FILL_QUEUE.nextFill, 1); k < shardCount; k = Atomics.add(queue, FILL_QUEUE.nextFill, 1)) {
    if (Atomics.load(queue, FILL_QUEUE.stop) !== 0) throw new AirreachError('E_ABORTED', 'the coverage build was stopped');
    const siteStart = task.fillShards[2 * k];
    const siteEnd = task.fillShards[2 * k + 1];
    fillCoverageRows(grid, task.sites, task.aircraftById, matrix, { ...options, siteStart, siteEnd, firstRow: siteStart, sitePlans: task.sitePlans });
    pairCount += matrix.offsets[siteEnd] - matrix.offsets[siteStart];
  }
  return { pairCount };
}

function checkFillQueueTask(task: CoverageFillQueueTask): void {
  for (const [field, buffer, minBytes] of [
    ['matrixData', task.matrixData, 0],
    ['queueData', task.queueData, 4 * FILL_QUEUE.length],
  ] as const) {
    if (!isSharedArrayBuffer(buffer) || buffer.byteLength < minBytes) {
      throw new AirreachError('E_BUFFER', `a fill queue task needs its ${field} in shared memory`, {
        value: isSharedArrayBuffer(buffer) ? `${buffer.byteLength} bytes` : Object.prototype.toString.call(buffer),
        where: { field },
        expected: `a SharedArrayBuffer of at least ${minBytes} bytes`,
        hint: 'Allocate the matrix with CoverageMatrix.withRowLengths(…, { shared: true }) and the queue as new SharedArrayBuffer(4 * FILL_QUEUE.length)',
      });
    }
  }
  // Checks the matrix header; the pairs start where the cells do.
  const pairsStart = CoverageMatrix.from(task.matrixData).cells.byteOffset;
  const ranges = task.prefaultRanges;
  for (let r = 0; r < ranges.length; r += 2) {
    const [start, end] = [ranges[r], ranges[r + 1]];
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < pairsStart || start > end || end > task.matrixData.byteLength) {
      throw new AirreachError('E_OPTION', `prefault range ${r / 2} lies outside the matrix's pairs`, {
        value: { start, end },
        where: { field: `prefaultRanges/${r}` },
        expected: `whole bytes with ${pairsStart} ≤ start ≤ end ≤ ${task.matrixData.byteLength}`,
      });
    }
  }
}

/** The grid and build options of a coverage task, with the cell index as views on its buffers. */
function shardInputs(task: CoverageShardInput): { grid: { cellCount: number; latDeg: Float64Array; lngDeg: Float64Array }; options: BuildCoverageOptions } {
  return {
    // With an index, a build reads only the grid's cell count: the bands carry the centres.
    grid: { cellCount: task.cellCount, latDeg: new Float64Array(0), lngDeg: new Float64Array(0) },
    options: {
      maxMinutes: task.maxMinutes,
      period: task.period,
      refuelPoints: task.refuelPoints,
      siteStart: task.siteStart,
      siteEnd: task.siteEnd,
      cellIndex: taskCellIndex(task),
    },
  };
}

// The index of the thread's previous coverage task. Every shard of a build carries the same
// index in new buffer objects (structured clone keeps no identity), and what a thread derives
// from an index once (the fill kernel's copy of the unit vectors, 10–20 ms at resolution 8) is
// kept per index object: reusing the object when the bytes are equal (a memcmp, about a
// millisecond) keeps it across the shards and builds of one index.
// Only the index is kept: a fill task's matrix or site plans kept here would stay alive (a
// 325 MiB matrix at resolution 8) until this thread's next task.
let previous: { index: IndexOfTask; cellIndex: CellIndex } | null = null;

type IndexOfTask = Pick<CoverageShardInput, 'cellCount' | 'bands'>;

function taskCellIndex(task: CoverageShardInput): CellIndex {
  if (previous !== null && sameIndex(previous.index, task)) return previous.cellIndex;
  // Views on the shared buffers: the shard neither copies nor sorts the cells again.
  const cellIndex = checkCellIndex({
    cellCount: task.cellCount,
    bands: {
      bandHeightDeg: task.bands.bandHeightDeg,
      lngKeyScale: task.bands.lngKeyScale,
      lngKeyMax: task.bands.lngKeyMax,
      bandStarts: new Uint32Array(task.bands.bandStartsData),
      lngKey: new Uint32Array(task.bands.lngKeyData),
      ids: new Uint32Array(task.bands.idsData),
      unitXyz: new Float64Array(task.bands.unitXyzData),
    },
  });
  previous = { index: { cellCount: task.cellCount, bands: task.bands }, cellIndex };
  return cellIndex;
}

function sameIndex(a: IndexOfTask, b: IndexOfTask): boolean {
  if (a.bands.indexKey !== undefined && b.bands.indexKey !== undefined) return a.bands.indexKey === b.bands.indexKey;
  const same = (x: ArrayBufferLike, y: ArrayBufferLike) => x === y || (x.byteLength === y.byteLength && Buffer.compare(new Uint8Array(x), new Uint8Array(y)) === 0);
  return (
    a.cellCount === b.cellCount &&
    a.bands.bandHeightDeg === b.bands.bandHeightDeg &&
    a.bands.lngKeyScale === b.bands.lngKeyScale &&
    a.bands.lngKeyMax === b.bands.lngKeyMax &&
    same(a.bands.bandStartsData, b.bands.bandStartsData) &&
    same(a.bands.lngKeyData, b.bands.lngKeyData) &&
    same(a.bands.idsData, b.bands.idsData) &&
    same(a.bands.unitXyzData, b.bands.unitXyzData)
  );
}
