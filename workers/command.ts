// Piscina entry of the CLI's command tasks (src/batch/commandTask: coverage, compare, sweep): a
// worker loads this file, and with it the scenario pipeline, for the one command it runs.
import { envelopeOf } from '../src/engine/envelopeOf.js';
import type { TaskEnvelope } from '../src/engine/engineTask.js';
import { runCommandTask, type CommandTask } from '../src/batch/commandTask.js';
import { workerData } from 'node:worker_threads';
import { adoptPoolWorkerData } from '../src/engine/poolWorkerData.js';

// HiGHS from the pool's compiled module (src/engine/poolWorkerData).
adoptPoolWorkerData(workerData);

export default function runCommand(task: CommandTask): Promise<TaskEnvelope> {
  return envelopeOf(() => runCommandTask(task));
}
