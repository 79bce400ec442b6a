import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPool } from '../../src/engine/createPool.js';
import { adoptPoolWorkerData, poolWorkerData } from '../../src/engine/poolWorkerData.js';
import { highsWasmModule } from '../../src/highsWasmModule.js';
import { HIGHS_PROBE_TASK, highsProbe, type HighsProbe } from './highsProbeTask.js';

describe('poolWorkerData', () => {
  it('compiles this thread\'s HiGHS module once, keeps it for this thread, and hands the same one out again', () => {
    expect(highsWasmModule()).toBeUndefined();
    const first = poolWorkerData();
    expect(Object.prototype.toString.call(first.highsWasmModule)).toBe('[object WebAssembly.Module]');
    expect(highsWasmModule()).toBe(first.highsWasmModule);
    expect(poolWorkerData().highsWasmModule).toBe(first.highsWasmModule);
  });

  it('adopts a module handed in, ignores data without one, and refuses anything else with E_OPTION', () => {
    const before = highsWasmModule();
    adoptPoolWorkerData(undefined);
    adoptPoolWorkerData(null);
    adoptPoolWorkerData({ other: 1 });
    expect(highsWasmModule()).toBe(before);
    expect(() => adoptPoolWorkerData({ highsWasmModule: { not: 'a module' } })).toThrow(/E_OPTION.*WebAssembly\.Module/);
    expect(highsWasmModule()).toBe(before);
  });

  it('gives every pool worker the module, and HiGHS instantiated from it solves as in this thread', async () => {
    const inThread = await highsProbe();
    expect(inThread.objective).toBe(13);
    const pool = createPool({ threads: 2 });
    try {
      pool.register(HIGHS_PROBE_TASK);
      const probes = await Promise.all([0, 1, 2, 3].map(() => pool.run<HighsProbe>({ kind: 'highsProbe' })));
      for (const probe of probes) expect(probe).toEqual({ ...inThread, hasModule: true });
    } finally {
      await pool.close();
    }
  });

  it('is taken by every worker entry before anything else runs', () => {
    for (const name of ['engine', 'scenario', 'simulation', 'command']) {
      const text = readFileSync(new URL(`../../workers/${name}.ts`, import.meta.url), 'utf8');
      expect(text, `workers/${name}.ts`).toMatch(/\nadoptPoolWorkerData\(workerData\);\n/);
    }
  });
});
