import { AirreachError } from '../errors.js';
import { resolveOptions } from '../resolveOptions.js';

/** Options of {@link transferablesOf}. */
export interface TransferablesOfOptions {
  /** Smallest buffer moved, bytes: smaller ones are left to the structured clone, which copies them. */
  minBytes?: number;
}

/**
 * Defaults of {@link transferablesOf}. 64 KiB: `postMessage` checks its transfer list for
 * duplicates pair by pair, so a list of n buffers costs n² / 2 comparisons, while copying a
 * buffer costs its bytes. A grid task of a 300,000-feature hazard layer returned about 25,000
 * small arrays per task, and relaying them cost the CLI's main thread 149 s of CPU in
 * `postMessage` (its Ctrl-C handler waiting behind it); at 64 KiB a 2 GiB result is at most
 * 32,768 buffers, and a small one is copied in microseconds.
 */
export const DEFAULT_TRANSFERABLES_OF_OPTIONS = {
  minBytes: 64 * 1024,
} satisfies TransferablesOfOptions;

/**
 * The `ArrayBuffer`s inside a task result (own enumerable properties, arrays and typed-array
 * views, any depth) worth moving, each once: the transfer list that moves them to the caller
 * without a copy. Buffers under `minBytes` are left out (the message copies them, see
 * {@link DEFAULT_TRANSFERABLES_OF_OPTIONS}), except resizable ones (a reusable matrix buffer
 * keeps its room only when moved). `SharedArrayBuffer`s are left out (they are shared, not
 * transferred).
 *
 * @example
 * transferablesOf({ data: matrix.data }); // [matrix.data] (a matrix of 64 KiB or more)
 */
export function transferablesOf(value: unknown, options: TransferablesOfOptions = {}): ArrayBuffer[] {
  const { minBytes } = resolveOptions(DEFAULT_TRANSFERABLES_OF_OPTIONS, options);
  if (!(minBytes >= 0) || !Number.isFinite(minBytes)) {
    throw new AirreachError('E_OPTION', 'minBytes must be a finite number ≥ 0', { value: minBytes, where: { field: 'minBytes' }, expected: 'a byte count ≥ 0' });
  }
  const found = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const take = (buffer: ArrayBuffer): void => {
    if (buffer.byteLength >= minBytes || (buffer as ArrayBuffer & { resizable?: boolean }).resizable === true) found.add(buffer);
  };
  const visit = (item: unknown): void => {
    if (typeof item !== 'object' || item === null || seen.has(item)) return;
    seen.add(item);
    if (item instanceof ArrayBuffer) {
      take(item);
      return;
    }
    if (ArrayBuffer.isView(item)) {
      if (item.buffer instanceof ArrayBuffer) take(item.buffer);
      return;
    }
    for (const key of Object.keys(item)) visit((item as Record<string, unknown>)[key]);
  };
  visit(value);
  return [...found];
}
