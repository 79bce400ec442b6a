import type { ScenarioCoverageTask, TaskEnvelope } from './engineTask.js';
import { envelopeOf } from './handleTask.js';
import { scenarioCoverage } from './tasks/scenarioCoverage.js';

/**
 * Runs one scenario task (a whole scenario of a batch) and wraps the outcome in a
 * {@link TaskEnvelope}, as `handleTask` does for the other tasks. Kept apart so that workers
 * that only build coverage or solve never load the scenario pipeline: workers/scenario is a
 * separate worker file of the same pool, loaded by a worker when its first scenario task
 * arrives.
 *
 * @example
 * const envelope = await handleScenarioTask({ kind: 'scenarioCoverage', scenarioPath: 'data/liaoning/today.json', allowedFolders: ['data'] });
 * if (envelope.ok) Object.keys(envelope.value.files); // ['summary.json', ...]
 */
export async function handleScenarioTask(task: ScenarioCoverageTask): Promise<TaskEnvelope> {
  return envelopeOf(() => scenarioCoverage(task));
}
