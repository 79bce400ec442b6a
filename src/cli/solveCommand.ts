import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { AirreachError, relocated } from '../errors.js';
import { nextTurn } from '../nextTurn.js';
import { endBySignal } from './endBySignal.js';
import { readInstanceJson } from '../io/readInstance.js';
import { parseInstance } from '../solvers/kernel/parseInstance.js';
import { solveInstance } from '../solvers/kernel/solveInstance.js';
import { EXIT_CODES, reportFailure } from './exitCodes.js';
import { terminalSafe } from './terminalSafe.js';
import { parseMemoryBudget } from './parseMemoryBudget.js';

/** Options of `airreach solve`: the effort (work units) and the clock cap. */
export interface SolveCommandOptions {
  /** Work units of the solve (default the solvers' 1e10): the effort, counted, so answers are reproducible. */
  work?: number;
  /** Wall-clock cap in seconds: a safety net; an answer it cuts short says `"stoppedBy": "clock"`. */
  timeLimit?: number;
  /** Most memory the solve may take, bytes (`--memory-budget`; default 2 GiB): a larger instance is refused before it is read whole. */
  memoryBudgetBytes?: number;
}

/** The help text of `airreach solve`. */
export const SOLVE_HELP = `Usage: airreach solve [options] <instance>

Solve a siting model given in matrix form (minutes[demand][site] from any tool) and print one
JSON result: status, objective, bound, gap, stoppedBy, work, selectedSites, runtimeMs, model,
solver, details (and assignment for the capacitated models).

Arguments:
  instance                   instance JSON (see schema/instance.schema.json and the README)

Options:
  -w, --work <units>         work units of the solve (default 1e10; about one matrix entry visited each):
                             the same work gives the same answer on any machine
  -t, --time-limit <seconds> wall-clock cap, a safety net only: an answer it cuts short says
                             "stoppedBy": "clock" and may differ run to run
  --memory-budget <size>     most memory the solve may take, estimated before it starts (default
                             2GiB): e.g. 8GiB, 512MiB or bytes, at most the machine's memory;
                             HiGHS's own 2 GiB (its WebAssembly memory) cannot be raised
  -h, --help                 display help for command
`;

/**
 * Reads, validates and solves one instance file and writes its JSON result: the work of
 * `airreach solve`, shared by the full CLI and the light entry (`runSolveCommand`). A solve cut
 * short by `signal` is reported as cancelled (`E_ABORTED`), not printed.
 *
 * @example
 * await solveFile('instance.json', { work: 1e9 }, process.stdout);
 */
export async function solveFile(path: string, options: SolveCommandOptions, stdout: NodeJS.WritableStream, signal?: AbortSignal): Promise<void> {
  const budget = options.memoryBudgetBytes !== undefined ? { memoryBytes: options.memoryBudgetBytes } : {};
  const raw = await readInstanceJson(path, budget);
  const instance = parseInstance(raw, { file: path, workLimit: options.work, ...budget });
  let solution;
  try {
    // The solvers that size themselves (p-median) take the same budget parseInstance checked.
    solution = await solveInstance(instance, { workLimit: options.work, timeLimitSeconds: options.timeLimit, signal, solverOptions: budget });
  } catch (error) {
    // A solver's own check names its option only ('field sitesPerYear'): the file, and the
    // option's JSON path when it is a field of the instance, as parseInstance's errors give.
    throw relocated(error, (own) => ({
      ...own,
      file: path,
      ...(own.field !== undefined && typeof raw === 'object' && raw !== null && Object.hasOwn(raw, own.field) ? { field: `/${own.field}` } : {}),
    }));
  }
  if (solution.stoppedBy === 'signal') throw new AirreachError('E_ABORTED', 'the solve was cancelled', { where: { file: path } });
  // Site ids come from the instance: bidirectional and C1 characters are escaped (JSON leaves them raw).
  stdout.write(terminalSafe(`${JSON.stringify(solution)}\n`));
}

/**
 * Instance files of at least this many bytes are solved on a worker thread, so that the main
 * thread takes Ctrl-C at once: the solvers run synchronously, and a signal's handler waits for
 * them (a 3,000 x 400 instance gave the event loop no turn in 7.7 s). Smaller ones (most solve in
 * milliseconds) stay on the main thread: a worker and its copy of the bundle cost some 100 ms
 * here, against a start-up of 150 ms (issue 17). Measured at 256 KiB: about 30,000 minutes.
 */
const WORKER_FILE_BYTES = 256 * 1024;

/** What a solve printed (stdout, stderr) and its exit code, held until it may be written. */
interface SolveOutcome {
  stdout: string;
  stderr: string;
  code: number;
}

/** Solves one file and keeps what it prints: the result, or the failure as `reportFailure` says it. */
async function solveToText(path: string, options: SolveCommandOptions): Promise<SolveOutcome> {
  const outcome: SolveOutcome = { stdout: '', stderr: '', code: EXIT_CODES.ok };
  const sink = (key: 'stdout' | 'stderr') => ({ write: (text: string) => ((outcome[key] += text), true) }) as unknown as NodeJS.WritableStream;
  try {
    await solveFile(path, options, sink('stdout'));
  } catch (error) {
    outcome.code = reportFailure(error, sink('stderr'));
  }
  return outcome;
}

/** The same solve on a worker thread started from this module's own file (the bundle, when built). */
function solveOnWorker(path: string, options: SolveCommandOptions): Promise<SolveOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { airreachSolve: { path, options } } });
    worker.once('message', (outcome: SolveOutcome) => resolve(outcome));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the solve's worker thread stopped (exit ${code}) before its answer`)));
  });
}

// This module started as the worker of solveOnWorker: solve, hand back what to print.
const task = isMainThread ? undefined : (workerData as { airreachSolve?: { path: string; options: SolveCommandOptions } } | null)?.airreachSolve;
if (task !== undefined) parentPort?.postMessage(await solveToText(task.path, task.options));

/**
 * The light entry of `airreach solve <instance> [--work n] [--time-limit s]`: parses its own few
 * arguments (node:util) and loads only the instance reader, the model registry and the one
 * solver the model needs — not the scenario pipeline, commander or zod, whose loading alone took
 * longer than a tiny solve (issue 17). `argv` is what follows `solve`. Returns the exit code.
 * Ctrl-C (or SIGTERM) says so on stderr ('cancelled: the solve was cancelled on Ctrl-C; nothing
 * was written', as `run` says it) and ends the process by the signal (`io.endBySignal`), with
 * nothing on stdout: at once for an instance file of 256 KiB or more, solved on a worker thread;
 * a smaller one's solve ends first (its answer is then dropped).
 *
 * @example
 * process.exitCode = await runSolveCommand(['instance.json', '--work', '1e9']);
 */
export async function runSolveCommand(
  argv: string[],
  io: { stdout?: NodeJS.WritableStream; stderr?: NodeJS.WritableStream; endBySignal?: (signal: 'SIGINT' | 'SIGTERM') => void } = {},
): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { work: { type: 'string', short: 'w' }, 'time-limit': { type: 'string', short: 't' }, 'memory-budget': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    stderr.write(`error: ${(error as Error).message}\n\n${SOLVE_HELP}`);
    return EXIT_CODES.badInput;
  }
  if (parsed.values.help) {
    stdout.write(SOLVE_HELP);
    return EXIT_CODES.ok;
  }
  if (parsed.positionals.length !== 1) {
    stderr.write(`error: ${parsed.positionals.length === 0 ? "missing required argument 'instance'" : 'too many arguments'}\n\n${SOLVE_HELP}`);
    return EXIT_CODES.badInput;
  }
  const options: SolveCommandOptions = {};
  try {
    if (parsed.values.work !== undefined) options.work = positiveNumber(parsed.values.work, 'work units');
    if (parsed.values['time-limit'] !== undefined) options.timeLimit = positiveNumber(parsed.values['time-limit'], 'seconds');
  } catch (error) {
    stderr.write(`error: ${(error as Error).message}\n`);
    return EXIT_CODES.badInput;
  }
  try {
    if (parsed.values['memory-budget'] !== undefined) options.memoryBudgetBytes = parseMemoryBudget(parsed.values['memory-budget']);
  } catch (error) {
    return reportFailure(error, stderr);
  }
  // Nothing is written until the answer is whole, so a cancel writes nothing: the process ends here.
  let cancelledBy: 'SIGINT' | 'SIGTERM' | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (cancelledBy !== undefined) return;
    cancelledBy = signal === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
    stderr.write(`cancelled: the solve was cancelled on ${signal === 'SIGINT' ? 'Ctrl-C' : signal}; nothing was written\n`);
    (io.endBySignal ?? endBySignal)(cancelledBy);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const path = parsed.positionals[0];
    const outcome = isWorkerSized(path) && import.meta.url.endsWith('.js') ? await solveOnWorker(path, options) : await solveToText(path, options);
    // A signal that came during a synchronous solve is handled at the event loop's next turns,
    // before the answer is written (two turns: its pipe is read in the poll phase after a check).
    await nextTurn();
    await nextTurn();
    if (cancelledBy !== undefined) return cancelledBy === 'SIGTERM' ? EXIT_CODES.terminated : EXIT_CODES.cancelled;
    if (outcome.stdout !== '') stdout.write(outcome.stdout);
    if (outcome.stderr !== '') stderr.write(outcome.stderr);
    return outcome.code;
  } catch (error) {
    return reportFailure(error, stderr);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** True when the instance file is large enough to be solved on a worker thread (see WORKER_FILE_BYTES). */
function isWorkerSized(path: string): boolean {
  try {
    return statSync(path).size >= WORKER_FILE_BYTES;
  } catch {
    return false; // The reader names what is wrong with the file.
  }
}

/**
 * A command-line number that must be positive and finite (`1e9` and `0.5` are fine).
 *
 * @example
 * positiveNumber('1e9', 'work units'); // -> 1000000000
 */
export function positiveNumber(text: string, unit: string): number {
  const value = Number(text);
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`expected a positive number of ${unit}, got ${JSON.stringify(text)}`);
  return value;
}
