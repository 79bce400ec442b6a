#!/usr/bin/env node
// The `airreach` executable: everything lives in main() so tests can run the CLI in-process.
// `solve` takes a light entry that loads only what a solve needs (the whole CLI and its
// pipeline took longer to load than a tiny solve takes). Built, that entry is one file
// (solveCommand.bundle.js, made by scripts/bundleSolve.ts in `npm run build`): resolving and
// reading its three dozen modules one by one cost about as much as the rest of the start-up.
import type { runSolveCommand as RunSolveCommand } from './solveCommand.js';

const argv = process.argv.slice(2);
// A reader that closes early (`airreach run … | head`) must not end the run half-way, leaving a
// lock and no outputs: what was still to print is dropped, the run goes on and writes its files.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}
if (argv[0] === 'solve') {
  const { runSolveCommand } = await loadSolveCommand();
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

/**
 * The light `solve` entry: the bundle beside the built bin.js, or the modules themselves when
 * run from source (tsx) or when only tsc built dist/ (no bundle: slower start, same answers).
 */
async function loadSolveCommand(): Promise<{ runSolveCommand: typeof RunSolveCommand }> {
  if (import.meta.url.endsWith('.js')) {
    const bundle = new URL('./solveCommand.bundle.js', import.meta.url);
    try {
      return (await import(bundle.href)) as { runSolveCommand: typeof RunSolveCommand };
    } catch (error) {
      if (!((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes('solveCommand.bundle.js'))) throw error;
    }
  }
  return import('./solveCommand.js');
}
