import type { SolveResult } from '../../models/sitingProblem.js';
import { solveMaximalCovering } from '../../solvers/covering/solveMaximalCovering.js';
import type { CoverageCurvePointTask } from '../engineTask.js';

/**
 * One point of a coverage curve: `solveMaximalCovering` at one standard and one p, from a
 * cold start (no warm start from p − 1, so points are independent and may run in any order).
 *
 * @example
 * const result = await coverageCurvePoint({ kind: 'coverageCurvePoint', problem, standardMinutes: 30, siteCount: 4, fixedSites: [], forbiddenSites: [], workLimit: 2e9, timeLimitSeconds: Infinity, seed: 1 });
 */
export function coverageCurvePoint(task: CoverageCurvePointTask): Promise<SolveResult> {
  return solveMaximalCovering(task.problem, {
    standardMinutes: task.standardMinutes,
    siteCount: task.siteCount,
    fixedSites: task.fixedSites,
    forbiddenSites: task.forbiddenSites,
    workLimit: task.workLimit,
    timeLimitSeconds: task.timeLimitSeconds,
    seed: task.seed,
  });
}
