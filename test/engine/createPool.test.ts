import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCoverage } from '../../src/coverage/buildCoverage.js';
import { buildCellIndex } from '../../src/coverage/buildCellIndex.js';
import { CoverageMatrix } from '../../src/coverage/coverageMatrix.js';
import { createPool, isWorkerOutOfMemory, type AirreachPool } from '../../src/engine/createPool.js';
import { MAX_POOL_THREADS } from '../../src/engine/maxPoolThreads.js';
import type { CoverageShardResult } from '../../src/engine/coverage/coverageTasks.js';
import { envelopeOf } from '../../src/engine/envelopeOf.js';
import { handleTask } from '../../src/engine/handleTask.js';
import type { ScenarioCoverageTask } from '../../src/batch/scenarioCoverage.js';
import { SCENARIO_COVERAGE_TASK } from '../../src/batch/scenarioCoverageTaskKind.js';
import { coverageShard } from '../../src/engine/coverage/coverageShard.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';
import { coverageShardTaskOf, liaoningBox, randomGrid, randomSites } from './engineFixtures.js';
import { FAULT_TASK, faultTask } from './faultTask.js';
import { LOADED_ENTRY_TASK } from './loadedEntryTask.js';
import { REQUIRE_PROBE_TASK, REQUIRE_PROBE_TS_TASK, type RequireProbe } from './requireProbeTask.js';

const grid = randomGrid(3, 3000, liaoningBox);
const sites = randomSites(4, 6, liaoningBox);
const index = buildCellIndex(grid);

const shardTask = (siteStart: number, siteEnd: number) => coverageShardTaskOf(grid, sites, { siteStart, siteEnd, index });
const expected = (siteStart: number, siteEnd: number) =>
  Buffer.from(new Uint8Array(buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60, siteStart, siteEnd }).data));

describe('task handlers, in-process', () => {
  it('builds a shard from buffers to the same bytes as buildCoverage on that site range', () => {
    const { data } = coverageShard(shardTask(2, 5));
    expect(Buffer.from(new Uint8Array(data)).equals(expected(2, 5))).toBe(true);
    expect(CoverageMatrix.from(data).siteCount).toBe(3);
  });

  it('wraps errors as data: unknown kinds, injected faults, and exit refused in-thread', async () => {
    expect(await handleTask({ kind: 'nope' } as never)).toMatchObject({ ok: false, error: { code: 'E_OPTION' } });
    expect(await envelopeOf(() => FAULT_TASK.runInThread(faultTask('throw')))).toMatchObject({ ok: false, error: { code: 'E_WORKER', message: 'Error: injected fault' } });
    const inThread = createPool({ threads: 0 });
    inThread.register(FAULT_TASK);
    await expect(inThread.run(faultTask('exit'))).rejects.toMatchObject({ code: 'E_OPTION' });
    await inThread.close();
  });

  it('runs tasks on a worker thread when isolated, even with one thread (the caller stays free)', async () => {
    const isolated = createPool({ threads: 1, isolated: true });
    isolated.register(FAULT_TASK);
    // An exit fault is refused in the caller's thread (E_OPTION); on a worker it ends that worker (E_WORKER).
    await expect(isolated.run(faultTask('exit'))).rejects.toMatchObject({ code: 'E_WORKER' });
    expect(isolated.started).toBe(true);
    await isolated.close();
  });

  it('starts its workers on the entry of the kind that starts it: a scenario task\'s pool does not load the engine\'s bundle first', async () => {
    const isolated = createPool({ threads: 1, isolated: true });
    isolated.register(LOADED_ENTRY_TASK);
    expect(await isolated.run({ kind: 'loadedEntry' })).toBe(false);
    await isolated.close();
    // start() is for engine tasks to come: the workers load the engine's entry as they start.
    const started = createPool({ threads: 1, isolated: true });
    started.register(LOADED_ENTRY_TASK);
    started.start();
    expect(await started.run({ kind: 'loadedEntry' })).toBe(true);
    await started.close();
  });

  it('leaves other layers\' tasks to the kinds they register (their own worker file), which wrap their errors alike', async () => {
    const task: ScenarioCoverageTask = { kind: 'scenarioCoverage', scenarioPath: 'test/fixtures/nowhere/missing.json', allowedFolders: ['test'] };
    expect(await handleTask(task as never)).toMatchObject({ ok: false, error: { code: 'E_OPTION' } });
    const pool = createPool({ threads: 0 });
    await expect(pool.run(task)).rejects.toMatchObject({ code: 'E_OPTION', message: expect.stringMatching(/unknown task kind/) });
    pool.register(SCENARIO_COVERAGE_TASK);
    pool.register(SCENARIO_COVERAGE_TASK);
    expect(() => pool.register({ ...SCENARIO_COVERAGE_TASK })).toThrow(/E_OPTION.*already registered/);
    await expect(pool.run(task)).rejects.toMatchObject({ code: 'E_FILE_READ' });
    await pool.close();
  });
});

describe('createPool', () => {
  let pool: AirreachPool;
  beforeAll(() => {
    pool = createPool({ threads: 2 });
    pool.register(FAULT_TASK);
  });
  afterAll(() => pool.close());

  it('starts no workers until the first task', () => {
    expect(pool.threads).toBe(2);
    expect(pool.started).toBe(false);
  });

  it('survives a worker that dies: only its task fails (E_WORKER, named), the others finish, and the pool goes on', async () => {
    const tasks = [
      pool.run<CoverageShardResult>(shardTask(0, 2), { label: 'shard A' }),
      pool.run(faultTask('exit'), { label: 'scenario crash.json' }),
      pool.run<CoverageShardResult>(shardTask(2, 4), { label: 'shard B' }),
      pool.run<CoverageShardResult>(shardTask(4, 6), { label: 'shard C' }),
    ];
    const settled = await Promise.allSettled(tasks);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const failure = (settled[1] as PromiseRejectedResult).reason;
    expect(failure).toMatchObject({ code: 'E_WORKER', name: 'AirreachError' });
    expect(String(failure.message)).toMatch(/^E_WORKER: scenario crash\.json failed: its worker thread stopped/);
    const parts = settled.filter((s) => s.status === 'fulfilled').map((s) => CoverageMatrix.from((s.value as CoverageShardResult).data));
    expect(Buffer.from(new Uint8Array(CoverageMatrix.concat(parts).data)).equals(expected(0, 6))).toBe(true);
    // Both threads work again afterwards (the dead one was replaced).
    const again = await Promise.all([0, 1, 2, 3].map((k) => pool.run<CoverageShardResult>(shardTask(k, k + 1))));
    expect(again.map((r) => CoverageMatrix.from(r.data).siteCount)).toEqual([1, 1, 1, 1]);
  });

  it('rejects a task that throws with E_WORKER and its label; an AirreachError keeps its code', async () => {
    await expect(pool.run(faultTask('throw'), { label: 'shard 3/4' })).rejects.toThrow(/^E_WORKER: shard 3\/4 failed: Error: injected fault/);
    const bad = shardTask(0, 1);
    bad.maxMinutes = -5;
    await expect(pool.run(bad, { label: 'shard 1/1' })).rejects.toMatchObject({ code: 'E_OPTION', message: expect.stringMatching(/^E_OPTION: .*shard 1\/1 failed/) });
  });

  it('moves result buffers back (transferred, not shared) and the in-thread pool gives the same bytes', async () => {
    const viaWorker = await pool.run<CoverageShardResult>(shardTask(1, 6));
    expect(viaWorker.data).toBeInstanceOf(ArrayBuffer);
    const inThread = createPool({ threads: 1 });
    const local = await inThread.run<CoverageShardResult>(shardTask(1, 6));
    expect(inThread.started).toBe(false);
    await inThread.close();
    expect(Buffer.from(new Uint8Array(viaWorker.data)).equals(Buffer.from(new Uint8Array(local.data)))).toBe(true);
    await expect(inThread.run(shardTask(0, 1))).rejects.toThrow(/closed/);
  });

  it('start() starts the workers before any task (nothing for an in-thread or closed pool), and tasks run on them as before', async () => {
    const early = createPool({ threads: 2 });
    try {
      expect(early.started).toBe(false);
      early.start();
      expect(early.started).toBe(true);
      const result = await early.run<CoverageShardResult>(shardTask(0, 6));
      expect(Buffer.from(new Uint8Array(CoverageMatrix.from(result.data).data)).equals(expected(0, 6))).toBe(true);
    } finally {
      await early.close();
    }
    early.start();
    expect(early.started).toBe(false);
    const inThread = createPool({ threads: 1 });
    inThread.start();
    expect(inThread.started).toBe(false);
    await inThread.close();
  });

  it('starts queued tasks by priority (higher first, ties in order), whatever order they came in; the results do not change', async () => {
    const single = createPool({ threads: 1, isolated: true });
    const finished: string[] = [];
    const run = (name: string, priority?: number) =>
      single.run<CoverageShardResult>(shardTask(0, 6), { label: name, ...(priority !== undefined ? { priority } : {}) }).then((result) => {
        finished.push(name);
        return result;
      });
    // One worker: the first runs at once, the others wait and go by priority.
    const results = await Promise.all([run('first'), run('plain'), run('low', -1), run('urgent', 7), run('soon', 3), run('soon2', 3)]);
    await single.close();
    expect(finished).toEqual(['first', 'urgent', 'soon', 'soon2', 'plain', 'low']);
    for (const result of results) expect(Buffer.from(new Uint8Array(result.data)).equals(expected(0, 6))).toBe(true);
  });

  it('refuses impossible thread counts', () => {
    expect(() => createPool({ threads: -1 })).toThrow(/E_OPTION/);
    expect(() => createPool({ threads: 1.5 })).toThrow(/E_OPTION/);
    // Every worker starts at once: a count beyond any machine is refused before one is started.
    expect(() => createPool({ threads: MAX_POOL_THREADS + 1 })).toThrow(/E_OPTION.*threads.*from 0 to 256/);
    expect(() => createPool({ threads: 1e9 })).toThrow(/E_OPTION/);
  });
});

describe('how a pool\'s workers load ES modules', () => {
  // piscina require()s a worker's entry before it tries import(); on Node ≥ 20.19 that require()
  // of our ES-module entries succeeded, through a path of Node's that aborted a whole CLI run
  // ('Assertion failed: facade->InstantiateModule(…)', Node 20.20.2, piscina/dist/worker.js:70).
  it('a worker cannot require() an ES module (ERR_REQUIRE_ESM, so piscina import()s the entry) on a plain JavaScript entry, as the built workers are; its other options are those it would have inherited', async () => {
    const probePool = createPool({ threads: 2, workerHeapMiB: 256 });
    probePool.register(REQUIRE_PROBE_TASK);
    try {
      const seen = await probePool.run<RequireProbe>({ kind: 'requireProbe' });
      expect(seen.required).toBe('ERR_REQUIRE_ESM');
      expect(seen.execArgv).toEqual([...process.execArgv, '--no-experimental-require-module']);
    } finally {
      await probePool.close();
    }
  });

  it('a .ts entry\'s workers have the option too, beside tsx\'s loader (which loads the entry)', async () => {
    // tsx's own require hook compiles an ES module for require(), so only the option is observed here.
    const probePool = createPool({ threads: 2 });
    probePool.register(REQUIRE_PROBE_TS_TASK);
    try {
      const seen = await probePool.run<RequireProbe>({ kind: 'requireProbe' });
      expect(seen.execArgv).toEqual(['--import', expect.stringMatching(/^file:.*tsx/), '--no-experimental-require-module']);
    } finally {
      await probePool.close();
    }
  });
});

describe('a worker out of memory', () => {
  it('fails only its task with E_MEMORY_BUDGET naming the step, the limit and the flag; the pool replaces the worker and the next task runs', async () => {
    const pool = createPool({ threads: 2, workerHeapMiB: 64 });
    pool.register(FAULT_TASK);
    try {
      const dying = pool.run(faultTask('allocate'), { label: 'scenario huge.json', step: () => 'grid' });
      // It was E_WORKER "its worker thread stopped (Worker terminated due to reaching memory limit…)", hinting at threads.
      const error = await dying.catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'E_MEMORY_BUDGET', value: 64 });
      expect(String((error as Error).message)).toMatch(/^E_MEMORY_BUDGET: scenario huge\.json ran out of memory at the step "grid": it needed more than its thread's heap limit of 64 MiB/);
      expect((error as { hint?: string }).hint).toMatch(/--worker-heap-mib 128/);
      expect(isWorkerOutOfMemory(error)).toBe(true);
      await expect(pool.run(faultTask('throw'), { label: 'after' })).rejects.toThrow(/injected fault/);
    } finally {
      await pool.close();
    }
  });

  it('refuses to exhaust the caller\'s own heap in-thread', async () => {
    const inThread = createPool({ threads: 1 });
    inThread.register(FAULT_TASK);
    await expect(inThread.run(faultTask('allocate'))).rejects.toMatchObject({ code: 'E_OPTION' });
    await inThread.close();
  });
});

