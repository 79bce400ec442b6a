import { afterEach, describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { NO_REQUIRE_ESM_FLAG, workerExecArgv } from '../../src/engine/workerExecArgv.js';

const given = process.execArgv;
afterEach(() => {
  process.execArgv = given;
});

/** The options a worker started with `execArgv` sees, and whether Node accepted them. */
async function startedWith(execArgv: string[]): Promise<string[]> {
  const worker = new Worker("require('node:worker_threads').parentPort.postMessage(process.execArgv)", { eval: true, execArgv });
  try {
    return await new Promise<string[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}

describe('workerExecArgv', () => {
  it('adds --no-experimental-require-module to what the threads would inherit, and tsx\'s loader alone for a .ts entry', () => {
    process.execArgv = [];
    expect(workerExecArgv('file:///x/dist/workers/engine.js')).toEqual([NO_REQUIRE_ESM_FLAG]);
    // A pool's own thread (the CLI's run thread) has the flag already: it is not given twice.
    process.execArgv = [NO_REQUIRE_ESM_FLAG];
    expect(workerExecArgv('file:///x/dist/workers/engine.js')).toEqual([NO_REQUIRE_ESM_FLAG]);
    process.execArgv = ['--conditions', 'node', '--enable-source-maps'];
    expect(workerExecArgv('file:///x/dist/workers/engine.js')).toEqual(['--conditions', 'node', '--enable-source-maps', NO_REQUIRE_ESM_FLAG]);
    const ts = workerExecArgv('file:///x/workers/engine.ts');
    expect(ts).toEqual(['--import', expect.stringMatching(/^file:.*tsx/), NO_REQUIRE_ESM_FLAG]);
  });

  it('leaves out the V8 and process options a worker thread refuses (node --max-old-space-size=4096 …), which act on the whole process anyway', async () => {
    // Node refuses them in a Worker's execArgv: the pool could not have started a thread.
    const asGiven = ['--max-old-space-size=4096', '--conditions', 'node', '--expose-gc', '--title=airreach'];
    expect(() => new Worker('', { eval: true, execArgv: asGiven })).toThrow(/invalid execArgv flags: --max-old-space-size=4096, --expose-gc, --title=airreach/);
    process.execArgv = asGiven;
    const kept = workerExecArgv('file:///x/dist/workers/engine.js');
    expect(kept).toEqual(['--conditions', 'node', NO_REQUIRE_ESM_FLAG]);
    expect(await startedWith(kept)).toEqual(kept);
  });
});
