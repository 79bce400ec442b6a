import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { evaluatePMedian } from '../../../src/models/pMedian.js';
import { DEFAULT_SOLVE_P_MEDIAN_OPTIONS, solvePMedian } from '../../../src/solvers/median/solvePMedian.js';
import { DEFAULT_SOLVE_MEMORY_BYTES, estimateSolveSize } from '../../../src/solvers/kernel/estimateSolveSize.js';
import { isAirreachError } from '../../../src/errors.js';
import { readOptima, readOrlibPmed } from '../orlibPmed.js';
import { randomCompleteProblem, subsets } from '../tinyProblems.js';

const fixtures = join(import.meta.dirname, '../../fixtures/orlib-pmed');

describe('solvePMedian', () => {
  it('matches brute force over all subsets on tiny random instances, with fixed and forbidden sites', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const problem = randomCompleteProblem(seed, 14, 9);
      const p = 1 + (seed % 4);
      const fixedSites = seed % 3 === 0 ? [seed % 9] : [];
      const forbiddenSites = seed % 2 === 0 ? [(seed + 4) % 9] : [];
      let best = Infinity;
      for (const sites of subsets(9, p)) {
        if (fixedSites.some((s) => !sites.includes(s)) || forbiddenSites.some((s) => sites.includes(s))) continue;
        best = Math.min(best, evaluatePMedian(problem, sites).totalWeightedMinutes);
      }
      const result = solvePMedian(problem, { siteCount: p, fixedSites, forbiddenSites, seed });
      expect(result.status).toBe('optimal');
      expect(result.objective).toBe(best);
      expect(result.selectedSites).toHaveLength(p);
      for (const s of fixedSites) expect(result.selectedSites).toContain(s);
      for (const s of forbiddenSites) expect(result.selectedSites).not.toContain(s);
    }
  });

  const optima = readOptima(join(fixtures, 'pmedopt.txt'));
  for (const name of ['pmed1', 'pmed2', 'pmed3', 'pmed4', 'pmed5']) {
    it(`proves the published optimum of ${name}`, () => {
      const { problem, p } = readOrlibPmed(join(fixtures, `${name}.txt`));
      const result = solvePMedian(problem, { siteCount: p });
      expect(result.objective).toBe(optima.get(name));
      expect(result.status).toBe('optimal');
      expect(result.bound).toBe(result.objective);
      expect(result.details?.weightedMeanMinutes).toBeCloseTo(result.objective / 100, 10);
    });
  }

  it('keeps its invariants: evaluator = objective, bound ≤ objective, objective non-increasing in p', () => {
    const problem = randomCompleteProblem(99, 40, 15);
    let previous = Infinity;
    for (let p = 1; p <= 8; p++) {
      const result = solvePMedian(problem, { siteCount: p, mode: 'heuristic' });
      expect(result.objective).toBe(evaluatePMedian(problem, result.selectedSites).totalWeightedMinutes);
      expect(result.bound).toBeLessThanOrEqual(result.objective);
      expect(result.objective).toBeLessThanOrEqual(previous);
      previous = result.objective;
    }
  });

  it('needs a complete problem or unreachableMinutes, and then charges the penalty', () => {
    const sparse = {
      demandCount: 2,
      siteCount: 2,
      demandWeights: Float64Array.of(1, 2),
      demandOffsets: Uint32Array.of(0, 1, 2),
      demandSites: Uint32Array.of(0, 1),
      demandMinutes: Float64Array.of(5, 7),
      complete: false,
    };
    expect(() => solvePMedian(sparse, { siteCount: 1 })).toThrow(expect.objectContaining({ code: 'E_MODEL' }));
    const result = solvePMedian(sparse, { siteCount: 1, unreachableMinutes: 100 });
    // Site 0: 5 + 2·100 = 205; site 1: 100 + 2·7 = 114.
    expect(result.selectedSites).toEqual([1]);
    expect(result.objective).toBe(114);
    expect(result.details?.unreachedDemandCount).toBe(1);
  });

  it('rejects impossible site rules with typed errors', () => {
    const problem = randomCompleteProblem(3, 5, 4);
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return isAirreachError(error) ? error.code : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => solvePMedian(problem, { siteCount: 4, forbiddenSites: [0] }))).toBe('E_SITE_COUNT');
    expect(codeOf(() => solvePMedian(problem, { siteCount: 2, fixedSites: [1], forbiddenSites: [1] }))).toBe('E_SITE_CONFLICT');
    expect(codeOf(() => solvePMedian(problem, { siteCount: 2, fixedSites: [4] }))).toBe('E_INDEX');
  });
});

describe('solvePMedian, its memory', () => {
  // 14 demand points, one of weight 0 (left out, as buildPMedianCosts leaves it), and 9 sites.
  const problem = randomCompleteProblem(3, 14, 9);
  problem.demandWeights.fill(2);
  problem.demandWeights[5] = 0;

  it('refuses, before the dense costs are allocated, a problem whose solve passes memoryBytes, naming the sizes, the bytes, the budget and what fits (a library caller got no estimate: a large problem died out of memory)', () => {
    // The estimate checkSitingBudget and parseInstance refuse on, of the 13 rows kept.
    const bytes = estimateSolveSize('pMedian', { demandCount: 13, siteCount: 9, pairCount: 0, openCount: 3 }).bytes;
    expect(bytes).toBe(40 * 13 * 9 + 48 * 13 + 64 * 9 + 8 * 9 * 9);
    let error: unknown;
    try {
      solvePMedian(problem, { siteCount: 3, memoryBytes: 5000 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      code: 'E_MEMORY_BUDGET',
      value: { demandCount: 13, siteCount: 9, bytes, memoryBytes: 5000 },
      where: { field: 'memoryBytes' },
      // 584 k + 8 k² + 624 ≤ 5000 holds up to 6 sites; 408 c + 1224 ≤ 5000 up to 9 demand points.
      expected: 'at most 6 sites for these 13 demand points, or at most 9 demand points for 9 sites',
    });
    expect((error as Error).message).toContain('a p-median solve of 13 demand points (of positive weight) and 9 sites would take about 7 KiB: its dense costs hold every (demand, site) pair (40 bytes a pair), over the memoryBytes budget of 5 KiB');
    expect((error as { hint: string }).hint).toBe('Pass fewer sites or demand points (a coarser grid), or a larger memoryBytes option (at least 6,528); from the CLI, raise the memory budget to 6.4KiB (--memory-budget 6.4KiB)');
    // Exactly the estimate is enough.
    expect(solvePMedian(problem, { siteCount: 3, memoryBytes: bytes }).status).toBe('optimal');
  });

  it('answers as before within the default budget (2 GiB, the one airreach solve and the scenario checks take), and refuses a budget that is no number of bytes', () => {
    expect(DEFAULT_SOLVE_P_MEDIAN_OPTIONS.memoryBytes).toBe(DEFAULT_SOLVE_MEMORY_BYTES);
    const before = solvePMedian(problem, { siteCount: 3 });
    const { runtimeMs: _a, ...same } = before;
    const { runtimeMs: _b, ...wide } = solvePMedian(problem, { siteCount: 3, memoryBytes: 2 ** 40 });
    expect(wide).toEqual(same);
    expect(before.status).toBe('optimal');
    for (const memoryBytes of [0, -1, Number.NaN]) {
      expect(() => solvePMedian(problem, { siteCount: 3, memoryBytes })).toThrow(expect.objectContaining({ code: 'E_OPTION', where: { field: 'memoryBytes' } }));
    }
  });
});
