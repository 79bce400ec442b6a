import type { SitingProblem } from '../../models/sitingProblem.js';
import type { WorkBudget } from '../kernel/workBudget.js';
import { reduceCovering } from './reduceCovering.js';

/** Options of {@link coverRowsProblem}. */
export interface CoverRowsProblemOptions {
  /** Sites left out of every row (as a solve's `forbiddenSites`). */
  forbiddenSites?: readonly number[];
  /** The budget its pass over the matrix is counted to. */
  workBudget?: WorkBudget;
}

/** Defaults of {@link CoverRowsProblemOptions}. */
export const DEFAULT_COVER_ROWS_PROBLEM_OPTIONS = { forbiddenSites: [] as readonly number[] };

/**
 * The demand as a problem of its cover sets within a standard: each row of equal cover sets
 * one demand point, its weight the row's (summed in demand order), its sites every allowed one
 * that covers it, 0 minutes away. Built by `reduceCovering` without dominance or fixed sites.
 *
 * Why: a maximal covering solve of this problem at the standard, with any fixed sites and the
 * same forbidden ones, reduces to the very model a solve of the problem itself reduces to (the
 * same rows in the same order, their weights equal to the bit, the same columns and dropped
 * sites): rows a fixed site covers are set aside whole, equal cover sets are merged already,
 * and the dominance passes see the same sets. Its reduction passes cost the rows, not the
 * matrix, so a caller with many solves of one standard (the phased rollout: 9 on today's
 * case, each with other fixed sites) pays the matrix once. Only sums over the demand differ by
 * rounding (an evaluation's objective, the weight fixed sites cover): evaluate answers on the
 * problem itself (`evaluateOn` of `solveMaximalCovering`).
 *
 * @example
 * const rows = coverRowsProblem(problem, 30, { forbiddenSites: [4] });
 * const year = await solveMaximalCovering(rows, { standardMinutes: 30, siteCount: 6, fixedSites: [0, 1], forbiddenSites: [4], evaluateOn: problem });
 */
export function coverRowsProblem(problem: SitingProblem, standardMinutes: number, options: CoverRowsProblemOptions = {}): SitingProblem {
  const forbiddenSites = options.forbiddenSites ?? DEFAULT_COVER_ROWS_PROBLEM_OPTIONS.forbiddenSites;
  const rows = reduceCovering(problem, standardMinutes, { forbiddenSites, dominance: 'none', removeFixedCover: false, workBudget: options.workBudget });
  const { rowCount, rowOffsets, rowColumns, columnSites } = rows;
  const demandSites = new Uint32Array(rowOffsets[rowCount]);
  for (let k = 0; k < demandSites.length; k++) demandSites[k] = columnSites[rowColumns[k]];
  return {
    demandCount: rowCount,
    siteCount: problem.siteCount,
    demandWeights: rows.rowWeights,
    demandOffsets: rowOffsets,
    demandSites,
    demandMinutes: new Float64Array(demandSites.length),
    complete: false,
    ...(problem.siteCosts ? { siteCosts: problem.siteCosts } : {}),
  };
}
