import { setMaxListeners } from 'node:events';
import { buildPlannedDemandGrid, planDemandGrid, type BuildDemandGridOptions, type BuiltDemandGrid, type DemandInputs } from '../../grid/buildDemandGrid.js';
import type { GridPolygonCells, GridPolygonJob } from '../../grid/gridPolygonCells.js';
import { AirreachError } from '../../errors.js';
import { resolveOptions } from '../../resolveOptions.js';
import type { AirreachPool } from '../createPool.js';
import type { GridPolygonTask } from './gridPolygonTask.js';

/** Options of {@link buildDemandGridParallel}: the pool's side; the grid's options are `buildDemandGrid`'s. */
export interface BuildDemandGridParallelOptions {
  /**
   * Below this estimated cell count the grid is built in the caller's thread. Each worker runs
   * h3-js and the polygon code cold: its optimising compiler costs about 0.7 s of a thread
   * before the polygons go at full speed (measured on Liaoning at resolution 7, 46,000 cells:
   * 1.7 s for the first build in a fresh thread, 1.0 s for the next), so a grid of that size is
   * built sooner in the one thread that is warm already.
   */
  minParallelCells?: number;
  /** Tasks per pool thread: the jobs are cut into this many pieces of about equal estimated work per thread, claimed in turn. */
  tasksPerThread?: number;
  /** Cancels the build: queued and running tasks are stopped, nothing is returned. */
  signal?: AbortSignal;
}

/**
 * Defaults of {@link buildDemandGridParallel}. 200,000 cells: about 4 s of polygons in one
 * thread (Liaoning's 46,000 take about 1 s; mainland China at resolution 7, 25 s), against the
 * workers' warm-up of about 0.7 s each; below it, threads cost more than they save (Liaoning,
 * 2 threads: the grid ended 0.5 s later and took 1.1 s more CPU).
 */
export const DEFAULT_BUILD_DEMAND_GRID_PARALLEL_OPTIONS: Required<Omit<BuildDemandGridParallelOptions, 'signal'>> & Pick<BuildDemandGridParallelOptions, 'signal'> = {
  minParallelCells: 200_000,
  tasksPerThread: 6,
  signal: undefined,
};

/**
 * `buildDemandGrid` with its polygon computations (`planDemandGrid`'s jobs: the extent's, every
 * hazard area's and disk's, every place's) run on the pool's worker threads, and the grid
 * assembled from their results in the caller's thread: the same grid, byte for byte, whatever
 * the thread count, and the same errors (the inputs are checked and the size estimated before any
 * task is posted). A pool of ≤ 1 thread, a plan of fewer than two jobs, or a grid estimated
 * below `minParallelCells` builds in the caller's thread.
 *
 * @example
 * const grid = await buildDemandGridParallel(inputs, { resolution: 7 }, pool);
 * grid.cellCount; // as buildDemandGrid(inputs, { resolution: 7 })
 */
export async function buildDemandGridParallel(
  inputs: DemandInputs,
  gridOptions: BuildDemandGridOptions,
  pool: AirreachPool,
  options: BuildDemandGridParallelOptions = {},
): Promise<BuiltDemandGrid> {
  const { minParallelCells, tasksPerThread, signal } = resolveOptions(DEFAULT_BUILD_DEMAND_GRID_PARALLEL_OPTIONS, options);
  if (!(minParallelCells >= 0)) {
    throw new AirreachError('E_OPTION', 'minParallelCells must be ≥ 0', { value: minParallelCells, where: { field: 'minParallelCells' }, expected: 'a cell count ≥ 0' });
  }
  if (!Number.isInteger(tasksPerThread) || tasksPerThread < 1 || tasksPerThread > 1000) {
    throw new AirreachError('E_OPTION', 'tasksPerThread must be a whole number from 1 to 1000', { value: tasksPerThread, where: { field: 'tasksPerThread' }, expected: 'an integer 1-1000' });
  }
  signal?.throwIfAborted();
  const plan = planDemandGrid(inputs, gridOptions);
  const computed = plan.jobs.filter((job) => !job.skip).length;
  if (pool.threads <= 1 || computed < 2 || plan.estimate.cellCount < minParallelCells) return buildPlannedDemandGrid(plan);

  const pieces = jobPieces(plan.jobs, pool.threads * tasksPerThread);
  const abort = new AbortController();
  // Every task listens to this signal: a national grid on 2 threads posts 12 tasks, and Node
  // printed a MaxListenersExceededWarning (a "possible memory leak") past 10.
  setMaxListeners(pieces.length + 8, abort.signal);
  const onAbort = () => abort.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const results: Array<GridPolygonCells | null> = new Array(plan.jobs.length).fill(null);
    await Promise.all(
      pieces.map(async (piece, k) => {
        const task: GridPolygonTask = { kind: 'gridPolygonCells', resolution: plan.options.resolution, shareResolutionOffset: plan.options.shareResolutionOffset, jobs: piece.map((j) => plan.jobs[j]) };
        try {
          const cells = await pool.run<GridPolygonCells[]>(task, { label: `grid polygons ${k + 1}/${pieces.length}`, signal: abort.signal });
          piece.forEach((j, i) => (results[j] = cells[i]));
        } catch (error) {
          // The first failure stops the others: their results would be thrown away.
          abort.abort(error);
          throw error;
        }
      }),
    );
    signal?.throwIfAborted();
    return buildPlannedDemandGrid(plan, results);
  } catch (error) {
    // The caller's cancel is the caller's error; a task's own failure is reported as it came.
    signal?.throwIfAborted();
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * The computed jobs cut into about `count` pieces of similar estimated work, each a run of
 * consecutive jobs (so neighbours share a task's cell table), heaviest first (ties in job
 * order): a heavy piece left for last would keep one thread busy while the others wait. A job's
 * work is estimated by its vertices (each tested point walks them in a band) plus its bounding
 * box in degrees² scaled to vertices: rough, but the pieces are claimed one at a time, so a
 * wrong estimate costs balance, never a result.
 */
function jobPieces(jobs: readonly GridPolygonJob[], count: number): number[][] {
  const work = jobs.map((job) => (job.skip ? 0 : jobWork(job)));
  const total = work.reduce((sum, w) => sum + w, 0);
  const target = total / count;
  const pieces: number[][] = [];
  let piece: number[] = [];
  let sum = 0;
  jobs.forEach((job, j) => {
    if (job.skip) return;
    piece.push(j);
    sum += work[j];
    if (sum >= target) {
      pieces.push(piece);
      piece = [];
      sum = 0;
    }
  });
  if (piece.length > 0) pieces.push(piece);
  const pieceWork = (list: number[]) => list.reduce((sum, j) => sum + work[j], 0);
  return pieces.map((list, k) => ({ list, k, work: pieceWork(list) })).sort((a, b) => b.work - a.work || a.k - b.k).map(({ list }) => list);
}

function jobWork(job: GridPolygonJob): number {
  let vertices = 0;
  let west = Infinity;
  let east = -Infinity;
  let south = Infinity;
  let north = -Infinity;
  for (const part of job.polygons) {
    for (const ring of part) vertices += ring.length;
    for (const [x, y] of part[0] ?? []) {
      if (x < west) west = x;
      if (x > east) east = x;
      if (y < south) south = y;
      if (y > north) north = y;
    }
  }
  const boxDeg2 = east > west && north > south ? (east - west) * (north - south) : 0;
  return vertices + 1000 * boxDeg2;
}
