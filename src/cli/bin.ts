#!/usr/bin/env node
// The `airreach` executable: everything lives in main() so tests can run the CLI in-process.
// `solve` takes a light entry that loads only what a solve needs (the whole CLI and its
// pipeline took longer to load than a tiny solve takes). Built, that entry is one file
// (solveCommand.bundle.js, made by scripts/bundleSolve.ts in `npm run build`): resolving and
// reading its three dozen modules one by one cost about as much as the rest of the start-up.
import type { runSolveCommand as RunSolveCommand } from './solveCommand.js';

const argv = process.argv.slice(2);
// A Ctrl-C or SIGTERM before the command has set its own handlers (while its modules load: 20-30
// ms for solve's bundle on a quiet machine, half a second and more for the full CLI on a busy
// machine): nothing has started, so say so and end by the signal, as every cancel ends. Set
// first, before any module loads (Node's own start-up, before this file runs, is out of reach):
// the signal's default action ended the process without a word. Once the command runs, its own
// handlers (set before its first await) take the signals, and this one does nothing. It stays
// attached: removing the last listener of a signal drops one that arrived but was not yet handed
// to JavaScript (the command's listener, added next, never saw it and the run went on to the end).
// endBySignal is loaded only when a signal comes: `solve` loads bin.js and its bundle only.
let handedOver = false;
let cancelledEarly = false;
const early = (signal: NodeJS.Signals) => {
  if (handedOver || cancelledEarly) return;
  cancelledEarly = true;
  const command = /^[a-z]+$/.test(argv[0] ?? '') ? `airreach ${argv[0]}` : 'airreach';
  process.stderr.write(`cancelled: ${command} was cancelled on ${signal === 'SIGINT' ? 'Ctrl-C' : signal} before it started; nothing was written\n`);
  void import('./endBySignal.js').then(({ endBySignal }) => endBySignal(signal === 'SIGTERM' ? 'SIGTERM' : 'SIGINT'));
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, early);
// A reader that closes early (`airreach run … | head`) must not end the run half-way, leaving a
// lock and no outputs: what was still to print is dropped, the run goes on and writes its files.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}
if (argv[0] === 'solve') {
  const { runSolveCommand } = await loadSolveCommand();
  // Cancelled while the bundle loaded: the process is ending by the signal, start nothing.
  if (!cancelledEarly) {
    handedOver = true;
    process.exitCode = await runSolveCommand(argv.slice(1));
  }
} else {
  const { main, EXIT_CODES } = await import('./main.js');
  if (!cancelledEarly) {
    handedOver = true;
    const code = await main(argv);
    // Cancelled: nothing is left to write (the lock is released, no staging is left), so end now,
    // by the signal itself (see endBySignal: a shell script running airreach stops as well).
    if (code === EXIT_CODES.cancelled || code === EXIT_CODES.terminated) {
      const { endBySignal } = await import('./endBySignal.js');
      endBySignal(code === EXIT_CODES.terminated ? 'SIGTERM' : 'SIGINT');
    }
    process.exitCode = code;
  }
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
