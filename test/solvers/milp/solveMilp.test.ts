import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/random.js';
import { WorkBudget } from '../../../src/solvers/kernel/workBudget.js';
import { openLpSession, solveMilp } from '../../../src/solvers/milp/solveMilp.js';
describe('openLpSession', () => {
  it('re-solves after bound and cost changes exactly as a fresh solveMilp of the changed model', async () => {
    const random = createRandom(3);
    // max Σ c_j x_j, rows Σ a_ij x_j ≤ b_i, 0 ≤ x ≤ u: random dense LPs.
    const n = 6;
    const m = 4;
    const offsets = Int32Array.from({ length: m + 1 }, (_, i) => i * n);
    const columns = Int32Array.from({ length: m * n }, (_, k) => k % n);
    const values = Float64Array.from({ length: m * n }, () => 1 + random.float() * 4);
    const base = {
      sense: 'maximize' as const,
      columnCosts: Float64Array.from({ length: n }, () => random.float() * 10),
      columnLower: new Float64Array(n),
      columnUpper: new Float64Array(n).fill(3),
      integer: new Uint8Array(n),
      rowLower: new Float64Array(m).fill(-Infinity),
      rowUpper: Float64Array.from({ length: m }, () => 5 + random.float() * 10),
      rowOffsets: offsets,
      rowColumns: columns,
      rowValues: values,
    };
    const session = await openLpSession(base);
    try {
      for (let trial = 0; trial < 6; trial++) {
        const columnUpper = Float64Array.from({ length: n }, () => (random.float() < 0.3 ? 0 : 3));
        const rowUpper = Float64Array.from({ length: m }, () => 5 + random.float() * 10);
        const cost = random.float() * 10;
        session.setColumnBounds(base.columnLower, columnUpper);
        session.setRowBounds(base.rowLower, rowUpper);
        session.setColumnCost(trial % n, cost);
        const warm = session.solve(new WorkBudget());
        base.columnCosts[trial % n] = cost;
        const fresh = await solveMilp({ ...base, columnUpper, rowUpper });
        expect(warm.status).toBe('optimal');
        expect(warm.objective).toBeCloseTo(fresh.objective, 7);
        expect(warm.rowDuals?.length).toBe(m);
      }
    } finally {
      session.dispose();
    }
  });

  it('a basis taken after a solve and installed again restarts there: no iteration to re-solve, the same optimum', async () => {
    const random = createRandom(5);
    const n = 8;
    const m = 5;
    const base = {
      sense: 'maximize' as const,
      columnCosts: Float64Array.from({ length: n }, () => 1 + random.float() * 10),
      columnLower: new Float64Array(n),
      columnUpper: new Float64Array(n).fill(2),
      integer: new Uint8Array(n),
      rowLower: new Float64Array(m).fill(-Infinity),
      rowUpper: Float64Array.from({ length: m }, () => 5 + random.float() * 10),
      rowOffsets: Int32Array.from({ length: m + 1 }, (_, i) => i * n),
      rowColumns: Int32Array.from({ length: m * n }, (_, k) => k % n),
      rowValues: Float64Array.from({ length: m * n }, () => 1 + random.float() * 4),
    };
    const session = await openLpSession(base);
    try {
      const first = session.solve(new WorkBudget());
      const basis = session.getBasis();
      expect(basis.columnStatus.length).toBe(n);
      expect(basis.rowStatus.length).toBe(m);
      // Somewhere else: a changed LP moves the basis away.
      session.setColumnBounds(base.columnLower, Float64Array.from({ length: n }, (_, j) => (j % 2 === 0 ? 0 : 2)));
      const moved = session.solve(new WorkBudget());
      expect(moved.objective).not.toBeCloseTo(first.objective, 6);
      session.setColumnBounds(base.columnLower, base.columnUpper);
      session.setBasis(basis);
      const again = session.solve(new WorkBudget());
      expect(again.status).toBe('optimal');
      expect(again.objective).toBeCloseTo(first.objective, 9);
      expect(again.iterationCount).toBe(0);
    } finally {
      session.dispose();
    }
  });

  it('refuses integer columns', async () => {
    await expect(
      openLpSession({
        sense: 'minimize', columnCosts: Float64Array.of(1), columnLower: Float64Array.of(0), columnUpper: Float64Array.of(1), integer: Uint8Array.of(1),
        rowLower: new Float64Array(0), rowUpper: new Float64Array(0), rowOffsets: Int32Array.of(0), rowColumns: new Int32Array(0), rowValues: new Float64Array(0),
      }),
    ).rejects.toThrow(/integer/);
  });
});

describe('solveMilp without MIP restarts', () => {
  it('proves the same optimum as with them, found by enumeration, on random integer knapsack systems', async () => {
    const random = createRandom(11);
    for (let trial = 0; trial < 8; trial++) {
      // max Σ c_j x_j, two rows Σ a_ij x_j ≤ b_i, x_j ∈ {0, 1, 2}.
      const n = 5;
      const costs = Float64Array.from({ length: n }, () => 1 + random.int(0, 9));
      const a = Float64Array.from({ length: 2 * n }, () => 1 + random.int(0, 6));
      const b = Float64Array.from({ length: 2 }, () => 6 + random.int(0, 10));
      const model = {
        sense: 'maximize' as const,
        columnCosts: costs,
        columnLower: new Float64Array(n),
        columnUpper: new Float64Array(n).fill(2),
        integer: new Uint8Array(n).fill(1),
        rowLower: new Float64Array(2).fill(-Infinity),
        rowUpper: b,
        rowOffsets: Int32Array.of(0, n, 2 * n),
        rowColumns: Int32Array.from({ length: 2 * n }, (_, k) => k % n),
        rowValues: a,
      };
      let best = 0;
      for (let code = 0; code < 3 ** n; code++) {
        const x = Array.from({ length: n }, (_, j) => Math.floor(code / 3 ** j) % 3);
        const fits = [0, 1].every((i) => x.reduce((s, v, j) => s + v * a[i * n + j], 0) <= b[i]);
        if (fits) best = Math.max(best, x.reduce((s, v, j) => s + v * costs[j], 0));
      }
      const plain = await solveMilp(model);
      const noRestart = await solveMilp(model, { restart: false });
      expect(noRestart.status).toBe('optimal');
      expect(noRestart.objective).toBeCloseTo(best, 9);
      expect(plain.objective).toBeCloseTo(best, 9);
    }
  });
});
