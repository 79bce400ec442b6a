import { resolveOptions } from '../../resolveOptions.js';
import type { WorkBudget } from '../kernel/workBudget.js';
import type { CapacitatedInstance } from './buildCapacitatedInstance.js';

/** Options of {@link capacitatedLagrangian}. */
export interface CapacitatedLagrangianOptions {
  maxIterations?: number;
  /** Initial Polyak step factor θ, halved after `stallIterations` steps without a better bound. */
  thetaStart?: number;
  thetaMin?: number;
  stallIterations?: number;
  /** Counts each step (its knapsack scans and tables); the steps stop when it runs out. */
  workBudget?: WorkBudget;
  /** The current upper bound (incumbent cost), read every step: the Polyak target. */
  upperBound?: () => number;
  /** Called with the relaxation's open sites (ascending) every `heuristicEvery` steps. */
  onSites?: (sites: number[]) => void;
  heuristicEvery?: number;
}

/** Defaults of {@link capacitatedLagrangian}. */
export const DEFAULT_CAPACITATED_LAGRANGIAN_OPTIONS = {
  maxIterations: 1500,
  thetaStart: 2,
  thetaMin: 0.005,
  stallIterations: 30,
  heuristicEvery: 5,
};

/** What {@link capacitatedLagrangian} returns. */
export interface CapacitatedLagrangianResult {
  /** The best L(λ) seen: a lower bound on every feasible solution. */
  bound: number;
  /** True when every knapsack was solved exactly (integral demands and capacities). */
  exactKnapsacks: boolean;
  iterations: number;
  /** The multipliers at the best bound. */
  lambda: Float64Array;
  /** Per site: in how many steps the relaxation opened it (a guide to promising sites). */
  openFrequency: Uint32Array;
}

/**
 * The classical Lagrangian bound of the capacitated p-median and the single-source capacitated
 * facility location (Mulvey & Beck 1984; Lorena & Senne 2004 §2; Holmberg et al. 1999):
 * relaxing the assignment rows Σ_j x_ij = 1 with free multipliers λ_i leaves one 0-1 knapsack
 * per site,
 *
 * ```
 * ρ_j = min { Σ_i (c_ij − λ_i) x_ij : Σ_i q_i x_ij ≤ Q_j, x_ij ∈ {0, 1} }
 * L(λ) = Σ_i λ_i + min { Σ_j (ρ_j + f_j) y_j : count rule on y, fixed / forbidden }
 * ```
 *
 * Only points with c_ij < λ_i enter site j's knapsack, so each is small. It is solved exactly by
 * dynamic programming over capacity when demands and capacities are integers (and the table
 * fits), else by its LP relaxation (Dantzig's bound), which keeps L a valid, weaker bound.
 * λ moves along g_i = 1 − Σ_{open j} x_ij with Polyak steps θ (UB − L) / ‖g‖².
 *
 * @example
 * const { bound } = capacitatedLagrangian(instance, { upperBound: () => incumbent.cost });
 */
export function capacitatedLagrangian(instance: CapacitatedInstance, options: CapacitatedLagrangianOptions = {}): CapacitatedLagrangianResult {
  const settings = resolveOptions(DEFAULT_CAPACITATED_LAGRANGIAN_OPTIONS, options);
  const budget = options.workBudget;
  // Work of the step under way: the site scans, plus every knapsack table it fills.
  let stepWork = 0;
  const { demandCount: n, siteCount: m, cost, demands, capacities, openingCosts, siteStatus } = instance;
  const integral = demands.every((q) => Number.isInteger(q)) && capacities.every((c) => Number.isInteger(c));
  const lambda = new Float64Array(n);
  // Start at each point's second-cheapest allowed cost: every point then pulls at its two
  // nearest sites, a far better start than λ = 0 (L would be 0) or the nearest cost.
  for (let i = 0; i < n; i++) {
    const start = instance.nearOffsets[i];
    const end = instance.nearOffsets[i + 1];
    const k = Math.min(start + 1, end - 1);
    lambda[i] = end > start ? cost[i * m + instance.nearSites[k]] : 0;
  }
  const bestLambda = Float64Array.from(lambda);
  // Site-major copy of the costs: the knapsack of site j scans one contiguous column.
  const costBySite = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) costBySite[j * n + i] = cost[i * m + j];
  let dpBest = new Float64Array(0);
  let dpTake = new Uint8Array(0);
  /** The LP knapsack's profit per tonne of each point, for the site at hand. */
  const ratios = new Float64Array(n);
  const rho = new Float64Array(m);
  const chosen: Int32Array[] = Array.from({ length: m }, () => new Int32Array(0));
  const covered = new Float64Array(n);
  const openFrequency = new Uint32Array(m);
  const itemsBySite: number[][] = Array.from({ length: m }, () => []);
  const lpValue = new Float64Array(m);
  /**
   * Per site: its items in the order of the last LP sort. λ moves a little per step, so the
   * items come to the sort nearly in order, which V8's TimSort merges in about one pass; the
   * comparator is a total order, so the sorted order (and every value) is the same either way.
   */
  const lastOrder: Int32Array[] = Array.from({ length: m }, () => new Int32Array(0));
  const mark = new Int32Array(n);
  let stamp = 0;
  let bestBound = -Infinity;
  let exactKnapsacks = integral;
  let theta = settings.thetaStart;
  let stall = 0;
  let iteration = 0;
  const free: number[] = [];
  const fixed: number[] = [];
  for (let j = 0; j < m; j++) {
    if (siteStatus[j] === 0) free.push(j);
    else if (siteStatus[j] === 1) fixed.push(j);
  }

  for (; iteration < settings.maxIterations; iteration++) {
    const charged = stepWork;
    stepWork = n * m + n;
    if (budget !== undefined && !budget.spend(charged)) {
      stepWork = 0;
      break;
    }
    // Dantzig's LP value bounds each knapsack from below; the exact (DP) value is only needed
    // for sites that can still enter the y-subproblem's choice, taken in LP order.
    const mustOpen = instance.exactSiteCount && instance.openCount !== undefined;
    const room = instance.openCount === undefined ? free.length : instance.openCount - fixed.length;
    for (let j = 0; j < m; j++) {
      rho[j] = Infinity;
      if (siteStatus[j] === -1) continue;
      const list = itemsBySite[j];
      list.length = 0;
      const base = j * n;
      for (let i = 0; i < n; i++) if (costBySite[base + i] < lambda[i]) list.push(i);
      const relaxed = knapsackLp(list, j, capacities[j]);
      lpValue[j] = relaxed.value;
      if (relaxed.exact || !integral) {
        rho[j] = relaxed.value;
        chosen[j] = relaxed.taken;
      }
    }
    const solveExact = (j: number) => {
      if (rho[j] !== Infinity) return;
      const result = knapsack(itemsBySite[j], j);
      rho[j] = result.value;
      chosen[j] = result.taken;
    };
    for (const j of fixed) solveExact(j);
    free.sort((a, b) => lpValue[a] + openingCosts[a] - (lpValue[b] + openingCosts[b]) || a - b);
    const exactValues: number[] = [];
    const picked: number[] = [];
    for (const j of free) {
      let threshold = mustOpen ? Infinity : 0;
      if (exactValues.length >= room && room > 0) threshold = Math.min(threshold, exactValues[room - 1]);
      if (room <= 0 || lpValue[j] + openingCosts[j] >= threshold) break;
      solveExact(j);
      const reduced = rho[j] + openingCosts[j];
      let at = exactValues.length;
      while (at > 0 && exactValues[at - 1] > reduced) at--;
      exactValues.splice(at, 0, reduced);
      picked.splice(at, 0, j);
    }
    const open = [...fixed];
    let value = 0;
    for (const j of fixed) value += rho[j] + openingCosts[j];
    for (let k = 0; k < picked.length && k < room; k++) {
      if (!mustOpen && exactValues[k] >= 0) break;
      open.push(picked[k]);
      value += exactValues[k];
    }
    let bound = value;
    for (let i = 0; i < n; i++) bound += lambda[i];
    if (bestBound === -Infinity || bound > bestBound + 1e-9 * Math.max(1, Math.abs(bestBound))) {
      bestBound = bound;
      bestLambda.set(lambda);
      stall = 0;
    } else if (++stall >= settings.stallIterations) {
      theta /= 2;
      stall = 0;
      if (theta < settings.thetaMin) break;
    }
    open.sort((a, b) => a - b);
    for (const j of open) openFrequency[j]++;
    if (settings.onSites && iteration % settings.heuristicEvery === 0) settings.onSites(open);

    covered.fill(0);
    for (const j of open) for (const i of chosen[j]) covered[i] += 1;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      const g = 1 - covered[i];
      norm += g * g;
    }
    if (norm === 0) break; // the relaxed solution is feasible, hence optimal for the relaxation
    const upper = settings.upperBound ? settings.upperBound() : Infinity;
    const target = Number.isFinite(upper) ? upper : Math.abs(bound) * 1.05 + 1;
    const step = (theta * Math.max(target - bound, 1e-9 * Math.max(1, Math.abs(bound)))) / norm;
    for (let i = 0; i < n; i++) lambda[i] += step * (1 - covered[i]);
  }
  budget?.spend(stepWork);
  return { bound: bestBound, exactKnapsacks, iterations: iteration, lambda: bestLambda, openFrequency };

  /** min Σ (c_ij − λ_i) x_i over `items` within capacity Q_j: the value and the points taken. */
  function knapsack(list: number[], j: number): { value: number; taken: Int32Array } {
    const capacity = capacities[j];
    let weight = 0;
    for (const i of list) weight += demands[i];
    const limit = Math.floor(Math.min(capacity, weight));
    stepWork += list.length;
    if (list.length * (limit + 1) <= 4e6) {
      stepWork += list.length * (limit + 1);
      return knapsackDp(list, j, limit);
    }
    exactKnapsacks = false;
    return knapsackLp(list, j, capacity);
  }

  function knapsackDp(list: number[], j: number, limit: number): { value: number; taken: Int32Array } {
    const width = limit + 1;
    if (dpBest.length < width) dpBest = new Float64Array(width);
    if (dpTake.length < list.length * width) dpTake = new Uint8Array(list.length * width * 2);
    const best = dpBest;
    const take = dpTake;
    best.fill(0, 0, width);
    take.fill(0, 0, list.length * width);
    for (let t = 0; t < list.length; t++) {
      const i = list[t];
      const q = demands[i];
      const profit = lambda[i] - cost[i * m + j];
      if (q > limit) continue;
      const row = t * width;
      for (let c = limit; c >= q; c--) {
        const withItem = best[c - q] + profit;
        if (withItem > best[c]) {
          best[c] = withItem;
          take[row + c] = 1;
        }
      }
    }
    const taken: number[] = [];
    let c = limit;
    for (let t = list.length - 1; t >= 0; t--) {
      if (take[t * width + c] === 1) {
        taken.push(list[t]);
        c -= demands[list[t]];
      }
    }
    return { value: -best[limit], taken: Int32Array.from(taken) };
  }

  /** Dantzig's bound; `exact` when everything fits (then it is the knapsack's optimum). */
  function knapsackLp(list: number[], j: number, capacity: number): { value: number; taken: Int32Array; exact: boolean } {
    let weight = 0;
    let total = 0;
    for (const i of list) {
      weight += demands[i];
      total += cost[i * m + j] - lambda[i];
    }
    if (weight <= capacity + 1e-9) return { value: total, taken: Int32Array.from(list), exact: true };
    // Each ratio once (the sort's comparator asked for two per comparison): the same values, the same order.
    for (const i of list) ratios[i] = (lambda[i] - cost[i * m + j]) / Math.max(demands[i], 1e-300);
    stamp++;
    for (const i of list) mark[i] = stamp;
    const sorted: number[] = [];
    for (const i of lastOrder[j]) {
      if (mark[i] === stamp) {
        sorted.push(i);
        mark[i] = 0;
      }
    }
    for (const i of list) if (mark[i] === stamp) sorted.push(i);
    sorted.sort((a, b) => ratios[b] - ratios[a] || a - b);
    lastOrder[j] = Int32Array.from(sorted);
    let room = capacity;
    let value = 0;
    const taken: number[] = [];
    for (const i of sorted) {
      const profit = lambda[i] - cost[i * m + j];
      if (demands[i] <= room) {
        room -= demands[i];
        value += profit;
        taken.push(i);
      } else {
        value += profit * (room / demands[i]);
        break;
      }
    }
    return { value: -value, taken: Int32Array.from(taken), exact: false };
  }
}
