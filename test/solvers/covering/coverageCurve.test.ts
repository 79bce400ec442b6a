import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateMaximalCovering } from '../../../src/models/maximalCovering.js';
import { coverageCurve } from '../../../src/solvers/covering/coverageCurve.js';
import { solveSetCovering } from '../../../src/solvers/covering/solveSetCovering.js';
import { solveMaximalCovering, type MaximalCoveringMemo } from '../../../src/solvers/covering/solveMaximalCovering.js';
import { euclideanProblem } from '../euclideanProblem.js';

const swain = JSON.parse(readFileSync(new URL('../../fixtures/swain55/swain55.json', import.meta.url), 'utf8'));
const problem = euclideanProblem(swain.points);

describe('coverageCurve', () => {
  it('never falls as p or the standard grows; bounds cap objectives; evaluators agree', async () => {
    const standards = [8, 10, 12, 15];
    const curves = await coverageCurve(problem, { standardMinutes: standards, maxSites: 9 });
    expect(curves.map((c) => c.standardMinutes)).toEqual(standards);
    for (const curve of curves) {
      // The curve runs p = 1 … 9, or stops at the first p that covers all demand (more would be ties).
      const last = curve.points.length;
      expect(curve.points.map((p) => p.siteCount)).toEqual(Array.from({ length: last }, (_, k) => k + 1));
      const covered = curve.points[last - 1].objective >= curve.totalWeight * (1 - 1e-12);
      expect(last === 9 || covered).toBe(true);
      expect(curve.fullCoverageAt).toBe(covered ? last : null);
      for (const point of curve.points.slice(0, -1)) expect(point.objective).toBeLessThan(curve.totalWeight * (1 - 1e-12));
      for (let k = 0; k < curve.points.length; k++) {
        const point = curve.points[k];
        expect(point.bound).toBeGreaterThanOrEqual(point.objective);
        expect(point.status).toBe('optimal');
        expect(evaluateMaximalCovering(problem, point.selectedSites, { standardMinutes: curve.standardMinutes }).objective).toBe(point.objective);
        if (k > 0) expect(point.objective).toBeGreaterThanOrEqual(curve.points[k - 1].objective);
      }
    }
    for (let s = 1; s < curves.length; s++) {
      curves[s].points.forEach((point, k) => {
        if (k < curves[s - 1].points.length) expect(point.objective).toBeGreaterThanOrEqual(curves[s - 1].points[k].objective);
      });
    }
  });

  it('a memo shares each reduction across p: the same answers, bounds and work as solves without it', async () => {
    const memo: MaximalCoveringMemo = {};
    for (const standardMinutes of [10, 12]) {
      for (let p = 2; p <= 6; p++) {
        const rules = { standardMinutes, siteCount: p, fixedSites: [3], forbiddenSites: [7] };
        const alone = await solveMaximalCovering(problem, rules);
        const shared = await solveMaximalCovering(problem, { ...rules, memo });
        for (const key of ['objective', 'bound', 'status', 'selectedSites', 'work', 'details'] as const) expect(shared[key]).toEqual(alone[key]);
      }
    }
    expect(memo.reductions?.size).toBe(2);
    // Another problem empties the memo; a budget without room for the reduction's work redoes it.
    const other = euclideanProblem(swain.points.slice(0, 30));
    const small = await solveMaximalCovering(other, { standardMinutes: 10, siteCount: 2, memo });
    expect(memo.reductions?.size).toBe(1);
    const tight = { standardMinutes: 10, siteCount: 3, workLimit: 50 };
    const [tightAlone, tightShared] = [await solveMaximalCovering(other, tight), await solveMaximalCovering(other, { ...tight, memo })];
    expect(tightShared).toMatchObject({ objective: tightAlone.objective, bound: tightAlone.bound, work: tightAlone.work, selectedSites: tightAlone.selectedSites });
    expect(small.status).toBe('optimal');
  });

  it('reports the bases needed for each share, matching the set covering minimum for 100 %', async () => {
    const [curve] = await coverageCurve(problem, { standardMinutes: [10], maxSites: 10 });
    const total = curve.totalWeight;
    for (const need of curve.sitesNeeded) {
      expect(need.siteCount).not.toBeNull();
      const point = curve.points.find((p) => p.siteCount === need.siteCount)!;
      expect(point.objective).toBeGreaterThanOrEqual(need.share * total - 1e-9);
      const before = curve.points.find((p) => p.siteCount === need.siteCount! - 1);
      if (before) expect(before.objective).toBeLessThan(need.share * total);
      expect(need.proven).toBe(true);
    }
    const lscp = await solveSetCovering(problem, { standardMinutes: 10 });
    expect(curve.sitesNeeded.find((n) => n.share === 1)?.siteCount).toBe(lscp.objective);
  });
});
