import { describe, expect, it } from 'vitest';
import { buildCoverage } from '../../src/coverage/buildCoverage.js';
import { buildCellIndex } from '../../src/coverage/buildCellIndex.js';
import { CoverageMatrix } from '../../src/coverage/coverageMatrix.js';
import { createMatrixBufferPool } from '../../src/coverage/matrixBufferPool.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';
import type { Period, Site } from '../../src/travel/aircraft.js';
import { createRandom } from '../../src/random.js';
import { errorOf } from '../errorOf.js';

const random = createRandom(15);
const cellCount = 4000;
const latDeg = Float64Array.from({ length: cellCount }, () => 38.7 + 4.8 * random.float());
const lngDeg = Float64Array.from({ length: cellCount }, () => 118.8 + 7 * random.float());
const grid = { cellCount, latDeg, lngDeg };
const cellIndex = buildCellIndex(grid);
const types = ['H135', 'AW139', 'Mi-171', 'Y-12'];
const sites: Site[] = Array.from({ length: 12 }, (_, s) => ({
  id: `S${s}`,
  name: `site ${s}`,
  latDeg: 38.7 + 4.8 * random.float(),
  lngDeg: 118.8 + 7 * random.float(),
  role: 'existing',
  fleet: [{ aircraftTypeId: types[s % types.length], count: 1 }],
}));
const fresh = (options: { maxMinutes: number; period: Period; sites: Site[] }) =>
  Buffer.from(buildCoverage(grid, options.sites, AIRCRAFT_CATALOGUE, { maxMinutes: options.maxMinutes, period: options.period, cellIndex }).data as ArrayBuffer);

describe('matrix buffer pool', () => {
  it('gives matrices byte-identical to fresh builds, whatever larger or other matrix lived in the buffer before', () => {
    const pool = createMatrixBufferPool({ maxBuffers: 2, maxByteLength: 2 ** 24 });
    // Every buffer the pool hands out is first filled with garbage at its whole reserved length.
    const take = (bytes: number) => {
      const buffer = pool.take(bytes)!;
      const resizable = buffer as ArrayBuffer & { resize(n: number): void; maxByteLength: number };
      const before = buffer.byteLength;
      resizable.resize(Math.max(before, 2 ** 20));
      new Uint8Array(buffer).fill(0xa5);
      resizable.resize(before);
      return buffer;
    };
    // Large, then smaller and other standards, periods and site sets (different pair counts and row counts), then large again.
    const builds = [
      { maxMinutes: 120, period: 'day' as const, sites },
      { maxMinutes: 30, period: 'night' as const, sites },
      { maxMinutes: 60, period: 'day' as const, sites: sites.slice(0, 5) },
      { maxMinutes: 90, period: 'night' as const, sites: sites.slice(3) },
      { maxMinutes: 120, period: 'day' as const, sites },
      { maxMinutes: 45, period: 'day' as const, sites: sites.slice(0, 1) },
    ];
    let first: ArrayBuffer | SharedArrayBuffer | undefined;
    for (const options of builds) {
      const matrix = buildCoverage(grid, options.sites, AIRCRAFT_CATALOGUE, { maxMinutes: options.maxMinutes, period: options.period, cellIndex, into: take });
      expect(Buffer.from(matrix.data as ArrayBuffer).equals(fresh(options)), `${options.period} ${options.maxMinutes} min, ${options.sites.length} sites`).toBe(true);
      expect(CoverageMatrix.from(matrix.data).pairCount).toBe(matrix.pairCount);
      // One buffer goes round: every build after the first is into the pages of the one before.
      first ??= matrix.data;
      expect(matrix.data).toBe(first);
      pool.give(matrix.data);
    }
    expect(pool.size).toBe(1);
  });

  it('hands out the held buffer nearest in length, keeps at most maxBuffers, and leaves buffers it cannot reuse alone', () => {
    const pool = createMatrixBufferPool({ maxBuffers: 2, maxByteLength: 4096 });
    const a = pool.take(1000)!;
    const b = pool.take(3000)!;
    (a as ArrayBuffer & { resize(n: number): void }).resize(1000);
    (b as ArrayBuffer & { resize(n: number): void }).resize(3000);
    pool.give(a);
    pool.give(b);
    pool.give(a);
    pool.give(CoverageMatrix.reusableBuffer(4096));
    expect(pool.size).toBe(2);
    expect(pool.take(2600)).toBe(b);
    expect(pool.take(2600)).toBe(a);
    // Fixed-length and shared buffers are not kept; a matrix over the reserved room gets none (a fresh allocation).
    pool.give(new ArrayBuffer(64));
    pool.give(new SharedArrayBuffer(64));
    expect(pool.size).toBe(0);
    expect(pool.take(5000)).toBeUndefined();
    // A buffer moved to another thread (detached) is not kept either.
    const moved = CoverageMatrix.reusableBuffer(4096);
    structuredClone(moved, { transfer: [moved] });
    pool.give(moved);
    expect(pool.size).toBe(0);
    expect(errorOf(() => createMatrixBufferPool({ maxBuffers: -1 })).code).toBe('E_OPTION');
    expect(errorOf(() => createMatrixBufferPool({ maxByteLength: 8 })).code).toBe('E_OPTION');
  });
});
