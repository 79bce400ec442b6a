import { describe, expect, it } from 'vitest';
import { MilpBuilder } from '../../../src/solvers/milp/milpBuilder.js';
import { solveMilp } from '../../../src/solvers/milp/solveMilp.js';

describe('MilpBuilder', () => {
  it('assembles the same CSR model as written by hand, and HiGHS solves it to the optimum found by enumeration', async () => {
    // max x + y, x + 2y ≤ 4, 3x + y ≤ 6, 0 ≤ x, y ≤ 10 integer: enumeration gives 2 (e.g. x = 2, y = 0 or x = 1, y = 1).
    const builder = new MilpBuilder('maximize', { columns: 1, rows: 1, entries: 1 });
    const x = builder.addColumn(1, 0, 10, true);
    const y = builder.addColumn(1, 0, 10, true);
    builder.entry(x, 1).entry(y, 2).endRow(-Infinity, 4);
    builder.entry(x, 3).entry(y, 1).endRow(-Infinity, 6);
    const model = builder.build();
    expect(Array.from(model.rowOffsets)).toEqual([0, 2, 4]);
    expect(Array.from(model.rowColumns)).toEqual([0, 1, 0, 1]);
    expect(Array.from(model.rowValues)).toEqual([1, 2, 3, 1]);
    let best = -Infinity;
    for (let a = 0; a <= 10; a++) for (let b = 0; b <= 10; b++) if (a + 2 * b <= 4 && 3 * a + b <= 6) best = Math.max(best, a + b);
    const result = await solveMilp(model);
    expect(result).toMatchObject({ status: 'optimal', objective: best });
  });

  it('grows past its first sizes and keeps an objective constant', () => {
    const builder = new MilpBuilder('minimize', { columns: 1, rows: 1, entries: 1 });
    const first = builder.addColumns(50, 2, 0, 1, true);
    for (let r = 0; r < 30; r++) {
      for (let c = 0; c < 50; c += 7) builder.entry(first + c, r + c);
      builder.endRow(1, Infinity);
    }
    builder.addOffset(5).setCost(3, 9).setBounds(4, 1, 1);
    const model = builder.build();
    expect(model.columnCosts.length).toBe(50);
    expect(model.columnCosts[3]).toBe(9);
    expect([model.columnLower[4], model.columnUpper[4]]).toEqual([1, 1]);
    expect(model.rowLower.length).toBe(30);
    expect(model.rowOffsets[30]).toBe(30 * 8);
    expect(model.offset).toBe(5);
  });

  it('HiGHS stops on the work budget at the same checkpoint every time (a MIP interrupted, not timed out)', async () => {
    // A random knapsack-like MIP that takes many nodes to prove.
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const builder = new MilpBuilder('maximize');
    const n = 60;
    for (let j = 0; j < n; j++) builder.addColumn(Math.round(random() * 90) + 10, 0, 1, true);
    for (let r = 0; r < 8; r++) {
      for (let j = 0; j < n; j++) builder.entry(j, Math.round(random() * 40) + 1);
      builder.endRow(-Infinity, 200);
    }
    const model = builder.build();
    const runs = await Promise.all([0, 1, 2].map(() => solveMilp(model, { workLimit: 30_000 })));
    for (const run of runs) {
      expect(run.interrupted).toBe(true);
      expect([run.objective, run.bound, run.nodeCount, run.iterationCount, run.work]).toEqual([runs[0].objective, runs[0].bound, runs[0].nodeCount, runs[0].iterationCount, runs[0].work]);
    }
  });
});
