import { MessageChannel } from 'node:worker_threads';
import { createPool } from '../engine/createPool.js';
import { lockOutputFolder, type OutputLock } from '../io/outputFolder.js';
import { writeFilesAtomic } from '../io/writeFileAtomic.js';
import { resolveOptions } from '../resolveOptions.js';
import { cancelledError } from '../scenario/cancelledError.js';
import type { ProgressEvent } from '../scenario/runCoverage.js';
import { unpackOutputFiles } from './packOutputFiles.js';
import { SCENARIO_COVERAGE_TASK, type ScenarioCoverageResult, type ScenarioCoverageTask } from './scenarioCoverage.js';

/** Options of {@link runScenarioInWorker}. */
export interface RunScenarioInWorkerOptions {
  /** Extra folders the scenario may read layers from. */
  allowedFolders?: string[];
  /** Cancels the run: the worker thread is stopped at once and nothing is written. */
  signal?: AbortSignal;
  /** Progress events of the pipeline (grid, coverage per period, questions …). */
  onProgress?: (event: ProgressEvent) => void;
}

/** Defaults of {@link runScenarioInWorker}. */
export const DEFAULT_RUN_SCENARIO_IN_WORKER_OPTIONS: Readonly<RunScenarioInWorkerOptions> = Object.freeze({
  allowedFolders: [],
});

/**
 * `runScenario` with the computing on a worker thread: the same files, byte for byte, written
 * all at once into `outFolder`, and the terminal and JSON summaries made beside them. The
 * caller's thread only waits, so a Ctrl-C (`signal`) is taken at once and stops the worker
 * mid-step — a solve in the caller's thread (HiGHS, a local search) would hold the event loop
 * until its next await, seconds on the bundled case. The folder is locked from the start, so an
 * unusable folder is refused before any work and two runs cannot interleave.
 *
 * @example
 * const { written, text } = await runScenarioInWorker('data/liaoning/today.json', 'out', { signal });
 * process.stdout.write(text);
 */
export async function runScenarioInWorker(
  scenarioPath: string,
  outFolder: string,
  options: RunScenarioInWorkerOptions = {},
): Promise<{ written: string[]; text: string; summaryJson: string }> {
  const { allowedFolders, signal, onProgress } = resolveOptions(DEFAULT_RUN_SCENARIO_IN_WORKER_OPTIONS, options);
  let lock: OutputLock | undefined;
  const pool = createPool({ threads: 1, isolated: true });
  const channel = new MessageChannel();
  channel.port1.on('message', (event: ProgressEvent) => onProgress?.(event));
  try {
    signal?.throwIfAborted();
    lock = lockOutputFolder(outFolder);
    pool.register(SCENARIO_COVERAGE_TASK);
    const task: ScenarioCoverageTask = {
      kind: 'scenarioCoverage',
      scenarioPath,
      allowedFolders: [...(allowedFolders ?? [])],
      outFolder,
      summary: true,
      progressPort: channel.port2,
    };
    const result = await pool.run<ScenarioCoverageResult>(task, { label: `scenario ${scenarioPath}`, signal, transferList: [channel.port2] });
    const written = await writeFilesAtomic(outFolder, unpackOutputFiles(result.files), { signal });
    return { written, text: result.summary!.text, summaryJson: result.summary!.json };
  } catch (error) {
    // One message for Ctrl-C at any step, whether the pool or the write noticed it.
    if (signal?.aborted) throw cancelledError(signal.reason, signal, scenarioPath);
    throw error;
  } finally {
    channel.port1.close();
    lock?.release();
    await pool.close();
  }
}
