import type { CoverageMatrix } from '../coverage/coverageMatrix.js';

/**
 * The input every siting model reads: demand points (H3 cells, or rows of a user's matrix),
 * candidate sites, and the response minutes between them, grouped by demand point
 * (compressed rows). Only pairs that matter are stored: a coverage matrix stores pairs within
 * its `maxMinutes`; a dense matrix stores every finite pair.
 *
 * Built by `sitingProblemFromMatrix` (dense `minutes[demand][site]`), or
 * `sitingProblemFromCoverage` (the coverage engine's matrix plus the grid's demand).
 *
 * @example
 * const problem = sitingProblemFromMatrix([[5, 20], [30, 10]], { demandWeights: [1, 2] });
 * problem.demandSites.subarray(problem.demandOffsets[1], problem.demandOffsets[2]); // sites of demand 1
 */
export interface SitingProblem {
  demandCount: number;
  siteCount: number;
  /** Weight of each demand point (hazard-weighted demand, population, …); ≥ 0. */
  demandWeights: Float64Array;
  /** Pairs of demand `i` span `demandOffsets[i] … demandOffsets[i + 1] - 1`, ascending by site. */
  demandOffsets: Uint32Array;
  demandSites: Uint32Array;
  /** Response minutes (or any cost: distance, time) of each stored pair. */
  demandMinutes: Float64Array;
  /** True when every (demand, site) pair is stored (dense input); p-median and p-center need it, or a cap. */
  complete: boolean;
  /** Cost of each site, when the model uses costs; else undefined (all 1). */
  siteCosts?: Float64Array;
  /** Optional label of each site, for reports (ids of bases). */
  siteIds?: string[];
}

/** Sites that must be chosen, and sites that must not be. Indexes into the problem's sites. */
export interface SiteRules {
  fixedSites?: readonly number[];
  forbiddenSites?: readonly number[];
}

/**
 * `status` is `optimal` only when optimality was proven (bound = objective within tolerance);
 * a heuristic or time-limited answer is `feasible` with its `bound` and `gap`; `infeasible` comes
 * with a diagnostic.
 */
export type SolveStatus = 'optimal' | 'feasible' | 'infeasible';

/**
 * What ended a solve:
 * - `proof`: optimality (or infeasibility) was proven, and neither the clock nor a signal cut
 *   any step short;
 * - `budget`: the deterministic work budget, or a step's own deterministic limit (a node or
 *   iteration limit, a heuristic mode's fixed steps), ended it before a proof;
 * - `clock`: the wall-clock cap cut some step short;
 * - `signal`: the caller's abort signal (or stop flag) cut it short;
 * - `memory`: HiGHS ran out of its WebAssembly memory (2 GiB) on the exact step: the answer is
 *   the best the heuristics found, with the best bound proven before, and `details.stopNote`
 *   says on what model it ran out and how to make the problem smaller.
 *
 * `proof` and `budget` answers are reproducible: the same inputs and options give the same
 * bytes on any machine, at any load and thread count (`runtimeMs` aside). `clock` and `signal`
 * answers are not. A `memory` answer is as reproducible as HiGHS's use of its memory (the same
 * model fails at the same point), but the solve never reached the work it was allowed.
 */
export type StoppedBy = 'proof' | 'budget' | 'clock' | 'signal' | 'memory';

/**
 * What every solve returns: a new value, never a mutated model.
 *
 * `gap` is |objective − bound| / max(|objective|, 1e-9): 0 when proven optimal.
 *
 * @example
 * const result = await solveMaximalCovering(problem, { siteCount: 3, standardMinutes: 60 });
 * if (result.status !== 'optimal') console.warn(`gap ${(result.gap * 100).toFixed(2)} %`);
 */
export interface SolveResult {
  model: ModelName;
  status: SolveStatus;
  /** The model's objective for `selectedSites`, as its evaluator computes it. */
  objective: number;
  /** A proven bound on the optimum (upper for maximisation, lower for minimisation); always finite. */
  bound: number;
  /** |objective − bound| / max(|objective|, 1e-9); always finite. */
  gap: number;
  /** What ended the solve; `proof` and `budget` answers are reproducible (see {@link StoppedBy}). */
  stoppedBy: StoppedBy;
  /** Work units spent (deterministic unless `stoppedBy` is `clock` or `signal`). */
  work: number;
  /** Chosen sites, 0-based, ascending. */
  selectedSites: number[];
  runtimeMs: number;
  /** Which solver produced the answer, e.g. `greedy+interchange`, `lagrangian-bb`, `highs`. */
  solver: string;
  /** Model-specific details (covered demand, assignment, diagnostics …). */
  details?: Record<string, unknown>;
}

/** Names of the models, as used in matrix-form files and scenario files. */
export type ModelName =
  | 'setCovering'
  | 'maximalCovering'
  | 'backupCovering'
  | 'expectedCovering'
  | 'pMedian'
  | 'pCenter'
  | 'capacitatedPMedian'
  | 'capacitatedFacilityLocation'
  | 'maximumAvailability'
  | 'doubleStandard'
  | 'phasedRollout'
  | 'fairCovering';

export type { CoverageMatrix };
