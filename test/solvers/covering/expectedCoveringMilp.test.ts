import { describe, expect, it } from 'vitest';
import { fixByReducedCosts, reducedExpectedCover, solveExpectedCoveringMilp } from '../../../src/solvers/covering/expectedCoveringMilp.js';
import { createRandom } from '../../../src/random.js';
import { WorkBudget } from '../../../src/solvers/kernel/workBudget.js';
import { bruteForce, placements, tinyCase, tinyModel } from './expectedCoveringCases.js';

describe('solveExpectedCoveringMilp', () => {
  it('proves the brute-force optimum from a poor start, refining the folded layers where the answer covers a row more than the start did', async () => {
    let refined = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const model = tinyModel(500 + seed, 16, 7);
      const total = 3 + (seed % 3);
      const q = [0.05, 0.2, 0.5][seed % 3];
      const columnCap = new Int32Array(model.columnCount).fill(seed % 2 === 0 ? 2 : 3);
      const columnMin = new Int32Array(model.columnCount);
      // Every aircraft piled on the first column: most rows start with no cover, so their one explicit layer is too few at the optimum.
      const start = new Int32Array(model.columnCount);
      let left = total;
      for (let c = 0; c < model.columnCount && left > 0; c++) {
        start[c] = Math.min(columnCap[c], left);
        left -= start[c];
      }
      const result = await solveExpectedCoveringMilp(model, { total, busyFraction: q, columnCap, columnMin, start }, new WorkBudget());
      const best = bruteForce(model, total, q, columnCap);
      expect(result.optimal).toBe(true);
      expect(reducedExpectedCover(model, result.counts!, q)).toBeCloseTo(best, 9);
      expect(result.bound).toBeGreaterThanOrEqual(best - 1e-9);
      expect(result.counts!.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(total);
      result.counts!.forEach((k, c) => expect(k).toBeLessThanOrEqual(columnCap[c]));
      if (result.rounds > 1) refined++;
    }
    // The refinement is exercised, not only the first round.
    expect(refined).toBeGreaterThan(0);
  });

  it('keeps the start and a valid bound when the work budget is spent', async () => {
    const model = tinyModel(601, 16, 7);
    const columnCap = new Int32Array(model.columnCount).fill(2);
    const start = new Int32Array(model.columnCount);
    start[0] = 2;
    start[1] = 1;
    const result = await solveExpectedCoveringMilp(model, { total: 3, busyFraction: 0.2, columnCap, columnMin: new Int32Array(model.columnCount), start }, new WorkBudget({ workLimit: 0 }));
    expect(result.optimal).toBe(false);
    expect(result.counts === null || reducedExpectedCover(model, result.counts, 0.2) >= reducedExpectedCover(model, start, 0.2)).toBe(true);
  });
});

describe('solveExpectedCoveringMilp with reduced-cost fixing', () => {
  it('proves the brute-force optimum on tiny instances with twins, dominated, fixed and forbidden sites and caps per base, from the optimum and from a poor start', async () => {
    let fixedSome = 0;
    let provenByLp = 0;
    for (let seed = 1; seed <= 24; seed++) {
      const { model, columnCap, columnMin, total, q } = tinyCase(seed);
      const all = placements(model, total, q, columnCap, columnMin);
      const best = all.reduce((a, b) => (b.value > a.value ? b : a));
      // Even seeds start at the optimum (the strongest fixing), odd ones at the worst placement.
      const start = seed % 2 === 0 ? best.counts : all.reduce((a, b) => (b.value < a.value ? b : a)).counts;
      const result = await solveExpectedCoveringMilp(model, { total, busyFraction: q, columnCap, columnMin, start }, new WorkBudget());
      expect(result.optimal).toBe(true);
      expect(reducedExpectedCover(model, result.counts!, q)).toBeCloseTo(best.value, 9);
      expect(result.bound).toBeGreaterThanOrEqual(best.value - 1e-9);
      expect(result.bound).toBeLessThanOrEqual(best.value * (1 + 1e-9) + 1e-9);
      expect(result.counts!.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(total);
      result.counts!.forEach((k, c) => {
        expect(k).toBeLessThanOrEqual(columnCap[c]);
        expect(k).toBeGreaterThanOrEqual(columnMin[c]);
      });
      if (result.fixedColumns > 0 && result.rounds > 0) fixedSome++;
      if (result.rounds === 0) provenByLp++;
    }
    // Both paths are exercised: a MILP on the columns left, and a start the LP alone proves.
    expect(fixedSome).toBeGreaterThan(0);
    expect(provenByLp).toBeGreaterThan(0);
  });

  it('bounds every placement from any multipliers, and keeps every placement better than the incumbent within its limits', () => {
    const random = createRandom(77);
    let tightened = 0;
    for (let seed = 1; seed <= 16; seed++) {
      const { model, columnCap, columnMin, total, q } = tinyCase(seed);
      const all = placements(model, total, q, columnCap, columnMin);
      const best = Math.max(...all.map((p) => p.value));
      const placement = { total, busyFraction: q, columnCap, columnMin, start: all[0].counts };
      for (let trial = 0; trial < 12; trial++) {
        // Multipliers around the rows' first-layer values, some zero.
        const rows = Float64Array.from(model.rowWeights, (w) => (random.int(0, 3) === 0 ? 0 : random.float() * w * (1 - q)));
        const duals = { rows, total: random.int(0, 2) === 0 ? 0 : random.float() * 10 };
        const incumbent = all[random.int(0, all.length - 1)].value;
        const fixing = fixByReducedCosts(model, placement, duals, incumbent);
        expect(fixing.bound).toBeGreaterThanOrEqual(best - 1e-9);
        for (const p of all) {
          if (p.value <= incumbent) continue;
          p.counts.forEach((k, c) => {
            expect(k).toBeGreaterThanOrEqual(fixing.lower[c]);
            expect(k).toBeLessThanOrEqual(fixing.upper[c]);
          });
        }
        fixing.lower.forEach((v, c) => {
          if (v > columnMin[c] || fixing.upper[c] < columnCap[c]) tightened++;
        });
      }
    }
    expect(tightened).toBeGreaterThan(0);
  });
});
