import { AirreachError } from '../errors.js';
import { countCover } from './countCover.js';
import type { SitingProblem, SiteRules } from './sitingProblem.js';

/**
 * Phased (multi-period, nested) maximal covering: a plan that opens `sitesPerYear[t]` new bases
 * in year t; a base once opened stays open. The objective sums each year's covered demand,
 * discounted at rate r (a multi-period MCLP in the sense of Schilling 1980, "Dynamic location
 * modeling for public-sector facilities: a multiobjective approach", Decision Sciences 11(4)):
 *
 *   max Σ_t δ^{t−1} Σ_i w_i y_it,  δ = 1 / (1 + r)
 *   s.t. y_it ≤ Σ_{j ∈ N_i} x_jt            for every demand i and year t
 *        x_jt ≥ x_j,t−1                      (nested: opened stays open)
 *        Σ_j x_jt = F + Σ_{τ ≤ t} k_τ        (F fixed sites, open from year 1 on)
 *          or Σ_j c_j x_jt ≤ C_F + Σ_{τ ≤ t} B_τ  (with a budget B_τ per year; C_F the fixed sites' cost)
 *        x_jt = 1 for fixed j, 0 for forbidden j;  x, y ∈ {0, 1}.
 */
export interface PhasedRolloutOptions extends SiteRules {
  standardMinutes: number;
  /** New bases each year: one number for every year (with `years`), or one per year. Give this or `budgetPerYear`. */
  sitesPerYear?: number | readonly number[];
  /**
   * Budget each year over the new bases' costs (the problem's `siteCosts`, default 1 each),
   * instead of `sitesPerYear`: year t may spend what years 1…t gave and earlier years left
   * (Σ_j c_j x_jt ≤ Σ_{τ ≤ t} B_τ over the sites not fixed).
   */
  budgetPerYear?: number | readonly number[];
  /** Years of the plan, when `sitesPerYear` is one number. */
  years?: number;
  /** r ≥ 0: year t's coverage counts 1 / (1 + r)^(t − 1) (default 0). */
  discountRate?: number;
}

/** Score of a year-by-year plan. */
export interface PhasedRolloutEvaluation {
  /** Σ_t δ^{t−1} · covered demand weight in year t. */
  objective: number;
  totalWeight: number;
  /** Covered demand weight each year. */
  coveredByYear: number[];
  /** Covered share each year. */
  shareByYear: number[];
  /** Every year's sites contain the year before's. */
  nested: boolean;
}

/**
 * New bases per year as an array: `sitesPerYear` itself, or `years` copies of it.
 *
 * @example
 * yearlyCounts({ sitesPerYear: 2, years: 5 }); // -> [2, 2, 2, 2, 2]
 */
export function yearlyCounts(options: Pick<PhasedRolloutOptions, 'sitesPerYear' | 'years'>): number[] {
  const given = options.sitesPerYear ?? 0;
  const counts = typeof given === 'number' ? new Array<number>(options.years ?? 1).fill(given) : [...given];
  if (counts.length < 1 || counts.some((k) => !Number.isInteger(k) || k < 0)) {
    throw new AirreachError('E_OPTION', 'sitesPerYear must be integers ≥ 0, for at least one year', { value: options.sitesPerYear, where: { field: 'sitesPerYear' }, expected: 'e.g. 2 with years 5, or [2, 2, 1]' });
  }
  return counts;
}

/**
 * Budget each year as an array: `budgetPerYear` itself, or `years` copies of it.
 *
 * @example
 * yearlyBudgets({ budgetPerYear: 3, years: 2 }); // -> [3, 3]
 */
export function yearlyBudgets(options: Pick<PhasedRolloutOptions, 'budgetPerYear' | 'years'>): number[] {
  const given = options.budgetPerYear ?? 0;
  const budgets = typeof given === 'number' ? new Array<number>(options.years ?? 1).fill(given) : [...given];
  if (budgets.length < 1 || budgets.some((b) => !(b >= 0 && b <= 1e15))) {
    throw new AirreachError('E_OPTION', 'budgetPerYear must be numbers from 0 to 1e15, for at least one year', { value: options.budgetPerYear, where: { field: 'budgetPerYear' } });
  }
  return budgets;
}

/**
 * Scores a plan (`yearSites[t]`: every base open in year t, kept ones included), independently
 * of any solver: coverage per year, the discounted sum, and whether the plan is nested.
 *
 * @example
 * evaluatePhasedRollout(problem, [[0, 3], [0, 3, 5]], { standardMinutes: 30, discountRate: 0.05 }).shareByYear;
 */
export function evaluatePhasedRollout(problem: SitingProblem, yearSites: ReadonlyArray<readonly number[]>, options: { standardMinutes: number; discountRate?: number }): PhasedRolloutEvaluation {
  const rate = options.discountRate ?? 0;
  const totalWeight = weightSum(problem, null);
  let objective = 0;
  let nested = true;
  const coveredByYear: number[] = [];
  yearSites.forEach((sites, t) => {
    const reach = countCover(problem, sites, options.standardMinutes);
    const covered = weightSum(problem, reach);
    coveredByYear.push(covered);
    objective += covered / (1 + rate) ** t;
    if (t > 0) {
      const now = new Set(sites);
      if (yearSites[t - 1].some((s) => !now.has(s))) nested = false;
    }
  });
  return { objective, totalWeight, coveredByYear, shareByYear: coveredByYear.map((c) => (totalWeight > 0 ? c / totalWeight : 1)), nested };
}

/**
 * The demand weight reached (`reach[i] > 0`; all of it when `reach` is null), summed in demand
 * order. Its own function: V8 compiles the loop once, where inside the callers it was compiled
 * by on-stack replacement and deoptimised after the loop on each call.
 */
function weightSum(problem: SitingProblem, reach: Uint32Array | null): number {
  const { demandCount, demandWeights } = problem;
  let sum = 0;
  for (let i = 0; i < demandCount; i++) if (reach === null || reach[i] > 0) sum += demandWeights[i];
  return sum;
}
