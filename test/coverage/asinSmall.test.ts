import { describe, expect, it } from 'vitest';
import { ASIN_SMALL_MAX_X, asinSmall } from '../../src/coverage/asinSmall.js';
import { createRandom } from '../../src/random.js';

describe('asinSmall', () => {
  it('gives asin x = x · asinSmall(x²) within 1e-15 relative of Math.asin on 0 … 0.05', () => {
    const random = createRandom(17);
    const xs = [0, 1e-300, 1e-9, 1e-4, 0.01, 0.0314, ASIN_SMALL_MAX_X];
    for (let k = 0; k < 20000; k++) xs.push(ASIN_SMALL_MAX_X * random.float());
    let worst = 0;
    for (const x of xs) {
      const reference = Math.asin(x);
      const error = x === 0 ? Math.abs(x * asinSmall(x * x)) : Math.abs(x * asinSmall(x * x) - reference) / reference;
      worst = Math.max(worst, error);
    }
    // The bound buildCoverage relies on (see the doc comment): ~1e-15, a few float64 ulps.
    expect(worst).toBeLessThan(1e-15);
  });

  it('would be far off without its last term at the edge of its domain (the test can fail)', () => {
    const x = ASIN_SMALL_MAX_X;
    const t = x * x;
    const cut = 1 + t * (1 / 6 + t * (3 / 40 + t * (5 / 112 + t * (35 / 1152))));
    expect(Math.abs(x * cut - Math.asin(x)) / Math.asin(x)).toBeGreaterThan(1e-15);
  });
});
