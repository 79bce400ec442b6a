import { createRandom } from '../../random.js';
import { greedyCovering } from '../../solvers/covering/greedyCovering.js';
import { interchange } from '../../solvers/covering/interchange.js';
import { reduceCovering } from '../../solvers/covering/reduceCovering.js';
import { CoverState } from '../../solvers/covering/coverState.js';
import type { MaximalCoveringStartsResult, MaximalCoveringStartsTask } from '../engineTask.js';

/**
 * The seed of start `start` of a multi-start search seeded `seed`: a fixed integer mix, so
 * every start has its own stream whatever worker or thread count runs it.
 *
 * @example
 * createRandom(startSeed(1, 7)); // the random source of start 7
 */
export function startSeed(seed: number, start: number): number {
  let h = Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(start + 1, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) | 0;
}

/**
 * Runs starts `[startFirst, startEnd)` of the maximal covering multi-start local search: the
 * model is reduced exactly as `solveMaximalCovering` reduces it (fixed cover removed, dominated
 * sites dropped), then each start is a greedy (start 0 plain, the others randomised from
 * {@link startSeed}) followed by swap interchange. Returns each start's covered weight (fixed
 * cover included) and sites.
 *
 * @example
 * const { starts } = maximalCoveringStarts({ kind: 'maximalCoveringStarts', problem, standardMinutes: 30, siteCount: 5, fixedSites: [], forbiddenSites: [], seed: 1, startFirst: 0, startEnd: 4 });
 */
export function maximalCoveringStarts(task: MaximalCoveringStartsTask): MaximalCoveringStartsResult {
  const model = reduceCovering(task.problem, task.standardMinutes, {
    fixedSites: task.fixedSites,
    forbiddenSites: task.forbiddenSites,
    dominance: 'count',
    removeFixedCover: true,
  });
  const count = Math.min(Math.max(0, task.siteCount - model.fixedSites.length), model.columnCount);
  const state = new CoverState(model);
  const starts: MaximalCoveringStartsResult['starts'] = [];
  for (let start = task.startFirst; start < task.startEnd; start++) {
    greedyCovering(model, count, start === 0 ? { state } : { state, random: createRandom(startSeed(task.seed, start)) });
    interchange(state);
    const sites: number[] = [...model.fixedSites];
    for (let c = 0; c < model.columnCount; c++) if (state.chosen[c]) sites.push(model.columnSites[c]);
    sites.sort((a, b) => a - b);
    starts.push({ start, covered: state.covered + model.fixedCoveredWeight, sites });
  }
  return { starts };
}
