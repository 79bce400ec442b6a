import { AirreachError } from '../../errors.js';
import type { ModelName, SolveResult } from '../../models/sitingProblem.js';
import type { WorkBudget } from './workBudget.js';

/** A bound within this relative gap of the objective proves it (and the status says `optimal`). */
export const GAP_TOLERANCE = 1e-9;

/**
 * The optimality gap every result reports: |bound − objective| / max(|objective|, 1e-9).
 * The one formula: solvers compare against it to stop, and {@link finishResult} reports it.
 *
 * @example
 * relativeGap(98, 100); // -> 0.0204…
 */
export function relativeGap(objective: number, bound: number): number {
  return Math.abs(bound - objective) / Math.max(Math.abs(objective), 1e-9);
}

/** What a solver knows at the end, for {@link finishResult}. */
export interface FinishInput {
  model: ModelName;
  sense: 'minimize' | 'maximize';
  /** The objective of `selectedSites` as the model's evaluator scores it. */
  objective: number;
  /** The best bound the solver proved; not finite when it proved none (then `trivialBound`). */
  bound: number;
  /**
   * A valid bound that cost nothing (total weight for a maximisation, 0 or each demand at its
   * nearest site for a minimisation): every result carries a finite bound, however short the
   * budget.
   */
  trivialBound: number;
  /** The search proved the objective optimal (a closed tree, a proven MILP …). */
  proven?: boolean;
  /**
   * Whether a bound within {@link GAP_TOLERANCE} of the objective is itself a proof (default
   * true). False for lexicographic models, whose bound holds only for their first stage's answer.
   */
  boundProves?: boolean;
  /** The model has no feasible answer (status `infeasible`; `details` say why). */
  infeasible?: boolean;
  /** Chosen sites, 0-based, ascending. */
  selectedSites: number[];
  /** When set, the answer must have exactly this many sites (p), or it is a solver bug. */
  siteCount?: number;
  solver: string;
  /** `performance.now()` when the solve started. */
  started: number;
  budget: WorkBudget;
  details?: Record<string, unknown>;
}

/**
 * Turns what a solver found into its {@link SolveResult}, with the same rules for every model:
 * - the bound is honest: never on the wrong side of the objective (a feasible answer is itself
 *   a bound), the objective when proven, and `trivialBound` when none was proven;
 * - `gap` is {@link relativeGap}; `status` is `optimal` only when proven (or when the bound
 *   meets the objective), `infeasible` when the model has no answer, else `feasible`;
 * - `stoppedBy` and `work` come from the budget; when HiGHS ran out of memory (`stoppedBy:
 *   'memory'`), `details.stopNote` says so and how to make the problem smaller, and
 *   `details.outOfMemory` gives the model HiGHS was handed (step, rows, columns, entries, bytes);
 * - numbers are finite, and an answer with the wrong number of sites is refused as a bug
 *   rather than reported (issue 16: "optimal" was once said of an empty answer for p = 1).
 *
 * @example
 * return finishResult({ model: 'pMedian', sense: 'minimize', objective, bound: rootBound, trivialBound: 0,
 *   proven: treeClosed, selectedSites, siteCount: p, solver: 'lagrangian-bb', started, budget });
 */
export function finishResult(input: FinishInput): SolveResult {
  const { objective, sense, model } = input;
  if (!Number.isFinite(objective)) {
    throw new AirreachError('E_MODEL', `the ${model} objective is not a finite number (an overflow the input checks missed)`, {
      value: objective,
      hint: 'Scale the weights or costs down; this is a bug if they are far below 1e300',
    });
  }
  if (input.siteCount !== undefined && input.selectedSites.length !== input.siteCount && !input.infeasible) {
    throw new AirreachError('E_MODEL', `the ${model} solver returned ${input.selectedSites.length} sites where ${input.siteCount} were asked (a bug)`, {
      value: input.selectedSites,
      expected: `${input.siteCount} sites`,
    });
  }
  const proven = input.proven === true;
  const found = Number.isFinite(input.bound) ? input.bound : input.trivialBound;
  if (!Number.isFinite(found)) {
    throw new AirreachError('E_MODEL', `the ${model} solver has no finite bound (a bug)`, { value: { bound: input.bound, trivialBound: input.trivialBound } });
  }
  const bound = proven ? objective : sense === 'maximize' ? Math.max(objective, found) : Math.min(objective, found);
  const gap = relativeGap(objective, bound);
  const closed = proven || ((input.boundProves ?? true) && gap <= GAP_TOLERANCE);
  const stoppedBy = input.budget.stoppedBy(closed || input.infeasible === true);
  const stop = stoppedBy === 'memory' ? input.budget.memoryStop : undefined;
  const details = stop ? { ...input.details, stopNote: stop.note, outOfMemory: { step: stop.step, rows: stop.rows, columns: stop.columns, entries: stop.entries, ...(Number.isFinite(stop.memoryBytes) ? { memoryBytes: stop.memoryBytes } : {}) } } : input.details;
  return {
    model,
    status: input.infeasible ? 'infeasible' : closed ? 'optimal' : 'feasible',
    objective,
    bound,
    gap,
    stoppedBy,
    work: input.budget.spent,
    selectedSites: input.selectedSites,
    runtimeMs: performance.now() - input.started,
    solver: input.solver,
    ...(details ? { details } : {}),
  };
}

/**
 * The result of a model with no feasible answer, the same for every solver: status
 * `infeasible`, no sites, and — as no number field may hold Infinity or null — objective, bound
 * and gap 0; `details` say why (a `reason`, and what the model can name: unreachable demand,
 * regions that cannot meet their minimum …).
 *
 * @example
 * if (milp.status === 'infeasible') return infeasibleResult({ model: 'fairCovering', sense: 'maximize', solver: 'highs', started, budget, details: { reason } });
 */
export function infeasibleResult(input: Pick<FinishInput, 'model' | 'sense' | 'solver' | 'started' | 'budget' | 'details'>): SolveResult {
  return finishResult({ ...input, objective: 0, bound: 0, trivialBound: 0, infeasible: true, selectedSites: [] });
}
