import { describe, expect, it } from 'vitest';
import { aircraftAvailability, availabilityBusyFraction, expectedCoverage } from '../../src/conditions/availabilityBusyFraction.js';

describe('availability and busy fraction', () => {
  it('multiplies flyable share and idle share', () => {
    expect(aircraftAvailability(0.8, 0.1)).toBeCloseTo(0.72, 12);
    expect(availabilityBusyFraction(0.8, 0.1)).toBeCloseTo(0.28, 12);
    expect(availabilityBusyFraction(1, 0.3)).toBeCloseTo(0.3, 12);
    expect(availabilityBusyFraction(0.8)).toBeCloseTo(0.2, 12);
  });

  it('gives MEXCLP arithmetic with independent weather and f(1 − b^k) with shared weather', () => {
    const k = Uint16Array.of(0, 1, 2, 3);
    const independent = expectedCoverage(k, 0.8, 0.1, { weather: 'independent' });
    const shared = expectedCoverage(k, 0.8, 0.1);
    const expectedIndependent = [0, 0.72, 0.9216, 0.978048]; // 1 − 0.28^k
    const expectedShared = [0, 0.72, 0.792, 0.7992]; // 0.8 × (1 − 0.1^k)
    for (let i = 0; i < k.length; i++) {
      expect(independent[i]).toBeCloseTo(expectedIndependent[i], 12);
      expect(shared[i]).toBeCloseTo(expectedShared[i], 12);
    }
  });

  it('never lets shared weather beat independent weather, and caps shared at the flyable share', () => {
    const k = Uint16Array.from({ length: 10 }, (_, i) => i);
    for (const f of [0, 0.3, 0.75, 1]) {
      for (const b of [0, 0.2, 0.9]) {
        const independent = expectedCoverage(k, f, b, { weather: 'independent' });
        const shared = expectedCoverage(k, f, b, { weather: 'shared' });
        for (let i = 0; i < k.length; i++) {
          expect(shared[i]).toBeLessThanOrEqual(independent[i] + 1e-12);
          expect(shared[i]).toBeLessThanOrEqual(f + 1e-12);
        }
      }
    }
  });

  it('rejects probabilities outside [0, 1] and fractional reach counts', () => {
    expect(() => aircraftAvailability(1.2)).toThrow(/flyableShare/);
    expect(() => aircraftAvailability(0.5, -0.1)).toThrow(/busyFraction/);
    expect(() => expectedCoverage([1.5], 0.8, 0)).toThrow(/reach count/);
    expect(() => expectedCoverage([1], 0.8, 0, { weather: 'local' as 'shared' })).toThrow(/weather/);
  });
});
