import { describe, expect, it } from 'vitest';
import { CoverageMatrix } from '../../src/coverage/coverageMatrix.js';
import { AirreachError } from '../../src/errors.js';
import { createRandom } from '../../src/random.js';

const rows = [
  { cells: Uint32Array.of(0, 2), minutes: Float32Array.of(12, 48) },
  { cells: Uint32Array.of(), minutes: Float32Array.of() },
  { cells: Uint32Array.of(1, 2), minutes: Float32Array.of(30, 60) },
];

describe('CoverageMatrix', () => {
  it('packs rows and rebuilds them from the buffer alone', () => {
    const matrix = CoverageMatrix.fromRows(3, 4, rows, 60);
    const copy = CoverageMatrix.from(structuredClone(matrix.data));
    expect(copy.siteCount).toBe(3);
    expect(copy.cellCount).toBe(4);
    expect(copy.pairCount).toBe(4);
    expect(copy.maxMinutes).toBe(60);
    expect(Array.from(copy.offsets)).toEqual([0, 2, 2, 4]);
    expect(copy.minutesAt(2, 2)).toBe(60);
    expect(copy.minutesAt(1, 0)).toBe(Infinity);
  });

  it('costs 8 bytes per stored pair plus a fixed header and one offset per site', () => {
    const matrix = CoverageMatrix.fromRows(3, 4, rows, 60);
    expect(matrix.data.byteLength).toBe(32 + 4 * 4 + 4 * 8);
  });

  it('joins site shards into the same bytes as a single build', () => {
    const whole = CoverageMatrix.fromRows(3, 4, rows, 60);
    const joined = CoverageMatrix.concat([
      CoverageMatrix.fromRows(1, 4, rows.slice(0, 1), 60),
      CoverageMatrix.fromRows(2, 4, rows.slice(1), 60),
    ]);
    expect(Buffer.from(joined.data as ArrayBuffer).equals(Buffer.from(whole.data as ArrayBuffer))).toBe(true);
  });

  it('groups pairs by cell, ascending by site', () => {
    const { cellOffsets, sites, minutes } = CoverageMatrix.fromRows(3, 4, rows, 60).byCell();
    expect(Array.from(cellOffsets)).toEqual([0, 1, 2, 4, 4]);
    expect(Array.from(sites)).toEqual([0, 2, 0, 2]);
    expect(Array.from(minutes)).toEqual([12, 30, 48, 60]);
  });

  it('groups pairs by cell once per matrix (demandRows, float64 minutes), as a brute-force transposition, and byCell agrees', () => {
    const random = createRandom(18);
    const siteCount = 7;
    const cellCount = 40;
    const randomRows = Array.from({ length: siteCount }, () => {
      // Rows in no particular cell order, as builds write them.
      const cells = Array.from({ length: cellCount }, (_, c) => c).filter(() => random.float() < 0.6);
      for (let i = cells.length - 1; i > 0; i--) {
        const j = Math.floor(random.float() * (i + 1));
        [cells[i], cells[j]] = [cells[j], cells[i]];
      }
      return { cells: Uint32Array.from(cells), minutes: Float32Array.from(cells, () => Math.fround(random.float() * 60)) };
    });
    const matrix = CoverageMatrix.fromRows(siteCount, cellCount, randomRows, 60);
    const expected: Array<Array<[number, number]>> = Array.from({ length: cellCount }, () => []);
    randomRows.forEach((row, s) => row.cells.forEach((c, k) => expected[c].push([s, row.minutes[k]])));
    const rows = matrix.demandRows();
    expect(matrix.demandRows()).toBe(rows);
    expect(rows.minutes).toBeInstanceOf(Float64Array);
    const byCell = matrix.byCell();
    for (let c = 0; c < cellCount; c++) {
      const got: Array<[number, number]> = [];
      for (let k = rows.offsets[c]; k < rows.offsets[c + 1]; k++) got.push([rows.sites[k], rows.minutes[k]]);
      expect(got).toEqual(expected[c]);
    }
    expect(Array.from(byCell.cellOffsets)).toEqual(Array.from(rows.offsets));
    expect(Array.from(byCell.sites)).toEqual(Array.from(rows.sites));
    expect(Array.from(byCell.minutes)).toEqual(Array.from(rows.minutes));
  });

  it('makes demandRows in shared memory when the first call asks (shared), with the same values; later calls keep what was made', () => {
    const make = () => CoverageMatrix.fromRows(3, 4, rows, 60);
    const plain = make().demandRows();
    const matrix = make();
    const shared = matrix.demandRows({ shared: true });
    for (const name of ['offsets', 'sites', 'minutes'] as const) {
      expect(shared[name].buffer, name).toBeInstanceOf(SharedArrayBuffer);
      expect(shared[name].constructor, name).toBe(plain[name].constructor);
      expect(Array.from(shared[name]), name).toEqual(Array.from(plain[name]));
      expect(plain[name].buffer, name).not.toBeInstanceOf(SharedArrayBuffer);
    }
    // The first call decides: the rows are made once per matrix.
    expect(matrix.demandRows()).toBe(shared);
    const first = make();
    const kept = first.demandRows();
    expect(first.demandRows({ shared: true })).toBe(kept);
  });

  it('refuses bad pairs in demandRows (E_MATRIX), every time: nothing is kept', () => {
    const bad = CoverageMatrix.fromRows(2, 3, [{ cells: Uint32Array.of(0), minutes: Float32Array.of(5) }, { cells: Uint32Array.of(1), minutes: Float32Array.of(Number.NaN) }], 60);
    for (let i = 0; i < 2; i++) expect(() => bad.demandRows()).toThrowError(expect.objectContaining({ code: 'E_MATRIX', where: { row: 1, column: 1 } }));
  });

  it('refuses a buffer that is not a coverage matrix, with a code', () => {
    expect(() => CoverageMatrix.from(new ArrayBuffer(64))).toThrow(AirreachError);
    try {
      CoverageMatrix.from(new ArrayBuffer(8));
    } catch (error) {
      expect((error as AirreachError).code).toBe('E_BUFFER');
    }
  });

  it('sets the offsets from row lengths, and refuses more pairs than uint32 offsets address (E_MATRIX) before allocating', () => {
    const matrix = CoverageMatrix.withRowLengths([2, 0, 3], 10, 60);
    expect(Array.from(matrix.offsets)).toEqual([0, 2, 2, 5]);
    expect(matrix.pairCount).toBe(5);
    expect(() => CoverageMatrix.withRowLengths([2 ** 31, 2 ** 31], 10, 60)).toThrowError(expect.objectContaining({ code: 'E_MATRIX', value: 2 ** 32 }));
  });

  it('refuses a truncated buffer', () => {
    const data = CoverageMatrix.fromRows(3, 4, rows, 60).data.slice(0, 60);
    expect(() => CoverageMatrix.from(data)).toThrow(/wrong length/);
  });
});
