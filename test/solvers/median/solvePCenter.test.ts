import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { evaluatePCenter } from '../../../src/models/pCenter.js';
import { solvePCenter } from '../../../src/solvers/median/solvePCenter.js';
import { decidePCenterRadius } from '../../../src/solvers/median/decidePCenterRadius.js';
import { WorkBudget } from '../../../src/solvers/kernel/workBudget.js';
import { readOptima, readOrlibPmed } from '../orlibPmed.js';
import { randomCompleteProblem, subsets } from '../tinyProblems.js';

const fixtures = join(import.meta.dirname, '../../fixtures/orlib-pmed');

describe('solvePCenter', () => {
  it('matches brute force over all subsets on tiny random instances, with fixed and forbidden sites', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const problem = randomCompleteProblem(seed + 100, 12, 8);
      const p = 1 + (seed % 4);
      const fixedSites = seed % 3 === 0 ? [seed % 8] : [];
      const forbiddenSites = seed % 2 === 0 ? [(seed + 3) % 8] : [];
      let best = Infinity;
      for (const sites of subsets(8, p)) {
        if (fixedSites.some((s) => !sites.includes(s)) || forbiddenSites.some((s) => sites.includes(s))) continue;
        best = Math.min(best, evaluatePCenter(problem, sites).maxMinutes);
      }
      const result = await solvePCenter(problem, { siteCount: p, fixedSites, forbiddenSites });
      expect(result.status).toBe('optimal');
      expect(result.objective).toBe(best);
      expect(result.objective).toBe(evaluatePCenter(problem, result.selectedSites).maxMinutes);
      expect(result.selectedSites).toHaveLength(p);
      for (const s of fixedSites) expect(result.selectedSites).toContain(s);
      for (const s of forbiddenSites) expect(result.selectedSites).not.toContain(s);
    }
  });

  const optima = readOptima(join(fixtures, 'pcenter-opt.txt'));
  for (const name of ['pmed1', 'pmed2', 'pmed3', 'pmed4', 'pmed5']) {
    it(`proves the published p-center optimum of ${name}`, async () => {
      const { problem, p } = readOrlibPmed(join(fixtures, `${name}.txt`));
      const result = await solvePCenter(problem, { siteCount: p });
      expect(result.objective).toBe(optima.get(name));
      expect(result.status).toBe('optimal');
      expect(result.bound).toBe(result.objective);
    });
  }

  it('decides radii by row generation: pmed3 (p = 10) is feasible at its optimum 93, infeasible at 92', async () => {
    const { problem, p } = readOrlibPmed(join(fixtures, 'pmed3.txt'));
    const rules = { fixedSites: [], forbiddenSites: [], workBudget: new WorkBudget(), rowsPerRound: 8 };
    const feasible = await decidePCenterRadius(problem, p, 93, [0], rules);
    expect(feasible.answer).toBe('feasible');
    expect(feasible.sites.length).toBeLessThanOrEqual(p);
    expect(evaluatePCenter(problem, feasible.sites).maxMinutes).toBeLessThanOrEqual(93);
    // Rows gathered at a larger radius (here 95) must not make a feasible radius look infeasible.
    const rows = [0];
    await decidePCenterRadius(problem, p, 95, rows, rules);
    expect((await decidePCenterRadius(problem, p, 93, rows, rules)).answer).toBe('feasible');
    expect((await decidePCenterRadius(problem, p, 92, rows, rules)).answer).toBe('infeasible');
  });

  it('is non-increasing in p and never reports a bound above its objective', async () => {
    const problem = randomCompleteProblem(7, 30, 12);
    let previous = Infinity;
    for (let p = 1; p <= 6; p++) {
      const result = await solvePCenter(problem, { siteCount: p });
      expect(result.bound).toBeLessThanOrEqual(result.objective);
      expect(result.objective).toBeLessThanOrEqual(previous);
      previous = result.objective;
    }
  });

  it('reports demand no allowed site reaches as infeasible, with the demand listed', async () => {
    const problem = {
      demandCount: 3,
      siteCount: 2,
      demandWeights: Float64Array.of(1, 1, 1),
      demandOffsets: Uint32Array.of(0, 1, 2, 2),
      demandSites: Uint32Array.of(0, 1),
      demandMinutes: Float64Array.of(5, 7),
      complete: false,
    };
    const result = await solvePCenter(problem, { siteCount: 2 });
    expect(result.status).toBe('infeasible');
    expect(result.details?.unreachableDemand).toEqual([2]);
  });

  // Found by bench/fuzzSolvers.ts: when the farthest-first sites left demand unreached, the
  // largest radius was taken as achieved and never decided, and the answer said infeasible.
  const sparse = (lists: Array<Array<[number, number]>>, siteCount: number) => ({
    demandCount: lists.length,
    siteCount,
    demandWeights: new Float64Array(lists.length).fill(1),
    demandOffsets: Uint32Array.from([0, ...lists.map((_l, i) => lists.slice(0, i + 1).flat().length)]),
    demandSites: Uint32Array.from(lists.flat().map(([s]) => s)),
    demandMinutes: Float64Array.from(lists.flat().map(([, t]) => t)),
    complete: false,
  });

  it('serves sparse demand p sites can reach although the heuristic start leaves some unreached', async () => {
    // Demand 0 reaches only site 1, demand 1 only site 2; farthest-first opened sites 0 and 1.
    const result = await solvePCenter(sparse([[[1, 12.84]], [[2, 20.21]]], 3), { siteCount: 2 });
    expect(result).toMatchObject({ status: 'optimal', objective: 20.21, bound: 20.21, selectedSites: [1, 2] });
  });

  it('still proves infeasible when no p sites reach every demand point', async () => {
    const problem = sparse([[[0, 5]], [[1, 5]], [[2, 5]]], 3);
    const result = await solvePCenter(problem, { siteCount: 2 });
    expect(result.status).toBe('infeasible');
    expect(result.details?.unreachedDemand).toHaveLength(1);
  });
});
