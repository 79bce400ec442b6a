import { coverageCurve, type CoverageCurve } from '../../solvers/covering/coverageCurve.js';
import type { CoverageCurveTask } from '../engineTask.js';

/**
 * A whole coverage curve on one worker: the sequential, warm-started `coverageCurve` (each p
 * starts from p − 1's answer), so the curve is the one the caller's thread would draw, to the
 * byte. Why a task: a scenario run draws its curve while the pool solves its questions, and a
 * worker that has solved maximal covering questions already has that code optimised, where the
 * scenario thread would compile it afresh (0.85 s of CPU cold against 0.3 s warm on today.json).
 *
 * @example
 * const curves = await coverageCurveTask({ kind: 'coverageCurve', problem, options: { standardMinutes: [60, 120], maxSites: 7, fixedSites: [0, 1] } });
 */
export function coverageCurveTask(task: CoverageCurveTask): Promise<CoverageCurve[]> {
  return coverageCurve(task.problem, task.options);
}
