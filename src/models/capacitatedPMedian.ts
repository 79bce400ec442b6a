import { AirreachError, type ErrorLocation } from '../errors.js';
import type { SitingProblem } from './sitingProblem.js';

/**
 * The capacitated p-median model (CPMP; Osman & Christofides 1994, Lorena & Senne 2004): open
 * exactly p sites (medians) and assign every demand point to one open site (single sourcing) so
 * that the weighted total cost is least and no site serves more demand than its capacity.
 *
 * ```
 * minimise   Σ_i Σ_j w_i · t_ij · x_ij
 * subject to Σ_j x_ij = 1                 for every demand i     (single source)
 *            Σ_i q_i · x_ij ≤ Q_j · y_j   for every site j       (capacity on assigned demand)
 *            x_ij ≤ y_j                   for every stored pair   (strong linking)
 *            Σ_j y_j = p
 *            y_j = 1 (j fixed),  y_j = 0 (j forbidden),  x, y ∈ {0, 1}
 * ```
 *
 * Two per-demand vectors with different roles: `w_i` (`problem.demandWeights`) weighs the
 * cost in the objective, `q_i` (`demands`) is what the demand point uses up of a site's
 * capacity `Q_j`. The SJC benchmark sets w = 1 (a plain distance sum) and q = its demands; a
 * depot plan sets w = q (tonne-minutes). Only stored pairs may be used: a pair a sparse
 * problem does not store is "not reachable", never silently costed.
 *
 * References: I. H. Osman and N. Christofides, "Capacitated clustering problems by hybrid
 * simulated annealing and tabu search", International Transactions in Operational Research 1
 * (1994) 317–336; L. A. N. Lorena and E. L. F. Senne, "A column generation approach to
 * capacitated p-median problems", Computers & Operations Research 31 (2004) 863–876.
 */
export interface CapacitatedEvaluation {
  /** Σ_i w_i · t_{i, assignment_i} over assigned demand (plus opening costs, for facility location). */
  objective: number;
  /** Σ_i w_i · t_{i, assignment_i}: the assignment part alone. */
  assignmentCost: number;
  /** Σ q_i assigned to each site. */
  loadBySite: Float64Array;
  /** True when every rule holds: all assigned, to open sites, via stored pairs, within capacity. */
  feasible: boolean;
  /** Every broken rule, for tests and diagnostics (empty when feasible). */
  violations: string[];
}

/** The capacity data of a capacitated model, checked and copied into typed arrays. */
export interface CapacitatedData {
  /** q_i per demand point (finite, ≥ 0). */
  demands: Float64Array;
  /** Q_j per site (finite, ≥ 0; 0 = the site can serve nothing). */
  capacities: Float64Array;
  totalDemand: number;
}

/**
 * Checks `demands` (one per demand point) and `capacities` (one per site) and that the sites
 * allowed to open can hold all demand: total capacity of the non-forbidden sites (at most the p
 * largest, when `siteCount` is given) must reach total demand. Runs before any solve.
 *
 * Throws `E_OPTION` for a wrong length, `E_MATRIX` (with the row or column) for a NaN,
 * infinite or negative value, and `E_CAPACITY` with the shortfall in the message and in
 * `value` (`{ totalDemand, totalCapacity, shortfall }`), located at `options.where` (default the
 * field `capacities`).
 *
 * @example
 * const data = checkCapacitatedData(problem, [50, 4, 12], [720, 720, 720], { siteCount: 2 });
 * data.totalDemand; // -> 66
 */
export function checkCapacitatedData(
  problem: SitingProblem,
  demands: ArrayLike<number>,
  capacities: ArrayLike<number>,
  options: { siteCount?: number; forbiddenSites?: readonly number[]; where?: ErrorLocation } = {},
): CapacitatedData {
  const q = checkedValues(demands, problem.demandCount, 'demands', 'row');
  const cap = checkedValues(capacities, problem.siteCount, 'capacities', 'column');
  let totalDemand = 0;
  for (let i = 0; i < q.length; i++) totalDemand += q[i];
  const forbidden = new Uint8Array(problem.siteCount);
  for (const site of options.forbiddenSites ?? []) if (Number.isInteger(site) && site >= 0 && site < problem.siteCount) forbidden[site] = 1;
  const allowed: number[] = [];
  for (let j = 0; j < cap.length; j++) if (forbidden[j] === 0) allowed.push(cap[j]);
  allowed.sort((a, b) => b - a);
  const count = options.siteCount === undefined ? allowed.length : Math.min(allowed.length, Math.max(0, Math.floor(options.siteCount)));
  let totalCapacity = 0;
  for (let k = 0; k < count; k++) totalCapacity += allowed[k];
  // A relative tolerance: sums of fractional tonnages must not fail on rounding alone.
  if (totalCapacity < totalDemand * (1 - 1e-12) - 1e-9) {
    const shortfall = totalDemand - totalCapacity;
    const scope = options.siteCount === undefined ? 'all allowed sites' : `the ${count} largest allowed sites (siteCount ${options.siteCount})`;
    throw new AirreachError('E_CAPACITY', `total demand ${round(totalDemand)} exceeds the capacity of ${scope}, ${round(totalCapacity)}: short by ${round(shortfall)}`, {
      value: { totalDemand, totalCapacity, shortfall },
      where: options.where ?? { field: 'capacities' },
      expected: 'total capacity ≥ total demand',
      hint: 'Raise capacities, allow more sites (siteCount, forbiddenSites), or lower demands',
    });
  }
  return { demands: q, capacities: cap, totalDemand };
}

/**
 * Scores a capacitated solution independently of any solver: the cost of `assignment` (the
 * site of each demand point) and every rule it breaks. `sites` are the open sites; p is
 * checked when `siteCount` is given.
 *
 * @example
 * const evaluation = evaluateCapacitatedPMedian(problem, [0, 5], [0, 0, 5], data);
 * if (!evaluation.feasible) console.log(evaluation.violations);
 */
export function evaluateCapacitatedPMedian(
  problem: SitingProblem,
  sites: readonly number[],
  assignment: ArrayLike<number>,
  data: Pick<CapacitatedData, 'demands' | 'capacities'>,
  siteCount?: number,
): CapacitatedEvaluation {
  const violations: string[] = [];
  const open = new Uint8Array(problem.siteCount);
  for (const site of sites) {
    if (!Number.isInteger(site) || site < 0 || site >= problem.siteCount) violations.push(`site ${site} is not a site index`);
    else if (open[site] === 1) violations.push(`site ${site} is listed twice`);
    else open[site] = 1;
  }
  if (siteCount !== undefined && sites.length !== siteCount) violations.push(`${sites.length} sites open, expected ${siteCount}`);
  if (assignment.length !== problem.demandCount) violations.push(`assignment has ${assignment.length} entries, expected ${problem.demandCount}`);
  const loadBySite = new Float64Array(problem.siteCount);
  let assignmentCost = 0;
  for (let i = 0; i < Math.min(assignment.length, problem.demandCount); i++) {
    const site = assignment[i];
    if (!Number.isInteger(site) || site < 0 || site >= problem.siteCount) {
      violations.push(`demand ${i} is not assigned`);
      continue;
    }
    if (open[site] !== 1) violations.push(`demand ${i} is assigned to site ${site}, which is not open`);
    const minutes = pairMinutes(problem, i, site);
    if (minutes === undefined) {
      violations.push(`demand ${i} is assigned to site ${site}, a pair the problem does not store`);
      continue;
    }
    assignmentCost += problem.demandWeights[i] * minutes;
    loadBySite[site] += data.demands[i];
  }
  for (let j = 0; j < problem.siteCount; j++) {
    if (loadBySite[j] > data.capacities[j] * (1 + 1e-12) + 1e-9) violations.push(`site ${j} serves ${loadBySite[j]} > capacity ${data.capacities[j]}`);
  }
  return { objective: assignmentCost, assignmentCost, loadBySite, feasible: violations.length === 0, violations };
}

/**
 * The stored minutes of pair (demand, site), or undefined when the problem does not store it
 * (binary search: a row's sites are ascending).
 *
 * @example
 * pairMinutes(problem, 0, 3); // -> 12.5
 */
export function pairMinutes(problem: SitingProblem, demand: number, site: number): number | undefined {
  let low = problem.demandOffsets[demand];
  let high = problem.demandOffsets[demand + 1] - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = problem.demandSites[middle];
    if (value === site) return problem.demandMinutes[middle];
    if (value < site) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

function checkedValues(values: ArrayLike<number>, length: number, field: string, axis: 'row' | 'column'): Float64Array {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new AirreachError('E_OPTION', `${field} must be an array of numbers`, { value: values, where: { field } });
  }
  if (values.length !== length) {
    throw new AirreachError('E_OPTION', `${field} must have one value per ${axis === 'row' ? 'demand point' : 'site'}`, {
      value: values.length,
      expected: String(length),
      where: { field },
    });
  }
  const out = new Float64Array(length);
  for (let k = 0; k < length; k++) {
    const value = values[k];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new AirreachError('E_MATRIX', `${field} must be finite numbers ≥ 0`, { value, where: { field: `${field}[${k}]`, [axis]: k } });
    }
    out[k] = value;
  }
  return out;
}

function round(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}
