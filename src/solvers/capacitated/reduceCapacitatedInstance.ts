import type { WorkBudget } from '../kernel/workBudget.js';
import type { CapacitatedInstance } from './buildCapacitatedInstance.js';
import type { CapacitatedSolution } from './createCapacitatedLocalSearch.js';

/** What {@link reduceCapacitatedInstance} returns. */
export interface CapacitatedReduction {
  /** The instance without the dropped pairs (cost Infinity, not in `nearSites`) and sites (forbidden). */
  instance: CapacitatedInstance;
  /** L(λ) with every knapsack bounded by its LP dual: the bound the tests below start from. */
  bound: number;
  /**
   * The least lower bound over every dropped pair and site: every solution that uses one costs at
   * least this, which is above the incumbent's cost (Infinity when nothing was dropped).
   */
  droppedBound: number;
  pairsDropped: number;
  sitesDropped: number;
}

/**
 * Lagrangian reduced-cost fixing for the single-source capacitated MILP (Beasley 1993, "Lagrangean
 * heuristics for location problems", §3; Holmberg, Rönnqvist & Yuan 1999 §4): with multipliers λ of
 * the relaxed assignment rows (`capacitatedLagrangian`) and an incumbent of cost UB, drop every
 * (demand, site) pair and every site that provably cannot be in a solution cheaper than UB, so
 * HiGHS gets a smaller MILP.
 *
 * The argument. For fixed λ, L(λ) = Σ_i λ_i + min over the count rule of Σ_j (ρ_j + f_j) y_j, where
 * ρ_j = min { Σ_i (c_ij − λ_i) x_i : Σ_i q_i x_i ≤ Q_j, x ∈ {0,1} } is site j's knapsack, is a
 * lower bound on every feasible solution, and stays one when ρ_j is replaced by anything below it.
 * Here ρ_j is bounded by LP duality: with profits p_i = λ_i − c_ij and any u_j ≥ 0 (the LP
 * knapsack's critical ratio), every x in [0,1] within capacity has
 * Σ p_i x_i ≤ D_j = u_j Q_j + Σ_i max(0, p_i − u_j q_i), so ρ_j ≥ −D_j. Forcing x_ij = 1 gives the
 * tighter Σ p x ≤ D_j − max(0, p_i − u_j q_i) + (p_i − u_j q_i), i.e. raises −D_j by
 * δ_ij = max(0, p_i − u_j q_i) − (p_i − u_j q_i) ≥ 0; it also forces y_j = 1, which costs the
 * y-subproblem v_j − v (its best value with site j open, against its best value). So every solution
 * that uses the pair costs at least LB_ij = L + (v_j − v) + δ_ij, and every solution that opens
 * site j at least LB_j = L + (v_j − v). A pair or site with LB > UB (plus a 1e-7 relative margin
 * for rounding) is dropped; the incumbent's own pairs and sites are always kept (their LB ≤ UB
 * anyway). Then every solution cheaper than UB — and every solution of cost UB, when UB is the
 * optimum — lies in the reduced instance, and since the incumbent lies there too, the reduced
 * MILP's optimum is the full one; its dual bound, capped by `droppedBound`, bounds the full MILP.
 *
 * With integral data `capacitatedLagrangian` solves the knapsacks exactly (a stronger L); the LP
 * values used here are weaker but valid, and cost one pass with a sort per site (counted on
 * `workBudget`).
 *
 * @example
 * const lagrangian = capacitatedLagrangian(instance, { upperBound: () => incumbent.cost });
 * const reduction = reduceCapacitatedInstance(instance, lagrangian.lambda, incumbent);
 * const milp = buildCapacitatedMilp(reduction.instance, incumbent);
 */
export function reduceCapacitatedInstance(instance: CapacitatedInstance, lambda: Float64Array, incumbent: CapacitatedSolution, workBudget?: WorkBudget): CapacitatedReduction {
  const { demandCount: n, siteCount: m, cost, demands, capacities, openingCosts, siteStatus } = instance;
  workBudget?.spend(n * m + instance.nearSites.length);
  const ratio = new Float64Array(n);
  const dual = new Float64Array(m);
  const reduced = new Float64Array(m).fill(Infinity);
  let total = 0;
  for (let i = 0; i < n; i++) total += lambda[i];
  for (let j = 0; j < m; j++) {
    if (siteStatus[j] === -1) continue;
    const items: number[] = [];
    let weight = 0;
    for (let i = 0; i < n; i++) {
      if (cost[i * m + j] < lambda[i]) {
        items.push(i);
        weight += demands[i];
      }
    }
    let u = 0;
    if (weight > capacities[j]) {
      for (const i of items) ratio[i] = (lambda[i] - cost[i * m + j]) / Math.max(demands[i], 1e-300);
      items.sort((a, b) => ratio[b] - ratio[a] || a - b);
      let room = capacities[j];
      for (const i of items) {
        if (demands[i] > room) {
          u = ratio[i];
          break;
        }
        room -= demands[i];
      }
    }
    let value = u * capacities[j];
    for (const i of items) value += Math.max(0, lambda[i] - cost[i * m + j] - u * demands[i]);
    dual[j] = u;
    reduced[j] = openingCosts[j] - value;
  }

  // The y-subproblem as capacitatedLagrangian solves it: the fixed sites, then the best `room`
  // free ones (exactly `room` under an exact count, else only those that lower the value).
  const fixed: number[] = [];
  const free: number[] = [];
  for (let j = 0; j < m; j++) {
    if (siteStatus[j] === 1) fixed.push(j);
    else if (siteStatus[j] === 0) free.push(j);
  }
  const exactCount = instance.exactSiteCount && instance.openCount !== undefined;
  const room = instance.openCount === undefined ? free.length : instance.openCount - fixed.length;
  free.sort((a, b) => reduced[a] - reduced[b] || a - b);
  const bestFree = (slots: number, skip: number) => {
    let value = 0;
    let taken = 0;
    for (const j of free) {
      if (taken >= slots) break;
      if (j === skip) continue;
      if (!exactCount && reduced[j] >= 0) break;
      value += reduced[j];
      taken++;
    }
    return value;
  };
  let base = total;
  for (const j of fixed) base += reduced[j];
  const bound = base + bestFree(room, -1);
  /** Per site: the least L with the site open (Infinity for a forbidden site). */
  const withSite = new Float64Array(m).fill(Infinity);
  for (const j of fixed) withSite[j] = bound;
  if (room > 0) for (const j of free) withSite[j] = base + reduced[j] + bestFree(room - 1, j);

  const limit = incumbent.cost + 1e-7 * Math.max(1, Math.abs(incumbent.cost));
  const keepSite = new Uint8Array(m);
  for (let j = 0; j < m; j++) if (siteStatus[j] !== -1 && withSite[j] <= limit) keepSite[j] = 1;
  for (const j of incumbent.sites) keepSite[j] = 1;
  let droppedBound = Infinity;
  let sitesDropped = 0;
  for (let j = 0; j < m; j++) {
    if (siteStatus[j] !== -1 && keepSite[j] === 0) {
      sitesDropped++;
      droppedBound = Math.min(droppedBound, withSite[j]);
    }
  }
  const reducedCost = new Float64Array(n * m).fill(Infinity);
  const nearOffsets = new Uint32Array(n + 1);
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let k = instance.nearOffsets[i]; k < instance.nearOffsets[i + 1]; k++) {
      const j = instance.nearSites[k];
      if (keepSite[j] === 0) continue;
      const margin = lambda[i] - cost[i * m + j] - dual[j] * demands[i];
      const pairBound = withSite[j] + Math.max(0, margin) - margin;
      if (pairBound > limit && incumbent.assignment[i] !== j) {
        droppedBound = Math.min(droppedBound, pairBound);
        continue;
      }
      kept.push(j);
      reducedCost[i * m + j] = cost[i * m + j];
    }
    nearOffsets[i + 1] = kept.length;
  }
  const siteStatusKept = Int8Array.from(siteStatus, (status, j) => (keepSite[j] === 1 ? status : -1));
  return {
    instance: { ...instance, siteStatus: siteStatusKept, cost: reducedCost, nearOffsets, nearSites: Uint32Array.from(kept) },
    bound,
    droppedBound,
    pairsDropped: instance.nearSites.length - kept.length,
    sitesDropped,
  };
}
