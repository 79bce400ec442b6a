// How a cancelled command ends, as a shell sees it: by the signal itself (not exit 130), so that
// a script looping over airreach commands stops at Ctrl-C too; and a Ctrl-C before a command's
// pipeline took it is reported as a cancel, not as an unexpected failure. The built executable
// (dist/src/cli/bin.js) in a real child process; triggers are progress lines, never delays.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { main } from '../../src/cli/main.js';
import { runSolveCommand } from '../../src/cli/solveCommand.js';
import { createRandom } from '../../src/random.js';
import { ensureBuilt } from '../ensureBuilt.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repo, 'dist', 'src', 'cli', 'bin.js');
const today = join(repo, 'data', 'liaoning', 'today.json');
const root = mkdtempSync(join(tmpdir(), 'airreach-cancel-ends-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs `command` under `bash -c` in a process group of its own; at the first progress line on stderr, `signal` goes to the whole group (a terminal's Ctrl-C). */
function inShell(command: string, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const shell = spawn('bash', ['-c', command], { cwd: repo, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    shell.stdout.on('data', (chunk) => (stdout += String(chunk)));
    shell.stderr.on('data', (chunk) => {
      stderr += String(chunk);
      if (!sent && /^\s*\d+\.\d s\s/m.test(stderr)) {
        sent = true;
        process.kill(-shell.pid!, signal);
      }
    });
    shell.on('error', reject);
    shell.on('close', (code, by) => resolvePromise({ code, signal: by, stdout, stderr }));
  });
}

describe('a cancelled command ends by its signal', () => {
  it('Ctrl-C stops a shell script that runs airreach, not only the command (bash goes on after a child that exited 130)', { timeout: 120_000 }, async () => {
    ensureBuilt(repo, [bin], [join(repo, 'src')]);
    const out = join(root, 'loop');
    const script = `node ${JSON.stringify(bin)} coverage ${JSON.stringify(today)} --out ${JSON.stringify(out)}; echo "the script went on: $?"`;
    const result = await inShell(script, 'SIGINT');
    expect(result.stderr).toMatch(/cancelled: .*nothing was written/);
    expect(result.stdout).not.toContain('the script went on');
    expect(result.signal).toBe('SIGINT');
  });

  it('SIGTERM likewise: the command ends by SIGTERM after saying it was cancelled', { timeout: 120_000 }, async () => {
    ensureBuilt(repo, [bin], [join(repo, 'src')]);
    const out = join(root, 'term');
    const result = await inShell(`exec node ${JSON.stringify(bin)} coverage ${JSON.stringify(today)} --out ${JSON.stringify(out)}`, 'SIGTERM');
    expect(result.stderr).toMatch(/cancelled: .*nothing was written/);
    expect(result.signal).toBe('SIGTERM');
  });
});

describe('a Ctrl-C before the pipeline starts', () => {
  it('is a cancel (exit 130, "cancelled: …"), not an unexpected failure naming the signal\'s reason', { timeout: 60_000 }, async () => {
    // The batch's first steps (its modules, runBatch's own check) meet the signal before any pool does.
    let stderr = '';
    const sink = Object.assign(new (await import('node:stream')).Writable({ write: (chunk, _encoding, done) => ((stderr += String(chunk)), done()) }), { isTTY: false }) as unknown as NodeJS.WriteStream;
    const before = process.listeners('SIGINT');
    const running = main(['run', join(repo, 'data', 'liaoning', 'scenarios'), '--out', join(root, 'batch'), '--quiet'], { stdout: sink, stderr: sink });
    // main() sets its handler before its first await: call it as a Ctrl-C would (not process.emit, which would reach the test runner's too).
    const handler = process.listeners('SIGINT').find((listener) => !before.includes(listener)) as (signal: NodeJS.Signals) => void;
    handler('SIGINT');
    expect(await running).toBe(130);
    expect(stderr).toContain('cancelled: the run was cancelled; nothing was written');
    expect(stderr).not.toContain('unexpected failure');
  });
});

/**
 * A loader hook (`--import` the returned file) that holds the first module bin.js imports (solve's
 * bundle, the full CLI's main.js) for 20 s, saying 'HOLD <url>' on stderr: a signal sent then
 * comes while the command's modules load, before its own handlers are set. The module is stood in
 * for by one that waits on the main thread, then re-exports it: a hook that waited itself would
 * hold other imports too (Node 20 sometimes answers a second request to the hook thread only
 * after the first).
 */
function holdFirstImport(): string {
  const folder = mkdtempSync(join(root, 'hold-'));
  writeFileSync(
    join(folder, 'hook.mjs'),
    [
      'let held = false;',
      'export async function load(url, context, next) {',
      "  if (held || !url.startsWith('file:') || url.endsWith('/bin.js') || url.includes('/hold-')) return next(url, context);",
      '  held = true;',
      '  const source = `process.stderr.write(${JSON.stringify(`HOLD ${url}\\n`)});\\nawait new Promise((resolve) => setTimeout(resolve, 20_000));\\nexport * from ${JSON.stringify(`${url}?held`)};\\n`;',
      "  return { format: 'module', source, shortCircuit: true };",
      '}',
    ].join('\n'),
  );
  writeFileSync(join(folder, 'hold.mjs'), "import { register } from 'node:module';\nregister('./hook.mjs', import.meta.url);\n");
  return join(folder, 'hold.mjs');
}

describe('a signal while bin.js loads the command', () => {
  it.skipIf(process.platform !== 'linux')('says the command was cancelled and ends by the signal, for solve as for every other command (solve ended without a word)', { timeout: 120_000 }, async () => {
    ensureBuilt(repo, [bin], [join(repo, 'src')]);
    const hold = pathToFileURL(holdFirstImport()).href;
    const tiny = join(repo, 'test', 'fixtures', 'cli', 'mclp-tiny.json');
    const cases: Array<[string[], NodeJS.Signals]> = [
      [['solve', tiny], 'SIGINT'],
      [['solve', tiny], 'SIGTERM'],
      [['coverage', today, '--out', join(root, 'early')], 'SIGINT'],
      [['run', today, '--out', join(root, 'early')], 'SIGTERM'],
    ];
    for (const [args, signal] of cases) {
      const child = spawn(process.execPath, ['--import', hold, bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += String(chunk)));
      child.stderr.on('data', (chunk) => {
        stderr += String(chunk);
        if (stderr.includes('HOLD ') && stderr.endsWith('\n') && child.signalCode === null && !child.killed) child.kill(signal);
      });
      // A process that neither said HOLD nor took the signal is ended here.
      const guard = setTimeout(() => child.kill('SIGKILL'), 25_000);
      const ended = await new Promise<{ code: number | null; by: NodeJS.Signals | null }>((resolvePromise) => child.on('close', (code, by) => resolvePromise({ code, by })));
      clearTimeout(guard);
      const what = `airreach ${args[0]} + ${signal}: ${stderr}`;
      expect(stderr, what).toMatch(/^HOLD file:.*\/(solveCommand\.bundle|main)\.js$/m);
      expect(stderr, what).toContain(`cancelled: airreach ${args[0]} was cancelled on ${signal === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM'} before it started; nothing was written\n`);
      expect(ended.by, what).toBe(signal);
      expect(stdout).toBe('');
    }
  });
});

/** CPU seconds a process has used (user + system), from /proc: a trigger that no load delays. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

describe('a cancelled airreach solve says so', () => {
  // A maximal covering instance of 5 MB (solved on a worker thread) whose solve at --work 1e12 takes minutes.
  const instance = join(root, 'instance.json');
  const writeInstance = () => {
    const random = createRandom(15);
    const minutes = Array.from({ length: 2500 }, () => Array.from({ length: 400 }, () => Math.round(random.float() * 1200) / 10));
    writeFileSync(instance, JSON.stringify({ model: 'maximalCovering', minutes, siteCount: 12, standardMinutes: 20 }));
  };

  it.skipIf(process.platform !== 'linux')('on Ctrl-C or SIGTERM during the solve: one line on stderr, nothing on stdout, ended by the signal at once (it ended without a word)', { timeout: 120_000 }, async () => {
    ensureBuilt(repo, [bin], [join(repo, 'src')]);
    writeInstance();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const child = spawn(process.execPath, [bin, 'solve', instance, '--work', '1e12'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += String(chunk)));
      child.stderr.on('data', (chunk) => (stderr += String(chunk)));
      // Once it has used a second of CPU it is reading or solving the instance (start-up takes a fifth of that).
      let sentAt = 0;
      const watch = setInterval(() => {
        if (sentAt === 0 && cpuSeconds(child.pid!) >= 1) {
          sentAt = performance.now();
          child.kill(signal);
        }
      }, 20);
      const ended = await new Promise<{ code: number | null; by: NodeJS.Signals | null }>((resolvePromise) => child.on('close', (code, by) => resolvePromise({ code, by })));
      clearInterval(watch);
      expect(sentAt, 'signal sent').toBeGreaterThan(0);
      expect(ended.by, stderr).toBe(signal);
      expect(stderr).toBe(`cancelled: the solve was cancelled on ${signal === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM'}; nothing was written\n`);
      expect(stdout).toBe('');
      expect(performance.now() - sentAt).toBeLessThan(3000);
    }
  });

  it('after a small instance\'s solve on the main thread: says so, and drops the answer', async () => {
    let stdout = '';
    let stderr = '';
    const { Writable } = await import('node:stream');
    const sink = (add: (text: string) => void) => new Writable({ write: (chunk, _encoding, done) => (add(String(chunk)), done()) });
    const ends: string[] = [];
    const before = process.listeners('SIGINT');
    const running = runSolveCommand([join(repo, 'test', 'fixtures', 'cli', 'mclp-tiny.json')], { stdout: sink((text) => (stdout += text)), stderr: sink((text) => (stderr += text)), endBySignal: (signal) => void ends.push(signal) });
    // Called as a Ctrl-C would call it (process.emit would reach the test runner's handlers too).
    const handler = process.listeners('SIGINT').find((listener) => !before.includes(listener)) as (signal: NodeJS.Signals) => void;
    handler('SIGINT');
    expect(await running).toBe(130);
    expect(ends).toEqual(['SIGINT']);
    expect(stderr).toBe('cancelled: the solve was cancelled on Ctrl-C; nothing was written\n');
    expect(stdout).toBe('');
    expect(process.listeners('SIGINT')).toEqual(before);
  });
});
