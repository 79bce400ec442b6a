// Piscina entry of the batch layer's scenario tasks (src/batch): a worker loads this file, and
// with it the scenario pipeline, only for its first scenario task. The result's buffers (the
// rendered files) are transferred back instead of copied.
import { Piscina } from 'piscina';
import { envelopeOf } from '../src/engine/envelopeOf.js';
import { transferablesOf } from '../src/engine/transferablesOf.js';
import { scenarioCoverage, type ScenarioCoverageTask } from '../src/batch/scenarioCoverage.js';
import { workerData } from 'node:worker_threads';
import { adoptPoolWorkerData } from '../src/engine/poolWorkerData.js';

// HiGHS from the pool's compiled module (src/engine/poolWorkerData).
adoptPoolWorkerData(workerData);

export default async function runScenarioTask(task: ScenarioCoverageTask): Promise<unknown> {
  const envelope = await envelopeOf(() => scenarioCoverage(task));
  return Piscina.move({ [Piscina.transferableSymbol]: transferablesOf(envelope), [Piscina.valueSymbol]: envelope } as never);
}
