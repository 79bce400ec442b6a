import { resolveOptions } from '../resolveOptions.js';
import { shortRunWasmTiering } from '../engine/shortRunWasmTiering.js';
import type { ProgressEvent } from '../scenario/runCoverage.js';
import { runTaskInWorker } from './runTaskInWorker.js';
import { SCENARIO_COVERAGE_TASK } from './scenarioCoverageTaskKind.js';

/** Options of {@link runScenarioInWorker}. */
export interface RunScenarioInWorkerOptions {
  /** Extra folders the scenario may read layers from. */
  allowedFolders?: string[];
  /** Cancels the run: the worker thread is stopped at once and nothing is written. */
  signal?: AbortSignal;
  /** Progress events of the pipeline (grid, coverage per period, questions …). */
  onProgress?: (event: ProgressEvent) => void;
  /** Threads of the computing: 2 or more build the coverage matrices in shards on that many more worker threads (the same bytes); 0 or 1 in the run's one worker thread. */
  threads?: number;
  /** Only the siting files (answers, curve, depots, simulation) and a siting summary, as `airreach site` writes. */
  siting?: boolean;
  /** See `buildCoverageParallel`: coverage jobs below this many pairs stay in one thread. */
  minParallelPairs?: number;
  /** Most memory the coverage and siting matrices, and one siting question's solve, may each take, bytes (`--memory-budget`); default: the scenario's `memoryBudget`, else 2 GiB. */
  memoryBudgetBytes?: number;
  /**
   * The process is this one run (the CLI): V8's WebAssembly tiering budget is raised for the
   * whole process before HiGHS is compiled (`shortRunWasmTiering`), and once the grid is built a
   * small grid lowers V8's inlining budget and raises its interrupt budget (`shortRunJit`): the
   * same files, sooner. Leave it off in a process that does anything else.
   */
  shortRunJit?: boolean;
}

/** Defaults of {@link runScenarioInWorker}. */
export const DEFAULT_RUN_SCENARIO_IN_WORKER_OPTIONS: Readonly<RunScenarioInWorkerOptions> = Object.freeze({
  allowedFolders: [],
  threads: 1,
  siting: false,
  minParallelPairs: undefined,
  shortRunJit: false,
  memoryBudgetBytes: undefined,
});

/**
 * `runScenario` with the computing on a worker thread ({@link runTaskInWorker}): the same files,
 * byte for byte, written all at once into `outFolder`, and the terminal and JSON summaries made
 * beside them. The caller's thread only waits, so a Ctrl-C (`signal`) is taken at once and stops
 * the worker mid-step — a solve in the caller's thread (HiGHS, a local search) would hold the
 * event loop until its next await, seconds on the bundled case. The folder is locked from the
 * start, so an unusable folder is refused before any work and two runs cannot interleave.
 *
 * @example
 * const { written, text } = await runScenarioInWorker('data/liaoning/today.json', 'out', { signal, threads: 2 });
 * process.stdout.write(text);
 */
export async function runScenarioInWorker(
  scenarioPath: string,
  outFolder: string,
  options: RunScenarioInWorkerOptions = {},
): Promise<{ written: string[]; text: string; summaryJson: string; inputFiles: string[] }> {
  const { allowedFolders, signal, onProgress, threads, siting, minParallelPairs, shortRunJit, memoryBudgetBytes } = resolveOptions(DEFAULT_RUN_SCENARIO_IN_WORKER_OPTIONS, options);
  if (shortRunJit) shortRunWasmTiering();
  const { result, written } = await runTaskInWorker(
    SCENARIO_COVERAGE_TASK,
    { kind: 'scenarioCoverage', scenarioPath, allowedFolders: [...(allowedFolders ?? [])], outFolder, summary: true, threads, siting, minParallelPairs, render: true, shortRunJit, memoryBudgetBytes },
    outFolder,
    { signal, onProgress, label: `scenario ${scenarioPath}`, file: scenarioPath },
  );
  return { written, text: result.summary!.text, summaryJson: result.summary!.json, inputFiles: result.inputFiles ?? [] };
}
