import { totalmem } from 'node:os';
import { AirreachError, type ErrorCode, type ErrorLocation } from './errors.js';
import { resolveOptions } from './resolveOptions.js';

/** The forms {@link parseByteSize} accepts, for errors and help. */
export const BYTE_SIZE_FORMS = 'a size with its unit (512MiB, 4GiB, 1.5GiB; KiB, MiB, GiB, TiB are powers of 1024, KB, MB, GB, TB of 1000) or a whole number of bytes (4294967296)';

/** Options of {@link parseByteSize}. */
export interface ParseByteSizeOptions {
  /**
   * Largest size accepted, bytes: the memory this machine has (`os.totalmem()`) by default, as a
   * memory budget over it is one the machine could never give. `Infinity` accepts any size (a
   * scenario file checked on one machine and run on another).
   */
  maxBytes?: number;
  /** Where the size was written, for the error: the flag (`--memory-budget`) or the scenario's field. */
  where?: ErrorLocation;
  /** What the size is, for the error: `memory budget`. */
  what?: string;
  /** The error's code: `E_OPTION` for a command's option, `E_SCENARIO` for a scenario's field. */
  code?: ErrorCode;
}

/** Defaults of {@link parseByteSize}: at most this machine's memory, named as a memory budget. */
export const DEFAULT_PARSE_BYTE_SIZE_OPTIONS = { maxBytes: undefined as number | undefined, where: {} as ErrorLocation, what: 'memory budget', code: 'E_OPTION' as ErrorCode };

const UNIT_BYTES: Readonly<Record<string, number>> = { b: 1, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12 };

/**
 * Reads a size in bytes as a user writes it (`--memory-budget 4GiB`, `"memoryBudget": "512MiB"`,
 * or plain bytes) and returns whole bytes (a fraction of a unit is rounded down). Refused with
 * `E_OPTION` (or `code`) naming the place, the value and the accepted forms: no number or unit ("4G": G of
 * 1000 or 1024 is left to the user to say), 0 or less, not finite, a fraction of a byte, or over
 * `maxBytes` (the machine's memory by default: a budget it could never give, said so).
 *
 * @example
 * parseByteSize('4GiB'); // -> 4294967296
 * parseByteSize('512MiB'); // -> 536870912
 * parseByteSize(1048576); // -> 1048576
 */
export function parseByteSize(value: string | number, options: ParseByteSizeOptions = {}): number {
  const { maxBytes, where, what, code } = resolveOptions(DEFAULT_PARSE_BYTE_SIZE_OPTIONS, options);
  const refuse = (why: string, extra: { expected?: string; hint?: string } = {}) =>
    new AirreachError(code, `${JSON.stringify(value)} cannot be a ${what}: ${why}`, { value, where, expected: extra.expected ?? BYTE_SIZE_FORMS, ...(extra.hint !== undefined ? { hint: extra.hint } : {}) });
  let bytes: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw refuse('it is not a finite number');
    if (!Number.isInteger(value)) throw refuse('a number without a unit counts bytes, and must be whole (give a unit for a fraction: 1.5GiB)');
    bytes = value;
  } else if (typeof value === 'string') {
    const match = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*([a-z]*)\s*$/i.exec(value);
    if (!match) throw refuse('it is not a number with an optional unit');
    const unit = match[2].toLowerCase();
    const perUnit = unit === '' ? 1 : UNIT_BYTES[unit];
    if (perUnit === undefined) throw refuse(`"${match[2]}" is not a unit of bytes${/^[kmgt]$/i.test(match[2]) ? ` (write ${match[2].toUpperCase()}iB for powers of 1024 or ${match[2].toUpperCase()}B for powers of 1000)` : ''}`);
    const number = Number(match[1]);
    if (!Number.isFinite(number)) throw refuse('it is not a finite number');
    if (unit === '' && !Number.isInteger(number)) throw refuse('a number without a unit counts bytes, and must be whole (give a unit for a fraction: 1.5GiB)');
    bytes = Math.floor(number * perUnit);
  } else {
    throw refuse('it is neither a number of bytes nor a text such as "4GiB"');
  }
  if (!(bytes > 0)) throw refuse('it must be more than 0 bytes');
  const limit = maxBytes ?? totalmem();
  if (bytes > limit) {
    const machine = maxBytes === undefined;
    throw refuse(`it is ${formatByteSize(bytes)}, more than ${machine ? `this machine's ${formatByteSize(limit, { down: true })} of memory (os.totalmem()): a budget it could never give` : `the largest accepted, ${formatByteSize(limit, { down: true })}`}`, {
      expected: `at most ${formatByteSize(limit, { down: true })}`,
      ...(machine ? { hint: 'Give at most the memory the machine has, less what the system and other programs need; for more, run on a machine with more memory' } : {}),
    });
  }
  return bytes;
}

/**
 * A size in bytes as {@link parseByteSize} reads it back, in the largest binary unit with at
 * most one decimal, rounded up (a size that must fit is never shown smaller: the budget a
 * refusal suggests) or, with `down`, down (a limit is never shown larger: the machine's memory).
 *
 * @example
 * formatByteSize(5.4 * 2 ** 30); // -> '5.4GiB'
 * formatByteSize(3 * 2 ** 20 + 1); // -> '3.1MiB'
 * formatByteSize(3 * 2 ** 20 + 2 ** 19 - 1, { down: true }); // -> '3.4MiB'
 */
export function formatByteSize(bytes: number, options: { down?: boolean } = {}): string {
  const round = options.down ? (tenths: number) => Math.floor(tenths + 1e-9) : (tenths: number) => Math.ceil(tenths - 1e-9);
  for (const [unit, size] of [['TiB', 2 ** 40], ['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (bytes >= size) return `${round((bytes / size) * 10) / 10}${unit}`;
  }
  return `${options.down ? Math.floor(bytes) : Math.ceil(bytes)}B`;
}
