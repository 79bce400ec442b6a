import { AirreachError } from '../errors.js';
import { evaluateCapacitatedPMedian } from './capacitatedPMedian.js';
import type { CapacitatedData, CapacitatedEvaluation } from './capacitatedPMedian.js';
import type { SitingProblem } from './sitingProblem.js';

/**
 * The single-source capacitated facility location model (SSCFLP; Neebe & Rao 1983, Holmberg,
 * Rönnqvist & Yuan 1999): open any number of sites, each at a fixed opening cost f_j, and
 * assign every demand point to one open site within its capacity, so that opening plus
 * assignment cost is least. An optional `siteCount` caps (or with `exactSiteCount` fixes) the
 * number of open sites.
 *
 * ```
 * minimise   Σ_j f_j · y_j + Σ_i Σ_j w_i · t_ij · x_ij
 * subject to Σ_j x_ij = 1                 for every demand i
 *            Σ_i q_i · x_ij ≤ Q_j · y_j   for every site j
 *            x_ij ≤ y_j                   for every stored pair
 *            Σ_j y_j ≤ p                  (optional; = p with exactSiteCount)
 *            y_j = 1 (fixed, e.g. an existing central depot), y_j = 0 (forbidden),  x, y ∈ {0, 1}
 * ```
 *
 * Opening costs should be in the objective's unit (e.g. tonne-minutes per planning period).
 * A fixed site pays its opening cost like any other (set it to 0 for a depot that exists).
 *
 * References: A. W. Neebe and M. R. Rao, "An algorithm for the fixed-charge assigning users to
 * sources problem", Journal of the Operational Research Society 34 (1983) 1107–1113;
 * K. Holmberg, M. Rönnqvist and D. Yuan, "An exact algorithm for the capacitated facility
 * location problems with single sourcing", EJOR 113 (1999) 544–559.
 *
 * @example
 * const evaluation = evaluateCapacitatedFacilityLocation(problem, [0, 5], [0, 0, 5], data, [100, 0, 0, 0, 0, 80]);
 * evaluation.objective; // opening 180 + assignment cost
 */
export function evaluateCapacitatedFacilityLocation(
  problem: SitingProblem,
  sites: readonly number[],
  assignment: ArrayLike<number>,
  data: Pick<CapacitatedData, 'demands' | 'capacities'>,
  openingCosts: ArrayLike<number>,
): CapacitatedEvaluation {
  const evaluation = evaluateCapacitatedPMedian(problem, sites, assignment, data);
  let opening = 0;
  for (const site of sites) if (Number.isInteger(site) && site >= 0 && site < problem.siteCount) opening += openingCosts[site];
  return { ...evaluation, objective: evaluation.assignmentCost + opening };
}

/**
 * Checks opening costs (one finite value ≥ 0 per site) and copies them.
 *
 * @example
 * const f = checkOpeningCosts(problem, [100, 80, 120]);
 */
export function checkOpeningCosts(problem: SitingProblem, openingCosts: ArrayLike<number>): Float64Array {
  if (openingCosts === null || typeof openingCosts !== 'object' || openingCosts.length !== problem.siteCount) {
    throw new AirreachError('E_OPTION', 'openingCosts must have one value per site', {
      value: openingCosts?.length,
      expected: String(problem.siteCount),
      where: { field: 'openingCosts' },
    });
  }
  const out = new Float64Array(problem.siteCount);
  for (let j = 0; j < out.length; j++) {
    const value = openingCosts[j];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new AirreachError('E_MATRIX', 'openingCosts must be finite numbers ≥ 0', { value, where: { field: `openingCosts[${j}]`, column: j } });
    }
    out[j] = value;
  }
  return out;
}
