import { describe, expect, it } from 'vitest';
import { evaluateDoubleStandard } from '../../../src/models/doubleStandard.js';
import { sitingProblemFromMatrix } from '../../../src/models/sitingProblemFromMatrix.js';
import { WorkBudget } from '../../../src/solvers/kernel/workBudget.js';
import { doubleStandardLpBound, type DoubleStandardRows } from '../../../src/solvers/planning/doubleStandardLpBound.js';
import { boxMinutes } from '../tinyProblems.js';
import { allocations, placement } from './allocations.js';

/** The rows of the bound, unreduced: one group per demand point's tight set, one loose row per reachable point. */
function rowsOf(minutes: number[][], weights: number[], upper: number[], tightMinutes: number, looseMinutes: number): DoubleStandardRows {
  const groups: number[][] = [];
  const groupWeights: number[] = [];
  const loose: number[][] = [];
  minutes.forEach((row, i) => {
    const tight = row.flatMap((v, s) => (v <= tightMinutes && upper[s] > 0 ? [s] : []));
    const reach = row.flatMap((v, s) => (v <= looseMinutes && upper[s] > 0 ? [s] : []));
    if (tight.length > 0) {
      groups.push(tight);
      groupWeights.push(weights[i]);
    }
    if (reach.length > 0) loose.push(reach);
  });
  const pack = (lists: number[][]) => {
    const offsets = new Uint32Array(lists.length + 1);
    lists.forEach((l, k) => (offsets[k + 1] = offsets[k] + l.length));
    return { offsets, flat: Uint32Array.from(lists.flat()) };
  };
  const g = pack(groups);
  const l = pack(loose);
  return { groupCount: groups.length, groupWeights: Float64Array.from(groupWeights), groupOffsets: g.offsets, groupSites: g.flat, looseOffsets: l.offsets, looseSites: l.flat };
}

describe('doubleStandardLpBound against brute force', () => {
  it('bounds the optimum from above whatever the start, with dominated sites closed, caps, fixed and forbidden sites and a tight share', async () => {
    let tight = 0;
    let closed = 0;
    for (let seed = 200; seed < 240; seed++) {
      const k = seed - 200;
      const { minutes, random } = boxMinutes(seed, 14, 6);
      const weights = minutes.map(() => random.int(0, 9) + random.int(0, 99) / 100);
      const problem = sitingProblemFromMatrix(minutes, { demandWeights: weights });
      const [onceWeight, twiceWeight] = [[1, 1], [0, 1], [2, 1], [0.5, 1], [1, 0]][k % 5];
      const caps = [0, 1, 2, 3, 4, 5].map((s) => [1, 2, 3][(s + k) % 3]);
      const lower = caps.map((_c, s) => (k % 3 === 0 && s === k % 6 ? 1 : 0));
      const upper = caps.map((c, s) => (k % 4 === 1 && s === (k + 2) % 6 ? 0 : c));
      const total = 2 + (k % 4);
      const tightShare = [0, 0, 0.4][k % 3];
      const tightMinutes = 30;
      const looseMinutes = 55 + (k % 2) * 15;
      const allowed = upper.flatMap((u, s) => (u > 0 ? [s] : []));
      const exempt = evaluateDoubleStandard(problem, allowed, { tightMinutes, looseMinutes }).looseMissCount;
      let best = -Infinity;
      const feasible: Int32Array[] = [];
      for (const counts of allocations(lower, upper, total, total)) {
        const { sites, counts: kept } = placement(counts);
        const e = evaluateDoubleStandard(problem, sites, { tightMinutes, looseMinutes, aircraftCounts: kept, onceWeight, twiceWeight });
        if (e.looseMissCount > exempt || e.tightShare < tightShare) continue;
        feasible.push(Int32Array.from(counts));
        best = Math.max(best, e.objective);
      }
      if (feasible.length === 0) continue;
      const rows = rowsOf(minutes, weights, upper, tightMinutes, looseMinutes);
      const totalWeight = weights.reduce((a, b) => a + b, 0);
      // The worst and the first feasible placements as starts: the bound may not depend on them.
      for (const start of [feasible[0], feasible[feasible.length - 1]]) {
        const result = await doubleStandardLpBound(
          { rows, lower: Int32Array.from(lower), upper: Int32Array.from(upper), total, onceWeight, twiceWeight, tightNeeded: tightShare * totalWeight * (1 - 1e-12), start },
          new WorkBudget({}),
        );
        expect(result.bound).toBeGreaterThanOrEqual(best - 1e-9 * Math.max(1, best));
        expect(result.bound).toBeLessThanOrEqual((onceWeight + twiceWeight) * totalWeight + 1e-9);
        if (result.bound <= best + 1e-9 * Math.max(1, best)) tight++;
        closed += result.closedSites;
        if (result.point) expect(result.point.reduce((a, b) => a + b, 0)).toBe(total);
      }
    }
    // The LP is often exact, and sites do get closed (the reductions under test run).
    expect(tight).toBeGreaterThan(10);
    expect(closed).toBeGreaterThan(0);
  });

  it('gives no bound (Infinity) when the budget stops the LP', async () => {
    const { minutes } = boxMinutes(7, 10, 5);
    const weights = minutes.map(() => 1);
    const upper = [2, 2, 2, 2, 2];
    const rows = rowsOf(minutes, weights, upper, 30, 200);
    const work = new WorkBudget({ workLimit: 1 });
    work.spend(1);
    const result = await doubleStandardLpBound({ rows, lower: new Int32Array(5), upper: Int32Array.from(upper), total: 3, onceWeight: 1, twiceWeight: 1, tightNeeded: 0, start: Int32Array.of(1, 1, 1, 0, 0) }, work);
    expect(result.bound).toBe(Infinity);
    expect(result.point).toBeNull();
  });
});
