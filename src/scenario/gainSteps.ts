import type { SitingProblem } from '../models/sitingProblem.js';
import { countCover } from '../models/countCover.js';
import { rowsWithin, type SitePairs } from './rowsWithin.js';
import { coveredShareOf } from './coveredShareOfSites.js';

/** One step of {@link gainSteps}: the site added (null for the kept bases alone), the covered share after it, and what it added. */
export interface GainStep {
  siteId: string | null;
  siteName: string | null;
  coveredShare: number;
  gainShare: number;
}

/** Options of {@link gainSteps}. */
export interface GainStepsOptions {
  /**
   * The coverage matrix the problem was made of (`sitingProblemFromCoverage`: the same pairs,
   * grouped by site): the rows of the kept and added sites are then read from their own pairs
   * alone instead of a scan of every pair of the problem (2.3 M on today's 120-min matrix, for
   * 3 sites of 71). The steps are the same to the last bit.
   */
  matrix?: SitePairs;
}

/** Defaults of {@link gainSteps}: every pair of the problem scanned. */
export const DEFAULT_GAIN_STEPS_OPTIONS: Readonly<GainStepsOptions> = Object.freeze({ matrix: undefined });

/**
 * Coverage of the kept bases, then after adding the chosen new sites one by one, the largest
 * gain first (ties: the lowest site index). Each share is the one `evaluateMaximalCovering`
 * gives for the same set, to the last bit: demand weights are summed in row order, as there.
 * Why not call it per candidate: that scans every pair of the matrix for each of the
 * k (k + 1) / 2 candidate sets, which on today's province was a fifth of a second of the
 * scenario thread; here the pairs are scanned once and each candidate costs one pass over the rows.
 *
 * @example
 * const steps = gainSteps(problem, [0, 1], [7, 3], 30, sites); // steps[0] is the kept bases alone
 * gainSteps(problem, [0, 1], [7, 3], 30, sites, { matrix }); // the same, from the sites' own pairs
 */
export function gainSteps(
  problem: SitingProblem,
  fixedSites: readonly number[],
  added: readonly number[],
  standardMinutes: number,
  sites: ReadonlyArray<{ id: string; name: string }>,
  options: GainStepsOptions = {},
): GainStep[] {
  const { demandCount, demandWeights } = problem;
  const matrix = options.matrix ?? DEFAULT_GAIN_STEPS_OPTIONS.matrix;
  const bySite = matrix !== undefined && matrix.cellCount === demandCount && matrix.siteCount === problem.siteCount ? rowsWithin(matrix, [...fixedSites, ...added], standardMinutes) : null;
  const covered = new Uint8Array(demandCount);
  const position = new Int32Array(problem.siteCount).fill(-1);
  added.forEach((site, k) => (position[site] = k));
  let rows: ArrayLike<number>[];
  if (bySite) {
    for (let f = 0; f < fixedSites.length; f++) for (const i of bySite[f]) covered[i] = 1;
    rows = added.map((_, k) => bySite[fixedSites.length + k]);
  } else rows = problemRows(problem, fixedSites, added, position, standardMinutes, covered);
  const extra = new Uint8Array(demandCount);
  const share = (candidate: ArrayLike<number> | null): number => {
    if (candidate) for (let k = 0; k < candidate.length; k++) extra[candidate[k]] = 1;
    const value = coveredShareOf(demandWeights, covered, extra, demandCount);
    if (candidate) for (let k = 0; k < candidate.length; k++) extra[candidate[k]] = 0;
    return value;
  };
  let currentShare = share(null);
  const steps: GainStep[] = [{ siteId: null, siteName: null, coveredShare: currentShare, gainShare: 0 }];
  const remaining = [...added].sort((a, b) => a - b);
  while (remaining.length > 0) {
    let best = -1;
    let bestShare = -1;
    for (const s of remaining) {
      const candidate = share(rows[position[s]]);
      if (candidate > bestShare) {
        bestShare = candidate;
        best = s;
      }
    }
    remaining.splice(remaining.indexOf(best), 1);
    const reached = rows[position[best]];
    for (let k = 0; k < reached.length; k++) covered[reached[k]] = 1;
    steps.push({ siteId: sites[best].id, siteName: sites[best].name, coveredShare: bestShare, gainShare: bestShare - currentShare });
    currentShare = bestShare;
  }
  return steps;
}

/**
 * The rows of the problem the kept sites cover within the standard (into `covered`), and the
 * rows each added site reaches (ascending), from a scan of every pair of the problem.
 */
function problemRows(problem: SitingProblem, fixedSites: readonly number[], added: readonly number[], position: Int32Array, standardMinutes: number, covered: Uint8Array): number[][] {
  const { demandCount, demandOffsets, demandSites, demandMinutes } = problem;
  const reach = countCover(problem, fixedSites, standardMinutes);
  for (let i = 0; i < demandCount; i++) covered[i] = reach[i] > 0 ? 1 : 0;
  const rows: number[][] = added.map(() => []);
  for (let i = 0; i < demandCount; i++) {
    for (let k = demandOffsets[i], end = demandOffsets[i + 1]; k < end; k++) {
      const at = position[demandSites[k]];
      if (at >= 0 && demandMinutes[k] <= standardMinutes) {
        const list = rows[at];
        if (list[list.length - 1] !== i) list.push(i);
      }
    }
  }
  return rows;
}
