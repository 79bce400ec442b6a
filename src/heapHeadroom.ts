import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AirreachError, type ErrorLocation } from './errors.js';
import { resolveOptions } from './resolveOptions.js';

/**
 * V8's young generation, which `heap_size_limit` counts but old objects never use: 3 semi-spaces
 * of 16 MiB. Measured on Node 20: `heap_size_limit` is `--max-old-space-size` + 48 MiB at 256,
 * 1,024, 2,048 and 4,096 MiB, and a worker's is its `maxOldGenerationSizeMb` + 48.
 */
const YOUNG_GENERATION_BYTES = 48 * 2 ** 20;

/** Options of {@link heapHeadroomBytes}. */
export interface HeapHeadroomOptions {
  /**
   * Collect the garbage first, so that only live objects count as used (a full collection: 0.1 s
   * for 112 MiB of live objects, 0.6–1.1 s for 549 MiB on the project's VM). Without it the
   * figure errs low by whatever the next collection frees, which is up to half the heap in use
   * after a parse (see {@link checkHeapHeadroom}).
   */
  collectGarbage?: boolean;
}

/** Defaults of {@link HeapHeadroomOptions}: no collection, a read of V8's figures alone. */
export const DEFAULT_HEAP_HEADROOM_OPTIONS = { collectGarbage: false } satisfies Required<HeapHeadroomOptions>;

/**
 * The JS heap this thread has left for new objects, bytes: V8's heap limit (`--max-old-space-size`,
 * or a worker's `resourceLimits`) less what is in use and less the young generation. Garbage not
 * yet collected counts as used unless `collectGarbage` is set, so the quick figure errs low by
 * what the next collection frees.
 *
 * @example
 * if (estimateBytes > heapHeadroomBytes() && estimateBytes > heapHeadroomBytes({ collectGarbage: true })) refuse();
 */
export function heapHeadroomBytes(options: HeapHeadroomOptions = {}): number {
  const { collectGarbage } = resolveOptions(DEFAULT_HEAP_HEADROOM_OPTIONS, options);
  if (collectGarbage) fullCollection();
  const { heap_size_limit: limit, used_heap_size: used } = getHeapStatistics();
  return Math.max(0, limit - used - YOUNG_GENERATION_BYTES);
}

let collect: (() => void) | undefined;

/**
 * A full, synchronous collection of this thread's heap, when V8 lets us have one. Node has no API
 * for it but V8's `gc` (`--expose-gc`, which a worker's execArgv may not hold): the flag is set
 * and a new context's `gc` kept (one per thread). The flag is left on: turning it off again could
 * come, from another thread, between this thread's set and its new context. Without a `gc` (V8
 * refused it) nothing is collected, and the check decides on V8's figures as before.
 */
function fullCollection(): void {
  collect ??= exposedGc();
  collect?.();
}

function exposedGc(): (() => void) | undefined {
  const global = (globalThis as { gc?: unknown }).gc;
  if (typeof global === 'function') return global as () => void;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/** What {@link checkHeapHeadroom} is asked to check: a step, its estimate, and where to point the user. */
export interface HeapHeadroomCheck {
  /** The step, as the message names it: `reading and parsing this layer`, `building the grid`. */
  step: string;
  /** Estimated JS heap the step takes on top of what is in use now, bytes. */
  estimateBytes: number;
  /** The file (and field) to blame. */
  where: ErrorLocation;
  /** What the estimate was made from, for the message: `1,000,000 features, 5,000,000 positions`. */
  from: string;
  /**
   * The heap the step may take, bytes; default {@link heapHeadroomBytes}: V8's figures, and when
   * they would refuse, measured again after a full collection.
   */
  heapAvailableBytes?: number;
  /** How to make the input smaller, first in the hint. */
  shrink: string;
}

/**
 * Refuses a step whose estimated heap exceeds what the thread has left, with `E_MEMORY_BUDGET`
 * naming the file, the estimate, the headroom, the heap limit, and how to fix it: a smaller
 * input (`shrink`) or a higher limit, with the exact flag. Without this a layer under the
 * 256 MiB file cap could end the run with V8's out-of-memory instead (a crash of the process in
 * the main thread, a bare `E_WORKER` from a worker thread), after minutes of work.
 *
 * A refusal is decided on live objects only: when V8's figures leave too little, the heap is
 * collected and measured again. V8's `used_heap_size` counts garbage until the next collection,
 * and how much depends on when V8 last collected: before the grid build of 40,000 points in a
 * worker of 105 MiB (old generation) it read 32–57 MiB in use over 17 runs, 25–26 MiB of it
 * live, so the same input was refused in about one run in three (50 MiB estimated, 48–73 MiB
 * left by V8's figures; 80 MiB once collected).
 *
 * @example
 * checkHeapHeadroom({ step: 'reading and parsing this layer', estimateBytes: 9e8, where: { file: 'mines.geojson' }, from: '222 MiB of text', shrink: 'Simplify or split the layer' });
 */
export function checkHeapHeadroom(check: HeapHeadroomCheck): void {
  const given = check.heapAvailableBytes;
  let available = given ?? heapHeadroomBytes();
  if (typeof available !== 'number' || !(available >= 0)) {
    throw new AirreachError('E_OPTION', 'heapAvailableBytes must be a number of bytes ≥ 0', { value: available, where: { field: 'heapAvailableBytes' }, expected: 'bytes ≥ 0, e.g. 1073741824 (1 GiB)' });
  }
  if (check.estimateBytes <= available) return;
  // Not on garbage: what a collection frees is room the step will have.
  if (given === undefined) available = heapHeadroomBytes({ collectGarbage: true });
  if (check.estimateBytes <= available) return;
  const limitMiB = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
  // A limit that leaves the estimate room, with a quarter to spare (the estimate is not exact), in steps of 512 MiB.
  const shortMiB = (check.estimateBytes - available) / 2 ** 20;
  const suggestMiB = Math.ceil(((limitMiB + shortMiB) * 1.25) / 512) * 512;
  throw new AirreachError('E_MEMORY_BUDGET', `${check.step} would take about ${mib(check.estimateBytes)} of JS heap (${check.from}), more than the ${mib(available)} this thread has left`, {
    value: Math.round(check.estimateBytes),
    where: check.where,
    expected: `at most ${mib(available)} (the heap limit of ${limitMiB.toLocaleString('en-US')} MiB less what is in use)`,
    hint: `${check.shrink}; or raise the heap limit if the machine has the memory: NODE_OPTIONS=--max-old-space-size=${suggestMiB} before the airreach command (a queue worker: airreach worker --worker-heap-mib ${suggestMiB}); a library caller may pass heapAvailableBytes`,
  });
}

function mib(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;
}
