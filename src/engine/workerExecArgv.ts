import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Node's option that turns off `require()` of ES modules in a thread, which Node 20.19 and 22.12
 * turned on by default: a require() of an ES module then throws `ERR_REQUIRE_ESM`.
 */
export const NO_REQUIRE_ESM_FLAG = '--no-experimental-require-module';

/**
 * The Node options of a pool's worker threads (piscina's `execArgv`): those this process's
 * threads would inherit (`process.execArgv`, less any a worker thread refuses), tsx's loader for
 * a `.ts` entry (vitest, tsx), and {@link NO_REQUIRE_ESM_FLAG}.
 *
 * Why the flag: piscina loads a worker's entry with `require()` first and with `import()` only if
 * that throws. On Node ≥ 20.19 the require() of our ES-module entries succeeds, and Node then
 * wraps the module (it has a default export) in a facade whose instantiation it asserts cannot
 * fail. It fails when the thread is being stopped at that moment (terminate, a pool's close, the
 * process's exit), and the assertion aborts the whole process: a fresh-clone CI run of
 * `airreach run small.json --threads 2` (Node 20.20.2) died with `Assertion failed:
 * facade->InstantiateModule(…)` in `ModuleWrap::CreateRequiredModuleFacade`, at `loadESMFromCJS`
 * from piscina/dist/worker.js:70 (a re-run passed). Workers that require() an entry signalling
 * the end of its evaluation, each terminated 0–60 µs after that signal, aborted 5 of 10 processes
 * of 100 workers each on that assertion; with the flag none of 10. The require() then throws
 * `ERR_REQUIRE_ESM`, which piscina 5.3 catches, and the entry is loaded by `import()`, as on Node
 * before 20.19. The main thread never require()s an ES module (`node --trace-require-module=all`
 * names only piscina's worker.js, loading our entries, for run, coverage and solve). Node parses
 * the file before it throws (20–45 ms of CPU for a whole worker bundle), so the built entries
 * are one line over their bundles (scripts/bundleWorkers.ts): 1 ms.
 *
 * Why the filter: Node refuses a Worker whose `execArgv` holds a V8 option or one of the
 * process's (`ERR_WORKER_INVALID_EXEC_ARGV` for `node --max-old-space-size=4096 …`), though it
 * lets threads inherit them when no `execArgv` is given. Those options act on the whole process
 * anyway (the heap limit, a JIT flag), so leaving them out of a thread's list changes nothing:
 * Node is asked once which it refuses, by a thread started and stopped at once, and only when
 * this thread has options other than the flag.
 *
 * @example
 * new Piscina({ filename, execArgv: workerExecArgv(filename) });
 */
export function workerExecArgv(entryUrl: string): string[] {
  const tsx = tsxExecArgv(entryUrl);
  // A `.ts` entry's threads get tsx's loader alone, as before: vitest's own options (its
  // resolution conditions) are not for the entries' code.
  if (tsx) return [...tsx, NO_REQUIRE_ESM_FLAG];
  return [...inheritedExecArgv(), NO_REQUIRE_ESM_FLAG];
}

/**
 * A `.ts` worker entry (vitest, tsx) needs tsx's loader in the worker: vite's transform does not
 * reach worker threads (ecosystem.md §1.2). Under `tsx` (or `node --import tsx`) workers get the
 * loader with the options of `process.execArgv` (undefined here).
 */
function tsxExecArgv(entryUrl: string): string[] | undefined {
  if (!entryUrl.endsWith('.ts')) return undefined;
  if (process.execArgv.some((arg) => arg.includes('tsx'))) return undefined;
  // By absolute URL: a bare `tsx` would be looked up from the working directory, which a test
  // (or a caller) may have moved out of the project.
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
}

/** `process.execArgv` less the options a worker thread refuses, by the list it was found for. */
const inheritedByArgs = new Map<string, string[]>();

function inheritedExecArgv(): string[] {
  // The flag is ours (a pool's thread has it, given by its own pool): added once, never probed,
  // so that the CLI's run thread starts its pool without a probe thread.
  const given = process.execArgv.filter((arg) => arg !== NO_REQUIRE_ESM_FLAG);
  if (given.length === 0) return [];
  const key = JSON.stringify(given);
  let kept = inheritedByArgs.get(key);
  if (!kept) {
    kept = workerAcceptedArgs(given);
    inheritedByArgs.set(key, kept);
  }
  return kept;
}

/**
 * The options of `args` a worker thread accepts. Node names the ones it refuses in
 * `ERR_WORKER_INVALID_EXEC_ARGV`'s message ('Initiated Worker with invalid execArgv flags: a, b');
 * should a list without them still be refused, none are kept (the threads then run as if the
 * process had been given no option, which is how a process without them runs).
 */
function workerAcceptedArgs(args: readonly string[]): string[] {
  const refused = refusedBy(args);
  if (refused === undefined) return [...args];
  const kept = args.filter((arg) => !refused.has(arg));
  return kept.length > 0 && refusedBy(kept) === undefined ? kept : [];
}

/** The options Node refuses in a Worker's `execArgv`, or undefined if it starts one with them. */
function refusedBy(args: readonly string[]): Set<string> | undefined {
  let probe: Worker;
  try {
    probe = new Worker('', { eval: true, execArgv: [...args], stdout: true, stderr: true });
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    const named = String(message).replace(/^[^:]*:\s*/, '');
    return new Set(named.split(', '));
  }
  // Stopped before it loads anything; whatever it reports on its way out concerns no task.
  probe.on('error', () => undefined);
  probe.unref();
  void probe.terminate();
  return undefined;
}
