// `npm start`'s run (node dist/src/cli/bin.js run data/liaoning/today.json) at 1 and 2 threads,
// against the same run's coverage + questions alone (today.json without curve, depots and
// simulation) and against the same run with V8's JIT settings kept (--v8-defaults: no short-run
// profile, see src/engine/shortRunJit.ts), in rounds that alternate the six runs; checks that
// every output of a round is byte-identical. Needs `npm run build` first. START_ROUNDS=n for more
// rounds (default 1).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, writeBenchResults } from './benchReport.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(repo, 'dist', 'src', 'cli', 'bin.js');
const today = join(repo, 'data', 'liaoning', 'today.json');
// In the scenario's own folder, so that its relative paths hold; removed at the end.
const core = join(repo, 'data', 'liaoning', '.start-bench-core.json');
const scenario = JSON.parse(readFileSync(today, 'utf8')) as Record<string, unknown>;
delete scenario.curve;
delete scenario.depots;
delete scenario.simulation;
writeFileSync(core, JSON.stringify(scenario, null, 2));
const rounds = Number(process.env.START_ROUNDS ?? 1);
const root = mkdtempSync(join(tmpdir(), 'start-bench-'));
const loadBefore = loadavg()[0];

function hashes(folder: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(folder).sort()) hash.update(name).update(readFileSync(join(folder, name)));
  return hash.digest('hex');
}

/** Wall and CPU seconds of one CLI run (GNU time), and its output folder's hash. */
function runOnce(file: string, threads: number, out: string, extra: string[]): { wallS: number; cpuS: number; hash: string } {
  const result = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S', process.execPath, bin, 'run', file, '--out', out, '--threads', String(threads), ...extra], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`run ${file} --threads ${threads} failed: ${result.stderr.slice(-2000)}`);
  const line = result.stderr.split('\n').find((l) => l.startsWith('TIME '))!;
  const [wall, user, sys] = line.slice(5).split(' ').map(Number);
  return { wallS: wall, cpuS: user + sys, hash: hashes(out) };
}

const runs: Record<string, Array<{ wallS: number; cpuS: number; hash: string }>> = { 'full 1': [], 'full 2': [], 'core 1': [], 'core 2': [], 'kept 1': [], 'kept 2': [] };
try {
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['full 1', 'full 2', 'core 1', 'core 2', 'kept 1', 'kept 2'] : ['kept 2', 'kept 1', 'core 2', 'core 1', 'full 2', 'full 1'];
    for (const key of order) {
      const [kind, threads] = key.split(' ');
      const out = join(root, `${key.replace(' ', '-')}-${round}`);
      const run = runOnce(kind === 'core' ? core : today, Number(threads), out, kind === 'kept' ? ['--v8-defaults'] : []);
      runs[key].push(run);
      rmSync(out, { recursive: true, force: true });
      console.log(`${key} thread(s), round ${round + 1}: ${run.wallS} s wall, ${run.cpuS.toFixed(1)} s CPU`);
    }
  }
} finally {
  rmSync(core, { force: true });
  rmSync(root, { recursive: true, force: true });
}
const wall = (key: string) => median(runs[key].map((r) => r.wallS));
const cpu = (key: string) => median(runs[key].map((r) => r.cpuS));
const identical =
  runs['full 1'].every((r, k) => r.hash === runs['full 2'][k].hash && r.hash === runs['kept 1'][k].hash && r.hash === runs['kept 2'][k].hash) &&
  runs['core 1'].every((r, k) => r.hash === runs['core 2'][k].hash);
const rows = [1, 2].map((threads) => ({
  threads,
  'run: wall s (median)': wall(`full ${threads}`),
  'run: CPU s': cpu(`full ${threads}`),
  'coverage + questions alone: wall s': wall(`core ${threads}`),
  'coverage + questions alone: CPU s': cpu(`core ${threads}`),
  'run / coverage + questions (target ≤ 1.3)': wall(`full ${threads}`) / wall(`core ${threads}`),
  'target: run ≤ 5 s': wall(`full ${threads}`) <= 5 ? 'met' : 'not met',
  'run with --v8-defaults: wall s': wall(`kept ${threads}`),
  'run with --v8-defaults: CPU s': cpu(`kept ${threads}`),
}));
writeBenchResults('start', rows, [
  `node dist/src/cli/bin.js run data/liaoning/today.json --threads N (npm start's run), ${rounds} round(s), the six runs alternating; "coverage + questions alone" is today.json without its curve, depots and simulation blocks; "with --v8-defaults" is the run with V8's own JIT settings (no short-run profile after the grid).`,
  `Outputs byte-identical at 1 and 2 threads and with --v8-defaults (every file of each run): ${identical ? 'yes' : 'NO'}.`,
  `Machine load: 1-minute load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after the runs on a shared 2-core machine (the other jobs take their share of the 2 cores: wall times at a high load are not quiet-machine figures).`,
]);
for (const row of rows) console.log(row);
if (!identical) process.exit(1);
