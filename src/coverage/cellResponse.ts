import { AirreachError } from '../errors.js';
import type { CoverageMatrix } from './coverageMatrix.js';

/** Options of {@link cellResponse}. */
export interface CellResponseOptions {
  /** Response-time standards, minutes; counted per standard in `redundancy`. */
  standardsMinutes?: readonly number[];
}

/** Defaults of {@link cellResponse}: the tiered 30 / 60 / 120-minute standards. */
export const DEFAULT_CELL_RESPONSE_OPTIONS: { standardsMinutes: readonly number[] } = {
  standardsMinutes: [30, 60, 120],
};

/** Per-cell response statistics of a coverage matrix. */
export interface CellResponse {
  /** Fastest response over all sites, minutes (float32 as stored); `Infinity` when no site reaches the cell within the matrix's `maxMinutes`. */
  fastestMinutes: Float32Array;
  /** Site (matrix row) giving it; -1 when none. Ties → lowest site index. */
  fastestSite: Int32Array;
  /** The standards, in the order given. */
  standardsMinutes: number[];
  /** `redundancy[k][c]`: how many sites reach cell `c` within `standardsMinutes[k]` (saturates at 65,535). */
  redundancy: Uint16Array[];
}

/**
 * From a coverage matrix: per cell the fastest response and the site giving it, and per
 * standard how many sites reach the cell within it (the redundancy, for backup coverage).
 *
 * Standards are compared, with `≤`, to the stored float32 minutes. A standard above the matrix's
 * `maxMinutes` counts only what was stored, so it is refused (`E_OPTION`). The aircraft type
 * behind a cell's fastest response is not stored: recompute it with `fastestAircraftAtCell`.
 *
 * @example
 * const { fastestMinutes, fastestSite, redundancy } = cellResponse(matrix, { standardsMinutes: [30, 60, 120] });
 * redundancy[1][c]; // number of bases reaching cell c within 60 minutes
 */
export function cellResponse(matrix: CoverageMatrix, options: CellResponseOptions = {}): CellResponse {
  const standardsMinutes = [...(options.standardsMinutes ?? DEFAULT_CELL_RESPONSE_OPTIONS.standardsMinutes)];
  standardsMinutes.forEach((standard, k) => {
    if (typeof standard !== 'number' || !(standard > 0) || standard > matrix.maxMinutes) {
      throw new AirreachError('E_OPTION', `standard ${k} is not a number of minutes within the matrix's maxMinutes`, {
        value: standard,
        where: { field: `standardsMinutes/${k}` },
        expected: `minutes in (0, ${matrix.maxMinutes}]`,
        hint: 'Build the coverage matrix with maxMinutes at least the largest standard',
      });
    }
  });
  const { siteCount, cellCount, offsets, cells, minutes } = matrix;
  const fastestMinutes = new Float32Array(cellCount).fill(Infinity);
  const fastestSite = new Int32Array(cellCount).fill(-1);
  const redundancy = standardsMinutes.map(() => new Uint16Array(cellCount));
  const standardCount = standardsMinutes.length;
  const standards = Float64Array.from(standardsMinutes);
  // Sites in ascending order with a strict `<`: the first (lowest) site keeps a tie.
  for (let s = 0; s < siteCount; s++) {
    for (let k = offsets[s], end = offsets[s + 1]; k < end; k++) {
      const cell = cells[k];
      const m = minutes[k];
      if (m < fastestMinutes[cell]) {
        fastestMinutes[cell] = m;
        fastestSite[cell] = s;
      }
      for (let t = 0; t < standardCount; t++) {
        if (m <= standards[t] && redundancy[t][cell] < 65535) redundancy[t][cell]++;
      }
    }
  }
  return { fastestMinutes, fastestSite, standardsMinutes, redundancy };
}
