import { describe, expect, it } from 'vitest';
import { feasibleLimits, withinLimits } from '../../../src/solvers/covering/nodeLimits.js';

describe('feasibleLimits and withinLimits', () => {
  const limits = { lower: Int32Array.of(1, 0, 0), upper: Int32Array.of(2, 0, 3) };
  it('admit limits whose lower ends fit the total, and refuse crossed limits', () => {
    expect(feasibleLimits(limits, 1)).toBe(true);
    expect(feasibleLimits(limits, 0)).toBe(false);
    expect(feasibleLimits({ lower: Int32Array.of(2), upper: Int32Array.of(1) }, 5)).toBe(false);
  });
  it('accept counts within every limit and the total only', () => {
    expect(withinLimits(Int32Array.of(1, 0, 3), limits, 4)).toBe(true);
    expect(withinLimits(Int32Array.of(1, 0, 3), limits, 3)).toBe(false);
    expect(withinLimits(Int32Array.of(0, 0, 1), limits, 4)).toBe(false);
    expect(withinLimits(Int32Array.of(1, 1, 0), limits, 4)).toBe(false);
  });
});
