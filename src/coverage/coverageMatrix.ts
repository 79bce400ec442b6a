import { AirreachError } from '../errors.js';

const MAGIC = 0x58524941; // 'AIRX' read as little-endian bytes
/** Serialized format version: bump when the layout below changes. */
const VERSION = 1;
const HEADER_BYTES = 32;

/**
 * Sparse site × cell response-time matrix in compressed-row form (one row per site), stored in a
 * single `ArrayBuffer` so that it can be transferred to a worker thread, or written to disk, and
 * rebuilt there with {@link CoverageMatrix.from} instead of being recomputed.
 *
 * Layout (little-endian, 4-byte aligned):
 *
 * | bytes | content |
 * | --- | --- |
 * | 0–3 | magic `AIRX` |
 * | 4–7 | format version |
 * | 8–11 | site count S |
 * | 12–15 | cell count C |
 * | 16–19 | pair count P |
 * | 20–23 | reserved (0) |
 * | 24–31 | `maxMinutes` (float64): pairs slower than this were not stored |
 * | 32… | `offsets`: uint32 × (S + 1) |
 * | … | `cells`: uint32 × P, row by row |
 * | … | `minutes`: float32 × P, aligned with `cells` |
 *
 * So a stored (site, cell) pair costs 8 bytes. Minutes are float32: at 120 min that is a
 * resolution of about 0.5 ms, far below anything a response-time standard distinguishes; the
 * builder decides coverage in float64 and rounds only when storing. Row order within a site is
 * the builder's (deterministic for the same input), not necessarily ascending.
 *
 * @example
 * const matrix = CoverageMatrix.fromRows(2, 3, [
 *   { cells: Uint32Array.of(0, 2), minutes: Float32Array.of(12, 48) },
 *   { cells: Uint32Array.of(1), minutes: Float32Array.of(30) },
 * ], 60);
 * const copy = CoverageMatrix.from(matrix.data); // e.g. inside a worker, after transfer
 * copy.rowLength(0); // -> 2
 */
export class CoverageMatrix {
  /** The whole matrix: transfer it, or write it to a file. */
  readonly data: ArrayBuffer | SharedArrayBuffer;
  readonly siteCount: number;
  readonly cellCount: number;
  readonly pairCount: number;
  /** Pairs with response minutes above this were left out at build time. */
  readonly maxMinutes: number;
  /** Row `s` spans `cells[offsets[s]] … cells[offsets[s + 1] - 1]`. */
  readonly offsets: Uint32Array;
  readonly cells: Uint32Array;
  readonly minutes: Float32Array;

  private constructor(data: ArrayBuffer | SharedArrayBuffer) {
    if (data.byteLength < HEADER_BYTES) {
      throw new AirreachError('E_BUFFER', 'coverage matrix buffer is shorter than its header', {
        value: data.byteLength,
        expected: `at least ${HEADER_BYTES} bytes`,
      });
    }
    const header = new Uint32Array(data, 0, 6);
    if (header[0] !== MAGIC) {
      throw new AirreachError('E_BUFFER', 'not a coverage matrix buffer (bad magic number)', {
        value: header[0],
        hint: 'Pass the `data` of a CoverageMatrix, unchanged',
      });
    }
    if (header[1] !== VERSION) {
      throw new AirreachError('E_BUFFER', `coverage matrix format v${header[1]} when v${VERSION} was expected`, {
        value: header[1],
        hint: 'Rebuild the matrix with this version of airreach',
      });
    }
    const siteCount = header[2];
    const cellCount = header[3];
    const pairCount = header[4];
    const expectedBytes = byteLengthFor(siteCount, pairCount);
    if (data.byteLength !== expectedBytes) {
      throw new AirreachError('E_BUFFER', 'coverage matrix buffer has the wrong length for its header', {
        value: data.byteLength,
        expected: `${expectedBytes} bytes for ${siteCount} sites and ${pairCount} pairs`,
      });
    }
    this.data = data;
    this.siteCount = siteCount;
    this.cellCount = cellCount;
    this.pairCount = pairCount;
    this.maxMinutes = new Float64Array(data, 24, 1)[0];
    let at = HEADER_BYTES;
    this.offsets = new Uint32Array(data, at, siteCount + 1);
    at += (siteCount + 1) * 4;
    this.cells = new Uint32Array(data, at, pairCount);
    at += pairCount * 4;
    this.minutes = new Float32Array(data, at, pairCount);
  }

  /**
   * Rebuilds a matrix from its `data` buffer (no copy: the views share the buffer).
   *
   * @example
   * const matrix = CoverageMatrix.from(task.matrixData);
   */
  static from(data: ArrayBuffer | SharedArrayBuffer): CoverageMatrix {
    return new CoverageMatrix(data);
  }

  /**
   * Packs per-site rows into one buffer. Row `s` of the result is `rows[s]`.
   *
   * @example
   * CoverageMatrix.fromRows(1, 10, [{ cells: Uint32Array.of(3), minutes: Float32Array.of(41.5) }], 60);
   */
  static fromRows(
    siteCount: number,
    cellCount: number,
    rows: ReadonlyArray<{ cells: Uint32Array; minutes: Float32Array }>,
    maxMinutes: number,
  ): CoverageMatrix {
    let pairCount = 0;
    for (const row of rows) pairCount += row.cells.length;
    const matrix = CoverageMatrix.allocate(siteCount, cellCount, pairCount, maxMinutes);
    let at = 0;
    for (let s = 0; s < siteCount; s++) {
      matrix.offsets[s] = at;
      const row = rows[s];
      if (row) {
        matrix.cells.set(row.cells, at);
        matrix.minutes.set(row.minutes, at);
        at += row.cells.length;
      }
    }
    matrix.offsets[siteCount] = at;
    return matrix;
  }

  /**
   * Joins matrices built for consecutive site ranges (shards) into one, in the order given.
   * All parts must share the cell count and `maxMinutes`.
   *
   * @example
   * const whole = CoverageMatrix.concat([sitesZeroToNinetyNine, sitesHundredOn]);
   */
  static concat(parts: readonly CoverageMatrix[]): CoverageMatrix {
    if (parts.length === 0) throw new AirreachError('E_EMPTY', 'no coverage matrices to join', { value: parts.length });
    const { cellCount, maxMinutes } = parts[0];
    let siteCount = 0;
    let pairCount = 0;
    for (const part of parts) {
      if (part.cellCount !== cellCount || part.maxMinutes !== maxMinutes) {
        throw new AirreachError('E_BUFFER', 'coverage shards disagree on cell count or maxMinutes', {
          value: { cellCount: part.cellCount, maxMinutes: part.maxMinutes },
          expected: JSON.stringify({ cellCount, maxMinutes }),
        });
      }
      siteCount += part.siteCount;
      pairCount += part.pairCount;
    }
    const matrix = CoverageMatrix.allocate(siteCount, cellCount, pairCount, maxMinutes);
    let site = 0;
    let pair = 0;
    for (const part of parts) {
      for (let s = 0; s < part.siteCount; s++) matrix.offsets[site + s] = pair + part.offsets[s];
      matrix.cells.set(part.cells, pair);
      matrix.minutes.set(part.minutes, pair);
      site += part.siteCount;
      pair += part.pairCount;
    }
    matrix.offsets[siteCount] = pairCount;
    return matrix;
  }

  /**
   * An empty matrix with room for `pairCount` pairs; the caller fills offsets, cells and minutes.
   * With `shared`, the buffer is a `SharedArrayBuffer`, so worker threads can fill their rows in
   * place (see `fillCoverageRows`) and nothing is copied to join them.
   *
   * With `into`, the matrix is laid out in that buffer instead of a fresh one (see
   * {@link MatrixAllocationOptions.into}): its pages are already mapped, so a rebuild skips the
   * page faults of a fresh matrix (on this VM about half of a 1-thread build's time).
   *
   * @example
   * const matrix = CoverageMatrix.allocate(2, 100, 5, 60, { shared: true });
   */
  static allocate(siteCount: number, cellCount: number, pairCount: number, maxMinutes: number, options: MatrixAllocationOptions = {}): CoverageMatrix {
    if (pairCount > 0xffffffff) {
      throw new AirreachError('E_MATRIX', 'the coverage matrix would hold more pairs than its uint32 offsets can address', {
        value: pairCount,
        expected: 'at most 4,294,967,295 pairs',
        hint: 'Lower maxMinutes, or build the sites in several matrices (siteStart/siteEnd)',
      });
    }
    const byteLength = byteLengthFor(siteCount, pairCount);
    const into = typeof options.into === 'function' ? options.into(byteLength) : options.into;
    const data = into !== undefined ? reuseBuffer(into, byteLength) : options.shared ? new SharedArrayBuffer(byteLength) : new ArrayBuffer(byteLength);
    const header = new Uint32Array(data, 0, 6);
    header[0] = MAGIC;
    header[1] = VERSION;
    header[2] = siteCount;
    header[3] = cellCount;
    header[4] = pairCount;
    // A reused buffer holds an earlier matrix: every byte the layout defines is written again
    // (the reserved word and the first offset here, the rest by whoever fills the matrix).
    header[5] = 0;
    new Float64Array(data, 24, 1)[0] = maxMinutes;
    const matrix = new CoverageMatrix(data);
    matrix.offsets[0] = 0;
    return matrix;
  }

  /**
   * An empty matrix whose row `s` has room for `rowLengths[s]` pairs, its offsets set: the
   * caller (a builder that counted its rows first) fills cells and minutes.
   *
   * @example
   * const matrix = CoverageMatrix.withRowLengths(countCoverageRows(grid, sites, catalogue), grid.cellCount, 120);
   */
  static withRowLengths(rowLengths: ArrayLike<number>, cellCount: number, maxMinutes: number, options: MatrixAllocationOptions = {}): CoverageMatrix {
    let pairCount = 0;
    for (let s = 0; s < rowLengths.length; s++) pairCount += rowLengths[s];
    const matrix = CoverageMatrix.allocate(rowLengths.length, cellCount, pairCount, maxMinutes, options);
    for (let s = 0; s < rowLengths.length; s++) matrix.offsets[s + 1] = matrix.offsets[s] + rowLengths[s];
    return matrix;
  }

  /**
   * An empty resizable `ArrayBuffer` with room for matrices of up to `maxByteLength` bytes, to
   * pass as `into` to {@link CoverageMatrix.allocate} or `buildCoverage`: every build into it
   * reuses the pages the earlier ones mapped (the OS reserves the room, it does not commit it).
   *
   * @example
   * const buffer = CoverageMatrix.reusableBuffer(400 * 2 ** 20);
   * const day = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { into: buffer });
   */
  static reusableBuffer(maxByteLength: number): ArrayBuffer {
    if (!Number.isSafeInteger(maxByteLength) || maxByteLength < HEADER_BYTES) {
      throw new AirreachError('E_OPTION', 'maxByteLength must be a whole number of bytes, at least a matrix header', {
        value: maxByteLength,
        where: { field: 'maxByteLength' },
        expected: `an integer ≥ ${HEADER_BYTES}`,
      });
    }
    const Resizable = ArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => ArrayBuffer;
    return new Resizable(0, { maxByteLength });
  }

  /** Number of cells site `site` reaches within `maxMinutes`. */
  rowLength(site: number): number {
    return this.offsets[site + 1] - this.offsets[site];
  }

  /**
   * Response minutes from `site` to `cell`, or `Infinity` when the pair is not stored.
   * A linear scan of the row: meant for tests and spot checks, not inner loops.
   */
  minutesAt(site: number, cell: number): number {
    const { offsets, cells, minutes } = this;
    for (let k = offsets[site], end = offsets[site + 1]; k < end; k++) if (cells[k] === cell) return minutes[k];
    return Infinity;
  }

  /**
   * The same pairs grouped by cell instead of by site (compressed columns): `sites` of cell `c`
   * span `cellOffsets[c] … cellOffsets[c + 1] - 1`, ascending by site index.
   *
   * @example
   * const { cellOffsets, sites, minutes } = matrix.byCell();
   */
  byCell(): { cellOffsets: Uint32Array; sites: Uint32Array; minutes: Float32Array } {
    const minutes = new Float32Array(this.pairCount);
    const { cellOffsets, sites } = this.#transposeInto(minutes);
    return { cellOffsets, sites, minutes };
  }

  /**
   * The pairs grouped by cell, as a siting problem holds them (`demandOffsets`, `demandSites`,
   * `demandMinutes`: ascending by site, minutes widened to float64), made on the first call and
   * kept by the matrix: a scenario makes several problems of one matrix (all and hazard demand,
   * the questions and the curve), and a matrix does not change once built. The arrays are
   * shared by every caller: read them, never write them; call it only on a finished matrix.
   * Refuses (`E_MATRIX`) a pair whose cell is out of range or whose minutes are not ≥ 0, and
   * keeps nothing then.
   *
   * With `shared`, the first call lays the arrays out in `SharedArrayBuffer`s: problems that go
   * to a pool's threads then cross without a copy (`sharedCopy` keeps them as they are), instead
   * of being made here and copied again (2.3 M pairs, 28 MB of fresh memory on today's 120-min
   * matrix). The option only matters on the first call: later calls return the arrays made then.
   *
   * @example
   * const { offsets, sites, minutes } = matrix.demandRows(); // the same arrays on every call
   * const rows = other.demandRows({ shared: true }); // rows.sites.buffer is a SharedArrayBuffer
   */
  demandRows(options: { shared?: boolean } = {}): { readonly offsets: Uint32Array; readonly sites: Uint32Array; readonly minutes: Float64Array } {
    if (this.#demandRows) return this.#demandRows;
    const { cellCount, pairCount, offsets, cells } = this;
    const source = this.minutes;
    for (let k = 0; k < pairCount; k++) {
      const minutes = source[k];
      if (cells[k] >= cellCount || !(minutes >= 0)) {
        let column = 0;
        while (offsets[column + 1] <= k) column++;
        throw new AirreachError('E_MATRIX', 'coverage pair with a cell out of range or bad minutes', {
          value: { cell: cells[k], minutes },
          where: { row: cells[k], column },
        });
      }
    }
    const shared = options.shared === true && typeof SharedArrayBuffer === 'function';
    const minutes = shared ? new Float64Array(new SharedArrayBuffer(pairCount * Float64Array.BYTES_PER_ELEMENT)) : new Float64Array(pairCount);
    const { cellOffsets, sites } = this.#transposeInto(minutes, shared);
    this.#demandRows = { offsets: cellOffsets, sites, minutes };
    return this.#demandRows;
  }

  /** The pairs grouped by cell (ascending by site in each cell), their minutes written into `minutes` (float32 or float64); `shared`: offsets and sites in `SharedArrayBuffer`s. */
  #transposeInto(minutes: Float32Array | Float64Array, shared = false): { cellOffsets: Uint32Array; sites: Uint32Array } {
    const { siteCount, cellCount, pairCount, offsets, cells } = this;
    const uint32 = (length: number) => (shared ? new Uint32Array(new SharedArrayBuffer(length * Uint32Array.BYTES_PER_ELEMENT)) : new Uint32Array(length));
    const cellOffsets = uint32(cellCount + 1);
    for (let k = 0; k < pairCount; k++) cellOffsets[cells[k] + 1]++;
    for (let c = 0; c < cellCount; c++) cellOffsets[c + 1] += cellOffsets[c];
    const fill = cellOffsets.slice(0, cellCount);
    const sites = uint32(pairCount);
    // Visiting sites in order makes every column ascending by site without a sort.
    for (let s = 0; s < siteCount; s++) {
      for (let k = offsets[s], end = offsets[s + 1]; k < end; k++) {
        const at = fill[cells[k]]++;
        sites[at] = s;
        minutes[at] = this.minutes[k];
      }
    }
    return { cellOffsets, sites };
  }

  #demandRows: { offsets: Uint32Array; sites: Uint32Array; minutes: Float64Array } | undefined;
}

/**
 * How {@link CoverageMatrix.allocate} gets its buffer.
 *
 * @example
 * const buffer = CoverageMatrix.reusableBuffer(512 * 2 ** 20);
 * const first = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { into: buffer });
 * const again = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { into: buffer, period: 'night' }); // `first` is overwritten
 */
export interface MatrixAllocationOptions {
  /** A `SharedArrayBuffer`, so worker threads can fill their rows in place. */
  shared?: boolean;
  /**
   * Lay the matrix out in this buffer (an earlier matrix's `data`, or
   * {@link CoverageMatrix.reusableBuffer}) instead of allocating one: a resizable `ArrayBuffer`
   * whose `maxByteLength` is enough (it is resized to the matrix's length), or a fixed-length
   * one of exactly the matrix's length. Whatever matrix lived in it before is overwritten and
   * must not be used again. Too small a buffer is refused with `E_BUFFER_SIZE`. A function is
   * asked with the matrix's byte length (a pool's `take`, see `createMatrixBufferPool`) and
   * may answer `undefined` for a fresh buffer.
   */
  into?: ArrayBuffer | ((byteLength: number) => ArrayBuffer | undefined);
}

/** The resizable-buffer members of ES2024, which the ES2023 library types do not know. */
interface ResizableArrayBuffer extends ArrayBuffer {
  readonly resizable: boolean;
  readonly maxByteLength: number;
  resize(byteLength: number): void;
}

/** `buffer` made exactly `byteLength` long for a matrix, or an `E_BUFFER_SIZE` when it cannot be. */
function reuseBuffer(buffer: ArrayBuffer, byteLength: number): ArrayBuffer {
  if (!(buffer instanceof ArrayBuffer)) {
    throw new AirreachError('E_OPTION', 'into must be an ArrayBuffer (a SharedArrayBuffer cannot be reused here)', {
      value: Object.prototype.toString.call(buffer),
      where: { field: 'into' },
      expected: 'an ArrayBuffer: an earlier matrix\'s data, or CoverageMatrix.reusableBuffer(bytes)',
    });
  }
  const resizable = buffer as ResizableArrayBuffer;
  const room = resizable.resizable ? resizable.maxByteLength : buffer.byteLength;
  if (room < byteLength || (!resizable.resizable && buffer.byteLength !== byteLength)) {
    throw new AirreachError('E_BUFFER_SIZE', room < byteLength ? 'the buffer to reuse is too small for this coverage matrix' : 'a fixed-length buffer can only be reused for a matrix of exactly its length', {
      value: { byteLength: buffer.byteLength, maxByteLength: room, resizable: resizable.resizable },
      where: { field: 'into' },
      expected: `${resizable.resizable ? 'a maxByteLength of at least' : 'exactly'} ${byteLength} bytes`,
      hint: 'Pass CoverageMatrix.reusableBuffer(bytes) with room for the largest matrix, or leave `into` out to allocate a fresh one',
    });
  }
  if (resizable.resizable && buffer.byteLength !== byteLength) resizable.resize(byteLength);
  return buffer;
}

function byteLengthFor(siteCount: number, pairCount: number): number {
  return HEADER_BYTES + (siteCount + 1) * 4 + pairCount * 8;
}
