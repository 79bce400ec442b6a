import { parseByteSize } from '../parseByteSize.js';
import type { LoadedScenario } from './loadScenario.js';

/** The memory budgets of one scenario's run, bytes; undefined: the checks' own defaults (2 GiB each). */
export interface ScenarioMemoryBudget {
  /** Cap on the coverage and siting matrices (`checkCoverageMemory`, `checkSitingBudget`, `checkComparisonBudget`). */
  coverageMemoryBytes?: number;
  /** Cap on one siting question's solve (`checkSitingBudget`'s p-median dense costs). */
  solveMemoryBytes?: number;
}

/**
 * The memory budgets a scenario runs under: the caller's (`coverageMemoryBytes`,
 * `solveMemoryBytes`: the CLI's `--memory-budget`) where given, else the scenario file's
 * `memoryBudget` (one size for both caps: "4GiB", "512MiB" or bytes), else undefined (the
 * checks' defaults). The file's size is checked here, on the machine that computes (a queue
 * worker's may differ from the coordinator's): over this machine's memory it is refused with
 * `E_SCENARIO` at `/memoryBudget`, as a budget it could never give.
 *
 * @example
 * checkCoverageMemory(grid, bases, aircraft, periods, 120, { coverageMemoryBytes: scenarioMemoryBudget(loaded, options).coverageMemoryBytes });
 */
export function scenarioMemoryBudget(loaded: Pick<LoadedScenario, 'file' | 'scenario'>, options: ScenarioMemoryBudget = {}): ScenarioMemoryBudget {
  const written = loaded.scenario.memoryBudget;
  const needsFile = options.coverageMemoryBytes === undefined || options.solveMemoryBytes === undefined;
  const fromFile = written !== undefined && needsFile ? parseByteSize(written, { code: 'E_SCENARIO', where: { file: loaded.file, field: '/memoryBudget' } }) : undefined;
  return { coverageMemoryBytes: options.coverageMemoryBytes ?? fromFile, solveMemoryBytes: options.solveMemoryBytes ?? fromFile };
}
