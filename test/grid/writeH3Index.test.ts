import { describe, expect, it } from 'vitest';
import { splitLongToH3Index } from 'h3-js';
import { writeH3Index } from '../../src/grid/writeH3Index.js';
import { createRandom } from '../../src/random.js';

describe('writeH3Index', () => {
  it('writes what splitLongToH3Index makes of unsigned 32-bit halves, leading zeros of the upper half dropped', () => {
    const random = createRandom(31);
    const halves = [0, 1, 15, 16, 0xff, 0x0872a107, 0x2bffffff, 0x7fffffff, 0x80000000, 0xffffffff];
    const pairs: Array<[number, number]> = [];
    for (const low of halves) for (const high of halves) pairs.push([low, high]);
    for (let k = 0; k < 20_000; k++) pairs.push([Math.floor(random.float() * 2 ** 32), Math.floor(random.float() * 2 ** random.int(0, 32))]);
    const bytes = new Uint8Array(24);
    for (const [low, high] of pairs) {
      const end = writeH3Index(bytes, 4, low, high);
      expect(Buffer.from(bytes.subarray(4, end)).toString('latin1')).toBe(splitLongToH3Index(low, high));
    }
  });
});
