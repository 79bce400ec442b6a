// The tasks of a parallel coverage build (buildCoverageParallel): plain data plus buffers.
import type { AircraftType, Period, RefuelPoint, Site } from '../../travel/aircraft.js';
import type { SitePlanTable } from '../../coverage/sitePlanTable.js';

/**
 * One shard of a coverage build: sites `[siteStart, siteEnd)` against the whole grid. The cell
 * index arrives as buffers (shared, or copied once per task), so the worker rebuilds it without
 * recomputing it.
 */
export interface CoverageShardTask extends CoverageShardInput {
  kind: 'coverageShard';
}

/**
 * The first pass of a two-pass parallel build: the row lengths of sites `[siteStart, siteEnd)`
 * (`countCoverageRows`), so that the caller can allocate the whole matrix once.
 */
export interface CoverageCountTask extends CoverageShardInput {
  kind: 'coverageCount';
}

/**
 * Result of a {@link CoverageCountTask}: one row length per site of the shard, and the shard's
 * site plans (`countCoverageShard`), which the fill pass reuses instead of planning again.
 */
export interface CoverageCountResult {
  rowLengths: Uint32Array;
  sitePlans: SitePlanTable;
}

/**
 * The second pass for one site range, as a task of its own: writes the rows of sites
 * `[siteStart, siteEnd)` in place into the whole matrix (`fillCoverageRows`), whose offsets the
 * caller set from the counts. `matrixData` is a `SharedArrayBuffer`, so the rows land in the
 * caller's matrix; a runner on another machine would send the written byte ranges back
 * instead. `buildCoverageParallel` runs its fill as {@link CoverageFillQueueTask}s, which take
 * such ranges from a shared queue instead of one task each.
 */
export interface CoverageFillTask extends CoverageShardInput {
  kind: 'coverageFill';
  matrixData: SharedArrayBuffer;
  /** The count pass's site plans (joined, in shared memory), covering at least the shard's sites. */
  sitePlans?: SitePlanTable;
}

/**
 * The second pass as one task per thread over a shared work queue: every task claims chunks of
 * the fresh matrix's pairs to fault in until none is left, waits until every claimed chunk is
 * done, then claims fill shards (site ranges, written in place as by {@link CoverageFillTask})
 * until none is left. Threads that start late only take what is left, so the build never waits
 * for a task that has not started (another job may hold a worker). See `coverageFillQueue`.
 */
export interface CoverageFillQueueTask extends CoverageShardInput {
  kind: 'coverageFillQueue';
  matrixData: SharedArrayBuffer;
  sitePlans: SitePlanTable;
  /** The queue's counters: 4 int32 (see `FILL_QUEUE` in tasks/coverageShard.ts), zero at the start. */
  queueData: SharedArrayBuffer;
  /** Byte ranges of the matrix to fault in: `[start₀, end₀, start₁, end₁, …]`. */
  prefaultRanges: number[];
  /** Fill shards, site ranges: `[siteStart₀, siteEnd₀, …]`. */
  fillShards: number[];
}

/** Result of a {@link CoverageFillTask}: the pairs written (the rows themselves are in the shared matrix). */
export interface CoverageFillResult {
  pairCount: number;
}

/** What every coverage task carries: the grid's index as buffers, the sites, the build options. */
export interface CoverageShardInput {
  cellCount: number;
  /**
   * The cell index's latitude bands (see `CellBands`), shared so that no shard sorts them again:
   * the scalars, and `bandStarts`, `lngKey`, `ids` (uint32) and `unitXyz` (float64) as buffers.
   */
  bands: {
    bandHeightDeg: number;
    lngKeyScale: number;
    lngKeyMax: number;
    bandStartsData: ArrayBuffer | SharedArrayBuffer;
    lngKeyData: ArrayBuffer | SharedArrayBuffer;
    idsData: ArrayBuffer | SharedArrayBuffer;
    unitXyzData: ArrayBuffer | SharedArrayBuffer;
    /**
     * Names this copy of the index: tasks with the same key carry the same index bytes, so a
     * worker keeps what it derived from the index (the fill kernel's copy of the unit vectors)
     * without comparing 9 MiB of buffers per task. Without a key, workers compare the bytes.
     */
    indexKey?: string;
  };
  sites: Site[];
  aircraftById: Record<string, AircraftType>;
  siteStart: number;
  siteEnd: number;
  maxMinutes: number;
  period: Period;
  refuelPoints: RefuelPoint[];
}

/** Result of a {@link CoverageShardTask}: the shard's `CoverageMatrix.data`, transferred back. */
export interface CoverageShardResult {
  data: ArrayBuffer;
}
