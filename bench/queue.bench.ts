// Queue benchmark (issue 21): 40 scenario variants run by one local process (runBatch, 2 worker
// threads) against two `airreach worker` processes (1 job each) over a redis-server on this
// machine (runQueueBatch): throughput and the queue's overhead per job. The variants are those of
// the batch benchmark (Liaoning at resolution 7, cruise speed, activation and fleet varied; day
// and night coverage, conditions and report files; no siting questions). Both sides use the 2
// cores; the rounds alternate local and queue. Run: `npx tsx bench/queue.bench.ts`
// (QUEUE_SCENARIOS=… variants, QUEUE_ROUNDS=… rounds; redis-server must be installed).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runQueueBatch } from '../src/batch/runQueueBatch.js';
import { runBatch } from '../src/batch/runBatch.js';
import { folderBytes, startRedis, startWorker } from '../test/batch/queueHarness.js';
import { median, writeBenchResults } from './benchReport.js';
import { writeLiaoningVariants } from './liaoningVariants.js';

const COUNT = Number(process.env.QUEUE_SCENARIOS ?? 40);
const ROUNDS = Number(process.env.QUEUE_ROUNDS ?? 2);
const work = mkdtempSync(join(tmpdir(), 'airreach-queue-bench-'));
const paths = await writeLiaoningVariants(work, COUNT);

const redis = await startRedis(join(work, 'redis'));
const workers = await Promise.all([0, 1].map(() => startWorker(redis.url, ['--threads', '1', '--lock-ms', '30000']))).catch(async (error: unknown) => {
  await redis.stop();
  throw error;
});

// Tiny jobs: the small test scenario (res 6, a few hundred cells) in 40 variants, where the
// computing is a fraction of a second and the queue's own cost per job shows.
const fixtureFolder = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'scenario');
const tinyPaths: string[] = [];
for (let i = 0; i < COUNT; i++) {
  const path = join(fixtureFolder, `.bench-tiny-${String(i + 1).padStart(2, '0')}.json`);
  writeFileSync(path, JSON.stringify({ extends: 'small.json', name: `tiny-${i + 1}`, aircraft: { H135: { cruiseSpeedKmh: 200 + i } } }));
  tinyPaths.push(path);
}

interface Timing {
  local: number[];
  queued: number[];
  enqueueMs: number[];
}

/** Alternating rounds: a local batch, then (Redis emptied) the same batch on the two workers; outputs compared. */
async function timeRounds(name: string, list: string[]): Promise<Timing> {
  const timing: Timing = { local: [], queued: [], enqueueMs: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const localOut = join(work, `${name}-local-${round}`);
    let started = performance.now();
    const a = await runBatch(list, { outFolder: localOut, threads: 2, resume: false });
    timing.local.push(performance.now() - started);
    if (a.failed > 0) throw new Error(`local: ${a.failed} failed`);
    // An empty Redis per round: every job is computed (job ids are the fingerprints), every input stored.
    const client = redis.client();
    await client.flushall();
    client.disconnect();
    const queueOut = join(work, `${name}-queue-${round}`);
    started = performance.now();
    let lastQueued = 0;
    const b = await runQueueBatch(list, redis.url, {
      outFolder: queueOut,
      resume: false,
      onProgress: (event) => {
        if (event.step.endsWith(': queued')) lastQueued = performance.now() - started;
      },
    });
    timing.queued.push(performance.now() - started);
    timing.enqueueMs.push(lastQueued);
    if (b.failed > 0) throw new Error(`queue: ${b.failed} failed: ${b.scenarios.find((s) => s.error)?.error?.message}`);
    const x = folderBytes(localOut);
    const y = folderBytes(queueOut);
    for (const [file, bytes] of x) if (!bytes.equals(y.get(file) ?? Buffer.alloc(0))) throw new Error(`${file} differs between the local and the queue batch`);
    load.push(loadavg()[0]);
    console.log(`${name} round ${round + 1}: local ${(timing.local[round] / 1000).toFixed(1)} s, queue ${(timing.queued[round] / 1000).toFixed(1)} s`);
  }
  return timing;
}

const load: number[] = [loadavg()[0]];
let full: Timing;
let tiny: Timing;
try {
  // Warm-up: a few scenarios each way (JIT, worker threads, the pipeline's modules).
  await runBatch(paths.slice(0, 2), { outFolder: join(work, 'warm-local'), threads: 2, resume: false });
  await runQueueBatch(paths.slice(0, 2), redis.url, { outFolder: join(work, 'warm-queue'), resume: false });
  full = await timeRounds('liaoning', paths);
  tiny = await timeRounds('tiny', tinyPaths);
} finally {
  for (const w of workers) w.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
  await redis.stop();
  rmSync(work, { recursive: true, force: true });
  for (const path of tinyPaths) rmSync(path, { force: true });
}

const perMinute = (seconds: number) => Math.round((COUNT / (seconds / 60)) * 10) / 10;
const rowsOf = (name: string, t: Timing) => {
  const localS = median(t.local) / 1000;
  const queueS = median(t.queued) / 1000;
  return [
    { scenarios: name, run: 'local: runBatch, 1 process, 2 threads', seconds: localS, scenariosPerMinute: perMinute(localS), perScenarioSeconds: localS / COUNT },
    { scenarios: name, run: 'queue: 2 worker processes × 1 job, Redis on this machine', seconds: queueS, scenariosPerMinute: perMinute(queueS), perScenarioSeconds: queueS / COUNT },
  ];
};
// Both sides keep 2 jobs in flight: the extra wall time × 2 slots ÷ jobs is what the queue costs
// each job (inputs stored and fetched, results packed, stored, fetched and written, the poll).
const overhead = (t: Timing) => (((median(t.queued) - median(t.local)) / 1000) * 2) / COUNT;
const ratio = (t: Timing) => median(t.queued) / median(t.local);
writeBenchResults('queue', [...rowsOf(`${COUNT} Liaoning variants (res 7)`, full), ...rowsOf(`${COUNT} tiny (fixture, res 6)`, tiny)], [
  `${COUNT} Liaoning variants at H3 resolution 7 (day and night coverage, conditions, report files; no siting questions), and ${COUNT} variants of the small test scenario (res 6, computing a fraction of a second) where the queue's own cost shows. Medians of ${ROUNDS} alternating rounds after a warm-up; Redis emptied before every queue round, so every job is computed and every input stored. Outputs byte-identical between local and queue (checked every round).`,
  `Queue / local wall time: Liaoning ${ratio(full).toFixed(2)}×, tiny ${ratio(tiny).toFixed(2)}×. Overhead per job (extra wall time × 2 slots ÷ ${COUNT} jobs): Liaoning ${overhead(full).toFixed(2)} s, tiny ${overhead(tiny).toFixed(2)} s.`,
  `Coordinator: ${COUNT} jobs queued after ${median(full.enqueueMs).toFixed(0)} ms (Liaoning: loading, fingerprinting and storing the inputs), ${median(tiny.enqueueMs).toFixed(0)} ms (tiny).`,
  `Rounds (local / queue, s): Liaoning ${full.local.map((l, k) => `${(l / 1000).toFixed(1)} / ${(full.queued[k] / 1000).toFixed(1)}`).join('; ')}; tiny ${tiny.local.map((l, k) => `${(l / 1000).toFixed(1)} / ${(tiny.queued[k] / 1000).toFixed(1)}`).join('; ')}.`,
  `Load average (1 min) at the start and after each round: ${load.map((l) => l.toFixed(1)).join(', ')} — the machine is shared (other jobs ran during these rounds); re-measure on a quiet machine with \`npx tsx bench/queue.bench.ts\`.`,
]);
