import KDBush from 'kdbush';
import { buildCoverage } from '../../coverage/buildCoverage.js';
import type { CoverageShardResult, CoverageShardTask } from '../engineTask.js';

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
  const cellIndex = {
    cellCount: task.cellCount,
    kdbush: KDBush.from(task.kdbushData),
    unitXyz: new Float64Array(task.unitXyzData),
    // Views on the shared bands: without them every shard would sort the cells into bands again.
    ...(task.bands
      ? {
          bands: {
            bandHeightDeg: task.bands.bandHeightDeg,
            lngKeyScale: task.bands.lngKeyScale,
            lngKeyMax: task.bands.lngKeyMax,
            bandStarts: new Uint32Array(task.bands.bandStartsData),
            lngKey: new Uint32Array(task.bands.lngKeyData),
            ids: new Uint32Array(task.bands.idsData),
            unitXyz: new Float64Array(task.bands.unitXyzData),
          },
        }
      : {}),
  };
  const grid = { cellCount: task.cellCount, latDeg: new Float64Array(task.latDegData), lngDeg: new Float64Array(task.lngDegData) };
  const matrix = buildCoverage(grid, task.sites, task.aircraftById, {
    maxMinutes: task.maxMinutes,
    period: task.period,
    refuelPoints: task.refuelPoints,
    siteStart: task.siteStart,
    siteEnd: task.siteEnd,
    cellIndex,
  });
  // `fromRows` allocates a fresh ArrayBuffer: safe to transfer.
  return { data: matrix.data as ArrayBuffer };
}
