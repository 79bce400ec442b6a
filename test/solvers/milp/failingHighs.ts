import type { Highs } from 'highs';

/**
 * HiGHS running out of its 2 GiB, simulated for tests: the real HiGHS, whose model's `run` (or
 * its creation) throws what emscripten's abort() throws while the runtime says its memory is at
 * `memoryBytes`. Building a model that truly exhausts 2 GiB takes a minute and 2 GB of RAM. Use:
 * `vi.mock('highs', async (importOriginal) => (await import('…/failingHighs.js')).failingHighs(importOriginal))` (in this thread only: the
 * pool's threads load the real HiGHS), then `arm(…)` before the solve and `disarm()` after.
 * A runtime whose run aborted throws if it is used again, as the real one may.
 */
export const fault = {
  armed: undefined as undefined | { at: 'run' | 'create'; error: () => Error; memoryBytes: number },
  fired: 0,
  loads: 0,
  /** The next load of HiGHS fails with this (V8 finding no memory for a new instance), then loads work again. */
  failNextLoad: undefined as undefined | Error,
};

export const GIB = 2 ** 30;

// What emscripten's abort() throws (WebAssembly.RuntimeError, which the ES2023 library does not declare).
const { RuntimeError } = (globalThis as unknown as { WebAssembly: { RuntimeError: new (message: string) => Error } }).WebAssembly;

/** The error of emscripten's abort(), as HiGHS throws it when a `new` finds no memory. */
export const aborted = (): Error => new RuntimeError('Aborted(). Build with -sASSERTIONS for more info.');

/** Makes every HiGHS run (or model creation) from now on fail with `error`, HiGHS's memory said at `memoryBytes`. */
export function arm(at: 'run' | 'create', memoryBytes = 2 * GIB - 64 * 2 ** 20, error = aborted): void {
  fault.armed = { at, error, memoryBytes };
  fault.fired = 0;
}

/** HiGHS works again (a fresh runtime is still needed after an abort). */
export function disarm(): void {
  fault.armed = undefined;
}

const bound = (target: object, key: string | symbol) => {
  const value: unknown = Reflect.get(target, key);
  return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
};

/** The `highs` module with its loader wrapped (see {@link fault}). */
export async function failingHighs(importOriginal: () => Promise<unknown>): Promise<{ default: (settings?: object) => Promise<Highs> }> {
  const actual = (await importOriginal()) as { default: (settings?: object) => Promise<Highs> };
  return {
    default: async (settings?: object) => {
      fault.loads++;
      const failure = fault.failNextLoad;
      fault.failNextLoad = undefined;
      if (failure) throw failure;
      const highs = await actual.default(settings);
      let dead = false;
      const fail = (armed: NonNullable<typeof fault.armed>) => {
        fault.fired++;
        const error = armed.error();
        // An abort leaves the runtime unusable; a HiGHS error does not.
        dead = error.name === 'RuntimeError';
        return error;
      };
      return new Proxy(highs, {
        get(target, key) {
          if (key === 'memoryBytes' && fault.fired > 0 && fault.armed) return fault.armed.memoryBytes;
          if (key !== 'createModel') return bound(target, key);
          return (source: Parameters<Highs['createModel']>[0]) => {
            if (dead) throw new Error('a runtime that aborted was used again');
            const armed = fault.armed;
            if (armed?.at === 'create') throw fail(armed);
            const model = target.createModel(source);
            return new Proxy(model, {
              get(instance, name) {
                const value = bound(instance, name);
                if (typeof value !== 'function') return value;
                // Every call into a runtime that aborted fails, as it may for real.
                if (dead) {
                  return () => {
                    throw new Error(`a model of a runtime that aborted was used again (${String(name)})`);
                  };
                }
                const now = fault.armed;
                if (name !== 'run' || now?.at !== 'run') return value;
                return () => {
                  throw fail(now);
                };
              },
            });
          };
        },
      });
    },
  };
}
