import { AirreachError } from '../../errors.js';
import type { SitingProblem } from '../../models/sitingProblem.js';

/**
 * Refuses a problem whose objective could overflow a double (issue 16: two weights of 1e308
 * gave "optimal" with a null objective): the total demand weight, the site costs' total, and —
 * for models that sum weight × minutes (p-median, the capacitated models) — Σ weight × the
 * largest minutes (times `minutesScale`, e.g. the p-median's cost of an unreachable pair).
 * Each value is finite already; it is their sums that can overflow. O(demand + pairs).
 *
 * @example
 * checkProblemTotals(problem, { weightedMinutes: true });
 */
export function checkProblemTotals(problem: SitingProblem, options: { weightedMinutes?: boolean; extraMinutes?: number } = {}): void {
  let weights = 0;
  for (let i = 0; i < problem.demandCount; i++) weights += problem.demandWeights[i];
  if (!Number.isFinite(weights)) {
    throw new AirreachError('E_MATRIX', 'the demand weights add up beyond the largest number a double holds', {
      value: weights,
      where: { field: 'demandWeights' },
      hint: 'Scale the weights down: every covering objective is a sum of them',
    });
  }
  if (problem.siteCosts) {
    let costs = 0;
    for (let j = 0; j < problem.siteCount; j++) costs += problem.siteCosts[j];
    if (!Number.isFinite(costs)) {
      throw new AirreachError('E_MATRIX', 'the site costs add up beyond the largest number a double holds', { value: costs, where: { field: 'siteCosts' }, hint: 'Scale the costs down' });
    }
  }
  if (options.weightedMinutes) {
    let largest = options.extraMinutes !== undefined && Number.isFinite(options.extraMinutes) ? options.extraMinutes : 0;
    for (let k = 0; k < problem.demandMinutes.length; k++) if (problem.demandMinutes[k] > largest) largest = problem.demandMinutes[k];
    if (!Number.isFinite(weights * largest)) {
      throw new AirreachError('E_MATRIX', 'demand weights × minutes add up beyond the largest number a double holds', {
        value: weights * largest,
        where: { field: 'demandWeights' },
        hint: 'Scale the weights (or minutes) down: the objective is such a sum',
      });
    }
  }
}
