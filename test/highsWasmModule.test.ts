import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { compileHighsWasmModule, highsWasmModule, setHighsWasmModule } from '../src/highsWasmModule.js';
import { loadHighs } from '../src/solvers/milp/solveMilp.js';

// A valid module that imports x.y: HiGHS's imports do not have it, so instantiating it fails.
const FOREIGN_MODULE = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 2, 7, 1, 1, 0x78, 1, 0x79, 0, 0);

describe('setHighsWasmModule', () => {
  it('refuses what is not a compiled module, with E_OPTION naming what is expected', () => {
    expect(() => setHighsWasmModule(new Uint8Array(8))).toThrow(/E_OPTION.*WebAssembly\.Module/);
    expect(() => setHighsWasmModule(readFileSync(createRequire(import.meta.url).resolve('highs/runtime')))).toThrow(/E_OPTION/);
    expect(highsWasmModule()).toBeUndefined();
  });

  it('makes a failed instantiation reject loadHighs instead of leaving it waiting', async () => {
    setHighsWasmModule(compileHighsWasmModule(FOREIGN_MODULE));
    await expect(loadHighs()).rejects.toThrow();
  });
});
