import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/** A seeded random source: integers in [min, max] and floats in [0, 1). */
export interface Random {
  int(min: number, max: number): number;
  float(): number;
}

/**
 * A deterministic random source from a 32-bit seed (xoroshiro128+ from pure-rand). Every
 * randomised step in airreach takes one, so the same seed gives the same bytes out.
 *
 * @example
 * const random = createRandom(42);
 * random.int(0, 9); // always the same digit for seed 42
 */
export function createRandom(seed: number): Random {
  const generator = xoroshiro128plus(seed | 0);
  return {
    int: (min, max) => uniformInt(generator, min, max),
    float: () => uniformFloat64(generator),
  };
}
