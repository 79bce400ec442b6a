// Fault injection for the engine's tests: a task kind of the tests' own, registered with a pool
// (`pool.register(FAULT_TASK)`), so that production workers carry no test-only kinds.
import { AirreachError } from '../../src/errors.js';
import type { TaskKind } from '../../src/engine/taskKind.js';

/**
 * `throw` raises inside the task; `exit` ends the worker thread (as a crash would); `allocate`
 * exhausts the worker's heap (a real out-of-memory death under `workerHeapMiB`).
 */
export interface FaultTask {
  kind: 'fault';
  mode: 'throw' | 'exit' | 'allocate';
}

/** The fault's work: `inThread` refuses `exit` and `allocate`, which would end or exhaust the caller's process. */
export function fault(task: FaultTask, inThread: boolean): never {
  if (task.mode === 'exit' || task.mode === 'allocate') {
    if (inThread) throw new AirreachError('E_OPTION', `fault "${task.mode}" only runs inside a worker thread`, { value: task.mode });
    if (task.mode === 'exit') process.exit(70);
    // Plain objects live on the V8 heap (typed arrays would not: their bytes are outside it).
    const hoard: Array<Array<{ k: number }>> = [];
    for (;;) hoard.push(Array.from({ length: 1 << 16 }, (_, k) => ({ k })));
  }
  throw new Error('injected fault');
}

export const FAULT_TASK: TaskKind<FaultTask, never> = {
  kind: 'fault',
  workerUrl: new URL('./faultWorker.ts', import.meta.url).href,
  runInThread: (task) => fault(task, true),
};

/** A fault task (typed, for `pool.run`). */
export const faultTask = (mode: FaultTask['mode']): FaultTask => ({ kind: 'fault', mode });
