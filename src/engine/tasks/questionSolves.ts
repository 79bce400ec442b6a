import type { SitingProblem, SolveResult } from '../../models/sitingProblem.js';
import { serializeTaskError, type SerializedTaskError } from '../taskError.js';
import { solveSetCovering, type SolveSetCoveringOptions } from '../../solvers/covering/solveSetCovering.js';
import { solveMaximalCovering, type SolveMaximalCoveringOptions } from '../../solvers/covering/solveMaximalCovering.js';
import { solveBackupCovering, type SolveBackupCoveringOptions } from '../../solvers/covering/solveBackupCovering.js';
import { solveExpectedCovering, type SolveExpectedCoveringOptions } from '../../solvers/covering/solveExpectedCovering.js';
import { solveMaximumAvailability, type SolveMaximumAvailabilityOptions } from '../../solvers/planning/solveMaximumAvailability.js';
import { solveDoubleStandard, type SolveDoubleStandardOptions } from '../../solvers/planning/solveDoubleStandard.js';
import { solvePhasedRollout, type SolvePhasedRolloutOptions } from '../../solvers/planning/solvePhasedRollout.js';
import { solveFairCovering, type FairCoveringMemo, type SolveFairCoveringOptions } from '../../solvers/planning/solveFairCovering.js';
import { solvePMedian, type SolvePMedianOptions } from '../../solvers/median/solvePMedian.js';
import { solvePCenter, type SolvePCenterOptions } from '../../solvers/median/solvePCenter.js';

/** Options of a question solve as data: no signal, stop flag or budget object (they do not cross threads). */
type Plain<T> = Omit<T, 'signal' | 'stopFlag' | 'workBudget'>;

/**
 * One siting solve of a scenario question, as plain data: the model, the solver's options and,
 * for a phased rollout on a budget, the sites' costs. Fairness solves of one problem name the
 * same `memoKey` and share what they prove (`FairCoveringMemo`) when they run in one task.
 */
export type QuestionSolve =
  | { model: 'setCovering'; options: Plain<SolveSetCoveringOptions> }
  | { model: 'maximalCovering'; options: Plain<SolveMaximalCoveringOptions> }
  | { model: 'backupCovering'; options: Plain<SolveBackupCoveringOptions> }
  | { model: 'expectedCovering'; options: Plain<SolveExpectedCoveringOptions> }
  | { model: 'maximumAvailability'; options: Plain<SolveMaximumAvailabilityOptions> }
  | { model: 'doubleStandard'; options: Plain<SolveDoubleStandardOptions> }
  | { model: 'phasedRollout'; options: Plain<SolvePhasedRolloutOptions>; siteCosts?: Float64Array }
  | { model: 'fairCovering'; options: Plain<Omit<SolveFairCoveringOptions, 'memo'>>; memoKey: string }
  | { model: 'pMedian'; options: Plain<SolvePMedianOptions> }
  | { model: 'pCenter'; options: Plain<SolvePCenterOptions> };

/**
 * Solves of scenario questions on one problem, run in order on one thread: a scenario's
 * independent questions go to the pool as tasks of these, so that they run side by side, and
 * each answer is what the same solve gives in the caller's thread (the solvers stop on counted
 * work, never on the clock).
 */
export interface QuestionSolvesTask {
  kind: 'questionSolves';
  problem: SitingProblem;
  solves: QuestionSolve[];
}

/** A question solve's result, or what it threw (solves after a failed one are not run). */
export type QuestionSolveOutcome = { ok: true; value: SolveResult } | { ok: false; error: unknown };

/**
 * Runs question solves in order on one problem, the fairness solves of one `memoKey` sharing a
 * memo; returns one outcome per solve run, and stops after the first that throws (a cancelled
 * solve rethrows). The same function serves the pool's task and the caller's thread (where
 * `signal` cancels), so a question's answer does not depend on where it ran.
 *
 * @example
 * const [outcome] = await solveQuestions(problem, [{ model: 'setCovering', options: { standardMinutes: 30 } }]);
 * if (outcome.ok) outcome.value.selectedSites;
 */
export async function solveQuestions(problem: SitingProblem, solves: readonly QuestionSolve[], signal?: AbortSignal): Promise<QuestionSolveOutcome[]> {
  const memos = new Map<string, FairCoveringMemo>();
  const outcomes: QuestionSolveOutcome[] = [];
  for (const solve of solves) {
    signal?.throwIfAborted();
    try {
      outcomes.push({ ok: true, value: await solveOne(problem, solve, memos, signal) });
    } catch (error) {
      if (signal?.aborted) throw error;
      outcomes.push({ ok: false, error });
      break;
    }
  }
  return outcomes;
}

/**
 * The pool's handler of a {@link QuestionSolvesTask} (cancellation stops the worker): each
 * solve's result, or its error as plain data.
 *
 * @example
 * const outcomes = await questionSolves({ kind: 'questionSolves', problem, solves });
 */
export async function questionSolves(task: QuestionSolvesTask): Promise<Array<{ ok: true; value: SolveResult } | { ok: false; error: SerializedTaskError }>> {
  const outcomes = await solveQuestions(task.problem, task.solves);
  return outcomes.map((outcome) => (outcome.ok ? outcome : { ok: false, error: serializeTaskError(outcome.error) }));
}

function solveOne(problem: SitingProblem, solve: QuestionSolve, memos: Map<string, FairCoveringMemo>, signal: AbortSignal | undefined): Promise<SolveResult> {
  switch (solve.model) {
    case 'setCovering':
      return solveSetCovering(problem, { ...solve.options, signal });
    case 'maximalCovering':
      return solveMaximalCovering(problem, { ...solve.options, signal });
    case 'backupCovering':
      return solveBackupCovering(problem, { ...solve.options, signal });
    case 'expectedCovering':
      return solveExpectedCovering(problem, { ...solve.options, signal });
    case 'maximumAvailability':
      return solveMaximumAvailability(problem, { ...solve.options, signal });
    case 'doubleStandard':
      return solveDoubleStandard(problem, { ...solve.options, signal });
    case 'phasedRollout':
      return solvePhasedRollout(solve.siteCosts ? { ...problem, siteCosts: solve.siteCosts } : problem, { ...solve.options, signal });
    case 'fairCovering': {
      if (!memos.has(solve.memoKey)) memos.set(solve.memoKey, {});
      return solveFairCovering(problem, { ...solve.options, memo: memos.get(solve.memoKey), signal });
    }
    case 'pMedian':
      return Promise.resolve(solvePMedian(problem, { ...solve.options, signal }));
    case 'pCenter':
      return solvePCenter(problem, { ...solve.options, signal });
  }
}
