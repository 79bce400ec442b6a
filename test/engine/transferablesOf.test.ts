import { describe, expect, it } from 'vitest';
import { DEFAULT_TRANSFERABLES_OF_OPTIONS, transferablesOf } from '../../src/engine/transferablesOf.js';

describe('transferablesOf', () => {
  const large = DEFAULT_TRANSFERABLES_OF_OPTIONS.minBytes;

  it('lists each large ArrayBuffer once, at any depth, and leaves SharedArrayBuffers out', () => {
    const a = new ArrayBuffer(large);
    const b = new Float64Array(large / 8);
    const shared = new Int32Array(new SharedArrayBuffer(large));
    const list = transferablesOf({ a, nested: [{ b, again: b.subarray(1) }, [a]], shared, text: 'x', n: 3, none: null });
    expect(list).toHaveLength(2);
    expect(list).toContain(a);
    expect(list).toContain(b.buffer);
  });

  it('copies small buffers instead of moving them, so that a result of many small arrays is not quadratic to post', () => {
    // postMessage checks its transfer list for duplicates pairwise: 300,000 small hazard areas
    // gave grid-task results of about 25,000 buffers each, and the CLI's main thread spent
    // 149 s of CPU in postMessage relaying them (its signals waited behind it).
    const many = Array.from({ length: 10_000 }, (_item, k) => ({ cells: new Float64Array(k % 7), shares: new Float64Array(3) }));
    const big = new Uint8Array(large);
    const list = transferablesOf({ many, big });
    expect(list).toEqual([big.buffer]);
    expect(transferablesOf({ many }, { minBytes: 0 })).toHaveLength(20_000);
  });

  it('always moves a resizable buffer (a reusable matrix buffer keeps its room), however small', () => {
    const resizable = new (ArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => ArrayBuffer)(16, { maxByteLength: 1024 });
    expect(transferablesOf({ resizable: new Uint8Array(resizable) })).toEqual([resizable]);
  });

  it('refuses a negative or non-finite minBytes (E_OPTION)', () => {
    expect(() => transferablesOf({}, { minBytes: -1 })).toThrow(/E_OPTION/);
    expect(() => transferablesOf({}, { minBytes: Number.NaN })).toThrow(/E_OPTION/);
  });
});
