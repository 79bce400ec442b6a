import { attainmentText } from '../report/attainmentText.js';
import { conditionsText } from '../report/conditionsText.js';
import { depotsText } from '../report/depotsText.js';
import { summaryText } from '../report/summaryText.js';
import { simulationText } from '../report/simulationText.js';
import { simulationRows } from './scenarioSimulation.js';
import { answersText } from './answersText.js';
import type { CoverageRun } from './runCoverage.js';
import { coverageWarnings } from './coverageWarnings.js';
import type { ScenarioRun } from './runScenario.js';
import type { MatrixBuildCount } from './scenarioSession.js';

/**
 * The coverage part of the terminal summary: grid size and bases, what the network meets, then
 * each period's tables. `name` stands in when the scenario has no `name`.
 *
 * @example
 * process.stdout.write(coverageText(run, 'today.json'));
 */
export function coverageText(run: CoverageRun, name: string): string {
  return (
    // Inputs that look wrong (bases far from the demand, swapped coordinates) before any number.
    coverageWarnings(run).map((warning) => `warning: ${warning}\n`).join('') +
    `${run.inputs.loaded.scenario.name ?? name}: ${run.grid.cellCount.toLocaleString('en-US')} cells at H3 resolution ${run.grid.resolution}, ${plural(run.periods[0]?.report.sites.length ?? 0, 'base')}\n` +
    `${attainmentText(run.periods)}\n\n` +
    run.periods.map((period) => `${summaryText(period.report)}\n\n`).join('')
  );
}

/**
 * The whole terminal summary of a scenario run, as `airreach run` prints it before the line
 * naming the files: coverage, operating conditions, siting answers, depots, the incident simulation. Made where the run
 * is computed (a worker thread, for `airreach run`), so only this text crosses to the printer.
 *
 * @example
 * process.stdout.write(scenarioText(result, 'data/liaoning/today.json'));
 */
export function scenarioText(result: ScenarioRun, name: string): string {
  let text = coverageText(result.coverage, name);
  if (result.conditions) text += `${conditionsText(result.conditions)}\n\n`;
  if (result.answers.length > 0) text += `Siting questions\n${answersText(result.answers)}\n\n`;
  if (result.depots) text += `${depotsText(result.depots)}\n\n`;
  if (result.simulation) text += `${simulationText(simulationRows(result.simulation))}\n\n`;
  return text;
}

/**
 * The JSON summary `airreach run --json` prints, without the list of written files (the caller
 * adds it in front): each period's report, the answers, the operating conditions, the depots and the simulation.
 *
 * @example
 * const { periods, answers } = scenarioSummary(result);
 */
export function scenarioSummary(result: ScenarioRun): { warnings: string[]; periods: unknown[]; answers: unknown; conditions: unknown; depots: unknown; simulation: unknown; matrixBuilds: MatrixBuildCount[] } {
  return {
    warnings: coverageWarnings(result.coverage),
    periods: result.coverage.periods.map((p) => p.report),
    answers: result.answers,
    conditions: result.conditions,
    depots: result.depots,
    simulation: result.simulation,
    // How each coverage matrix of the run was come by (built or cut from a larger one): not in any output file.
    matrixBuilds: result.coverage.session?.matrixBuilds() ?? [],
  };
}

/** "1 base", "2 bases". */
function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}
