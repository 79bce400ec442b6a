import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCoverage } from '../../../src/coverage/buildCoverage.js';
import { buildCoverageParallel } from '../../../src/engine/coverage/buildCoverageParallel.js';
import { createPool, type AirreachPool } from '../../../src/engine/createPool.js';
import { estimateCoveragePairs } from '../../../src/engine/coverage/estimateCoveragePairs.js';
import { AIRCRAFT_CATALOGUE } from '../../../src/travel/aircraftCatalogue.js';
import type { Period } from '../../../src/travel/aircraft.js';
import { liaoningBox, randomGrid, randomSites } from '../engineFixtures.js';

const grid = randomGrid(7, 6000, liaoningBox);
const sites = randomSites(8, 13, liaoningBox);
const run = promisify(execFile);
const bytes = (data: ArrayBufferLike) => Buffer.from(new Uint8Array(data));

describe('buildCoverageParallel', () => {
  let pool: AirreachPool;
  beforeAll(() => {
    pool = createPool({ threads: 2 });
  });
  afterAll(() => pool.close());

  it.each<[Period, number]>([
    ['day', 60],
    ['night', 120],
  ])('is byte-identical to buildCoverage at 0, 1 and 2 threads (%s, %i min), whatever the shard count', async (period, maxMinutes) => {
    const expected = bytes(buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { period, maxMinutes }).data);
    expect(expected.length).toBeGreaterThan(1000);
    for (const threads of [0, 1]) {
      const matrix = await buildCoverageParallel(grid, sites, AIRCRAFT_CATALOGUE, { period, maxMinutes, threads, minParallelPairs: 0 });
      expect(bytes(matrix.data).equals(expected)).toBe(true);
    }
    for (const shardsPerThread of [1, 3, 7]) {
      const matrix = await buildCoverageParallel(grid, sites, AIRCRAFT_CATALOGUE, { period, maxMinutes, pool, minParallelPairs: 0, shardsPerThread });
      expect(bytes(matrix.data).equals(expected)).toBe(true);
    }
    expect(pool.started).toBe(true);
  });

  it('completes two builds at once on one 2-thread pool (no thread waits for a task that cannot start), each with its own bytes', async () => {
    const night = bytes(buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { period: 'night', maxMinutes: 120 }).data);
    const day = bytes(buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { period: 'day', maxMinutes: 60 }).data);
    const [a, b] = await Promise.all([
      buildCoverageParallel(grid, sites, AIRCRAFT_CATALOGUE, { period: 'night', maxMinutes: 120, pool, minParallelPairs: 0 }),
      buildCoverageParallel(grid, sites, AIRCRAFT_CATALOGUE, { period: 'day', maxMinutes: 60, pool, minParallelPairs: 0 }),
    ]);
    expect(bytes(a.data).equals(night)).toBe(true);
    expect(bytes(b.data).equals(day)).toBe(true);
  });

  it('runs a job estimated below minParallelPairs in the caller thread, without starting workers', async () => {
    const idle = createPool({ threads: 2 });
    try {
      const estimate = estimateCoveragePairs(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60 });
      expect(estimate).toBeGreaterThan(0);
      const matrix = await buildCoverageParallel(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60, pool: idle, minParallelPairs: estimate + 1 });
      expect(idle.started).toBe(false);
      expect(bytes(matrix.data).equals(bytes(buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60 }).data))).toBe(true);
      // The default threshold keeps this small job (thousands of pairs) in-thread too.
      await buildCoverageParallel(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60, pool: idle });
      expect(idle.started).toBe(false);
    } finally {
      await idle.close();
    }
  });

  it('estimates the work near the real pair count on a uniform grid', () => {
    const estimate = estimateCoveragePairs(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60 });
    const actual = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60 }).pairCount;
    // Sites near the box edge reach fewer cells than the disc: the estimate is an upper-ish guess.
    expect(estimate).toBeGreaterThan(actual * 0.7);
    expect(estimate).toBeLessThan(actual * 2.5);
  });

  it('fails with the error of the failing shard, naming the shard and the site', async () => {
    const bad = sites.map((site) => ({ ...site }));
    bad[11] = { ...bad[11], latDeg: 123.4, lngDeg: 41.2 };
    const failure = buildCoverageParallel(grid, bad, AIRCRAFT_CATALOGUE, { maxMinutes: 60, pool, minParallelPairs: 0, shardsPerThread: 2 });
    await expect(failure).rejects.toMatchObject({ code: 'E_SITE', where: { field: 'sites/11/latDeg' } });
    // One count shard per thread: sites 6–12 are the second of two.
    await expect(failure).rejects.toThrow(/coverage count 2\/2 \(sites 6–12, day\) failed: .*site 11/);
    // The pool is still usable afterwards.
    const matrix = await buildCoverageParallel(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60, pool, minParallelPairs: 0 });
    expect(matrix.siteCount).toBe(sites.length);
  });

  it('rejects E_ABORTED when the signal is already aborted, and on abort while shards run', async () => {
    await expect(buildCoverageParallel(grid, sites, AIRCRAFT_CATALOGUE, { pool, signal: AbortSignal.abort(), minParallelPairs: 0 })).rejects.toThrow();
    const controller = new AbortController();
    const run = buildCoverageParallel(grid, sites, AIRCRAFT_CATALOGUE, { pool, signal: controller.signal, minParallelPairs: 0, maxMinutes: 240 });
    controller.abort();
    await expect(run).rejects.toMatchObject({ code: 'E_ABORTED' });
  });

  it('leaves no copy of the shared matrix alive in the workers once the caller drops it', async () => {
    // In a process of its own: other test files' buffers would blur a process-wide figure.
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(new URL('./sharedMatrixRelease.ts', import.meta.url))]);
    const { bytes, shared, held, after } = JSON.parse(stdout) as { bytes: number; shared: boolean; held: number; after: number };
    expect(shared).toBe(true);
    expect(bytes).toBeGreaterThan(16 * 2 ** 20);
    expect(after).toBeLessThan(held - 0.9 * bytes);
  }, 60_000);
});
