import { describe, expect, it } from 'vitest';
import { sharedCopy } from '../src/sharedCopy.js';

describe('sharedCopy', () => {
  it('copies a plain typed array into shared memory, same type and values, and returns a shared one as it is', () => {
    for (const array of [Float64Array.of(1.5, -2), Int16Array.of(-3, 7), Uint8Array.of(9), new Uint32Array(0)]) {
      const copy = sharedCopy(array);
      expect(copy).not.toBe(array);
      expect(copy.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(copy.constructor).toBe(array.constructor);
      expect(Array.from(copy)).toEqual(Array.from(array));
      expect(sharedCopy(copy)).toBe(copy);
    }
  });
});
