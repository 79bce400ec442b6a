import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { compileHighsWasmModule, highsWasmModule, setHighsWasmModule, type HighsWasmModule } from '../highsWasmModule.js';

/** What a pool hands each worker it starts (piscina's `workerData`). */
export interface PoolWorkerData {
  /** The compiled HiGHS module of the thread that made the pool (see `setHighsWasmModule`). */
  highsWasmModule: HighsWasmModule;
}

/**
 * The data a pool gives its workers: this thread's compiled HiGHS module, compiled now (once per
 * thread, ≈ 50 ms) if this thread has none, and kept for this thread's own solves too. Every
 * thread of a run then instantiates HiGHS from one module and shares the optimised code V8 makes
 * of it, instead of each worker compiling and warming HiGHS anew (issue 15: today's 18-aircraft
 * MEXCLP on a fresh worker took 3.9–4.1 s of CPU, 1.8–1.9 s on a worker given a module another
 * worker had used).
 *
 * @example
 * new Piscina({ filename, workerData: poolWorkerData() });
 */
export function poolWorkerData(): PoolWorkerData {
  let module = highsWasmModule();
  if (module === undefined) {
    // highs/runtime is the package's own export of its .wasm file.
    module = compileHighsWasmModule(readFileSync(createRequire(import.meta.url).resolve('highs/runtime')));
    setHighsWasmModule(module);
  }
  return { highsWasmModule: module };
}

/**
 * Takes a worker's {@link PoolWorkerData} (the first thing a worker entry does): its HiGHS is then
 * instantiated from the pool's module. Data without a module (a worker started by other code)
 * changes nothing.
 *
 * @example
 * import { workerData } from 'node:worker_threads';
 * adoptPoolWorkerData(workerData);
 */
export function adoptPoolWorkerData(data: unknown): void {
  const module = (data as Partial<PoolWorkerData> | null | undefined)?.highsWasmModule;
  if (module !== undefined) setHighsWasmModule(module);
}
