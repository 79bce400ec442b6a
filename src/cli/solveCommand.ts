import { parseArgs } from 'node:util';
import { AirreachError, relocated } from '../errors.js';
import { readInstanceJson } from '../io/readInstance.js';
import { parseInstance } from '../solvers/kernel/parseInstance.js';
import { solveInstance } from '../solvers/kernel/solveInstance.js';
import { EXIT_CODES, reportFailure } from './exitCodes.js';
import { terminalSafe } from './terminalSafe.js';

/** Options of `airreach solve`: the effort (work units) and the clock cap. */
export interface SolveCommandOptions {
  /** Work units of the solve (default the solvers' 1e10): the effort, counted, so answers are reproducible. */
  work?: number;
  /** Wall-clock cap in seconds: a safety net; an answer it cuts short says `"stoppedBy": "clock"`. */
  timeLimit?: number;
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
  const raw = await readInstanceJson(path);
  const instance = parseInstance(raw, { file: path, workLimit: options.work });
  let solution;
  try {
    solution = await solveInstance(instance, { workLimit: options.work, timeLimitSeconds: options.timeLimit, signal });
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
 * The light entry of `airreach solve <instance> [--work n] [--time-limit s]`: parses its own few
 * arguments (node:util) and loads only the instance reader, the model registry and the one
 * solver the model needs — not the scenario pipeline, commander or zod, whose loading alone took
 * longer than a tiny solve (issue 17). `argv` is what follows `solve`. Returns the exit code.
 * Ctrl-C ends it at once (nothing is written but stdout).
 *
 * @example
 * process.exitCode = await runSolveCommand(['instance.json', '--work', '1e9']);
 */
export async function runSolveCommand(argv: string[], io: { stdout?: NodeJS.WritableStream; stderr?: NodeJS.WritableStream } = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { work: { type: 'string', short: 'w' }, 'time-limit': { type: 'string', short: 't' }, help: { type: 'boolean', short: 'h' } },
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
    await solveFile(parsed.positionals[0], options, stdout);
    return EXIT_CODES.ok;
  } catch (error) {
    return reportFailure(error, stderr);
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
