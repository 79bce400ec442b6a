// Distributed batches on BullMQ over a real redis-server with real `airreach worker` processes:
// same bytes as a local batch, duplicates and reruns not recomputed, kill -9 of a worker mid-job,
// Redis restarts (kept and lost data), an input a worker cannot read, a job failing every attempt.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Job } from 'bullmq';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runQueueBatch } from '../../src/batch/runQueueBatch.js';
import { runQueueWorker } from '../../src/batch/runQueueWorker.js';
import { runBatch, type BatchProgressEvent } from '../../src/batch/runBatch.js';
import { main } from '../../src/cli/main.js';
import { expandSweep } from '../../src/scenario/expandSweep.js';
import { bundledDataFolder, loadScenario } from '../../src/scenario/loadScenario.js';
import { readScenarioInputs } from '../../src/scenario/runCoverage.js';
import { computeScenario, scenarioFiles } from '../../src/scenario/runScenario.js';
import { folderBytes, freePort, startRedis, startWorker, type RedisServer, type WorkerProcess } from './queueHarness.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));
const data = (rel: string) => fileURLToPath(new URL(`../../data/${rel}`, import.meta.url));
const SMALL = [fixture('small.json'), fixture('small-more.json'), fixture('siting.json')];
// Long enough (several seconds of computing) to kill a worker in the middle of it.
const SLOW = data('china/scenarios/liaoning.json');

const work = mkdtempSync(join(tmpdir(), 'airreach-queue-'));
let redis: RedisServer;
let workers: WorkerProcess[] = [];
let queueCount = 0;
// Each test has its own queue: nothing one leaves behind is seen by the next.
const nextQueue = () => `test-${++queueCount}`;

beforeAll(async () => {
  redis = await startRedis(join(work, 'redis'));
});
afterEach(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  workers = [];
});
afterAll(async () => {
  await redis?.stop();
  rmSync(work, { recursive: true, force: true });
});

const spawnWorkers = async (queue: string, count: number, args: string[] = []) => {
  const started = await Promise.all(Array.from({ length: count }, () => startWorker(redis.url, ['--queue', queue, ...args])));
  workers.push(...started);
  return started;
};
const startedJobs = (list: WorkerProcess[]) => list.reduce((n, w) => n + (w.log().match(/^started /gm)?.length ?? 0), 0);
// The jobs started at least once, by id (`started  <label> (<job id>)`): a job whose lock ran out
// on a loaded machine (2 s locks here) is started again by BullMQ, at least once by design, and
// that is not a recomputed duplicate.
const startedJobIds = (list: WorkerProcess[]) => new Set(list.flatMap((w) => [...w.log().matchAll(/^started .*\((\w+)\)$/gm)].map((m) => m[1])));
const expectSameFolders = (a: string, b: string) => {
  const left = folderBytes(a);
  const right = folderBytes(b);
  expect([...right.keys()]).toEqual([...left.keys()]);
  for (const [name, bytes] of left) expect(bytes.equals(right.get(name)!), name).toBe(true);
};

describe('queue batch over real Redis and two worker processes', () => {
  it('writes the same bytes as a local batch at 1 and 2 threads; duplicates and reruns are not recomputed', async () => {
    const queue = nextQueue();
    const local1 = join(work, 'local-1');
    const local2 = join(work, 'local-2');
    expect((await runBatch(SMALL, { outFolder: local1, threads: 1 })).failed).toBe(0);
    expect((await runBatch(SMALL, { outFolder: local2, threads: 2 })).failed).toBe(0);
    expectSameFolders(local1, local2);

    const pool = await spawnWorkers(queue, 2);
    const out = join(work, 'queue-1');
    // The first scenario twice: one job (its id is the input fingerprint), written to both folders.
    const paths = [...SMALL, SMALL[0]];
    const events: BatchProgressEvent[] = [];
    const result = await runQueueBatch(paths, redis.url, { outFolder: out, queueName: queue, onProgress: (e) => events.push(e) });
    expect(result.failed).toBe(0);
    expect(result.scenarios.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(result.scenarios.map((s) => s.label)).toEqual(['small', 'small-more', 'siting', 'small-2']);
    expect(startedJobIds(pool).size).toBe(3);
    const starts = startedJobs(pool);
    // Progress came from the workers' own events, naming the step and the worker.
    expect(events.some((e) => /: computing \(worker /.test(e.step))).toBe(true);
    const local = folderBytes(local1);
    const queued = folderBytes(out);
    for (const [name, bytes] of local) expect(bytes.equals(queued.get(name)!), name).toBe(true);
    expect(queued.get('small-2/summary.json')!.equals(local.get('small/summary.json')!)).toBe(true);

    // A rerun into another folder fetches the results still in Redis: nothing is computed again.
    const again = join(work, 'queue-1-again');
    expect((await runQueueBatch(SMALL, redis.url, { outFolder: again, queueName: queue })).failed).toBe(0);
    expect(startedJobs(pool)).toBe(starts);
    expectSameFolders(local1, again);
    // And a rerun into the same folder skips every scenario (run.json matches its inputs).
    const resumed = await runQueueBatch(SMALL, redis.url, { outFolder: again, queueName: queue });
    expect(resumed.scenarios.map((s) => s.status)).toEqual(['skipped', 'skipped', 'skipped']);
  });

  it('loses nothing when a worker is killed with SIGKILL mid-job: another finishes it, same bytes', async () => {
    const queue = nextQueue();
    const local = join(work, 'local-slow');
    expect((await runBatch([SLOW], { outFolder: local, threads: 1 })).failed).toBe(0);
    const [first] = await spawnWorkers(queue, 1);
    const out = join(work, 'queue-slow');
    let killed = false;
    let second: Promise<WorkerProcess[]> | undefined;
    const batch = runQueueBatch([SLOW], redis.url, {
      outFolder: out,
      queueName: queue,
      onProgress: (event) => {
        // The job is being computed by the only worker: kill it there, then start another.
        if (!killed && /: computing \(worker /.test(event.step)) {
          killed = true;
          first.kill('SIGKILL');
          second = first.exited.then(() => spawnWorkers(queue, 1));
        }
      },
    });
    const result = await batch;
    expect(killed).toBe(true);
    expect(await first.exited).toBe(null); // died of the signal, no exit code
    expect(result.failed).toBe(0);
    const [other] = await second!;
    expect(other.log()).toMatch(/^done +liaoning /m);
    expectSameFolders(local, out);
  });

  it('finishes a batch across a Redis restart (data kept) and requeues jobs a Redis restart lost', async () => {
    const queue = nextQueue();
    const local = join(work, 'local-1');
    await spawnWorkers(queue, 2);
    const out = join(work, 'queue-restart');
    let restarted: Promise<void> | undefined;
    const result = await runQueueBatch(SMALL, redis.url, {
      outFolder: out,
      queueName: queue,
      onProgress: (event) => {
        if (!restarted && /: queued$/.test(event.step)) restarted = redis.stop().then(() => redis.start());
      },
    });
    await restarted;
    expect(result.failed).toBe(0);
    expectSameFolders(local, out);

    // Redis comes back empty (as without persistence): the coordinator queues its jobs again.
    const lostQueue = nextQueue();
    const out2 = join(work, 'queue-lost');
    const client = redis.client();
    let flushed = false;
    const events: string[] = [];
    const lost = runQueueBatch(SMALL, redis.url, {
      outFolder: out2,
      queueName: lostQueue,
      pollMs: 100,
      onProgress: (event) => {
        events.push(event.step);
        if (!flushed && event.step.endsWith('siting: queued')) {
          flushed = true;
          void client.flushall();
        }
      },
    });
    // The workers listen on the first queue; start some for this one after the flush.
    await spawnWorkers(lostQueue, 2);
    const lostResult = await lost;
    client.disconnect();
    expect(flushed).toBe(true);
    expect(lostResult.failed).toBe(0);
    expect(events.some((step) => /queued again \(Redis lost the job/.test(step))).toBe(true);
    expectSameFolders(local, out2);
  });

  it('records a scenario whose input a worker cannot read as failed (E_FILE_READ, no retries), and the command exits 1 naming it', async () => {
    const queue = nextQueue();
    const client = redis.client();
    const out = join(work, 'queue-unreadable');
    let stdout = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((stdout += String(chunk)), done()) });
    // No worker yet: once the jobs are queued, their inputs vanish from Redis, then a worker comes.
    const code = main(['run', SMALL[0], SMALL[2], '--redis', redis.url, '--queue', queue, '--out', out, '--quiet', '--no-resume'], { stdout: sink, stderr: process.stderr });
    // Both jobs queued (BullMQ's wait list), so every input the coordinator stores is there.
    for (let i = 0; i < 600 && (await client.llen(`bull:${queue}:wait`)) < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await client.llen(`bull:${queue}:wait`)).toBe(2);
    const inputs = await client.keys(`${queue}:input:*`);
    expect(inputs.length).toBeGreaterThan(0);
    await client.del(...inputs);
    const [worker] = await spawnWorkers(queue, 1);
    expect(await code).toBe(1);
    client.disconnect();
    expect(stdout).toMatch(/failed +small\b/);
    expect(stdout).toMatch(/small: E_FILE_READ: .*input .* is no longer in Redis.* after 1 attempt/);
    expect(stdout).toMatch(/2 scenario\(s\) failed/);
    // Unrecoverable: each job was tried once.
    expect(worker.log().match(/^failed /gm)?.length).toBe(2);
  });

  it('carries --memory-budget to the workers: refused under it (no retries); a rerun with a larger one retries the failed job under it', async () => {
    const queue = nextQueue();
    const [worker] = await spawnWorkers(queue, 1);
    const out = join(work, 'queue-budget');
    let stdout = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((stdout += String(chunk)), done()) });
    // small.json's coverage matrices need about 96 KiB.
    expect(await main(['run', SMALL[0], '--redis', redis.url, '--queue', queue, '--out', out, '--quiet', '--memory-budget', '32KiB'], { stdout: sink, stderr: process.stderr })).toBe(1);
    expect(stdout).toMatch(/small: E_MEMORY_BUDGET: .*over the cap of 32 KiB.*--memory-budget/);
    expect(worker.log().match(/^failed /gm)?.length).toBe(1);
    // The same job id (the inputs' fingerprint): retried with this run's budget, not the one it failed under.
    const again = await runQueueBatch([SMALL[0]], redis.url, { outFolder: out, queueName: queue, memoryBudgetBytes: 2 ** 20 });
    expect(again.scenarios.map((s) => s.status)).toEqual(['done']);
    expect(startedJobIds([worker]).size).toBe(1);
  });

  it('fails a scenario whose folder holds a file no airreach run wrote under an output name before it is queued', { timeout: 30_000 }, async () => {
    const queue = nextQueue();
    const client = redis.client();
    const out = join(work, 'queue-foreign');
    mkdirSync(join(out, 'small'), { recursive: true });
    writeFileSync(join(out, 'small', 'report.html'), 'mine');
    let stdout = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((stdout += String(chunk)), done()) });
    // No worker: a queued job would wait for one (the refusal came at the write, after a worker computed it).
    const code = await main(['run', SMALL[0], '--redis', redis.url, '--queue', queue, '--out', out, '--quiet', '--no-resume'], { stdout: sink, stderr: process.stderr });
    expect(code).toBe(1);
    expect(await client.llen(`bull:${queue}:wait`)).toBe(0);
    client.disconnect();
    expect(stdout).toMatch(/failed +small\b/);
    expect(stdout).toContain('the output report.html would replace a file that no airreach run wrote');
    expect(readFileSync(join(out, 'small', 'report.html'), 'utf8')).toBe('mine');
  });

  it('runs sweep variants as jobs (airreach sweep --redis): each variant the same bytes as computed locally', async () => {
    const queue = nextQueue();
    await spawnWorkers(queue, 2);
    const sweep = join(work, 'sweep.json');
    writeFileSync(sweep, JSON.stringify({ extends: fixture('small.json'), name: 'small-sweep', sweep: { cruiseSpeedFactors: [0.9], nightOperations: [false] } }));
    const out = join(work, 'queue-sweep');
    let stdout = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((stdout += String(chunk)), done()) });
    const fixtures = fileURLToPath(new URL('../fixtures/scenario/', import.meta.url));
    expect(await main(['sweep', sweep, '--redis', redis.url, '--queue', queue, '--out', out, '--allow', fixtures, '--quiet'], { stdout: sink, stderr: process.stderr })).toBe(0);
    const loaded = await loadScenario(sweep, { allowedFolders: [fixtures] });
    const variants = expandSweep(loaded, loaded.scenario.sweep!);
    expect(variants.length).toBe(3);
    const folders = [...stdout.matchAll(/^done +(\S+) → (.+)$/gm)].map((m) => m[2]);
    expect(folders.length).toBe(3);
    for (const [k, variant] of variants.entries()) {
      const expected = scenarioFiles(await computeScenario(await readScenarioInputs(variant.loaded)));
      for (const [name, text] of Object.entries(expected)) expect(readFileSync(join(folders[k], name), 'utf8') === text, `${variant.label}: ${name}`).toBe(true);
    }
  });

  it('a coordinator cancelled while its jobs wait ends with E_ABORTED, and the command with 130 and "cancelled:" (not an unexpected failure)', async () => {
    // It printed 'airreach: unexpected failure: Error: cancelled by SIGTERM' with a stack, exit 1.
    const queue = nextQueue();
    const client = redis.client();
    try {
      const controller = new AbortController();
      const batch = runQueueBatch([SMALL[0]], redis.url, { outFolder: join(work, 'queue-cancelled'), queueName: queue, signal: controller.signal, resume: false });
      for (let i = 0; i < 600 && (await client.llen(`bull:${queue}:wait`)) < 1; i++) await new Promise((r) => setTimeout(r, 50));
      controller.abort(new Error('cancelled by Ctrl-C'));
      const error = await batch.then(() => null, (thrown: unknown) => thrown);
      expect(error).toMatchObject({ code: 'E_ABORTED', value: 0 });
      expect((error as Error).message).toContain('the queue batch was cancelled after 0 of 1 scenarios');
      // The command: Ctrl-C once the job is queued.
      const queue2 = nextQueue();
      let stderr = '';
      const sink = new Writable({ write: (chunk, _enc, done) => ((stderr += String(chunk)), done()) });
      const code = main(['run', SMALL[0], '--redis', redis.url, '--queue', queue2, '--out', join(work, 'queue-cancelled-cli'), '--quiet', '--no-resume'], { stdout: sink, stderr: sink as never });
      for (let i = 0; i < 600 && (await client.llen(`bull:${queue2}:wait`)) < 1; i++) await new Promise((r) => setTimeout(r, 50));
      process.emit('SIGINT', 'SIGINT');
      expect(await code).toBe(130);
      expect(stderr).toContain('cancelled: the queue batch was cancelled after 0 of 1 scenarios');
      expect(stderr).not.toContain('unexpected failure');
    } finally {
      client.disconnect();
    }
  });

  it('a worker stopped by Ctrl-C or SIGTERM says so and exits 0, without the other commands\' cancelling and switched-outputs messages', async () => {
    // It said 'cancelling on Ctrl-C… (outputs are switched in whole or not at all …)' and, once
    // stopped, 'the Ctrl-C came after the outputs were switched in: they are complete'.
    for (const [signal, said] of [['SIGINT', 'Ctrl-C'], ['SIGTERM', 'SIGTERM']] as const) {
      const [worker] = await spawnWorkers(nextQueue(), 1);
      worker.kill(signal);
      expect(await worker.exited).toBe(0);
      expect(worker.log()).toContain(`stopping on ${said}: running jobs finish first`);
      expect(worker.log()).not.toMatch(/cancelling|switched in/);
    }
  });

  it('refuses a queue name BullMQ cannot take (empty, or with ":") as an option, before connecting', async () => {
    // BullMQ's bare Error was printed as 'unexpected failure' with a stack trace (exit 1).
    for (const queueName of ['', 'a:b']) {
      await expect(runQueueBatch([SMALL[0]], redis.url, { outFolder: join(work, 'queue-name'), queueName })).rejects.toMatchObject({ code: 'E_OPTION', where: { field: 'queueName' }, value: queueName });
      await expect(runQueueWorker(redis.url, { queueName })).rejects.toMatchObject({ code: 'E_OPTION', where: { field: 'queueName' } });
      let stderr = '';
      const sink = new Writable({ write: (chunk, _enc, done) => ((stderr += String(chunk)), done()) });
      expect(await main(['run', SMALL[0], '--redis', redis.url, '--queue', queueName, '--out', join(work, 'queue-name-cli')], { stdout: sink, stderr: sink as never })).toBe(2);
      expect(stderr).toContain(`${JSON.stringify(queueName)} cannot be a queue name`);
    }
  });

  it('refuses a Redis that is not there (E_QUEUE naming it) and an address that is not a Redis URL (E_OPTION)', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    await expect(runQueueBatch([SMALL[0]], url, { outFolder: join(work, 'nowhere'), connectTimeoutMs: 300 })).rejects.toMatchObject({ code: 'E_QUEUE', value: url });
    await expect(runQueueWorker(url, { connectTimeoutMs: 300 })).rejects.toMatchObject({ code: 'E_QUEUE', value: url });
    await expect(runQueueWorker('http://127.0.0.1:1')).rejects.toMatchObject({ code: 'E_OPTION' });
  });

  it("passes each scenario's warnings on to the coordinator, labelled, once each, and keeps them with the job's result", async () => {
    // The worker gave its job no progress port: a question whose HiGHS model may not fit was said
    // nowhere (a local batch says it). A 50-year rollout on 3 sites is estimated over 2 GiB and
    // solves in a second.
    const queue = nextQueue();
    const [worker] = await spawnWorkers(queue, 1);
    const folder = join(work, 'warned');
    mkdirSync(folder, { recursive: true });
    const liaoning = relative(folder, join(bundledDataFolder(), 'liaoning'));
    const rollout = join(folder, 'rollout.json');
    writeFileSync(rollout, JSON.stringify({
      name: 'rollout',
      layers: { extent: `${liaoning}/province.geojson`, hazards: [`${liaoning}/hazards/sites.geojson`], population: `${liaoning}/population.geojson` },
      periods: ['day'],
      bases: [
        { id: 'anshan', name: 'Anshan', latDeg: 41.12361, lngDeg: 122.99, role: 'existing', fleet: [{ aircraftTypeId: 'H135', count: 2 }] },
        { id: 'c1', name: 'Shenyang', latDeg: 41.8, lngDeg: 123.43, role: 'candidate' },
        { id: 'c2', name: 'Dalian', latDeg: 38.91, lngDeg: 121.6, role: 'candidate' },
      ],
      questions: [{ model: 'phasedRollout', standardMinutes: 60, sitesPerYear: [1, 1, ...Array<number>(48).fill(0)] }],
    }));
    const warning = /^question 1 \(phasedRollout, \/questions\/0: .* may need up to [\d.]+ GiB of HiGHS's memory/;
    const events: BatchProgressEvent[] = [];
    const result = await runQueueBatch([rollout, SMALL[0]], redis.url, { outFolder: join(work, 'queue-warned'), queueName: queue, resume: false, onProgress: (e) => events.push(e) });
    expect(result.scenarios.map((s) => s.status)).toEqual(['done', 'done']);
    const warned = events.filter((e) => e.warning !== undefined);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ label: 'rollout', step: 'rollout: computing' });
    expect(warned[0].warning).toMatch(warning);
    // As it came, from the job's events: before the worker stored the results.
    expect(events.indexOf(warned[0])).toBeLessThan(events.findIndex((e) => /^rollout: storing \(worker /.test(e.step)));
    // The worker's log says it too, once.
    expect(worker.log().match(/^warning +rollout \(\w+\): question 1 \(phasedRollout, /gm)).toHaveLength(1);
    // Kept with the job's result; the scenario without one keeps none.
    const client = redis.client();
    const { Queue } = await import('bullmq');
    const jobs = new Queue(queue, { connection: client });
    try {
      const [job] = (await jobs.getCompleted()).filter((one) => one.data.label === 'rollout');
      expect(job.returnvalue.warnings).toEqual([warned[0].warning]);
      expect((await jobs.getCompleted()).find((one) => one.data.label === 'small')?.returnvalue.warnings).toBeUndefined();
    } finally {
      await jobs.close();
      client.disconnect();
    }
    // The command prints it on stderr with --quiet, labelled, once; stdout is the batch table alone.
    // Its results are in Redis: no event comes, the warning is taken from them.
    let stdout = '';
    let stderr = '';
    const out = new Writable({ write: (chunk, _enc, done) => ((stdout += String(chunk)), done()) });
    const err = new Writable({ write: (chunk, _enc, done) => ((stderr += String(chunk)), done()) });
    expect(await main(['run', rollout, SMALL[0], '--redis', redis.url, '--queue', queue, '--out', join(work, 'queue-warned-cli'), '--quiet'], { stdout: out, stderr: err as never })).toBe(0);
    expect(stderr.match(/^warning: /gm)).toHaveLength(1);
    expect(stderr).toMatch(/^warning: rollout: question 1 \(phasedRollout, /m);
    expect(stdout).not.toContain('warning');
    expect(stdout).toMatch(/^done +rollout → /m);
  });

  it('takes the results of a job read before it completed, instead of computing it again', async () => {
    // The coordinator read a job, then its state: a job that completed between the two reads was
    // 'completed' without its results, taken as results lost, removed and computed again.
    const queue = nextQueue();
    const real = Job.fromId.bind(Job) as typeof Job.fromId;
    let before: Job | undefined;
    let staleServed = false;
    const spy = vi.spyOn(Job, 'fromId').mockImplementation(async (...args: Parameters<typeof Job.fromId>) => {
      const job = await real(...args);
      if (!job) return job;
      // The first read (waiting, no worker yet) stands for the read before it completed, once it has.
      before ??= job;
      if (!staleServed && (await job.getState()) === 'completed') {
        staleServed = true;
        return before;
      }
      return job;
    });
    try {
      const events: BatchProgressEvent[] = [];
      const batch = runQueueBatch([SMALL[0]], redis.url, { outFolder: join(work, 'queue-stale'), queueName: queue, resume: false, onProgress: (e) => events.push(e) });
      for (let i = 0; i < 600 && !before; i++) await new Promise((r) => setTimeout(r, 50));
      expect(before).toBeDefined();
      const pool = await spawnWorkers(queue, 1);
      const result = await batch;
      expect(result.scenarios.map((s) => s.status)).toEqual(['done']);
      expect(staleServed).toBe(true);
      expect(events.some((e) => /queued again/.test(e.step))).toBe(false);
      expect(startedJobs(pool)).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('records a job that fails every attempt (a job thread out of memory each time) with its reason and attempts', async () => {
    const queue = nextQueue();
    const pool = await spawnWorkers(queue, 2, ['--worker-heap-mib', '16']);
    const result = await runQueueBatch([SLOW], redis.url, { outFolder: join(work, 'queue-oom'), queueName: queue, attempts: 2, resume: false });
    expect(result.failed).toBe(1);
    const error = result.scenarios[0].error!;
    // Out of memory is E_MEMORY_BUDGET naming the limit and the flag (it was E_WORKER), and still retried.
    expect(error.code).toBe('E_MEMORY_BUDGET');
    expect(error.message).toMatch(/ran out of memory.*heap limit of 16 MiB/);
    expect(error.message).toMatch(/failed all 2 attempts/);
    expect(startedJobs(pool)).toBe(2);
  });
});
