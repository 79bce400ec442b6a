import { describe, expect, it } from 'vitest';
import { sitingProblemFromMatrix } from '../../../src/models/sitingProblemFromMatrix.js';
import { reduceCovering, type ReducedCovering } from '../../../src/solvers/covering/reduceCovering.js';
import { reducedExpectedCover, solveExpectedCoveringMilp } from '../../../src/solvers/covering/expectedCoveringMilp.js';
import { WorkBudget } from '../../../src/solvers/kernel/workBudget.js';
import { boxMinutes } from '../tinyProblems.js';

const STANDARD = 45;

/** A tiny random instance, reduced as solveExpectedCovering reduces it (no dominance). */
function tinyModel(seed: number, demandCount: number, siteCount: number): ReducedCovering {
  const { minutes, random } = boxMinutes(seed, demandCount, siteCount);
  const demandWeights = minutes.map(() => random.int(1, 20));
  return reduceCovering(sitingProblemFromMatrix(minutes, { demandWeights }), STANDARD, { dominance: 'none', removeFixedCover: false });
}

/** The best Σ w (1 − q^k) over every placement of `total` aircraft within the caps (brute force). */
function bruteForce(model: ReducedCovering, total: number, q: number, caps: Int32Array): number {
  const counts = new Int32Array(model.columnCount);
  let best = -Infinity;
  const visit = (c: number, left: number) => {
    if (c === model.columnCount) {
      best = Math.max(best, reducedExpectedCover(model, counts, q));
      return;
    }
    for (let k = 0; k <= Math.min(caps[c], left); k++) {
      counts[c] = k;
      visit(c + 1, left - k);
    }
    counts[c] = 0;
  };
  visit(0, total);
  return best;
}

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
