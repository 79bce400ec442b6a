import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateMaximalCovering } from '../../../src/models/maximalCovering.js';
import { coverageCurve } from '../../../src/solvers/covering/coverageCurve.js';
import { solveSetCovering } from '../../../src/solvers/covering/solveSetCovering.js';
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
