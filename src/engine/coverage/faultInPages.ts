const PAGE_BYTES = 4096;

/**
 * Writes a zero to one byte of every 4 KiB page that `[byteStart, byteEnd)` touches, and
 * returns how many pages: the page faults of a fresh buffer taken as a pass of their own
 * (`coverageFillQueue` runs it over the pairs of a fresh shared matrix before any fill). Only
 * for bytes nothing has written yet: they are zero, so the writes change nothing.
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
