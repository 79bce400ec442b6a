import { AirreachError } from '../../errors.js';
import { HIGHS_MEMORY_BYTES } from '../kernel/estimateSolveSize.js';

/**
 * The error of a HiGHS call that threw: `E_MODEL` naming the model's size and what HiGHS said.
 * HiGHS runs as WebAssembly whose memory cannot grow past {@link HIGHS_MEMORY_BYTES} (2 GiB, said
 * from that constant); a model too large for it ends in
 * emscripten's `Aborted()` (or a `RangeError` on its memory), which was reported as "HiGHS failed
 * on the model" with only the row and column counts: a siting question with 3,000 candidate sites
 * (43,149 rows, 139,113 columns) failed so after 20 s with nothing naming memory. Such a failure
 * now says so and how to make the model smaller.
 *
 * @example
 * try { instance.run(); } catch (error) { throw highsFailure(error, 43_149, 139_113); }
 */
export function highsFailure(error: unknown, numRows: number, numCols: number): AirreachError {
  const said = error instanceof Error ? error.message : String(error);
  const outOfMemory = /abort|out of memory|memory access out of bounds|could not allocate|Array buffer allocation failed|Invalid typed array length|WebAssembly\.Memory/i.test(said);
  const size = `${numRows.toLocaleString('en-US')} rows, ${numCols.toLocaleString('en-US')} columns`;
  return new AirreachError('E_MODEL', outOfMemory ? `HiGHS stopped on the model (${size}): its WebAssembly memory, at most ${HIGHS_MEMORY_BYTES / 2 ** 30} GiB, was likely exhausted ("${said.slice(0, 200)}")` : `HiGHS failed on the model (${size}): ${said.slice(0, 200)}`, {
    cause: error,
    value: { numRows, numCols },
    hint: outOfMemory
      ? 'Make the model smaller: fewer candidate sites (bases with role "candidate", or a where filter on their layer), a coarser grid.resolution, or a smaller siteCount. HiGHS\'s memory is a hard limit of its WebAssembly build: --memory-budget does not raise it'
      : 'This is a fault in HiGHS or in the model airreach built: please report it with the scenario or instance that gave it',
  });
}
