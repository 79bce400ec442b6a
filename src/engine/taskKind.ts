import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What the pool runs: plain data (and buffers) with the name of its kind.
 *
 * @example
 * const task: PoolTask = { kind: 'scenarioCoverage' };
 */
export interface PoolTask {
  readonly kind: string;
}

/**
 * A kind of task a pool can run, as a layer above the engine registers it
 * (`pool.register(kind)`): the worker entry that runs it on a thread, and the same work for
 * the caller's thread (pools of 0 or 1 threads). The engine knows its own kinds (coverage
 * shards, multi-start local search, curve points) and nothing about the layers above it.
 *
 * The worker entry is a module whose default export takes the task and resolves with a
 * `TaskEnvelope` (`envelopeOf(() => work(task))`), so errors cross the thread as data.
 *
 * @example
 * const SCENARIO_TASK: TaskKind<ScenarioCoverageTask, ScenarioCoverageResult> = {
 *   kind: 'scenarioCoverage',
 *   workerUrl: workerEntryUrl('scenario', import.meta.url),
 *   runInThread: scenarioCoverage,
 * };
 * pool.register(SCENARIO_TASK);
 */
export interface TaskKind<T extends PoolTask = PoolTask, V = unknown> {
  readonly kind: T['kind'];
  /** `file:` URL of the worker entry module. */
  readonly workerUrl: string;
  /** The task's work in the caller's thread; what it returns or throws is what the worker's would. */
  readonly runInThread: (task: T) => V | Promise<V>;
}

/**
 * The URL of one of airreach's worker entries, `workers/<name>.<ext>` at the package root, from
 * the URL of a module two folders below it (`src/<layer>/x.ts`, or `dist/src/<layer>/x.js` once
 * built): found from the module's own URL, so it also works inside another project's
 * node_modules, and with the module's extension, so sources run under tsx get the `.ts` entry.
 *
 * @example
 * workerEntryUrl('engine', import.meta.url); // 'file:///…/airreach/dist/workers/engine.js'
 */
export function workerEntryUrl(name: string, moduleUrl: string): string {
  const ext = extname(fileURLToPath(moduleUrl));
  return new URL(`../../workers/${name}${ext}`, moduleUrl).href;
}
