import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { evaluatePMedian } from '../../../src/models/pMedian.js';
import { solvePMedian } from '../../../src/solvers/median/solvePMedian.js';
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
