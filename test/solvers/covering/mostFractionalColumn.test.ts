import { describe, expect, it } from 'vitest';
import { mostFractionalColumn } from '../../../src/solvers/covering/mostFractionalColumn.js';

describe('mostFractionalColumn', () => {
  it('takes the value farthest from an integer among the first count, ties by lowest index', () => {
    expect(mostFractionalColumn(Float64Array.of(1, 0.4, 2.5, 3), 4)).toBe(2);
    expect(mostFractionalColumn(Float64Array.of(0.3, 1.7, 0.5), 3)).toBe(2);
    expect(mostFractionalColumn(Float64Array.of(0.3, 1.7, 0.5), 2)).toBe(0);
    expect(mostFractionalColumn([0.5, 1.5], 2)).toBe(0);
  });

  it('finds none among values integral within 1e-6 (HiGHS tolerances)', () => {
    expect(mostFractionalColumn(Float64Array.of(1 + 5e-7, 2 - 9e-7, 0), 3)).toBe(-1);
    expect(mostFractionalColumn(Float64Array.of(1, 2.000002), 2)).toBe(1);
    expect(mostFractionalColumn(new Float64Array(0), 0)).toBe(-1);
  });
});
