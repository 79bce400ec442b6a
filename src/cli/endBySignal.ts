/**
 * Ends this process by `signal` itself, at once: the way a command that cleaned up after Ctrl-C
 * (or SIGTERM) should end. The shell then sees the process killed by the signal (`$?` 130 or
 * 143, as before), so a script looping over commands stops too: bash goes on to the next command
 * after a child that *exited* 130 (it handled the Ctrl-C), and stops only after one the signal
 * killed. And the process ends without joining its worker threads and V8's helper threads, which
 * `process.exit` waits for (up to 0.7 s after a cancel of a run on a loaded machine; by the
 * signal, 0.1 s). Only once nothing is left to write: staging removed, locks released.
 *
 * @example
 * if (code === EXIT_CODES.cancelled) endBySignal('SIGINT');
 */
export function endBySignal(signal: 'SIGINT' | 'SIGTERM'): never {
  // Without a listener Node leaves the signal to its default action: the kernel ends the process.
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
  // Not reached where the default action ends the process (POSIX); elsewhere, the exit code.
  process.exit(signal === 'SIGINT' ? 130 : 143);
}
