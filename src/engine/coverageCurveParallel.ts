import { AirreachError } from '../errors.js';
import { evaluateMaximalCovering } from '../models/maximalCovering.js';
import type { SitingProblem, SolveResult } from '../models/sitingProblem.js';
import { DEFAULT_COVERAGE_CURVE_OPTIONS, sitesNeededFor, type CoverageCurve, type CoverageCurveOptions, type CoverageCurvePoint } from '../solvers/covering/coverageCurve.js';
import { createPool } from './createPool.js';
import type { ParallelSolveOptions } from './solveMaximalCoveringParallel.js';
import { shareProblem } from './shareProblem.js';
import { resolveOptions } from '../resolveOptions.js';

/**
 * `coverageCurve` with its values of p (and standards) solved on worker threads, one
 * `solveMaximalCovering` task per (standard, p), each from a cold start so that points are
 * independent; the curve is then assembled in order. Two facts make it consistent whatever
 * the order of completion: coverage never falls as p grows (when a point's answer covers less
 * than the one before, the earlier sites plus the lowest-index allowed sites replace it,
 * evaluated, `feasible`), and a bound at p + 1 also bounds p. Output is identical at any thread
 * count; it may differ from the sequential, warm-started `coverageCurve` where solves are not
 * proven optimal.
 *
 * @example
 * const [curve] = await coverageCurveParallel(problem, { standardMinutes: [30], maxSites: 10 }, { threads: 4 });
 */
export async function coverageCurveParallel(problem: SitingProblem, options: CoverageCurveOptions, engine: ParallelSolveOptions = {}): Promise<CoverageCurve[]> {
  const settings = resolveOptions(DEFAULT_COVERAGE_CURVE_OPTIONS, options);
  if (!Array.isArray(settings.standardMinutes) || settings.standardMinutes.length === 0) {
    throw new AirreachError('E_OPTION', 'standardMinutes must be a non-empty array', { value: settings.standardMinutes, where: { field: 'standardMinutes' } });
  }
  const fixedSites = [...(options.fixedSites ?? [])];
  const forbiddenSites = [...(options.forbiddenSites ?? [])];
  const first = Math.max(1, fixedSites.length);
  const pool = engine.pool ?? createPool({ threads: engine.threads });
  let solved: SolveResult[][];
  try {
    const shared = pool.threads > 1 ? shareProblem(problem) : problem;
    const counts = Array.from({ length: Math.max(0, settings.maxSites - first + 1) }, (_, k) => first + k);
    solved = await Promise.all(
      settings.standardMinutes.map((standardMinutes) =>
        Promise.all(
          counts.map((siteCount) =>
            pool.run<SolveResult>(
              { kind: 'coverageCurvePoint', problem: shared, standardMinutes, siteCount, fixedSites, forbiddenSites, workLimit: settings.workLimit, timeLimitSeconds: settings.timeLimitSeconds, seed: settings.seed },
              { label: `coverage curve point (${standardMinutes} min, p = ${siteCount})`, signal: engine.signal },
            ),
          ),
        ),
      ),
    );
  } finally {
    if (!engine.pool) await pool.close();
  }
  const forbidden = new Set(forbiddenSites);
  return settings.standardMinutes.map((standardMinutes, k) => {
    const points: CoverageCurvePoint[] = [];
    let totalWeight = 0;
    for (const result of solved[k]) {
      totalWeight = Number(result.details?.totalWeight ?? totalWeight);
      let { objective, selectedSites, status } = result;
      const last = points[points.length - 1];
      if (last && objective < last.objective) {
        const padded = new Set(last.selectedSites);
        for (let s = 0; s < problem.siteCount && padded.size < last.siteCount + 1; s++) if (!forbidden.has(s)) padded.add(s);
        selectedSites = [...padded].sort((a, b) => a - b);
        objective = evaluateMaximalCovering(problem, selectedSites, { standardMinutes }).objective;
        status = 'feasible';
      }
      points.push({ siteCount: last ? last.siteCount + 1 : first, objective, bound: result.bound, coveredShare: 0, boundShare: 0, status, stoppedBy: result.stoppedBy, selectedSites });
    }
    // A bound at p + 1 caps the optimum at p too.
    for (let i = points.length - 2; i >= 0; i--) points[i].bound = Math.max(points[i].objective, Math.min(points[i].bound, points[i + 1].bound));
    const share = (value: number) => (totalWeight > 0 ? value / totalWeight : 1);
    for (const point of points) {
      point.coveredShare = share(point.objective);
      point.boundShare = share(point.bound);
      if (point.bound - point.objective <= 1e-9 * Math.max(1, point.objective)) point.status = 'optimal';
    }
    // As the in-thread curve: stop at the first count that covers all demand (further sites are ties).
    const full = totalWeight > 0 ? points.findIndex((point) => point.objective >= totalWeight * (1 - 1e-12)) : -1;
    if (full >= 0) points.length = full + 1;
    return { standardMinutes, totalWeight, points, sitesNeeded: sitesNeededFor(points, totalWeight, settings.targetShares), fullCoverageAt: full >= 0 ? points[full].siteCount : null };
  });
}
