import { AirreachError } from '../errors.js';
import { raiseMemoryBudgetHint } from '../raiseMemoryBudgetHint.js';
import type { MatrixInstance } from '../solvers/kernel/modelRegistry.js';
import { DEFAULT_PARSE_INSTANCE_OPTIONS, parseInstance, type ParseInstanceOptions } from '../solvers/kernel/parseInstance.js';
import { resolveOptions } from '../resolveOptions.js';
import { parseJsonText } from './parseJsonText.js';
import { readInputText } from './readInputFile.js';

export { parseInstance, type MatrixInstance, type ParseInstanceOptions };

/** Options of {@link readInstanceFile} and {@link readInstanceJson}: the memory budget (see `parseInstance`). */
export type ReadInstanceOptions = Omit<ParseInstanceOptions, 'file'>;

/**
 * The largest string V8 makes (2^29 − 24 characters): a longer file cannot be read as JSON at all.
 */
const MAX_JSON_CHARACTERS = 2 ** 29 - 24;

/**
 * Reads and validates a matrix-form instance file (see `parseInstance` for the format and its
 * checks). Throws `E_FILE_READ`, `E_MEMORY_BUDGET` (a file too large to parse within the
 * budget), `E_JSON_SYNTAX` (with line and column) or any error of `parseInstance`, all naming
 * the file.
 *
 * @example
 * const instance = await readInstanceFile('pmed1.json');
 * const answer = await solveInstance(instance, { workLimit: 1e9 });
 */
export async function readInstanceFile(path: string, options: ReadInstanceOptions = {}): Promise<MatrixInstance> {
  return parseInstance(await readInstanceJson(path, options), { ...options, file: path });
}

/**
 * The JSON of an instance file, not yet validated. Its size is checked before it is read:
 * parsed JSON takes several times the text's bytes, so a file over a quarter of the memory
 * budget (or over V8's longest string) is refused with `E_MEMORY_BUDGET`. Throws `E_FILE_READ`
 * (also for a FIFO or device, without blocking), `E_JSON_SYNTAX` with line and column, or
 * `E_JSON_STRUCTURE` (nesting deeper than 64 levels, a reserved key), naming the file.
 *
 * @example
 * const json = await readInstanceJson('depots.json');
 */
export async function readInstanceJson(path: string, options: ReadInstanceOptions = {}): Promise<unknown> {
  const { memoryBytes } = resolveOptions(DEFAULT_PARSE_INSTANCE_OPTIONS, options);
  const limit = Math.min(memoryBytes / 4, MAX_JSON_CHARACTERS);
  let text: string;
  try {
    // The same reader and parser as every other input: a FIFO or device is refused without
    // blocking, and nesting depth and reserved keys are checked before the schema walks the value.
    text = await readInputText(path, { maxBytes: limit });
  } catch (error) {
    if (error instanceof AirreachError && error.code === 'E_MEMORY_BUDGET') {
      throw new AirreachError('E_MEMORY_BUDGET', `the instance file is too large to parse within the memory budget`, {
        value: error.value,
        where: { file: path },
        expected: `at most ${Math.floor(limit / 2 ** 20)} MiB`,
        hint: `Use the sparse "cover" form (only the pairs that exist)${typeof error.value === 'number' && error.value <= MAX_JSON_CHARACTERS ? `, or ${raiseMemoryBudgetHint(4 * error.value, { scenario: false })}` : ''}`,
        cause: error,
      });
    }
    throw error;
  }
  return parseJsonText(text, path, { expected: 'an instance object with "model"' });
}
