import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/random.js';
import { WorkBudget } from '../../../src/solvers/kernel/workBudget.js';
import { branchAndBoundMaximumAvailability, reliableWeight, type MaximumAvailabilityRows } from '../../../src/solvers/planning/maximumAvailabilityBranchAndBound.js';
import { allocations } from './allocations.js';

// Random rows over `siteCount` sites: each row reached by 1-4 sites (a few by none), weights 0-9 with fractions.
const tinyRows = (seed: number, rowCount: number, siteCount: number): MaximumAvailabilityRows => {
  const random = createRandom(seed);
  const lists: number[][] = [];
  const weights: number[] = [];
  for (let r = 0; r < rowCount; r++) {
    const size = r === 0 ? 0 : random.int(1, 4);
    const list = new Set<number>();
    while (list.size < Math.min(size, siteCount)) list.add(random.int(0, siteCount - 1));
    lists.push([...list].sort((a, b) => a - b));
    weights.push(random.int(0, 9) + random.float());
  }
  const rowOffsets = new Uint32Array(rowCount + 1);
  lists.forEach((list, r) => (rowOffsets[r + 1] = rowOffsets[r] + list.length));
  return { rowCount, siteCount, rowOffsets, rowSites: Uint32Array.from(lists.flat()), rowWeights: Float64Array.from(weights) };
};

const bruteForce = (rows: MaximumAvailabilityRows, lower: number[], upper: number[], total: number, b: number) => {
  let best = -1;
  for (const counts of allocations(lower, upper, 0, total)) best = Math.max(best, reliableWeight(rows, Int32Array.from(counts), b));
  return best;
};

describe('branchAndBoundMaximumAvailability against brute force', () => {
  it('proves the optimum for b = 1, 2, 3 with caps and fixed and forbidden sites, from a poor start', async () => {
    let branched = 0;
    for (let seed = 1; seed <= 24; seed++) {
      const siteCount = 6;
      const rows = tinyRows(seed, 16, siteCount);
      const b = 1 + (seed % 3);
      const total = 3 + (seed % 4);
      const lower = Array.from({ length: siteCount }, (_, s) => (seed % 4 === 0 && s === seed % siteCount ? 1 : 0));
      const upper = Array.from({ length: siteCount }, (_, s) => (seed % 5 === 0 && s === (seed + 2) % siteCount ? 0 : 1 + ((seed + s) % 3)));
      // The start: the fixed sites' aircraft only.
      const start = Int32Array.from(lower);
      const tree = await branchAndBoundMaximumAvailability(rows, { total, required: b, lower: Int32Array.from(lower), upper: Int32Array.from(upper), start }, new WorkBudget(), { maxNodes: 10_000 });
      const best = bruteForce(rows, lower, upper, total, b);
      expect(tree.optimal).toBe(true);
      expect(reliableWeight(rows, tree.counts, b)).toBeCloseTo(best, 9);
      expect(tree.bound).toBeCloseTo(best, 9);
      let placed = 0;
      tree.counts.forEach((c, s) => {
        expect(c).toBeGreaterThanOrEqual(lower[s]);
        expect(c).toBeLessThanOrEqual(upper[s]);
        placed += c;
      });
      expect(placed).toBeLessThanOrEqual(total);
      if (tree.nodes > 1) branched++;
    }
    // The instances exercise the branching, not only roots that are integral.
    expect(branched).toBeGreaterThan(5);
  });

  it('stopped by its node limit, keeps a bound no placement beats and a feasible best', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const rows = tinyRows(100 + seed, 20, 7);
      const lower = Array(7).fill(0);
      const upper = Array(7).fill(2);
      const b = 2;
      const tree = await branchAndBoundMaximumAvailability(rows, { total: 5, required: b, lower: Int32Array.from(lower), upper: Int32Array.from(upper), start: new Int32Array(7) }, new WorkBudget(), { maxNodes: 1 });
      const best = bruteForce(rows, lower, upper, 5, b);
      expect(tree.bound).toBeGreaterThanOrEqual(best - 1e-9);
      expect(reliableWeight(rows, tree.counts, b)).toBeLessThanOrEqual(best + 1e-9);
      if (tree.optimal) expect(reliableWeight(rows, tree.counts, b)).toBeCloseTo(best, 9);
      expect(tree.nodes).toBeLessThanOrEqual(1);
    }
  });
});
