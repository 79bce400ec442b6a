import { AirreachError } from '../../errors.js';
import { sitingProblemFromMatrix } from '../../models/sitingProblemFromMatrix.js';
import type { SolveStatus } from '../../models/sitingProblem.js';
import type { CapacitatedSearchOptions } from './solveCapacitated.js';
import { solveCapacitatedFacilityLocation } from './solveCapacitatedFacilityLocation.js';
import { solveCapacitatedPMedian } from './solveCapacitatedPMedian.js';

/**
 * The matrix-form input of the capacitated models (`airreach solve <file>`): `minutes[demand][site]`
 * (`null` = unreachable, as JSON has no Infinity), `demands` per demand point, `capacities` per
 * site, and `siteCount` (p-median) or `openingCosts` (facility location, `siteCount` optional).
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

/** What {@link solveCapacitatedInstance} prints: the common solve JSON plus the assignment. */
export interface CapacitatedMatrixResult {
  status: SolveStatus;
  objective: number;
  bound: number;
  gap: number;
  /** 0-based, ascending. */
  selectedSites: number[];
  /** Site of each demand point (0-based); empty when infeasible. */
  assignment: number[];
  runtimeMs: number;
  solver: string;
}

/**
 * Solves a capacitated matrix-form instance; the function behind `airreach solve` for the
 * models `capacitatedPMedian` and `capacitatedFacilityLocation` (the dispatcher calls it).
 * Throws `E_MODEL` for a wrong model name or a missing model field (`siteCount`,
 * `openingCosts`), and the solvers' typed errors (`E_CAPACITY` with the shortfall, `E_MATRIX`
 * with row and column, …).
 *
 * @example
 * const result = await solveCapacitatedInstance(
 *   { model: 'capacitatedPMedian', minutes: [[0, 5], [5, 0], [3, 4]], demands: [2, 2, 1], capacities: [3, 3], siteCount: 2 },
 *   { timeLimitSeconds: 10 },
 * );
 * console.log(JSON.stringify(result));
 */
export async function solveCapacitatedInstance(instance: CapacitatedMatrixInstance, options: CapacitatedSearchOptions = {}): Promise<CapacitatedMatrixResult> {
  if (instance === null || typeof instance !== 'object') throw new AirreachError('E_MODEL', 'the instance must be a JSON object', { value: instance });
  if (!Array.isArray(instance.minutes)) throw new AirreachError('E_MATRIX', 'minutes must be number[demand][site]', { where: { field: 'minutes' }, value: instance.minutes });
  const minutes = instance.minutes.map((row, r) => {
    if (!Array.isArray(row)) throw new AirreachError('E_MATRIX', 'each minutes row must be an array', { where: { field: 'minutes', row: r }, value: row });
    return row.map((value) => (value === null ? Infinity : value));
  });
  const problem = sitingProblemFromMatrix(minutes, instance.demandWeights === undefined ? {} : { demandWeights: instance.demandWeights });
  const common = {
    ...options,
    demands: instance.demands,
    capacities: instance.capacities,
    fixedSites: instance.fixedSites ?? [],
    forbiddenSites: instance.forbiddenSites ?? [],
  };
  for (const field of ['demands', 'capacities'] as const) {
    if (!Array.isArray(instance[field])) throw new AirreachError('E_MODEL', `${instance.model} needs ${field}`, { where: { field }, value: instance[field] });
  }
  let result;
  if (instance.model === 'capacitatedPMedian') {
    if (instance.siteCount === undefined) throw new AirreachError('E_MODEL', 'capacitatedPMedian needs siteCount', { where: { field: 'siteCount' } });
    result = await solveCapacitatedPMedian(problem, { ...common, siteCount: instance.siteCount });
  } else if (instance.model === 'capacitatedFacilityLocation') {
    if (!Array.isArray(instance.openingCosts)) throw new AirreachError('E_MODEL', 'capacitatedFacilityLocation needs openingCosts', { where: { field: 'openingCosts' } });
    result = await solveCapacitatedFacilityLocation(problem, {
      ...common,
      openingCosts: instance.openingCosts,
      ...(instance.siteCount === undefined ? {} : { siteCount: instance.siteCount }),
      ...(instance.exactSiteCount === undefined ? {} : { exactSiteCount: instance.exactSiteCount }),
    });
  } else {
    throw new AirreachError('E_MODEL', 'unknown capacitated model', { value: (instance as { model?: unknown }).model, where: { field: 'model' }, expected: 'capacitatedPMedian or capacitatedFacilityLocation' });
  }
  return {
    status: result.status,
    objective: result.objective,
    bound: result.bound,
    gap: result.gap,
    selectedSites: result.selectedSites,
    assignment: (result.details?.assignment as number[] | undefined) ?? [],
    runtimeMs: result.runtimeMs,
    solver: result.solver,
  };
}
