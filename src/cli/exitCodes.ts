import { AirreachError, isAirreachError } from '../errors.js';
import { terminalSafe } from './terminalSafe.js';

/**
 * Exit codes of the `airreach` command:
 * - 0: done;
 * - 1: the run failed (a computation or output error; for batches: at least one scenario failed);
 * - 2: bad input or usage (the message names the file, place and value);
 * - 130: cancelled (Ctrl-C); nothing was written (a batch keeps its finished scenarios); the
 *   executable then ends by SIGINT itself (endBySignal), which a shell reports as 130 too;
 * - 143: cancelled by SIGTERM, as 130 otherwise.
 *
 * @example
 * process.exitCode = EXIT_CODES.badInput;
 */
export const EXIT_CODES = { ok: 0, failed: 1, badInput: 2, cancelled: 130, terminated: 143 } as const;

/** Error codes that mean the input (a file, an option) was wrong: exit 2. */
const INPUT_ERROR_CODES = new Set([
  'E_FILE_READ', 'E_ENCODING', 'E_JSON_SYNTAX', 'E_JSON_STRUCTURE', 'E_GEOJSON', 'E_GEOMETRY', 'E_COORDINATE', 'E_PROPERTY', 'E_EMPTY',
  'E_DUPLICATE_ID', 'E_OPTION', 'E_RESOLUTION', 'E_CELL_BUDGET', 'E_MEMORY_BUDGET', 'E_WORK_BUDGET', 'E_AIRCRAFT', 'E_SITE',
  'E_MATRIX', 'E_INDEX', 'E_SITE_CONFLICT', 'E_SITE_COUNT', 'E_MODEL', 'E_SCENARIO', 'E_EXTENDS_CYCLE',
  'E_PATH', 'E_CAPACITY', 'E_INFEASIBLE',
]);

/**
 * Reports an error of a command on `stderr` and returns its exit code: 130 for a cancellation,
 * 2 for bad input (an `AirreachError` whose code blames the input), 1 otherwise (with the stack:
 * an unexpected failure is a bug). Shared by the full CLI and the light `solve` entry.
 *
 * @example
 * catch (error) { return reportFailure(error, process.stderr); }
 */
export function reportFailure(error: unknown, stderr: NodeJS.WritableStream): number {
  // Messages carry names and values from input files: printed through terminalSafe.
  const print = (text: string) => stderr.write(terminalSafe(text));
  if (isAirreachError(error, 'E_ABORTED') || (error instanceof Error && error.name === 'AbortError')) {
    // The error says what was written: nothing, or a batch's finished scenarios.
    print(`cancelled: ${error instanceof AirreachError ? error.brief : 'nothing was written'}\n`);
    return EXIT_CODES.cancelled;
  }
  if (isAirreachError(error)) {
    print(`airreach: ${error.message}\n`);
    return INPUT_ERROR_CODES.has(error.code) ? EXIT_CODES.badInput : EXIT_CODES.failed;
  }
  print(`airreach: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT_CODES.failed;
}
