import { AirreachError } from '../errors.js';
import type { SitingProblem, SolveResult } from '../models/sitingProblem.js';
import { DEFAULT_SOLVE_MAXIMAL_COVERING_OPTIONS, solveMaximalCovering, type SolveMaximalCoveringOptions } from '../solvers/covering/solveMaximalCovering.js';
import { createPool, type AirreachPool } from './createPool.js';
import type { MaximalCoveringStart, MaximalCoveringStartsResult } from './engineTask.js';
import { shareProblem } from './shareProblem.js';
import { resolveOptions } from '../resolveOptions.js';

/** Engine options of {@link solveMaximalCoveringParallel}. */
export interface ParallelSolveOptions {
  /** The pool to run on; without one, a pool of `threads` is made for the call. */
  pool?: AirreachPool;
  threads?: number;
  /** Cancels the search; running starts are stopped. */
  signal?: AbortSignal;
  /**
   * Below this many (site, demand) pairs × starts the starts run in the caller's thread: each
   * worker would first have to reduce the model and receive a copy of the problem, which costs
   * more than the starts it takes over.
   */
  minParallelStartPairs?: number;
}

/**
 * Defaults of {@link ParallelSolveOptions}. `minParallelStartPairs`: on the engine benchmark's
 * problem (1.0 M pairs, p = 10) 33 starts took 0.18–0.27 s in one thread and were slower on two
 * (0.35–0.40 s): a start is cheap next to reducing the model in each worker. 100 M pair-starts
 * keeps such solves in-thread.
 */
export const DEFAULT_PARALLEL_SOLVE_OPTIONS = { threads: undefined as number | undefined, minParallelStartPairs: 100_000_000 };

/**
 * `solveMaximalCovering` with its multi-start local search spread over worker threads. Start 0
 * is the plain greedy, starts 1 … `starts` are randomised greedy runs, each from its own seed
 * derived from `(seed, start)` (`startSeed`), each followed by swap interchange; the best start
 * wins, ties to the lowest start index. Its sites then warm-start `solveMaximalCovering` (with
 * no further random starts) in the caller's thread for the Lagrangian bound and, if a gap is
 * left and `exact`, HiGHS. The answer is therefore the same at any thread count, including 0.
 *
 * The solver has no per-start entry point, so the starts re-implement its heuristic phase from
 * its public parts (`reduceCovering`, `greedyCovering`, `interchange`); with one shared random
 * stream its own starts differ from these, so answers may differ from `solveMaximalCovering`
 * (both are valid; the status and bound are honest either way). A `budget` model has no
 * multi-start: it is passed to `solveMaximalCovering` unchanged.
 *
 * @example
 * const result = await solveMaximalCoveringParallel(problem, { standardMinutes: 30, siteCount: 8, starts: 16 }, { pool });
 */
export async function solveMaximalCoveringParallel(
  problem: SitingProblem,
  options: SolveMaximalCoveringOptions,
  engine: ParallelSolveOptions = {},
): Promise<SolveResult> {
  const settings = resolveOptions(DEFAULT_SOLVE_MAXIMAL_COVERING_OPTIONS, options);
  if (options.siteCount === undefined) return solveMaximalCovering(problem, options);
  if (!Number.isInteger(settings.starts) || settings.starts < 0) {
    throw new AirreachError('E_OPTION', 'starts must be a whole number ≥ 0', { value: settings.starts, where: { field: 'starts' } });
  }
  const started = performance.now();
  const { minParallelStartPairs } = resolveOptions(DEFAULT_PARALLEL_SOLVE_OPTIONS, engine);
  // The same tasks run either way (so the answer does not depend on where they ran); a small
  // search just runs them in this thread.
  const inThread = problem.demandSites.length * (settings.starts + 1) < minParallelStartPairs;
  const pool = inThread ? createPool({ threads: 0 }) : (engine.pool ?? createPool({ threads: engine.threads }));
  let starts: MaximalCoveringStart[];
  try {
    const shared = pool.threads > 1 ? shareProblem(problem) : problem;
    const startCount = settings.starts + 1;
    // Ranges only decide where starts run, never what they find. One range per thread: each
    // range reduces the model once, so more ranges would repeat that work.
    const chunkCount = Math.min(startCount, Math.max(1, pool.threads));
    const ranges = Array.from({ length: chunkCount }, (_, k) => [Math.floor((k * startCount) / chunkCount), Math.floor(((k + 1) * startCount) / chunkCount)]);
    const results = await Promise.all(
      ranges.map(([startFirst, startEnd]) =>
        pool.run<MaximalCoveringStartsResult>(
          {
            kind: 'maximalCoveringStarts',
            problem: shared,
            standardMinutes: settings.standardMinutes,
            siteCount: options.siteCount as number,
            fixedSites: [...(options.fixedSites ?? [])],
            forbiddenSites: [...(options.forbiddenSites ?? [])],
            seed: settings.seed,
            startFirst,
            startEnd,
          },
          { label: `maximal covering starts ${startFirst}–${startEnd - 1}`, signal: engine.signal },
        ),
      ),
    );
    starts = results.flatMap((result) => result.starts);
  } finally {
    if (inThread || !engine.pool) await pool.close();
  }
  let best = starts[0];
  for (const start of starts) if (start.covered > best.covered || (start.covered === best.covered && start.start < best.start)) best = start;
  // The starts ran on the pool; the rest of the solve keeps what is left of the clock cap (its
  // work budget is its own: the answer does not depend on where the starts ran).
  const elapsedSeconds = (performance.now() - started) / 1000;
  const result = await solveMaximalCovering(problem, {
    ...options,
    starts: 0,
    warmStartSites: best.sites,
    ...(options.timeLimitSeconds !== undefined ? { timeLimitSeconds: Math.max(0.001, options.timeLimitSeconds - elapsedSeconds) } : {}),
  });
  return {
    ...result,
    runtimeMs: performance.now() - started,
    solver: `parallel-multistart(${starts.length})+${result.solver}`,
    details: { ...result.details, bestStart: best.start, startCovered: starts.map((s) => s.covered) },
  };
}
