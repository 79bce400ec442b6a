import { resolveOptions } from '../resolveOptions.js';
import { createPool } from './createPool.js';

/** Options of {@link warmHighsAside}. */
export interface WarmHighsAsideOptions {
  /** Scale of the warm-up's synthetic models (see `warmHighs`). */
  scale?: number;
}

/** Defaults of {@link warmHighsAside}: models of about 0.5 s of one core once compiled. */
export const DEFAULT_WARM_HIGHS_ASIDE_OPTIONS = { scale: 0.5 };

/** A running warm-up: {@link WarmHighsAside.release} ends it (or its hold) and stops its thread. */
export interface WarmHighsAside {
  /** Resolves once the warm-up has finished (or failed: a warm-up never fails the caller). */
  readonly warmed: Promise<void>;
  /** Stops the warm-up's thread, mid-solve if need be, and lets the compiled code go. */
  release(): Promise<void>;
}

/**
 * Compiles HiGHS on a worker thread of its own while the caller goes on (see `warmHighs`), and
 * keeps that thread, idle, holding HiGHS until {@link WarmHighsAside.release}: V8 keeps a
 * WebAssembly module's compiled code for the whole process only while some thread holds the
 * module, so a warm-up thread that ended at once would take most of its work with it (measured:
 * a worker's first expected-covering solve took 0.83 s of CPU beside a held warm-up, 2.0 s after
 * one that had exited, 2.5 s cold).
 *
 * For a run that will solve on another thread seconds later (a scenario's questions and depot
 * plan, after its grid and coverage) and has a core to spare meanwhile. A failed warm-up is
 * ignored: it changes no answer, only how soon the first solve ends.
 *
 * @example
 * const warm = warmHighsAside();
 * try { await computeScenario(inputs, options); } finally { await warm.release(); }
 */
export function warmHighsAside(options: WarmHighsAsideOptions = {}): WarmHighsAside {
  const { scale } = resolveOptions(DEFAULT_WARM_HIGHS_ASIDE_OPTIONS, options);
  const pool = createPool({ threads: 1, isolated: true });
  const stop = new AbortController();
  const warmed = pool.run<void>({ kind: 'warmHighs', scale }, { label: 'HiGHS warm-up', signal: stop.signal }).catch(() => undefined);
  return {
    warmed,
    async release() {
      stop.abort();
      await warmed;
      await pool.close();
    },
  };
}
