import type { PMedianCosts } from './pMedianCosts.js';

/** Options of {@link pMedianLagrangian}. */
export interface PMedianLagrangianOptions {
  /** Stop after this many subgradient steps. */
  maxIterations: number;
  /** Initial step factor θ of Polyak's rule, halved after `stallIterations` without progress. */
  thetaStart: number;
  /** Stop when θ falls below this. */
  thetaMin: number;
  stallIterations: number;
  /** The search stops as soon as the bound exceeds this (the node can be pruned). */
  cutoff: number;
  /** Upper bound used in the step length (the incumbent's cost). */
  upperBound: number;
  /** `performance.now()` value after which to stop. */
  deadline: number;
  /** Called with the relaxation's open sites every `heuristicEvery` steps, to find better incumbents. */
  onSites?: (sites: number[]) => void;
  heuristicEvery: number;
}

/** Defaults of {@link pMedianLagrangian} (cutoff, upperBound and deadline are per call). */
export const DEFAULT_P_MEDIAN_LAGRANGIAN_OPTIONS: Omit<PMedianLagrangianOptions, 'cutoff' | 'upperBound' | 'deadline'> = {
  maxIterations: 3000,
  thetaStart: 2,
  thetaMin: 1e-3,
  stallIterations: 40,
  heuristicEvery: 25,
};

/** What {@link pMedianLagrangian} found, at the best multipliers seen. */
export interface PMedianLagrangianResult {
  /** L(λ*): a lower bound on every solution that respects `siteStatus`. */
  bound: number;
  /** Per site: ρ_j = Σ_i min(0, c_ij − λ_i) at the best multipliers. */
  rho: Float64Array;
  /** Sites open in the relaxation at the best multipliers (ascending). */
  sites: number[];
  /** True when that relaxed solution assigns every demand exactly once: the bound is then exact. */
  exact: boolean;
  iterations: number;
}

/**
 * Lagrangian lower bound of the p-median (Beasley 1985, "A note on solving large p-median
 * problems", EJOR 21; Daskin 2013 §6.3): relaxing the assignment rows Σ_j x_ij = 1 with
 * multipliers λ_i leaves
 *
 * ```
 * L(λ) = Σ_i λ_i + min { Σ_j ρ_j y_j : Σ_j y_j = p, fixed/forbidden },  ρ_j = Σ_i min(0, c_ij − λ_i)
 * ```
 *
 * solved by taking the fixed sites plus the p − |fixed| free sites of least ρ. λ moves along the
 * subgradient g_i = 1 − #{open j : c_ij < λ_i} with Polyak steps θ (UB − L) / ‖g‖². Rows are
 * scanned in cost order and stop at λ_i, so a step costs the number of pairs cheaper than λ.
 * `lambda` is read as the start and left at the best multipliers (warm start for child nodes).
 *
 * @example
 * const result = pMedianLagrangian(costs, status, 10, lambda, { ...DEFAULT_P_MEDIAN_LAGRANGIAN_OPTIONS, cutoff, upperBound, deadline: Infinity });
 */
export function pMedianLagrangian(
  costs: PMedianCosts,
  siteStatus: Int8Array,
  siteCount: number,
  lambda: Float64Array,
  options: PMedianLagrangianOptions,
): PMedianLagrangianResult {
  const { demandCount: n, siteCount: m, order, sortedCost } = costs;
  const rho = new Float64Array(m);
  const bestRho = new Float64Array(m);
  const bestLambda = Float64Array.from(lambda);
  const open = new Uint8Array(m);
  const subgradient = new Float64Array(n);
  const free: number[] = [];
  const fixed: number[] = [];
  for (let j = 0; j < m; j++) {
    if (siteStatus[j] === 0) free.push(j);
    else if (siteStatus[j] === 1) fixed.push(j);
  }
  const freeToOpen = siteCount - fixed.length;
  let best = -Infinity;
  let bestSites: number[] = [];
  let exact = false;
  let theta = options.thetaStart;
  let stall = 0;
  let iteration = 0;
  while (iteration < options.maxIterations) {
    iteration++;
    rho.fill(0);
    let lambdaSum = 0;
    for (let i = 0; i < n; i++) {
      const lam = lambda[i];
      lambdaSum += lam;
      const base = i * m;
      for (let k = 0; k < m; k++) {
        const c = sortedCost[base + k];
        if (c >= lam) break;
        rho[order[base + k]] += c - lam;
      }
    }
    free.sort((a, b) => rho[a] - rho[b] || a - b);
    open.fill(0);
    let value = lambdaSum;
    for (const j of fixed) {
      open[j] = 1;
      value += rho[j];
    }
    for (let k = 0; k < freeToOpen; k++) {
      open[free[k]] = 1;
      value += rho[free[k]];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) {
      const lam = lambda[i];
      const base = i * m;
      let served = 0;
      for (let k = 0; k < m; k++) {
        if (sortedCost[base + k] >= lam) break;
        served += open[order[base + k]];
      }
      const g = 1 - served;
      subgradient[i] = g;
      norm += g * g;
    }
    if (best === -Infinity || value > best + 1e-12 * Math.abs(best)) {
      best = value;
      bestRho.set(rho);
      bestLambda.set(lambda);
      bestSites = openSites(open);
      stall = 0;
    } else if (++stall >= options.stallIterations) {
      theta /= 2;
      stall = 0;
    }
    if (norm === 0) {
      exact = true;
      bestSites = openSites(open);
      best = value;
      bestRho.set(rho);
      bestLambda.set(lambda);
      break;
    }
    if (options.onSites && iteration % options.heuristicEvery === 1) options.onSites(openSites(open));
    if (best > options.cutoff || theta < options.thetaMin || performance.now() > options.deadline) break;
    const target = Number.isFinite(options.upperBound) ? options.upperBound : Math.abs(value) * 1.1 + 1;
    const step = (theta * Math.max(target - value, 1e-9 * Math.abs(target))) / norm;
    for (let i = 0; i < n; i++) lambda[i] += step * subgradient[i];
  }
  lambda.set(bestLambda);
  return { bound: best, rho: bestRho, sites: bestSites, exact, iterations: iteration };
}

function openSites(open: Uint8Array): number[] {
  const sites: number[] = [];
  for (let j = 0; j < open.length; j++) if (open[j] === 1) sites.push(j);
  return sites;
}
