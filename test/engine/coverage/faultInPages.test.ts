import { describe, expect, it } from 'vitest';
import { faultInPages } from '../../../src/engine/coverage/faultInPages.js';
import { CoverageMatrix } from '../../../src/coverage/coverageMatrix.js';

describe('faultInPages', () => {
  it('touches one byte of every 4 KiB page of its range and changes no byte', () => {
    const matrix = CoverageMatrix.withRowLengths(Float64Array.of(3000, 0, 5001), 9000, 60, { shared: true });
    const before = new Uint8Array(matrix.data).slice();
    const byteStart = matrix.cells.byteOffset;
    const byteEnd = matrix.data.byteLength;
    const pages = faultInPages(new Uint8Array(matrix.data), byteStart, byteEnd);
    // The page of byteStart (partly offsets), then every page boundary up to the end.
    expect(pages).toBe(Math.floor((byteEnd - 1) / 4096) - Math.floor(byteStart / 4096) + 1);
    expect(Buffer.compare(new Uint8Array(matrix.data), before)).toBe(0);
    expect(CoverageMatrix.from(matrix.data).offsets[3]).toBe(8001);
    expect(faultInPages(new Uint8Array(matrix.data), byteStart, byteStart + 1)).toBe(1);
    expect(faultInPages(new Uint8Array(matrix.data), byteStart, byteStart)).toBe(0);
  });
});
