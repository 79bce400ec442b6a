// The package as users get it: `npm pack` of the repository, installed into a fresh project in a
// temporary folder, running a coverage job on two worker threads through the public API only.
// Workers must load from the compiled `dist/workers/engine.js` inside node_modules/airreach.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ensureBuilt as ensureBuiltDist } from '../ensureBuilt.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** `npm test` builds before vitest; run alone with dist/ missing or older than the sources, build here. */
function ensureBuilt(): void {
  const worker = join(repo, 'dist', 'workers', 'engine.js');
  ensureBuiltDist(repo, [worker], [join(repo, 'src'), join(repo, 'workers')]);
  expect(existsSync(worker), 'dist/workers/engine.js (npm run build)').toBe(true);
}

const consumerScript = `
import { readFileSync } from 'node:fs';
import { computeCoverage, computeCoverageParallel, coverageFiles, loadScenario, readScenarioInputs, runBatch, runCoverage } from 'airreach';
import { createPool } from 'airreach/engine';

const inputs = await readScenarioInputs(await loadScenario('scenario/small.json'));
const single = coverageFiles(computeCoverage(inputs));
// minParallelPairs 0 forces the shards onto the workers even for this small grid.
const parallel = coverageFiles(await computeCoverageParallel(inputs, { threads: 2, minParallelPairs: 0 }));
const { written } = await runCoverage('scenario/small.json', { outFolder: 'out', threads: 2, minParallelPairs: 0 });
const identical = Object.keys(single).every((name) => single[name] === parallel[name]) && Object.keys(single).length === Object.keys(parallel).length;
const writtenIdentical = written.every((path) => readFileSync(path, 'utf8') === single[path.split('/').pop()]);
// A batch on a pool of the engine subpath: its scenario tasks load the batch layer's own worker entry from dist/.
const pool = createPool({ threads: 2 });
const batch = await runBatch(['scenario/small.json'], { outFolder: 'batch', pool, resume: false });
await pool.close();
const batchIdentical = batch.scenarios[0].status === 'done' && Object.keys(single).every((name) => readFileSync(\`batch/small/\${name}\`, 'utf8') === single[name]);
console.log(JSON.stringify({ files: Object.keys(parallel).sort(), identical, writtenIdentical, written: written.length, batchIdentical }));
`;

describe('airreach installed as a dependency', () => {
  it('packs, installs into a fresh project and builds coverage on 2 worker threads from dist/', { timeout: 600_000 }, () => {
    ensureBuilt();
    const work = mkdtempSync(join(tmpdir(), 'airreach-consumer-'));
    try {
      const packed = execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: repo, encoding: 'utf8' });
      const tarball = join(work, (JSON.parse(packed) as Array<{ filename: string }>)[0].filename);
      const project = join(work, 'project');
      execFileSync('mkdir', ['-p', join(project, 'scenario')]);
      writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'airreach-consumer', private: true, type: 'module' }));
      for (const file of ['small.json', 'regions.geojson', 'hazards.geojson', 'bases.geojson']) {
        copyFileSync(join(repo, 'test', 'fixtures', 'scenario', file), join(project, 'scenario', file));
      }
      writeFileSync(join(project, 'run.mjs'), consumerScript);
      execFileSync(npm, ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: project, stdio: 'pipe' });
      expect(existsSync(join(project, 'node_modules', 'airreach', 'dist', 'workers', 'engine.js'))).toBe(true);
      expect(existsSync(join(project, 'node_modules', 'airreach', 'src'))).toBe(false);
      // Every scenario error and bundled "$schema" link points at the schemas; MIT needs its text.
      for (const shipped of ['schema/scenario.schema.json', 'schema/instance.schema.json', 'LICENSE']) {
        expect(existsSync(join(project, 'node_modules', 'airreach', shipped)), shipped).toBe(true);
      }
      const output = execFileSync(process.execPath, ['run.mjs'], { cwd: project, encoding: 'utf8' });
      const result = JSON.parse(output.trim().split('\n').pop() ?? '{}');
      expect(result).toEqual({
        files: ['bases.geojson', 'coverage-day.csv', 'coverage-day.geojson', 'coverage-night.csv', 'coverage-night.geojson', 'report.html', 'summary.json'],
        identical: true,
        writtenIdentical: true,
        written: 7,
        batchIdentical: true,
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
