import { describe, expect, it } from 'vitest';
import { sitingProblemFromMatrix } from '../../../src/models/sitingProblemFromMatrix.js';
import type { SitingProblem } from '../../../src/models/sitingProblem.js';
import { reduceCovering } from '../../../src/solvers/covering/reduceCovering.js';
import type { ReducedCovering } from '../../../src/solvers/covering/reduceCovering.js';
import { WorkBudget } from '../../../src/solvers/kernel/workBudget.js';
import { createRandom } from '../../../src/random.js';

const STANDARD = 10;

/**
 * A random tiny covering instance: each demand point reaches each site with probability
 * `density` (minutes 5, else 50), some zero weights, optional integer costs 1…4.
 */
function randomProblem(seed: number, demandCount: number, siteCount: number, density: number, withCosts: boolean): SitingProblem {
  const random = createRandom(seed);
  const minutes = Array.from({ length: demandCount }, () => Array.from({ length: siteCount }, () => (random.float() < density ? 5 : 50)));
  const demandWeights = minutes.map(() => (random.int(0, 6) === 0 ? 0 : random.int(1, 9)));
  return sitingProblemFromMatrix(minutes, { demandWeights, ...(withCosts ? { siteCosts: Array.from({ length: siteCount }, () => random.int(1, 4)) } : {}) });
}

/** Sites (original indexes) reaching demand i within the standard. */
function coverSet(problem: SitingProblem, i: number): number[] {
  const list: number[] = [];
  for (let k = problem.demandOffsets[i]; k < problem.demandOffsets[i + 1]; k++) if (problem.demandMinutes[k] <= STANDARD) list.push(problem.demandSites[k]);
  return list;
}

/** Least cost of a site set (original indexes, from `allowed`, with `fixed`) meeting every row, by brute force; Infinity if none. */
function leastCover(rows: number[][], allowed: number[], fixed: number[], cost: (s: number) => number): number {
  let best = Infinity;
  for (let mask = 0; mask < 1 << allowed.length; mask++) {
    const set = new Set(fixed);
    let total = 0;
    for (const s of fixed) total += cost(s);
    allowed.forEach((s, t) => {
      if (mask & (1 << t) && !set.has(s)) {
        set.add(s);
        total += cost(s);
      }
    });
    if (total < best && rows.every((row) => row.some((s) => set.has(s)))) best = total;
  }
  return best;
}

/** The reduced model's rows as lists of original sites. */
function reducedRows(model: ReducedCovering): number[][] {
  return Array.from({ length: model.rowCount }, (_, r) => Array.from(model.rowColumns.subarray(model.rowOffsets[r], model.rowOffsets[r + 1]), (c) => model.columnSites[c]));
}

describe('reduceCovering', () => {
  it('row dominance drops a row whose cover set contains another row’s, and its demand gets row −1', () => {
    // Demand 0 reaches {0, 1}, demand 1 reaches {0, 1, 2}, demand 2 reaches {2}.
    const problem = sitingProblemFromMatrix([
      [5, 5, 50],
      [5, 5, 5],
      [50, 50, 5],
    ]);
    const plain = reduceCovering(problem, STANDARD, { dominance: 'none' });
    expect(plain.rowCount).toBe(3);
    const reduced = reduceCovering(problem, STANDARD, { dominance: 'none', rowDominance: true });
    expect(reduced.rowCount).toBe(2);
    expect(reducedRows(reduced)).toEqual([[0, 1], [2]]);
    expect(Array.from(reduced.demandRow)).toEqual([0, -1, 1]);
    // With site dominance on top, site 1 (same rows as site 0, higher index) goes too.
    const both = reduceCovering(problem, STANDARD, { dominance: 'cost', rowDominance: true });
    expect(Array.from(both.columnSites)).toEqual([0, 2]);
    expect(reducedRows(both)).toEqual([[0], [2]]);
  });

  it('row and site dominance never remove every optimum, and every cover of what is left covers everything (brute force, 300 random instances)', () => {
    let droppedRows = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const demandCount = 4 + (seed % 9);
      const siteCount = 3 + (seed % 7);
      const problem = randomProblem(seed, demandCount, siteCount, 0.2 + 0.1 * (seed % 5), seed % 2 === 0);
      const fixedSites = seed % 5 === 0 ? [seed % siteCount] : [];
      const forbiddenSites = seed % 7 === 0 ? [(seed + 1) % siteCount] : [];
      const cost = (s: number) => (problem.siteCosts ? problem.siteCosts[s] : 1);
      const allowed = Array.from({ length: siteCount }, (_, s) => s).filter((s) => !forbiddenSites.includes(s) && !fixedSites.includes(s));
      // The original constraints: every reachable demand with weight > 0.
      const rows: number[][] = [];
      for (let i = 0; i < demandCount; i++) {
        if (problem.demandWeights[i] <= 0) continue;
        const row = coverSet(problem, i).filter((s) => !forbiddenSites.includes(s));
        if (row.length > 0) rows.push(row);
      }
      const optimum = leastCover(rows, allowed, fixedSites, cost);
      for (const dominance of ['none', 'cost'] as const) {
        const model = reduceCovering(problem, STANDARD, { dominance, rowDominance: true, fixedSites, forbiddenSites });
        const plain = reduceCovering(problem, STANDARD, { dominance, fixedSites, forbiddenSites });
        droppedRows += plain.rowCount - model.rowCount;
        expect(model.unreachableDemand).toEqual(plain.unreachableDemand);
        const kept = reducedRows(model);
        const columns = Array.from(model.columnSites);
        expect(leastCover(kept, columns, fixedSites, cost)).toBe(optimum);
        // Any choice of the remaining columns that meets the remaining rows meets every row.
        for (let mask = 0; mask < 1 << columns.length; mask++) {
          const set = new Set([...fixedSites, ...columns.filter((_, t) => mask & (1 << t))]);
          if (kept.every((row) => row.some((s) => set.has(s)))) expect(rows.every((row) => row.some((s) => set.has(s)))).toBe(true);
        }
        // Dropped demand is exactly the demand whose row is gone; the rest keeps its cover set.
        for (let i = 0; i < demandCount; i++) {
          const r = model.demandRow[i];
          if (r >= 0) expect(kept[r]).toEqual(coverSet(problem, i).filter((s) => columns.includes(s)));
        }
      }
    }
    expect(droppedRows).toBeGreaterThan(100);
  });

  it('site dominance drops exactly the sites another dominates (cover set ⊆, then cost, size and index), as a pairwise check says', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const demandCount = 6 + (seed % 11);
      const siteCount = 4 + (seed % 9);
      const problem = randomProblem(1000 + seed, demandCount, siteCount, 0.15 + 0.1 * (seed % 6), seed % 3 !== 0);
      const cost = (s: number) => (problem.siteCosts ? problem.siteCosts[s] : 1);
      for (const dominance of ['count', 'cost'] as const) {
        const rowsOf = Array.from({ length: siteCount }, () => new Set<number>());
        for (let i = 0; i < demandCount; i++) if (problem.demandWeights[i] > 0) for (const s of coverSet(problem, i)) rowsOf[s].add(i);
        const price = (s: number) => (dominance === 'cost' ? cost(s) : 0);
        const expected: number[] = [];
        for (let j = 0; j < siteCount; j++) {
          if (rowsOf[j].size === 0) continue;
          const dominated = rowsOf.some((other, k) => {
            if (k === j || ![...rowsOf[j]].every((i) => other.has(i))) return false;
            return price(k) < price(j) || (price(k) === price(j) && (other.size > rowsOf[j].size || k < j));
          });
          if (!dominated) expected.push(j);
        }
        expect(Array.from(reduceCovering(problem, STANDARD, { dominance }).columnSites)).toEqual(expected);
      }
    }
  });

  it('a spent work budget keeps what it has not checked: fewer reductions, never a wrong one', () => {
    const problem = randomProblem(7, 40, 12, 0.35, false);
    const full = reduceCovering(problem, STANDARD, { dominance: 'cost', rowDominance: true });
    const starved = reduceCovering(problem, STANDARD, { dominance: 'cost', rowDominance: true, workBudget: new WorkBudget({ workLimit: 1 }) });
    expect(starved.rowCount).toBeGreaterThanOrEqual(full.rowCount);
    expect(starved.columnCount).toBeGreaterThanOrEqual(full.columnCount);
    const cost = () => 1;
    const original = Array.from({ length: 40 }, (_, i) => coverSet(problem, i)).filter((row, i) => row.length > 0 && problem.demandWeights[i] > 0);
    const everything = Array.from({ length: 12 }, (_, s) => s);
    const optimum = leastCover(original, everything, [], cost);
    expect(leastCover(reducedRows(starved), Array.from(starved.columnSites), [], cost)).toBe(optimum);
    expect(leastCover(reducedRows(full), Array.from(full.columnSites), [], cost)).toBe(optimum);
  });
});
