// How a cancelled command ends, as a shell sees it: by the signal itself (not exit 130), so that
// a script looping over airreach commands stops at Ctrl-C too; and a Ctrl-C before a command's
// pipeline took it is reported as a cancel, not as an unexpected failure. The built executable
// (dist/src/cli/bin.js) in a real child process; triggers are progress lines, never delays.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
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
