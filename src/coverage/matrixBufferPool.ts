import { AirreachError } from '../errors.js';
import { resolveOptions } from '../resolveOptions.js';
import { CoverageMatrix } from './coverageMatrix.js';

/**
 * Buffers of coverage matrices that are no longer used, kept to build the next matrices into
 * (`buildCoverage`'s `into: (bytes) => pool.take(bytes)`): a rebuild into pages already mapped
 * skips the page faults of fresh memory, most of a one-thread build's time on a small VM.
 * Every buffer is a resizable `ArrayBuffer` (`CoverageMatrix.reusableBuffer`); V8 unmaps what a
 * shrink cuts off, so `take` hands out the held buffer whose length is nearest the matrix's.
 * A build writes every byte of its matrix (header, offsets, every pair of every row: the fill
 * checks each row's count), so nothing of an earlier matrix survives in the new one.
 *
 * @example
 * const pool = createMatrixBufferPool();
 * const day = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { into: (bytes) => pool.take(bytes) });
 * pool.give(day.data); // when nothing reads `day` any more
 */
export interface MatrixBufferPool {
  /** A held buffer for a matrix of `byteLength` bytes (removed from the pool), a new reusable one when none is held, or `undefined` (allocate a fresh one) when over `maxByteLength`. */
  take(byteLength: number): ArrayBuffer | undefined;
  /** Returns a matrix's buffer to the pool; the matrix must not be read again. Buffers the pool cannot reuse (fixed-length or shared) are left alone. */
  give(buffer: ArrayBuffer | SharedArrayBuffer): void;
  /** Buffers held now. */
  readonly size: number;
}

/** Options of {@link createMatrixBufferPool}. */
export interface MatrixBufferPoolOptions {
  /** Buffers held at most; more given back are left to the garbage collector. */
  maxBuffers?: number;
  /** Room reserved by each buffer (address space, not memory): larger matrices get fresh buffers. */
  maxByteLength?: number;
}

/** Defaults of {@link createMatrixBufferPool}: 4 buffers (a scenario's day and night matrices and a siting pair), 1 GiB each. */
export const DEFAULT_MATRIX_BUFFER_POOL_OPTIONS: Required<MatrixBufferPoolOptions> = { maxBuffers: 4, maxByteLength: 2 ** 30 };

interface ResizableBuffer extends ArrayBuffer {
  readonly resizable: boolean;
  readonly maxByteLength: number;
}

/**
 * Makes a {@link MatrixBufferPool}: one per thread (a batch thread keeps its pool across its
 * scenarios).
 *
 * @example
 * const pool = createMatrixBufferPool({ maxBuffers: 2 });
 */
export function createMatrixBufferPool(options: MatrixBufferPoolOptions = {}): MatrixBufferPool {
  const { maxBuffers, maxByteLength } = resolveOptions(DEFAULT_MATRIX_BUFFER_POOL_OPTIONS, options);
  if (!Number.isInteger(maxBuffers) || maxBuffers < 0) {
    throw new AirreachError('E_OPTION', 'maxBuffers must be a whole number ≥ 0', { value: maxBuffers, where: { field: 'maxBuffers' } });
  }
  if (!Number.isSafeInteger(maxByteLength) || maxByteLength < 32) {
    throw new AirreachError('E_OPTION', 'maxByteLength must be a whole number of bytes', { value: maxByteLength, where: { field: 'maxByteLength' }, expected: 'at least a matrix header (32 bytes)' });
  }
  const held: ResizableBuffer[] = [];
  return {
    take(byteLength) {
      let best = -1;
      for (let k = 0; k < held.length; k++) {
        if (held[k].maxByteLength < byteLength) continue;
        // Nearest in length: a shrink unmaps the tail and a growth faults it in, both by the difference.
        if (best < 0 || Math.abs(held[k].byteLength - byteLength) < Math.abs(held[best].byteLength - byteLength)) best = k;
      }
      if (best >= 0) return held.splice(best, 1)[0];
      return byteLength <= maxByteLength ? CoverageMatrix.reusableBuffer(maxByteLength) : undefined;
    },
    give(buffer) {
      // A detached buffer (moved to another thread) has no room left.
      if (!(buffer instanceof ArrayBuffer) || !(buffer as ResizableBuffer).resizable || (buffer as ResizableBuffer).maxByteLength === 0 || held.includes(buffer as ResizableBuffer)) return;
      if (held.length < maxBuffers) held.push(buffer as ResizableBuffer);
    },
    get size() {
      return held.length;
    },
  };
}
