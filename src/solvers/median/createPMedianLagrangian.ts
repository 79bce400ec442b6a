import type { WorkBudget } from '../kernel/workBudget.js';
import type { PMedianCore } from './buildPMedianCore.js';

/** Options of one {@link PMedianLagrangian.run}. */
export interface PMedianLagrangianOptions {
  /** Stop after this many subgradient steps. */
  maxIterations: number;
  /** Initial step factor θ of Polyak's rule, halved after `stallIterations` steps without a better bound. */
  thetaStart: number;
  /** Stop when θ falls below this. */
  thetaMin: number;
  stallIterations: number;
  /** Stop as soon as the bound exceeds this (the node can be pruned). */
  cutoff: number;
  /** Target of Polyak's step length (the incumbent's cost). */
  upperBound: number;
  /** Counts each step (the pairs it scanned); the run stops when it runs out. Default: no limit. */
  workBudget?: WorkBudget;
  /**
   * `subgradient`: Polyak steps along the last subgradient; `volume`: steps from the best point
   * along a smoothed subgradient (Barahona & Anbil 2000), θ grown on improving steps.
   */
  method: 'subgradient' | 'volume';
}

/** Defaults of {@link PMedianLagrangian.run} (cutoff, upperBound and the work budget are per call). */
export const DEFAULT_P_MEDIAN_LAGRANGIAN_OPTIONS: Omit<PMedianLagrangianOptions, 'cutoff' | 'upperBound' | 'workBudget'> = {
  maxIterations: 3000,
  thetaStart: 2,
  thetaMin: 1e-3,
  stallIterations: 30,
  method: 'subgradient',
};

/**
 * What one run found, at the best multipliers seen. The typed arrays are the engine's own
 * buffers: read them before the next `run`.
 */
export interface PMedianLagrangianResult {
  /** L(λ*): a lower bound on every solution that respects the site statuses. */
  bound: number;
  /** Per local site: ρ_j = Σ_i min(0, c_ij − λ_i) at the best multipliers. */
  rho: Float64Array;
  /** Per local site: 1 when open in the relaxation at the best multipliers. */
  open: Uint8Array;
  /** True when that relaxed solution serves every demand exactly once: the bound is then its cost. */
  exact: boolean;
  iterations: number;
  /** θ at the end (to continue a run where it stopped). */
  theta: number;
}

/** A Lagrangian bound engine over one {@link PMedianCore}; buffers are allocated once. */
export interface PMedianLagrangian {
  /**
   * Subgradient ascent from `lambda` (read as the start, left at the best multipliers) for the
   * core with site statuses `status` (1 open, -1 closed, 0 free) and `siteCount` open sites;
   * needs #open ≤ siteCount ≤ #open + #free.
   */
  run(status: Int8Array, siteCount: number, lambda: Float64Array, options: PMedianLagrangianOptions): PMedianLagrangianResult;
  /**
   * Reduced-cost fixing with the last run's ρ and bound: a free site whose forced opening
   * (closing) lifts the bound past `cutoff` is closed (opened) in `status`. Returns how many
   * sites were fixed.
   */
  fix(status: Int8Array, siteCount: number, cutoff: number): number;
}

/**
 * Lagrangian lower bound of the p-median (Beasley 1985, "A note on solving large p-median
 * problems", EJOR 21; Daskin 2013 §6.3): relaxing the assignment rows Σ_j x_ij = 1 with
 * multipliers λ_i leaves
 *
 * ```
 * L(λ) = Σ_i λ_i + min { Σ_j ρ_j y_j : Σ_j y_j = p, fixed/closed },  ρ_j = Σ_i min(0, c_ij − λ_i)
 * ```
 *
 * solved exactly by taking the open sites plus the free sites of least ρ. With `subgradient`, λ
 * moves along g_i = 1 − #{open j : c_ij < λ_i} with Polyak steps θ (UB − L) / ‖g‖², θ halved
 * after a stretch without a better bound. With `volume` (Barahona & Anbil 2000, "The volume
 * algorithm", Math. Programming 87), trial points are λ̄ + θ (UB − L̄) / ‖ḡ‖² · ḡ from the best
 * point λ̄ along ḡ = α g + (1 − α) ḡ, and λ̄ moves only when L improves. Rows are scanned in cost order and stop at λ_i, so
 * a step costs the number of pairs cheaper than λ; when few sites are open, the subgradient
 * reads the dense costs of the open sites instead of rescanning.
 *
 * @example
 * const engine = createPMedianLagrangian(core);
 * const result = engine.run(status, 10, lambda, { ...DEFAULT_P_MEDIAN_LAGRANGIAN_OPTIONS, cutoff, upperBound, workBudget });
 */
export function createPMedianLagrangian(core: PMedianCore): PMedianLagrangian {
  const { demandCount: n, siteCount: m, cost, order, sortedCost } = core;
  const rho = new Float64Array(m);
  const bestRho = new Float64Array(m);
  const open = new Uint8Array(m);
  const bestOpen = new Uint8Array(m);
  const openList = new Uint32Array(m);
  const free = new Uint32Array(m);
  const fixed = new Uint32Array(m);
  const subgradient = new Float64Array(n);
  const ends = new Uint32Array(n);
  const bestLambda = new Float64Array(n);
  const byRho = (a: number, b: number) => rho[a] - rho[b] || a - b;
  const byBestRho = (a: number, b: number) => bestRho[a] - bestRho[b] || a - b;
  let lastBound = -Infinity;

  const direction = new Float64Array(n);
  const trial = new Float64Array(n);
  let value = 0;
  let norm = 0;
  let pairs = 0;
  // A step's work: the pairs its scans read, plus a pass over the demand and the sites.
  const stepWork = () => pairs + 2 * n + m;

  // L(λ), ρ, the relaxed open set and the subgradient g at `lambda`; sets value and norm = ‖g‖².
  const evaluate = (lambda: Float64Array, freeSites: Uint32Array, fixedCount: number, toOpen: number) => {
    rho.fill(0);
    let lambdaSum = 0;
    pairs = 0;
    for (let i = 0; i < n; i++) {
      const lam = lambda[i];
      lambdaSum += lam;
      const base = i * m;
      let k = base;
      const end = base + m;
      for (; k < end; k++) {
        const c = sortedCost[k];
        if (c >= lam) break;
        rho[order[k]] += c - lam;
      }
      ends[i] = k;
      pairs += k - base;
    }
    freeSites.sort(byRho);
    open.fill(0);
    value = lambdaSum;
    let openCount = 0;
    for (let k = 0; k < fixedCount; k++) {
      open[fixed[k]] = 1;
      openList[openCount++] = fixed[k];
      value += rho[fixed[k]];
    }
    for (let k = 0; k < toOpen; k++) {
      open[freeSites[k]] = 1;
      openList[openCount++] = freeSites[k];
      value += rho[freeSites[k]];
    }
    norm = 0;
    if (openCount * n < pairs) {
      for (let i = 0; i < n; i++) {
        const lam = lambda[i];
        const base = i * m;
        let served = 0;
        for (let k = 0; k < openCount; k++) if (cost[base + openList[k]] < lam) served++;
        const g = 1 - served;
        subgradient[i] = g;
        norm += g * g;
      }
    } else {
      for (let i = 0; i < n; i++) {
        let served = 0;
        for (let k = i * m, end = ends[i]; k < end; k++) served += open[order[k]];
        const g = 1 - served;
        subgradient[i] = g;
        norm += g * g;
      }
    }
  };

  const run = (status: Int8Array, siteCount: number, lambda: Float64Array, options: PMedianLagrangianOptions): PMedianLagrangianResult => {
    let freeCount = 0;
    let fixedCount = 0;
    for (let j = 0; j < m; j++) {
      if (status[j] === 0) free[freeCount++] = j;
      else if (status[j] === 1) fixed[fixedCount++] = j;
    }
    const freeSites = free.subarray(0, freeCount);
    const toOpen = siteCount - fixedCount;
    bestLambda.set(lambda);
    let best = -Infinity;
    let exact = false;
    let theta = options.thetaStart;
    let stall = 0;
    let iteration = 0;
    // The evaluated point `at` becomes the best one: its bound, relaxed choice and multipliers.
    const keepBest = (at: Float64Array) => {
      best = value;
      bestLambda.set(at);
      bestRho.set(rho);
      bestOpen.set(open);
    };
    if (options.method === 'volume') {
      // Volume algorithm: λ moves from the best point λ̄ along ḡ, an exponentially smoothed
      // subgradient (a primal estimate); plain subgradient steps zig-zag on the p-median's
      // degenerate dual and stall about 1 % below the LP bound on pmed36/39.
      let alphaMax = 0.1;
      let directionNorm = 0;
      while (iteration < options.maxIterations) {
        iteration++;
        const point = iteration === 1 ? lambda : trial;
        evaluate(point, freeSites, fixedCount, toOpen);
        if (iteration === 1) {
          direction.set(subgradient);
          keepBest(point);
        } else {
          // α minimising ‖α g + (1 − α) ḡ‖, kept within [αmax/10, αmax].
          let dot = 0;
          let diff = 0;
          for (let i = 0; i < n; i++) {
            const delta = direction[i] - subgradient[i];
            dot += direction[i] * delta;
            diff += delta * delta;
          }
          let alpha = diff > 0 ? dot / diff : alphaMax;
          if (!(alpha >= alphaMax / 10)) alpha = alphaMax / 10;
          if (alpha > alphaMax) alpha = alphaMax;
          if (value > best) {
            let slope = 0;
            for (let i = 0; i < n; i++) slope += subgradient[i] * direction[i];
            if (value > best + 1e-9 * Math.abs(best)) stall = 0;
            keepBest(point);
            if (slope >= 0) theta = Math.min(theta * 1.1, 2);
          } else if (++stall >= options.stallIterations) {
            theta *= 0.66;
            stall = 0;
            if (alphaMax > 1e-3) alphaMax /= 2;
          }
          for (let i = 0; i < n; i++) direction[i] = alpha * subgradient[i] + (1 - alpha) * direction[i];
        }
        if (norm === 0) {
          exact = true;
          keepBest(point);
          break;
        }
        if (best > options.cutoff || theta < options.thetaMin || (options.workBudget !== undefined && !options.workBudget.spend(stepWork()))) break;
        directionNorm = 0;
        for (let i = 0; i < n; i++) directionNorm += direction[i] * direction[i];
        if (directionNorm < 1e-12) {
          direction.set(subgradient);
          directionNorm = norm;
        }
        const step = (theta * Math.max(options.upperBound - best, 1e-9 * Math.abs(options.upperBound))) / directionNorm;
        for (let i = 0; i < n; i++) trial[i] = bestLambda[i] + step * direction[i];
      }
    } else {
      while (iteration < options.maxIterations) {
        iteration++;
        evaluate(lambda, freeSites, fixedCount, toOpen);
        if (value > best) {
          if (value > best + 1e-9 * Math.abs(best)) stall = 0;
          keepBest(lambda);
        } else if (++stall >= options.stallIterations) {
          theta /= 2;
          stall = 0;
        }
        if (norm === 0) {
          // The relaxed solution is feasible: L(λ) is its cost and no λ does better at this node.
          exact = true;
          keepBest(lambda);
          break;
        }
        if (best > options.cutoff || theta < options.thetaMin || (options.workBudget !== undefined && !options.workBudget.spend(stepWork()))) break;
        const step = (theta * Math.max(options.upperBound - value, 1e-9 * Math.abs(options.upperBound))) / norm;
        for (let i = 0; i < n; i++) lambda[i] += step * subgradient[i];
      }
    }
    lambda.set(bestLambda);
    lastBound = best;
    return { bound: best, rho: bestRho, open: bestOpen, exact, iterations: iteration, theta };
  };

  const fix = (status: Int8Array, siteCount: number, cutoff: number): number => {
    let freeCount = 0;
    let fixedCount = 0;
    for (let j = 0; j < m; j++) {
      if (status[j] === 0) free[freeCount++] = j;
      else if (status[j] === 1) fixedCount++;
    }
    const toOpen = siteCount - fixedCount;
    if (toOpen <= 0 || toOpen >= freeCount) return 0;
    const freeSites = free.subarray(0, freeCount);
    freeSites.sort(byBestRho);
    // Opening site j in place of the last one taken changes L by ρ_j − ρ_last; closing a taken
    // site lets the first one left out in: ρ_next − ρ_j. The relaxation stays optimal otherwise.
    const last = bestRho[freeSites[toOpen - 1]];
    const next = bestRho[freeSites[toOpen]];
    let fixedNow = 0;
    for (let k = 0; k < freeCount; k++) {
      const j = freeSites[k];
      if (k < toOpen) {
        if (lastBound - bestRho[j] + next > cutoff) {
          status[j] = 1;
          fixedNow++;
        }
      } else if (lastBound + bestRho[j] - last > cutoff) {
        status[j] = -1;
        fixedNow++;
      }
    }
    return fixedNow;
  };

  return { run, fix };
}
