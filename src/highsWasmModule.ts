import { AirreachError } from './errors.js';

/** A compiled WebAssembly module (a `WebAssembly.Module`, which the ES2023 library does not declare). */
export type HighsWasmModule = object;

// The few WebAssembly calls used here: the ES2023 library and @types/node 20 do not declare them.
interface WasmApi {
  Module: new (bytes: Uint8Array) => HighsWasmModule;
  instantiate(module: HighsWasmModule, imports: object): Promise<object>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: HighsWasmModule | undefined;

/**
 * Compiles HiGHS's WebAssembly (the bytes of `highs/runtime`) into a module that can be handed to
 * other threads. Cheap (≈ 50 ms): V8 compiles each function when it is first called.
 *
 * @example
 * const module = compileHighsWasmModule(readFileSync(require.resolve('highs/runtime')));
 */
export function compileHighsWasmModule(bytes: Uint8Array): HighsWasmModule {
  return new wasmApi.Module(bytes);
}

/**
 * Hands this thread the compiled HiGHS module to instantiate HiGHS from (see `loadHighs`). Why:
 * V8 keeps a module's machine code, and the optimised code it tiers up to as HiGHS runs, with the
 * module; a worker that compiles HiGHS itself starts again from nothing, and a solve on a fresh
 * worker ran more than twice as long as on one that instantiated from a module another thread
 * had already warmed (issue 15). The pool passes its thread's module to every worker it starts
 * (src/engine). Set it before the thread's first HiGHS solve: an instance already made is kept.
 *
 * @example
 * setHighsWasmModule(compileHighsWasmModule(bytes));
 */
export function setHighsWasmModule(module: HighsWasmModule): void {
  if (!(module instanceof wasmApi.Module)) {
    throw new AirreachError('E_OPTION', 'the HiGHS module must be a compiled WebAssembly.Module', {
      value: Object.prototype.toString.call(module),
      where: { field: 'highsWasmModule' },
      expected: 'a WebAssembly.Module of highs/runtime (compileHighsWasmModule)',
    });
  }
  compiled = module;
}

/**
 * The compiled HiGHS module this thread instantiates HiGHS from, or `undefined` when none was
 * handed in (HiGHS then compiles its own, as its loader does by default).
 *
 * @example
 * const module = highsWasmModule(); // undefined until setHighsWasmModule
 */
export function highsWasmModule(): HighsWasmModule | undefined {
  return compiled;
}

/**
 * Instantiates a compiled module with its imports (`WebAssembly.instantiate` of a module).
 *
 * @example
 * const instance = await instantiateWasmModule(module, imports);
 */
export function instantiateWasmModule(module: HighsWasmModule, imports: object): Promise<object> {
  return wasmApi.instantiate(module, imports);
}
