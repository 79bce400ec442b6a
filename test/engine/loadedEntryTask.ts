// A task kind of the tests' own that tells which worker entries a pool's worker has loaded: its
// entry does not adopt the pool's worker data, so the worker holds the pool's compiled HiGHS
// module only if another entry (the engine's, which adopts it as it loads) ran in that worker.
import type { TaskKind } from '../../src/engine/taskKind.js';
import { highsWasmModule } from '../../src/highsWasmModule.js';

export interface LoadedEntryTask {
  kind: 'loadedEntry';
}

/** True when the worker (or thread) holds an adopted HiGHS module: the engine's entry ran there. */
export function engineEntryLoaded(): boolean {
  return highsWasmModule() !== undefined;
}

export const LOADED_ENTRY_TASK: TaskKind<LoadedEntryTask, boolean> = {
  kind: 'loadedEntry',
  workerUrl: new URL('./loadedEntryWorker.ts', import.meta.url).href,
  runInThread: () => engineEntryLoaded(),
};
