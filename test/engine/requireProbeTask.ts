// A task kind of the tests' own that tells how its worker loads ES modules: whether a require()
// of one (esmProbe.mjs) succeeds or throws, and the worker's Node options. Two entries, one kind:
// a plain `.mjs` one, loaded as the built workers are (no tsx), and a `.ts` one (tsx's loader).
import type { TaskKind } from '../../src/engine/taskKind.js';

export interface RequireProbeTask {
  kind: 'requireProbe';
}

/** What a worker saw: `'esm'` if the require() of esmProbe.mjs worked, else the error's code. */
export interface RequireProbe {
  required: string;
  execArgv: string[];
}

const probeKind = (entry: string): TaskKind<RequireProbeTask, RequireProbe> => ({
  kind: 'requireProbe',
  workerUrl: new URL(entry, import.meta.url).href,
  runInThread: () => {
    throw new Error('the require probe is for worker threads');
  },
});

/** The probe on a plain JavaScript entry (`requireProbeWorker.mjs`), as the built workers are. */
export const REQUIRE_PROBE_TASK = probeKind('./requireProbeWorker.mjs');

/** The probe on a `.ts` entry, loaded with tsx's loader as the tests' entries are. */
export const REQUIRE_PROBE_TS_TASK = probeKind('./requireProbeWorker.ts');
