import { describe, expect, it } from 'vitest';
import { DEFAULT_SHORT_RUN_JIT_OPTIONS, shortRunJit } from '../../src/engine/shortRunJit.js';

describe('shortRunJit', () => {
  const recorder = () => {
    const set: string[] = [];
    return { set, setFlags: (flags: string) => void set.push(flags) };
  };

  it("lowers V8's cumulative inlining budget and raises its interrupt budget for a grid under the cell limit, and says so", () => {
    const { set, setFlags } = recorder();
    expect(shortRunJit(46_344, { setFlags })).toBe(true);
    expect(set).toEqual(['--max-inlined-bytecode-size-cumulative=230', '--interrupt-budget=135168']);
    expect(shortRunJit(0, { setFlags })).toBe(true);
  });

  it("leaves V8's settings to a grid at or over the limit, and to a count that is not a number", () => {
    const { set, setFlags } = recorder();
    expect(shortRunJit(DEFAULT_SHORT_RUN_JIT_OPTIONS.maxCells, { setFlags })).toBe(false);
    expect(shortRunJit(2_000_000, { setFlags })).toBe(false);
    expect(shortRunJit(Number.NaN, { setFlags })).toBe(false);
    expect(set).toEqual([]);
  });

  it('takes its limit and budget from the options', () => {
    const { set, setFlags } = recorder();
    expect(shortRunJit(500, { setFlags, maxCells: 400 })).toBe(false);
    expect(shortRunJit(300, { setFlags, maxCells: 400, inlinedBytecodeBytes: 460, interruptBudgetBytes: 270_336 })).toBe(true);
    expect(set).toEqual(['--max-inlined-bytecode-size-cumulative=460', '--interrupt-budget=270336']);
  });
});
