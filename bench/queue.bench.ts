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
import { runBatch } from '../src/engine/runBatch.js';
import { loadScenario } from '../src/scenario/loadScenario.js';
import { folderBytes, startRedis, startWorker } from '../test/batch/queueHarness.js';
import { median, writeBenchResults } from './benchReport.js';

const COUNT = Number(process.env.QUEUE_SCENARIOS ?? 40);
const ROUNDS = Number(process.env.QUEUE_ROUNDS ?? 2);
const todayPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'liaoning', 'today.json');
const work = mkdtempSync(join(tmpdir(), 'airreach-queue-bench-'));

const { scenario: today } = await loadScenario(todayPath);
const { curve: _curve, depots: _depots, questions: _questions, ...base } = today;
writeFileSync(join(work, 'base.json'), JSON.stringify(base));
const speedOf: Record<string, number> = { H135: 254, H145: 246, AW139: 305.6 };
const paths: string[] = [];
for (let i = 0; i < COUNT; i++) {
  const speed = [0.85, 0.9, 0.95, 1, 1.05, 1.1, 1.15][i % 7];
  const delta = [-5, 0, 5][i % 3];
  const fleet = ['H135', 'H145', 'AW139', 'H135'][i % 4];
  const variant = {
    extends: 'base.json',
    name: `variant-${i + 1}`,
    defaultFleet: [{ aircraftTypeId: fleet, count: 1 }],
    aircraft: { [fleet]: { cruiseSpeedKmh: speedOf[fleet] * speed, activationMinutesDay: 10 + delta, activationMinutesNight: 20 + delta } },
  };
  const path = join(work, `variant-${String(i + 1).padStart(2, '0')}.json`);
  writeFileSync(path, JSON.stringify(variant));
  paths.push(path);
}

const redis = await startRedis(join(work, 'redis'));
const workers = await Promise.all([0, 1].map(() => startWorker(redis.url, ['--threads', '1', '--lock-ms', '30000']))).catch(async (error: unknown) => {
  await redis.stop();
  throw error;
});
const load: number[] = [loadavg()[0]];
const local: number[] = [];
const queued: number[] = [];
const queueSteps: Array<{ enqueueMs: number; writeMs: number }> = [];
try {
  // Warm-up: one scenario each way (JIT, worker threads, the pipeline's modules).
  await runBatch(paths.slice(0, 2), { outFolder: join(work, 'warm-local'), threads: 2, resume: false });
  await runQueueBatch(paths.slice(0, 2), redis.url, { outFolder: join(work, 'warm-queue'), resume: false });
  for (let round = 0; round < ROUNDS; round++) {
    const localOut = join(work, `local-${round}`);
    let started = performance.now();
    const a = await runBatch(paths, { outFolder: localOut, threads: 2, resume: false });
    local.push(performance.now() - started);
    if (a.failed > 0) throw new Error(`local: ${a.failed} failed`);
    // An empty Redis per round: every job is computed (job ids are the fingerprints), and the
    // inputs are stored again.
    const client = redis.client();
    await client.flushall();
    client.disconnect();
    const queueOut = join(work, `queue-${round}`);
    started = performance.now();
    let lastQueued = 0;
    let firstWrite = Infinity;
    const b = await runQueueBatch(paths, redis.url, {
      outFolder: queueOut,
      resume: false,
      onProgress: (event) => {
        const at = performance.now() - started;
        if (event.step.endsWith(': queued')) lastQueued = at;
        if (event.step.endsWith(': done')) firstWrite = Math.min(firstWrite, at);
      },
    });
    queued.push(performance.now() - started);
    queueSteps.push({ enqueueMs: lastQueued, writeMs: firstWrite });
    if (b.failed > 0) throw new Error(`queue: ${b.failed} failed: ${b.scenarios.find((s) => s.error)?.error?.message}`);
    // Same bytes both ways.
    const x = folderBytes(localOut);
    const y = folderBytes(queueOut);
    for (const [name, bytes] of x) if (!bytes.equals(y.get(name) ?? Buffer.alloc(0))) throw new Error(`${name} differs between the local and the queue batch`);
    load.push(loadavg()[0]);
    console.log(`round ${round + 1}: local ${(local[round] / 1000).toFixed(1)} s, queue ${(queued[round] / 1000).toFixed(1)} s`);
  }
} finally {
  for (const w of workers) w.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
  await redis.stop();
  rmSync(work, { recursive: true, force: true });
}

const localS = median(local) / 1000;
const queueS = median(queued) / 1000;
const perMinute = (seconds: number) => Math.round((COUNT / (seconds / 60)) * 10) / 10;
// Both sides keep 2 jobs in flight: the extra wall time × 2 slots, spread over the jobs, is what
// the queue costs each job (inputs through Redis, packing, results back, polling).
const overheadPerJobS = ((queueS - localS) * 2) / COUNT;
writeBenchResults('queue', [
  { run: `local: runBatch, 1 process, 2 threads`, seconds: localS, scenariosPerMinute: perMinute(localS), perScenarioSeconds: localS / COUNT },
  { run: `queue: 2 worker processes × 1 job, Redis on this machine`, seconds: queueS, scenariosPerMinute: perMinute(queueS), perScenarioSeconds: queueS / COUNT },
], [
  `${COUNT} Liaoning variants at H3 resolution 7 (day and night coverage, conditions, report files; no siting questions), medians of ${ROUNDS} alternating rounds after a warm-up; Redis emptied before every queue round, so every job is computed and every input stored. Outputs byte-identical between the two (checked each round).`,
  `Queue / local wall time: ${(queueS / localS).toFixed(2)}×; overhead per job ≈ ${overheadPerJobS.toFixed(2)} s of a job slot (the extra wall time × 2 slots ÷ ${COUNT} jobs): inputs stored in Redis by content, results packed and stored, fetched and written by the coordinator, the 250 ms poll.`,
  `Coordinator: all ${COUNT} jobs queued after ${median(queueSteps.map((s) => s.enqueueMs)).toFixed(0)} ms (loading, fingerprinting and storing the inputs); first result written at ${(median(queueSteps.map((s) => s.writeMs)) / 1000).toFixed(1)} s.`,
  `Rounds (local / queue, s): ${local.map((l, k) => `${(l / 1000).toFixed(1)} / ${(queued[k] / 1000).toFixed(1)}`).join('; ')}.`,
  `Load average (1 min) at the start and after each round: ${load.map((l) => l.toFixed(1)).join(', ')} — the machine is shared; re-measure on a quiet machine with \`npx tsx bench/queue.bench.ts\`.`,
]);
