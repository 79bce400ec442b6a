import { describe, expect, it } from 'vitest';
import { finishResult, relativeGap } from '../../../src/solvers/kernel/finishResult.js';
import { WorkBudget } from '../../../src/solvers/kernel/workBudget.js';
import { errorOf } from '../../errorOf.js';

const base = { model: 'maximalCovering' as const, selectedSites: [0, 3], solver: 'test', started: performance.now() };

describe('finishResult', () => {
  it('keeps a bound on the right side of the objective and computes the one gap formula', () => {
    const budget = new WorkBudget();
    const max = finishResult({ ...base, sense: 'maximize', objective: 90, bound: 100, trivialBound: 200, budget });
    expect(max).toMatchObject({ status: 'feasible', bound: 100, gap: relativeGap(90, 100), stoppedBy: 'budget' });
    // An upper bound below a feasible answer can only be rounding: the answer is then proven.
    expect(finishResult({ ...base, sense: 'maximize', objective: 90, bound: 89.9999999, trivialBound: 200, budget })).toMatchObject({ status: 'optimal', bound: 90, gap: 0 });
    const min = finishResult({ ...base, model: 'pMedian', sense: 'minimize', objective: 50, bound: 60, trivialBound: 0, budget });
    expect(min).toMatchObject({ bound: 50, gap: 0, status: 'optimal', stoppedBy: 'proof' });
  });

  it('uses the trivial bound when none was proven: every result has a finite bound and gap', () => {
    const budget = new WorkBudget({ workLimit: 0 });
    for (const bound of [Number.NaN, Infinity, -Infinity]) {
      const result = finishResult({ ...base, model: 'pMedian', sense: 'minimize', objective: 50, bound, trivialBound: 20, budget });
      expect(result.bound).toBe(20);
      expect(Number.isFinite(result.gap)).toBe(true);
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    }
  });

  it('a proof sets bound = objective and status optimal; a lexicographic bound proves nothing by itself', () => {
    const budget = new WorkBudget();
    expect(finishResult({ ...base, sense: 'maximize', objective: 7, bound: 9, trivialBound: 9, proven: true, budget })).toMatchObject({ status: 'optimal', bound: 7, gap: 0 });
    expect(finishResult({ ...base, model: 'backupCovering', sense: 'maximize', objective: 7, bound: 7, trivialBound: 9, boundProves: false, budget }).status).toBe('feasible');
  });

  it('refuses a non-finite objective and an answer that breaks its own p (never "optimal" for them)', () => {
    const budget = new WorkBudget();
    expect(errorOf(() => finishResult({ ...base, sense: 'maximize', objective: Infinity, bound: Infinity, trivialBound: Infinity, budget })).code).toBe('E_MODEL');
    expect(errorOf(() => finishResult({ ...base, sense: 'maximize', objective: 0, bound: 0, trivialBound: 0, selectedSites: [], siteCount: 1, proven: true, budget })).code).toBe('E_MODEL');
  });
});
