import { measureMemory } from 'node:vm';

let pending: NodeJS.Timeout | undefined;

/**
 * Asks this thread's V8 heap for a full collection shortly (20 ms) after the last of a run of
 * calls: one collection after the last of a run of fill tasks, not one per task. A worker that
 * wrote into a shared coverage matrix keeps the whole matrix alive until its next collection,
 * which an idle worker's small heap may not see for many builds (measured: 1–3 old 325 MiB
 * matrices held by idle workers), so the caller dropping the matrix would free nothing.
 *
 * No V8 flag is set for this (`--expose-gc` would change the whole process): an eager
 * `vm.measureMemory` is Node's documented way to start a collection at once. It is still marked
 * experimental, so its one-time warning is kept off stderr here (the only warning it emits).
 *
 * @example
 * await handleTask(task);
 * collectGarbageSoon();
 */
export function collectGarbageSoon(delayMs = 20): void {
  clearTimeout(pending);
  pending = setTimeout(collectNow, delayMs).unref();
}

function collectNow(): void {
  const emitWarning = process.emitWarning;
  process.emitWarning = () => undefined;
  try {
    measureMemory({ execution: 'eager' }).catch(() => undefined);
  } finally {
    process.emitWarning = emitWarning;
  }
}
