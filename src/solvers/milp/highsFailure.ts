import { AirreachError } from '../../errors.js';
import { HIGHS_MEMORY_BYTES } from '../kernel/estimateSolveSize.js';
import type { MemoryStop } from '../kernel/workBudget.js';

// What a JavaScript allocation that failed says (copying a model into HiGHS or its answer out):
// the thread is out of memory whatever HiGHS holds.
const JS_OUT_OF_MEMORY = /Array buffer allocation failed|could not allocate|out of memory/i;
// What HiGHS's WebAssembly says when it stops: emscripten's `abort()` (a failed `new` of a
// build without exceptions ends there) or a trap on its memory. Out of memory when HiGHS's
// memory has grown near its cap; the same words from a small heap are a fault (a HiGHS
// assertion, a bad index), not a lack of memory.
const WASM_STOPPED = /Aborted\(|memory access out of bounds|Invalid typed array length|WebAssembly\.Memory/i;

/**
 * Whether a HiGHS call that threw ran out of memory (a resource failure the solver can answer
 * around) rather than failed on the model (a fault, which must fail loudly): a JavaScript
 * allocation that failed, or HiGHS's WebAssembly stopping (`Aborted()`, a memory trap) once its
 * memory had grown to at least half of {@link HIGHS_MEMORY_BYTES}. HiGHS grows its memory by a
 * fifth at a time, so a model that exhausts the 2 GiB fails with more than 1 GiB in hand (the
 * 3,000-candidate MEXCLP measured at that point: see the README's limits); an abort from a
 * smaller heap is a fault. A HiGHS error (its own `HighsError` classes: a status it returned,
 * a model it refused) is never memory.
 *
 * @example
 * isHighsOutOfMemory(new WebAssembly.RuntimeError('Aborted()'), 2_013_265_920); // -> true
 * isHighsOutOfMemory(new WebAssembly.RuntimeError('Aborted()'), 50_331_648); // -> false
 */
export function isHighsOutOfMemory(error: unknown, memoryBytes: number): boolean {
  if (error instanceof AirreachError) return false;
  if (error instanceof Error && /^Highs\w*Error$/.test(error.name)) return false;
  const said = error instanceof Error ? error.message : String(error);
  if (JS_OUT_OF_MEMORY.test(said)) return true;
  return WASM_STOPPED.test(said) && !(memoryBytes < HIGHS_MEMORY_BYTES / 2);
}

/**
 * Whether an error a HiGHS call threw stopped its WebAssembly runtime (an `abort()`, a trap):
 * the runtime is then unusable, whatever the cause, and must be let go.
 *
 * @example
 * isHighsRuntimeStopped(new WebAssembly.RuntimeError('Aborted()')); // -> true
 */
export function isHighsRuntimeStopped(error: unknown): boolean {
  if (error instanceof (globalThis as unknown as { WebAssembly: { RuntimeError: new () => Error } }).WebAssembly.RuntimeError) return true;
  return WASM_STOPPED.test(error instanceof Error ? error.message : String(error));
}

/** The model HiGHS was handed when it ran out, for {@link highsMemoryStop}. */
export interface HighsModelSize {
  step: MemoryStop['step'];
  rows: number;
  columns: number;
  entries: number;
  /** HiGHS's WebAssembly memory when it failed (NaN when unknown). */
  memoryBytes: number;
}

const count = (value: number) => value.toLocaleString('en-US');
const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

/**
 * The {@link MemoryStop} of a HiGHS call that ran out of memory: the model's size and a note for
 * the answer saying what ran out, that the answer is the heuristics' best with the bound proven
 * before, and how to make the problem smaller. The limit is said from {@link HIGHS_MEMORY_BYTES}.
 *
 * @example
 * budget.markOutOfMemory(highsMemoryStop({ step: 'MILP', rows: 45_427, columns: 144_603, entries: 7_000_000, memoryBytes: 2 ** 31 }));
 */
export function highsMemoryStop(size: HighsModelSize): MemoryStop {
  const held = Number.isFinite(size.memoryBytes) ? `, with ${gib(size.memoryBytes)} in use` : '';
  const note =
    `HiGHS ran out of its ${HIGHS_MEMORY_BYTES / 2 ** 30} GiB of WebAssembly memory on the ${size.step} (${count(size.rows)} rows, ${count(size.columns)} columns, ${count(size.entries)} entries${held}), ` +
    'so the answer is the best the heuristics found, with the best bound proven before HiGHS started (not proven optimal). ' +
    'For a proven answer make the problem smaller: fewer candidate sites (bases with role "candidate", or a where filter on their layer), a coarser grid.resolution, a shorter standard, "demand": "hazard", or fewer sites or aircraft asked for ' +
    "(HiGHS's memory is a hard limit of its WebAssembly build: --memory-budget does not raise it)";
  return { step: size.step, rows: size.rows, columns: size.columns, entries: size.entries, memoryBytes: size.memoryBytes, note };
}

/**
 * The error of a HiGHS call that failed on the model (not for want of memory: see
 * {@link isHighsOutOfMemory}, whose failures end the solve with the heuristics' answer):
 * `E_MODEL` naming the model's size and what HiGHS said, to be reported as a fault. Words of an
 * abort or a memory trap from a heap far below {@link HIGHS_MEMORY_BYTES} are named as such:
 * they are not memory exhaustion.
 *
 * @example
 * try { instance.run(); } catch (error) { throw highsFailure(error, 43_149, 139_113); }
 */
export function highsFailure(error: unknown, numRows: number, numCols: number, memoryBytes = Number.NaN): AirreachError {
  const said = error instanceof Error ? error.message : String(error);
  const size = `${numRows.toLocaleString('en-US')} rows, ${numCols.toLocaleString('en-US')} columns`;
  const held = Number.isFinite(memoryBytes) ? ` with ${(memoryBytes / 2 ** 20).toFixed(0)} MiB of its ${HIGHS_MEMORY_BYTES / 2 ** 30} GiB of memory in use (not exhausted)` : '';
  return new AirreachError('E_MODEL', `HiGHS failed on the model (${size})${held}: ${said.slice(0, 200)}`, {
    cause: error,
    value: { numRows, numCols },
    hint: 'This is a fault in HiGHS or in the model airreach built: please report it with the scenario or instance that gave it',
  });
}
