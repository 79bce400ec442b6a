// Machine check behind the engine benchmark (issue 4): how writing fresh memory scales from one
// thread to two on this machine, without any airreach code. A coverage build is mostly that:
// the res-8 matrix is 325 MiB of new pages, and their page faults cost as much as the fill.
// Run: `node --expose-gc --import tsx bench/memory.bench.ts`.
//
// Each case runs on two worker threads over the two halves of one fresh SharedArrayBuffer (as
// the shards of a parallel build do), first one half after the other, then both at once, in
// ROUNDS rounds; the speed-up is (time of half 1 + time of half 2) ÷ (time of both at once).
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Bench } from 'tinybench';
import { median, settleMemory, writeBenchResults } from './benchReport.js';

const HALF_BYTES = 160 * 2 ** 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const cases = {
  'page faults only (one write per 4 KiB page)': 'touch',
  'page faults + writing every byte (float32 stores)': 'write',
  'writing every byte of pages already faulted in': 'prefaulted',
} as const;

// The workers' body, as plain JavaScript evaluated in each thread (no loader needed there).
const workerSource = `
const { parentPort } = require('node:worker_threads');
const HALF_BYTES = ${HALF_BYTES};
parentPort.on('message', ({ mode, data, half }) => {
  const values = new Float32Array(data, half * HALF_BYTES, HALF_BYTES / 4);
  if (mode === 'prefaulted') for (let i = 0; i < values.length; i += 1024) values[i] = 1;
  const started = performance.now();
  if (mode === 'touch') for (let i = 0; i < values.length; i += 1024) values[i] = 1;
  else for (let i = 0; i < values.length; i++) values[i] = i;
  parentPort.postMessage(performance.now() - started);
});`;

{
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const loadBefore = loadavg()[0];
  const workers = [0, 1].map(() => new Worker(workerSource, { eval: true }));
  const ask = (worker: Worker, message: object) =>
    new Promise<number>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage(message);
    });
  const rows: Array<Record<string, unknown>> = [];
  for (const [label, mode] of Object.entries(cases)) {
    const alone: number[] = [];
    const together: number[] = [];
    const speedUps: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      let oneAfterOther = 0;
      let bothAtOnce = 0;
      const bench = new Bench({ iterations: 1, time: 0, warmup: false });
      bench
        .add('one half after the other', async () => {
          const data = new SharedArrayBuffer(2 * HALF_BYTES);
          oneAfterOther = (await ask(workers[0], { mode, data, half: 0 })) + (await ask(workers[1], { mode, data, half: 1 }));
        }, { beforeEach: () => settleMemory(gc).then(() => undefined) })
        .add('both halves at once', async () => {
          const data = new SharedArrayBuffer(2 * HALF_BYTES);
          bothAtOnce = Math.max(...(await Promise.all(workers.map((worker, half) => ask(worker, { mode, data, half })))));
        }, { beforeEach: () => settleMemory(gc).then(() => undefined) });
      await bench.run();
      alone.push(oneAfterOther);
      together.push(bothAtOnce);
      speedUps.push(oneAfterOther / bothAtOnce);
    }
    const range = (values: number[], digits: number) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
    rows.push({
      case: label,
      'one thread, both halves (ms)': Math.round(median(alone)),
      'two threads at once (ms)': Math.round(median(together)),
      'speed-up (median)': Math.round(median(speedUps) * 100) / 100,
      'speed-up (range over rounds)': range(speedUps, 2),
      'one thread (range, ms)': range(alone, 0),
    });
    console.log(label, rows[rows.length - 1]);
  }
  for (const worker of workers) await worker.terminate();
  writeBenchResults('memory', rows, [
    `Two worker threads write the two ${HALF_BYTES / 2 ** 20} MiB halves of one fresh SharedArrayBuffer: one after the other, then both at once; ${ROUNDS} rounds (BENCH_ROUNDS), a fresh buffer per timing; before each, garbage collected and the freed memory handed back (settleMemory). No airreach code runs.`,
    'Why it matters: the res-8 coverage matrix is 325 MiB of fresh pages, and on this VM their page faults take as long as the fill (bench/results/coverage.md). If fresh-memory writing does not scale to two threads, neither does the build, whatever the build does.',
    'This machine: a Firecracker microVM with nested virtualisation (kernel command line: nested_pvm=1, page_reporting.page_reporting_order=11, so freed guest memory goes back to the host). The one-thread column shows how much the cost of a page fault varies from one round to the next. Two things measured beside this benchmark: a read before the first write of a page maps the shared zero page and the write then faults again, and on two threads that read-then-write pattern took longer than one thread doing all of it (320 MiB: 415–531 ms against 327–361 ms); and within the coverage build, faulting a fresh matrix in as a pass of plain writes split over the threads beat letting the fill tasks fault it as they write.',
    `Machine load: 1-minute load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after.`,
  ]);
}
