import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { runSolveCommand } from '../../src/cli/solveCommand.js';

/**
 * Runs the CLI in-process (`main`) and returns its exit code and what it wrote to stdout and
 * stderr, as the CLI tests read them.
 *
 * @example
 * const { code, err } = await cli(['run', 'today.json', '--quiet']);
 */
export async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough() as unknown as NodeJS.WriteStream;
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  (stderr as unknown as PassThrough).on('data', (chunk) => (err += chunk));
  const code = await main(args, { stdout, stderr });
  return { code, out, err };
}

/**
 * {@link cli} for `airreach solve`'s light entry (`runSolveCommand`, what bin.js runs for `solve`).
 *
 * @example
 * const { code, out } = await light(['mclp-tiny.json', '--json']);
 */
export async function light(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const code = await runSolveCommand(args, { stdout, stderr });
  return { code, out, err };
}
