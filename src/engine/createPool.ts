import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { getHeapStatistics } from 'node:v8';
import type { MessagePort } from 'node:worker_threads';
import { AirreachError } from '../errors.js';
import { resolveOptions } from '../resolveOptions.js';
import type { EngineTask, TaskEnvelope } from './engineTask.js';
import { envelopeOf } from './envelopeOf.js';
import { abortedTaskError, taskError } from './taskError.js';
import { poolWorkerData } from './poolWorkerData.js';
import { createPrioritySlots } from './prioritySlots.js';
import { MAX_POOL_THREADS } from './maxPoolThreads.js';
import { workerEntryUrl, type PoolTask, type TaskKind } from './taskKind.js';
import { workerExecArgv } from './workerExecArgv.js';

/** Options of {@link createPool}. */
export interface PoolOptions {
  /**
   * Worker threads. 0 or 1 runs every task in the caller's thread with the same handlers (no
   * workers are ever started); ≥ 2 starts a piscina pool of that size on the first task.
   */
  threads?: number;
  /** A worker idle this long exits (the pool starts a new one when work comes). */
  idleTimeoutMs?: number;
  /**
   * Most JS heap one worker may use, MiB (V8's old generation). A task that needs more kills only
   * its worker — the task fails with `E_MEMORY_BUDGET` naming the limit and how to raise it, the
   * pool starts a replacement — instead of the whole process. 0: Node's default (the heap limit
   * of the process, `--max-old-space-size`, which also overrides this one when given).
   */
  workerHeapMiB?: number;
  /**
   * Run every task on a worker thread, even with `threads` 0 or 1 (then one worker). The caller's
   * thread stays free while a task runs, so it can take Ctrl-C at once and stop the task (a task
   * in the caller's thread would hold the event loop until its next await).
   */
  isolated?: boolean;
}

/** Defaults of {@link createPool}: one thread per available core. */
export const DEFAULT_POOL_OPTIONS: Required<PoolOptions> = {
  threads: availableParallelism(),
  idleTimeoutMs: 30_000,
  workerHeapMiB: 0,
  isolated: false,
};

/** Options of one {@link AirreachPool.run}. */
export interface RunTaskOptions {
  /** Names the task in errors: `coverage shard 2/6 (sites 100–149)`, `scenario today.json`. */
  label?: string;
  /** Cancels the task: a running worker is stopped (and replaced), the promise rejects `E_ABORTED`. */
  signal?: AbortSignal;
  /** Buffers (and message ports) of the task to move to the worker instead of copying (they become unusable here). */
  transferList?: Array<ArrayBuffer | MessagePort>;
  /**
   * Queued tasks of higher priority start first; equal ones in the order they were queued
   * (default 0: first come, first served). A caller that knows roughly how long its tasks take
   * gives the longest the highest, so that short ones fill the end. Never changes a result.
   */
  priority?: number;
  /**
   * The step the task is at (e.g. its last progress event), asked for only when its worker runs
   * out of memory, so that the error names where: `grid`, `coverage (night)`.
   */
  step?: () => string | undefined;
}

/**
 * The engine's worker pool: one piscina pool created lazily, or the caller's thread.
 * Close it when done (`await pool.close()`, or `await using pool = createPool()`).
 */
export interface AirreachPool {
  /** Worker threads; ≤ 1 means tasks run in the caller's thread (unless the pool is `isolated`). */
  readonly threads: number;
  /** True once worker threads have been started. */
  readonly started: boolean;
  /**
   * Runs one task and resolves with its value; rejects with an AirreachError naming the task.
   * The engine's own kinds are known to every pool; others must be registered first.
   */
  run<T>(task: EngineTask | PoolTask, options?: RunTaskOptions): Promise<T>;
  /**
   * Adds a kind of task this pool can run (see {@link TaskKind}): how the layers above the engine
   * (batches of scenarios) bring their own work and worker entry. Registering the same kind
   * object again does nothing; another definition under a known kind's name is refused.
   */
  register<T extends PoolTask>(kind: TaskKind<T, unknown>): void;
  /**
   * Starts the worker threads now, if they have not started (the first task starts them
   * anyway): they load their code while the caller goes on, e.g. through a long synchronous grid
   * build that leaves the other cores idle. Does nothing for a pool that runs in the caller's thread.
   */
  start(): void;
  /** Waits for running tasks and stops the workers. Further `run` calls reject. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Creates the engine's pool. Workers start on the first task, not here, so a caller that never
 * needs threads pays nothing. A task that throws rejects with its own error code and the task's
 * label; a worker that dies rejects only its task, and piscina starts a replacement; the other
 * tasks finish: out of memory with `E_MEMORY_BUDGET` (naming the heap limit and the flag that
 * raises it, see {@link outOfMemoryError}), otherwise (`process.exit`, a crash) with `E_WORKER`.
 *
 * The pool knows nothing of the layers above it: it runs the engine's own task kinds (on
 * `workers/engine`) and whatever {@link TaskKind}s they register, each on the worker entry the
 * kind names (`workerEntryUrl`). Under tsx or vitest the entries are `.ts` files, loaded with
 * `--import tsx`. Workers run with `--no-experimental-require-module`, so that piscina loads
 * their entries by `import()`: its `require()` of one aborted a CLI run on Node 20.20
 * (see {@link workerExecArgv}).
 *
 * @example
 * const pool = createPool({ threads: 4 });
 * try {
 *   const matrix = await buildCoverageParallel(grid, sites, AIRCRAFT_CATALOGUE, { pool, maxMinutes: 60 });
 * } finally {
 *   await pool.close();
 * }
 */
export function createPool(options: PoolOptions = {}): AirreachPool {
  const { threads, idleTimeoutMs, workerHeapMiB, isolated } = resolveOptions(DEFAULT_POOL_OPTIONS, options);
  if (!(workerHeapMiB >= 0)) {
    throw new AirreachError('E_OPTION', 'workerHeapMiB must be ≥ 0', { value: workerHeapMiB, where: { field: 'workerHeapMiB' }, expected: 'MiB, or 0 for the default' });
  }
  if (!Number.isInteger(threads) || threads < 0 || threads > MAX_POOL_THREADS) {
    throw new AirreachError('E_OPTION', `threads must be a whole number from 0 to ${MAX_POOL_THREADS}`, { value: threads, where: { field: 'threads' }, expected: `0 or 1 (in-thread) or 2 to ${MAX_POOL_THREADS}` });
  }
  const kinds = new Map<string, TaskKind>(ENGINE_TASK_KINDS.map((kind) => [kind, { kind, workerUrl: ENGINE_WORKER, runInThread: (task: PoolTask) => runEngineTaskInThread(kind, task) }]));
  const inCallerThread = threads <= 1 && !isolated;
  const workerCount = Math.max(1, threads);
  let piscina: Piscina | undefined;
  let closed = false;
  // Never more tasks in piscina than workers: the rest wait here, by priority.
  const slots = createPrioritySlots(workerCount);
  // `filename`: what the workers load as they start, before their first task: the entry of the
  // kind that made the pool start (the engine's for `start()`). A pool made for a scenario task
  // (the CLI's run thread) loading the engine's bundle first cost its start-up about 0.1 s of CPU.
  const ensurePiscina = (filename: string): Piscina => {
    if (!piscina) {
      piscina = new Piscina({
        filename,
        maxThreads: workerCount,
        minThreads: workerCount,
        idleTimeout: idleTimeoutMs,
        // No task queue limit: callers bound their own concurrency (shards, batches).
        // No Atomics.wait between tasks: a worker blocked there keeps its last task (and a
        // shared coverage matrix it wrote into) alive until the next task; our tasks are far
        // too long for the microseconds that waiting saves to matter.
        atomics: 'disabled',
        workerData: poolWorkerData(),
        // Never require() of an ES module in the workers (Node ≥ 20.19 could abort the whole
        // process in it), and tsx's loader for `.ts` entries: see workerExecArgv.
        execArgv: workerExecArgv(filename),
        ...(workerHeapMiB > 0 ? { resourceLimits: { maxOldGenerationSizeMb: workerHeapMiB } } : {}),
      });
      // Pool-level errors concern no task of ours: a result that arrives from a worker that
      // was just stopped for a cancelled task ("Unexpected message from Worker"), or an idle
      // worker dying (piscina replaces it). Every task settles on its own promise, so these
      // must not become uncaught exceptions.
      piscina.on('error', () => undefined);
    }
    return piscina;
  };

  const run = async <T>(task: EngineTask | PoolTask, runOptions: RunTaskOptions = {}): Promise<T> => {
    const label = runOptions.label ?? `${task?.kind} task`;
    const { signal } = runOptions;
    if (closed) throw new AirreachError('E_OPTION', `${label}: the pool is closed`, { hint: 'Create a new pool with createPool()' });
    if (signal?.aborted) throw abortedTaskError(label, signal.reason);
    const kind = kinds.get(task?.kind);
    if (!kind) {
      throw new AirreachError('E_OPTION', `${label}: unknown task kind`, {
        value: task?.kind,
        where: { field: 'kind' },
        expected: [...kinds.keys()].join(', '),
        hint: 'Register the kind with pool.register(taskKind) first',
      });
    }
    let envelope: TaskEnvelope<T>;
    if (inCallerThread) {
      envelope = (await envelopeOf(() => kind.runInThread(task))) as TaskEnvelope<T>;
    } else {
      // A worker's turn, by priority (see createPrioritySlots); then piscina runs it at once.
      await slots.acquire(runOptions.priority ?? 0, label, signal);
      try {
        envelope = await ensurePiscina(kind.workerUrl).run(task, {
          // Every task names its entry: kinds of the layers above have their own, so that the
          // engine's workers start without loading, say, the whole scenario pipeline.
          filename: kind.workerUrl,
          ...(signal ? { signal } : {}),
          ...(runOptions.transferList ? { transferList: runOptions.transferList } : {}),
        });
      } catch (error) {
        if (signal?.aborted) throw abortedTaskError(label, signal.reason);
        if (isOutOfMemory(error)) throw outOfMemoryError(label, workerHeapMiB, runOptions.step?.(), error);
        throw new AirreachError('E_WORKER', `${label} failed: its worker thread stopped (${(error as Error)?.message ?? String(error)})`, {
          hint: 'The worker was replaced and the other tasks went on; a crash like this is often memory: try fewer threads or a coarser grid',
          cause: error,
        });
      } finally {
        slots.release();
      }
    }
    if (signal?.aborted) throw abortedTaskError(label, signal.reason);
    if (!envelope.ok) throw taskError(label, envelope.error);
    return envelope.value;
  };

  const register = <T extends PoolTask>(added: TaskKind<T, unknown>): void => {
    // Stored for tasks of its own kind only, so its handler sees nothing else.
    const kind = added as unknown as TaskKind;
    const known = kinds.get(kind?.kind);
    if (known === kind) return;
    if (known || typeof kind?.kind !== 'string' || typeof kind.workerUrl !== 'string' || typeof kind.runInThread !== 'function') {
      throw new AirreachError('E_OPTION', known ? `task kind "${kind.kind}" is already registered with another definition` : 'a task kind needs a name, a worker URL and an in-thread function', {
        value: kind?.kind,
        where: { field: 'kind' },
        expected: 'a TaskKind { kind, workerUrl, runInThread } with a name of its own',
      });
    }
    kinds.set(kind.kind, kind);
  };

  const close = async (): Promise<void> => {
    closed = true;
    const current = piscina;
    piscina = undefined;
    if (current) await current.close();
  };

  return {
    threads,
    get started() {
      return piscina !== undefined;
    },
    run,
    register,
    start() {
      if (!inCallerThread && !closed) ensurePiscina(ENGINE_WORKER);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}


/** Node's error for a worker thread that reached its heap limit (`ERR_WORKER_OUT_OF_MEMORY`), as piscina passes it on. */
function isOutOfMemory(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'ERR_WORKER_OUT_OF_MEMORY' || (typeof message === 'string' && message.includes('reaching memory limit'));
}

/**
 * Whether a pool task failed because its worker thread ran out of heap ({@link outOfMemoryError}),
 * not because an estimate refused its input: a queue worker retries the first (another worker
 * may have more memory) and fails the second at once.
 *
 * @example
 * if (isWorkerOutOfMemory(error)) retryElsewhere();
 */
export function isWorkerOutOfMemory(error: unknown): boolean {
  return error instanceof AirreachError && error.code === 'E_MEMORY_BUDGET' && isOutOfMemory(error.cause);
}

/**
 * The error of a task whose worker thread ran out of JS heap: `E_MEMORY_BUDGET` (an input too
 * large for the memory given, like the estimates that refuse one before it is read), naming the
 * task, the step it was at, the heap limit of its thread and how to raise it. It was `E_WORKER`
 * with V8's "Worker terminated due to reaching memory limit" and a hint about threads that did
 * not help: the run thread of the CLI holds the whole scenario, whatever the thread count.
 *
 * @example
 * throw outOfMemoryError('coverage today.json', 0, 'grid', error);
 */
export function outOfMemoryError(label: string, workerHeapMiB: number, step: string | undefined, cause?: unknown): AirreachError {
  // A worker without a limit of its own has the process's (workers inherit the heap flags).
  const processLimitMiB = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
  const limitMiB = workerHeapMiB > 0 ? workerHeapMiB : processLimitMiB;
  const limit = workerHeapMiB > 0 ? `its thread's heap limit of ${limitMiB} MiB (workerHeapMiB, \`airreach worker --worker-heap-mib\`)` : `the heap limit of ${limitMiB} MiB`;
  const raise = workerHeapMiB > 0 ? `--worker-heap-mib ${2 * limitMiB}` : `NODE_OPTIONS=--max-old-space-size=${2 * limitMiB} (before the airreach command)`;
  return new AirreachError('E_MEMORY_BUDGET', `${label} ran out of memory${step ? ` at the step "${step}"` : ''}: it needed more than ${limit}`, {
    value: limitMiB,
    expected: `at most ${limitMiB} MiB of JS heap`,
    hint: `Raise the limit (e.g. ${raise}) if the machine has the memory, or make the inputs smaller: simplify or split the largest layers (e.g. mapshaper -simplify), a coarser grid resolution, fewer bases or standards`,
    cause,
  });
}

/** The engine's own worker entry, beside this module's tree (`workers/engine.<ext>`). */
const ENGINE_WORKER = workerEntryUrl('engine', import.meta.url);

// The engine's own kinds by name only: their handlers (and the solvers behind them) are loaded
// when a task first runs in the caller's thread, so that a thread that only hands tasks to
// workers (the CLI's main thread) starts without them. `satisfies` keeps the list complete.
const ENGINE_TASK_KINDS = Object.keys({
  coverageShard: true,
  coverageCount: true,
  coverageFill: true,
  coverageFillQueue: true,
  maximalCoveringStarts: true,
  coverageCurvePoint: true,
  coverageCurve: true,
  questionSolves: true,
  depotPlan: true,
  gridPolygonCells: true,
} satisfies Record<EngineTask['kind'], true>) as Array<EngineTask['kind']>;

/** One of the engine's own tasks in the caller's thread (pools of 0 or 1 threads). */
async function runEngineTaskInThread(kind: EngineTask['kind'], task: PoolTask): Promise<unknown> {
  const { ENGINE_TASK_HANDLERS } = await import('./handleTask.js');
  return (ENGINE_TASK_HANDLERS[kind] as (task: PoolTask) => unknown)(task);
}

