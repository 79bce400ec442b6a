// Piscina entry of airreach's engine: every task goes through `handleTask` (src/engine), and the
// result's ArrayBuffers are transferred back instead of copied.
import { Piscina } from 'piscina';
import { handleTask } from '../src/engine/handleTask.js';
import type { EngineTask } from '../src/engine/engineTask.js';
import { transferablesOf } from '../src/engine/transferablesOf.js';

export default async function runEngineTask(task: EngineTask): Promise<unknown> {
  const envelope = await handleTask(task);
  return Piscina.move({ [Piscina.transferableSymbol]: transferablesOf(envelope), [Piscina.valueSymbol]: envelope } as never);
}
