import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AirreachError } from '../errors.js';
import { isStreamedBytes, type OutputBody, type OutputFiles } from '../streamedText.js';

/** Streamed text is written in pieces of about this many characters (one write call each). */
const FLUSH_CHARS = 1 << 20;

/**
 * Writes `contents` to `path` so that readers only ever see the old file or the whole new one:
 * the bytes go to a temporary file beside it, which is then renamed over the target (atomic
 * on one file system). On any failure the temporary file is removed and an `E_OUTPUT` error
 * names the path.
 *
 * @example
 * await writeFileAtomic('out/summary.json', JSON.stringify(summary, null, 2));
 */
export async function writeFileAtomic(path: string, contents: OutputBody): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeBody(temporary, contents);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new AirreachError('E_OUTPUT', `could not write ${path}`, {
      value: (error as NodeJS.ErrnoException).code ?? String(error),
      where: { file: path },
      hint: 'Check that the output folder is writable and the disk is not full',
      cause: error,
    });
  }
}

/**
 * Writes several files as one unit: every file is first written to a temporary name, and only
 * when all of them are complete are they renamed into place. If any write fails, all temporary
 * files are removed and no target is touched, so a run never leaves a partial set of outputs.
 * An `AbortSignal` checked before the renames (and while streaming) cancels cleanly. Streamed
 * text ({@link StreamedText}) is written piece by piece, never held whole. File names may hold folders
 * (`maps/day.geojson`) but must stay inside `folder` (else `E_PATH`, before anything is written).
 *
 * @example
 * await writeFilesAtomic('out', { 'coverage.geojson': geojson, 'coverage.csv': csv }, { signal });
 */
export async function writeFilesAtomic(
  folder: string,
  files: OutputFiles,
  options: { signal?: AbortSignal } = {},
): Promise<string[]> {
  const suffix = randomBytes(6).toString('hex');
  for (const name of Object.keys(files)) checkOutputName(name, folder);
  const planned = Object.keys(files)
    .sort()
    .map((name) => {
      const target = join(folder, name);
      return { name, target, temporary: join(dirname(target), `.${basename(target)}.${suffix}.tmp`) };
    });
  const written: string[] = [];
  try {
    await mkdir(folder, { recursive: true });
    for (const file of planned) {
      options.signal?.throwIfAborted();
      await mkdir(dirname(file.target), { recursive: true });
      // Listed before writing: a write that fails half-way (ENOSPC) leaves a partial file to remove.
      written.push(file.temporary);
      await writeBody(file.temporary, files[file.name], options.signal);
    }
    options.signal?.throwIfAborted();
    for (const file of planned) await rename(file.temporary, file.target);
    return planned.map((file) => file.target);
  } catch (error) {
    await Promise.all(written.map((path) => rm(path, { force: true }).catch(() => undefined)));
    if (options.signal?.aborted) {
      throw new AirreachError('E_ABORTED', 'the run was cancelled before its outputs were written; nothing was changed', {
        where: { file: folder },
        cause: error,
      });
    }
    throw new AirreachError('E_OUTPUT', `could not write the outputs into ${folder}`, {
      value: (error as NodeJS.ErrnoException).code ?? String(error),
      where: { file: folder },
      hint: 'Check that the output folder is writable and the disk is not full; nothing was changed',
      cause: error,
    });
  }
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
      for await (const chunk of body.chunks()) {
        await handle.write(chunk);
        signal?.throwIfAborted();
      }
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

/** An output name must stay inside the output folder: relative, no `..` out of it, not the folder itself. */
function checkOutputName(name: string, folder: string): void {
  const rel = relative(folder, join(folder, name));
  if (name === '' || isAbsolute(name) || rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new AirreachError('E_PATH', `output file name ${JSON.stringify(name)} leaves the output folder`, {
      value: name,
      where: { file: folder, field: 'files' },
      expected: 'a relative file name inside the output folder',
    });
  }
}
