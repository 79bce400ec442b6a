import { AirreachError } from '../../errors.js';
import type { SolveResult } from '../../models/sitingProblem.js';
import { MODEL_REGISTRY, type MatrixInstance } from './modelRegistry.js';
import type { WorkBudgetOptions } from './workBudget.js';

/** Options of {@link solveInstance}: the solve's effort (work units; the clock only as a cap) and cancellation. */
export interface SolveInstanceOptions extends WorkBudgetOptions {
  /** Extra options of the model's solver (e.g. `{ mode: 'heuristic' }` for the capacitated models). */
  solverOptions?: Record<string, unknown>;
}

/** Defaults of {@link solveInstance}: the solvers' own (a work budget of 1e10 units, no clock cap). */
export const DEFAULT_SOLVE_INSTANCE_OPTIONS = {};

/**
 * The answer `airreach solve` prints: the solver's {@link SolveResult} (its `stoppedBy` says
 * whether it is reproducible: all but `runtimeMs`, for `proof` and `budget`), with the capacitated
 * models' assignment (the site of each demand point, 0-based) lifted out of the details.
 */
export type InstanceSolution = SolveResult & { assignment?: number[] };

/**
 * Solves a validated matrix-form instance ({@link MatrixInstance}, from `parseInstance`) with
 * the solver the model registry names for it, then scores the answer with the model's own
 * evaluator: an answer the evaluator does not confirm (another objective, a broken p, budget
 * or capacity) is refused as a bug (`E_MODEL`) rather than printed. Returns the fields
 * `airreach solve` prints.
 *
 * @example
 * const answer = await solveInstance(await readInstanceFile('instance.json'), { workLimit: 1e9 });
 * console.log(JSON.stringify({ status: answer.status, objective: answer.objective, stoppedBy: answer.stoppedBy }));
 */
export async function solveInstance(instance: MatrixInstance, options: SolveInstanceOptions = {}): Promise<InstanceSolution> {
  const started = performance.now();
  const entry = MODEL_REGISTRY[instance.model];
  if (!entry) {
    throw new AirreachError('E_MODEL', 'unknown model', { value: instance.model, where: { field: '/model' }, expected: Object.keys(MODEL_REGISTRY).join(' | ') });
  }
  const result = await entry.solve(instance, options);
  if (result.status !== 'infeasible' && result.stoppedBy !== 'signal') {
    const check = await entry.evaluate(instance, result);
    if (!check.feasible || Math.abs(check.objective - result.objective) > 1e-9 * Math.max(1, Math.abs(check.objective))) {
      throw new AirreachError('E_MODEL', `the ${instance.model} solver's answer fails the model's own evaluation (a bug)`, {
        value: { objective: result.objective, evaluated: check.objective, feasible: check.feasible, selectedSites: result.selectedSites },
      });
    }
  }
  // The assignment of the capacitated models is lifted out of the details (printed once).
  const { assignment, ...details } = (result.details ?? {}) as { assignment?: number[] } & Record<string, unknown>;
  return {
    status: result.status,
    objective: result.objective,
    bound: result.bound,
    gap: result.gap,
    stoppedBy: result.stoppedBy,
    work: result.work,
    selectedSites: result.selectedSites,
    ...(assignment !== undefined ? { assignment } : {}),
    runtimeMs: performance.now() - started,
    model: result.model,
    solver: result.solver,
    ...(result.details ? { details } : {}),
  };
}
