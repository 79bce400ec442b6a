import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { constants, createGunzip, createGzip } from 'node:zlib';
import { AirreachError } from '../errors.js';
import { isStreamedBytes, isStreamedText, streamedBytes, type OutputFiles } from '../streamedText.js';

/**
 * One output file, compressed to travel between threads, processes or machines: its name, its
 * size and SHA-256 before compression (checked again when it is unpacked), and its gzip bytes.
 */
export interface PackedFile {
  name: string;
  bytes: number;
  sha256: string;
  gzip: Uint8Array;
}

/** Options of {@link packOutputFiles}. */
export interface PackOutputFilesOptions {
  /** zlib level, 1 (fast) … 9 (small). */
  level?: number;
}

/**
 * Defaults of {@link packOutputFiles}: level 1. Compressing is on the path of every batch
 * scenario, and the maps and tables are repetitive text: Xinjiang's folder at resolution 7
 * (201 MB) packs to 28.7 MB in 1.5 s with `gzip -1`, to 23.4 MB (18 % smaller) in 3.2 s with
 * `gzip -6` (measured with the gzip command on this project's 2-core VM).
 */
export const DEFAULT_PACK_OUTPUT_FILES_OPTIONS: Required<PackOutputFilesOptions> = { level: 1 };

/** Streamed text is compressed in pieces of about this many characters. */
const PIECE_CHARS = 1 << 20;

/**
 * Compresses every output file (streamed text piece by piece, never whole), in name order. The
 * packed files are plain data and buffers: they cross a thread (transferred), a queue or a
 * disk unchanged, and {@link unpackOutputFiles} gives back the same bytes.
 *
 * @example
 * const packed = await packOutputFiles(scenarioOutputs(result));
 * await writeFilesAtomic('out', unpackOutputFiles(packed));
 */
export async function packOutputFiles(files: OutputFiles, options: PackOutputFilesOptions = {}): Promise<PackedFile[]> {
  const { level } = { ...DEFAULT_PACK_OUTPUT_FILES_OPTIONS, ...options };
  const packed: PackedFile[] = [];
  for (const name of Object.keys(files).sort()) {
    const body = files[name];
    const hash = createHash('sha256');
    let bytes = 0;
    const gzip = createGzip({ level });
    const out: Buffer[] = [];
    gzip.on('data', (chunk: Buffer) => out.push(chunk));
    const done = new Promise<void>((resolve, reject) => {
      gzip.on('end', resolve);
      gzip.on('error', reject);
    });
    const push = async (piece: Buffer) => {
      hash.update(piece);
      bytes += piece.length;
      if (!gzip.write(piece)) await new Promise((resolve) => gzip.once('drain', resolve));
    };
    if (isStreamedText(body)) {
      let pending = '';
      for (const chunk of body.chunks()) {
        pending += chunk;
        if (pending.length >= PIECE_CHARS) {
          await push(Buffer.from(pending, 'utf8'));
          pending = '';
        }
      }
      if (pending !== '') await push(Buffer.from(pending, 'utf8'));
    } else if (isStreamedBytes(body)) {
      for await (const chunk of body.chunks()) await push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } else {
      await push(typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    }
    gzip.end();
    await done;
    packed.push({ name, bytes, sha256: hash.digest('hex'), gzip: new Uint8Array(Buffer.concat(out)) });
  }
  return packed;
}

/**
 * The files of {@link packOutputFiles} as bodies for `writeFilesAtomic`: each is decompressed
 * while it is written, and its size and SHA-256 are checked at the end, so a damaged or
 * truncated transfer fails the write (`E_OUTPUT`, nothing renamed into place) instead of leaving a
 * wrong file.
 *
 * @example
 * await writeFilesAtomic(join('out', label), unpackOutputFiles(result.files));
 */
export function unpackOutputFiles(packed: readonly PackedFile[]): OutputFiles {
  const files: OutputFiles = {};
  for (const file of packed) files[file.name] = streamedBytes(() => checkedGunzip(file));
  return files;
}

async function* checkedGunzip(file: PackedFile): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  let bytes = 0;
  const source = Readable.from([Buffer.from(file.gzip.buffer, file.gzip.byteOffset, file.gzip.byteLength)]);
  const gunzip = source.pipe(createGunzip({ finishFlush: constants.Z_SYNC_FLUSH }));
  for await (const chunk of gunzip as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    yield chunk;
  }
  const sha256 = hash.digest('hex');
  if (bytes !== file.bytes || sha256 !== file.sha256) {
    throw new AirreachError('E_OUTPUT', `${file.name} arrived damaged: ${bytes} bytes with SHA-256 ${sha256.slice(0, 12)}…, expected ${file.bytes} bytes, ${file.sha256.slice(0, 12)}…`, {
      value: file.name,
      where: { file: file.name },
      hint: 'Run the scenario again; nothing was written for it',
    });
  }
}
