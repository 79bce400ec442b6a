import { readFile, stat } from 'node:fs/promises';
import { AirreachError } from '../errors.js';
import type { MatrixInstance } from '../solvers/kernel/modelRegistry.js';
import { DEFAULT_PARSE_INSTANCE_OPTIONS, parseInstance, type ParseInstanceOptions } from '../solvers/kernel/parseInstance.js';
import { resolveOptions } from '../resolveOptions.js';
import { locateJsonError } from './locateJsonError.js';

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
 * budget (or over V8's longest string) is refused with `E_MEMORY_BUDGET`. Throws `E_FILE_READ`,
 * or `E_JSON_SYNTAX` with line and column, naming the file.
 *
 * @example
 * const json = await readInstanceJson('depots.json');
 */
export async function readInstanceJson(path: string, options: ReadInstanceOptions = {}): Promise<unknown> {
  const { memoryBytes } = resolveOptions(DEFAULT_PARSE_INSTANCE_OPTIONS, options);
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTFILE' });
    const limit = Math.min(memoryBytes / 4, MAX_JSON_CHARACTERS);
    if (info.size > limit) {
      throw new AirreachError('E_MEMORY_BUDGET', `the instance file is ${Math.ceil(info.size / 2 ** 20)} MiB, too large to parse within the memory budget`, {
        value: info.size,
        where: { file: path },
        expected: `at most ${Math.floor(limit / 2 ** 20)} MiB`,
        hint: 'Use the sparse "cover" form (only the pairs that exist), or raise the memory budget',
      });
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof AirreachError) throw error;
    throw new AirreachError('E_FILE_READ', `could not read ${path}`, { value: (error as NodeJS.ErrnoException).code ?? String(error), where: { file: path }, cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const at = locateJsonError(text);
    throw new AirreachError('E_JSON_SYNTAX', at ? `invalid JSON at line ${at.line}, column ${at.column}: ${at.reason}` : 'invalid JSON', {
      where: { file: path },
      cause: error,
    });
  }
}
