import { describe, expect, it } from 'vitest';
import { sitingProblemFromMatrix } from '../../../src/models/sitingProblemFromMatrix.js';
import { coverRowsProblem } from '../../../src/solvers/covering/coverRowsProblem.js';
import { reduceCovering, type DominanceRule } from '../../../src/solvers/covering/reduceCovering.js';
import { solveMaximalCovering } from '../../../src/solvers/covering/solveMaximalCovering.js';
import { boxMinutes } from '../tinyProblems.js';

// Fractional weights (some 0), so that sums in another order would round differently.
const instance = (seed: number, withCosts: boolean) => {
  const { minutes, random } = boxMinutes(seed, 60, 9);
  const demandWeights = minutes.map(() => (random.float() < 0.15 ? 0 : random.float() * 7));
  const siteCosts = withCosts ? Array.from({ length: 9 }, () => random.int(1, 3)) : undefined;
  return { problem: sitingProblemFromMatrix(minutes, { demandWeights, ...(siteCosts ? { siteCosts } : {}) }), random };
};

describe('coverRowsProblem', () => {
  it('reduces, with any fixed and forbidden sites, to the model the problem itself reduces to (weights to the bit)', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const { problem, random } = instance(seed, seed % 3 === 0);
      const standardMinutes = 20 + (seed % 4) * 8;
      const forbiddenSites = seed % 2 === 0 ? [random.int(0, 8)] : [];
      const rows = coverRowsProblem(problem, standardMinutes, { forbiddenSites });
      expect(rows.demandCount).toBeLessThanOrEqual(problem.demandCount);
      for (const fixedCount of [0, 1, 3]) {
        const fixedSites = [...new Set(Array.from({ length: fixedCount }, () => random.int(0, 8)))].filter((s) => !forbiddenSites.includes(s));
        for (const dominance of ['count', 'cost'] as DominanceRule[]) {
          const options = { fixedSites, forbiddenSites, dominance };
          const direct = reduceCovering(problem, standardMinutes, options);
          const viaRows = reduceCovering(rows, standardMinutes, options);
          expect(Array.from(viaRows.rowWeights)).toEqual(Array.from(direct.rowWeights));
          expect(viaRows.rowOffsets).toEqual(direct.rowOffsets);
          expect(viaRows.rowColumns).toEqual(direct.rowColumns);
          expect(viaRows.columnSites).toEqual(direct.columnSites);
          expect(viaRows.columnCosts).toEqual(direct.columnCosts);
          expect(viaRows.droppedSites).toEqual(direct.droppedSites);
          expect(viaRows.fixedCoveredWeight).toBeCloseTo(direct.fixedCoveredWeight, 9);
        }
      }
    }
  });

  it('a maximal covering solve of the rows, evaluated on the problem, answers as a solve of the problem', async () => {
    for (let seed = 1; seed <= 8; seed++) {
      const { problem } = instance(seed, false);
      const rows = coverRowsProblem(problem, 30);
      for (const siteCount of [2, 4]) {
        const fixedSites = siteCount === 2 ? [] : [seed % 9];
        const options = { standardMinutes: 30, siteCount, fixedSites };
        const direct = await solveMaximalCovering(problem, options);
        const viaRows = await solveMaximalCovering(rows, { ...options, evaluateOn: problem });
        expect(viaRows.selectedSites).toEqual(direct.selectedSites);
        expect(viaRows.objective).toBe(direct.objective);
        // The weight a fixed site covers is summed over rows, not demand points: the bound may differ by rounding.
        if (fixedSites.length === 0) expect(viaRows.bound).toBe(direct.bound);
        else expect(viaRows.bound).toBeCloseTo(direct.bound, 9);
        expect(viaRows.status).toBe(direct.status);
        expect(viaRows.details!.totalWeight).toBe(direct.details!.totalWeight);
      }
    }
  });

  it('solveMaximalCovering refuses an evaluateOn problem with other sites', async () => {
    const { problem } = instance(1, false);
    const other = instance(2, false).problem;
    await expect(solveMaximalCovering(problem, { standardMinutes: 30, siteCount: 2, evaluateOn: { ...other, siteCount: 8 } })).rejects.toMatchObject({ code: 'E_OPTION' });
  });
});
