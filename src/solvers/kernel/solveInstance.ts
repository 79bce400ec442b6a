import { AirreachError } from '../../errors.js';
import type { MatrixInstance } from '../../io/readInstance.js';
import type { SolveResult, SolveStatus } from '../../models/sitingProblem.js';
import { solveBackupCovering } from '../covering/solveBackupCovering.js';
import { solveExpectedCovering } from '../covering/solveExpectedCovering.js';
import { solveMaximalCovering } from '../covering/solveMaximalCovering.js';
import { solvePCenter } from '../median/solvePCenter.js';
import { solvePMedian } from '../median/solvePMedian.js';
import { solveSetCovering } from '../covering/solveSetCovering.js';

/** Options of {@link solveInstance}. */
export interface SolveInstanceOptions {
  /** Wall-clock budget of the solve; the answer is `feasible` with its gap when it runs out. */
  timeLimitSeconds?: number;
}

/** Defaults of {@link solveInstance}. */
export const DEFAULT_SOLVE_INSTANCE_OPTIONS: Required<SolveInstanceOptions> = {
  timeLimitSeconds: 60,
};

/** The answer `airreach solve` prints (the first six fields), plus the model, solver and details. */
export interface InstanceSolution {
  status: SolveStatus;
  objective: number;
  bound: number;
  gap: number;
  /** 0-based, ascending. */
  selectedSites: number[];
  runtimeMs: number;
  model: SolveResult['model'];
  solver: string;
  details?: Record<string, unknown>;
}

/**
 * Solves a validated matrix-form instance ({@link MatrixInstance}) with the solver of its model
 * and returns the fields `airreach solve` prints. `capacitatedPMedian` and
 * `capacitatedFacilityLocation` are not available in this build (`E_MODEL`).
 *
 * @example
 * const answer = await solveInstance(await readInstanceFile('instance.json'), { timeLimitSeconds: 30 });
 * console.log(JSON.stringify({ status: answer.status, objective: answer.objective }));
 */
export async function solveInstance(instance: MatrixInstance, options: SolveInstanceOptions = {}): Promise<InstanceSolution> {
  const started = performance.now();
  const { timeLimitSeconds } = { ...DEFAULT_SOLVE_INSTANCE_OPTIONS, ...options };
  const { problem, fixedSites, forbiddenSites } = instance;
  const rules = { fixedSites, forbiddenSites, timeLimitSeconds };
  const need = <T>(value: T | undefined, field: string): T => {
    if (value === undefined) throw new AirreachError('E_MODEL', `model ${instance.model} needs "${field}"`, { where: { field: `/${field}` } });
    return value;
  };
  let result: SolveResult;
  switch (instance.model) {
    case 'setCovering':
      result = await solveSetCovering(problem, { ...rules, standardMinutes: need(instance.standardMinutes, 'standardMinutes') });
      break;
    case 'maximalCovering':
      result = await solveMaximalCovering(problem, {
        ...rules,
        standardMinutes: need(instance.standardMinutes, 'standardMinutes'),
        ...(instance.budget !== undefined ? { budget: instance.budget } : { siteCount: need(instance.siteCount, 'siteCount') }),
      });
      break;
    case 'backupCovering':
      result = await solveBackupCovering(problem, {
        ...rules,
        standardMinutes: need(instance.standardMinutes, 'standardMinutes'),
        siteCount: need(instance.siteCount, 'siteCount'),
      });
      break;
    case 'expectedCovering':
      result = await solveExpectedCovering(problem, {
        ...rules,
        standardMinutes: need(instance.standardMinutes, 'standardMinutes'),
        busyFraction: need(instance.busyFraction, 'busyFraction'),
        aircraftCount: need(instance.aircraftCount ?? instance.siteCount, 'aircraftCount'),
        ...(instance.aircraftPerSite !== undefined ? { maxAircraftPerSite: instance.aircraftPerSite } : {}),
      });
      break;
    case 'pMedian':
      result = solvePMedian(problem, {
        ...rules,
        siteCount: need(instance.siteCount, 'siteCount'),
        ...(instance.unreachableMinutes !== undefined ? { unreachableMinutes: instance.unreachableMinutes } : {}),
      });
      break;
    case 'pCenter':
      result = await solvePCenter(problem, { ...rules, siteCount: need(instance.siteCount, 'siteCount') });
      break;
    default:
      throw new AirreachError('E_MODEL', `model ${instance.model} is not available in this build of solveInstance`, {
        value: instance.model,
        where: { field: '/model' },
        expected: 'setCovering | maximalCovering | backupCovering | expectedCovering | pMedian | pCenter',
      });
  }
  return {
    status: result.status,
    objective: result.objective,
    bound: result.bound,
    gap: result.gap,
    selectedSites: result.selectedSites,
    runtimeMs: performance.now() - started,
    model: result.model,
    solver: result.solver,
    ...(result.details ? { details: result.details } : {}),
  };
}
