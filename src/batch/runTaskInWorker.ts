import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { createPool } from '../engine/createPool.js';
import { servePool } from '../engine/servePool.js';
import type { PoolTask, TaskKind } from '../engine/taskKind.js';
import { lockOutputFolder, type OutputLock } from '../io/outputFolder.js';
import { writeFilesAtomic } from '../io/writeFileAtomic.js';
import { resolveOptions } from '../resolveOptions.js';
import { cancelledError } from '../scenario/cancelledError.js';
import type { ProgressEvent } from '../scenario/runCoverage.js';
import { unpackOutputFiles, type PackedFile, type RenderedFile } from './packOutputFiles.js';

/**
 * What a task run by {@link runTaskInWorker} carries besides its own fields: the port its
 * progress events go to (set by the runner). Its result carries `files`, packed, and the
 * `inputFiles` the task read (no output may replace one of them).
 *
 * @example
 * interface MyTask extends WorkerCommandTask { kind: 'mine'; input: string }
 */
export interface WorkerCommandTask extends PoolTask {
  /** Receives each progress event ({@link ProgressEvent}) as a message; set by {@link runTaskInWorker}. */
  progressPort?: MessagePort;
  /** Threads of the computing: 2 or more run its pool's tasks on that many worker threads (the same bytes). */
  threads?: number;
  /**
   * With `threads` ≥ 2: the pool the runner's thread owns and serves (`servePool`), which the
   * task uses through `remotePool(poolPort, threads)`; set by {@link runTaskInWorker}.
   */
  poolPort?: MessagePort;
}

/** Options of {@link runTaskInWorker}. */
export interface RunTaskInWorkerOptions {
  /** Cancels the run: the worker thread (and any threads it started) is stopped at once, and nothing is written. */
  signal?: AbortSignal;
  /** Progress events of the task (grid, coverage per period, questions …). */
  onProgress?: (event: ProgressEvent) => void;
  /** Names the task in errors, e.g. `scenario today.json`. */
  label?: string;
  /** The file a cancellation names (the scenario). */
  file?: string;
}

/** Defaults of {@link runTaskInWorker}. */
export const DEFAULT_RUN_TASK_IN_WORKER_OPTIONS: Readonly<RunTaskInWorkerOptions> = Object.freeze({});

/**
 * Runs one task of `kind` on a worker thread of its own and writes the files it returns
 * (`result.files`, packed) into `outFolder`, all at once: the runner every computing command of
 * the CLI shares (`run`, `site`, `coverage`, `compare`, `sweep`), each with its own task kind.
 * The caller's thread only waits, so a cancel (`signal`: Ctrl-C, SIGTERM) is taken at once and
 * stops the worker mid-step, even inside a solve or a coverage fill that would hold the event
 * loop of the caller's thread for seconds. The folder is locked before any work (an unusable
 * folder is refused first, two runs cannot interleave) and released at the end; a run cancelled
 * or failed before the write leaves it as it was.
 *
 * @example
 * const { result, written } = await runTaskInWorker(SCENARIO_COVERAGE_TASK, { kind: 'scenarioCoverage', scenarioPath: 'today.json', allowedFolders: [] }, 'out', { signal });
 */
export async function runTaskInWorker<T extends WorkerCommandTask, R extends { files: Array<PackedFile | RenderedFile>; inputFiles?: string[] }>(
  kind: TaskKind<T, R>,
  task: T,
  outFolder: string,
  options: RunTaskInWorkerOptions = {},
): Promise<{ result: R; written: string[] }> {
  const { signal, onProgress, label, file } = resolveOptions(DEFAULT_RUN_TASK_IN_WORKER_OPTIONS, options);
  let lock: OutputLock | undefined;
  const pool = createPool({ threads: 1, isolated: true });
  const channel = new MessageChannel();
  // The step the task last reported: named if its thread runs out of memory (before the first
  // event the task reads its scenario and layers).
  let step = 'reading the scenario and its layers';
  channel.port1.on('message', (event: ProgressEvent) => {
    step = event.step;
    onProgress?.(event);
  });
  // The task's computing pool is owned here, by a thread that only waits, and served to the task's
  // thread: a worker that finishes gets its next task at once, not when the task's thread (busy
  // with reports and files) next reads its messages (see servePool).
  const computing = (task.threads ?? 0) > 1 ? createPool({ threads: task.threads }) : undefined;
  const served = computing ? new MessageChannel() : undefined;
  const stopServing = computing && served ? servePool(computing, served.port1) : undefined;
  try {
    signal?.throwIfAborted();
    lock = lockOutputFolder(outFolder);
    pool.register(kind);
    const ports = served ? [channel.port2, served.port2] : [channel.port2];
    const result = await pool.run<R>({ ...task, progressPort: channel.port2, ...(served ? { poolPort: served.port2 } : {}) }, { label: label ?? `${task.kind} task`, signal, transferList: ports, step: () => step });
    const written = await writeFilesAtomic(outFolder, unpackOutputFiles(result.files), { signal, inputFiles: result.inputFiles });
    return { result, written };
  } catch (error) {
    // One message for a cancel at any step, whether the pool or the write noticed it.
    if (signal?.aborted) throw cancelledError(signal.reason, signal, file);
    throw error;
  } finally {
    channel.port1.close();
    stopServing?.();
    served?.port1.close();
    lock?.release();
    // Cancelled: the stopped workers are torn down in the background (about 70 ms here), so the
    // cancel is reported, and the CLI exits, without waiting for them.
    if (signal?.aborted) {
      void pool.close().catch(() => undefined);
      void computing?.close().catch(() => undefined);
    } else {
      await pool.close();
      await computing?.close();
    }
  }
}
