import type { OutputPlan } from '../report/outputNames.js';
import { resolveOptions } from '../resolveOptions.js';
import type { ScenarioFile } from './scenarioSchema.js';
import { DEFAULT_SCENARIO_SETTINGS } from './scenarioDefaults.js';

/** Options of {@link scenarioOutputPlan}. */
export interface ScenarioOutputPlanOptions {
  /**
   * The command whose files: `run` (everything), `site` (the siting files only: answers, curve,
   * depots, simulation) or `coverage` (the coverage files and, with `report`, the report page).
   */
  command?: 'run' | 'site' | 'coverage';
  /** `coverage` only: with the report page (`airreach coverage --no-report` leaves it out). */
  report?: boolean;
}

/** Defaults of {@link scenarioOutputPlan}: every file of `airreach run`. */
export const DEFAULT_SCENARIO_OUTPUT_PLAN_OPTIONS: Readonly<Required<ScenarioOutputPlanOptions>> = Object.freeze({ command: 'run', report: true });

/**
 * The output plan (`outputNames`) of a scenario, from its file alone: the periods (a cell map
 * and table each, and a coarser map with `outputs.parentResolution`), `conditions.json` for a
 * `conditions` block over a day period, `curve.json`, `depots.*`, `simulation.json` for their
 * blocks and an answer map per question. What the run writes, known before it computes.
 *
 * @example
 * outputNameList(outputNames(scenarioOutputPlan(loaded.scenario, { command: 'site' }))); // ['answer-1.geojson', 'answers.json', 'curve.json']
 */
export function scenarioOutputPlan(scenario: ScenarioFile, options: ScenarioOutputPlanOptions = {}): OutputPlan {
  const { command, report } = resolveOptions(DEFAULT_SCENARIO_OUTPUT_PLAN_OPTIONS, options);
  const periods = scenario.periods ?? DEFAULT_SCENARIO_SETTINGS.periods;
  const plan = { periods, parentResolution: scenario.outputs?.parentResolution };
  if (command === 'coverage') return { ...plan, report };
  const siting = {
    curve: scenario.curve !== undefined,
    depots: scenario.depots !== undefined,
    simulation: scenario.simulation !== undefined,
    answers: scenario.questions?.length ?? 0,
  };
  if (command === 'site') return { ...plan, ...siting, coverage: false, report: false };
  // The conditions report is of the day coverage (conditionsOf): none without a day period.
  return { ...plan, ...siting, conditions: scenario.conditions !== undefined && periods.includes('day') };
}
