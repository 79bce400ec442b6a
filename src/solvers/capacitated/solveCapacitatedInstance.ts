import { AirreachError } from '../../errors.js';
import type { SolveResult } from '../../models/sitingProblem.js';
import { parseInstance } from '../kernel/parseInstance.js';
import { solveInstance } from '../kernel/solveInstance.js';
import type { CapacitatedSearchOptions } from './solveCapacitated.js';

/**
 * The matrix-form input of the capacitated models (`airreach solve <file>`): `minutes[demand][site]`
 * (`null` = unreachable, as JSON has no Infinity), `demands` per demand point, `capacities` per
 * site, and `siteCount` (p-median) or `openingCosts` (facility location, `siteCount` optional).
 * The same format as every model's (`parseInstance`), so it also takes the sparse `cover` form.
 */
export interface CapacitatedMatrixInstance {
  model: 'capacitatedPMedian' | 'capacitatedFacilityLocation';
  minutes: ReadonlyArray<ReadonlyArray<number | null>>;
  /** Weight of each demand point in the objective (default 1: a plain sum of minutes). */
  demandWeights?: number[];
  demands: number[];
  capacities: number[];
  siteCount?: number;
  exactSiteCount?: boolean;
  openingCosts?: number[];
  fixedSites?: number[];
  forbiddenSites?: number[];
}

/** What {@link solveCapacitatedInstance} returns: the common solve JSON plus the assignment (empty when infeasible). */
export type CapacitatedMatrixResult = Pick<SolveResult, 'status' | 'objective' | 'bound' | 'gap' | 'stoppedBy' | 'work' | 'selectedSites' | 'runtimeMs' | 'solver'> & { assignment: number[] };

/**
 * Solves a capacitated matrix-form instance given as an object: validated by the model
 * registry's schema like any instance file (`parseInstance`: unknown fields refused, errors
 * with JSON paths), then solved by `solveInstance`. `options` are the capacitated search's
 * (`mode`, `restarts` …) and the effort (`workLimit`, `timeLimitSeconds`, `signal`). Throws
 * `E_MODEL` for a wrong model name or a missing field (`siteCount`, `openingCosts`), `E_CAPACITY`
 * with the shortfall, `E_MATRIX` with row and column, …
 *
 * @example
 * const result = await solveCapacitatedInstance(
 *   { model: 'capacitatedPMedian', minutes: [[0, 5], [5, 0], [3, 4]], demands: [2, 2, 1], capacities: [3, 3], siteCount: 2 },
 *   { workLimit: 1e9 },
 * );
 * console.log(JSON.stringify(result));
 */
export async function solveCapacitatedInstance(instance: CapacitatedMatrixInstance, options: CapacitatedSearchOptions = {}): Promise<CapacitatedMatrixResult> {
  const model = (instance as { model?: unknown } | null)?.model;
  if (model !== 'capacitatedPMedian' && model !== 'capacitatedFacilityLocation') {
    throw new AirreachError('E_MODEL', 'unknown capacitated model', { value: model, where: { field: '/model' }, expected: 'capacitatedPMedian or capacitatedFacilityLocation' });
  }
  const { workLimit, timeLimitSeconds, signal, stopFlag, ...solverOptions } = options;
  const parsed = parseInstance(instance, { workLimit });
  const solution = await solveInstance(parsed, { workLimit, timeLimitSeconds, signal, stopFlag, solverOptions });
  return {
    status: solution.status,
    objective: solution.objective,
    bound: solution.bound,
    gap: solution.gap,
    stoppedBy: solution.stoppedBy,
    work: solution.work,
    selectedSites: solution.selectedSites,
    assignment: solution.assignment ?? [],
    runtimeMs: solution.runtimeMs,
    solver: solution.solver,
  };
}
