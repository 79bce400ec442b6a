#!/usr/bin/env node
// The `airreach` executable: everything lives in main() so tests can run the CLI in-process.
// `solve` takes a light entry that loads only what a solve needs (the whole CLI and its
// pipeline took longer to load than a tiny solve takes).
const argv = process.argv.slice(2);
if (argv[0] === 'solve') {
  const { runSolveCommand } = await import('./solveCommand.js');
  process.exitCode = await runSolveCommand(argv.slice(1));
} else {
  const { main } = await import('./main.js');
  process.exitCode = await main(argv);
}
