import type { SitingProblem } from '../models/sitingProblem.js';
import { sharedCopy } from '../sharedCopy.js';

/**
 * A copy of a {@link SitingProblem} whose arrays live in `SharedArrayBuffer`s: every task that
 * carries it reaches the workers without another copy (a plain problem is copied once per
 * task). The arrays keep their types, so the copy is a `SitingProblem` like any other.
 *
 * Problems made of one coverage matrix hold the same demand-major arrays
 * (`CoverageMatrix.demandRows`); pass one `copies` map to every call that shares them, and each
 * such array is copied once and the shared copy reused (the arrays are read-only by contract).
 *
 * @example
 * const shared = shareProblem(problem);
 * await Promise.all(starts.map((range) => pool.run({ kind: 'maximalCoveringStarts', problem: shared, ...range })));
 * const copies = new Map();
 * const [all, hazard] = [shareProblem(allDemand, { copies }), shareProblem(hazardDemand, { copies })]; // one copy of the rows
 */
export function shareProblem(problem: SitingProblem, options: ShareProblemOptions = {}): SitingProblem {
  const { copies } = options;
  const share = <T extends Float64Array | Uint32Array>(array: T): T => {
    const held = copies?.get(array);
    if (held) return held as T;
    const copy = sharedCopy(array);
    copies?.set(array, copy);
    return copy;
  };
  const shared: SitingProblem = {
    demandCount: problem.demandCount,
    siteCount: problem.siteCount,
    complete: problem.complete,
    demandWeights: share(problem.demandWeights),
    demandOffsets: share(problem.demandOffsets),
    demandSites: share(problem.demandSites),
    demandMinutes: share(problem.demandMinutes),
  };
  if (problem.siteCosts) shared.siteCosts = share(problem.siteCosts);
  if (problem.siteIds) shared.siteIds = [...problem.siteIds];
  return shared;
}

/** Options of {@link shareProblem}. */
export interface ShareProblemOptions {
  /** Shared copies by source array, filled and reused across calls (see above); none: every array copied. */
  copies?: Map<ArrayLike<number>, Float64Array | Uint32Array>;
}
