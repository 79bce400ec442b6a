import { sitingProblemFromMatrix } from '../../src/models/sitingProblemFromMatrix.js';
import type { SitingProblem } from '../../src/models/sitingProblem.js';

/**
 * Test helper: every point is a demand point and a candidate site; "minutes" are plain
 * Euclidean distances (not rounded), as the Swain and SJC READMEs prescribe, so that
 * `minutes ≤ S` is the READMEs' `d ≤ S`.
 */
export function euclideanProblem(points: ReadonlyArray<readonly number[]>): SitingProblem {
  const minutes = points.map(([x1, y1]) => points.map(([x2, y2]) => Math.hypot(x1 - x2, y1 - y2)));
  return sitingProblemFromMatrix(minutes, { demandWeights: points.map((p) => p[2]) });
}
