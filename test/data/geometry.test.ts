// Unit checks of the data builders' geometry helpers (scripts/data/geometry.ts).
import { describe, expect, it } from 'vitest';
import { decodeEchartsRing, distinctPositions, orientRing, ringSignedAreaKm2, tidyPolygons, tidyRing } from '../../scripts/data/geometry.js';

describe('decodeEchartsRing', () => {
  it('zig-zag/delta decodes two characters per vertex on the 1/1024° grid', () => {
    // hand-encoded: start (123, 42) = offset (125952, 43008); then +1 unit east (zigzag 2 = 'B'),
    // then -1 unit north (zigzag 1 = 'A').
    expect(decodeEchartsRing('@@B@@A', [125952, 43008])).toEqual([
      [123, 42],
      [123 + 1 / 1024, 42],
      [123 + 1 / 1024, 42 - 1 / 1024],
    ]);
  });
});

describe('ring hygiene', () => {
  const cw = [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]];

  it('signed area is positive for counter-clockwise rings and matches a square degree at the equator', () => {
    const ccw = [...cw].reverse();
    const a = ringSignedAreaKm2(ccw);
    // one square degree at the equator: (2πR/360)² with R = 6371.0088 km ≈ 12,364 km²
    expect(a).toBeCloseTo((((2 * Math.PI * 6371.0088) / 360) ** 2), -1);
    expect(ringSignedAreaKm2(cw)).toBeCloseTo(-a, 6);
  });

  it('tidyRing rounds to 5 decimals, drops repeated positions and closes the ring', () => {
    expect(tidyRing([[1.000001, 2], [1, 2], [3, 4], [5, 2]])).toEqual([[1, 2], [3, 4], [5, 2], [1, 2]]);
    expect(distinctPositions([[0, 0], [1, 0], [0, 0], [1, 0], [0, 0]])).toBe(2);
  });

  it('orientRing and tidyPolygons apply the right-hand rule and drop degenerate parts', () => {
    expect(ringSignedAreaKm2(orientRing(cw, true))).toBeGreaterThan(0);
    const sliver = [[10, 10], [10.00001, 10], [10, 10], [10.00001, 10], [10, 10]];
    const { parts, droppedParts } = tidyPolygons([[cw], [sliver]]);
    expect(droppedParts).toBe(1);
    expect(parts).toHaveLength(1);
    expect(ringSignedAreaKm2(parts[0][0])).toBeGreaterThan(0);
  });
});
