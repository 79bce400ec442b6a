import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { AirreachError } from '../errors.js';
import { resolveOptions } from '../resolveOptions.js';
import { notUtf8Error } from './notUtf8Error.js';

/** Options of {@link readInputFile} and {@link readInputText}. */
export interface ReadInputFileOptions {
  /** Name used for the file in errors (defaults to the path). */
  displayName?: string;
  /**
   * Largest file read, bytes. Parsed JSON takes several times its text's bytes (a GeoJSON
   * layer about 8–10×), and V8 cannot hold a string over 2^29 − 24 characters at all.
   */
  maxBytes?: number;
  /**
   * Called with the file's size once it is known to be a regular file within `maxBytes`, before
   * anything is read: a caller that knows what the bytes will cost (a GeoJSON layer parsed,
   * `readGeoJsonFile`) refuses a file too large for its memory here, by throwing.
   */
  beforeRead?: (bytes: number) => void;
}

/**
 * Defaults of {@link readInputFile}: 256 MiB, about 2.5 GB once parsed as GeoJSON, within the
 * heap of a laptop; the largest bundled layer is 440 KB.
 */
export const DEFAULT_READ_INPUT_FILE_OPTIONS = {
  displayName: undefined as string | undefined,
  maxBytes: 256 * 2 ** 20,
  beforeRead: undefined as ((bytes: number) => void) | undefined,
} satisfies ReadInputFileOptions;

const READ_CHUNK_BYTES = 2 ** 20;

/**
 * Reads an input file whole, but only a regular file of at most `maxBytes`: a FIFO, socket or
 * device is refused without blocking (it is opened non-blocking and checked on the open handle,
 * so it cannot be swapped in between a check and the read), and a larger file is refused before
 * it is read (`E_MEMORY_BUDGET`); the size is checked again while reading, for a file that
 * grows. Errors name the file: `E_FILE_READ` with the system code (`ENOENT`, `EISDIR`,
 * `ENOTFILE` for a FIFO or device).
 *
 * @example
 * const bytes = await readInputFile('data/liaoning/hazards/flood.geojson');
 */
export async function readInputFile(path: string, options: ReadInputFileOptions = {}): Promise<Buffer> {
  return (await readChecked(path, options, false)) as Buffer;
}

/**
 * {@link readInputFile} decoded as UTF-8 text; a file that is not UTF-8 is refused (`E_ENCODING`,
 * naming the first byte that is not, and what the file probably is: GBK, UTF-16, gzip …).
 *
 * @example
 * const text = await readInputText('scenario.json');
 */
export async function readInputText(path: string, options: ReadInputFileOptions = {}): Promise<string> {
  return (await readChecked(path, options, true)) as string;
}

async function readChecked(path: string, options: ReadInputFileOptions, asText: boolean): Promise<Buffer | string> {
  const { displayName, maxBytes, beforeRead } = resolveOptions(DEFAULT_READ_INPUT_FILE_OPTIONS, options);
  const file = displayName ?? path;
  let handle: FileHandle | undefined;
  try {
    // O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer, for ever.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const info = await handle.stat();
    if (!info.isFile()) {
      const kind = info.isDirectory() ? 'a folder' : info.isFIFO() ? 'a FIFO (named pipe)' : info.isSocket() ? 'a socket' : 'a device or other special file';
      throw new AirreachError('E_FILE_READ', `the path is ${kind}, not a regular file`, {
        value: info.isDirectory() ? 'EISDIR' : 'ENOTFILE',
        where: { file },
        expected: 'a regular file',
        hint: 'Point the path at the file itself (airreach reads only regular files)',
      });
    }
    if (info.size > maxBytes) throw tooLarge(file, info.size, maxBytes);
    beforeRead?.(info.size);
    // A file with a size is read up to that size (Node's readFile stops there), as text through
    // Node's own decoding, which is about twice as fast as decoding a Buffer ourselves.
    if (asText && info.size > 0) {
      const text = await handle.readFile('utf8');
      // Node decodes bytes that are not UTF-8 as U+FFFD without a word; a file with none is UTF-8.
      // One with some is read again as bytes (rare: the character itself, or another encoding).
      if (text.includes('\ufffd')) {
        const error = notUtf8Error(await bytesOf(handle, info.size), file);
        if (error) throw error;
      }
      return text;
    }
    // One buffer of the size fstat gave, plus a byte to notice a file that grew; then chunks.
    const first = Buffer.allocUnsafe(Math.min(info.size, maxBytes) + 1);
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(first, total, first.length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total === first.length) break;
    }
    if (total < first.length) return asText ? utf8Text(first.subarray(0, total), file) : first.subarray(0, total);
    const chunks: Buffer[] = [first];
    for (;;) {
      if (total > maxBytes) throw tooLarge(file, total, maxBytes);
      const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    }
    if (total > maxBytes) throw tooLarge(file, total, maxBytes);
    const bytes = Buffer.concat(chunks, total);
    return asText ? utf8Text(bytes, file) : bytes;
  } catch (error) {
    if (error instanceof AirreachError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    // The file is the error's place (where.file): the message says what went wrong, not the path again.
    const what = code === 'ENOENT' ? 'the file does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission to read the file is denied' : code === 'EISDIR' ? 'the path is a folder, not a file' : 'the file could not be read';
    throw new AirreachError('E_FILE_READ', what, {
      value: code,
      where: { file },
      hint: code === 'ENOENT' ? 'Check the path (relative paths are resolved against the folder of the file that names them)' : undefined,
      cause: error,
    });
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** The bytes as text, refused (`E_ENCODING`, see {@link notUtf8Error}) when they are not UTF-8. */
function utf8Text(bytes: Buffer, file: string): string {
  const error = notUtf8Error(bytes, file);
  if (error) throw error;
  return bytes.toString('utf8');
}

/** The file's first `atMost` bytes, read again from its start (its position is at the end). */
async function bytesOf(handle: FileHandle, atMost: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(atMost);
  let total = 0;
  while (total < atMost) {
    const { bytesRead } = await handle.read(bytes, total, atMost - total, total);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return bytes.subarray(0, total);
}

function tooLarge(file: string, bytes: number, maxBytes: number): AirreachError {
  const mib = (value: number) => `${(value / 2 ** 20).toFixed(1)} MiB`;
  return new AirreachError('E_MEMORY_BUDGET', `${file} is ${mib(bytes)}, more than an input file may be (${mib(maxBytes)})`, {
    value: bytes,
    where: { file },
    expected: `at most ${maxBytes} bytes`,
    hint: 'Simplify the geometry (e.g. mapshaper -simplify) or split the layer; a library caller may raise maxBytes',
  });
}
