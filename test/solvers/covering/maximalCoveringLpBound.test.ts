import { describe, expect, it } from 'vitest';
import { evaluateMaximalCovering } from '../../../src/models/maximalCovering.js';
import { sitingProblemFromMatrix } from '../../../src/models/sitingProblemFromMatrix.js';
import type { SitingProblem } from '../../../src/models/sitingProblem.js';
import { lagrangianMaximalCovering } from '../../../src/solvers/covering/lagrangianMaximalCovering.js';
import { maximalCoveringLpBound } from '../../../src/solvers/covering/maximalCoveringLpBound.js';
import { reduceCovering } from '../../../src/solvers/covering/reduceCovering.js';
import type { ReducedCovering } from '../../../src/solvers/covering/reduceCovering.js';
import { solveMaximalCovering } from '../../../src/solvers/covering/solveMaximalCovering.js';
import { solveMilp } from '../../../src/solvers/milp/solveMilp.js';
import { boxMinutes, randomCompleteProblem, subsets } from '../tinyProblems.js';

const STANDARD = 30;

/** Points in a 100 × 100 box, minutes = distance, fractional weights (no integer rounding). */
function geometricProblem(seed: number, demandCount: number, siteCount: number): SitingProblem {
  const { minutes, random } = boxMinutes(seed, demandCount, siteCount);
  return sitingProblemFromMatrix(minutes, { demandWeights: minutes.map(() => 0.5 + 10 * random.float() ** 2) });
}

/** The primal LP relaxation, built independently of the dual the solver uses. */
async function primalLp(model: ReducedCovering, count: number): Promise<number> {
  const { rowCount, columnCount, rowOffsets, rowColumns, rowWeights } = model;
  const n = columnCount + rowCount;
  const columnCosts = new Float64Array(n);
  for (let r = 0; r < rowCount; r++) columnCosts[columnCount + r] = rowWeights[r];
  const offsets = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < rowCount; r++) {
    for (let k = rowOffsets[r]; k < rowOffsets[r + 1]; k++) {
      indices.push(rowColumns[k]);
      values.push(-1);
    }
    indices.push(columnCount + r);
    values.push(1);
    offsets.push(indices.length);
  }
  for (let c = 0; c < columnCount; c++) {
    indices.push(c);
    values.push(1);
  }
  offsets.push(indices.length);
  const rowLower = new Float64Array(rowCount + 1).fill(-Infinity);
  const rowUpper = new Float64Array(rowCount + 1);
  rowLower[rowCount] = rowUpper[rowCount] = count;
  const result = await solveMilp({
    sense: 'maximize', columnCosts, columnLower: new Float64Array(n), columnUpper: new Float64Array(n).fill(1), integer: new Uint8Array(n),
    rowLower, rowUpper, rowOffsets: Int32Array.from(offsets), rowColumns: Int32Array.from(indices), rowValues: Float64Array.from(values),
  });
  expect(result.status).toBe('optimal');
  return result.objective;
}

function bruteForce(problem: SitingProblem, p: number, standardMinutes: number): number {
  let best = -1;
  for (const set of subsets(problem.siteCount, p)) best = Math.max(best, evaluateMaximalCovering(problem, set, { standardMinutes }).objective);
  return best;
}

describe('maximalCoveringLpBound', () => {
  it('its multipliers reach the primal LP bound, which caps the brute-force optimum', async () => {
    for (let seed = 1; seed <= 8; seed++) {
      const problem = seed % 2 === 0 ? geometricProblem(seed, 40, 10) : randomCompleteProblem(seed, 30, 10);
      const standardMinutes = seed % 2 === 0 ? STANDARD : 20;
      const model = reduceCovering(problem, standardMinutes, { dominance: 'count' });
      for (const p of [2, 3]) {
        if (p >= model.columnCount) continue;
        const lp = await primalLp(model, p);
        const dual = await maximalCoveringLpBound(model, p);
        expect(dual.status).toBe('optimal');
        expect(dual.lpValue).toBeCloseTo(lp, 6);
        // L(λ) evaluated exactly at the dual's multipliers: a valid bound, equal to the LP's.
        const lagrangian = lagrangianMaximalCovering(model, p, 0, { lambda: dual.lambda!, maxIterations: 1 });
        expect(lagrangian.bound).toBeCloseTo(lp, 6);
        expect(lagrangian.bound).toBeGreaterThanOrEqual(bruteForce(problem, p, standardMinutes) - 1e-9);
      }
    }
  });

  it('a stalled subgradient run stops early and still returns a valid bound', () => {
    const problem = randomCompleteProblem(7, 30, 10);
    const model = reduceCovering(problem, 20, { dominance: 'count' });
    const best = bruteForce(problem, 3, 20);
    // Incumbent 0: the gap is 100 %, far above the 1 % allowed after 4 steps.
    const stalled = lagrangianMaximalCovering(model, 3, 0, { maxIterations: 200, stall: { iterations: 4, gap: 0.01 } });
    expect(stalled.iterations).toBe(4);
    expect(stalled.bound).toBeGreaterThanOrEqual(best);
    const full = lagrangianMaximalCovering(model, 3, 0, { maxIterations: 200 });
    expect(full.iterations).toBeGreaterThan(4);
    expect(full.bound).toBeLessThanOrEqual(stalled.bound);
  });

  it('solveMaximalCovering through the LP bound and branch-and-bound alone (no MILP) matches brute force', async () => {
    let branched = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const problem = seed % 2 === 0 ? geometricProblem(50 + seed, 36, 11) : randomCompleteProblem(50 + seed, 30, 11);
      const standardMinutes = seed % 2 === 0 ? STANDARD : 15;
      for (const p of [2, 3, 4]) {
        const best = bruteForce(problem, p, standardMinutes);
        // No subgradient phase and no random starts: the LP and the tree must do the proving.
        const result = await solveMaximalCovering(problem, { standardMinutes, siteCount: p, lagrangianWork: 0, starts: 0, exact: false });
        expect(result.status).toBe('optimal');
        expect(result.objective).toBeCloseTo(best, 9);
        expect(result.bound).toBeCloseTo(best, 9);
        if (result.solver?.includes('+lp') && Number(result.details?.branchAndBoundNodes) > 1) branched++;
      }
    }
    // The instances are meant to have LP gaps: the tree has to branch on some of them.
    expect(branched).toBeGreaterThan(0);
  });

  it('with a target gap the answer is within it of brute force, and its bound is honest', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const problem = randomCompleteProblem(80 + seed, 30, 11);
      for (const p of [2, 3, 4]) {
        const best = bruteForce(problem, p, 15);
        const targetGap = 0.05;
        const result = await solveMaximalCovering(problem, { standardMinutes: 15, siteCount: p, lagrangianWork: 0, starts: 0, exact: false, targetGap });
        expect(result.objective).toBeLessThanOrEqual(best);
        expect(result.bound).toBeGreaterThanOrEqual(best - 1e-9);
        expect(result.gap).toBeLessThanOrEqual(targetGap + 1e-12);
        expect(result.gap).toBeCloseTo((result.bound - result.objective) / result.objective, 12);
        if (result.status === 'optimal') expect(result.objective).toBe(best);
      }
    }
  });
});
