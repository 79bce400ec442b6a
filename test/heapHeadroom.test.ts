import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { checkHeapHeadroom, heapHeadroomBytes } from '../src/heapHeadroom.js';
import { errorOf } from './errorOf.js';

/** A full collection, by V8's `gc` (what `node --expose-gc` gives), for a measure of live objects. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** `count` small objects (115 bytes each with their arrays), held until all are made, then dropped. */
function leaveGarbage(count: number): void {
  const held: Array<{ index: number; pair: number[] }> = [];
  for (let i = 0; i < count; i++) held.push({ index: i, pair: [i, i + 0.5] });
}

describe('heapHeadroomBytes', () => {
  it('is the heap limit less what is in use and less the young generation', () => {
    const { heap_size_limit: limit, used_heap_size: used } = getHeapStatistics();
    const headroom = heapHeadroomBytes();
    expect(headroom).toBeGreaterThan(0);
    expect(headroom).toBeLessThanOrEqual(limit - used);
    // The young generation (48 MiB) is the only other deduction: used grows a little between the two reads.
    expect(limit - used - headroom).toBeGreaterThanOrEqual(40 * 2 ** 20);
    expect(limit - used - headroom).toBeLessThanOrEqual(56 * 2 ** 20);
  });
});

describe('checkHeapHeadroom', () => {
  const check = { step: 'reading and parsing this layer', where: { file: 'mines.geojson' }, from: '100.0 MiB of text', shrink: 'Simplify or split the layer' };

  it('lets an estimate within the headroom through', () => {
    expect(() => checkHeapHeadroom({ ...check, estimateBytes: 2 ** 20, heapAvailableBytes: 2 ** 21 })).not.toThrow();
    expect(() => checkHeapHeadroom({ ...check, estimateBytes: 2 ** 21, heapAvailableBytes: 2 ** 21 })).not.toThrow();
  });

  it('refuses a larger one with E_MEMORY_BUDGET naming the file, the step, the estimate, the headroom, the limit and the flags', () => {
    const error = errorOf(() => checkHeapHeadroom({ ...check, estimateBytes: 600 * 2 ** 20, heapAvailableBytes: 200 * 2 ** 20 }));
    expect(error.code).toBe('E_MEMORY_BUDGET');
    expect(error.where).toEqual({ file: 'mines.geojson' });
    expect(error.value).toBe(600 * 2 ** 20);
    expect(error.brief).toBe('reading and parsing this layer would take about 600 MiB of JS heap (100.0 MiB of text), more than the 200 MiB this thread has left');
    const limitMiB = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
    expect(error.expected).toBe(`at most 200 MiB (the heap limit of ${limitMiB.toLocaleString('en-US')} MiB less what is in use)`);
    // A limit 400 MiB higher would do; a quarter more, in steps of 512 MiB.
    const suggested = Math.ceil(((limitMiB + 400) * 1.25) / 512) * 512;
    expect(error.hint).toBe(`Simplify or split the layer; or raise the heap limit if the machine has the memory: NODE_OPTIONS=--max-old-space-size=${suggested} before the airreach command (a queue worker: airreach worker --worker-heap-mib ${suggested}); a library caller may pass heapAvailableBytes`);
  });

  it('checks against what the thread has left when not told', () => {
    expect(() => checkHeapHeadroom({ ...check, estimateBytes: 1 })).not.toThrow();
    expect(errorOf(() => checkHeapHeadroom({ ...check, estimateBytes: getHeapStatistics().heap_size_limit })).code).toBe('E_MEMORY_BUDGET');
  });

  it('decides a refusal on live objects: garbage that V8 still counts as used refuses nothing', () => {
    const MiB = 2 ** 20;
    collectGarbage();
    const live = heapHeadroomBytes();
    leaveGarbage(1_000_000);
    // V8's figures still count it (no allocation, hence no collection, since): the quick
    // headroom is short of the live one by most of its 115 MB.
    const quick = heapHeadroomBytes();
    expect(live - quick).toBeGreaterThan(64 * MiB);
    // An estimate between the two fits once the garbage is gone: let through, not refused.
    const fits = quick + 32 * MiB;
    expect(() => checkHeapHeadroom({ ...check, estimateBytes: fits })).not.toThrow();
    // What is too large for the live heap is still refused, with the live headroom in the message.
    leaveGarbage(1_000_000);
    const error = errorOf(() => checkHeapHeadroom({ ...check, estimateBytes: live + 64 * MiB }));
    expect(error.code).toBe('E_MEMORY_BUDGET');
    const leftMiB = Number(/more than the ([\d,]+) MiB/.exec(error.brief)?.[1].replaceAll(',', ''));
    expect(leftMiB * MiB).toBeGreaterThan(fits);
    // The measure itself, on request.
    leaveGarbage(1_000_000);
    expect(heapHeadroomBytes()).toBeLessThan(fits);
    expect(heapHeadroomBytes({ collectGarbage: true })).toBeGreaterThan(fits);
  });

  it('takes the caller\'s headroom as given: no collection, no second measure', () => {
    expect(errorOf(() => checkHeapHeadroom({ ...check, estimateBytes: 2 ** 21, heapAvailableBytes: 2 ** 20 })).code).toBe('E_MEMORY_BUDGET');
  });

  it('refuses a headroom that is not a number of bytes', () => {
    expect(errorOf(() => checkHeapHeadroom({ ...check, estimateBytes: 1, heapAvailableBytes: -1 })).code).toBe('E_OPTION');
    expect(errorOf(() => checkHeapHeadroom({ ...check, estimateBytes: 1, heapAvailableBytes: Number.NaN })).code).toBe('E_OPTION');
  });
});
