// `airreach solve` of tiny instances, process to process (issue 17: ≤ 0.15 s wall, "load only
// what the model needs"): the built CLI against bare Node, in alternating rounds so that a load
// change hits both sides. Needs `npm run build` first (npm run bench does it): the built bin.js
// loads the one-file bundle of the light entry (scripts/bundleSolve.ts); the same solve from tsc's
// separate modules is timed beside it, to show what the bundle saves.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, writeBenchResults } from './benchReport.js';

const ROUNDS = 25;
const cli = fileURLToPath(new URL('../dist/src/cli/bin.js', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../test/fixtures/cli/${name}`, import.meta.url));
// What bin.js did before the bundle: import tsc's solveCommand.js (three dozen modules for a solve).
const unbundled = join(mkdtempSync(join(tmpdir(), 'airreach-startup-')), 'unbundled.mjs');
const modules = new URL('../dist/src/cli/solveCommand.js', import.meta.url).href;
writeFileSync(unbundled, `const { runSolveCommand } = await import(${JSON.stringify(modules)});\nprocess.exitCode = await runSolveCommand(process.argv.slice(3));\n`);
const sides: Array<[string, string[]]> = [
  ['bare node (node -e 0)', ['-e', '0']],
  ['airreach solve mclp-tiny.json (2 × 3 maximal covering)', [cli, 'solve', fixture('mclp-tiny.json')]],
  ['airreach solve cpmp-tiny.json (4 × 3 capacitated p-median)', [cli, 'solve', fixture('cpmp-tiny.json')]],
  ['the same mclp-tiny.json solve from tsc\'s separate modules (no bundle)', [unbundled, 'solve', fixture('mclp-tiny.json')]],
  ['airreach --version (the full CLI, for comparison)', [cli, '--version']],
];

const loadBefore = loadavg()[0];
const wall = sides.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round++) {
  sides.forEach(([, args], k) => {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited with ${result.status}`);
    wall[k].push(performance.now() - started);
  });
}
const loadAfter = loadavg()[0];
const rows = sides.map(([name], k) => ({
  command: name,
  medianMs: Math.round(median(wall[k])),
  minMs: Math.round(Math.min(...wall[k])),
  maxMs: Math.round(Math.max(...wall[k])),
  aboveBareNodeMs: Math.round(median(wall[k]) - median(wall[0])),
}));
writeBenchResults('solve-startup', rows, [
  `${ROUNDS} alternating rounds, each command in a fresh process (spawnSync), wall milliseconds. 1-minute load average ${loadBefore.toFixed(2)} at start, ${loadAfter.toFixed(2)} at end (2 cores shared with other jobs).`,
  'Target (issue 17): airreach solve of a tiny instance ≤ 150 ms wall. The light entry (src/cli/solveCommand.ts) loads the instance reader, the model registry and one solver; zod, commander, HiGHS and the scenario pipeline stay unloaded. Built, it is one file (dist/src/cli/solveCommand.bundle.js, esbuild in npm run build): bin.js and the bundle are the only modules a solve loads (test/cli/bin.test.ts).',
  'Command: npm run bench -- solveStartup',
]);
console.log(rows);
