import { sitingProblemFromMatrix } from '../../../src/models/sitingProblemFromMatrix.js';
import { reduceCovering, type ReducedCovering } from '../../../src/solvers/covering/reduceCovering.js';
import { reducedExpectedCover } from '../../../src/solvers/covering/expectedCoveringMilp.js';
import { createRandom } from '../../../src/random.js';
import { boxMinutes } from '../tinyProblems.js';

/** Tiny expected covering instances and their brute force, shared by the MILP's and the branch and bound's tests. */

const STANDARD = 45;

/** A tiny random instance, reduced as solveExpectedCovering reduces it (no dominance). */
export function tinyModel(seed: number, demandCount: number, siteCount: number): ReducedCovering {
  const { minutes, random } = boxMinutes(seed, demandCount, siteCount);
  const demandWeights = minutes.map(() => random.int(1, 20));
  return reduceCovering(sitingProblemFromMatrix(minutes, { demandWeights }), STANDARD, { dominance: 'none', removeFixedCover: false });
}

/** Every placement of at most `total` aircraft within [mins, caps] per column, with its value. */
export function placements(model: ReducedCovering, total: number, q: number, caps: Int32Array, mins: Int32Array = new Int32Array(model.columnCount)): { counts: Int32Array; value: number }[] {
  const counts = new Int32Array(model.columnCount);
  const all: { counts: Int32Array; value: number }[] = [];
  const visit = (c: number, left: number) => {
    if (c === model.columnCount) {
      all.push({ counts: Int32Array.from(counts), value: reducedExpectedCover(model, counts, q) });
      return;
    }
    for (let k = mins[c]; k <= Math.min(caps[c], left); k++) {
      counts[c] = k;
      visit(c + 1, left - k);
    }
    counts[c] = 0;
  };
  visit(0, total);
  return all;
}

/** The best Σ w (1 − q^k) over every placement of `total` aircraft within the caps (brute force). */
export function bruteForce(model: ReducedCovering, total: number, q: number, caps: Int32Array, mins?: Int32Array): number {
  return Math.max(...placements(model, total, q, caps, mins).map((p) => p.value));
}

/**
 * A tiny instance with the cases the reductions must respect: twin sites (equal cover sets), a
 * site dominated by another (a cover set inside another's, made by a larger reach), a fixed
 * site (at least one aircraft), a forbidden one (cap 0) and caps from 1 to 3 per base.
 */
export function tinyCase(seed: number) {
  const random = createRandom(9000 + seed);
  const { minutes } = boxMinutes(9000 + seed, 14, 5);
  // Site 5 twins site 0; site 6 reaches a little less than site 1 (dominated by it).
  for (const row of minutes) row.push(row[0], row[1] + 8);
  const demandWeights = minutes.map(() => random.int(1, 30));
  const model = reduceCovering(sitingProblemFromMatrix(minutes, { demandWeights }), STANDARD, { dominance: 'none', removeFixedCover: false });
  const columnCap = Int32Array.from({ length: model.columnCount }, () => random.int(1, 3));
  const columnMin = new Int32Array(model.columnCount);
  columnMin[random.int(0, model.columnCount - 1)] = 1;
  const forbidden = random.int(0, model.columnCount - 1);
  if (columnMin[forbidden] === 0) columnCap[forbidden] = 0;
  const capacity = columnCap.reduce((a, b) => a + b, 0);
  const total = Math.min(capacity, 2 + (seed % 4));
  return { model, columnCap, columnMin, total, q: [0.05, 0.1, 0.3, 0.6][seed % 4] };
}
