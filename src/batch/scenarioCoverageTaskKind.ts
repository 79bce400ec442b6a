import { workerEntryUrl, type TaskKind } from '../engine/taskKind.js';
import type { ScenarioCoverageResult, ScenarioCoverageTask } from './scenarioCoverage.js';

/**
 * The batch layer's task kind: a whole scenario, on its own worker entry (`workers/scenario`),
 * so that the engine's coverage and solve workers start without loading the scenario pipeline;
 * a worker loads it only when a scenario task reaches it, and a thread that only hands scenarios
 * to workers (the CLI's main thread, a batch's coordinator) never loads it. `runBatch`
 * registers it with its pool.
 *
 * @example
 * pool.register(SCENARIO_COVERAGE_TASK);
 * const { files } = await pool.run<ScenarioCoverageResult>({ kind: 'scenarioCoverage', scenarioPath: 'today.json', allowedFolders: [] });
 */
export const SCENARIO_COVERAGE_TASK: TaskKind<ScenarioCoverageTask, ScenarioCoverageResult> = Object.freeze({
  kind: 'scenarioCoverage',
  workerUrl: workerEntryUrl('scenario', import.meta.url),
  runInThread: async (task: ScenarioCoverageTask) => (await import('./scenarioCoverage.js')).scenarioCoverage(task),
});
