import { setMaxListeners } from 'node:events';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { basename, join } from 'node:path';
import { AirreachError, type ErrorCode, type ErrorLocation } from '../errors.js';
import { writeFilesAtomic } from '../io/writeFileAtomic.js';
import { createPool, type AirreachPool } from '../engine/createPool.js';
import { serializeTaskError } from '../engine/taskError.js';
import type { ScenarioCoverageResult, ScenarioCoverageTask } from './scenarioCoverage.js';
import { SCENARIO_COVERAGE_TASK } from './scenarioCoverageTaskKind.js';
import { access } from 'node:fs/promises';
import { readInputText } from '../io/readInputFile.js';
import { parseJsonText } from '../io/parseJsonText.js';
import { loadScenario } from '../scenario/loadScenario.js';
import { scenarioFingerprint } from '../scenario/scenarioFingerprint.js';
import { resolveOptions } from '../resolveOptions.js';
import { unpackOutputFiles } from './packOutputFiles.js';
import type { OutputFiles } from '../streamedText.js';
import { batchLabels } from './batchLabels.js';
import { lockOutputFolder } from '../io/outputFolder.js';
import { checkScenarioOutputFolder } from '../scenario/checkScenarioOutputFolder.js';
import type { ProgressEvent } from '../scenario/runCoverage.js';

/** A progress event of a batch: scenarios finished (`done`) of `total`, and what just happened. */
export interface BatchProgressEvent {
  step: string;
  done: number;
  total: number;
  /** The scenario the event is about (file name without `.json`). */
  label: string;
  /** A warning of the scenario's, sent as it comes (see `ProgressEvent`): the scenario goes on. */
  warning?: string;
}

/** Options of {@link runBatch}. */
export interface RunBatchOptions {
  /** Each scenario's files go to `<outFolder>/<scenario name>/`. Required. */
  outFolder: string;
  /** Scenarios in flight at once; default: the pool's threads (at least 1). */
  concurrency?: number;
  /** The pool to run on; without one, a pool of `threads` is made for the batch and closed after. */
  pool?: AirreachPool;
  threads?: number;
  /** Folders scenario paths may point into (see `loadScenario`). */
  allowedFolders?: string[];
  /** Cancels the batch: running scenarios are stopped, none not yet written is written. */
  signal?: AbortSignal;
  onProgress?: (event: BatchProgressEvent) => void;
  /** Skip a scenario whose inputs are unchanged since its last complete output (default true). */
  resume?: boolean;
  /** Most memory the coverage and siting matrices, and one siting question's solve, may each take, bytes (`--memory-budget`), for every scenario; default: the scenario's `memoryBudget`, else 2 GiB. */
  memoryBudgetBytes?: number;
}

/** Defaults of {@link runBatch}. */
export const DEFAULT_RUN_BATCH_OPTIONS = {
  concurrency: undefined as number | undefined,
  threads: undefined as number | undefined,
  allowedFolders: [] as string[],
  resume: true,
  memoryBudgetBytes: undefined as number | undefined,
};

/** Written last into a scenario's output folder: what the outputs were made from. */
export const RUN_MANIFEST = 'run.json';

/** What became of one scenario of a batch. */
export interface BatchScenarioResult {
  scenarioPath: string;
  label: string;
  outFolder: string;
  /** `skipped`: its inputs are unchanged since its last complete output (resumed batch). */
  status: 'done' | 'failed' | 'skipped';
  /** Files written (absolute or as `outFolder` was given), when done. */
  written?: string[];
  cells?: number;
  /** The error as plain data (`AirreachError.toJSON()`), when failed. */
  error?: { name: string; code: ErrorCode; message: string; where: ErrorLocation; value: string };
}

/** The result of {@link runBatch}, in the order of the scenario paths. */
export interface BatchResult {
  scenarios: BatchScenarioResult[];
  failed: number;
}

/**
 * Runs many scenarios over the engine pool, `concurrency` at a time: each scenario runs start
 * to end in one worker (everything `airreach run` computes, files as text), and its files are
 * written here all at once (`writeFilesAtomic`) into `<outFolder>/<name>/`, followed by a
 * `run.json` manifest with the fingerprint of its inputs. With `resume` (default), a scenario
 * whose manifest matches its inputs' fingerprint and whose outputs all exist is skipped, so a
 * rerun after an interruption only computes what is missing or changed. A scenario
 * that fails (bad file, bad site, a crashed worker) is reported with its error and does not stop
 * the others. On abort, running scenarios are stopped at once, nothing more is written, and the
 * promise rejects with `E_ABORTED`; scenarios already finished keep their complete outputs.
 *
 * @example
 * const result = await runBatch(['a.json', 'b.json'], { outFolder: 'out', concurrency: 2, onProgress: (e) => bar.update(e) });
 * result.scenarios.filter((s) => s.status === 'failed').map((s) => s.error?.message);
 */
export async function runBatch(scenarioPaths: readonly string[], options: RunBatchOptions): Promise<BatchResult> {
  const settings = resolveOptions(DEFAULT_RUN_BATCH_OPTIONS, options);
  if (typeof settings.outFolder !== 'string' || settings.outFolder === '') {
    throw new AirreachError('E_OPTION', 'runBatch needs an outFolder', { value: settings.outFolder, where: { field: 'outFolder' } });
  }
  const { signal } = settings;
  signal?.throwIfAborted();
  const pool = options.pool ?? createPool({ threads: settings.threads });
  pool.register(SCENARIO_COVERAGE_TASK);
  const concurrency = settings.concurrency ?? Math.max(1, pool.threads);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new AirreachError('E_OPTION', 'concurrency must be a whole number ≥ 1', { value: concurrency, where: { field: 'concurrency' } });
  }
  const labels = batchLabels(scenarioPaths);
  const total = scenarioPaths.length;
  const results: BatchScenarioResult[] = new Array(total);
  let done = 0;
  let next = 0;
  const progress = (step: string, label: string) => settings.onProgress?.({ step, done, total, label });
  if (signal) setMaxListeners(concurrency + 8, signal);

  // Input files may change between batches, never during one: hash each file once per batch.
  const fileHashes = new Map<string, Promise<string>>();
  const runOne = async (k: number): Promise<void> => {
    const scenarioPath = scenarioPaths[k];
    const label = labels[k];
    const outFolder = join(settings.outFolder, label);
    progress(`${label}: started`, label);
    // Rendered, not packed: the files are written by this process, and arrive moved, not copied.
    const task: ScenarioCoverageTask = { kind: 'scenarioCoverage', scenarioPath, allowedFolders: settings.allowedFolders, render: true, memoryBudgetBytes: settings.memoryBudgetBytes };
    try {
      // The fingerprint is taken before computing, so an input edited during the run is seen next time.
      const loaded = await loadScenario(scenarioPath, { allowedFolders: settings.allowedFolders });
      const { fingerprint, files: inputFiles } = await scenarioFingerprint(loaded, {
        cache: fileHashes,
      });
      if (settings.resume && (await completeOutput(outFolder, fingerprint))) {
        results[k] = { scenarioPath, label, outFolder, status: 'skipped' };
      } else {
        // Its folder is checked before it computes: a file of the user's under an output's name fails it now, not after.
        await checkScenarioOutputFolder(loaded, outFolder, { extraNames: [RUN_MANIFEST] });
        // The scenario's own steps stay in its thread; its warnings are the batch's to show now.
        const channel = new MessageChannel();
        const onEvent = (event: ProgressEvent) => {
          if (event.warning !== undefined) settings.onProgress?.({ step: `${label}: ${event.step}`, done, total, label, warning: event.warning });
        };
        channel.port1.on('message', onEvent);
        const reporting: ScenarioCoverageTask = { ...task, progressPort: channel.port2 };
        let result: ScenarioCoverageResult;
        try {
          result = await pool.run<ScenarioCoverageResult>(reporting, { label: `scenario ${scenarioPath}`, signal, transferList: [channel.port2] });
        } finally {
          // A scenario run in this thread (a 1-thread pool) may end before the event loop has
          // handed its events over: take those still queued, then close.
          for (let queued = receiveMessageOnPort(channel.port1); queued; queued = receiveMessageOnPort(channel.port1)) onEvent(queued.message as ProgressEvent);
          channel.port1.close();
        }
        const written = await writeScenarioOutput(outFolder, unpackOutputFiles(result.files), { fingerprint, scenario: scenarioPath, inputs: inputFiles }, signal);
        results[k] = { scenarioPath, label, outFolder, status: 'done', written, cells: result.cells };
      }
    } catch (error) {
      if (signal?.aborted) throw error;
      results[k] = { scenarioPath, label, outFolder, status: 'failed', error: serializeTaskError(error) };
    }
    done++;
    progress(`${label}: ${results[k].status}`, label);
  };
  const lane = async (): Promise<void> => {
    while (next < total) {
      signal?.throwIfAborted();
      await runOne(next++);
    }
  };
  let lock: ReturnType<typeof lockOutputFolder> | undefined;
  try {
    // One lock on the batch's folder for the whole batch: its scenarios' writes share it.
    lock = lockOutputFolder(settings.outFolder);
    const lanes = await Promise.allSettled(Array.from({ length: Math.min(concurrency, total) }, lane));
    if (signal?.aborted) {
      throw new AirreachError('E_ABORTED', `the batch was cancelled after ${done} of ${total} scenarios: their outputs are complete, the unfinished scenarios wrote nothing`, {
        value: done,
        cause: signal.reason,
      });
    }
    const crash = lanes.find((lane): lane is PromiseRejectedResult => lane.status === 'rejected');
    if (crash) throw crash.reason;
    return { scenarios: results, failed: results.filter((r) => r.status === 'failed').length };
  } finally {
    lock?.release();
    if (!options.pool) await pool.close();
  }
}

/** What a scenario's `run.json` manifest records besides the outputs: its inputs' fingerprint and files. */
export interface RunManifestInputs {
  fingerprint: string;
  scenario: string;
  inputs: string[];
}

/**
 * Writes one batch scenario's files and its `run.json` manifest into `outFolder` in one
 * all-or-nothing write (`writeFilesAtomic`): the manifest exists only beside the complete set of
 * outputs it lists, which is what lets a rerun skip the scenario. A local batch and a queue batch
 * write through here, so their folders hold the same bytes. Returns the outputs written (the
 * manifest not included).
 *
 * @example
 * await writeScenarioOutput('out/today', unpackOutputFiles(packed), { fingerprint, scenario, inputs });
 */
export async function writeScenarioOutput(outFolder: string, files: OutputFiles, manifest: RunManifestInputs, signal?: AbortSignal): Promise<string[]> {
  const outputs = Object.keys(files).sort();
  const written = await writeFilesAtomic(outFolder, { ...files, [RUN_MANIFEST]: `${JSON.stringify({ ...manifest, outputs }, null, 2)}\n` }, { signal, inputFiles: manifest.inputs });
  return written.filter((path) => basename(path) !== RUN_MANIFEST);
}

/**
 * True when `folder` holds a manifest with this fingerprint and every output it lists.
 *
 * @example
 * if (await completeOutput('out/today', fingerprint)) return 'skipped';
 */
export async function completeOutput(folder: string, fingerprint: string): Promise<boolean> {
  try {
    // Read as an input (a regular file, bounded): anyone may have put anything there.
    const path = join(folder, RUN_MANIFEST);
    const manifest = parseJsonText(await readInputText(path, { maxBytes: 2 ** 20 }), path) as { fingerprint?: string; outputs?: string[] };
    if (manifest.fingerprint !== fingerprint || !Array.isArray(manifest.outputs)) return false;
    // Existence is enough (the files were renamed into place whole): no need to read 60 MB of maps.
    await Promise.all(manifest.outputs.map((name) => access(join(folder, name))));
    return true;
  } catch {
    return false;
  }
}
