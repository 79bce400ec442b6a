import { parseByteSize } from '../parseByteSize.js';
import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { AirreachError, isAirreachError } from '../errors.js';
import { resolveOptions } from '../resolveOptions.js';
import { queueNameProblem } from './queueNameProblem.js';
import { createPool, isWorkerOutOfMemory, type AirreachPool } from '../engine/createPool.js';
import type { ProgressEvent } from '../scenario/runCoverage.js';
import type { ScenarioCoverageResult, ScenarioCoverageTask } from './scenarioCoverage.js';
import { SCENARIO_COVERAGE_TASK } from './scenarioCoverageTaskKind.js';
import { connectRedis, putBlob, reachRedis } from './redisBlobs.js';
import { DEFAULT_QUEUE_NAME, makeJobFolder, resultBlobKey, unbundleScenario, type ScenarioJobData, type ScenarioJobProgress, type ScenarioJobResult } from './scenarioJob.js';

/** Options of {@link runQueueWorker}. */
export interface QueueWorkerOptions {
  /** Jobs run at once (each on its own worker thread). */
  threads?: number;
  /** The queue's name in Redis. */
  queueName?: string;
  /**
   * How long a job's lock lasts without renewal (a live worker renews it every half of this):
   * a worker that dies (kill -9, power) loses its jobs to the others after at most about this
   * long plus the stalled-check interval (the same length).
   */
  lockMs?: number;
  /** Most JS heap of one worker thread, MiB (0: Node's default); a job needing more fails that attempt (`E_MEMORY_BUDGET`, naming the limit). */
  workerHeapMiB?: number;
  /** How long to wait for Redis at the start before giving up (`E_QUEUE`), ms; later outages are waited out. */
  connectTimeoutMs?: number;
  /** This worker's name in progress events and failures (default host name and process id). */
  name?: string;
  /** Called on every job's start, warning (each once), end or failure (for the command's log). */
  onEvent?: (event: QueueWorkerEvent) => void;
}

/** What a worker reports about a job. */
export interface QueueWorkerEvent {
  jobId: string;
  label: string;
  /** `warning`: one of the scenario's warnings (in `message`), as the coordinator prints it; the job goes on. */
  status: 'started' | 'warning' | 'done' | 'failed';
  message?: string;
}

/** Defaults of {@link runQueueWorker}: one job per available core, locks of 30 s. */
export const DEFAULT_QUEUE_WORKER_OPTIONS = {
  threads: 1,
  queueName: DEFAULT_QUEUE_NAME,
  lockMs: 30_000,
  workerHeapMiB: 0,
  connectTimeoutMs: 15_000,
  name: `${hostname()}:${process.pid}`,
};

/** Error codes of a job's inputs: the same files fail the same way on every worker, so they are not retried. */
const INPUT_CODES = new Set([
  'E_FILE_READ', 'E_JSON_SYNTAX', 'E_GEOJSON', 'E_GEOMETRY', 'E_COORDINATE', 'E_PROPERTY', 'E_EMPTY', 'E_DUPLICATE_ID',
  'E_OPTION', 'E_RESOLUTION', 'E_CELL_BUDGET', 'E_MEMORY_BUDGET', 'E_AIRCRAFT', 'E_SITE', 'E_SITE_CONFLICT', 'E_SITE_COUNT',
  'E_MODEL', 'E_SCENARIO', 'E_EXTENDS_CYCLE', 'E_PATH', 'E_CAPACITY', 'E_INFEASIBLE', 'E_MATRIX', 'E_INDEX',
]);

/** A running queue worker: close it to stop taking jobs (running jobs finish first). */
export interface QueueWorkerHandle {
  readonly name: string;
  close(): Promise<void>;
}

/**
 * Runs a job's scenario on the pool with a progress port: its own steps stay in its thread (the
 * job's steps are the worker's), its warnings go to the coordinator as they come, each once, as
 * progress events of the job, and back with the result. The task had no port, so a question whose
 * HiGHS model may not fit or a long refuelling scan was said nowhere on a queue batch.
 */
async function runReporting(
  job: Job<ScenarioJobData, ScenarioJobResult>,
  pool: AirreachPool,
  task: ScenarioCoverageTask,
  worker: string,
  onWarning: (warning: string) => void,
): Promise<{ result: ScenarioCoverageResult; warnings: string[] }> {
  const warnings: string[] = [];
  const sent: Array<Promise<unknown>> = [];
  const onEvent = (event: ProgressEvent) => {
    if (event.warning === undefined || warnings.includes(event.warning)) return;
    warnings.push(event.warning);
    onWarning(event.warning);
    // A lost event loses no warning: it goes back with the result too.
    sent.push(job.updateProgress({ step: 'computing', worker, warning: event.warning } satisfies ScenarioJobProgress).catch(() => undefined));
  };
  const channel = new MessageChannel();
  channel.port1.on('message', onEvent);
  try {
    const reporting: ScenarioCoverageTask = { ...task, progressPort: channel.port2 };
    const result = await pool.run<ScenarioCoverageResult>(reporting, { label: `scenario ${job.data.label}`, transferList: [channel.port2] });
    return { result, warnings };
  } finally {
    // The task's last events may still be queued when its result is in: take them before closing.
    for (let queued = receiveMessageOnPort(channel.port1); queued; queued = receiveMessageOnPort(channel.port1)) onEvent(queued.message as ProgressEvent);
    channel.port1.close();
    await Promise.all(sent);
  }
}

/**
 * Takes scenario jobs from a BullMQ queue in Redis and runs them on a worker-thread pool of its
 * own, `threads` at a time: each job's inputs are fetched from Redis into a scratch folder, the
 * scenario is computed as a local batch computes it (everything `airreach run` does), and its
 * files are packed and stored back in Redis for the coordinator (`runQueueBatch`) to write. A
 * job's progress events name its step and this worker, and carry the scenario's warnings as they
 * come (kept in the job's result too, see `ScenarioJobResult.warnings`). Input errors fail the job at once
 * (BullMQ's unrecoverable failure: the same files would fail everywhere); other failures (a
 * thread out of memory) are retried up to the job's attempts, possibly on another worker; a
 * worker that dies mid-job loses it to the others once its lock lapses (stalled-job recovery).
 * The pool always has worker threads (at least 2), so a long job never blocks the lock
 * renewals of this process's event loop.
 *
 * @example
 * const worker = await runQueueWorker('redis://127.0.0.1:6379', { threads: 2 });
 * process.on('SIGTERM', () => worker.close());
 */
export async function runQueueWorker(redisUrl: string, options: QueueWorkerOptions = {}): Promise<QueueWorkerHandle> {
  const settings = resolveOptions(DEFAULT_QUEUE_WORKER_OPTIONS, options);
  const queueProblem = queueNameProblem(settings.queueName);
  if (queueProblem !== undefined) {
    throw new AirreachError('E_OPTION', `the queue name cannot be used: ${queueProblem}`, { value: settings.queueName, where: { field: 'queueName' }, expected: 'a name without ":", e.g. "airreach" or "provinces-2026"' });
  }
  if (!Number.isInteger(settings.threads) || settings.threads < 1) {
    throw new AirreachError('E_OPTION', 'threads must be a whole number ≥ 1', { value: settings.threads, where: { field: 'threads' } });
  }
  if (!(settings.lockMs >= 1000)) {
    throw new AirreachError('E_OPTION', 'the lock must last at least 1 s', { value: settings.lockMs, where: { field: 'lockMs' }, expected: 'milliseconds ≥ 1000' });
  }
  const redis = connectRedis(redisUrl, { name: `airreach-worker ${settings.name}` });
  try {
    await reachRedis(redis, redisUrl, settings.connectTimeoutMs);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  const pool = createPool({ threads: Math.max(2, settings.threads), workerHeapMiB: settings.workerHeapMiB });
  pool.register(SCENARIO_COVERAGE_TASK);
  const { queueName, name } = settings;

  const processJob = async (job: Job<ScenarioJobData, ScenarioJobResult>): Promise<ScenarioJobResult> => {
    const data = job.data;
    const progress = (step: ScenarioJobProgress['step']) => job.updateProgress({ step, worker: name } satisfies ScenarioJobProgress);
    settings.onEvent?.({ jobId: String(job.id), label: data.label, status: 'started' });
    // Made inside the try: a folder that cannot be made is the job's failure, logged and retried as any other.
    let folder: string | undefined;
    try {
      folder = await makeJobFolder();
      await progress('inputs');
      const scenarioPath = await unbundleScenario(redis, queueName, data.bundle, folder);
      await progress('computing');
      // A budget over this worker's memory is one it could never give (E_OPTION: not retried).
      const memoryBudgetBytes = data.memoryBudgetBytes === undefined ? undefined : parseByteSize(data.memoryBudgetBytes, { where: { field: '--memory-budget' } });
      const { result, warnings } = await runReporting(job, pool, { kind: 'scenarioCoverage', scenarioPath, allowedFolders: [folder], memoryBudgetBytes }, name, (warning) =>
        settings.onEvent?.({ jobId: String(job.id), label: data.label, status: 'warning', message: warning }),
      );
      await progress('storing');
      const files = [];
      for (const file of result.files) {
        // The task was not asked to render: every file is gzip-packed.
        if (!('gzip' in file)) throw new AirreachError('E_OUTPUT', `${file.name} came back unpacked`, { value: file.name });
        const key = resultBlobKey(queueName, String(job.id), file.name);
        await putBlob(redis, key, file.gzip, data.resultTtlSeconds);
        files.push({ name: file.name, bytes: file.bytes, sha256: file.sha256, gzipBytes: file.gzip.byteLength, key });
      }
      await progress('stored');
      settings.onEvent?.({ jobId: String(job.id), label: data.label, status: 'done' });
      return { files, cells: result.cells, ...(warnings.length > 0 ? { warnings } : {}) };
    } catch (error) {
      const message = `${error instanceof Error ? error.message : String(error)} (worker ${name}, attempt ${job.attemptsMade + 1})`;
      settings.onEvent?.({ jobId: String(job.id), label: data.label, status: 'failed', message });
      // A thread out of memory is retried (another worker may have more); an estimate's refusal is the input's.
      if (isAirreachError(error) && INPUT_CODES.has(error.code) && !isWorkerOutOfMemory(error)) throw new UnrecoverableError(message);
      throw new Error(message);
    } finally {
      if (folder !== undefined) await rm(folder, { recursive: true, force: true }).catch(() => undefined);
    }
  };

  const worker = new Worker<ScenarioJobData, ScenarioJobResult>(queueName, processJob, {
    connection: redis,
    concurrency: settings.threads,
    lockDuration: settings.lockMs,
    stalledInterval: settings.lockMs,
    // A job whose worker died three times (kill -9, out of memory of the process) fails.
    maxStalledCount: 3,
    name,
  });
  // BullMQ reports connection trouble here while it reconnects; the jobs' own failures are recorded on the jobs.
  worker.on('error', () => undefined);
  await worker.waitUntilReady();
  return {
    name,
    close: async () => {
      await worker.close();
      await pool.close();
      redis.disconnect();
    },
  };
}
