// Piscina entry of the batch layer's scenario tasks (src/batch): a worker loads this file, and
// with it the scenario pipeline, only for its first scenario task.
import { envelopeOf } from '../src/engine/handleTask.js';
import type { TaskEnvelope } from '../src/engine/engineTask.js';
import { scenarioCoverage, type ScenarioCoverageTask } from '../src/batch/scenarioCoverage.js';

export default function runScenarioTask(task: ScenarioCoverageTask): Promise<TaskEnvelope> {
  return envelopeOf(() => scenarioCoverage(task));
}
