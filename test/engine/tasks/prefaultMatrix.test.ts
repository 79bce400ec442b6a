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

  it('runs as an engine task, and refuses a buffer that is not a shared matrix or a range outside its pairs', async () => {
    const matrix = CoverageMatrix.withRowLengths(Float64Array.of(5000), 9000, 60, { shared: true });
    const matrixData = matrix.data as SharedArrayBuffer;
    const byteStart = matrix.cells.byteOffset;
    expect(await handleTask({ kind: 'matrixPrefault', matrixData, byteStart, byteEnd: byteStart + 1 }, { inThread: true })).toEqual({ ok: true, value: { pages: 1 } });
    const refused = async (task: Record<string, unknown>) => {
      const envelope = await handleTask({ kind: 'matrixPrefault', matrixData, byteStart, byteEnd: matrixData.byteLength, ...task } as never, { inThread: true });
      return envelope.ok ? null : envelope.error;
    };
    expect(await refused({ matrixData: new SharedArrayBuffer(3 * 4096) })).toMatchObject({ code: 'E_BUFFER' });
    expect(await refused({ matrixData: new ArrayBuffer(4096) })).toMatchObject({ code: 'E_BUFFER', where: { field: 'matrixData' } });
    expect(await refused({ byteEnd: 1e9 })).toMatchObject({ code: 'E_OPTION', where: { field: 'byteStart/byteEnd' } });
    // The header and row offsets are not pairs: zeroing a byte there would break the matrix.
    expect(await refused({ byteStart: 0 })).toMatchObject({ code: 'E_OPTION' });
    expect(CoverageMatrix.from(matrixData).offsets[1]).toBe(5000);
  });
});
