// Piscina entry of airreach's engine: every task goes through `handleTask` (src/engine), and the
// result's ArrayBuffers are transferred back instead of copied.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Piscina } from 'piscina';
import { handleTask } from '../src/engine/handleTask.js';
import type { EngineTask } from '../src/engine/engineTask.js';
import { transferablesOf } from '../src/engine/transferablesOf.js';

// A fill task's view of the shared coverage matrix keeps the whole matrix alive
// until this worker's next garbage collection, which a small worker heap may not see for many
// builds (measured: 1–3 old 325 MiB matrices held by idle workers). Collecting once, shortly
// after such a task has answered, releases it as soon as the caller drops the matrix.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
let pendingCollection: NodeJS.Timeout | undefined;

export default async function runEngineTask(task: EngineTask): Promise<unknown> {
  const envelope = await handleTask(task);
  if (task.kind === 'coverageFill' || task.kind === 'coverageFillQueue') {
    // One collection after the last of a run of tasks on a shared matrix, not one per task.
    clearTimeout(pendingCollection);
    pendingCollection = setTimeout(collectGarbage, 20).unref();
  }
  return Piscina.move({ [Piscina.transferableSymbol]: transferablesOf(envelope), [Piscina.valueSymbol]: envelope } as never);
}
