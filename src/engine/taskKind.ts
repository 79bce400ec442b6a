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

export { workerEntryUrl } from '../workerEntryUrl.js';
