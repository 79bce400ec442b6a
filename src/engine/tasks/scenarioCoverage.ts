import { loadScenario } from '../../scenario/loadScenario.js';
import { computeCoverage, coverageFiles, readScenarioInputs } from '../../scenario/runCoverage.js';
import type { ScenarioCoverageResult, ScenarioCoverageTask } from '../engineTask.js';

/**
 * One scenario of a batch, start to end in the current thread: load, read the inputs, compute
 * coverage, render the files. Nothing is written here: the caller writes the files all at once,
 * so a cancelled or failed batch leaves no partial outputs.
 *
 * @example
 * const { files } = await scenarioCoverage({ kind: 'scenarioCoverage', scenarioPath: 'data/liaoning/today.json', allowedFolders: [] });
 */
export async function scenarioCoverage(task: ScenarioCoverageTask): Promise<ScenarioCoverageResult> {
  const loaded = await loadScenario(task.scenarioPath, { allowedFolders: task.allowedFolders });
  const run = computeCoverage(await readScenarioInputs(loaded));
  return { files: coverageFiles(run), cells: run.grid.cellCount };
}
