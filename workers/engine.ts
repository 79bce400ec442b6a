// Piscina entry of airreach's engine: every task goes through `handleTask` (src/engine), and the
// result's ArrayBuffers are transferred back instead of copied.
import { Piscina } from 'piscina';
import { handleTask } from '../src/engine/handleTask.js';
import type { EngineTask } from '../src/engine/engineTask.js';
import { transferablesOf } from '../src/engine/transferablesOf.js';
import { collectGarbageSoon } from '../src/engine/collectGarbageSoon.js';
import { workerData } from 'node:worker_threads';
import { adoptPoolWorkerData } from '../src/engine/poolWorkerData.js';

// HiGHS from the pool's compiled module (src/engine/poolWorkerData).
adoptPoolWorkerData(workerData);

export default async function runEngineTask(task: EngineTask): Promise<unknown> {
  const envelope = await handleTask(task);
  // A fill task's view of the shared coverage matrix keeps the whole matrix alive until this
  // worker's next garbage collection (see collectGarbageSoon).
  if (task.kind === 'coverageFill' || task.kind === 'coverageFillQueue') collectGarbageSoon();
  return Piscina.move({ [Piscina.transferableSymbol]: transferablesOf(envelope), [Piscina.valueSymbol]: envelope } as never);
}
