import type { WorkBudget } from '../kernel/workBudget.js';
import type { PMedianCosts } from './buildPMedianCosts.js';

/** A reusable p-median local search over one {@link PMedianCosts}: buffers are allocated once. */
export interface PMedianLocalSearch {
  /** Greedy adding (Kuehn & Hamburger 1963): fixed sites, then the site that lowers cost most. */
  greedy(siteCount: number): number[];
  /** Fast interchange from `sites` until no swap improves; returns ascending sites and cost. */
  improve(sites: readonly number[]): { sites: number[]; cost: number };
  /** Σ_i min_{j ∈ sites} cost_ij. */
  costOf(sites: readonly number[]): number;
}

/**
 * Creates the greedy + fast-interchange heuristic for the p-median (Whitaker 1983; Resende &
 * Werneck 2003, "A fast swap-based local search procedure for location problems", Annals of
 * OR 150 (2007)). Each demand i keeps its nearest and second-nearest open site; the profit of
 * swapping site `in` for open site `out` is `gain(in) − loss(out) + extra(in, out)`, and after a
 * swap only the demand points whose two nearest sites change, or that `in` now serves, are
 * re-scored: the step costs O(affected · scan + candidates · p) instead of O(n · m).
 *
 * `siteStatus`: 1 fixed (never swapped out), -1 forbidden (never opened), 0 free. With a
 * `workBudget`, every pass is counted (greedy steps and set-ups: a pass over the costs; swaps:
 * the candidate scan), and `improve` stops swapping when it runs out (its answer stays valid).
 *
 * @example
 * const search = createPMedianLocalSearch(costs, rules.siteStatus);
 * const { sites, cost } = search.improve(search.greedy(10));
 */
export function createPMedianLocalSearch(costs: PMedianCosts, siteStatus: Int8Array, options: { workBudget?: WorkBudget } = {}): PMedianLocalSearch {
  const budget = options.workBudget;
  const { demandCount: n, siteCount: m, cost, order, sortedCost } = costs;
  const open = new Uint8Array(m);
  const openList: number[] = [];
  const c1 = new Int32Array(n);
  const c2 = new Int32Array(n);
  const d1 = new Float64Array(n);
  const d2 = new Float64Array(n);
  const gain = new Float64Array(m);
  const loss = new Float64Array(m);
  const extra = new Float64Array(m * m);
  const affected = new Uint8Array(n);

  const setOpen = (sites: readonly number[]) => {
    open.fill(0);
    openList.length = 0;
    for (const s of sites) {
      if (open[s] === 0) openList.push(s);
      open[s] = 1;
    }
  };

  const nearestTwo = (i: number) => {
    const base = i * m;
    let found = 0;
    c2[i] = -1;
    d2[i] = Infinity;
    for (let k = 0; k < m; k++) {
      const s = order[base + k];
      if (open[s] === 0) continue;
      if (found === 0) {
        c1[i] = s;
        d1[i] = sortedCost[base + k];
        found = 1;
      } else {
        c2[i] = s;
        d2[i] = sortedCost[base + k];
        return;
      }
    }
  };

  // Adds (sign 1) or removes (sign -1) demand i's share of gain, loss and extra. Needs two open sites.
  const contribute = (i: number, sign: number) => {
    const a = c1[i];
    const near = d1[i];
    const far = d2[i];
    loss[a] += sign * (far - near);
    const base = i * m;
    for (let k = 0; k < m; k++) {
      const c = sortedCost[base + k];
      if (c >= far) break;
      const s = order[base + k];
      if (open[s] === 1 || siteStatus[s] === -1) continue;
      if (c < near) gain[s] += sign * (near - c);
      extra[s * m + a] += sign * (far - (c > near ? c : near));
    }
  };

  const costOf = (sites: readonly number[]): number => {
    budget?.spend(n * sites.length);
    let total = 0;
    for (let i = 0; i < n; i++) {
      let best = Infinity;
      const base = i * m;
      for (const s of sites) if (cost[base + s] < best) best = cost[base + s];
      total += best;
    }
    return total;
  };

  const greedy = (siteCount: number): number[] => {
    const chosen: number[] = [];
    for (let j = 0; j < m; j++) if (siteStatus[j] === 1) chosen.push(j);
    setOpen(chosen);
    d1.fill(Infinity);
    for (const s of chosen) for (let i = 0; i < n; i++) if (cost[i * m + s] < d1[i]) d1[i] = cost[i * m + s];
    while (chosen.length < siteCount) {
      // A greedy step passes over the costs; it always completes (its answer is needed).
      budget?.spend(n * m);
      let best = -1;
      if (chosen.length === 0) {
        // Nothing open yet: the best single site is the least column sum.
        let bestSum = Infinity;
        gain.fill(0);
        for (let i = 0; i < n; i++) for (let j = 0, base = i * m; j < m; j++) gain[j] += cost[base + j];
        for (let j = 0; j < m; j++) if (siteStatus[j] === 0 && gain[j] < bestSum) [bestSum, best] = [gain[j], j];
      } else {
        gain.fill(0);
        for (let i = 0; i < n; i++) {
          const near = d1[i];
          const base = i * m;
          for (let k = 0; k < m; k++) {
            const c = sortedCost[base + k];
            if (c >= near) break;
            gain[order[base + k]] += near - c;
          }
        }
        let bestGain = -Infinity;
        for (let j = 0; j < m; j++) if (siteStatus[j] === 0 && open[j] === 0 && gain[j] > bestGain) [bestGain, best] = [gain[j], j];
      }
      chosen.push(best);
      open[best] = 1;
      openList.push(best);
      for (let i = 0; i < n; i++) if (cost[i * m + best] < d1[i]) d1[i] = cost[i * m + best];
    }
    return chosen.sort((a, b) => a - b);
  };

  const improve = (sites: readonly number[]): { sites: number[]; cost: number } => {
    setOpen(sites);
    if (openList.length < 2 || openList.length >= m) return { sites: [...openList].sort((a, b) => a - b), cost: costOf(openList) };
    gain.fill(0);
    loss.fill(0);
    extra.fill(0);
    budget?.spend(n * m + m * m);
    let total = 0;
    for (let i = 0; i < n; i++) {
      nearestTwo(i);
      total += d1[i];
      contribute(i, 1);
    }
    for (;;) {
      if (budget !== undefined && !budget.spend(m * openList.length + 2 * n)) break;
      const tolerance = 1e-9 * Math.max(1, Math.abs(total));
      let bestProfit = tolerance;
      let bestIn = -1;
      let bestOut = -1;
      for (let s = 0; s < m; s++) {
        if (open[s] === 1 || siteStatus[s] !== 0) continue;
        const g = gain[s];
        const row = s * m;
        for (let k = 0; k < openList.length; k++) {
          const out = openList[k];
          if (siteStatus[out] === 1) continue;
          const profit = g - loss[out] + extra[row + out];
          if (profit > bestProfit) {
            bestProfit = profit;
            bestIn = s;
            bestOut = out;
          }
        }
      }
      if (bestIn === -1) break;
      for (let i = 0; i < n; i++) {
        const hit = c1[i] === bestOut || c2[i] === bestOut || cost[i * m + bestIn] < d2[i];
        affected[i] = hit ? 1 : 0;
        if (hit) contribute(i, -1);
      }
      open[bestOut] = 0;
      open[bestIn] = 1;
      openList[openList.indexOf(bestOut)] = bestIn;
      total = 0;
      for (let i = 0; i < n; i++) {
        if (affected[i] === 1) {
          nearestTwo(i);
          contribute(i, 1);
        }
        total += d1[i];
      }
    }
    return { sites: [...openList].sort((a, b) => a - b), cost: total };
  };

  return { greedy, improve, costOf };
}
