// Batch benchmark (issue 6, Performance): 20 Liaoning scenarios at H3 resolution 7 over the
// worker pool, scenarios per minute at 1 and 2 threads, and a resumed batch with nothing
// changed. The scenarios are variants of data/liaoning/today.json (speed, activation, fleet,
// night crew) without siting questions, so each is grid + day/night coverage + conditions +
// report files. Run: `npx tsx bench/batch.bench.ts` (BATCH_SCENARIOS=… to change the count).
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { runBatch } from '../src/batch/runBatch.js';
import { writeBenchResults } from './benchReport.js';
import { writeLiaoningVariants } from './liaoningVariants.js';

const COUNT = Number(process.env.BATCH_SCENARIOS ?? 20);

const work = mkdtempSync(join(tmpdir(), 'airreach-batch-bench-'));
const paths = await writeLiaoningVariants(work, COUNT);

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
