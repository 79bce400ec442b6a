import { resolveOptions } from '../resolveOptions.js';

/** Options of {@link checkRefuelScan}. */
export interface RefuelScanOptions {
  /** Seconds of scan over all periods from which the user is warned. */
  warnAfterSeconds?: number;
  /** Seconds one point-cell comparison takes (the measured rate the time is estimated at). */
  secondsPerComparison?: number;
  /** Receives the warning (a sentence, no "warning:" prefix), when there is one. */
  onWarning?: (text: string) => void;
}

/**
 * Defaults of {@link checkRefuelScan}: a warning from a minute of scan, at 1e-7 s a point-cell
 * comparison on a 2-core VM. Measured there (2026-12-07, today's 46,397 cells, day and night):
 * 1,000 points took 3.7 s more CPU than 10 (9.3e7 comparisons, 4e-8 s each; 42 s against 8-13 s
 * wall at a load of 8); 10,000 points ran 27 s for the day's coverage (6e-8 s each) and 207 s in
 * all. So 10,000 points over today's grid (about 93 s) are warned of, and 100 over a national
 * 2,000,000-cell grid (about 40 s over two periods) are not.
 */
export const DEFAULT_REFUEL_SCAN_OPTIONS = { warnAfterSeconds: 60, secondsPerComparison: 1e-7, onWarning: (() => undefined) as (text: string) => void };

/**
 * Estimates, once the grid's cell count is known and before the coverage, the time the
 * refuelling points will take: each period's coverage finds every cell's nearest refuelling point
 * and its response at it, a pass over the points per cell. The layer's own cap (10,000 points)
 * allows 2e10 comparisons a period on a 2,000,000-cell grid, some 30 min at the measured rate,
 * and a run said nothing of it. Warns through `onWarning` (the run goes on: no input is refused,
 * as a long run is the user's choice) when the estimate over all periods passes
 * `warnAfterSeconds`, naming the points, the cells, the estimate and how to shorten it.
 * Returns the estimated seconds.
 *
 * @example
 * checkRefuelScan(grid.cellCount, inputs.refuelPoints?.length ?? 0, inputs.periods.length, { onWarning: console.warn });
 */
export function checkRefuelScan(cellCount: number, refuelPointCount: number, periodCount: number, options: RefuelScanOptions = {}): number {
  const { warnAfterSeconds, secondsPerComparison, onWarning } = resolveOptions(DEFAULT_REFUEL_SCAN_OPTIONS, options);
  const perPeriod = cellCount * refuelPointCount;
  const seconds = perPeriod * periodCount * secondsPerComparison;
  if (seconds > warnAfterSeconds) {
    const count = (value: number) => value.toLocaleString('en-US');
    const minutes = seconds / 60;
    onWarning(
      `${count(refuelPointCount)} refuelling points (/layers/refuelPoints) over ${count(cellCount)} cells make ${perPeriod.toExponential(1)} point-cell comparisons a period: about ${minutes >= 2 ? `${Math.round(minutes)} min` : `${Math.round(seconds)} s`} of coverage over ${periodCount === 1 ? 'the period' : `the ${periodCount} periods`} on a 2-core machine. To shorten it, keep the airfields and fuel depots aircraft would actually use, or use a coarser grid.resolution`,
    );
  }
  return seconds;
}
