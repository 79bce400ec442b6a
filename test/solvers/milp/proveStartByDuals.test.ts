import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/random.js';
import { MilpBuilder } from '../../../src/solvers/milp/milpBuilder.js';
import { proveStartByDuals } from '../../../src/solvers/milp/proveStartByDuals.js';
import { isMipFeasible, solveMilp, type MilpModel } from '../../../src/solvers/milp/solveMilp.js';

/**
 * A tiny maximal covering MIP (x_j binary, y_i ∈ [0, 1], y_i ≤ Σ_{j∈N_i} x_j, Σ x_j = p), in
 * the given sense (a minimisation of −weights), with every binary point enumerable.
 */
function tinyCovering(seed: number, sense: 'maximize' | 'minimize') {
  const random = createRandom(seed);
  const sites = 5;
  const rows = 7;
  const p = 1 + (seed % 3);
  const lists = Array.from({ length: rows }, () => {
    const list = [0, 1, 2, 3, 4].filter(() => random.float() < 0.35);
    return list.length > 0 ? list : [random.int(0, sites - 1)];
  });
  const weights = lists.map(() => random.int(1, 9));
  const builder = new MilpBuilder(sense);
  for (let j = 0; j < sites; j++) builder.addColumn(0, 0, 1, true);
  for (let i = 0; i < rows; i++) builder.addColumn(sense === 'maximize' ? weights[i] : -weights[i], 0, 1);
  lists.forEach((list, i) => {
    builder.entry(sites + i, 1);
    for (const j of list) builder.entry(j, -1);
    builder.endRow(-Infinity, 0);
  });
  for (let j = 0; j < sites; j++) builder.entry(j, 1);
  builder.endRow(p, p);
  const model = builder.build();
  // Every choice of p sites, as a full point (y_i = 1 where covered).
  const points: Float64Array[] = [];
  for (let mask = 0; mask < 1 << sites; mask++) {
    const chosen = [0, 1, 2, 3, 4].filter((j) => mask & (1 << j));
    if (chosen.length !== p) continue;
    const x = new Float64Array(sites + rows);
    for (const j of chosen) x[j] = 1;
    lists.forEach((list, i) => (x[sites + i] = list.some((j) => chosen.includes(j)) ? 1 : 0));
    points.push(x);
  }
  return { model, points };
}

const value = (model: MilpModel, x: Float64Array) => model.columnCosts.reduce((total, c, j) => total + c * x[j], 0);

describe('proveStartByDuals', () => {
  it('proves a start exactly when it meets the LP optimum, and its bound always bounds the LP (tiny covering MIPs, both senses)', async () => {
    let proved = 0;
    let refused = 0;
    for (let seed = 1; seed <= 24; seed++) {
      const sense = seed % 2 === 0 ? 'maximize' : 'minimize';
      const { model, points } = tinyCovering(seed, sense);
      const lp = await solveMilp({ ...model, integer: new Uint8Array(model.integer.length) });
      expect(lp.status).toBe('optimal');
      const better = (a: number, b: number) => (sense === 'maximize' ? a >= b : a <= b);
      for (const start of points) {
        const proof = await proveStartByDuals(model, start);
        const objective = value(model, start);
        expect(proof.objective).toBeCloseTo(objective, 12);
        const meetsLp = Math.abs(objective - lp.objective) <= 1e-7;
        expect(proof.proven).toBe(meetsLp);
        if (proof.proven) {
          proved++;
          expect(proof.bound).toBeCloseTo(objective, 9);
        } else {
          refused++;
        }
        // Any bound it gives is on the right side of the LP optimum (so of every answer).
        if (Number.isFinite(proof.bound)) expect(better(proof.bound + (sense === 'maximize' ? 1e-9 : -1e-9), lp.objective)).toBe(true);
      }
    }
    // Both ways taken: starts proven and starts refused.
    expect(proved).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
  });

  it('refuses a start that breaks a row, however good its objective', async () => {
    const { model, points } = tinyCovering(4, 'maximize');
    // Every y at 1 with the sites of the first point: rows it does not cover are broken.
    const start = Float64Array.from(points[0]);
    for (let j = 5; j < start.length; j++) start[j] = 1;
    expect(isMipFeasible(model, start)).toBe(false);
    const proof = await proveStartByDuals(model, start);
    expect(proof.proven).toBe(false);
  });
});
