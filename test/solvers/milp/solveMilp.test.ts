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

describe('solveMilp with lpFirst', () => {
  /** max Σ w_r y_r: y_r ≤ Σ_{s covers r} x_s, Σ x_s = p, x binary, y in [0, 1]; the optimum by enumeration. */
  function randomCovering(seed: number) {
    const random = createRandom(seed);
    const sites = 6;
    const rows = 9;
    const p = 1 + random.int(0, 3);
    const weights = Float64Array.from({ length: rows }, () => 1 + random.int(0, 20));
    const covers = Array.from({ length: rows }, () => Array.from({ length: sites }, (_, s) => s).filter(() => random.float() < 0.35));
    const offsets = [0];
    const columns: number[] = [];
    const values: number[] = [];
    covers.forEach((list, r) => {
      columns.push(sites + r);
      values.push(1);
      for (const s of list) {
        columns.push(s);
        values.push(-1);
      }
      offsets.push(columns.length);
    });
    for (let s = 0; s < sites; s++) {
      columns.push(s);
      values.push(1);
    }
    offsets.push(columns.length);
    const model = {
      sense: 'maximize' as const,
      columnCosts: Float64Array.from([...new Array<number>(sites).fill(0), ...weights]),
      columnLower: new Float64Array(sites + rows),
      columnUpper: new Float64Array(sites + rows).fill(1),
      integer: Uint8Array.from({ length: sites + rows }, (_, j) => (j < sites ? 1 : 0)),
      rowLower: Float64Array.from([...new Array<number>(rows).fill(-Infinity), p]),
      rowUpper: Float64Array.from([...new Array<number>(rows).fill(0), p]),
      rowOffsets: Int32Array.from(offsets),
      rowColumns: Int32Array.from(columns),
      rowValues: Float64Array.from(values),
    };
    const valueOf = (open: number[]) => covers.reduce((total, list, r) => total + (list.some((s) => open.includes(s)) ? weights[r] : 0), 0);
    let best = 0;
    for (let mask = 0; mask < 2 ** sites; mask++) {
      const open = Array.from({ length: sites }, (_, s) => s).filter((s) => (mask >> s) & 1);
      if (open.length === p) best = Math.max(best, valueOf(open));
    }
    // A start: p random sites, each row covered or not.
    const order = Array.from({ length: sites }, (_, s) => s);
    for (let k = sites - 1; k > 0; k--) {
      const other = random.int(0, k);
      [order[k], order[other]] = [order[other], order[k]];
    }
    const open = order.slice(0, p);
    const start = new Float64Array(sites + rows);
    for (const s of open) start[s] = 1;
    covers.forEach((list, r) => (start[sites + r] = list.some((s) => open.includes(s)) ? 1 : 0));
    return { model, best, start, startValue: valueOf(open) };
  }

  it('proves the enumerated optimum on random covering models, by the LP when it meets an answer and by the MIP when not', async () => {
    const paths = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      const { model, best, start, startValue } = randomCovering(seed);
      const plain = await solveMilp(model, { initialSolution: start });
      const first = await solveMilp(model, { initialSolution: start, lpFirst: true });
      expect(first.status).toBe('optimal');
      expect(first.objective).toBeCloseTo(best, 9);
      // The LP by the primal simplex proves the same optimum (by the LP or the MIP after it).
      const primal = await solveMilp(model, { initialSolution: start, lpFirst: true, primalSimplex: true });
      expect(primal.status).toBe('optimal');
      expect(primal.objective).toBeCloseTo(best, 9);
      expect(primal.bound).toBeLessThanOrEqual(best + 1e-6);
      // And the relaxation alone: the same LP optimum by either simplex, with row duals.
      const relaxed = { ...model, integer: new Uint8Array(model.integer.length) };
      const [dualLp, primalLp] = [await solveMilp(relaxed), await solveMilp(relaxed, { primalSimplex: true })];
      expect(primalLp.status).toBe('optimal');
      expect(primalLp.objective).toBeCloseTo(dualLp.objective, 9);
      expect(primalLp.rowDuals).not.toBeNull();
      expect(plain.objective).toBeCloseTo(best, 9);
      expect(first.bound).toBeGreaterThanOrEqual(first.objective - 1e-9);
      expect(first.bound).toBeLessThanOrEqual(best + 1e-6);
      if (first.highsStatus === 'lpRelaxationOptimal') {
        expect(first.nodeCount).toBe(0);
        paths.add(startValue === best ? 'lp-start' : 'lp-point');
      } else paths.add('mip');
      // The answer is a MIP answer: binary sites, p of them, rows covered only by open sites.
      const x = first.columnValues!;
      expect(Array.from(x.subarray(0, 6)).every((v) => v === 0 || v === 1)).toBe(true);
      expect(x.subarray(0, 6).reduce((a, v) => a + v, 0)).toBe(model.rowLower[model.rowLower.length - 1]);
    }
    // Each path was taken at least once: the start proven, the LP's own integral point, the MIP.
    expect([...paths].sort()).toEqual(['lp-point', 'lp-start', 'mip']);
  });

  it('runs the MIP when the LP is fractional (a knapsack) and charges both to the budget', async () => {
    const model = {
      sense: 'maximize' as const,
      columnCosts: Float64Array.of(5, 4, 3),
      // LP: b, then half of a (6.5); the best answer is a alone (5).
      columnLower: new Float64Array(3),
      columnUpper: new Float64Array(3).fill(1),
      integer: new Uint8Array(3).fill(1),
      rowLower: Float64Array.of(-Infinity),
      rowUpper: Float64Array.of(5),
      rowOffsets: Int32Array.of(0, 3),
      rowColumns: Int32Array.of(0, 1, 2),
      rowValues: Float64Array.of(4, 3, 3),
    };
    const start = Float64Array.of(1, 0, 0);
    const plain = await solveMilp(model, { initialSolution: start });
    const first = await solveMilp(model, { initialSolution: start, lpFirst: true });
    expect(first.status).toBe('optimal');
    expect(first.objective).toBe(5);
    expect(first.highsStatus).not.toBe('lpRelaxationOptimal');
    expect(first.iterationCount).toBeGreaterThan(plain.iterationCount);
    expect(first.work).toBe(first.iterationCount * 4 + first.nodeCount * 20 * 4);
  });

  it('never takes an infeasible start as proven', async () => {
    const model = {
      sense: 'maximize' as const,
      columnCosts: Float64Array.of(1, 1),
      columnLower: new Float64Array(2),
      columnUpper: new Float64Array(2).fill(1),
      integer: new Uint8Array(2).fill(1),
      rowLower: Float64Array.of(-Infinity),
      rowUpper: Float64Array.of(1),
      rowOffsets: Int32Array.of(0, 2),
      rowColumns: Int32Array.of(0, 1),
      rowValues: Float64Array.of(1, 1),
    };
    const result = await solveMilp(model, { initialSolution: Float64Array.of(1, 1), lpFirst: true });
    expect(result.status).toBe('optimal');
    expect(result.objective).toBe(1);
    expect(Array.from(result.columnValues!).reduce((a, v) => a + v, 0)).toBe(1);
  });
});

describe('solveMilp: values HiGHS cannot take', () => {
  // max x + y, x + y ≤ 4 (or one changed value), 0 ≤ x, y ≤ 3.
  const model = (change: Partial<Record<'columnCosts' | 'columnUpper' | 'rowLower' | 'rowValues', Float64Array>> = {}) => ({
    sense: 'maximize' as const,
    columnCosts: Float64Array.of(1, 1),
    columnLower: new Float64Array(2),
    columnUpper: Float64Array.of(3, 3),
    integer: Uint8Array.of(1, 1),
    rowLower: Float64Array.of(-Infinity),
    rowUpper: Float64Array.of(4),
    rowOffsets: Int32Array.of(0, 2),
    rowColumns: Int32Array.of(0, 1),
    rowValues: Float64Array.of(1, 1),
    ...change,
  });

  it('solves with infinite bounds, and refuses (status unknown, valuesTooLarge) a finite value of 1e15 or more in size anywhere', async () => {
    const fine = await solveMilp(model({ columnUpper: Float64Array.of(Infinity, 3) }));
    expect(fine.status).toBe('optimal');
    expect(fine.objective).toBe(4);
    expect((await solveMilp(model({ rowValues: Float64Array.of(1, 1e15 - 1) }))).highsStatus).not.toBe('valuesTooLarge');
    for (const change of [{ rowValues: Float64Array.of(1, 1e15) }, { rowValues: Float64Array.of(-2e15, 1) }, { columnCosts: Float64Array.of(1, -1e15) }, { columnUpper: Float64Array.of(3, 1e18) }, { rowLower: Float64Array.of(-1e16) }]) {
      const refused = await solveMilp(model(change));
      expect(refused.status).toBe('unknown');
      expect(refused.highsStatus).toBe('valuesTooLarge');
    }
  });
});

describe('solveMilp on a model without columns', () => {
  const empty = (rowLower: number[], rowUpper: number[], offset?: number) => ({
    sense: 'maximize' as const,
    columnCosts: new Float64Array(0),
    columnLower: new Float64Array(0),
    columnUpper: new Float64Array(0),
    integer: new Uint8Array(0),
    rowLower: Float64Array.from(rowLower),
    rowUpper: Float64Array.from(rowUpper),
    rowOffsets: new Int32Array(rowLower.length + 1),
    rowColumns: new Int32Array(0),
    rowValues: new Float64Array(0),
    ...(offset !== undefined ? { offset } : {}),
  });

  it('is optimal at its offset when every row admits 0 (HiGHS called it "empty", with no status)', async () => {
    const result = await solveMilp(empty([-1e-7, 0], [Infinity, 2], 4));
    expect(result).toMatchObject({ status: 'optimal', objective: 4, bound: 4, gap: 0 });
    expect(result.columnValues).toEqual(new Float64Array(0));
  });

  it('is infeasible when a row excludes 0', async () => {
    const result = await solveMilp(empty([1], [Infinity]));
    expect(result.status).toBe('infeasible');
    expect(result.columnValues).toBeNull();
  });
});
