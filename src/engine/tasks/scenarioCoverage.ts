import { loadScenario } from '../../scenario/loadScenario.js';
import { readScenarioInputs } from '../../scenario/runCoverage.js';
import { computeScenario, scenarioFiles } from '../../scenario/runScenario.js';
import { readConditions } from '../../scenario/readConditions.js';
import { depotCandidates } from '../../scenario/scenarioDepots.js';
import type { ScenarioCoverageResult, ScenarioCoverageTask } from '../engineTask.js';

/**
 * One scenario of a batch, start to end in the current thread: load, read the inputs, compute
 * everything `airreach run` computes (coverage, operating conditions, siting questions, curve,
 * depots) and render the files. Nothing is written here: the caller writes the files all at
 * once, so a cancelled or failed batch leaves no partial outputs.
 *
 * @example
 * const { files } = await scenarioCoverage({ kind: 'scenarioCoverage', scenarioPath: 'data/liaoning/today.json', allowedFolders: [] });
 */
export async function scenarioCoverage(task: ScenarioCoverageTask): Promise<ScenarioCoverageResult> {
  const loaded = await loadScenario(task.scenarioPath, { allowedFolders: task.allowedFolders });
  const inputs = await readScenarioInputs(loaded);
  const conditions = await readConditions(loaded.scenario.conditions, loaded.file);
  const candidates = loaded.scenario.depots ? await depotCandidates(loaded.scenario.depots, loaded.file) : null;
  const result = await computeScenario(inputs, { conditions, depotCandidates: candidates });
  return { files: scenarioFiles(result), cells: result.coverage.grid.cellCount };
}
