// A child process for test/reliability/interrupts.test.ts: runs the airreach CLI (main) with the
// arguments after `--`, optionally doing something at the k-th synchronous rename of the process
// (the output switch renames synchronously): `kill` sends itself SIGKILL before that rename,
// `sigint` sends itself SIGINT right after it. Node's builtin ESM exports are re-synced after the
// patch, so src/io/outputFolder.ts sees it through its `import { renameSync } from 'node:fs'`.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const [mode, at] = [process.env.CRASH_MODE, Number(process.env.CRASH_AT ?? -1)];
if (mode === 'kill' || mode === 'sigint') {
  const rename = fs.renameSync;
  let calls = 0;
  fs.renameSync = (from: fs.PathLike, to: fs.PathLike) => {
    const k = calls++;
    if (mode === 'kill' && k === at) process.kill(process.pid, 'SIGKILL');
    rename(from, to);
    if (mode === 'sigint' && k === at) process.kill(process.pid, 'SIGINT');
  };
  syncBuiltinESMExports();
}
const { main, EXIT_CODES } = await import('../../src/cli/main.js');
const { endBySignal } = await import('../../src/cli/endBySignal.js');
const argv = process.argv.slice(process.argv.indexOf('--') + 1);
// As bin.ts: a cancelled run ends at once, by the signal.
const code = await main(argv);
if (code === EXIT_CODES.cancelled || code === EXIT_CODES.terminated) endBySignal(code === EXIT_CODES.terminated ? 'SIGTERM' : 'SIGINT');
process.exitCode = code;
