// Piscina entry of the CLI's command tasks (src/batch/commandTask: coverage, compare, sweep): a
// worker loads this file, and with it the scenario pipeline, for the one command it runs.
import { envelopeOf } from '../src/engine/envelopeOf.js';
import type { TaskEnvelope } from '../src/engine/engineTask.js';
import { runCommandTask, type CommandTask } from '../src/batch/commandTask.js';

export default function runCommand(task: CommandTask): Promise<TaskEnvelope> {
  return envelopeOf(() => runCommandTask(task));
}
