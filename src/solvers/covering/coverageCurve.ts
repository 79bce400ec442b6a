import { AirreachError } from '../../errors.js';
import type { SitingProblem, SiteRules, SolveStatus, StoppedBy } from '../../models/sitingProblem.js';
import { resolveOptions } from '../../resolveOptions.js';
import type { WorkBudgetOptions } from '../kernel/workBudget.js';
import { solveMaximalCovering, type MaximalCoveringMemo } from './solveMaximalCovering.js';

/** Options of {@link coverageCurve}. */
/**
 * Options of {@link coverageCurve}. The effort (`workLimit`, the `timeLimitSeconds` cap, `signal`,
 * `stopFlag`) applies to each (standard, p) solve: a point the clock cuts says `stoppedBy: 'clock'`.
 */
export interface CoverageCurveOptions extends SiteRules, WorkBudgetOptions {
  /** Response-time standards, one curve each. */
  standardMinutes: readonly number[];
  /** P: the curve runs p = max(1, fixed) … P. */
  maxSites: number;
  /** Shares of total demand for which the bases needed are reported. */
  targetShares?: readonly number[];
  seed?: number;
}

/** Defaults of {@link CoverageCurveOptions}. */
export const DEFAULT_COVERAGE_CURVE_OPTIONS = {
  targetShares: [0.9, 0.95, 0.99, 1] as readonly number[],
  workLimit: 2e9,
  timeLimitSeconds: Infinity,
  seed: 1,
};

/** One point of a coverage curve. */
export interface CoverageCurvePoint {
  siteCount: number;
  objective: number;
  bound: number;
  coveredShare: number;
  /** Upper bound on the share any `siteCount` sites can cover. */
  boundShare: number;
  status: SolveStatus;
  /** What ended the point's solve (`proof` and `budget` are reproducible; absent on points made by hand). */
  stoppedBy?: StoppedBy;
  selectedSites: number[];
}

/** The curve of one standard. */
export interface CoverageCurve {
  standardMinutes: number;
  totalWeight: number;
  points: CoverageCurvePoint[];
  /**
   * Per target share: the fewest sites (≤ P) reaching it (`null` when P sites do not), and
   * whether that is proven (every smaller p has a bound below the target).
   */
  sitesNeeded: Array<{ share: number; siteCount: number | null; proven: boolean }>;
  /**
   * The site count at which every unit of demand is covered, when the curve got there: the
   * curve stops at that point, since any further site would be an arbitrary pick among ties.
   */
  fullCoverageAt: number | null;
}

/**
 * Coverage as a function of the number of bases: for each standard and p = 1 … P, the best
 * covered demand (maximal covering, proven or with its bound), and the bases needed for 90 /
 * 95 / 99 / 100 % of the demand. The curve stops at the first p that covers all demand
 * (`fullCoverageAt`): more sites would only be ties. Each p starts from the answer at p − 1 (warm start: the
 * greedy adds one site to it before the swap search), so consecutive solves mostly confirm; the
 * reduction of each standard is made once (`MaximalCoveringMemo`), its work counted at each p.
 *
 * @example
 * const [curve] = await coverageCurve(problem, { standardMinutes: [30], maxSites: 10 });
 * curve.sitesNeeded; // [{ share: 0.9, siteCount: 4, proven: true }, …]
 */
export async function coverageCurve(problem: SitingProblem, options: CoverageCurveOptions): Promise<CoverageCurve[]> {
  const settings = resolveOptions(DEFAULT_COVERAGE_CURVE_OPTIONS, options);
  if (!Array.isArray(settings.standardMinutes) || settings.standardMinutes.length === 0) {
    throw new AirreachError('E_OPTION', 'standardMinutes must be a non-empty array', { value: settings.standardMinutes, where: { field: 'standardMinutes' } });
  }
  const first = Math.max(1, options.fixedSites?.length ?? 0);
  const curves: CoverageCurve[] = [];
  // Each standard's reduction (the same for every p) is made once, its work counted per point.
  const memo: MaximalCoveringMemo = {};
  for (const standardMinutes of settings.standardMinutes) {
    const points: CoverageCurvePoint[] = [];
    let previous: number[] = [];
    let totalWeight = 0;
    for (let p = first; p <= settings.maxSites; p++) {
      const result = await solveMaximalCovering(problem, {
        standardMinutes,
        siteCount: p,
        fixedSites: options.fixedSites,
        forbiddenSites: options.forbiddenSites,
        workLimit: settings.workLimit,
        timeLimitSeconds: settings.timeLimitSeconds,
        signal: options.signal,
        stopFlag: options.stopFlag,
        seed: settings.seed,
        warmStartSites: previous,
        memo,
      });
      totalWeight = Number(result.details?.totalWeight ?? 0);
      const share = (value: number) => (totalWeight > 0 ? value / totalWeight : 1);
      // Coverage never falls as p grows: a later bound also caps every earlier optimum, and an
      // earlier answer (plus any site) is feasible later. Carry both facts along the curve.
      const last = points[points.length - 1];
      if (last && result.objective < last.objective) throw new AirreachError('E_MODEL', 'coverage fell as p grew (solver bug)', { value: { p, objective: result.objective } });
      points.push({
        siteCount: p,
        objective: result.objective,
        bound: result.bound,
        coveredShare: share(result.objective),
        boundShare: share(result.bound),
        status: result.status,
        stoppedBy: result.stoppedBy,
        selectedSites: result.selectedSites,
      });
      previous = result.selectedSites;
      if (totalWeight > 0 && result.objective >= totalWeight * (1 - 1e-12)) break;
    }
    const lastPoint = points[points.length - 1];
    const fullCoverageAt = lastPoint && totalWeight > 0 && lastPoint.objective >= totalWeight * (1 - 1e-12) ? lastPoint.siteCount : null;
    curves.push({ standardMinutes, totalWeight, points, sitesNeeded: sitesNeededFor(points, totalWeight, settings.targetShares), fullCoverageAt });
  }
  return curves;
}

/**
 * Per target share, the fewest sites of the curve reaching it (`null` when none does), proven
 * when every smaller p's bound lies below it. Shared by `coverageCurve` and its parallel twin.
 *
 * @example
 * sitesNeededFor(points, totalWeight, [0.9, 1]); // [{ share: 0.9, siteCount: 4, proven: true }, …]
 */
export function sitesNeededFor(points: readonly CoverageCurvePoint[], totalWeight: number, targetShares: readonly number[]): CoverageCurve['sitesNeeded'] {
  return targetShares.map((target) => {
    const needed = target * totalWeight;
    const tolerance = 1e-9 * Math.max(1, needed);
    const hit = points.find((point) => point.objective >= needed - tolerance);
    const proven = hit !== undefined && points.every((point) => point.siteCount >= hit.siteCount || point.bound < needed - tolerance);
    return { share: target, siteCount: hit ? hit.siteCount : null, proven };
  });
}
