import { describe, expect, it } from 'vitest';
import { sitingProblemFromMatrix } from '../../../src/models/sitingProblemFromMatrix.js';
import { reduceCovering } from '../../../src/solvers/covering/reduceCovering.js';
import { solveMilp } from '../../../src/solvers/milp/solveMilp.js';
import { solveSetCovering } from '../../../src/solvers/covering/solveSetCovering.js';
import { lagrangianSetCovering } from '../../../src/solvers/covering/lagrangianSetCovering.js';
import { branchAndBoundSetCovering } from '../../../src/solvers/covering/branchAndBoundSetCovering.js';
import { createRandom } from '../../../src/random.js';

// Demand 0–3 on a line; site j covers demand within 10 minutes. Demand 3 is out of reach.
const minutes = [
  [5, 30, 30],
  [5, 8, 30],
  [30, 8, 9],
  [60, 60, 60],
];

describe('solveSetCovering', () => {
  it('says infeasible and lists the demand no allowed site reaches, covering the rest', async () => {
    const problem = sitingProblemFromMatrix(minutes);
    const result = await solveSetCovering(problem, { standardMinutes: 10 });
    expect(result.status).toBe('infeasible');
    expect(result.details?.unreachableDemand).toEqual([3]);
    expect(String(result.details?.diagnostic)).toContain('1 demand point');
    expect(result.selectedSites).toEqual([0, 1]);
  });

  it('ignores zero-weight demand, and forbidding a site can make demand unreachable', async () => {
    const problem = sitingProblemFromMatrix(minutes, { demandWeights: [1, 1, 1, 0] });
    expect((await solveSetCovering(problem, { standardMinutes: 10 })).status).toBe('optimal');
    const forbidden = await solveSetCovering(problem, { standardMinutes: 10, forbiddenSites: [0] });
    expect(forbidden.status).toBe('infeasible');
    expect(forbidden.details?.unreachableDemand).toEqual([0]);
  });

  it('keeps fixed sites and counts their cost; a cheap pair beats one dear site', async () => {
    const problem = sitingProblemFromMatrix(minutes, { demandWeights: [1, 1, 1, 0], siteCosts: [4, 10, 3] });
    const result = await solveSetCovering(problem, { standardMinutes: 10 });
    expect(result).toMatchObject({ status: 'optimal', objective: 7, selectedSites: [0, 2] });
    const fixed = await solveSetCovering(problem, { standardMinutes: 10, fixedSites: [1] });
    expect(fixed).toMatchObject({ status: 'optimal', objective: 14, selectedSites: [0, 1] });
  });
});

describe('reduceCovering', () => {
  it('merges equal cover sets (summing weights) and drops dominated sites only when valid', () => {
    // Site 1 covers a subset of site 0's demand; demand 0 and 1 share a cover set.
    const problem = sitingProblemFromMatrix([[1, 1, 50], [1, 1, 50], [1, 50, 50], [50, 50, 1]], { demandWeights: [2, 3, 4, 5], siteCosts: [9, 1, 1] });
    const none = reduceCovering(problem, 10, { dominance: 'none' });
    expect(none.rowCount).toBe(3);
    expect(Array.from(none.rowWeights)).toEqual([5, 4, 5]);
    expect(Array.from(none.columnSites)).toEqual([0, 1, 2]);
    expect(Array.from(reduceCovering(problem, 10, { dominance: 'count' }).columnSites)).toEqual([0, 2]);
    // Site 1 is cheaper than its dominator: it must stay for least-cost covering.
    expect(Array.from(reduceCovering(problem, 10, { dominance: 'cost' }).columnSites)).toEqual([0, 1, 2]);
    const fixed = reduceCovering(problem, 10, { fixedSites: [2], dominance: 'count' });
    expect(fixed.fixedCoveredWeight).toBe(5);
    // Dropping site 1 makes demand 0, 1 and 2 share the cover set {0}: one row after re-merging.
    expect(fixed.rowCount).toBe(1);
    expect(fixed.rowWeights[0]).toBe(9);
    expect(Array.from(fixed.demandRow)).toEqual([0, 0, 0, -1]);
  });
});

describe('solveMilp', () => {
  it('solves a small MILP to proven optimality and reports infeasibility', async () => {
    const base = {
      sense: 'maximize' as const,
      columnCosts: Float64Array.of(1, 1),
      columnLower: Float64Array.of(0, 0),
      columnUpper: Float64Array.of(10, 10),
      integer: Uint8Array.of(1, 1),
      rowOffsets: Int32Array.of(0, 2, 4),
      rowColumns: Int32Array.of(0, 1, 0, 1),
      rowValues: Float64Array.of(1, 2, 3, 1),
    };
    const result = await solveMilp({ ...base, rowLower: Float64Array.of(-Infinity, -Infinity), rowUpper: Float64Array.of(4, 6) });
    expect(result).toMatchObject({ status: 'optimal', objective: 2, bound: 2, gap: 0 });
    const infeasible = await solveMilp({ ...base, rowLower: Float64Array.of(50, -Infinity), rowUpper: Float64Array.of(Infinity, 6) });
    expect(infeasible.status).toBe('infeasible');
  });
});

/** Random set covering matrix: rows × columns, each entry present with `density`, costs 1–20. */
function randomCoverModel(seed: number, rows: number, columns: number, density: number) {
  const random = createRandom(seed);
  const minutes = Array.from({ length: rows }, () => Array.from({ length: columns }, () => (random.float() < density ? 0 : 99)));
  // Every row coverable: give empty rows one random column.
  for (const row of minutes) if (!row.includes(0)) row[random.int(0, columns - 1)] = 0;
  const siteCosts = Array.from({ length: columns }, () => random.int(1, 20));
  return reduceCovering(sitingProblemFromMatrix(minutes, { siteCosts }), 0, { dominance: 'none' });
}

/** Least cover cost, and every column set reaching it, by enumeration. */
function bruteForceCovers(model: ReturnType<typeof randomCoverModel>) {
  let best = Infinity;
  let optimal: number[] = [];
  for (let mask = 0; mask < 1 << model.columnCount; mask++) {
    const covered = new Uint8Array(model.rowCount);
    let cost = 0;
    for (let c = 0; c < model.columnCount; c++) {
      if (!(mask & (1 << c))) continue;
      cost += model.columnCosts[c];
      for (let k = model.columnOffsets[c]; k < model.columnOffsets[c + 1]; k++) covered[model.columnRows[k]] = 1;
    }
    if (!covered.every((v) => v === 1)) continue;
    if (cost < best) {
      best = cost;
      optimal = [mask];
    } else if (cost === best) optimal.push(mask);
  }
  return { best, optimal };
}

describe('lagrangianSetCovering and branchAndBoundSetCovering', () => {
  it('bound below the optimum; fixings keep every optimal cover; the tree proves the brute-force optimum', () => {
    let mostNodes = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const model = randomCoverModel(seed, 14, 13, 0.25);
      const { best, optimal } = bruteForceCovers(model);
      let total = 0;
      for (const c of model.columnCosts) total += c;
      // Incumbent one above the optimum: fixing must keep every cover of cost ≤ optimum.
      const root = lagrangianSetCovering(model, best + 1, { integral: true });
      expect(root.bound, `seed ${seed}`).toBeLessThanOrEqual(best);
      for (const mask of optimal) {
        for (let c = 0; c < model.columnCount; c++) {
          const inCover = (mask & (1 << c)) !== 0;
          if (root.fixing[c] === 1) expect(inCover, `seed ${seed} column ${c} fixed out`).toBe(false);
          if (root.fixing[c] === 2) expect(inCover, `seed ${seed} column ${c} fixed in`).toBe(true);
        }
      }
      // From the worst incumbent (all columns), repair-free: the tree alone must find nothing
      // better than the optimum and close with the bound at the incumbent it was given.
      let found = total;
      const search = branchAndBoundSetCovering(model, total, {
        integral: true,
        nodeIterations: 10,
        repair: (columns) => {
          const covered = new Uint8Array(model.rowCount);
          let cost = 0;
          for (const c of columns) {
            cost += model.columnCosts[c];
            for (let k = model.columnOffsets[c]; k < model.columnOffsets[c + 1]; k++) covered[model.columnRows[k]] = 1;
          }
          if (covered.every((v) => v === 1)) found = Math.min(found, cost);
          return found;
        },
      });
      expect(search.proven, `seed ${seed}`).toBe(true);
      expect(search.upper, `seed ${seed}`).toBe(best);
      expect(search.bound, `seed ${seed}`).toBe(best);
      mostNodes = Math.max(mostNodes, search.nodes);
    }
    // The instances are meant to need branching, not to close at the root.
    expect(mostNodes).toBeGreaterThan(3);
  });
});
