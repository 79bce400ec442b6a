/**
 * Whether `buffer` is a SharedArrayBuffer (false where the runtime has none): memory that other
 * threads see, so a task writing into it writes into the caller's buffer, not into a copy.
 *
 * @example
 * isSharedArrayBuffer(CoverageMatrix.allocate(1, 10, 0, 60, { shared: true }).data); // true
 */
export function isSharedArrayBuffer(buffer: unknown): buffer is SharedArrayBuffer {
  return typeof SharedArrayBuffer === 'function' && buffer instanceof SharedArrayBuffer;
}
