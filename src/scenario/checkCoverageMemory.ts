import { AirreachError } from '../errors.js';
import type { DemandGrid } from '../grid/demandGrid.js';
import { estimateCoveragePairs } from '../engine/coverage/estimateCoveragePairs.js';
import type { AircraftType, Period, RefuelPoint, Site } from '../travel/aircraft.js';
import { resolveOptions } from '../resolveOptions.js';
import { raiseMemoryBudgetHint } from '../raiseMemoryBudgetHint.js';
import { memorySizeText } from '../memorySizeText.js';

/** Options of {@link checkCoverageMemory}. */
export interface CoverageMemoryOptions {
  /**
   * Largest memory the coverage matrices of one run may take together (all periods), bytes.
   * A stored (site, cell) pair costs 8 bytes (uint32 cell + float32 minutes).
   */
  coverageMemoryBytes?: number;
  /** Scenario file named in the error. */
  file?: string;
  /** Refuelling points: with any, aircraft reach further (no flight home), and so do the pairs. */
  refuelPoints?: readonly RefuelPoint[];
}

/**
 * Default cap: 2 GiB of matrices, about 268 million pairs — about 7× the Liaoning res-8 run from 300
 * sites at 60 minutes (≈ 4e7 pairs, 320 MB), and leaves room for the grid on an 8 GB machine.
 */
export const DEFAULT_COVERAGE_MEMORY_OPTIONS = { coverageMemoryBytes: 2 * 2 ** 30 };

/** The estimate {@link checkCoverageMemory} checked. */
export interface CoverageMemoryEstimate {
  /** Estimated pairs per period, in the order given. */
  pairsByPeriod: number[];
  /** Estimated bytes of all the periods' matrices. */
  bytes: number;
}

/**
 * Estimates, before any coverage matrix is built, the memory of a run's matrices — per period
 * the (site, cell) pairs within the largest standard ({@link estimateCoveragePairs}: the grid's
 * mean cell density times each site's reach disc, capped at all cells) × 8 bytes plus the row
 * offsets — and refuses the run with `E_MEMORY_BUDGET` when it exceeds `coverageMemoryBytes`,
 * naming the pairs, the bytes and what to change. The estimate spreads cells evenly over the
 * grid's bounding box, so it runs low where bases sit in the densest part of an irregular
 * region: the cap is a guard against runs that are off by orders of magnitude (a national grid
 * at res 9), not an exact limit.
 *
 * @example
 * checkCoverageMemory(grid, bases, AIRCRAFT_CATALOGUE, ['day', 'night'], 120); // throws E_MEMORY_BUDGET when too big
 */
export function checkCoverageMemory(
  grid: Pick<DemandGrid, 'cellCount' | 'latDeg' | 'lngDeg' | 'resolution'>,
  sites: readonly Site[],
  aircraftById: Readonly<Record<string, AircraftType>>,
  periods: readonly Period[],
  maxMinutes: number,
  options: CoverageMemoryOptions = {},
): CoverageMemoryEstimate {
  const { coverageMemoryBytes } = resolveOptions(DEFAULT_COVERAGE_MEMORY_OPTIONS, options);
  if (typeof coverageMemoryBytes !== 'number' || !(coverageMemoryBytes > 0)) {
    throw new AirreachError('E_OPTION', 'coverageMemoryBytes must be a positive number of bytes', {
      value: coverageMemoryBytes,
      where: { field: 'coverageMemoryBytes' },
      expected: 'bytes > 0, e.g. 2147483648 (2 GiB)',
    });
  }
  const pairsByPeriod = periods.map((period) => Math.ceil(estimateCoveragePairs(grid, sites, aircraftById, { maxMinutes, period, refuelPoints: options.refuelPoints })));
  const bytes = pairsByPeriod.reduce((total, pairs) => total + 8 * pairs + 4 * (sites.length + 1) + 32, 0);
  if (bytes > coverageMemoryBytes) {
    const mib = memorySizeText;
    throw new AirreachError(
      'E_MEMORY_BUDGET',
      `the coverage matrices would hold about ${Math.max(...pairsByPeriod).toLocaleString('en-US')} (site, cell) pairs per period, ≈ ${mib(bytes)} for ${periods.length} period(s), over the cap of ${mib(coverageMemoryBytes)}`,
      {
        value: bytes,
        where: { ...(options.file !== undefined ? { file: options.file } : {}), field: '/grid/resolution' },
        expected: `at most ${coverageMemoryBytes} bytes of coverage matrices`,
        hint: `Use resolution ${Math.max(0, grid.resolution - 1)} or coarser (each step ≈ 1/7 of the pairs), fewer bases, a shorter largest standard or fewer periods, or ${raiseMemoryBudgetHint(bytes)}`,
      },
    );
  }
  return { pairsByPeriod, bytes };
}
