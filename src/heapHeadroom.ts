import { getHeapStatistics } from 'node:v8';
import { AirreachError, type ErrorLocation } from './errors.js';

/**
 * V8's young generation, which `heap_size_limit` counts but old objects never use: 3 semi-spaces
 * of 16 MiB. Measured on Node 20: `heap_size_limit` is `--max-old-space-size` + 48 MiB at 256,
 * 1,024, 2,048 and 4,096 MiB, and a worker's is its `maxOldGenerationSizeMb` + 48.
 */
const YOUNG_GENERATION_BYTES = 48 * 2 ** 20;

/**
 * The JS heap this thread has left for new objects, bytes: V8's heap limit (`--max-old-space-size`,
 * or a worker's `resourceLimits`) less what is in use and less the young generation. Garbage not
 * yet collected counts as used, so this errs low by what the next collection frees.
 *
 * @example
 * if (estimateBytes > heapHeadroomBytes()) refuse();
 */
export function heapHeadroomBytes(): number {
  const { heap_size_limit: limit, used_heap_size: used } = getHeapStatistics();
  return Math.max(0, limit - used - YOUNG_GENERATION_BYTES);
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
  /** The heap the step may take, bytes; default {@link heapHeadroomBytes}. */
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
 * @example
 * checkHeapHeadroom({ step: 'reading and parsing this layer', estimateBytes: 9e8, where: { file: 'mines.geojson' }, from: '222 MiB of text', shrink: 'Simplify or split the layer' });
 */
export function checkHeapHeadroom(check: HeapHeadroomCheck): void {
  const available = check.heapAvailableBytes ?? heapHeadroomBytes();
  if (typeof available !== 'number' || !(available >= 0)) {
    throw new AirreachError('E_OPTION', 'heapAvailableBytes must be a number of bytes ≥ 0', { value: available, where: { field: 'heapAvailableBytes' }, expected: 'bytes ≥ 0, e.g. 1073741824 (1 GiB)' });
  }
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
