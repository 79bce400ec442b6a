import type { MatrixPrefaultTask } from '../engineTask.js';

const PAGE_BYTES = 4096;

/**
 * Faults in the memory pages of bytes `[byteStart, byteEnd)` of a fresh shared matrix's pairs
 * by writing a zero to one byte of each 4 KiB page, and returns how many pages it touched.
 * Only for pairs no fill has written yet: they are zero, so the writes change nothing.
 *
 * @example
 * prefaultMatrix({ kind: 'matrixPrefault', matrixData, byteStart: matrix.cells.byteOffset, byteEnd: matrixData.byteLength });
 */
export function prefaultMatrix(task: MatrixPrefaultTask): { pages: number } {
  const bytes = new Uint8Array(task.matrixData);
  const end = Math.min(task.byteEnd, bytes.length);
  let pages = 0;
  // A write, never a read first: a read maps the shared zero page, and the write after it
  // faults again and flushes the other threads' TLBs (measured here: 320 MiB read-then-written
  // took 415–531 ms on two threads against 327–361 ms on one; written only, 130–136 ms on two).
  for (let byte = Math.max(0, task.byteStart); byte < end; byte = (Math.floor(byte / PAGE_BYTES) + 1) * PAGE_BYTES) {
    bytes[byte] = 0;
    pages++;
  }
  return { pages };
}
