import { setFlagsFromString } from 'node:v8';
import { resolveOptions } from '../resolveOptions.js';

/** Options of {@link shortRunWasmTiering}. */
export interface ShortRunWasmTieringOptions {
  /**
   * V8's WebAssembly tiering budget set (`--wasm-tiering-budget`, V8's own: 1,800,000): roughly
   * the bytes of a function's code that run in the baseline tier (Liftoff) before V8 compiles it
   * again with TurboFan.
   */
  tieringBudget?: number;
  /** Sets the V8 flag (tests pass a recorder; the default sets it for the whole process). */
  setFlags?: (flags: string) => void;
}

/**
 * Defaults of {@link shortRunWasmTiering}: 100 times V8's budget. Measured with HiGHS (highs
 * 1.15.3, Node 20.20, 2-core VM), CPU of one process, V8's budget → this one: today.json at 2
 * threads 11.22 → 10.68 s (median of 4 alternating rounds); OR-Library scp41 as a plain MILP
 * (136 simplex iterations) 0.64 → 0.34 s; scpe1 (10,730 iterations, about 4 s) 4.43 → 3.52 s;
 * scpe2 (18,025 iterations) 6.46 → 5.96 s. Ten times V8's budget saved little on today.json.
 */
export const DEFAULT_SHORT_RUN_WASM_TIERING_OPTIONS = {
  tieringBudget: 180_000_000,
  setFlags: setFlagsFromString as (flags: string) => void,
} satisfies ShortRunWasmTieringOptions;

/**
 * Raises V8's WebAssembly tiering budget for the whole process, so that only HiGHS's truly hot
 * functions are recompiled by TurboFan. Why: V8 first compiles each WebAssembly function with its
 * fast baseline compiler and recompiles a function with TurboFan once it has run a little; HiGHS
 * is a large module, and a cold run of today.json spent about a tenth of its CPU (perf, 2 threads)
 * in TurboFan compiling HiGHS functions that each ran for a moment. A function that keeps
 * running still reaches the budget and is optimised, so a long solve loses at most the moments
 * each hot function spends reaching it: the solves measured (up to 6 s) all took less CPU.
 *
 * Like {@link shortRunJit}, the flag is the process's: only a process that is one run sets it
 * (the CLI's `run` and `site` of one scenario, unless `--v8-defaults`), and it must be set before
 * the process compiles HiGHS (the pool compiles it once, as it starts), as V8 gives each module
 * its budget when it is compiled. It changes no result: WebAssembly computes the same bits in
 * either tier (the start benchmark compares the files byte for byte).
 *
 * @example
 * if (options.shortRunJit) shortRunWasmTiering();
 */
export function shortRunWasmTiering(options: ShortRunWasmTieringOptions = {}): void {
  const { tieringBudget, setFlags } = resolveOptions(DEFAULT_SHORT_RUN_WASM_TIERING_OPTIONS, options);
  setFlags(`--wasm-tiering-budget=${Math.round(tieringBudget)}`);
}
