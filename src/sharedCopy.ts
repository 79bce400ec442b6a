import { isSharedArrayBuffer } from './isSharedArrayBuffer.js';

/** The typed arrays that cross to worker threads. */
type SharableArray = Float64Array | Float32Array | Int32Array | Int16Array | Uint8Array | Uint16Array | Uint32Array;

/**
 * `array` in a `SharedArrayBuffer`, of the same type: the array itself when it already is one,
 * else a copy. A task carrying it reaches a worker without another copy (a plain typed array is
 * copied with every task). Treat it as read-only: the threads that receive it see one memory.
 *
 * @example
 * const shared = sharedCopy(grid.demand); // pool.run({ ..., demand: shared }) copies nothing
 */
export function sharedCopy<T extends SharableArray>(array: T): T {
  if (isSharedArrayBuffer(array.buffer)) return array;
  const Type = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Type(new SharedArrayBuffer(array.byteLength));
  copy.set(array as never);
  return copy;
}
