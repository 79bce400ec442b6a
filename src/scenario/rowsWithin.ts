import type { CoverageMatrix } from '../coverage/coverageMatrix.js';

/** The pairs of a coverage matrix grouped by site, as {@link rowsWithin} reads them. */
export type SitePairs = Pick<CoverageMatrix, 'siteCount' | 'cellCount' | 'offsets' | 'cells' | 'minutes'>;

/**
 * For each of `sites`, the cells its pairs reach within `standardMinutes` (a pair counts when
 * its minutes are ≤ the standard, as `countCover` counts it), in the matrix's order; `null`
 * when one of `sites` is not a site index of the matrix (the caller takes its general path,
 * which names the bad index). Reads the given sites' own pairs only: a siting problem holds
 * the same pairs grouped by cell, where covering a few sites means scanning all of them.
 *
 * @example
 * const [first, second] = rowsWithin(matrix, [0, 3], 30)!; // cells site 0, then site 3, reaches within 30 min
 */
export function rowsWithin(matrix: SitePairs, sites: readonly number[], standardMinutes: number): Uint32Array[] | null {
  const { offsets, cells, minutes } = matrix;
  for (const site of sites) if (!Number.isInteger(site) || site < 0 || site >= matrix.siteCount) return null;
  return sites.map((site) => {
    const start = offsets[site];
    const end = offsets[site + 1];
    let count = 0;
    for (let k = start; k < end; k++) if (minutes[k] <= standardMinutes) count++;
    const out = new Uint32Array(count);
    let at = 0;
    for (let k = start; k < end; k++) if (minutes[k] <= standardMinutes) out[at++] = cells[k];
    return out;
  });
}
