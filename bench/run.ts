// `npm run bench`: every benchmark in turn, each in its own process (so one's memory and JIT
// state do not colour the next), results written to bench/results/. Pass names to run a few:
// `npm run bench -- coverage engine`. Several take minutes; the whole set about half an hour.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = dirname(fileURLToPath(import.meta.url));
const all = readdirSync(folder).filter((name) => name.endsWith('.bench.ts')).sort();
const wanted = process.argv.slice(2);
const chosen = wanted.length === 0 ? all : all.filter((name) => wanted.includes(name.replace('.bench.ts', '')));
if (chosen.length === 0) {
  console.error(`no benchmark named ${wanted.join(', ')}; there are: ${all.map((n) => n.replace('.bench.ts', '')).join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const name of chosen) {
  console.log(`\n=== ${name}`);
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(folder, name)], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.error(`${name} exited with ${result.status ?? result.signal}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
