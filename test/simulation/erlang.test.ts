import { describe, expect, it } from 'vitest';
import { erlangB, erlangC } from '../../src/simulation/erlang.js';

describe('Erlang formulas', () => {
  it('match the closed forms: B(c, a) = (a^c / c!) / Σ a^k / k!, C from B, M/M/1 P(wait) = ρ', () => {
    const closedB = (c: number, a: number): number => {
      let sum = 0;
      let term = 1;
      for (let k = 0; k <= c; k++) {
        if (k > 0) term *= a / k;
        sum += term;
      }
      return term / sum;
    };
    for (const [c, a] of [[1, 0.3], [2, 1], [2, 1.2], [5, 3.7], [12, 9]]) {
      expect(erlangB(c, a)).toBeCloseTo(closedB(c, a), 12);
      const rho = a / c;
      const b = closedB(c, a);
      expect(erlangC(c, a)).toBeCloseTo(b / (1 - rho * (1 - b)), 12);
    }
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 14);
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 14);
    // Tabulated: C(2, 1.2) = 0.45 (Kleinrock, Queueing Systems I, M/M/2 with ρ = 0.6: 2ρ²/(1 + ρ)).
    expect(erlangC(2, 1.2)).toBeCloseTo((2 * 0.6 * 0.6) / 1.6, 12);
  });

  it('refuses an unstable queue', () => {
    expect(() => erlangC(2, 2)).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
  });
});
