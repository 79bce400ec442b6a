import type { ModelName } from '../../models/sitingProblem.js';

/** The sizes a solve's memory and work follow, as an instance declares them (before anything is built). */
export interface SolveSizes {
  demandCount: number;
  /** Sites (columns): the matrix's width, or a sparse instance's `candidateCount`. */
  siteCount: number;
  /** Stored (demand, site) pairs. */
  pairCount: number;
  /** p, when the model opens a number of sites. */
  openCount?: number;
  /** P, the aircraft of an expected covering model. */
  aircraftCount?: number;
  /** The most aircraft any one site may hold (default P). */
  aircraftPerSite?: number;
  /** Periods of a multi-period model (phasedRollout's years; default 1). */
  periods?: number;
}

/** Which declared size a part of an estimate grows with. */
export type SizeDriver = 'demand' | 'sites' | 'pairs' | 'sitesSquared' | 'aircraft';

/** An estimate, split by the size each part grows with, so an error can name the field to change. */
export interface SolveSizeEstimate {
  /** Peak bytes of the solve (the problem's arrays, the solver's own, HiGHS's model). */
  bytes: number;
  /** Work units the solve needs at the least to give any answer (the steps that always complete). */
  minimumWork: number;
  /** Bytes per driver; the largest names the field in a refusal. */
  bytesBy: Partial<Record<SizeDriver, number>>;
  /** The driver of `minimumWork`. */
  workDriver: SizeDriver;
}

/**
 * The memory one solve may take, bytes (2 GiB), estimated by {@link estimateSolveSize} before
 * anything is built: an instance of `airreach solve` (`parseInstance`'s `memoryBytes`) and a
 * scenario's siting question (`checkSitingBudget`'s `solveMemoryBytes`) over it are refused.
 *
 * @example
 * if (estimateSolveSize('pMedian', sizes).bytes > DEFAULT_SOLVE_MEMORY_BYTES) refuse();
 */
export const DEFAULT_SOLVE_MEMORY_BYTES = 2 * 2 ** 30;

/**
 * The most memory HiGHS can have, bytes (2 GiB): it runs as WebAssembly whose memory grows up to
 * this and no further (the `highs` package's build, `getHeapMax`: emscripten's default maximum
 * for a growing memory; test/solvers/milp/highsFailure.test.ts reads it from the package). A
 * model HiGHS's copies, presolve and factorisation do not fit in ends in an abort.
 *
 * @example
 * `HiGHS's memory is at most ${HIGHS_MEMORY_BYTES / 2 ** 30} GiB`; // 'HiGHS's memory is at most 2 GiB'
 */
export const HIGHS_MEMORY_BYTES = 2 ** 31;

/**
 * Rough bytes HiGHS holds per model row or column and per matrix entry (its LP, presolve
 * copies, the factorisation's work space). An assumption for refusing models far over the
 * budget, not a measurement of HiGHS.
 */
export const HIGHS_BYTES = { perVector: 150, perEntry: 60 };

/**
 * Estimates, from declared sizes alone (nothing is allocated), the peak memory and the least
 * work of solving `model`: the problem's arrays, each solver's own (the p-median's dense cost
 * rows and its sites × sites swap table, the capacitated models' dense costs, the expected
 * covering MILP's one column per aircraft layer of each demand point), and HiGHS's model where
 * the solver builds one. Used by `parseInstance` (issue 16: a 98-byte instance declaring 2e9
 * sites, or a 1 × 100,000 p-median, must be refused before the first allocation) and by the
 * solvers' own entry checks. Estimates are upper-end: they guard against orders of magnitude.
 *
 * @example
 * estimateSolveSize('pMedian', { demandCount: 1, siteCount: 100_000, pairCount: 100_000, openCount: 5 }).bytesBy.sitesSquared; // 8e10
 */
export function estimateSolveSize(model: ModelName, sizes: SolveSizes): SolveSizeEstimate {
  const { demandCount: n, siteCount: m, pairCount: pairs } = sizes;
  const p = Math.min(sizes.openCount ?? 1, m);
  const bytesBy: Partial<Record<SizeDriver, number>> = {
    // The problem (uint32 site + float64 minutes per pair) and the covering reductions' copies.
    pairs: 48 * pairs,
    demand: 48 * n,
    sites: 64 * m,
  };
  let minimumWork = pairs + n + m;
  let workDriver: SizeDriver = 'pairs';
  const highs = (vectors: number, entries: number) => HIGHS_BYTES.perVector * vectors + HIGHS_BYTES.perEntry * entries;
  switch (model) {
    case 'setCovering':
    case 'maximalCovering':
    case 'pCenter':
      bytesBy.pairs = (bytesBy.pairs ?? 0) + highs(0, pairs);
      bytesBy.demand = (bytesBy.demand ?? 0) + highs(n, n);
      bytesBy.sites = (bytesBy.sites ?? 0) + highs(m, m);
      break;
    case 'backupCovering':
      bytesBy.pairs = (bytesBy.pairs ?? 0) + highs(0, pairs);
      bytesBy.demand = (bytesBy.demand ?? 0) + highs(4 * n, 5 * n);
      bytesBy.sites = (bytesBy.sites ?? 0) + highs(m, m);
      break;
    case 'expectedCovering': {
      const aircraft = sizes.aircraftCount ?? p;
      // One MILP column per demand point and aircraft that could reach it.
      const layers = n * Math.min(aircraft, m * (sizes.aircraftPerSite ?? aircraft));
      bytesBy.pairs = (bytesBy.pairs ?? 0) + highs(0, pairs);
      bytesBy.aircraft = highs(layers, 2 * layers);
      // The greedy places every aircraft, scanning the columns for each.
      minimumWork = aircraft * (pairs + m);
      workDriver = 'aircraft';
      break;
    }
    case 'maximumAvailability':
    case 'doubleStandard':
    case 'fairCovering':
    case 'phasedRollout': {
      // Grouped demand rows (a string key per demand point) and the MILP: per period a column
      // and up to three rows per demand, an entry per pair.
      const periods = sizes.periods ?? 1;
      bytesBy.pairs = (bytesBy.pairs ?? 0) + 16 * pairs + highs(0, 2 * periods * pairs);
      bytesBy.demand = (bytesBy.demand ?? 0) + 64 * n + highs(4 * periods * n, 4 * periods * n);
      bytesBy.sites = (bytesBy.sites ?? 0) + highs(2 * periods * m, 4 * periods * m);
      break;
    }
    case 'pMedian':
      // Dense weighted costs, their sorted order and sorted costs (20 bytes a pair), twice (the
      // local search's and the Lagrangian core's), and the interchange's sites × sites table.
      bytesBy.pairs = (bytesBy.pairs ?? 0) + 40 * n * m;
      bytesBy.sitesSquared = 8 * m * m;
      // The greedy opens p sites, each after a pass over the dense costs.
      minimumWork = p * n * m + m * m;
      workDriver = m * m > p * n * m ? 'sitesSquared' : 'pairs';
      break;
    case 'capacitatedPMedian':
    case 'capacitatedFacilityLocation':
      // Dense costs and their site-major copy (the Lagrangian's knapsacks), and the p-median start.
      bytesBy.pairs = (bytesBy.pairs ?? 0) + 56 * n * m;
      bytesBy.sitesSquared = 8 * m * m;
      minimumWork = p * n * m + n * n;
      break;
  }
  let bytes = 0;
  for (const value of Object.values(bytesBy)) bytes += value;
  return { bytes, minimumWork, bytesBy, workDriver };
}

/**
 * The driver of an estimate's largest part: what to shrink first.
 *
 * @example
 * largestDriver(estimateSolveSize('pMedian', sizes)); // -> 'sitesSquared'
 */
export function largestDriver(estimate: SolveSizeEstimate): SizeDriver {
  let best: SizeDriver = 'pairs';
  let bestBytes = -1;
  for (const [driver, bytes] of Object.entries(estimate.bytesBy) as Array<[SizeDriver, number]>) {
    if (bytes > bestBytes) {
      best = driver;
      bestBytes = bytes;
    }
  }
  return best;
}

/**
 * The largest count from 0 to `upTo` that `fits` (a test that holds up to some count and fails
 * above it), by bisection: what a memory refusal offers instead ("at most 1,151 sites on these
 * cells"), from the same estimate that refused, so that the figure never drifts from the check.
 *
 * @example
 * largestFitting((sites) => estimateSolveSize('pMedian', { demandCount: 46_344, siteCount: sites, pairCount: 0 }).bytes <= 2 ** 31, 3_071); // 1151
 */
export function largestFitting(fits: (count: number) => boolean, upTo: number): number {
  let low = 0;
  let high = upTo;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * A solve's own arrays (`estimateSolveSize` of its model without the problem's pairs, which are
 * its caller's: the p-median's dense costs, the capacitated models' costs and their site-major
 * copy) against a memory budget: `null` when they fit, else their bytes and the most sites (for
 * these demand points) and demand points (for these sites) that would. One rule for the library's
 * `solvePMedian` and `solveCapacitated` and the scenario's `checkSitingBudget`.
 *
 * @example
 * solveMemoryFit('pMedian', 46_344, 3_071, 10, 2 ** 31)?.sitesThatFit; // 1151: today's cells with 3,000 candidates more do not fit
 */
export function solveMemoryFit(model: ModelName, demandCount: number, siteCount: number, openCount: number, memoryBytes: number): { bytes: number; sitesThatFit: number; cellsThatFit: number } | null {
  const bytesFor = (cells: number, sites: number) => estimateSolveSize(model, { demandCount: cells, siteCount: sites, pairCount: 0, openCount }).bytes;
  const bytes = bytesFor(demandCount, siteCount);
  if (bytes <= memoryBytes) return null;
  return {
    bytes,
    sitesThatFit: largestFitting((k) => bytesFor(demandCount, k) <= memoryBytes, siteCount),
    cellsThatFit: largestFitting((k) => bytesFor(k, siteCount) <= memoryBytes, demandCount),
  };
}
