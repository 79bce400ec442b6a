import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where benchmark results are committed. */
export const resultsFolder = join(dirname(fileURLToPath(import.meta.url)), 'results');

/** The machine a result came from: recorded with every result file. */
export function machineInfo(): { node: string; cpu: string; cores: number; memoryGiB: number; platform: string; date: string } {
  return {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform}-${process.arch}`,
    date: new Date().toISOString(),
  };
}

/**
 * Writes `bench/results/<name>.json` (machine + results) and `<name>.md` (a table a person reads).
 * `rows` are flat objects; their keys become the table's columns.
 */
export function writeBenchResults(name: string, rows: Array<Record<string, unknown>>, notes: string[] = []): void {
  mkdirSync(resultsFolder, { recursive: true });
  const machine = machineInfo();
  writeFileSync(join(resultsFolder, `${name}.json`), `${JSON.stringify({ name, machine, notes, rows }, null, 2)}\n`);
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: unknown) => (typeof value === 'number' ? formatNumber(value) : String(value ?? ''));
  const lines = [
    `# ${name}`,
    '',
    `Node ${machine.node} · ${machine.cpu} · ${machine.cores} cores · ${machine.memoryGiB} GiB · ${machine.platform} · ${machine.date}`,
    '',
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${columns.map((c) => cell(row[c])).join(' | ')} |`),
    '',
    ...notes.map((note) => `- ${note}`),
    '',
  ];
  writeFileSync(join(resultsFolder, `${name}.md`), lines.join('\n'));
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Math.abs(value) >= 100 ? value.toFixed(1) : value.toPrecision(4);
}

/**
 * The median of timings (the mean of the middle two for an even count): on a shared machine the
 * figure that a run slowed now and then by other jobs moves least.
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const half = sorted.length / 2;
  return sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2] : (sorted[half - 1] + sorted[half]) / 2;
}

/**
 * Collects garbage (`node --expose-gc`), then waits until the memory it freed has been handed
 * back: resident memory no longer falling over two readings 10 ms apart, at least `minWaitMs`
 * after the collection (for worker threads' own collections), at most `maxWaitMs`. V8 frees a
 * large array buffer's memory on a background thread after the collection, and unmapping the
 * 325 MiB coverage matrix took 35–58 ms here (strace): done inside the next timed build, it
 * slowed that build's own page mapping and faults (the mapping call waited up to 35 ms) and took
 * one of the two cores. Returns the milliseconds waited.
 *
 * @example
 * bench.add('build', () => build(), { beforeEach: () => settleMemory(gc) });
 */
export async function settleMemory(gc: () => void, options: { minWaitMs?: number; maxWaitMs?: number } = {}): Promise<number> {
  const { minWaitMs = 40, maxWaitMs = 2000 } = options;
  const started = performance.now();
  gc();
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  let last = process.memoryUsage.rss();
  for (;;) {
    await sleep(10);
    const now = process.memoryUsage.rss();
    const waited = performance.now() - started;
    if (waited >= maxWaitMs || (waited >= minWaitMs && now > last - 2 ** 20)) return waited;
    last = Math.min(last, now);
  }
}
