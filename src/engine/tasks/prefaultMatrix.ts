import { AirreachError } from '../../errors.js';
import { CoverageMatrix } from '../../coverage/coverageMatrix.js';
import type { MatrixPrefaultTask } from '../engineTask.js';

const PAGE_BYTES = 4096;

/**
 * Faults in the memory pages of bytes `[byteStart, byteEnd)` of a fresh shared matrix's pairs
 * by writing a zero to one byte of each 4 KiB page, and returns how many pages it touched.
 * Only for pairs no fill has written yet: they are zero, so the writes change nothing.
 * `E_BUFFER` when `matrixData` is not a shared coverage matrix; `E_OPTION` when the range is
 * not whole bytes inside its pairs.
 *
 * @example
 * prefaultMatrix({ kind: 'matrixPrefault', matrixData, byteStart: matrix.cells.byteOffset, byteEnd: matrixData.byteLength });
 */
export function prefaultMatrix(task: MatrixPrefaultTask): { pages: number } {
  if (!(typeof SharedArrayBuffer === 'function' && task.matrixData instanceof SharedArrayBuffer)) {
    throw new AirreachError('E_BUFFER', 'a prefault task needs the SharedArrayBuffer of a coverage matrix', {
      value: Object.prototype.toString.call(task.matrixData),
      where: { field: 'matrixData' },
      hint: 'Allocate the matrix with CoverageMatrix.withRowLengths(…, { shared: true }) and send its data',
    });
  }
  // Checks the header; the pairs start where the cells do.
  const pairsStart = CoverageMatrix.from(task.matrixData).cells.byteOffset;
  const { byteStart, byteEnd } = task;
  if (!Number.isInteger(byteStart) || !Number.isInteger(byteEnd) || byteStart < pairsStart || byteStart > byteEnd || byteEnd > task.matrixData.byteLength) {
    throw new AirreachError('E_OPTION', 'the prefault range lies outside the matrix\'s pairs', {
      value: { byteStart, byteEnd },
      where: { field: 'byteStart/byteEnd' },
      expected: `whole bytes with ${pairsStart} ≤ byteStart ≤ byteEnd ≤ ${task.matrixData.byteLength}`,
    });
  }
  return { pages: faultInPages(new Uint8Array(task.matrixData), byteStart, byteEnd) };
}

/**
 * Writes a zero to one byte of every 4 KiB page that `[byteStart, byteEnd)` touches, and
 * returns how many pages. Only for bytes nothing has written yet (they are zero).
 *
 * @example
 * faultInPages(new Uint8Array(matrix.data), matrix.cells.byteOffset, matrix.data.byteLength);
 */
export function faultInPages(bytes: Uint8Array, byteStart: number, byteEnd: number): number {
  let pages = 0;
  // A write, never a read first: a read maps the shared zero page, and the write after it
  // faults again and flushes the other threads' TLBs (measured here: 320 MiB read-then-written
  // took 415–531 ms on two threads against 327–361 ms on one; written only, 130–136 ms on two).
  for (let byte = byteStart; byte < byteEnd; byte = (Math.floor(byte / PAGE_BYTES) + 1) * PAGE_BYTES) {
    bytes[byte] = 0;
    pages++;
  }
  return pages;
}
