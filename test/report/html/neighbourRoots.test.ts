import { describe, expect, it } from 'vitest';
import { neighbourRoots } from '../../../src/report/html/neighbourRoots.js';
import { createRandom } from '../../../src/random.js';

/** The definition: components of the pairs within the radius (squared distance ≤ radius²), each named by its lowest index. */
function naiveRoots(xs: Float64Array, ys: Float64Array, radius: number): number[] {
  const n = xs.length;
  const root = Array.from({ length: n }, () => -1);
  for (let start = 0; start < n; start++) {
    if (root[start] >= 0) continue;
    root[start] = start;
    const queue = [start];
    while (queue.length > 0) {
      const i = queue.pop()!;
      for (let j = 0; j < n; j++) {
        const dx = xs[j] - xs[i];
        const dy = ys[j] - ys[i];
        if (root[j] < 0 && dx * dx + dy * dy <= radius * radius) {
          root[j] = start;
          queue.push(j);
        }
      }
    }
  }
  return root;
}

describe('neighbourRoots', () => {
  it('gives the same components through buckets as through the kd-tree and by definition (hexagonal lattices with gaps, random clouds, points on the radius, duplicates)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const random = createRandom(seed);
      const points: Array<[number, number]> = [];
      const radius = seed % 3 === 0 ? 1 : 1.25 * Math.sqrt(3) * (0.5 + random.float());
      if (seed % 2 === 0) {
        // An H3-like lattice of edge 1 (neighbours √3 apart), with holes, shifted off the origin.
        const ox = random.float() * 1000 - 500;
        const oy = random.float() * 1000 - 500;
        for (let q = 0; q < 20; q++) for (let r = 0; r < 20; r++) if (random.float() < 0.6) points.push([ox + Math.sqrt(3) * (q + r / 2), oy + 1.5 * r]);
      } else {
        const count = random.int(0, 300);
        for (let i = 0; i < count; i++) points.push([random.float() * 30, random.float() * 30]);
        // Exactly on the radius, and a duplicate.
        if (count > 0) {
          points.push([points[0][0] + radius, points[0][1]]);
          points.push([...points[0]]);
        }
      }
      points.sort(() => random.float() - 0.5);
      const xs = Float64Array.from(points, (p) => p[0]);
      const ys = Float64Array.from(points, (p) => p[1]);
      const buckets = neighbourRoots(xs, ys, radius, { method: 'buckets' });
      expect(buckets).toEqual(neighbourRoots(xs, ys, radius, { method: 'kdtree' }));
      expect(Array.from(buckets)).toEqual(naiveRoots(xs, ys, radius));
      expect(neighbourRoots(xs, ys, radius)).toEqual(buckets);
    }
  });

  it('handles no point, one point, and points too spread for buckets', () => {
    expect(neighbourRoots(new Float64Array(0), new Float64Array(0), 1)).toHaveLength(0);
    expect(Array.from(neighbourRoots(Float64Array.of(3), Float64Array.of(4), 1))).toEqual([0]);
    // 1e7 buckets a side: the kd-tree is asked.
    const xs = Float64Array.of(0, 1e7, 0.5, 1e7 + 0.5);
    const ys = Float64Array.of(0, 1e7, 0, 1e7);
    expect(Array.from(neighbourRoots(xs, ys, 1))).toEqual([0, 1, 0, 1]);
  });
});
