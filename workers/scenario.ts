// Piscina entry of airreach's scenario tasks (batches): `handleScenarioTask` (src/engine). A
// worker loads this file, and with it the scenario pipeline, only for its first scenario task.
import { handleScenarioTask } from '../src/engine/handleScenarioTask.js';
import type { ScenarioCoverageTask } from '../src/engine/engineTask.js';

export default function runScenarioTask(task: ScenarioCoverageTask): Promise<unknown> {
  return handleScenarioTask(task);
}
