import { describe, expect, it } from 'vitest';
import { prefaultMatrix } from '../../../src/engine/tasks/prefaultMatrix.js';
import { handleTask } from '../../../src/engine/handleTask.js';
import { CoverageMatrix } from '../../../src/coverage/coverageMatrix.js';

describe('prefaultMatrix', () => {
  it('touches one byte of every 4 KiB page of its range and changes no byte', () => {
    const matrix = CoverageMatrix.withRowLengths(Float64Array.of(3000, 0, 5001), 9000, 60, { shared: true });
    const before = new Uint8Array(matrix.data).slice();
    const byteStart = matrix.cells.byteOffset;
    const byteEnd = matrix.data.byteLength;
    const { pages } = prefaultMatrix({ kind: 'matrixPrefault', matrixData: matrix.data as SharedArrayBuffer, byteStart, byteEnd });
    // The page of byteStart (partly offsets), then every page boundary up to the end.
    expect(pages).toBe(Math.floor((byteEnd - 1) / 4096) - Math.floor(byteStart / 4096) + 1);
    expect(Buffer.compare(new Uint8Array(matrix.data), before)).toBe(0);
    expect(CoverageMatrix.from(matrix.data).offsets[3]).toBe(8001);
  });

  it('runs as an engine task, clipped to the buffer', async () => {
    const data = new SharedArrayBuffer(3 * 4096 + 10);
    const envelope = await handleTask({ kind: 'matrixPrefault', matrixData: data, byteStart: 100, byteEnd: 1e9 }, { inThread: true });
    expect(envelope).toEqual({ ok: true, value: { pages: 4 } });
  });
});
