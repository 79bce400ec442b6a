import { describe, expect, it } from 'vitest';
import { branchAndBoundExpectedCovering } from '../../../src/solvers/covering/expectedCoveringBranchAndBound.js';
import { reducedExpectedCover } from '../../../src/solvers/covering/expectedCoveringMilp.js';
import { WorkBudget } from '../../../src/solvers/kernel/workBudget.js';
import { placements, tinyCase, tinyModel } from './expectedCoveringCases.js';

/** The worst placement, or the best: starts far from and at the optimum. */
function extremes(all: { counts: Int32Array; value: number }[]) {
  return {
    best: all.reduce((a, b) => (b.value > a.value ? b : a)),
    worst: all.reduce((a, b) => (b.value < a.value ? b : a)),
  };
}

describe('branchAndBoundExpectedCovering', () => {
  it('proves the brute-force optimum on tiny instances with twins, dominated, fixed and forbidden sites and caps per base, from the worst placement and from the optimum', async () => {
    for (let seed = 1; seed <= 24; seed++) {
      const { model, columnCap, columnMin, total, q } = tinyCase(seed);
      const all = placements(model, total, q, columnCap, columnMin);
      const { best, worst } = extremes(all);
      for (const start of [worst.counts, best.counts]) {
        const result = await branchAndBoundExpectedCovering(model, { total, busyFraction: q, columnCap, columnMin, start }, new WorkBudget(), { maxNodes: 1000 });
        expect(result.optimal).toBe(true);
        expect(reducedExpectedCover(model, result.counts, q)).toBeCloseTo(best.value, 9);
        expect(result.bound).toBeGreaterThanOrEqual(best.value - 1e-9);
        expect(result.bound).toBeLessThanOrEqual(best.value * (1 + 1e-9) + 1e-9);
        expect(result.counts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(total);
        result.counts.forEach((k, c) => {
          expect(k).toBeLessThanOrEqual(columnCap[c]);
          expect(k).toBeGreaterThanOrEqual(columnMin[c]);
        });
      }
    }
  });

  it('branches where the LP is fractional and still proves the brute-force optimum; cut after one node it keeps a valid bound', async () => {
    let branched = 0;
    let cut = 0;
    let stoppedInLp = 0;
    // Instances whose root LP is fractional (found by a scan of tinyModel's seeds), two aircraft at most per base.
    const cases = [[30, 10, 709, 5, 0.1], [30, 10, 712, 3, 0.1], [30, 10, 712, 5, 0.1], [40, 12, 706, 3, 0.1], [40, 12, 706, 5, 0.5], [40, 12, 712, 5, 0.1], [40, 12, 712, 3, 0.5], [40, 12, 727, 7, 0.5]];
    for (const [demand, sites, seed, total, q] of cases) {
      const model = tinyModel(seed, demand, sites);
      const columnCap = new Int32Array(model.columnCount).fill(2);
      const columnMin = new Int32Array(model.columnCount);
      const all = placements(model, total, q, columnCap, columnMin);
      const { best, worst } = extremes(all);
      const placement = { total, busyFraction: q, columnCap, columnMin, start: worst.counts };
      const result = await branchAndBoundExpectedCovering(model, placement, new WorkBudget(), { maxNodes: 10_000 });
      expect(result.optimal).toBe(true);
      expect(reducedExpectedCover(model, result.counts, q)).toBeCloseTo(best.value, 9);
      expect(result.bound).toBeGreaterThanOrEqual(best.value - 1e-9);
      if (result.nodes > 1) branched++;
      // One node: the root's bound, never below the optimum; the best placement at least the start.
      const root = await branchAndBoundExpectedCovering(model, placement, new WorkBudget(), { maxNodes: 1 });
      expect(root.bound).toBeGreaterThanOrEqual(best.value - 1e-9);
      expect(reducedExpectedCover(model, root.counts, q)).toBeGreaterThanOrEqual(worst.value);
      expect(reducedExpectedCover(model, root.counts, q)).toBeLessThanOrEqual(root.bound + 1e-9);
      if (!root.optimal) {
        cut++;
        expect(root.bound).toBeGreaterThan(reducedExpectedCover(model, root.counts, q));
      }
      // Out of work before the root: the start, and no proof.
      const none = await branchAndBoundExpectedCovering(model, placement, new WorkBudget({ workLimit: 0 }), { maxNodes: 100 });
      expect(none.optimal).toBe(reducedExpectedCover(model, none.counts, q) === none.bound);
      expect(none.bound).toBeGreaterThanOrEqual(best.value - 1e-9);
      expect(Array.from(none.counts)).toEqual(Array.from(worst.counts));
      // Out of work within a node's LP: that node's bound stays in the answer.
      for (const workLimit of [300, 1_000, 3_000, 10_000]) {
        const stopped = await branchAndBoundExpectedCovering(model, placement, new WorkBudget({ workLimit }), { maxNodes: 100 });
        expect(stopped.bound).toBeGreaterThanOrEqual(best.value - 1e-9);
        if (stopped.optimal) expect(reducedExpectedCover(model, stopped.counts, q)).toBeCloseTo(best.value, 9);
        if (!Number.isFinite(stopped.bound)) stoppedInLp++;
      }
    }
    // Both a tree and a cut tree are exercised.
    expect(branched).toBeGreaterThan(0);
    expect(cut).toBeGreaterThan(0);
    expect(stoppedInLp).toBeGreaterThan(0);
  });

  it('leaves a model whose layered LP would pass 200,000 layer columns to the MILP, untouched', async () => {
    // 2,001 rows each reached by the one column, 100 aircraft: 200,100 layers.
    const rowCount = 2001;
    const model = { rowCount, columnCount: 1, rowOffsets: Uint32Array.from({ length: rowCount + 1 }, (_, r) => r), rowColumns: new Uint32Array(rowCount), rowWeights: new Float64Array(rowCount).fill(1) };
    const start = Int32Array.of(100);
    const result = await branchAndBoundExpectedCovering(model, { total: 100, busyFraction: 0.5, columnCap: Int32Array.of(100), columnMin: Int32Array.of(0), start }, new WorkBudget(), { maxNodes: 10 });
    expect(result).toMatchObject({ optimal: false, bound: Infinity, nodes: 0 });
    expect(Array.from(result.counts)).toEqual([100]);
  });
});
