// Issue 16, "atomic for real": the CLI in a real child process, killed with SIGKILL at every
// point of its output switch and at random moments, interrupted with one and two Ctrl-C, and run
// twice at once into one folder. After each, the folder holds the old set of files or the whole
// new one (once the next run has recovered it), never a mix, with no staging or lock left, and
// what the CLI said matches what it did.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario } from '../../src/scenario/runScenario.js';
import { lockOutputFolder, recoverOutputFolder } from '../../src/io/outputFolder.js';
import { OUTPUT_MANIFEST } from '../../src/io/writeFileAtomic.js';
import { fixturePath } from './reliabilityFixtures.js';
import { TriedLog } from './triedLog.js';

const log = new TriedLog('interrupts: kill -9, Ctrl-C and two runs, against a real child process');
afterAll(() => log.print());

const repo = fileURLToPath(new URL('../..', import.meta.url));
const child = fileURLToPath(new URL('./crashChild.ts', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'airreach-interrupts-'));
const scenarios = join(root, 'scenarios');
const oldScenario = join(scenarios, 'old.json');
const newScenario = join(scenarios, 'new.json');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every entry under `folder` (dot files too) with a hash of its bytes; folders as `<dir>`. */
function snapshot(folder: string): Record<string, string> {
  if (!existsSync(folder)) return {};
  const out: Record<string, string> = {};
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    out[path.slice(folder.length + 1)] = entry.isFile() ? createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16) : '<dir>';
  }
  return out;
}

let oldSet: Record<string, string> = {};
let newSet: Record<string, string> = {};
/** The renames of one run's switch: the commit rename, then one per file. */
let switchRenames = 0;

beforeAll(async () => {
  mkdirSync(scenarios);
  for (const name of ['small.json', 'hazards.geojson', 'regions.geojson', 'bases.geojson']) cpSync(fixturePath('scenario', name), join(scenarios, name));
  // Two scenarios whose file sets differ in names and bytes: a mix of them shows.
  writeFileSync(oldScenario, JSON.stringify({ extends: 'small.json', name: 'old', periods: ['day'], standardsMinutes: [30, 60] }));
  writeFileSync(newScenario, JSON.stringify({ extends: 'small.json', name: 'new' }));
  await runScenario(oldScenario, { outFolder: join(root, 'reference-old') });
  await runScenario(newScenario, { outFolder: join(root, 'reference-new') });
  oldSet = snapshot(join(root, 'reference-old'));
  newSet = snapshot(join(root, 'reference-new'));
  switchRenames = 1 + Object.keys(newSet).length;
});

/** A fresh output folder holding the old run's files. */
function oldFolder(name: string): string {
  const out = join(root, name);
  cpSync(join(root, 'reference-old'), out, { recursive: true });
  return out;
}

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the CLI in a child process (crashChild.ts); `onStderr` may act on the child while it runs. */
function runChild(argv: string[], env: Record<string, string> = {}, onStderr?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<ChildResult> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, '--', ...argv], { cwd: repo, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr!.on('data', (chunk) => {
      stderr += String(chunk);
      onStderr?.(stderr, proc);
    });
    proc.on('error', reject);
    proc.on('close', (code, signal) => resolvePromise({ code, signal, stderr }));
  });
}

/** What the next run finds once it holds the lock: the folder recovered. */
function recovered(out: string): Record<string, string> {
  const lock = lockOutputFolder(out);
  lock.release();
  recoverOutputFolder(out);
  return snapshot(out);
}

describe('kill -9 during the output switch', () => {
  it('leaves, once the next run recovers, the old set when killed before the commit rename and the whole new set after it', { timeout: 300_000 }, async () => {
    // Before the commit rename, after it, in the middle of the moves, before the last move, and never.
    const points = [0, 1, Math.floor(switchRenames / 2), switchRenames - 1, switchRenames + 5];
    for (const k of points) {
      const out = oldFolder(`kill-${k}`);
      const result = await runChild(['run', newScenario, '--out', out, '-q'], { CRASH_MODE: 'kill', CRASH_AT: String(k) });
      const killed = result.signal === 'SIGKILL';
      expect(killed, `rename ${k}: ${result.stderr}`).toBe(k < switchRenames);
      const raw = snapshot(out);
      const after = recovered(out);
      const state = JSON.stringify(after) === JSON.stringify(oldSet) ? 'old set' : JSON.stringify(after) === JSON.stringify(newSet) ? 'new set' : 'MIX';
      log.record('airreach run + kill -9', `at rename ${k}/${switchRenames}: ${killed ? 'killed' : 'ran through'}, ${Object.keys(raw).some((name) => name.startsWith('.airreach')) ? 'left a transaction' : 'clean'}, recovered to the ${state}`, 'fault');
      expect(after).toEqual(k === 0 ? oldSet : newSet);
    }
  });

  it('leaves the old or the whole new set when killed at random moments of a run, and a rerun writes the new set', { timeout: 300_000 }, async () => {
    // Kill after a growing number of progress lines: during the computation, the staging writes and the switch.
    for (const [n, delayMs] of [[1, 0], [3, 100], [4, 0], [4, 150], [4, 400], [4, 900]] as const) {
      const out = oldFolder(`random-${n}-${delayMs}`);
      let sent = false;
      const result = await runChild(['run', newScenario, '--out', out], {}, (text, proc) => {
        if (sent || text.split('\n').length <= n) return;
        sent = true;
        setTimeout(() => proc.kill('SIGKILL'), delayMs);
      });
      const after = recovered(out);
      const state = JSON.stringify(after) === JSON.stringify(oldSet) ? 'old set' : JSON.stringify(after) === JSON.stringify(newSet) ? 'new set' : 'MIX';
      log.record('airreach run + kill -9', `after ${n} progress lines + ${delayMs} ms: ${result.signal ?? `exit ${result.code}`}, recovered to the ${state}`, 'fault');
      expect([oldSet, newSet]).toContainEqual(after);
      const rerun = await runChild(['run', newScenario, '--out', out, '-q']);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(snapshot(out)).toEqual(newSet);
    }
  });
});

describe('Ctrl-C', () => {
  it('twice: ends by SIGINT at once, the folder keeps the old set, no staging or lock is left, and it says nothing more was written', { timeout: 120_000 }, async () => {
    const out = oldFolder('double-sigint');
    let sent = false;
    const result = await runChild(['run', newScenario, '--out', out], {}, (text, proc) => {
      if (!sent && text.includes('grid')) {
        sent = true;
        proc.kill('SIGINT');
        setTimeout(() => proc.kill('SIGINT'), 20);
      }
    });
    log.record('airreach run + Ctrl-C ×2', `${result.signal ?? `exit ${result.code}`}, folder ${JSON.stringify(snapshot(out)) === JSON.stringify(oldSet) ? 'unchanged' : 'CHANGED'}`, 'fault');
    expect(result.signal, result.stderr).toBe('SIGINT');
    expect(snapshot(out)).toEqual(oldSet);
    expect(result.stderr).toMatch(/quit: nothing more was written|cancelled: /);
  });

  it('once, before the switch: ends by SIGINT saying nothing was written, and nothing was', { timeout: 120_000 }, async () => {
    const out = oldFolder('single-sigint');
    let sent = false;
    const result = await runChild(['run', newScenario, '--out', out], {}, (text, proc) => {
      if (sent || !text.includes('grid')) return;
      sent = true;
      proc.kill('SIGINT');
    });
    log.record('airreach run + Ctrl-C', result.signal ?? `exit ${result.code}`, 'fault');
    expect(result.signal, result.stderr).toBe('SIGINT');
    expect(result.stderr).toContain('cancelled: ');
    expect(result.stderr).toMatch(/cancelled: .*nothing was (written|changed)/);
    expect(snapshot(out)).toEqual(oldSet);
  });

  it('during the switch: the switch completes, exit 0, and it says the outputs are complete (never "nothing was written")', { timeout: 120_000 }, async () => {
    const out = oldFolder('sigint-in-switch');
    const result = await runChild(['run', newScenario, '--out', out, '-q'], { CRASH_MODE: 'sigint', CRASH_AT: '2' });
    log.record('airreach run + Ctrl-C in the switch', `exit ${result.code}`, 'fault');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('they are complete');
    expect(result.stderr).not.toContain('nothing was written');
    expect(snapshot(out)).toEqual(newSet);
  });
});

describe('every command, SIGINT and SIGTERM at several steps', () => {
  // Each computing command on a worker thread (runTaskInWorker): a signal at any step stops it
  // and leaves the folder as it was, and the process ends by the signal (the shell's 130 or 143); a signal that comes
  // after the switch finds the outputs complete. The time from the signal to the exit is
  // recorded (printed in the table), never asserted: bench/cancel.bench.ts measures it.
  const commands: Array<{ name: string; argv: (out: string) => string[] }> = [
    { name: 'coverage', argv: (out) => ['coverage', newScenario, '--out', out] },
    { name: 'site', argv: (out) => ['site', join(scenarios, 'siting.json'), '--out', out] },
    { name: 'compare', argv: (out) => ['compare', join(scenarios, 'small.json'), newScenario, '--out', out] },
    { name: 'sweep', argv: (out) => ['sweep', join(scenarios, 'sweep.json'), '--out', out] },
    { name: 'run', argv: (out) => ['run', newScenario, '--out', out, '--threads', '2'] },
  ];
  // After the k-th progress line (1: the first step, often the grid) and a delay.
  const points: Array<[lines: number, delayMs: number, signal: NodeJS.Signals]> = [
    [1, 0, 'SIGINT'],
    [1, 0, 'SIGTERM'],
    [2, 0, 'SIGINT'],
    [2, 150, 'SIGTERM'],
    [3, 50, 'SIGINT'],
  ];

  it('each ends by its signal, saying it was cancelled, the folder as it was, no staging or lock left; or, signalled after its switch, with its complete outputs', { timeout: 600_000 }, async () => {
    for (const name of ['siting.json', 'candidates.geojson', 'places.geojson']) cpSync(fixturePath('scenario', name), join(scenarios, name));
    writeFileSync(join(scenarios, 'sweep.json'), JSON.stringify({ extends: 'small.json', name: 'sweep', sweep: { cruiseSpeedFactors: [0.9, 1.1], nightOperations: [false] } }));
    const earlier = (out: string) => {
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, 'summary.json'), '{"left": "by an earlier run"}\n');
      writeFileSync(join(out, OUTPUT_MANIFEST), '{ "files": ["summary.json"] }\n');
      return snapshot(out);
    };
    for (const command of commands) {
      // The complete outputs, from a run that nothing interrupts.
      const reference = join(root, `${command.name}-reference`);
      earlier(reference);
      const complete = await runChild([...command.argv(reference), '-q']);
      expect(complete.code, complete.stderr).toBe(0);
      const completeSet = snapshot(reference);
      for (const [lines, delayMs, signal] of points) {
        const out = join(root, `${command.name}-${signal}-${lines}-${delayMs}`);
        const before = earlier(out);
        let sentAt: number | undefined;
        let step = '';
        const result = await runChild(command.argv(out), {}, (text, proc) => {
          const progress = text.split('\n').filter((line) => /^\s*\d+\.\d s\s/.test(line));
          if (sentAt !== undefined || progress.length < lines) return;
          sentAt = -1;
          step = progress[lines - 1].replace(/^\s*\d+\.\d s\s+/, '');
          setTimeout(() => {
            sentAt = performance.now();
            proc.kill(signal);
          }, delayMs);
        });
        const elapsedMs = sentAt !== undefined && sentAt >= 0 ? Math.round(performance.now() - sentAt) : null;
        const after = snapshot(out);
        const cancelled = result.signal === signal && result.stderr.includes('cancelled: ');
        const state = JSON.stringify(after) === JSON.stringify(before) ? 'unchanged' : JSON.stringify(after) === JSON.stringify(completeSet) ? 'complete' : 'MIX';
        log.record(
          `airreach ${command.name} + ${signal}`,
          `after progress line ${lines} (${step}) + ${delayMs} ms: ${result.signal ?? `exit ${result.code}`}, folder ${state}, ${elapsedMs === null ? 'not signalled' : `exit ${elapsedMs} ms after the signal`}`,
          'fault',
        );
        if (cancelled) {
          expect(after, `${command.name} ${signal} after line ${lines}`).toEqual(before);
          expect(result.stderr).toMatch(/cancelled: .*nothing was (written|changed)/);
        } else {
          // The signal came after the outputs were switched in (or after the command ended).
          expect(result.code === 0 || result.signal === signal, `${command.name} ${signal} after line ${lines}: ${result.stderr}`).toBe(true);
          expect(after).toEqual(completeSet);
        }
      }
    }
  });
});

describe('two runs into one folder', () => {
  it('never interleave: one is refused with E_LOCKED (or runs after the other), and the folder holds one complete set', { timeout: 120_000 }, async () => {
    const out = oldFolder('two-runs');
    const [a, b] = await Promise.all([runChild(['run', newScenario, '--out', out, '-q']), runChild(['run', oldScenario, '--out', out, '-q'])]);
    const codes = [a.code, b.code];
    log.record('two airreach runs at once', `exits ${codes.join(' and ')}${[a, b].some((r) => r.stderr.includes('E_LOCKED')) ? ' (one E_LOCKED)' : ''}`, 'fault');
    for (const r of [a, b]) if (r.code !== 0) expect(r.stderr).toContain('E_LOCKED');
    expect([oldSet, newSet]).toContainEqual(snapshot(out));
  });

  it('take over the lock of a run that died (kill -9 left it) and clean its staging', { timeout: 120_000 }, async () => {
    const out = oldFolder('stale');
    writeFileSync(join(out, '.airreach.lock'), `${JSON.stringify({ pid: 2 ** 22 + 12_345, host: (await import('node:os')).hostname() })}\n`);
    mkdirSync(join(out, '.airreach-0123456789ab.staging', 'files'), { recursive: true });
    writeFileSync(join(out, '.airreach-0123456789ab.staging', 'files', 'summary.json'), 'half');
    writeFileSync(join(out, '.summary.json.0123456789ab.tmp'), 'left by an older version');
    const result = await runChild(['run', newScenario, '--out', out, '-q']);
    log.record('airreach run after a dead run', `exit ${result.code}`, 'fault');
    expect(result.code, result.stderr).toBe(0);
    expect(snapshot(out)).toEqual(newSet);
  });
});
