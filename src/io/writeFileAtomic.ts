import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { open, readFile, rename, rm, statfs, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AirreachError } from '../errors.js';
import { resolveOptions } from '../resolveOptions.js';
import { isStreamedBytes, type OutputBody, type OutputFiles } from '../streamedText.js';
import { beginOutputTransaction, ensureFolder, lockOutputFolder, outputError } from './outputFolder.js';

/** Streamed text is written in pieces of about this many characters (one write call each). */
const FLUSH_CHARS = 1 << 20;

/** Files written at once by {@link writeFilesAtomic} (libuv's pool has 4 threads by default). */
const WRITE_CONCURRENCY = 4;

/** Streamed bytes are written in one `writev` per this many bytes or chunks, whichever comes first (IOV_MAX is 1024 on Linux). */
const WRITEV_BYTES = 16 * 2 ** 20;
const WRITEV_CHUNKS = 256;

/** Writes every byte of `chunks` at the handle's position: `writev` may write fewer bytes than asked, and the rest is written again. */
async function writeAll(handle: Awaited<ReturnType<typeof open>>, chunks: Uint8Array[]): Promise<void> {
  let pending = chunks.filter((chunk) => chunk.byteLength > 0);
  while (pending.length > 0) {
    let { bytesWritten } = await handle.writev(pending);
    const rest: Uint8Array[] = [];
    for (const chunk of pending) {
      if (bytesWritten >= chunk.byteLength) {
        bytesWritten -= chunk.byteLength;
        continue;
      }
      rest.push(bytesWritten > 0 ? chunk.subarray(bytesWritten) : chunk);
      bytesWritten = 0;
    }
    pending = rest;
  }
}

/**
 * Writes `contents` to `path` so that readers only ever see the old file or the whole new one:
 * the bytes go to a temporary file beside it, which is then renamed over the target (atomic
 * on one file system). On any failure the temporary file is removed and an `E_OUTPUT` error
 * names the path. For a set of files use {@link writeFilesAtomic}.
 *
 * @example
 * await writeFileAtomic('out/summary.json', JSON.stringify(summary, null, 2));
 */
export async function writeFileAtomic(path: string, contents: OutputBody): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    ensureFolder(dirname(path));
    await writeBody(temporary, contents);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    if (error instanceof AirreachError) throw error;
    throw new AirreachError('E_OUTPUT', `could not write ${path}`, {
      value: (error as NodeJS.ErrnoException).code ?? String(error),
      where: { file: path },
      hint: 'Check that the output folder is writable and the disk is not full',
      cause: error,
    });
  }
}

/**
 * Writes several files into `folder` as one unit, all or nothing even if the process is killed
 * (kill -9) at any instant: under the folder's lock (`lockOutputFolder`; taken here unless this
 * process holds it), every file is written into a staging folder, and one rename commits them;
 * they are then moved into place. A run that dies before the commit leaves the folder as it was
 * (its staging is removed by the next run); one that dies after it is completed by the next run
 * (see `recoverOutputFolder`). Before writing, the free space of the disk is checked against the
 * files' bytes (`E_OUTPUT`, `ENOSPC`). An `AbortSignal` is honoured until the commit and ignored
 * after it: a cancelled write changes nothing (`E_ABORTED`), a committed one is complete.
 * Streamed text ({@link StreamedText}) is written piece by piece, never held whole (its size is
 * not known before: the free-space check counts the other files, and a full disk while
 * streaming fails the write with nothing changed). File names may hold folders
 * (`maps/day.geojson`) but must stay inside `folder` (else `E_PATH`, before anything is
 * written). A target that is one of `inputFiles` (the files the run read: `--out` at the
 * scenario's own folder, where its `bases.geojson` or `conditions.json` has an output's name) is
 * refused before anything is written (`E_OUTPUT`): it would replace the input with the output.
 * A target already there that the folder's manifest does not list (a file of the user's, such as
 * another scenario's `bases.geojson` layer, under an output's name) is refused too (`E_OUTPUT`):
 * only airreach outputs are ever replaced.
 * The folder's manifest ({@link OUTPUT_MANIFEST}) is rewritten in the same commit. Returns the
 * targets' paths (the manifest's not among them).
 *
 * @example
 * await writeFilesAtomic('out', { 'coverage.geojson': geojson, 'coverage.csv': csv }, { signal, inputFiles: ['my/scenario.json', 'my/bases.geojson'] });
 */
export async function writeFilesAtomic(
  folder: string,
  files: OutputFiles,
  options: { signal?: AbortSignal; inputFiles?: readonly string[] } = {},
): Promise<string[]> {
  for (const name of Object.keys(files)) checkOutputName(name, folder);
  const outputs = Object.keys(files).sort();
  if (options.inputFiles && options.inputFiles.length > 0) checkSparesInputs(folder, outputs, options.inputFiles);
  options.signal?.throwIfAborted();
  const lock = lockOutputFolder(folder);
  let transaction: ReturnType<typeof beginOutputTransaction> | undefined;
  try {
    // The manifest goes in the same transaction: it never names files the folder does not hold.
    const kept = (await readOutputManifest(folder)) ?? [];
    checkReplacesOnlyOutputs(folder, outputs, kept);
    const stillThere = kept.filter((name) => !Object.hasOwn(files, name) && existsSync(join(folder, name)));
    files = { ...files, [OUTPUT_MANIFEST]: `${JSON.stringify({ files: [...outputs, ...stillThere].sort() }, null, 2)}\n` };
    const names = Object.keys(files).sort();
    await checkFreeSpace(folder, names.reduce((total, name) => total + byteLength(files[name]), 0));
    transaction = beginOutputTransaction(folder, names);
    const staging = transaction;
    // A few files at once: the writes run on libuv's threads, so the small files go out while
    // a large map is written, and a batch's writing thread waits less per scenario. Every write
    // has ended (settled) before the staging folder is committed or abandoned.
    const queue = [...names];
    let failure: { error: unknown } | undefined;
    const writer = async () => {
      for (let name = queue.shift(); name !== undefined && failure === undefined; name = queue.shift()) {
        try {
          options.signal?.throwIfAborted();
          await writeBody(staging.stagingPath(name), files[name], options.signal);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, names.length) }, writer));
    if (failure) throw failure.error;
    options.signal?.throwIfAborted();
    // The commit point: synchronous from here to the last rename, so no signal handler of this
    // process runs in between, and a kill -9 leaves a commit the next run completes.
    const committing = transaction;
    transaction = undefined;
    committing.commit();
    return outputs.map((name) => join(folder, name));
  } catch (error) {
    transaction?.abandon();
    if (options.signal?.aborted) {
      throw new AirreachError('E_ABORTED', 'the run was cancelled before its outputs were written; nothing was changed', {
        where: { file: folder },
        cause: error,
      });
    }
    if (error instanceof AirreachError) throw error;
    throw outputError(folder, `could not write the outputs into ${folder}`, error, { otherwise: 'Check that the output folder is writable and the disk is not full' });
  } finally {
    lock.release();
  }
}

/** Options of {@link checkOutputTargets}. */
export interface CheckOutputTargetsOptions {
  /** The files the run reads: no output may have the name of one of them in `folder`. */
  inputFiles?: readonly string[];
}

/** Defaults of {@link checkOutputTargets}: no input files. */
export const DEFAULT_CHECK_OUTPUT_TARGETS_OPTIONS: Readonly<Required<CheckOutputTargetsOptions>> = Object.freeze({ inputFiles: [] });

/**
 * The refusals {@link writeFilesAtomic} makes of its targets, made before a run computes
 * anything: an output name that leaves the folder (`E_PATH`), that is one of `inputFiles`, or
 * whose file is already in `folder` without its manifest listing it (`E_OUTPUT`, the same
 * errors as the write's). A run refused only at its write had computed for nothing: seconds on
 * the bundled case, minutes on a large grid. The write checks again (a file may appear while
 * the run computes).
 *
 * @example
 * await checkOutputTargets('out/today', ['report.html', 'summary.json'], { inputFiles: ['today.json', 'bases.geojson'] });
 */
export async function checkOutputTargets(folder: string, names: readonly string[], options: CheckOutputTargetsOptions = {}): Promise<void> {
  const { inputFiles } = resolveOptions(DEFAULT_CHECK_OUTPUT_TARGETS_OPTIONS, options);
  for (const name of names) checkOutputName(name, folder);
  // In the write's order, so that the first refusal is the one the write would make.
  const outputs = [...names].sort();
  if (inputFiles.length > 0) checkSparesInputs(folder, outputs, inputFiles);
  checkReplacesOnlyOutputs(folder, outputs, (await readOutputManifest(folder)) ?? []);
}

/** Bytes of a body known before writing it (0 for a streamed one). */
function byteLength(contents: OutputBody): number {
  if (typeof contents === 'string') return Buffer.byteLength(contents);
  if (contents instanceof Uint8Array) return contents.byteLength;
  return 0;
}

/** Writes one body to `path`: strings and bytes at once, streamed text in ~1 MiB pieces, streamed bytes as they come. */
async function writeBody(path: string, body: OutputBody, signal?: AbortSignal): Promise<void> {
  if (typeof body === 'string' || body instanceof Uint8Array) {
    await writeFile(path, body);
    return;
  }
  const handle = await open(path, 'w');
  try {
    if (isStreamedBytes(body)) {
      // Chunks gathered into one writev of up to WRITEV_BYTES (a rendered map arrives as ~80 pieces of 1 MiB).
      let batch: Uint8Array[] = [];
      let batchBytes = 0;
      for await (const chunk of body.chunks()) {
        batch.push(chunk);
        batchBytes += chunk.byteLength;
        if (batchBytes >= WRITEV_BYTES || batch.length >= WRITEV_CHUNKS) {
          await writeAll(handle, batch);
          batch = [];
          batchBytes = 0;
          signal?.throwIfAborted();
        }
      }
      if (batch.length > 0) await writeAll(handle, batch);
      return;
    }
    let pending = '';
    for (const chunk of body.chunks()) {
      pending += chunk;
      if (pending.length >= FLUSH_CHARS) {
        await handle.write(pending);
        pending = '';
        signal?.throwIfAborted();
      }
    }
    if (pending !== '') await handle.write(pending);
  } finally {
    await handle.close();
  }
}

/** Refuses a write the disk has no room for before anything is written (a full disk once left partial files). */
async function checkFreeSpace(folder: string, bytes: number): Promise<void> {
  let free: number;
  try {
    const info = await statfs(folder);
    free = info.bavail * info.bsize;
  } catch {
    return; // No statfs here (or not for this file system): the write itself reports ENOSPC.
  }
  // Staging, plan and folder entries take a few blocks beyond the bytes.
  const needed = bytes + 64 * 1024;
  if (needed > free) {
    throw new AirreachError('E_OUTPUT', `the outputs need about ${Math.ceil(needed / 1024).toLocaleString('en-US')} KiB, but ${folder} has ${Math.floor(free / 1024).toLocaleString('en-US')} KiB free`, {
      value: 'ENOSPC',
      where: { file: folder },
      hint: 'Free some space or choose another output folder; nothing was changed',
    });
  }
}

/** An output name must stay inside the output folder: relative, no `..` out of it, not the folder itself. */
/**
 * The file {@link writeFilesAtomic} keeps in every output folder: the names of the airreach
 * outputs the folder holds (those the last write made, and those of earlier writes still
 * there), so that a run can tell its leftovers from files that only share an output's name —
 * another scenario's `conditions.json` or `bases.geojson` kept beside it.
 */
export const OUTPUT_MANIFEST = '.airreach-outputs.json';

/**
 * The output names an output folder's manifest ({@link OUTPUT_MANIFEST}) lists, or `null` when
 * the folder has none (nothing written there yet, or by an older version) or it cannot be read.
 *
 * @example
 * const outputs = await readOutputManifest('out/today'); // ['answers.json', 'bases.geojson', …]
 */
export async function readOutputManifest(folder: string): Promise<string[] | null> {
  try {
    const { files } = JSON.parse(await readFile(join(folder, OUTPUT_MANIFEST), 'utf8')) as { files?: unknown };
    // Only names an output could have: a manifest edited by hand names nothing outside the folder.
    const inside = (name: unknown): name is string => {
      if (typeof name !== 'string') return false;
      try {
        checkOutputName(name, folder);
        return true;
      } catch {
        return false;
      }
    };
    return Array.isArray(files) ? files.filter(inside) : null;
  } catch {
    return null;
  }
}

function checkOutputName(name: string, folder: string): void {
  const rel = relative(folder, join(folder, name));
  // `.airreach…` names are the folder's lock and transactions.
  if (name === '' || isAbsolute(name) || rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) || rel.startsWith('.airreach')) {
    throw new AirreachError('E_PATH', `output file name ${JSON.stringify(name)} leaves the output folder`, {
      value: name,
      where: { file: folder, field: 'files' },
      expected: 'a relative file name inside the output folder',
    });
  }
}

/**
 * Refuses a write whose target is already in the folder but not listed in its manifest: a file
 * airreach did not write. `airreach coverage other.json --out my`, where `my/bases.geojson` is
 * the bases layer of another scenario (not an input of this run), replaced that layer with this
 * run's output of the same name, without a word. A dangling symbolic link counts as there.
 */
function checkReplacesOnlyOutputs(folder: string, names: readonly string[], listed: readonly string[]): void {
  const outputs = new Set(listed);
  for (const name of names) {
    if (outputs.has(name)) continue;
    const target = join(folder, name);
    try {
      lstatSync(target);
    } catch {
      continue;
    }
    throw new AirreachError('E_OUTPUT', `the output ${name} would replace a file that no airreach run wrote`, {
      value: target,
      where: { file: target },
      expected: `an output folder whose files of output names are airreach outputs (listed in its ${OUTPUT_MANIFEST})`,
      hint: `Choose another output folder (--out; by default each scenario gets out/<scenario file name>), or move the file away; if it is the output of an airreach version that kept no ${OUTPUT_MANIFEST}, delete it. Nothing was changed`,
    });
  }
}

/**
 * Refuses a write whose target is one of the run's input files (compared where their symbolic
 * links lead): `airreach run my/today.json --out my` replaced the scenario's own bases layer,
 * `my/bases.geojson`, with the output of that name, and the next run found no bases in it.
 */
function checkSparesInputs(folder: string, names: readonly string[], inputFiles: readonly string[]): void {
  const realOf = (path: string): string | undefined => {
    try {
      return realpathSync(path);
    } catch {
      return undefined;
    }
  };
  const inputs = new Set<string>();
  for (const input of inputFiles) {
    const real = realOf(input);
    if (real !== undefined) inputs.add(real);
  }
  for (const name of names) {
    const target = join(folder, name);
    const real = realOf(target);
    if (real !== undefined && inputs.has(real)) {
      throw new AirreachError('E_OUTPUT', `the output ${name} would replace an input file of this run`, {
        value: real,
        where: { file: target },
        expected: 'an output folder where no output file has the name of a file the run reads',
        hint: 'Choose another output folder (--out; by default each scenario gets out/<scenario file name>); nothing was changed',
      });
    }
  }
}
