import type { SitingProblem } from '../models/sitingProblem.js';

/**
 * A copy of a {@link SitingProblem} whose arrays live in `SharedArrayBuffer`s: every task that
 * carries it reaches the workers without another copy (a plain problem is copied once per
 * task). The arrays keep their types, so the copy is a `SitingProblem` like any other.
 *
 * @example
 * const shared = shareProblem(problem);
 * await Promise.all(starts.map((range) => pool.run({ kind: 'maximalCoveringStarts', problem: shared, ...range })));
 */
export function shareProblem(problem: SitingProblem): SitingProblem {
  const shared: SitingProblem = {
    demandCount: problem.demandCount,
    siteCount: problem.siteCount,
    complete: problem.complete,
    demandWeights: share(problem.demandWeights, Float64Array),
    demandOffsets: share(problem.demandOffsets, Uint32Array),
    demandSites: share(problem.demandSites, Uint32Array),
    demandMinutes: share(problem.demandMinutes, Float64Array),
  };
  if (problem.siteCosts) shared.siteCosts = share(problem.siteCosts, Float64Array);
  if (problem.siteIds) shared.siteIds = [...problem.siteIds];
  return shared;
}

function share<T extends Float64Array | Uint32Array>(array: T, Type: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }): T {
  const copy = new Type(new SharedArrayBuffer(array.length * Type.BYTES_PER_ELEMENT));
  copy.set(array as never);
  return copy;
}
