import { describe, expect, it } from 'vitest';
import { DEFAULT_SHORT_RUN_WASM_TIERING_OPTIONS, shortRunWasmTiering } from '../../src/engine/shortRunWasmTiering.js';

describe('shortRunWasmTiering', () => {
  const recorder = () => {
    const set: string[] = [];
    return { set, setFlags: (flags: string) => void set.push(flags) };
  };

  it("raises V8's WebAssembly tiering budget to 100 times V8's own (1,800,000)", () => {
    const { set, setFlags } = recorder();
    shortRunWasmTiering({ setFlags });
    expect(set).toEqual(['--wasm-tiering-budget=180000000']);
    expect(DEFAULT_SHORT_RUN_WASM_TIERING_OPTIONS.tieringBudget).toBe(100 * 1_800_000);
  });

  it('takes its budget from the options, as a whole number', () => {
    const { set, setFlags } = recorder();
    shortRunWasmTiering({ setFlags, tieringBudget: 3_600_000.4 });
    expect(set).toEqual(['--wasm-tiering-budget=3600000']);
  });
});
