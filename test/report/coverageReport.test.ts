import { describe, expect, it } from 'vitest';
import { weightedPercentiles } from '../../src/report/coverageReport.js';

describe('weightedPercentiles', () => {
  it('takes the smallest minutes at which the answered demand reaches the share', () => {
    // Demand 1 at 10 min, 3 at 20 min, 1 at 40 min: 20 % by 10, 80 % by 20, 100 % by 40.
    const members = Uint32Array.of(0, 1, 2);
    const weights = Float64Array.of(1, 3, 1);
    const minutes = Float64Array.of(10, 20, 40);
    const p = weightedPercentiles(members, weights, minutes);
    expect(p.p50).toBe(20);
    expect(p.p90).toBe(40);
    expect(p.max).toBe(40);
    expect(p.meanReachable).toBeCloseTo((10 + 60 + 40) / 5, 12);
    expect(p.unreachableDemandShare).toBe(0);
  });

  it('reports percentiles that fall into unreachable demand as null, with the unreachable share', () => {
    const p = weightedPercentiles(Uint32Array.of(0, 1), Float64Array.of(3, 1), Float64Array.of(15, Infinity));
    expect(p.p50).toBe(15);
    expect(p.p90).toBeNull();
    expect(p.max).toBeNull();
    expect(p.unreachableDemandShare).toBeCloseTo(0.25, 12);
    expect(p.meanReachable).toBe(15);
  });

  it('ignores cells without demand and gives nulls for a group without demand', () => {
    expect(weightedPercentiles(Uint32Array.of(0, 1), Float64Array.of(0, 2), Float64Array.of(99, 5)).max).toBe(5);
    expect(weightedPercentiles(Uint32Array.of(0), Float64Array.of(0), Float64Array.of(5)).p50).toBeNull();
  });
});
