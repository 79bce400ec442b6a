import type { CellBands } from './buildCellIndex.js';
import { SLICE_FIELDS } from './capSlices.js';
import type { SitePlan } from './sitePlanTable.js';

/**
 * The scan work grouped by band: for each band, the (site, from, to, innerFrom, innerTo) slices
 * of every site whose cap reaches it, in site order. Flat: `bandFirst[b] … bandFirst[b + 1] − 1`
 * index quintuples in `work`.
 *
 * @example
 * const { bandFirst, work } = bandTiles(plans, bands);
 * work[SLICE_FIELDS * bandFirst[b]]; // the first site whose cap reaches band b
 */
export interface BandTiles {
  bandFirst: Uint32Array;
  work: Int32Array;
}

/**
 * Groups the sites' cap slices by band (see {@link BandTiles}): both passes of a build walk them
 * band by band, so that a band's unit vectors are read from the cache by every site that
 * reaches it, and each row still lists its cells in band order.
 *
 * @example
 * const { work } = bandTiles(plans, cellIndex.bands);
 * for (let k = 0; k < work.length; k += SLICE_FIELDS) scan(work[k], work[k + 1], work[k + 2]);
 */
export function bandTiles(plans: ReadonlyArray<SitePlan | null>, bands: CellBands): BandTiles {
  const bandCount = bands.bandStarts.length - 1;
  const bandFirst = new Uint32Array(bandCount + 1);
  for (const plan of plans) {
    if (plan === null) continue;
    for (let k = 0; k < plan.slices.length; k += SLICE_FIELDS) bandFirst[plan.slices[k] + 1]++;
  }
  for (let b = 0; b < bandCount; b++) bandFirst[b + 1] += bandFirst[b];
  const work = new Int32Array(SLICE_FIELDS * bandFirst[bandCount]);
  const next = bandFirst.slice(0, bandCount);
  plans.forEach((plan, s) => {
    if (plan === null) return;
    const { slices } = plan;
    for (let k = 0; k < slices.length; k += SLICE_FIELDS) {
      const at = SLICE_FIELDS * next[slices[k]]++;
      // The band's place holds the site: the band is implied by the position in `work`.
      work[at] = s;
      for (let f = 1; f < SLICE_FIELDS; f++) work[at + f] = slices[k + f];
    }
  });
  return { bandFirst, work };
}
