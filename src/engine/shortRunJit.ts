import { setFlagsFromString } from 'node:v8';
import { resolveOptions } from '../resolveOptions.js';

/** Options of {@link shortRunJit}. */
export interface ShortRunJitOptions {
  /** Grids of at least this many cells keep V8's own settings: their runs last minutes, where deep inlining pays. */
  maxCells?: number;
  /** The cumulative inlining budget set, in bytes of bytecode (V8's own: 920). */
  inlinedBytecodeBytes?: number;
  /**
   * The interrupt budget set, in bytes of bytecode a function runs between V8's checks of whether
   * to optimise it (V8's own: 67,584): larger, fewer briefly hot functions are sent to TurboFan.
   */
  interruptBudgetBytes?: number;
  /** Sets the V8 flags (tests pass a recorder; the default sets them for the whole process). */
  setFlags?: (flags: string) => void;
}

/**
 * Defaults of {@link ShortRunJitOptions}. `maxCells`: Liaoning at resolution 7 is 46,000 cells
 * (a run of about 5 s); the national grid at resolution 7 is 2 million (minutes). 230 bytes is a
 * quarter of V8's budget: on today.json it saved 0.56 s of CPU and 0.31 s of wall at 2 threads (8
 * alternating rounds); a half (460) saved about half as much, an eighth (120) no more. The
 * interrupt budget at twice V8's (135,168) saved a further 0.5 s of CPU on today.json at 2
 * threads (10.68 → 10.17 s, median of 4 alternating rounds, with `shortRunWasmTiering` in both);
 * four times V8's saved no more (10.25 s).
 */
export const DEFAULT_SHORT_RUN_JIT_OPTIONS = {
  maxCells: 200_000,
  inlinedBytecodeBytes: 230,
  interruptBudgetBytes: 135_168,
  setFlags: setFlagsFromString as (flags: string) => void,
} satisfies ShortRunJitOptions;

/**
 * Tunes V8 for a run of a few seconds, once its grid is built: lowers TurboFan's cumulative
 * inlining budget (`--max-inlined-bytecode-size-cumulative`) and raises its interrupt budget
 * (`--interrupt-budget`: a function must run longer before it is optimised) when the grid has
 * fewer than `maxCells` cells, and returns whether it did. Why: a cold run of today.json spends a third of
 * its CPU in TurboFan compiling some 900 functions that are each hot for a moment (perf, 1 and 2
 * threads), and after the grid the pool's workers and the run's thread fill both cores, so every
 * millisecond of compiling delays the run. Smaller inlined graphs compile faster; the code they
 * make ran no slower on the run's own work measured warm (the whole run in-process, 4th round:
 * 3.75 vs 3.77 s; maximal covering 20,000 × 500: the same CPU), but h3-js's grid code ran 8–10 %
 * slower (national grid 18.4 → 19.9 s): the grid is built before, with V8's settings, and large
 * grids keep them throughout.
 *
 * The flags are the process's, every thread's: only a process that is one run may set them (the
 * CLI's `run` and `site` of one scenario), never a library caller's process or a batch. They
 * change no result: V8 compiles the same semantics either way (the start benchmark checks the
 * files byte for byte with and without them). Setting a V8 flag after start-up is allowed by
 * `v8.setFlagsFromString`; the inlining budget is read by each compile job as it starts, the
 * interrupt budget each time a function's budget is refilled.
 *
 * @example
 * if (task.shortRunJit) shortRunJit(session.grid.cellCount);
 */
export function shortRunJit(cellCount: number, options: ShortRunJitOptions = {}): boolean {
  const { maxCells, inlinedBytecodeBytes, interruptBudgetBytes, setFlags } = resolveOptions(DEFAULT_SHORT_RUN_JIT_OPTIONS, options);
  if (!(cellCount < maxCells)) return false;
  setFlags(`--max-inlined-bytecode-size-cumulative=${Math.round(inlinedBytecodeBytes)}`);
  setFlags(`--interrupt-budget=${Math.round(interruptBudgetBytes)}`);
  return true;
}
