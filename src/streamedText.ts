/**
 * A text file made piece by piece: `chunks()` yields its text in order, afresh on every call, so
 * a writer can stream it to disk (or a compressor) without ever holding the whole file. A
 * national map at H3 resolution 7 is about 1 GB of GeoJSON, beyond the longest string V8 can
 * build (2^29 − 24 characters): such files only exist as streamed text.
 */
export interface StreamedText {
  readonly kind: 'streamedText';
  /** The text, in order; each call starts again from the beginning. */
  chunks(): Iterable<string>;
  /**
   * The same text already encoded as UTF-8, in pieces, where the maker can write bytes faster
   * than strings are made and encoded (the cell maps and tables): each call starts again from the
   * beginning, and each piece is the caller's to keep (its own `ArrayBuffer` from offset 0,
   * never written again), so a writer may transfer it between threads as it is.
   */
  utf8?(): Iterable<Uint8Array>;
}

/**
 * A file made piece by piece as bytes, possibly waiting in between (decompressed as it arrives):
 * `chunks()` yields its bytes in order, afresh on every call. A chunk iterator that throws fails
 * the write of the file.
 */
export interface StreamedBytes {
  readonly kind: 'streamedBytes';
  chunks(): AsyncIterable<Uint8Array>;
}

/** The body of one output file: text, bytes, or streamed text or bytes. */
export type OutputBody = string | Uint8Array | StreamedText | StreamedBytes;

/** Output files by name (a name may hold sub-folders), as the pipelines hand them to the writer. */
export type OutputFiles = Record<string, OutputBody>;

/**
 * Wraps a generator function as {@link StreamedText}, with `utf8` the same text as bytes when
 * the maker has a faster way to them (see {@link StreamedText.utf8}).
 *
 * @example
 * const body = streamedText(function* () { yield 'a,b\n'; for (const row of rows) yield `${row.a},${row.b}\n`; });
 * await writeFilesAtomic('out', { 'table.csv': body });
 */
export function streamedText(chunks: () => Iterable<string>, utf8?: () => Iterable<Uint8Array>): StreamedText {
  return utf8 ? { kind: 'streamedText', chunks, utf8 } : { kind: 'streamedText', chunks };
}

/**
 * True for a {@link StreamedText} body.
 *
 * @example
 * isStreamedText(streamedText(() => ['x'])); // true
 * isStreamedText('x'); // false
 */
export function isStreamedText(body: unknown): body is StreamedText {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'streamedText';
}

/**
 * Wraps an async generator function as {@link StreamedBytes}.
 *
 * @example
 * const body = streamedBytes(() => createReadStream('big.geojson.gz').pipe(createGunzip()));
 */
export function streamedBytes(chunks: () => AsyncIterable<Uint8Array>): StreamedBytes {
  return { kind: 'streamedBytes', chunks };
}

/**
 * True for a {@link StreamedBytes} body.
 *
 * @example
 * isStreamedBytes(streamedBytes(async function* () {})); // true
 */
export function isStreamedBytes(body: unknown): body is StreamedBytes {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'streamedBytes';
}

/**
 * The whole text of a body, for files small enough to hold in one string (tests, small runs);
 * not for {@link StreamedBytes}, which arrive asynchronously.
 * Throws V8's `RangeError: Invalid string length` beyond 2^29 − 24 characters: stream those.
 *
 * @example
 * outputText(streamedText(() => ['a', 'b'])); // 'ab'
 */
export function outputText(body: OutputBody): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  if (isStreamedBytes(body)) throw new TypeError('streamed bytes arrive asynchronously: write them (writeFilesAtomic) instead of reading them as text');
  let text = '';
  for (const chunk of body.chunks()) text += chunk;
  return text;
}

/**
 * Every body of `files` as a string (see {@link outputText}).
 *
 * @example
 * const files = outputTexts(coverageOutputs(run)); // { 'summary.json': '{…}', 'coverage-day.csv': '…' }
 */
export function outputTexts(files: OutputFiles): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([name, body]) => [name, outputText(body)]));
}
