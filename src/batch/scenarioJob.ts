import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, relative, sep } from 'node:path';
import type { Redis } from 'ioredis';
import { AirreachError } from '../errors.js';
import { makeFolders, outputError } from '../io/outputFolder.js';
import { mapScenarioPaths, type LoadedScenario } from '../scenario/loadScenario.js';
import { scenarioInputFiles } from '../scenario/scenarioFingerprint.js';
import { getBlob, putBlob, touchBlob } from './redisBlobs.js';

/** The queue's name in Redis, unless `--queue` names another (several batches may share a Redis). */
export const DEFAULT_QUEUE_NAME = 'airreach';

/** One input file of a scenario job: its path relative to the bundle's root, and its content's hash. */
export interface BundledFile {
  path: string;
  sha256: string;
  bytes: number;
}

/**
 * What a worker needs to run a scenario with nothing but Redis: the scenario as resolved and every
 * file it reads (layers, sites, conditions, depots), as paths relative to the
 * nearest folder that holds them all, each stored in Redis by content ({@link inputBlobKey}).
 * The worker lays the files out in a folder of its own in the same relative places, so every
 * relative path in the scenario resolves, and the outputs (which name files relative to the
 * scenario's folder) are the same bytes as a local run's.
 */
export interface ScenarioBundle {
  /** The scenario file, relative to the bundle's root (`/` separators). */
  scenario: string;
  files: BundledFile[];
}

/** A scenario job's data (plain JSON in Redis). */
export interface ScenarioJobData {
  kind: 'scenario';
  /** The scenario's name in the batch (its file name), for messages. */
  label: string;
  /** The scenario's input fingerprint (`scenarioFingerprint`), which is also the job id. */
  fingerprint: string;
  bundle: ScenarioBundle;
  /** Seconds the job's results stay in Redis. */
  resultTtlSeconds: number;
  /** The coordinator's `--memory-budget`, bytes (checked again against the worker's memory); none: the scenario's `memoryBudget`, else 2 GiB. */
  memoryBudgetBytes?: number;
}

/** One packed output file stored in Redis by a worker (see `PackedFile`). */
export interface StoredResultFile {
  name: string;
  bytes: number;
  sha256: string;
  gzipBytes: number;
  key: string;
}

/** A scenario job's return value: where its packed files are, the grid size, and its warnings. */
export interface ScenarioJobResult {
  files: StoredResultFile[];
  cells: number;
  /**
   * The scenario's warnings (see `ProgressEvent.warning`), each once, in the order they came:
   * a coordinator that missed the job's progress events (a rerun taking the results still in
   * Redis, a reconnection) prints them when it takes the results.
   */
  warnings?: string[];
}

/**
 * A worker's progress event on a job (BullMQ `job.updateProgress`); with `warning`, one of the
 * scenario's warnings, sent as it comes (the coordinator prints it, labelled with the job's
 * scenario), while `step` is `computing`.
 */
export interface ScenarioJobProgress {
  step: 'inputs' | 'computing' | 'storing' | 'stored';
  worker: string;
  warning?: string;
}

/**
 * The Redis key of an input file's content.
 *
 * @example
 * inputBlobKey('airreach', '3fa9…'); // 'airreach:input:3fa9…'
 */
export function inputBlobKey(queueName: string, sha256: string): string {
  return `${queueName}:input:${sha256}`;
}

/**
 * The Redis key of one packed result file of a job.
 *
 * @example
 * resultBlobKey('airreach', jobId, 'summary.json');
 */
export function resultBlobKey(queueName: string, jobId: string, fileName: string): string {
  return `${queueName}:result:${jobId}:${fileName}`;
}

/**
 * Bundles a loaded scenario for the queue: the scenario as resolved (its `extends` merged, every
 * path written relative to the scenario's folder; a sweep variant exists only so) becomes a
 * file beside the original, and with every file it reads it is stored in Redis by content
 * (files already there only have their expiry renewed). Paths are relative to the nearest
 * folder that holds them all. Files are read once per batch through `cache`.
 *
 * @example
 * const bundle = await bundleScenario(redis, 'airreach', loaded, 7 * 86400);
 */
export async function bundleScenario(
  redis: Redis,
  queueName: string,
  loaded: LoadedScenario,
  ttlSeconds: number,
  cache: Map<string, Promise<Buffer>> = new Map(),
): Promise<ScenarioBundle> {
  const folder = dirname(loaded.file);
  const resolved = mapScenarioPaths(loaded.scenario, (path) => relative(folder, path).split(sep).join('/'));
  delete resolved.extends;
  const scenarioBytes = Buffer.from(`${JSON.stringify(resolved, null, 2)}\n`, 'utf8');
  // Named after the original, beside it: relative paths and the outputs' file names stay the same.
  const scenarioFile = join(folder, `${basename(loaded.file, extname(loaded.file))}.resolved.json`);
  const layerFiles = scenarioInputFiles({ ...loaded, chain: [] });
  const root = commonFolder([scenarioFile, ...layerFiles]);
  const portable = (path: string) => relative(root, path).split(sep).join('/');
  const files: BundledFile[] = [await storeInput(redis, queueName, portable(scenarioFile), scenarioBytes, ttlSeconds)];
  for (const path of layerFiles) {
    let read = cache.get(path);
    if (!read) cache.set(path, (read = readFile(path)));
    let bytes: Buffer;
    try {
      bytes = await read;
    } catch (error) {
      throw new AirreachError('E_FILE_READ', 'the layer file could not be read for the queue', { value: (error as NodeJS.ErrnoException).code, where: { file: path }, cause: error });
    }
    files.push(await storeInput(redis, queueName, portable(path), bytes, ttlSeconds));
  }
  return { scenario: portable(scenarioFile), files };
}

/**
 * The fingerprint of a scenario that exists only in memory (a sweep variant): its file's input
 * fingerprint and the variant as resolved, so that every variant is its own job.
 *
 * @example
 * const jobId = variantFingerprint(fingerprint, variant.loaded);
 */
export function variantFingerprint(fingerprint: string, loaded: LoadedScenario): string {
  const folder = dirname(loaded.file);
  const resolved = mapScenarioPaths(loaded.scenario, (path) => relative(folder, path).split(sep).join('/'));
  return createHash('sha256').update(`${fingerprint}\n${JSON.stringify(resolved)}`).digest('hex');
}

async function storeInput(redis: Redis, queueName: string, path: string, bytes: Buffer, ttlSeconds: number): Promise<BundledFile> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const key = inputBlobKey(queueName, sha256);
  if (!(await touchBlob(redis, key, ttlSeconds))) await putBlob(redis, key, bytes, ttlSeconds);
  return { path, sha256, bytes: bytes.byteLength };
}

/**
 * Lays a bundle out under `folder` (each file at its relative path, checked against its hash)
 * and returns the scenario's path there. A file missing from Redis, or not what the bundle
 * says, is `E_FILE_READ` naming it: the worker cannot read that input, and no attempt elsewhere
 * would either.
 *
 * @example
 * const scenarioPath = await unbundleScenario(redis, 'airreach', bundle, '/tmp/airreach-job-1');
 */
export async function unbundleScenario(redis: Redis, queueName: string, bundle: ScenarioBundle, folder: string): Promise<string> {
  for (const file of bundle.files) {
    const target = join(folder, ...file.path.split('/'));
    if (isAbsolute(file.path) || relative(folder, target).startsWith('..')) {
      throw new AirreachError('E_PATH', `a bundled input path leaves the job folder: ${file.path}`, { value: file.path, where: { file: file.path } });
    }
    const bytes = await getBlob(redis, inputBlobKey(queueName, file.sha256));
    if (bytes === null) {
      throw new AirreachError('E_FILE_READ', `input ${file.path} is no longer in Redis (expired, evicted, or lost in a restart)`, {
        value: file.sha256,
        where: { file: file.path },
        hint: 'Run the batch again: the coordinator stores its inputs anew',
      });
    }
    if (bytes.byteLength !== file.bytes || createHash('sha256').update(bytes).digest('hex') !== file.sha256) {
      throw new AirreachError('E_FILE_READ', `input ${file.path} read from Redis is not the file the batch stored`, { value: file.sha256, where: { file: file.path } });
    }
    try {
      makeFolders(folder, [dirname(target)]);
      await writeFile(target, bytes);
    } catch (error) {
      throw jobFolderError(folder, `cannot lay out input ${file.path} in the job folder`, error);
    }
  }
  return join(folder, ...bundle.scenario.split('/'));
}

/**
 * Makes a queue job's own folder in `parent` (the worker's temporary folder, `TMPDIR`), where
 * {@link unbundleScenario} lays out its inputs. A folder that cannot be made is `E_OUTPUT`
 * naming it, the cause (read-only disk, permission, full disk) and the fix (another `TMPDIR`),
 * as every other job-folder failure: it said only 'EROFS: read-only file system, mkdtemp …'.
 *
 * @example
 * const folder = await makeJobFolder(); // -> '/tmp/airreach-job-Xa81Qz'
 */
export async function makeJobFolder(parent: string = tmpdir()): Promise<string> {
  try {
    return await mkdtemp(join(parent, 'airreach-job-'));
  } catch (error) {
    throw jobFolderError(parent, 'cannot make a job folder in the worker\'s temporary folder', error);
  }
}

/**
 * A job folder's failure in words: Node's recursive mkdir reported a read-only disk as ENOENT,
 * and a full one said 'ENOSPC: no space left on device, write' naming no folder. `E_OUTPUT`, not
 * an input error: another worker, with room in its TMPDIR, may run the job (it is retried).
 */
function jobFolderError(folder: string, message: string, error: unknown): AirreachError {
  return outputError(folder, message, error, {
    elsewhere: 'start the worker with TMPDIR set to a folder on a writable disk with room (TMPDIR=/path airreach worker …)',
    outcome: '',
    otherwise: `Check that ${folder} is a folder this user can write in, on a disk with room, or start the worker with another TMPDIR`,
  });
}

/** The deepest folder holding every path (`/` at worst). */
function commonFolder(paths: readonly string[]): string {
  let common = dirname(paths[0]);
  for (const path of paths) {
    while (relative(common, path).startsWith('..') || isAbsolute(relative(common, path))) {
      const up = dirname(common);
      if (up === common) break;
      common = up;
    }
  }
  return common;
}
