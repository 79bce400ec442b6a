import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { AirreachError, ERROR_CODES, isAirreachError, type ErrorCode } from '../errors.js';
import { resolveOptions } from '../resolveOptions.js';
import { queueNameProblem } from './queueNameProblem.js';
import { RUN_MANIFEST, completeOutput, writeScenarioOutput, type BatchProgressEvent, type BatchResult, type BatchScenarioResult } from './runBatch.js';
import { serializeTaskError } from '../engine/taskError.js';
import { loadScenario, type LoadedScenario } from '../scenario/loadScenario.js';
import { checkScenarioOutputFolder } from '../scenario/checkScenarioOutputFolder.js';
import { scenarioFingerprint } from '../scenario/scenarioFingerprint.js';
import { unpackOutputFiles, type PackedFile } from './packOutputFiles.js';
import { connectRedis, getBlob, reachRedis } from './redisBlobs.js';
import { bundleScenario, DEFAULT_QUEUE_NAME, variantFingerprint, type ScenarioJobData, type ScenarioJobProgress, type ScenarioJobResult } from './scenarioJob.js';
import { batchLabels } from './batchLabels.js';
import { lockOutputFolder } from '../io/outputFolder.js';

/** Options of {@link runQueueBatch}. */
export interface RunQueueBatchOptions {
  /** Each scenario's files go to `<outFolder>/<scenario name>/`, as in a local batch. Required. */
  outFolder: string;
  /** The queue's name in Redis (workers must use the same). */
  queueName?: string;
  /** Folders scenario paths may point into (see `loadScenario`). */
  allowedFolders?: string[];
  /** Skip a scenario whose output folder is complete for its inputs (default true). */
  resume?: boolean;
  /** Attempts per job: failures other than bad input are retried, possibly on another worker. */
  attempts?: number;
  /** Seconds the inputs, jobs and results stay in Redis (a rerun within it fetches instead of recomputing). */
  ttlSeconds?: number;
  /** How often the coordinator looks at its jobs, ms. */
  pollMs?: number;
  /** A job Redis lost (restarted without persistence) is enqueued again at most this many times. */
  maxRequeues?: number;
  /** How long to wait for Redis at the start before giving up (`E_QUEUE`), ms. */
  connectTimeoutMs?: number;
  /** Cancels waiting (exit 130): queued jobs stay, and a rerun picks up their results. */
  signal?: AbortSignal;
  onProgress?: (event: BatchProgressEvent) => void;
  /** Most memory the coverage and siting matrices, and one siting question's solve, may each take, bytes (`--memory-budget`), carried by every job (a failed job is retried with it); default: the scenario's `memoryBudget`, else 2 GiB. */
  memoryBudgetBytes?: number;
}

/** Defaults of {@link runQueueBatch}. */
export const DEFAULT_RUN_QUEUE_BATCH_OPTIONS = {
  queueName: DEFAULT_QUEUE_NAME,
  allowedFolders: [] as string[],
  resume: true,
  attempts: 3,
  ttlSeconds: 7 * 86_400,
  pollMs: 250,
  maxRequeues: 2,
  connectTimeoutMs: 15_000,
  memoryBudgetBytes: undefined as number | undefined,
};

interface Pending {
  indexes: number[];
  data: ScenarioJobData;
  loaded: LoadedScenario;
  inputFiles: string[];
  requeues: number;
}

/**
 * A scenario that exists only in memory, e.g. a sweep variant (`expandSweep`): its label names
 * its output folder; its job id is its file's fingerprint with the variant itself.
 */
export interface QueueScenario {
  label: string;
  loaded: LoadedScenario;
}

/**
 * Runs a batch of scenarios (files, or in-memory variants such as a sweep's) on queue workers
 * (`airreach worker`) through BullMQ and Redis, and writes each result into `<outFolder>/<name>/`
 * exactly as `runBatch` does (same files, same bytes, same `run.json`). Each scenario becomes one job whose id is its input fingerprint, so
 * a scenario queued twice (a duplicate in the batch, or a rerun while its job or results are
 * still in Redis) is computed once. Inputs travel through Redis (stored by content); results
 * come back through Redis, packed, and are checked when written. Progress comes from the
 * workers' progress events; so do the scenarios' warnings (`BatchProgressEvent.warning`, with the
 * scenario's label), as a local batch passes them on, each once per job, or from the job's results
 * when no event brought them (results an earlier batch left in Redis). A job that fails every attempt, has bad input, or that Redis lost
 * more than `maxRequeues` times ends `failed` with its reason; the others go on. Resolves with
 * every scenario's outcome, in input order.
 *
 * @example
 * const result = await runQueueBatch(['a.json', 'b.json'], 'redis://127.0.0.1:6379', { outFolder: 'out' });
 * if (result.failed > 0) process.exitCode = 1;
 */
export async function runQueueBatch(scenarios: readonly (string | QueueScenario)[], redisUrl: string, options: RunQueueBatchOptions): Promise<BatchResult> {
  const settings = resolveOptions(DEFAULT_RUN_QUEUE_BATCH_OPTIONS, options);
  const queueProblem = queueNameProblem(settings.queueName);
  if (queueProblem !== undefined) {
    throw new AirreachError('E_OPTION', `the queue name cannot be used: ${queueProblem}`, { value: settings.queueName, where: { field: 'queueName' }, expected: 'a name without ":", e.g. "airreach" or "provinces-2026"' });
  }
  if (typeof settings.outFolder !== 'string' || settings.outFolder === '') {
    throw new AirreachError('E_OPTION', 'a queue batch needs an outFolder', { value: settings.outFolder, where: { field: 'outFolder' } });
  }
  if (!Number.isInteger(settings.attempts) || settings.attempts < 1) {
    throw new AirreachError('E_OPTION', 'attempts must be a whole number ≥ 1', { value: settings.attempts, where: { field: 'attempts' } });
  }
  const { signal, queueName, ttlSeconds } = settings;
  signal?.throwIfAborted();
  const redis = connectRedis(redisUrl, { name: 'airreach-coordinator' });
  const eventsRedis = connectRedis(redisUrl, { name: 'airreach-coordinator-events' });
  let queue: Queue | undefined;
  let events: QueueEvents | undefined;
  let lock: ReturnType<typeof lockOutputFolder> | undefined;
  const total = scenarios.length;
  let done = 0;
  try {
    // The batch's folder is locked for the whole batch, as a local batch's is: two coordinators cannot interleave.
    lock = lockOutputFolder(settings.outFolder);
    await reachRedis(redis, redisUrl, settings.connectTimeoutMs);
    queue = new Queue(queueName, { connection: redis });
    queue.on('error', () => undefined);
    // A short blocking read: closing waits for the one in flight.
    events = new QueueEvents(queueName, { connection: eventsRedis, blockingTimeout: 500 });
    events.on('error', () => undefined);

    // Output folders: a file's name, or a variant's label made safe as a folder name.
    const labels = batchLabels(scenarios.map((entry) => (typeof entry === 'string' ? entry : `${entry.label.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'variant'}.json`)));
    const scenarioPaths = scenarios.map((entry) => (typeof entry === 'string' ? entry : entry.loaded.file));
    const results: BatchScenarioResult[] = new Array(total);
    const progress = (step: string, label: string) => settings.onProgress?.({ step, done, total, label });
    const finish = (k: number, result: BatchScenarioResult) => {
      results[k] = result;
      done++;
      progress(`${result.label}: ${result.status}`, result.label);
    };

    // Enqueue: one job per distinct fingerprint.
    const pending = new Map<string, Pending>();
    // Each job's warnings said so far: one said by a progress event is not said again from the
    // results, nor a retried attempt's again.
    const warned = new Map<string, Set<string>>();
    const warn = (jobId: string, label: string, warning: string) => {
      const said = warned.get(jobId) ?? new Set<string>();
      warned.set(jobId, said);
      if (said.has(warning)) return;
      said.add(warning);
      settings.onProgress?.({ step: `${label}: computing`, done, total, label, warning });
    };
    // Listened to before the first job is queued: a job taken at once sent its first steps (and
    // warnings) before the listener was there, and they were lost.
    events.on('progress', ({ jobId, data }) => {
      const label = pending.get(jobId)?.data.label;
      const event = data as Partial<ScenarioJobProgress>;
      if (!label) return;
      if (typeof event.warning === 'string') warn(jobId, label, event.warning);
      else if (typeof event.step === 'string') progress(`${label}: ${event.step} (worker ${String(event.worker)})`, label);
    });

    const fileHashes = new Map<string, Promise<string>>();
    const fileBytes = new Map<string, Promise<Buffer>>();
    for (const [k, entry] of scenarios.entries()) {
      signal?.throwIfAborted();
      const scenarioPath = scenarioPaths[k];
      const label = labels[k];
      const outFolder = join(settings.outFolder, label);
      try {
        const loaded = typeof entry === 'string' ? await loadScenario(entry, { allowedFolders: settings.allowedFolders }) : entry.loaded;
        const own = await scenarioFingerprint(loaded, { cache: fileHashes });
        const fingerprint = typeof entry === 'string' ? own.fingerprint : variantFingerprint(own.fingerprint, loaded);
        const inputFiles = own.files;
        if (settings.resume && (await completeOutput(outFolder, fingerprint))) {
          finish(k, { scenarioPath, label, outFolder, status: 'skipped' });
          continue;
        }
        // Its folder is checked before it is queued: a file of the user's under an output's name fails it now, not after.
        await checkScenarioOutputFolder(loaded, outFolder, { extraNames: [RUN_MANIFEST] });
        const known = pending.get(fingerprint);
        if (known) {
          known.indexes.push(k);
          continue;
        }
        const bundle = await bundleScenario(redis, queueName, loaded, ttlSeconds, fileBytes);
        const data: ScenarioJobData = { kind: 'scenario', label, fingerprint, bundle, resultTtlSeconds: ttlSeconds, ...(settings.memoryBudgetBytes !== undefined ? { memoryBudgetBytes: settings.memoryBudgetBytes } : {}) };
        pending.set(fingerprint, { indexes: [k], data, loaded, inputFiles, requeues: 0 });
        await enqueue(queue, data, settings.attempts, ttlSeconds);
        progress(`${label}: queued`, label);
      } catch (error) {
        if (signal?.aborted) throw error;
        finish(k, { scenarioPath, label, outFolder, status: 'failed', error: serializeTaskError(error) });
      }
    }

    // Wait: the jobs' states are polled (events only show progress), so a missed event or a
    // reconnection never loses a result.
    while (pending.size > 0) {
      signal?.throwIfAborted();
      for (const [jobId, entry] of [...pending.entries()]) {
        const seen = await Job.fromId<ScenarioJobData, ScenarioJobResult>(queue, jobId);
        const state = seen ? await seen.getState() : 'unknown';
        // Read again once it is completed or failed (final until retried): the job read above may
        // be from before it got there, without its results (the job was taken as results lost,
        // removed and computed again: seen on a queue batch of two 3 s scenarios) or its last
        // attempt's reason and count (a batch recorded "after 1 attempt(s)" and the first reason).
        const job = state === 'completed' || state === 'failed' ? ((await Job.fromId<ScenarioJobData, ScenarioJobResult>(queue, jobId)) ?? seen) : seen;
        if (state === 'completed') {
          const packed = await fetchResults(redis, job!.returnvalue);
          if (packed === null) {
            // The job is there but its results are gone: compute it again.
            await job!.remove().catch(() => undefined);
            await requeue(jobId, entry, 'its results are no longer in Redis');
            continue;
          }
          // Those its events did not bring (results of an earlier batch, an event missed).
          for (const warning of resultWarnings(job!.returnvalue)) warn(jobId, entry.data.label, warning);
          for (const k of entry.indexes) {
            const outFolder = join(settings.outFolder, labels[k]);
            try {
              const written = await writeScenarioOutput(outFolder, unpackOutputFiles(packed), { fingerprint: jobId, scenario: scenarioPaths[k], inputs: entry.inputFiles }, signal);
              finish(k, { scenarioPath: scenarioPaths[k], label: labels[k], outFolder, status: 'done', written, cells: job!.returnvalue.cells });
            } catch (error) {
              if (signal?.aborted) throw error;
              finish(k, { scenarioPath: scenarioPaths[k], label: labels[k], outFolder, status: 'failed', error: serializeTaskError(error) });
            }
          }
          pending.delete(jobId);
        } else if (state === 'failed') {
          const reason = job!.failedReason || 'the job failed';
          const error = jobError(reason, job!.attemptsMade, settings.attempts);
          for (const k of entry.indexes) finish(k, { scenarioPath: scenarioPaths[k], label: labels[k], outFolder: join(settings.outFolder, labels[k]), status: 'failed', error });
          pending.delete(jobId);
        } else if (state === 'unknown') {
          await requeue(jobId, entry, 'Redis lost the job (restarted without persistence, or the key expired)');
        }
      }
      if (pending.size > 0) await sleep(settings.pollMs, undefined, signal ? { signal } : {}).catch(() => undefined);
    }
    return { scenarios: results, failed: results.filter((r) => r.status === 'failed').length };

    // Puts a lost job back (with its inputs, which Redis may have lost too), or fails its scenarios.
    async function requeue(jobId: string, entry: Pending, why: string): Promise<void> {
      entry.requeues++;
      if (entry.requeues > settings.maxRequeues) {
        const error = serializeTaskError(new AirreachError('E_QUEUE', `${why}; gave up after ${settings.maxRequeues} requeues`, { value: jobId }));
        for (const k of entry.indexes) finish(k, { scenarioPath: scenarioPaths[k], label: labels[k], outFolder: join(settings.outFolder, labels[k]), status: 'failed', error });
        pending.delete(jobId);
        return;
      }
      progress(`${entry.data.label}: queued again (${why})`, entry.data.label);
      await bundleScenario(redis, queueName, entry.loaded, ttlSeconds, fileBytes);
      await enqueue(queue!, entry.data, settings.attempts, ttlSeconds);
    }
  } catch (error) {
    // Ctrl-C or SIGTERM at any step: the signal's reason came out as it was, and the command
    // printed 'unexpected failure: Error: cancelled by SIGTERM' with a stack, exit 1.
    if (signal?.aborted && !isAirreachError(error, 'E_ABORTED')) {
      throw new AirreachError('E_ABORTED', `the queue batch was cancelled after ${done} of ${total} scenarios: their outputs are complete, the others wrote nothing (jobs already queued stay on the queue, and a rerun takes their results)`, {
        value: done,
        cause: error,
      });
    }
    throw error;
  } finally {
    lock?.release();
    await events?.close().catch(() => undefined);
    await queue?.close().catch(() => undefined);
    redis.disconnect();
    eventsRedis.disconnect();
  }
}

/**
 * Adds a scenario job, or leaves the one already there: a waiting, running or completed job
 * with this fingerprint is the same computation. A failed one is retried (a rerun is asked to
 * try again) with this run's data: a job refused over its memory budget is retried under the
 * budget the rerun gives (`--memory-budget`), not the one it failed under.
 */
async function enqueue(queue: Queue, data: ScenarioJobData, attempts: number, ttlSeconds: number): Promise<void> {
  const existing = await Job.fromId(queue, data.fingerprint);
  if (existing) {
    if ((await existing.getState()) === 'failed') {
      await existing.updateData(data);
      await existing.retry('failed');
    }
    return;
  }
  await queue.add('scenario', data, {
    jobId: data.fingerprint,
    attempts,
    backoff: { type: 'fixed', delay: 1000 },
    removeOnComplete: { age: ttlSeconds },
    removeOnFail: { age: ttlSeconds },
  });
}

/** A completed job's warnings (none from a worker before they were kept). */
function resultWarnings(result: ScenarioJobResult): string[] {
  return Array.isArray(result.warnings) ? result.warnings.filter((warning): warning is string => typeof warning === 'string') : [];
}

/** The packed files of a completed job, or null when any is missing from Redis. */
async function fetchResults(redis: Redis, result: ScenarioJobResult | undefined): Promise<PackedFile[] | null> {
  if (!result || !Array.isArray(result.files)) return null;
  const packed: PackedFile[] = [];
  for (const file of result.files) {
    const gzip = await getBlob(redis, file.key);
    if (gzip === null) return null;
    packed.push({ name: file.name, bytes: file.bytes, sha256: file.sha256, gzip: new Uint8Array(gzip.buffer, gzip.byteOffset, gzip.byteLength) });
  }
  return packed;
}

/** A failed job's reason as a batch error: the worker's error code when it gave one, else E_WORKER. */
function jobError(reason: string, attemptsMade: number, attempts: number): NonNullable<BatchScenarioResult['error']> {
  const code = /^(E_[A-Z_]+): /.exec(reason)?.[1];
  const known = code !== undefined && code in ERROR_CODES ? (code as ErrorCode) : 'E_WORKER';
  const tries = attemptsMade >= attempts ? ` — failed all ${attempts} attempts` : ` — after ${attemptsMade} attempt(s)`;
  return { name: 'AirreachError', code: known, message: `${reason}${tries}`, where: {}, value: '' };
}


