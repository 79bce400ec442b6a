import { nextTurn } from '../nextTurn.js';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { constants, createGunzip, createGzip } from 'node:zlib';
import { AirreachError } from '../errors.js';
import { resolveOptions } from '../resolveOptions.js';
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
 * One output file rendered to its bytes, uncompressed, in pieces that each own their
 * `ArrayBuffer` (so they are transferred between threads, not copied): how a scenario's files
 * travel from a worker thread to the writing thread of the same process, where compressing them
 * (and checking a hash on the way out) would only cost time. Made by {@link renderOutputFiles}.
 */
export interface RenderedFile {
  name: string;
  bytes: number;
  pieces: Uint8Array[];
}

/** Options of {@link renderOutputFiles}. */
export interface RenderOutputFilesOptions {
  /**
   * At most this many bytes are kept uncompressed: the files (in name order) after that are
   * packed with gzip ({@link packOutputFiles}), so a scenario with a national map does not hold
   * a gigabyte of text while it crosses threads.
   */
  maxRenderedBytes?: number;
  /** zlib level of the files packed after `maxRenderedBytes`. */
  level?: number;
}

/** Defaults of {@link renderOutputFiles}: 256 MiB uncompressed (a province at resolution 7 writes about 80 MB), then gzip level 1. */
export const DEFAULT_RENDER_OUTPUT_FILES_OPTIONS: Required<RenderOutputFilesOptions> = { maxRenderedBytes: 256 * 2 ** 20, level: DEFAULT_PACK_OUTPUT_FILES_OPTIONS.level };

/** Bytes of one rendered piece: a streamed file is encoded straight into pieces of this size. */
const RENDER_PIECE_BYTES = 1 << 20;

/** Rendered pieces (about 1 MiB each) between two turns of the event loop. */
const PIECES_PER_TURN = 4;

/** Characters of streamed text encoded at once. */
const RUN_CHARS = 1 << 16;

/**
 * The output files as their bytes, in name order ({@link RenderedFile}), up to
 * `maxRenderedBytes`; later files are gzip-packed as {@link packOutputFiles} packs them.
 * Streamed text is encoded straight into 1 MiB pieces (never joined into one string).
 * {@link unpackOutputFiles} takes both kinds and gives back the same bytes.
 *
 * @example
 * const files = await renderOutputFiles(scenarioOutputs(result));
 * await writeFilesAtomic('out', unpackOutputFiles(files));
 */
export async function renderOutputFiles(files: OutputFiles, options: RenderOutputFilesOptions = {}): Promise<Array<RenderedFile | PackedFile>> {
  const { maxRenderedBytes, level } = resolveOptions(DEFAULT_RENDER_OUTPUT_FILES_OPTIONS, options);
  const out: Array<RenderedFile | PackedFile> = [];
  let rendered = 0;
  for (const name of Object.keys(files).sort()) {
    const body = files[name];
    if (rendered > maxRenderedBytes) {
      out.push(...(await packOutputFiles({ [name]: body }, { level })));
      continue;
    }
    const file = await renderBody(name, body);
    rendered += file.bytes;
    out.push(file);
  }
  return out;
}

async function renderBody(name: string, body: OutputFiles[string]): Promise<RenderedFile> {
  const pieces: Uint8Array[] = [];
  let bytes = 0;
  // A piece of its own buffer (allocUnsafeSlow: never Node's shared pool), so it can be transferred.
  const own = (length: number) => Buffer.allocUnsafeSlow(length);
  const add = (piece: Uint8Array, fresh = false) => {
    // A fresh buffer spanning its whole ArrayBuffer is kept; anything else (a caller's bytes, a
    // slice of Node's pool) is copied into one of its own.
    const whole = fresh && piece.byteOffset === 0 && piece.buffer.byteLength === piece.byteLength && piece.buffer instanceof ArrayBuffer;
    let kept = piece;
    if (!whole) {
      kept = own(piece.byteLength);
      kept.set(piece);
    }
    pieces.push(kept);
    bytes += piece.byteLength;
  };
  if (isStreamedText(body) && body.utf8) {
    // Pieces of their own ArrayBuffer from offset 0 (StreamedText.utf8): kept as they are. A
    // turn of the event loop every few pieces (a cell map is 30 MB, about 0.2 s): a pool driven
    // from this thread hands out its next task in between (see nextTurn).
    let sinceTurn = 0;
    for (const piece of body.utf8()) {
      if (++sinceTurn === PIECES_PER_TURN) {
        sinceTurn = 0;
        await nextTurn();
      }
      if (piece.byteOffset === 0 && piece.buffer instanceof ArrayBuffer) {
        pieces.push(piece);
        bytes += piece.byteLength;
      } else add(piece);
    }
  } else if (isStreamedText(body)) {
    let piece = own(RENDER_PIECE_BYTES);
    let used = 0;
    const flush = () => {
      if (used === 0) return;
      pieces.push(piece.subarray(0, used));
      bytes += used;
      piece = own(RENDER_PIECE_BYTES);
      used = 0;
    };
    // Chunks are joined into runs of about 64 K characters before they are encoded: one write
    // call per feature line of a map cost more than the encoding itself.
    let run = '';
    const encode = (text: string) => {
      // UTF-8 takes at most 3 bytes per UTF-16 unit: text that may not fit starts a new piece.
      if (text.length * 3 > RENDER_PIECE_BYTES - used) {
        flush();
        if (text.length * 3 > RENDER_PIECE_BYTES) {
          add(Buffer.from(text, 'utf8'), true);
          return;
        }
      }
      used += piece.write(text, used, 'utf8');
    };
    for (const chunk of body.chunks()) {
      run += chunk;
      if (run.length >= RUN_CHARS) {
        encode(run);
        run = '';
      }
    }
    if (run !== '') encode(run);
    flush();
  } else if (isStreamedBytes(body)) {
    for await (const chunk of body.chunks()) add(chunk);
  } else {
    if (typeof body === 'string') add(Buffer.from(body, 'utf8'), true);
    else add(body);
  }
  return { name, bytes, pieces };
}

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
  const { level } = resolveOptions(DEFAULT_PACK_OUTPUT_FILES_OPTIONS, options);
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
    if (isStreamedText(body) && body.utf8) {
      for (const piece of body.utf8()) await push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
    } else if (isStreamedText(body)) {
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
 * wrong file. Files of {@link renderOutputFiles} (their bytes, moved between threads of one
 * process) are written as they are.
 *
 * @example
 * await writeFilesAtomic(join('out', label), unpackOutputFiles(result.files));
 */
export function unpackOutputFiles(packed: ReadonlyArray<PackedFile | RenderedFile>): OutputFiles {
  const files: OutputFiles = {};
  for (const file of packed) files[file.name] = 'pieces' in file ? streamedBytes(() => piecesOf(file)) : streamedBytes(() => checkedGunzip(file));
  return files;
}

async function* piecesOf(file: RenderedFile): AsyncGenerator<Uint8Array> {
  yield* file.pieces;
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
