import { checkOutputTargets } from '../io/writeFileAtomic.js';
import { resolveOptions } from '../resolveOptions.js';
import { outputNameList, outputNames } from '../report/outputNames.js';
import type { LoadedScenario } from './loadScenario.js';
import { scenarioInputFiles } from './scenarioFingerprint.js';
import { scenarioOutputPlan, type ScenarioOutputPlanOptions } from './scenarioOutputPlan.js';

/** Options of {@link checkScenarioOutputFolder}. */
export interface CheckScenarioOutputFolderOptions extends ScenarioOutputPlanOptions {
  /** Files written beside the scenario's outputs (a batch's `run.json`). */
  extraNames?: readonly string[];
  /** Keeps the names of the files the caller writes (`runScenario`'s `only`); default: every one. */
  only?: (fileName: string) => boolean;
}

/** Defaults of {@link checkScenarioOutputFolder}: the files of `airreach run`, nothing beside them. */
export const DEFAULT_CHECK_SCENARIO_OUTPUT_FOLDER_OPTIONS: Readonly<CheckScenarioOutputFolderOptions> = Object.freeze({ command: 'run', report: true, extraNames: [], only: undefined });

/**
 * Refuses, once the scenario file is loaded and before its layers are read or anything is
 * computed, an output folder where one of the run's outputs ({@link scenarioOutputPlan}) would
 * replace a file no airreach run wrote or one of the scenario's input files (`checkOutputTargets`:
 * `E_OUTPUT`, the write's own error). `airreach run today.json --out my` with a report.html of
 * the user's in `my` computed for 10-15 s and was refused only then.
 *
 * @example
 * await checkScenarioOutputFolder(await loadScenario('today.json'), 'out/today', { command: 'site' });
 */
export async function checkScenarioOutputFolder(loaded: LoadedScenario, folder: string, options: CheckScenarioOutputFolderOptions = {}): Promise<void> {
  const { extraNames, only, ...plan } = resolveOptions(DEFAULT_CHECK_SCENARIO_OUTPUT_FOLDER_OPTIONS, options);
  const planned = outputNameList(outputNames(scenarioOutputPlan(loaded.scenario, plan)));
  const names = [...(only ? planned.filter(only) : planned), ...(extraNames ?? [])];
  await checkOutputTargets(folder, names, { inputFiles: scenarioInputFiles(loaded) });
}
