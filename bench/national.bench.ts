// National benchmark (issue 21): the national case, data/china/national.json (mainland China at
// H3 resolution 7, ≈ 1.9 M cells, 222 bases, 364 candidates, standards 60 and 120 min, two
// siting questions), run as `airreach run` runs it, in a fresh process per round: wall time per
// step, peak resident memory of the whole process (all threads), bytes written. Targets: ≤ 3 min
// and ≤ 8 GB on 2 cores. Run: `npx tsx bench/national.bench.ts` (NATIONAL_ROUNDS=… rounds, default 2).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, writeBenchResults } from './benchReport.js';

const here = dirname(fileURLToPath(import.meta.url));
const scenarioPath = join(here, '..', 'data', 'china', 'national.json');

interface RoundResult {
  steps: Array<{ step: string; atMs: number }>;
  wallMs: number;
  writeMs: number;
  maxRssBytes: number;
  cells: number;
  coveragePairs: number;
  bytesWritten: number;
  files: number;
}

if (process.env.NATIONAL_CHILD === '1') {
  // One round, in this fresh process: the steps of `runScenario` (as `airreach run` runs them),
  // timed one by one, the computation's own progress steps included.
  const { loadScenario } = await import('../src/scenario/loadScenario.js');
  const { readScenarioInputs } = await import('../src/scenario/runCoverage.js');
  const { readConditions } = await import('../src/scenario/readConditions.js');
  const { computeScenario, scenarioOutputs } = await import('../src/scenario/runScenario.js');
  const { writeFilesAtomic } = await import('../src/io/writeFileAtomic.js');
  const out = process.env.NATIONAL_OUT!;
  const started = performance.now();
  const steps: RoundResult['steps'] = [{ step: 'reading the scenario and its layers', atMs: 0 }];
  const loaded = await loadScenario(scenarioPath);
  const inputs = await readScenarioInputs(loaded);
  const conditions = await readConditions(loaded.scenario.conditions, loaded.file);
  const result = await computeScenario(inputs, {
    conditions,
    onProgress: (event) => steps.push({ step: event.step === 'grid' ? 'grid (cells, demand, regions)' : event.step, atMs: performance.now() - started }),
  });
  const computedMs = performance.now() - started;
  const written = await writeFilesAtomic(out, scenarioOutputs(result));
  const wallMs = performance.now() - started;
  const round: RoundResult = {
    steps,
    wallMs,
    writeMs: wallMs - computedMs,
    // ru_maxrss: the peak resident set of the process, every thread included (KiB on Linux).
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    cells: result.coverage.grid.cellCount,
    coveragePairs: result.coverage.periods.reduce((s, p) => s + p.matrix.pairCount, 0),
    bytesWritten: written.reduce((s, f) => s + statSync(f).size, 0),
    files: written.length,
  };
  process.stdout.write(`\nNATIONAL_RESULT ${JSON.stringify(round)}\n`);
  process.exit(0);
}

const rounds = Number(process.env.NATIONAL_ROUNDS ?? 2);
const load: number[] = [loadavg()[0]];
const results: RoundResult[] = [];
for (let r = 0; r < rounds; r++) {
  const out = mkdtempSync(join(tmpdir(), 'airreach-national-'));
  try {
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, NATIONAL_CHILD: '1', NATIONAL_OUT: out },
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
    });
    const line = child.stdout.split('\n').find((l) => l.startsWith('NATIONAL_RESULT '));
    if (child.status !== 0 || !line) throw new Error(`round ${r + 1} failed (${child.status ?? child.signal}): ${child.stderr.slice(-2000)}`);
    results.push(JSON.parse(line.slice('NATIONAL_RESULT '.length)) as RoundResult);
    console.log(`round ${r + 1}: ${(results[r].wallMs / 1000).toFixed(1)} s, peak RSS ${(results[r].maxRssBytes / 2 ** 30).toFixed(2)} GiB; files: ${readdirSync(out).join(', ')}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  load.push(loadavg()[0]);
}

// Step durations: from one step to the next; the last computing step ends when the files start.
const stepNames = results[0].steps.map((s) => s.step).filter((step) => step !== 'done');
const rows: Array<Record<string, unknown>> = stepNames.map((step, k) => ({
  step,
  seconds: median(
    results.map((r) => {
      const own = r.steps.filter((s) => s.step !== 'done');
      return ((own[k + 1]?.atMs ?? r.wallMs - r.writeMs) - own[k].atMs) / 1000;
    }),
  ),
}));
rows.push({ step: 'writing the files (maps and tables streamed)', seconds: median(results.map((r) => r.writeMs / 1000)) });
rows.push({ step: 'total (wall)', seconds: median(results.map((r) => r.wallMs / 1000)) });
const wall = median(results.map((r) => r.wallMs / 1000));
const rss = Math.max(...results.map((r) => r.maxRssBytes)) / 2 ** 30;
const first = results[0];
writeBenchResults('national', rows, [
  `data/china/national.json: ${first.cells.toLocaleString('en-US')} cells at H3 resolution 7, ${first.coveragePairs.toLocaleString('en-US')} coverage pairs (120 min), ${first.files} files, ${(first.bytesWritten / 2 ** 20).toFixed(0)} MiB written (maps and tables streamed).`,
  `Medians of ${rounds} rounds, each a fresh process running the pipeline of \`airreach run\` (grid and coverage in one thread; the rest of the 2 cores is free for V8's collector).`,
  `Wall time ${wall.toFixed(1)} s (target ≤ 180 s: ${wall <= 180 ? 'met' : 'NOT met'}); peak resident memory ${rss.toFixed(2)} GiB over every step including the output (target ≤ 8 GB: ${rss * 2 ** 30 <= 8e9 ? 'met' : 'NOT met'}).`,
  `Per round: ${results.map((r) => `${(r.wallMs / 1000).toFixed(1)} s / ${(r.maxRssBytes / 2 ** 30).toFixed(2)} GiB`).join('; ')}.`,
  `Load average (1 min) before and after each round: ${load.map((l) => l.toFixed(1)).join(', ')} — the machine is shared; wall times include that load.`,
]);
console.table(rows);
