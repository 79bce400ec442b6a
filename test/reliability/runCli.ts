import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';

/**
 * Runs the airreach CLI in-process and returns its exit code and what it printed on stdout and
 * stderr (shared by the reliability suites and the fuzz child).
 *
 * @example
 * const { code, stderr } = await runCli(['run', 'scenario.json', '--out', 'out', '-q']);
 */
export async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += String(chunk)));
  stderr.on('data', (chunk) => (err += String(chunk)));
  const code = await main(argv, { stdout, stderr: stderr as unknown as NodeJS.WriteStream });
  return { code, stdout: out, stderr: err };
}
