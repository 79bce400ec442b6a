import type { WorkBudget } from '../kernel/workBudget.js';
import type { CapacitatedInstance } from './buildCapacitatedInstance.js';

/** A capacitated solution: open sites (ascending), the site of each demand point, its cost. */
export interface CapacitatedSolution {
  sites: number[];
  assignment: Int32Array;
  /** Σ opening costs + Σ assignment costs. */
  cost: number;
}

/** The heuristic steps over one instance (buffers allocated once). */
export interface CapacitatedLocalSearch {
  /**
   * Regret assignment of every demand point to `sites` within capacity (Martello & Toth 1981):
   * the point that would lose most if its best site filled up goes first. Null when some point
   * finds no site with room (the site set may still be feasible: the caller tries others).
   */
  assign(sites: readonly number[]): CapacitatedSolution | null;
  /** Shift and swap moves on the assignment until none improves (sites unchanged). */
  improveAssignment(solution: CapacitatedSolution): CapacitatedSolution;
  /**
   * Assign, improve, then move each open free site to the member of its cluster (or any allowed
   * site) that serves the same customers cheaper — Cooper's alternate location-allocation step,
   * with capacity — until nothing moves. Null when the first assignment fails.
   */
  solveSites(sites: readonly number[]): CapacitatedSolution | null;
  /**
   * Median swap: close an open free site and open one of the `neighbours` allowed sites nearest
   * to it, re-solving the assignment; first improvement, until none improves or `budget` runs out.
   */
  swapSites(solution: CapacitatedSolution, neighbours: number, budget: WorkBudget): CapacitatedSolution;
  /** Facility location only: close open free sites while that lowers the total cost (or until `budget` runs out). */
  dropSites(solution: CapacitatedSolution, budget: WorkBudget): CapacitatedSolution;
}

const EPSILON = 1e-9;

/**
 * Creates the capacitated heuristic: regret assignment, shift/swap improvement, cluster
 * relocation (Osman & Christofides 1994 use the same shift/swap neighbourhoods; the relocation
 * step is Cooper's 1964 alternate heuristic), and median swaps. With `workBudget`, every
 * assignment, improvement pass and relocation is counted there (the steps themselves always
 * complete: a half-made assignment is no answer; improvement passes, relocation rounds and the
 * swap and drop trials stop in between).
 *
 * @example
 * const search = createCapacitatedLocalSearch(instance);
 * const solution = search.solveSites([3, 17, 42]);
 */
export function createCapacitatedLocalSearch(instance: CapacitatedInstance, options: { workBudget?: WorkBudget } = {}): CapacitatedLocalSearch {
  const { demandCount: n, siteCount: m, cost, demands, capacities, openingCosts, siteStatus } = instance;
  const budget = options.workBudget;
  const pairCount = instance.nearSites.length;
  const residual = new Float64Array(m);
  const open = new Uint8Array(m);
  const best = new Int32Array(n);
  const second = new Int32Array(n);
  /** What demand i loses when its best site fills up: cost at `second` − cost at `best` (Infinity without a second). */
  const regretOf = new Float64Array(n);
  /** The points still to assign, ascending (the scan order ties are broken in). */
  const pendingList = new Int32Array(n);

  const totalCost = (sites: readonly number[], assignment: Int32Array) => {
    let total = 0;
    for (const j of sites) total += openingCosts[j];
    for (let i = 0; i < n; i++) total += cost[i * m + assignment[i]];
    return total;
  };

  const setOpen = (sites: readonly number[]) => {
    open.fill(0);
    for (const j of sites) open[j] = 1;
  };

  /** Best and second-best open site with room for demand i (−1 when none). */
  const rank = (i: number) => {
    let b = -1;
    let s = -1;
    const q = demands[i];
    const row = i * m;
    for (let k = instance.nearOffsets[i], end = instance.nearOffsets[i + 1]; k < end; k++) {
      const j = instance.nearSites[k];
      if (open[j] === 0 || residual[j] + EPSILON < q) continue;
      if (b === -1) b = j;
      else {
        s = j;
        break;
      }
    }
    best[i] = b;
    second[i] = s;
    if (b !== -1) regretOf[i] = s === -1 ? Infinity : cost[row + s] - cost[row + b];
    return row;
  };

  /**
   * Regret assignment of the points whose entry in `partial` is −1 (all points when absent);
   * the others keep their site and use up its capacity first.
   */
  const assign = (sites: readonly number[], partial?: Int32Array): CapacitatedSolution | null => {
    setOpen(sites);
    residual.fill(0);
    for (const j of sites) residual[j] = capacities[j];
    const assignment = partial ? Int32Array.from(partial) : new Int32Array(n).fill(-1);
    let pendingCount = 0;
    for (let i = 0; i < n; i++) {
      if (assignment[i] === -1) {
        pendingList[pendingCount++] = i;
      } else {
        residual[assignment[i]] -= demands[i];
      }
    }
    for (let p = 0; p < pendingCount; p++) rank(pendingList[p]);
    // Counted as the full scans of every step (the work does not depend on how the scans are made).
    budget?.spend(pendingCount * n + pairCount);
    if (!assignPending(assignment, pendingCount)) return null;
    const sorted = [...sites].sort((a, b) => a - b);
    return { sites: sorted, assignment, cost: totalCost(sorted, assignment) };
  };

  /**
   * The regret steps of {@link assign} over the first `pendingCount` points of `pendingList`;
   * false when a point has no open site with room left. A function of its own so that V8
   * compiles this loop once, not `assign` by on-stack replacement, deoptimised again at the
   * code after the loop on every later call.
   */
  const assignPending = (assignment: Int32Array, pendingCount: number): boolean => {
    // Each step scans only the points still pending, in ascending order as a scan of all points
    // would meet them, with each point's regret kept from its last ranking.
    let left = pendingCount;
    while (left > 0) {
      let pick = -1;
      let pickAt = -1;
      let pickRegret = -Infinity;
      for (let p = 0; p < left; p++) {
        const i = pendingList[p];
        if (best[i] === -1) return false;
        const regret = regretOf[i];
        // Larger demand first on equal regret: big items are the hard ones to fit later.
        if (pick === -1 || regret > pickRegret || (regret === pickRegret && demands[i] > demands[pick])) {
          pick = i;
          pickAt = p;
          pickRegret = regret;
        }
      }
      const j = best[pick];
      assignment[pick] = j;
      pendingList.copyWithin(pickAt, pickAt + 1, left);
      left--;
      residual[j] -= demands[pick];
      for (let p = 0; p < left; p++) {
        const i = pendingList[p];
        if ((best[i] === j || second[i] === j) && residual[j] + EPSILON < demands[i]) rank(i);
      }
    }
    return true;
  };

  const members: number[][] = Array.from({ length: m }, () => []);
  const position = new Int32Array(n);
  const move = (assignment: Int32Array, i: number, to: number) => {
    const list = members[assignment[i]];
    const last = list.pop() as number;
    if (last !== i) {
      list[position[i]] = last;
      position[last] = position[i];
    }
    position[i] = members[to].length;
    members[to].push(i);
    residual[assignment[i]] += demands[i];
    residual[to] -= demands[i];
    assignment[i] = to;
  };

  const improveAssignment = (solution: CapacitatedSolution): CapacitatedSolution => {
    const assignment = Int32Array.from(solution.assignment);
    const sites = solution.sites;
    setOpen(sites);
    residual.fill(0);
    for (const j of sites) {
      residual[j] = capacities[j];
      members[j].length = 0;
    }
    for (let i = 0; i < n; i++) {
      residual[assignment[i]] -= demands[i];
      position[i] = members[assignment[i]].length;
      members[assignment[i]].push(i);
    }
    improveInPlace(assignment);
    return { sites, assignment, cost: totalCost(sites, assignment) };
  };

  /**
   * The passes of {@link improveAssignment} over `assignment` (with `members`, `position` and
   * `residual` set up for it). A function of its own so that V8 compiles the passes once
   * instead of `improveAssignment` by on-stack replacement, deoptimised after the loop.
   */
  const improveInPlace = (assignment: Int32Array): void => {
    let improved = true;
    // Every pass leaves a feasible assignment: stopping between passes when the work runs out is safe.
    while (improved && (budget === undefined || budget.spend(pairCount + n))) {
      improved = false;
      for (let a = 0; a < n; a++) {
        const from = assignment[a];
        const current = cost[a * m + from];
        // Every improving shift or swap moves some point to a cheaper site: scan a's cheaper
        // open sites only, and for a swap the points now at that site.
        for (let k = instance.nearOffsets[a], end = instance.nearOffsets[a + 1]; k < end; k++) {
          const to = instance.nearSites[k];
          const gain = current - cost[a * m + to];
          if (gain <= EPSILON) break;
          if (open[to] === 0) continue;
          if (residual[to] + EPSILON >= demands[a]) {
            move(assignment, a, to);
            improved = true;
            break;
          }
          let partner = -1;
          let partnerDelta = -EPSILON;
          for (const b of members[to]) {
            const cb = cost[b * m + from];
            if (cb === Infinity) continue;
            const delta = cb - cost[b * m + to] - gain;
            if (delta < partnerDelta && residual[to] + demands[b] + EPSILON >= demands[a] && residual[from] + demands[a] + EPSILON >= demands[b]) {
              partner = b;
              partnerDelta = delta;
            }
          }
          if (partner !== -1) {
            move(assignment, a, to);
            move(assignment, partner, from);
            improved = true;
            break;
          }
        }
      }
    }
  };

  const relocate = (solution: CapacitatedSolution): CapacitatedSolution | null => {
    const sites = [...solution.sites];
    const assignment = solution.assignment;
    const members: number[][] = sites.map(() => []);
    const slot = new Int32Array(m).fill(-1);
    sites.forEach((j, s) => (slot[j] = s));
    for (let i = 0; i < n; i++) members[slot[assignment[i]]].push(i);
    let moved = false;
    setOpen(sites);
    budget?.spend(n * m);
    for (let s = 0; s < sites.length; s++) {
      const j = sites[s];
      if (siteStatus[j] !== 0) continue;
      const group = members[s];
      let load = 0;
      for (const i of group) load += demands[i];
      let bestSite = j;
      let bestCost = openingCosts[j];
      for (const i of group) bestCost += cost[i * m + j];
      for (let k = 0; k < m; k++) {
        if (open[k] === 1 || siteStatus[k] !== 0 || capacities[k] + EPSILON < load) continue;
        let total = openingCosts[k];
        for (const i of group) {
          total += cost[i * m + k];
          if (total >= bestCost - EPSILON) break;
        }
        if (total < bestCost - EPSILON) {
          bestCost = total;
          bestSite = k;
        }
      }
      if (bestSite !== j) {
        open[j] = 0;
        open[bestSite] = 1;
        sites[s] = bestSite;
        for (const i of group) assignment[i] = bestSite;
        moved = true;
      }
    }
    if (!moved) return null;
    sites.sort((a, b) => a - b);
    return { sites, assignment, cost: totalCost(sites, assignment) };
  };

  const solveSites = (start: readonly number[]): CapacitatedSolution | null => {
    const first = assign(start);
    return first === null ? null : polish(first);
  };

  const polish = (first: CapacitatedSolution): CapacitatedSolution => {
    let current = improveAssignment(first);
    for (let round = 0; round < 50 && (budget === undefined || budget.canContinue()); round++) {
      const moved = relocate({ ...current, assignment: Int32Array.from(current.assignment) });
      if (moved === null) break;
      const next = improveAssignment(moved);
      if (next.cost >= current.cost - EPSILON) break;
      current = next;
    }
    return current;
  };

  /** Like solveSites, but keeps every point not served by `closed` where it is. */
  const solveFrom = (sites: readonly number[], assignment: Int32Array, closed: number): CapacitatedSolution | null => {
    const partial = Int32Array.from(assignment, (j) => (j === closed ? -1 : j));
    const first = assign(sites, partial);
    return first === null ? solveSites(sites) : polish(first);
  };

  const swapSites = (solution: CapacitatedSolution, neighbours: number, work: WorkBudget): CapacitatedSolution => {
    let current = solution;
    let improved = true;
    while (improved && work.canContinue()) {
      improved = false;
      for (const out of current.sites) {
        if (siteStatus[out] !== 0) continue;
        const isOpen = new Uint8Array(m);
        for (const j of current.sites) isOpen[j] = 1;
        // Candidates: allowed closed sites nearest to the closed one (its own column's costs as
        // the distance proxy: cost from the site's own demand row when the site is a demand point).
        const candidates: number[] = [];
        for (let k = 0; k < m; k++) if (isOpen[k] === 0 && siteStatus[k] === 0) candidates.push(k);
        const proxy = new Float64Array(m);
        for (const k of candidates) proxy[k] = siteProxyDistance(instance, out, k);
        work.spend(candidates.length * n);
        candidates.sort((a, b) => proxy[a] - proxy[b] || a - b);
        for (const into of candidates.slice(0, neighbours)) {
          if (!work.canContinue()) return current;
          const trial = current.sites.filter((j) => j !== out).concat(into);
          const candidate = solveFrom(trial, current.assignment, out);
          if (candidate !== null && candidate.cost < current.cost - EPSILON) {
            current = candidate;
            improved = true;
            break;
          }
        }
        if (improved) break;
      }
    }
    return current;
  };

  const dropSites = (solution: CapacitatedSolution, work: WorkBudget): CapacitatedSolution => {
    let current = solution;
    let improved = true;
    while (improved && work.canContinue()) {
      improved = false;
      for (const out of current.sites) {
        if (siteStatus[out] !== 0) continue;
        if (instance.openCount !== undefined && instance.exactSiteCount) break;
        const candidate = solveFrom(current.sites.filter((j) => j !== out), current.assignment, out);
        if (candidate !== null && candidate.cost < current.cost - EPSILON) {
          current = candidate;
          improved = true;
          break;
        }
        if (!work.canContinue()) break;
      }
    }
    return current;
  };

  return { assign, improveAssignment, solveSites, swapSites, dropSites };
}

/**
 * How far site `k` is from site `j`, for ranking swap candidates: the mean over demand points of
 * |c_ij − c_ik| (small when the two sites serve the same points at similar costs). Works without
 * site coordinates.
 */
function siteProxyDistance(instance: CapacitatedInstance, j: number, k: number): number {
  const { demandCount: n, siteCount: m, cost } = instance;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const a = cost[i * m + j];
    const b = cost[i * m + k];
    if (a === Infinity || b === Infinity) total += a === b ? 0 : 1e12;
    else total += Math.abs(a - b);
  }
  return total;
}
