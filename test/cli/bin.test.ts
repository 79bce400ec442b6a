// The built `airreach` executable's `solve`: dist/src/cli/bin.js loads the one-file bundle of the
// light entry (scripts/bundleSolve.ts, made by `npm run build`; issue 17: start-up). It must give
// the very bytes the in-process solve gives, and load nothing but itself and the bundle.
// Every other command: its main thread loads only the CLI, and its workers are one bundled file
// each (scripts/bundleWorkers.ts; issue 15) that must write the very files the modules write.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseInstance } from '../../src/solvers/kernel/parseInstance.js';
import { solveInstance } from '../../src/solvers/kernel/solveInstance.js';
import { terminalSafe } from '../../src/cli/terminalSafe.js';
import { main } from '../../src/cli/main.js';
import { ensureBuilt as ensureBuiltDist } from '../ensureBuilt.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repo, 'dist', 'src', 'cli', 'bin.js');
const bundle = join(repo, 'dist', 'src', 'cli', 'solveCommand.bundle.js');

/** `npm test` builds before vitest; run alone with dist/ missing or older than src/, build here. */
function ensureBuilt(): void {
  const workerBundles = ['scenario', 'engine', 'command', 'simulation'].map((name) => join(repo, 'dist', 'workers', `${name}.js`));
  ensureBuiltDist(repo, [bundle, bin, ...workerBundles], [join(repo, 'src'), join(repo, 'workers'), join(repo, 'scripts', 'bundleSolve.ts'), join(repo, 'scripts', 'bundleWorkers.ts')]);
  expect(existsSync(bundle), 'dist/src/cli/solveCommand.bundle.js (npm run build)').toBe(true);
}

/**
 * A loader hook that reports every module URL the process loads: `--import` the returned file.
 * The hook thread posts each URL; the main thread drains the port when it exits, onto stderr.
 */
function loadRecorder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'airreach-bin-'));
  writeFileSync(join(folder, 'hook.mjs'), 'let port;\nexport function initialize(data) { port = data.port; }\nexport async function load(url, context, next) { port.postMessage(url); return next(url, context); }\n');
  writeFileSync(
    join(folder, 'record.mjs'),
    [
      "import { register } from 'node:module';",
      "import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';",
      'const { port1, port2 } = new MessageChannel();',
      'port1.unref();',
      "register('./hook.mjs', import.meta.url, { data: { port: port2 }, transferList: [port2] });",
      "process.on('exit', () => { const urls = []; let m; while ((m = receiveMessageOnPort(port1))) urls.push(m.message); process.stderr.write(`LOADED ${JSON.stringify(urls)}\\n`); });",
    ].join('\n'),
  );
  return join(folder, 'record.mjs');
}

/** Instances for the byte comparison: the CLI fixtures and a few other models, small enough to prove. */
function instances(): Array<[string, string]> {
  const fixtures = join(repo, 'test', 'fixtures', 'cli');
  const files: Array<[string, string]> = readdirSync(fixtures).map((name) => [name, join(fixtures, name)]);
  const folder = mkdtempSync(join(tmpdir(), 'airreach-bin-'));
  const minutes = [[5, 40, 70, 22], [30, 10, 50, 18], [60, 45, 8, 33], [20, 25, 35, 9], [12, 55, 27, 41]];
  const others: Record<string, Record<string, unknown>> = {
    setCovering: { model: 'setCovering', minutes, standardMinutes: 30 },
    pMedian: { model: 'pMedian', minutes, demandWeights: [3, 2, 4, 1, 5], siteCount: 2 },
    pCenter: { model: 'pCenter', minutes, siteCount: 2, siteIds: ['north\u202e', 'b', 'c', 'd'] },
    expectedCovering: { model: 'expectedCovering', minutes, standardMinutes: 30, busyFraction: 0.3, aircraftCount: 3 },
  };
  for (const [name, json] of Object.entries(others)) {
    const path = join(folder, `${name}.json`);
    writeFileSync(path, JSON.stringify(json));
    files.push([name, path]);
  }
  return files;
}

const withoutRuntime = (text: string) => text.replace(/"runtimeMs":[0-9.e+-]+/, '"runtimeMs":0');

describe('the built airreach solve (one bundled file)', () => {
  it('prints the same bytes as the in-process solve, runtime aside', async () => {
    ensureBuilt();
    for (const [name, path] of instances()) {
      const child = spawnSync(process.execPath, [bin, 'solve', path, '--work', '1e9'], { encoding: 'utf8' });
      expect(child.status, `${name}: ${child.stderr}`).toBe(0);
      const solution = await solveInstance(parseInstance(JSON.parse(readFileSync(path, 'utf8')), { file: path, workLimit: 1e9 }), { workLimit: 1e9 });
      expect(withoutRuntime(child.stdout), name).toBe(withoutRuntime(terminalSafe(`${JSON.stringify(solution)}\n`)));
    }
  });

  it('loads only bin.js and the bundle: no other module of the package, no package from node_modules', () => {
    ensureBuilt();
    for (const name of ['mclp-tiny.json', 'cpmp-tiny.json']) {
      const child = spawnSync(process.execPath, ['--import', pathToFileURL(loadRecorder()).href, bin, 'solve', join(repo, 'test', 'fixtures', 'cli', name)], { encoding: 'utf8' });
      expect(child.status, child.stderr).toBe(0);
      const line = child.stderr.split('\n').find((text) => text.startsWith('LOADED '));
      const loaded = (JSON.parse(line!.slice('LOADED '.length)) as string[]).filter((url) => url.startsWith('file:') && !url.includes('airreach-bin-'));
      expect(loaded.map((url) => fileURLToPath(url)).sort(), name).toEqual([bin, bundle].sort());
    }
  });

  it('imports nothing but Node built-ins, HiGHS (lazily, on a MILP) and the zod instance schemas (lazily, never on a solve)', () => {
    ensureBuilt();
    const text = readFileSync(bundle, 'utf8');
    const staticImports = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s*"([^"]+)"/gm), ...text.matchAll(/^import\s*"([^"]+)"/gm)].map((match) => match[1]);
    const dynamicImports = [...text.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)].map((match) => match[1]);
    expect(staticImports.filter((specifier) => !specifier.startsWith('node:'))).toEqual([]);
    expect([...new Set(dynamicImports)].sort()).toEqual(['../solvers/kernel/instanceSchemas.js', 'highs']);
    // The left-out module is tsc's output beside the bundle, and no import is computed at run time.
    expect(existsSync(resolve(dirname(bundle), '../solvers/kernel/instanceSchemas.js'))).toBe(true);
    expect(text).not.toMatch(/\bimport\(\s*[^"\s]/);
    // What the light entry must not carry: zod, commander, the scenario pipeline, the pool, h3.
    for (const heavy of ['node_modules/zod/', 'node_modules/commander/', 'node_modules/piscina/', 'node_modules/h3-js/', 'src/scenario/', 'src/engine/', 'src/grid/']) {
      expect(text.includes(`// ${heavy}`), heavy).toBe(false);
    }
    expect(text).toContain('// src/solvers/covering/solveMaximalCovering.ts');
  });
});

describe('the built airreach main thread (every command but solve)', () => {
  it('loads no pipeline, solver, grid or queue module: those load on the worker that computes, or when a queue command asks', () => {
    ensureBuilt();
    const child = spawnSync(process.execPath, ['--import', pathToFileURL(loadRecorder()).href, bin, '--version'], { encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(0);
    const line = child.stderr.split('\n').find((text) => text.startsWith('LOADED '));
    const loaded = (JSON.parse(line!.slice('LOADED '.length)) as string[]).filter((url) => url.startsWith('file:') && !url.includes('airreach-bin-')).map((url) => fileURLToPath(url));
    // The CLI itself is loaded (the check sees the main thread's modules at all) ...
    expect(loaded).toContain(join(repo, 'dist', 'src', 'cli', 'main.js'));
    expect(loaded).toContain(join(repo, 'dist', 'src', 'batch', 'runScenarioInWorker.js'));
    // ... and nothing that only the computing needs: each cost the main thread about 0.8 s of CPU before a run's worker started.
    const heavy = ['dist/src/scenario/runScenario.js', 'dist/src/batch/scenarioCoverage.js', 'dist/src/batch/commandTask.js', 'dist/src/engine/handleTask.js', 'dist/src/grid/', 'dist/src/coverage/', 'dist/src/report/', 'dist/src/simulation/', 'dist/src/depots/', 'dist/src/solvers/covering/', 'dist/src/solvers/milp/'];
    const packages = ['bullmq', 'ioredis', 'zod', 'h3-js', '@turf', 'highs', 'rbush'];
    const offending = loaded.filter((path) => heavy.some((part) => path.includes(part)) || packages.some((name) => path.includes(`node_modules/${name}/`)));
    expect(offending).toEqual([]);
  });
});

describe('the built airreach with a reader that closes early (`airreach run … | head -1`)', () => {
  it('goes on and writes every file, leaving no lock, when its stdout and stderr readers close after the first line', async () => {
    ensureBuilt();
    const out = mkdtempSync(join(tmpdir(), 'airreach-epipe-'));
    try {
      const scenario = join(repo, 'test', 'fixtures', 'scenario', 'small.json');
      // The reference: the same run printing to readers that stay.
      const whole = spawnSync(process.execPath, [bin, 'run', scenario, '--out', join(out, 'whole'), '--threads', '2'], { encoding: 'utf8' });
      expect(whole.status, whole.stderr).toBe(0);
      const child = spawn(process.execPath, [bin, 'run', scenario, '--out', join(out, 'closed'), '--threads', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
      // As `head -1` does: read the first chunk of progress, then close both pipes.
      await new Promise<void>((resolveFirst) => child.stderr.once('data', () => resolveFirst()));
      child.stdout.destroy();
      child.stderr.destroy();
      const code = await new Promise<number | null>((resolveExit) => child.on('exit', (status) => resolveExit(status)));
      expect(code).toBe(0);
      const names = readdirSync(join(out, 'whole')).sort();
      expect(names.length).toBeGreaterThan(3);
      expect(readdirSync(join(out, 'closed')).sort()).toEqual(names);
      for (const file of names) expect(readFileSync(join(out, 'closed', file)).equals(readFileSync(join(out, 'whole', file))), file).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('the built worker entries (one bundled file each, scripts/bundleWorkers.ts)', () => {
  const scenarios = (name: string) => join(repo, 'test', 'fixtures', 'scenario', name);
  const quiet = () => new Writable({ write: (_chunk, _encoding, done) => done() });

  it('write the very files the unbundled modules write: run (scenario and engine workers, HiGHS on the pool) and coverage (command worker)', async () => {
    ensureBuilt();
    const out = mkdtempSync(join(tmpdir(), 'airreach-bundled-'));
    try {
      for (const [command, name] of [['run', 'session.json'], ['run', 'depots.json'], ['coverage', 'small.json']]) {
        const here = join(out, `${command}-${name}-here`);
        const there = join(out, `${command}-${name}-there`);
        // In this process: the CLI from src/, its workers from workers/*.ts (tsx), unbundled.
        expect(await main([command, scenarios(name), '--out', here, '--threads', '2', '--quiet'], { stdout: quiet(), stderr: quiet() as NodeJS.WriteStream })).toBe(0);
        const child = spawnSync(process.execPath, [bin, command, scenarios(name), '--out', there, '--threads', '2', '--quiet'], { encoding: 'utf8' });
        expect(child.status, child.stderr).toBe(0);
        const names = readdirSync(here).sort();
        expect(names.length, `${command} ${name}`).toBeGreaterThan(3);
        expect(readdirSync(there).sort()).toEqual(names);
        for (const file of names) expect(readFileSync(join(there, file)).equals(readFileSync(join(here, file))), `${command} ${name}: ${file}`).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('are bundles (no import of our own modules, no package but piscina and HiGHS) that load and export their handler', () => {
    ensureBuilt();
    for (const name of ['scenario', 'engine', 'command', 'simulation']) {
      const file = join(repo, 'dist', 'workers', `${name}.js`);
      // The entry is one line over the bundle (a worker's require() of it, refused, parses it: 1 ms, not 20-45).
      expect(readFileSync(file, 'utf8').replace(/^\/\/.*\n/gm, '')).toBe(`export { default } from './${name}.bundle.js';\n`);
      const text = readFileSync(join(repo, 'dist', 'workers', `${name}.bundle.js`), 'utf8');
      const imports = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s*"([^"]+)"/gm), ...text.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)].map((match) => match[1]);
      const packages = new Set(imports.filter((specifier) => !specifier.startsWith('node:') && !specifier.startsWith('.')));
      expect([...packages].filter((specifier) => specifier !== 'piscina' && specifier !== 'highs'), name).toEqual([]);
      expect(imports.filter((specifier) => specifier.startsWith('.')), name).toEqual([]);
      // Loaded by plain Node, as a worker loads it: the handler is its default export.
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(typeof m.default);`], { encoding: 'utf8' });
      expect(child.stdout.trim(), `${name}: ${child.stderr}`).toBe('function');
    }
  });
});
