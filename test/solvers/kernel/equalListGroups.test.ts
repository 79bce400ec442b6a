import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/random.js';
import { EqualListGroups } from '../../../src/solvers/kernel/equalListGroups.js';

describe('EqualListGroups', () => {
  it('numbers the distinct lists in the order first seen, against a string-keyed oracle, through hash collisions', () => {
    const random = createRandom(11);
    const groups = new EqualListGroups();
    const oracle = new Map<string, number>();
    const buffer = new Uint32Array(12);
    // 300,000 lists: 32-bit hashes of this many distinct lists collide a few times (birthday
    // bound), and each collision must still give two groups.
    for (let n = 0; n < 300_000; n++) {
      const length = Math.floor(random.float() * 6);
      const offset = Math.floor(random.float() * 3);
      for (let k = 0; k < length; k++) buffer[offset + k] = Math.floor(random.float() * (k === 0 ? 40 : 2 ** 32));
      if (random.float() < 0.5 && length > 0) buffer[offset] = 7; // many repeats of short lists
      const key = Array.from(buffer.subarray(offset, offset + length)).join(',');
      const expected = oracle.get(key) ?? oracle.size;
      if (!oracle.has(key)) oracle.set(key, expected);
      const group = groups.add(buffer, offset, offset + length);
      if (group !== expected) expect(group, `list ${n} [${key}]`).toBe(expected);
      if (groups.size(group) !== length) expect(groups.size(group)).toBe(length);
    }
    expect(groups.count).toBe(oracle.size);
    expect(oracle.size).toBeGreaterThan(100_000);
  });

  it('tells apart lists with equal hashes: every list of one hash bucket stays its own group', () => {
    // Lists that differ only after a common prefix, and the empty list, plain arrays included.
    const groups = new EqualListGroups();
    expect(groups.add([], 0, 0)).toBe(0);
    expect(groups.add([1, 2, 3], 0, 3)).toBe(1);
    expect(groups.add([1, 2], 0, 2)).toBe(2);
    expect(groups.add([9, 1, 2, 3], 1, 4)).toBe(1);
    expect(groups.add([0], 0, 0)).toBe(0);
    expect(groups.add([3, 2, 1], 0, 3)).toBe(3);
    expect(groups.count).toBe(4);
  });
});
