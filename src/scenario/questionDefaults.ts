import type { Period } from '../travel/aircraft.js';

/**
 * Defaults of siting questions, in a module of their own so that the scenario session (which
 * announces each question's matrix) and `answerQuestions` read the same values.
 *
 * @example
 * const period = question.period ?? DEFAULT_QUESTION_OPTIONS.period; // 'day'
 */
export const DEFAULT_QUESTION_OPTIONS = {
  period: 'day' as Period,
  /** Work units of each question's solve (see `WorkBudget`): every bundled question ends by proof far within it. */
  workLimit: 5e9,
  /** No clock cap unless the question sets one: a clock would make answers depend on the machine. */
  timeLimitSeconds: Infinity,
  seed: 1,
  demand: 'all' as 'all' | 'hazard',
  keepExisting: true,
  /** Largest response minutes stored for p-median (beyond it a pair counts as unreachable). */
  pMedianMaxMinutes: 600,
  /** Busy fraction of expectedCovering and maximumAvailability questions that set none. */
  busyFraction: 0.2,
  /** Reliability α of maximumAvailability questions that set none. */
  reliability: 0.9,
};
