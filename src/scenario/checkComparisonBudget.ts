import { AirreachError, type ErrorLocation } from '../errors.js';
import { DEFAULT_COVERAGE_MEMORY_OPTIONS } from './checkCoverageMemory.js';
import { MAX_OUTPUT_STRING_CHARS } from './checkOutputBudget.js';
import { resolveOptions } from '../resolveOptions.js';
import { raiseMemoryBudgetHint } from '../raiseMemoryBudgetHint.js';
import { memorySizeText } from '../memorySizeText.js';

/**
 * Options of {@link checkComparisonBudget}.
 *
 * @example
 * const options: ComparisonBudgetOptions = { where: { file: 'sweep.json', field: '/sweep' } };
 */
export interface ComparisonBudgetOptions {
  /** Largest memory the compared runs may hold together, bytes (default 2 GiB, as a run's coverage matrices). */
  coverageMemoryBytes?: number;
  /** Where the number of runs was set, for the error: the scenario's `/sweep`, or the list of scenarios compared. */
  where?: ErrorLocation;
  /** How to ask for fewer runs, for the error. */
  hint?: string;
}

/**
 * Defaults of {@link checkComparisonBudget}: 2 GiB, located at the scenarios compared.
 *
 * @example
 * DEFAULT_COMPARISON_BUDGET_OPTIONS.coverageMemoryBytes; // 2147483648
 */
export const DEFAULT_COMPARISON_BUDGET_OPTIONS = {
  coverageMemoryBytes: DEFAULT_COVERAGE_MEMORY_OPTIONS.coverageMemoryBytes,
  where: { field: 'scenarioPaths' } as ErrorLocation,
  hint: 'Compare fewer scenarios at a time, or use a coarser grid.resolution (each step ≈ 1/7 of the cells)',
};

/*
 * A comparison holds every run until the page is made (its rows and difference maps read every
 * run's outcomes). Measured with `airreach sweep` of today.json's layers at 1 thread: at
 * resolution 7 (46,397 cells, day and night) each variant more took 24 MB of resident memory
 * (3 → 11 variants: 272 → 465 MB) and 1.96 MB of compare.html; at resolution 8 (322,000 cells)
 * about 120 MB and 10.3 MB; at resolution 5 (888 cells) 230 KB of the page. Hence per run and
 * period 260 bytes a cell held, and per difference map 200 KB (outlines, legend, tables) plus
 * 20 bytes a cell and period drawn.
 */
const HELD_BYTES_PER_CELL_PERIOD = 260;
const MAP_FIXED_BYTES = 200_000;
const MAP_BYTES_PER_CELL_PERIOD = 20;

/**
 * Refuses, before the first run is computed, a comparison (`compare`, `sweep`) of `runCount`
 * runs of about `cellCount` cells and `periodCount` periods that could not finish: the runs held
 * together over `coverageMemoryBytes`, or `compare.html` (a difference map per run after the
 * first) longer than a string can be. A sweep in grid mode multiplies its lists (18,520 variants
 * at most), and was computed variant after variant until the memory ran out. Throws
 * `E_MEMORY_BUDGET` at `where`, with the runs that would fit.
 *
 * @example
 * checkComparisonBudget(49, 46_397, 2, { where: { file: 'sweep.json', field: '/sweep' } });
 */
export function checkComparisonBudget(runCount: number, cellCount: number, periodCount: number, options: ComparisonBudgetOptions = {}): void {
  const { coverageMemoryBytes, where, hint } = resolveOptions(DEFAULT_COMPARISON_BUDGET_OPTIONS, options);
  const heldPerRun = HELD_BYTES_PER_CELL_PERIOD * cellCount * periodCount;
  const mapPerRun = MAP_FIXED_BYTES + MAP_BYTES_PER_CELL_PERIOD * cellCount * periodCount;
  const fits = Math.max(1, Math.min(Math.floor(coverageMemoryBytes / heldPerRun), 1 + Math.floor(MAX_OUTPUT_STRING_CHARS / mapPerRun)));
  if (runCount <= fits) return;
  const mib = memorySizeText;
  const held = heldPerRun * runCount;
  const size = `${runCount.toLocaleString('en-US')} runs of about ${Math.round(cellCount).toLocaleString('en-US')} cells and ${periodCount} period${periodCount === 1 ? '' : 's'}`;
  const brief =
    held > coverageMemoryBytes
      ? `${size} would hold about ${mib(held)} while compared, over the budget of ${mib(coverageMemoryBytes)}`
      : `${size} would make compare.html about ${mib(mapPerRun * (runCount - 1))}, longer than one text can be (${mib(MAX_OUTPUT_STRING_CHARS)})`;
  // A larger budget lets them through only when the page of all of them can still be made.
  const pageFits = 1 + Math.floor(MAX_OUTPUT_STRING_CHARS / mapPerRun) >= runCount;
  const raise = held > coverageMemoryBytes && pageFits ? `; or ${raiseMemoryBudgetHint(held)}` : '';
  throw new AirreachError('E_MEMORY_BUDGET', brief, { value: runCount, where, expected: `at most ${fits.toLocaleString('en-US')} runs at this grid`, hint: `${hint}${raise}` });
}
