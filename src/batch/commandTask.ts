import { remotePool } from '../engine/remotePool.js';
import { createPool, type AirreachPool } from '../engine/createPool.js';
import { AirreachError, isAirreachError } from '../errors.js';
import { locateInScenario } from '../scenario/locateInScenario.js';
import { loadScenario } from '../scenario/loadScenario.js';
import { computeCoverage, computeCoverageParallel, coverageOutputs, readScenarioInputs, type ProgressEvent } from '../scenario/runCoverage.js';
import { coverageWarnings } from '../scenario/coverageWarnings.js';
import { coverageText } from '../scenario/scenarioText.js';
import { computeComparison, loadCompared, type ComparisonRow } from '../scenario/compareScenarios.js';
import { expandSweep } from '../scenario/expandSweep.js';
import { packOutputFiles, type PackedFile } from './packOutputFiles.js';
import type { WorkerCommandTask } from './runTaskInWorker.js';
import { scenarioInputFiles } from '../scenario/scenarioFingerprint.js';
import { checkScenarioOutputFolder } from '../scenario/checkScenarioOutputFolder.js';
import { memoryBudgetOptions } from './memoryBudgetOptions.js';

/**
 * One CLI command's computing, for a worker thread (`runTaskInWorker`): `coverage` of a
 * scenario, `compare` of scenarios, or a `sweep` of one scenario's variants. (`run` and `site`
 * are the scenario task, `SCENARIO_COVERAGE_TASK`.) Plain data: it crosses the thread.
 *
 * @example
 * const task: CommandTask = { kind: 'command', command: 'sweep', scenarioPath: 'sensitivity.json', allowedFolders: [], threads: 2 };
 */
export type CommandTask = WorkerCommandTask & {
  kind: 'command';
  allowedFolders: string[];
  /** Where the files will go: their estimated size is checked against its disk before the grid is built. */
  outFolder?: string;
  /** Threads of the computing: 2 or more build the coverage matrices on a pool of that many worker threads (the same bytes); 0 or 1: in this thread. */
  threads?: number;
  /** See `buildCoverageParallel`: coverage jobs below this many pairs stay in one thread (tests set 0 to shard tiny jobs). */
  minParallelPairs?: number;
  /** Most memory the coverage and siting matrices, and one siting question's solve, may each take, bytes (`--memory-budget`); default: the scenario's `memoryBudget`, else 2 GiB. */
  memoryBudgetBytes?: number;
} & (
    | { command: 'coverage'; scenarioPath: string; report: boolean }
    | { command: 'compare'; scenarioPaths: string[]; standardMinutes?: number }
    | { command: 'sweep'; scenarioPath: string; standardMinutes?: number }
  );

/**
 * Result of a {@link CommandTask}: the files packed, and what the command prints (its terminal text and JSON, as plain data).
 *
 * @example
 * const { result }: { result: CommandResult } = await runTaskInWorker(COMMAND_TASK, task, 'out');
 * process.stdout.write(result.text ?? '');
 */
export interface CommandResult {
  files: PackedFile[];
  /** `coverage`: the terminal text. */
  text?: string;
  /** `coverage`: the warnings and per-period reports, as `--json` prints them. */
  summary?: unknown;
  /** `coverage`: the scenario's name (for the leftover-files warning). */
  name?: string;
  /** `compare`, `sweep`: the comparison rows. */
  rows?: ComparisonRow[];
  /** Every file the command read (scenarios and their layers): the writer refuses to replace one with an output. */
  inputFiles?: string[];
}

/**
 * Runs a {@link CommandTask} in the current thread: loads, computes (on a pool of
 * `task.threads` when 2 or more) and returns the packed files, written by the caller all at once.
 *
 * @example
 * const { files, text } = await runCommandTask({ kind: 'command', command: 'coverage', scenarioPath: 'today.json', report: true, allowedFolders: [] });
 */
export async function runCommandTask(task: CommandTask): Promise<CommandResult> {
  const port = task.progressPort;
  const onProgress = port ? (event: ProgressEvent) => port.postMessage(event) : undefined;
  const pool = (task.threads ?? 0) > 1 ? (task.poolPort ? remotePool(task.poolPort, task.threads!) : createPool({ threads: task.threads })) : undefined;
  try {
    return await runCommand(task, pool, onProgress);
  } catch (error) {
    throw task.command === 'coverage' ? error : asStandardOption(error);
  } finally {
    await pool?.close();
  }
}

/**
 * A refusal of the comparison's standard names the option the user gave, `--standard`: the
 * library's `standardMinutes` named no option of the command (`airreach compare a.json b.json
 * --standard 45` said 'field standardMinutes').
 */
function asStandardOption(error: unknown): unknown {
  return isAirreachError(error) && error.where.field === 'standardMinutes' ? locateInScenario(error, (own) => ({ ...own, field: '--standard' })) : error;
}

async function runCommand(task: CommandTask, pool: AirreachPool | undefined, onProgress: ((event: ProgressEvent) => void) | undefined): Promise<CommandResult> {
  switch (task.command) {
    case 'coverage':
      return await coverageCommand(task, pool, onProgress);
    case 'compare': {
      const { loaded, labels } = await loadCompared(task.scenarioPaths, { allowedFolders: task.allowedFolders });
      const { rows, files } = await computeComparison(loaded, labels, { pool, onProgress, outFolder: task.outFolder, standardMinutes: task.standardMinutes, minParallelPairs: task.minParallelPairs, ...memoryBudgetOptions(task) });
      return { files: await packOutputFiles(files), rows, inputFiles: loaded.flatMap(scenarioInputFiles) };
    }
    case 'sweep': {
      const loaded = await loadScenario(task.scenarioPath, { allowedFolders: task.allowedFolders });
      if (!loaded.scenario.sweep) {
        throw new AirreachError('E_SCENARIO', 'the scenario has no "sweep" block', {
          where: { file: loaded.file, field: '/sweep' },
          hint: 'Add e.g. "sweep": { "cruiseSpeedFactors": [0.9, 1.1], "activationDeltaMinutes": [-5, 5], "nightOperations": [false] }',
        });
      }
      const variants = expandSweep(loaded, loaded.scenario.sweep);
      const { rows, files } = await computeComparison(
        variants.map((v) => v.loaded),
        variants.map((v) => v.label),
        {
          pool,
          onProgress,
          outFolder: task.outFolder,
          standardMinutes: task.standardMinutes,
          minParallelPairs: task.minParallelPairs,
          ...memoryBudgetOptions(task),
          budget: {
            where: { file: loaded.file, field: '/sweep' },
            hint: `Sweep fewer values (${variants.length - 1} variants besides the scenario${loaded.scenario.sweep.mode === 'grid' ? ': the grid mode multiplies the lists' : ''}), use a coarser grid.resolution, or run the variants on queue workers (airreach sweep --redis: each variant's outputs in its own folder, no comparison page)`,
          },
        },
      );
      return { files: await packOutputFiles(files), rows, inputFiles: scenarioInputFiles(loaded) };
    }
    default:
      throw new AirreachError('E_OPTION', 'unknown command task', { value: (task as { command?: unknown }).command, where: { field: 'command' }, expected: 'coverage, compare or sweep' });
  }
}

async function coverageCommand(task: Extract<CommandTask, { command: 'coverage' }>, pool: AirreachPool | undefined, onProgress: ((event: ProgressEvent) => void) | undefined): Promise<CommandResult> {
  const options = { outFolder: task.outFolder, onProgress, ...memoryBudgetOptions(task) };
  const loaded = await loadScenario(task.scenarioPath, { allowedFolders: task.allowedFolders });
  // The output names are known from the file: a folder they cannot go into is refused before any work.
  if (task.outFolder !== undefined) await checkScenarioOutputFolder(loaded, task.outFolder, { command: 'coverage', report: task.report });
  const inputs = await readScenarioInputs(loaded, options);
  const run = pool ? await computeCoverageParallel(inputs, { ...options, pool, minParallelPairs: task.minParallelPairs }) : computeCoverage(inputs, options);
  const files = await packOutputFiles(coverageOutputs(run, { report: task.report }));
  return {
    files,
    text: coverageText(run, task.scenarioPath),
    summary: { warnings: coverageWarnings(run), periods: run.periods.map((p) => p.report) },
    name: run.inputs.loaded.scenario.name,
    inputFiles: scenarioInputFiles(loaded),
  };
}
