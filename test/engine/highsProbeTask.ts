// A task kind of the tests' own: one small MILP through HiGHS on a pool worker, reporting whether
// the worker was handed the pool's compiled HiGHS module (src/engine/poolWorkerData).
import type { TaskKind } from '../../src/engine/taskKind.js';
import { highsWasmModule } from '../../src/highsWasmModule.js';
import { solveMilp } from '../../src/solvers/milp/solveMilp.js';

export interface HighsProbeTask {
  kind: 'highsProbe';
}

export interface HighsProbe {
  hasModule: boolean;
  objective: number;
  columnValues: number[];
}

/** max 5a + 4b + 3c s.t. 2a + 3b + c ≤ 5, 4a + b + 2c ≤ 11, 3a + 4b + 2c ≤ 8, integer (optimum 13 at a = 2, c = 1). */
export async function highsProbe(): Promise<HighsProbe> {
  const result = await solveMilp({
    sense: 'maximize',
    columnCosts: Float64Array.of(5, 4, 3),
    columnLower: new Float64Array(3),
    columnUpper: new Float64Array(3).fill(10),
    integer: Uint8Array.of(1, 1, 1),
    rowLower: new Float64Array(3).fill(-Infinity),
    rowUpper: Float64Array.of(5, 11, 8),
    rowOffsets: Int32Array.of(0, 3, 6, 9),
    rowColumns: Int32Array.of(0, 1, 2, 0, 1, 2, 0, 1, 2),
    rowValues: Float64Array.of(2, 3, 1, 4, 1, 2, 3, 4, 2),
  });
  return { hasModule: highsWasmModule() !== undefined, objective: result.objective, columnValues: Array.from(result.columnValues ?? []) };
}

export const HIGHS_PROBE_TASK: TaskKind<HighsProbeTask, HighsProbe> = {
  kind: 'highsProbe',
  workerUrl: new URL('./highsProbeWorker.ts', import.meta.url).href,
  runInThread: () => highsProbe(),
};
