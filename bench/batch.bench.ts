// Batch benchmark (issue 6, Performance): 20 Liaoning scenarios at H3 resolution 7 over the
// worker pool, scenarios per minute at 1 and 2 threads, and a resumed batch with nothing
// changed. The scenarios are variants of data/liaoning/today.json (speed, activation, fleet,
// night crew) without siting questions, so each is grid + day/night coverage + conditions +
// report files. Run: `npx tsx bench/batch.bench.ts` (BATCH_SCENARIOS=… to change the count).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { runBatch } from '../src/batch/runBatch.js';
import { loadScenario } from '../src/scenario/loadScenario.js';
import { writeBenchResults } from './benchReport.js';

const COUNT = Number(process.env.BATCH_SCENARIOS ?? 20);
const todayPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'liaoning', 'today.json');

const work = mkdtempSync(join(tmpdir(), 'airreach-batch-bench-'));
// The base: today's scenario with its paths made absolute (they point into the bundled data,
// which scenarios may always read) and without its siting parts (curve, depots, questions).
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

const load: number[] = [loadavg()[0]];
const rows: Array<Record<string, unknown>> = [];
const bench = new Bench({ iterations: 1, time: 0, warmup: false });
const threadCounts = [...new Set([1, 2, Math.min(availableParallelism(), 4)])];
try {
  for (const threads of threadCounts) {
    bench.add(`${COUNT} scenarios, ${threads} thread(s)`, async () => {
      const result = await runBatch(paths, { outFolder: join(work, `out-${threads}`), threads, resume: false });
      if (result.failed > 0) throw new Error(`${result.failed} scenarios failed: ${JSON.stringify(result.scenarios.find((s) => s.status === 'failed')?.error)}`);
    });
  }
  bench.add(`${COUNT} scenarios resumed, nothing changed (1 thread)`, async () => {
    const result = await runBatch(paths, { outFolder: join(work, 'out-1'), threads: 1 });
    if (result.scenarios.some((s) => s.status !== 'skipped')) throw new Error('a scenario was recomputed');
  });
  await bench.run();
  load.push(loadavg()[0]);
  for (const task of bench.tasks) {
    const result = task.result as unknown as { latency?: { mean: number }; error?: unknown };
    if (result.error) throw result.error;
    const ms = result.latency!.mean;
    rows.push({
      task: task.name,
      seconds: Math.round(ms) / 1000,
      scenariosPerMinute: task.name.includes('resumed') ? '' : Math.round((COUNT / (ms / 60_000)) * 10) / 10,
    });
  }
  const perMinute = (threads: number) => Number(rows.find((r) => r.task === `${COUNT} scenarios, ${threads} thread(s)`)?.scenariosPerMinute);
  writeBenchResults('batch', rows, [
    `${COUNT} Liaoning scenarios at H3 resolution 7 (46,343 cells): variants of today.json (cruise speed, activation, fleet), day and night coverage, operating conditions, report files; no siting questions.`,
    `Speed-up 2 threads vs 1: ${(perMinute(2) / perMinute(1)).toFixed(2)}×.`,
    'Resumed batch: every scenario skipped (its run.json fingerprint matches its inputs); target under 1 s.',
    `Load average (1 min) at start and end: ${load.map((l) => l.toFixed(1)).join(', ')} — the machine is shared; wall times include that load.`,
  ]);
  console.table(rows);
} finally {
  rmSync(work, { recursive: true, force: true });
}
