import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenario } from '../../src/scenario/runScenario.js';
import { runCoverage } from '../../src/scenario/runCoverage.js';
import { OUTPUT_MANIFEST, writeFilesAtomic } from '../../src/io/writeFileAtomic.js';
import { isAirreachError } from '../../src/errors.js';
import { fixturePath } from './reliabilityFixtures.js';
import { TriedLog } from './triedLog.js';

const log = new TriedLog('faults: cancel, unwritable and full output folders');
afterAll(() => log.print());

const root = mkdtempSync(join(tmpdir(), 'airreach-faults-'));
const scenarioFolder = join(root, 'scenario');
const scenario = join(scenarioFolder, 'siting.json');
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(() => {
  mkdirSync(scenarioFolder);
  for (const name of ['small.json', 'siting.json', 'hazards.geojson', 'regions.geojson', 'bases.geojson', 'candidates.geojson', 'places.geojson']) {
    cpSync(fixturePath('scenario', name), join(scenarioFolder, name));
  }
});

/** Every file under `folder` (recursively), with its bytes: temporary files included, so leftovers show. */
function snapshot(folder: string): Record<string, string> {
  if (!existsSync(folder)) return {};
  const out: Record<string, string> = {};
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out[join(entry.parentPath, entry.name).slice(folder.length + 1)] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return out;
}

/** An earlier run's summary.json, listed in the folder's manifest as that run left it; returns what the folder holds then. */
function earlierRun(out: string): Record<string, string> {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'summary.json'), 'earlier run\n');
  writeFileSync(join(out, OUTPUT_MANIFEST), '{ "files": ["summary.json"] }\n');
  return snapshot(out);
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('Ctrl-C (an aborted signal) at each step of runScenario', () => {
  const steps: string[] = [];
  let complete: Record<string, string> = {};

  beforeAll(async () => {
    const out = join(root, 'reference');
    await runScenario(scenario, { outFolder: out, onProgress: (event) => steps.push(event.step) });
    complete = snapshot(out);
  });

  it('runs through several progress steps and writes a full set of files (the reference)', () => {
    expect(steps.length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(complete)).toEqual(expect.arrayContaining(['summary.json', 'report.html', 'answers.json', 'coverage-day.geojson']));
  });

  it('refuses to start with an already aborted signal, writing nothing', async () => {
    const out = join(root, 'pre-aborted');
    const error = await failure(() => runScenario(scenario, { outFolder: out, signal: AbortSignal.abort() }));
    log.record('runScenario', isAirreachError(error) ? error.code : 'other!', 'fault');
    expect(isAirreachError(error, 'E_ABORTED'), String(error)).toBe(true);
    expect(snapshot(out)).toEqual({});
  });

  it('stops with E_ABORTED at every step and leaves the folder as it was; a rerun then writes the same files', async () => {
    for (let k = 0; k < steps.length; k++) {
      const out = join(root, `abort-${k}`);
      // The folder may already hold an earlier run's files: they must survive a cancelled run untouched.
      const before = earlierRun(out);
      const controller = new AbortController();
      let seen = 0;
      const error = await failure(() =>
        runScenario(scenario, {
          outFolder: out,
          signal: controller.signal,
          onProgress: () => {
            if (seen++ === k) controller.abort();
          },
        }),
      );
      log.record('runScenario', isAirreachError(error) ? `${error.code} at step` : 'other!', 'fault');
      expect(isAirreachError(error, 'E_ABORTED'), `step ${k} (${steps[k]}): ${String(error)}`).toBe(true);
      expect(snapshot(out), `step ${k} (${steps[k]})`).toEqual(before);
      // Reruns after the first and the last step (each rerun is a full siting run).
      if (k === 0 || k === steps.length - 1) {
        await runScenario(scenario, { outFolder: out });
        expect(snapshot(out), `rerun after step ${k}`).toEqual(complete);
      }
    }
  });
});

describe('an output folder that cannot be written', () => {
  it('reports E_OUTPUT naming the folder when its parent is a regular file (ENOTDIR, even as root)', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'not a folder');
    const out = join(file, 'out');
    const error = await failure(() => runCoverage(join(scenarioFolder, 'small.json'), { outFolder: out }));
    log.record('runCoverage', isAirreachError(error) ? `${error.code} (ENOTDIR)` : 'other!', 'fault');
    expect(isAirreachError(error, 'E_OUTPUT'), String(error)).toBe(true);
    if (isAirreachError(error)) {
      expect(error.where.file).toBe(out);
      expect(error.value).toBe('ENOTDIR');
    }
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
  });

  it.skipIf(process.getuid?.() === 0)('reports E_OUTPUT for a read-only folder (chmod 0o500; skipped as root, where chmod does not stop writes)', async () => {
    const out = join(root, 'read-only');
    mkdirSync(out);
    chmodSync(out, 0o500);
    try {
      const error = await failure(() => writeFilesAtomic(out, { 'a.txt': 'a', 'b.txt': 'b' }));
      log.record('writeFilesAtomic', isAirreachError(error) ? `${error.code} (EACCES)` : 'other!', 'fault');
      expect(isAirreachError(error, 'E_OUTPUT')).toBe(true);
      expect(readdirSync(out)).toEqual([]);
    } finally {
      chmodSync(out, 0o700);
    }
  });
});

/** A 64 KiB tmpfs, when this process may mount one (root in CI); else undefined. */
function mountTinyDisk(): string | undefined {
  const mountPoint = join(root, 'tiny-disk');
  mkdirSync(mountPoint);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { stdio: 'ignore' });
    return mountPoint;
  } catch {
    return undefined;
  }
}

describe('a full disk', () => {
  let disk: string | undefined;
  beforeAll(() => {
    disk = mountTinyDisk();
  });
  afterAll(() => {
    if (disk) execFileSync('umount', [disk], { stdio: 'ignore' });
  });

  it('fails with E_OUTPUT (ENOSPC) and leaves neither targets nor temporary files — skipped with a note when no tmpfs can be mounted', async (context) => {
    if (!disk) {
      log.record('runScenario', 'skipped: cannot mount tmpfs', 'fault');
      context.skip();
      return;
    }
    const out = join(disk, 'out');
    const before = earlierRun(out);
    const error = await failure(() => runScenario(scenario, { outFolder: out }));
    log.record('runScenario', isAirreachError(error) ? `${error.code} (${String(error.value)})` : 'other!', 'fault');
    expect(isAirreachError(error, 'E_OUTPUT'), String(error)).toBe(true);
    if (isAirreachError(error)) expect(error.value).toBe('ENOSPC');
    expect(snapshot(out)).toEqual(before);
  });
});
