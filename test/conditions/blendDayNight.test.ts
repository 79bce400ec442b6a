import { describe, expect, it } from 'vitest';
import { blendDayNight, weightedShare } from '../../src/conditions/blendDayNight.js';
import { createRandom } from '../../src/random.js';

describe('blendDayNight', () => {
  it('weights day and night coverage by the night share, per cell', () => {
    const day = Float64Array.of(40, 40, 70, 70, Infinity);
    const night = Float64Array.of(55, Infinity, 50, 90, Infinity);
    expect(Array.from(blendDayNight(day, night, 0.4, 60))).toEqual([1, 0.6, 0.4, 0, 0]);
    const perCell = Float64Array.of(0, 0.25, 0.5, 0.75, 1);
    const blended = blendDayNight(day, night, perCell, 60);
    expect(Array.from(blended)).toEqual([1, 0.75, 0.5, 0, 0]);
  });

  it('counts a response exactly at the standard as covered', () => {
    expect(blendDayNight([60], [61], 0.5, 60)[0]).toBe(0.5);
  });

  it('agrees with blending the two demand-weighted shares when the night share is uniform', () => {
    const random = createRandom(7);
    const n = 200;
    const day = new Float64Array(n);
    const night = new Float64Array(n);
    const weights = new Float64Array(n);
    for (let c = 0; c < n; c++) {
      day[c] = random.float() * 120;
      night[c] = random.float() < 0.2 ? Infinity : random.float() * 150;
      weights[c] = random.float() * 10;
    }
    const share = 0.37;
    const blended = weightedShare(weights, blendDayNight(day, night, share, 60));
    const dayShare = weightedShare(weights, blendDayNight(day, day, 0, 60));
    const nightShareCovered = weightedShare(weights, blendDayNight(night, night, 0, 60));
    expect(blended).toBeCloseTo((1 - share) * dayShare + share * nightShareCovered, 12);
  });

  it('restricts weightedShare to members and returns 0 for no weight', () => {
    expect(weightedShare([3, 1, 5], [1, 0.6, 0], [0, 1])).toBeCloseTo(0.9, 12);
    expect(weightedShare([0, 0], [1, 1])).toBe(0);
    expect(() => weightedShare([1], [1], [3])).toThrow(/outside/);
  });

  it('rejects mismatched lengths and shares outside [0, 1]', () => {
    expect(() => blendDayNight([1, 2], [1], 0.5, 60)).toThrow(/length/);
    expect(() => blendDayNight([1], [1], [0.5, 0.5], 60)).toThrow(/length/);
    expect(() => blendDayNight([1], [1], 1.5, 60)).toThrow(/night share/);
  });
});
