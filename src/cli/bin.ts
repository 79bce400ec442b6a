#!/usr/bin/env node
// The `airreach` executable: everything lives in main() so tests can run the CLI in-process.
// `solve` takes a light entry that loads only what a solve needs (the whole CLI and its
// pipeline took longer to load than a tiny solve takes).
const argv = process.argv.slice(2);
if (argv[0] === 'solve') {
  const { runSolveCommand } = await import('./solveCommand.js');
  process.exitCode = await runSolveCommand(argv.slice(1));
} else {
  const { main, EXIT_CODES } = await import('./main.js');
  const code = await main(argv);
  // Cancelled: nothing is left to write (the lock is released, no staging is left), so end now
  // rather than wait for stopped worker threads to hand their memory back.
  // A second Ctrl-C arriving while the process exits is ignored (it would end it by the signal).
  if (code === EXIT_CODES.cancelled || code === EXIT_CODES.terminated) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => undefined);
    process.exit(code);
  }
  process.exitCode = code;
}
