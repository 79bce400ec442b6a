import type { WorkBudget } from '../kernel/workBudget.js';
import { MilpBuilder } from '../milp/milpBuilder.js';
import { solveMilp } from '../milp/solveMilp.js';
import type { CapacitatedInstance } from './buildCapacitatedInstance.js';
import type { CapacitatedLocalSearch, CapacitatedSolution } from './createCapacitatedLocalSearch.js';

/** What {@link enumerateCapacitatedSiteSets} returns. */
export interface SiteSetEnumeration {
  /** The best solution found (the given incumbent when no site set beat it; null when none is known). */
  incumbent: CapacitatedSolution | null;
  /**
   * A lower bound on every feasible solution: the least bound over all site sets (Infinity when
   * every set is proven infeasible). It meets the incumbent's cost when the enumeration finished.
   */
  bound: number;
  /** True when every site set was settled: pruned by a bound, proven infeasible, or solved to optimality. */
  complete: boolean;
  setCount: number;
  /** Sets whose capacity Lagrangian was computed (their nearest-site bound was below the incumbent). */
  setsBounded: number;
  /** Sets whose assignment was searched (branch and bound, or HiGHS): their Lagrangian bound was below the incumbent too. */
  setsSolved: number;
}

/** Options of {@link enumerateCapacitatedSiteSets}. */
export interface SiteSetEnumerationOptions {
  /** Subgradient steps of each set's capacity Lagrangian. */
  lagrangianSteps: number;
  /** Branch-and-bound nodes of a set's assignment before it goes to HiGHS instead (0: always HiGHS). */
  maxNodes: number;
}

/**
 * How many site sets the count rule allows: the fixed sites plus k free ones, for every allowed
 * k (exactly p − fixed under an exact count; from 0 — at least one site in all — up to
 * p − fixed, or all free sites without a count, otherwise). Saturates at `limit + 1`.
 *
 * @example
 * countCapacitatedSiteSets(instance, 5000); // -> 364 for 1 fixed + 3 of 14 free
 */
export function countCapacitatedSiteSets(instance: CapacitatedInstance, limit: number): number {
  const { free, fixed, sizes } = siteSetShape(instance);
  let total = 0;
  for (const k of sizes) {
    total += binomial(free.length, k, limit + 1);
    if (total > limit) return limit + 1;
  }
  return fixed.length === 0 && sizes.includes(0) ? total - 1 : total;
}

/**
 * Exact solve of a capacitated model with few candidate site sets, by enumeration with bounds
 * (proof of optimality by exhaustion). Every allowed site set S gets the cheap valid bound
 * LB₀(S) = Σ_{j∈S} f_j + Σ_i min_{j∈S} c_ij (each point at its nearest open site, capacities
 * ignored; Infinity when S cannot hold the total demand or some point has no site in S). The sets
 * are taken in ascending LB₀ (ties in generation order); the first whose LB₀ reaches the
 * incumbent's cost ends the search, as all later ones are no better. A set below it gets the
 * Lagrangian bound of its single-source assignment with the capacity rows relaxed,
 * L(u) = Σ f + Σ_i min_{j∈S} (c_ij + u_j q_i) − Σ_j u_j Q_j (u ≥ 0, subgradient steps), and is
 * pruned when L reaches the incumbent; every few steps its relaxed assignment, repaired to fit
 * and improved by shift/swap moves, may lower the incumbent. Otherwise the pairs whose reduced
 * cost lifts L above the incumbent are dropped (every assignment that uses one costs more), the
 * points left with one site are fixed there, and a branch and bound (`maxNodes` nodes at most)
 * settles the rest of the set's assignment; HiGHS takes it (a generalized assignment MILP: no
 * site columns, no linking rows, warm-started with the incumbent when it uses S) only when the
 * nodes run out. A better answer replaces the incumbent. Sets are settled one by one on `work`; the
 * bound is the least over all sets of what is known of each, so a cut-short enumeration still
 * reports a valid bound.
 *
 * @example
 * const result = await enumerateCapacitatedSiteSets(instance, search, incumbent, work, { lagrangianSteps: 60 });
 * if (result.complete) console.log('optimal', result.incumbent?.cost);
 */
export async function enumerateCapacitatedSiteSets(
  instance: CapacitatedInstance,
  search: CapacitatedLocalSearch,
  start: CapacitatedSolution | null,
  work: WorkBudget,
  options: SiteSetEnumerationOptions,
): Promise<SiteSetEnumeration> {
  const { demandCount: n, siteCount: m, cost, demands, capacities, openingCosts } = instance;
  const { free, fixed, sizes } = siteSetShape(instance);
  let totalDemand = 0;
  for (let i = 0; i < n; i++) totalDemand += demands[i];
  // Every allowed set, with its LB₀ on the way: each depth of the generation keeps, per point,
  // the least cost over the fixed sites and the picks so far, so a set costs one pass over the
  // points for its last pick only (the same minima, summed in the same order, as a pass per set).
  const sets: number[][] = [];
  const bounds: number[] = [];
  const pick: number[] = [];
  const least = Array.from({ length: Math.max(0, ...sizes) + 1 }, () => new Float64Array(n).fill(Infinity));
  for (const j of fixed) for (let i = 0; i < n; i++) if (cost[i * m + j] < least[0][i]) least[0][i] = cost[i * m + j];
  const addSet = (prior: Float64Array, last: number) => {
    const sites = (last === -1 ? [...fixed, ...pick] : [...fixed, ...pick, last]).sort((a, b) => a - b);
    sets.push(sites);
    work.spend(n + sites.length);
    let capacity = 0;
    let total = 0;
    for (const j of sites) {
      capacity += capacities[j];
      total += openingCosts[j];
    }
    if (capacity < totalDemand - 1e-9 * Math.max(1, totalDemand)) {
      bounds.push(Infinity);
      return;
    }
    for (let i = 0; i < n && total < Infinity; i++) {
      const c = last === -1 ? Infinity : cost[i * m + last];
      total += c < prior[i] ? c : prior[i];
    }
    bounds.push(total);
  };
  const generate = (from: number, size: number) => {
    const depth = pick.length;
    if (depth === size) {
      if (fixed.length + size > 0) addSet(least[depth], -1);
      return;
    }
    for (let a = from; a <= free.length - (size - depth); a++) {
      const j = free[a];
      if (depth + 1 === size) {
        addSet(least[depth], j);
        continue;
      }
      const prior = least[depth];
      const into = least[depth + 1];
      work.spend(n);
      for (let i = 0; i < n; i++) into[i] = cost[i * m + j] < prior[i] ? cost[i * m + j] : prior[i];
      pick.push(j);
      generate(a + 1, size);
      pick.pop();
    }
  };
  for (const size of sizes) generate(0, size);
  const nearestBound = Float64Array.from(bounds);
  const order = Array.from(sets.keys()).sort((a, b) => nearestBound[a] - nearestBound[b] || a - b);

  let incumbent = start;
  const upper = () => incumbent?.cost ?? Infinity;
  // The least bound of the sets settled by a solve that proved less than the incumbent's cost
  // (an interrupted HiGHS run), and of the sets left when the work ran out.
  let openBound = Infinity;
  let setsBounded = 0;
  let setsSolved = 0;
  let complete = true;
  for (let at = 0; at < order.length; at++) {
    const s = order[at];
    if (nearestBound[s] >= upper()) break;
    if (!work.canContinue()) {
      complete = false;
      openBound = Math.min(openBound, nearestBound[s]);
      break;
    }
    setsBounded++;
    const sites = sets[s];
    // The set's cheap answers (the relaxed assignment repaired to fit, then shift/swap moves)
    // lower the incumbent as the bound rises; both steer the subgradient target.
    // The repairs of successive steps often give the same answer again: improving it again
    // (improveAssignment is deterministic) could only give what the first time gave.
    const offered: CapacitatedSolution[] = [];
    const offer = (answer: CapacitatedSolution) => {
      if (offered.some((seen) => seen.cost === answer.cost && sameAssignment(seen.assignment, answer.assignment))) return;
      offered.push(answer);
      const improved = search.improveAssignment(answer);
      if (improved.cost < upper()) incumbent = improved;
    };
    const relaxation = capacityLagrangian(instance, sites, options.lagrangianSteps, upper, offer, work);
    if (relaxation.bound >= upper()) continue;
    setsSolved++;
    const solved = await solveSiteSet(instance, sites, relaxation, incumbent, options.maxNodes, work);
    if (solved.solution !== null && solved.solution.cost < upper()) incumbent = solved.solution;
    if (!solved.optimal) {
      complete = false;
      openBound = Math.min(openBound, solved.bound);
    }
  }
  // Every set not reached has LB₀ ≥ the incumbent (or the loop stopped on work and counted it).
  const bound = Math.min(openBound, upper());
  return { incumbent, bound, complete, setCount: sets.length, setsBounded, setsSolved };
}

interface SetRelaxation {
  bound: number;
  /** The multipliers at the best bound, one per site of the set. */
  multipliers: Float64Array;
}

/**
 * max over u ≥ 0 of L(u) = Σ_{j∈S} f_j + Σ_i min_{j∈S} (c_ij + u_j q_i) − Σ_{j∈S} u_j Q_j by
 * Polyak subgradient steps towards the incumbent's cost (the LP bound of the set's assignment
 * in the limit). A relaxed assignment that fits, and every `REPAIR_EVERY` steps one repaired to
 * fit, goes to `offer` (a candidate incumbent). Counted: n · |S| per step, 2 n · |S| per repair.
 */
function capacityLagrangian(
  instance: CapacitatedInstance,
  sites: readonly number[],
  steps: number,
  upper: () => number,
  offer: (answer: CapacitatedSolution) => void,
  work: WorkBudget,
): SetRelaxation {
  const { demandCount: n, capacities, openingCosts } = instance;
  const k = sites.length;
  const u = new Float64Array(k);
  const load = new Float64Array(k);
  const at = new Int32Array(n);
  let opening = 0;
  for (const j of sites) opening += openingCosts[j];
  const slots = Int32Array.from(sites);
  const sums = new Float64Array(2);
  let bestBound = -Infinity;
  let best = new Float64Array(k);
  let feasible: CapacitatedSolution | null = null;
  let theta = 1;
  let stall = 0;
  for (let step = 0; step < steps; step++) {
    work.spend(n * k);
    relaxedAssignment(instance, slots, u, load, at, sums, opening);
    let value = sums[0];
    const primal = sums[1];
    let norm = 0;
    let fits = true;
    for (let s = 0; s < k; s++) {
      value -= u[s] * capacities[sites[s]];
      const excess = load[s] - capacities[sites[s]];
      if (excess > 0) fits = false;
      const g = u[s] === 0 && excess < 0 ? 0 : excess;
      norm += g * g;
    }
    if (value > bestBound) {
      bestBound = value;
      best = Float64Array.from(u);
      stall = 0;
    } else if (++stall >= 5) {
      theta /= 2;
      stall = 0;
    }
    if (fits && primal < (feasible?.cost ?? Infinity)) {
      feasible = { sites: [...sites], assignment: Int32Array.from(at, (s) => sites[s]), cost: primal };
      offer(feasible);
    }
    if (step % REPAIR_EVERY === 0 && !fits) {
      const repaired = repairAssignment(instance, sites, u, at, work);
      if (repaired !== null) offer(repaired);
    }
    const target = upper();
    if (norm === 0 || bestBound >= target || theta < 1e-4) break;
    const gap = Number.isFinite(target) ? target - value : Math.abs(value) * 0.05 + 1;
    const size = (theta * Math.max(gap, 1e-9 * Math.max(1, Math.abs(value)))) / norm;
    for (let s = 0; s < k; s++) u[s] = Math.max(0, u[s] + size * (load[s] - capacities[sites[s]]));
  }
  return { bound: bestBound, multipliers: best };
}

/**
 * The relaxed assignment at multipliers `u`: each point at its slot of least c_ij + u_j q_i
 * (`at`, ties to the lower slot), `load` per slot; `sums` gets `start` + Σ of those least
 * values, and `start` + Σ of their plain costs, summed in point order. A function of its own so
 * that V8 compiles this loop whole, early, and apart from the step's rarer code (the offers and
 * repairs), whose first run would deoptimise it.
 */
function relaxedAssignment(instance: CapacitatedInstance, slots: Int32Array, u: Float64Array, load: Float64Array, at: Int32Array, sums: Float64Array, start: number): void {
  const { demandCount: n, siteCount: m, cost, demands } = instance;
  const k = slots.length;
  load.fill(0);
  let value = start;
  let primal = start;
  for (let i = 0; i < n; i++) {
    let least = Infinity;
    let where = 0;
    for (let s = 0; s < k; s++) {
      const reduced = cost[i * m + slots[s]] + u[s] * demands[i];
      if (reduced < least) {
        least = reduced;
        where = s;
      }
    }
    value += least;
    primal += cost[i * m + slots[where]];
    load[where] += demands[i];
    at[i] = where;
  }
  sums[0] = value;
  sums[1] = primal;
}

/** Steps of a set's Lagrangian between two repairs of its relaxed assignment. */
const REPAIR_EVERY = 10;

/**
 * Lagrangian repair: from the relaxed assignment `at` (slots of `sites`), move points off each
 * over-full site — least extra reduced cost c_ij + u_j q_i per tonne first — to the site with
 * room where that cost is least, until it fits. Null when some site cannot be emptied enough.
 */
function repairAssignment(instance: CapacitatedInstance, sites: readonly number[], u: Float64Array, at: Int32Array, work: WorkBudget): CapacitatedSolution | null {
  const { demandCount: n, siteCount: m, cost, demands, capacities, openingCosts } = instance;
  const k = sites.length;
  work.spend(n * k * 2);
  const slot = Int32Array.from(at);
  const load = new Float64Array(k);
  for (let i = 0; i < n; i++) load[slot[i]] += demands[i];
  const reduced = (i: number, s: number) => cost[i * m + sites[s]] + u[s] * demands[i];
  const fits = (s: number, q: number) => load[s] + q <= capacities[sites[s]] + 1e-9 * Math.max(1, capacities[sites[s]]);
  for (let s = 0; s < k; s++) {
    if (fits(s, 0)) continue;
    const members: number[] = [];
    const penalty = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      if (slot[i] !== s) continue;
      let least = Infinity;
      for (let t = 0; t < k; t++) if (t !== s && cost[i * m + sites[t]] !== Infinity) least = Math.min(least, reduced(i, t));
      if (least === Infinity) continue;
      members.push(i);
      penalty.set(i, (least - reduced(i, s)) / Math.max(demands[i], 1e-300));
    }
    members.sort((a, b) => (penalty.get(a) as number) - (penalty.get(b) as number) || a - b);
    for (const i of members) {
      if (fits(s, 0)) break;
      let to = -1;
      for (let t = 0; t < k; t++) {
        if (t === s || cost[i * m + sites[t]] === Infinity || !fits(t, demands[i])) continue;
        if (to === -1 || reduced(i, t) < reduced(i, to)) to = t;
      }
      if (to === -1) continue;
      slot[i] = to;
      load[s] -= demands[i];
      load[to] += demands[i];
    }
    if (!fits(s, 0)) return null;
  }
  let total = 0;
  for (const j of sites) total += openingCosts[j];
  for (let i = 0; i < n; i++) total += cost[i * m + sites[slot[i]]];
  return { sites: [...sites], assignment: Int32Array.from(slot, (t) => sites[t]), cost: total };
}

/**
 * The set's single-source assignment through HiGHS, less the pairs reduced-cost fixing rules
 * out: a pair (i, j) with L(u) + (c_ij + u_j q_i − min_s (c_is + u_s q_i)) above the incumbent
 * is in no assignment cheaper than it (the relaxation stays separable per point). Points left
 * with one site are fixed there before the model is built.
 */
async function solveSiteSet(
  instance: CapacitatedInstance,
  sites: readonly number[],
  relaxation: SetRelaxation,
  incumbent: CapacitatedSolution | null,
  maxNodes: number,
  work: WorkBudget,
): Promise<{ solution: CapacitatedSolution | null; optimal: boolean; bound: number }> {
  const { demandCount: n, siteCount: m, cost, demands, capacities, openingCosts } = instance;
  const k = sites.length;
  const u = relaxation.multipliers;
  const limit = incumbent === null ? Infinity : incumbent.cost + 1e-7 * Math.max(1, Math.abs(incumbent.cost));
  const usesSet = incumbent !== null && incumbent.sites.length === k && incumbent.sites.every((j, s) => j === sites[s]);
  work.spend(n * k * 2);
  const room = Float64Array.from(sites, (j) => capacities[j]);
  const assignment = new Int32Array(n).fill(-1);
  let fixedCost = 0;
  for (const j of sites) fixedCost += openingCosts[j];
  let droppedBound = Infinity;
  const freePoints: number[] = [];
  const freePairs: number[][] = [];
  const reduced = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    let least = Infinity;
    for (let s = 0; s < k; s++) {
      reduced[s] = cost[i * m + sites[s]] + u[s] * demands[i];
      if (reduced[s] < least) least = reduced[s];
    }
    const kept: number[] = [];
    for (let s = 0; s < k; s++) {
      if (cost[i * m + sites[s]] === Infinity) continue;
      const pairBound = relaxation.bound + reduced[s] - least;
      if (pairBound > limit && !(usesSet && incumbent.assignment[i] === sites[s])) droppedBound = Math.min(droppedBound, pairBound);
      else kept.push(s);
    }
    if (kept.length === 0) return { solution: null, optimal: true, bound: droppedBound };
    if (kept.length === 1) {
      assignment[i] = sites[kept[0]];
      room[kept[0]] -= demands[i];
      fixedCost += cost[i * m + sites[kept[0]]];
    } else {
      freePoints.push(i);
      freePairs.push(kept);
    }
  }
  const tolerance = (s: number) => 1e-9 * Math.max(1, capacities[sites[s]]);
  if (room.some((r, s) => r < -tolerance(s))) return { solution: null, optimal: true, bound: droppedBound };
  const keep = usesSet ? (f: number, s: number) => incumbent.assignment[freePoints[f]] === sites[s] : () => false;
  for (const f of dropDominatedPairs(instance, sites, freePoints, freePairs, room, keep, work)) {
    const i = freePoints[f];
    const s = freePairs[f][0];
    assignment[i] = sites[s];
    room[s] -= demands[i];
    fixedCost += cost[i * m + sites[s]];
  }
  for (let f = freePoints.length - 1; f >= 0; f--) {
    if (freePairs[f].length > 1) continue;
    freePoints.splice(f, 1);
    freePairs.splice(f, 1);
  }
  let solution: CapacitatedSolution | null = null;
  let bound = droppedBound;
  const branched = freePoints.length === 0 ? null : branchAssignment(instance, sites, freePoints, freePairs, room, limit - fixedCost, maxNodes, work);
  if (freePoints.length === 0) {
    solution = { sites: [...sites], assignment, cost: assignmentCost(instance, sites, assignment) };
  } else if (branched !== null) {
    // Branch and bound settled the set: its best assignment below the limit, or none there.
    if (branched.slots !== null) {
      const full = Int32Array.from(assignment);
      freePoints.forEach((i, f) => (full[i] = sites[(branched.slots as Int32Array)[f]]));
      solution = { sites: [...sites], assignment: full, cost: assignmentCost(instance, sites, full) };
    }
  } else {
    let pairCount = 0;
    for (const kept of freePairs) pairCount += kept.length;
    const milp = new MilpBuilder('minimize', { columns: pairCount, rows: freePoints.length + k, entries: 2 * pairCount });
    const columnPoint: number[] = [];
    const columnSlot: number[] = [];
    freePoints.forEach((i, f) => {
      for (const s of freePairs[f]) {
        columnPoint.push(i);
        columnSlot.push(s);
        milp.addColumn(cost[i * m + sites[s]], 0, 1, true);
      }
    });
    for (let c = 0, f = 0; f < freePoints.length; f++) {
      for (let t = 0; t < freePairs[f].length; t++, c++) milp.entry(c, 1);
      milp.endRow(1, 1);
    }
    for (let s = 0; s < k; s++) {
      for (let c = 0; c < pairCount; c++) if (columnSlot[c] === s) milp.entry(c, demands[columnPoint[c]]);
      milp.endRow(-Infinity, Math.max(0, room[s]));
    }
    let startValues: Float64Array | undefined;
    if (usesSet) {
      startValues = new Float64Array(pairCount);
      for (let c = 0; c < pairCount; c++) if (incumbent.assignment[columnPoint[c]] === sites[columnSlot[c]]) startValues[c] = 1;
    }
    const model = milp.build();
    const result = await solveMilp({ ...model, offset: fixedCost }, { workBudget: work, initialSolution: startValues });
    if (result.status === 'infeasible') return { solution: null, optimal: true, bound: droppedBound };
    if (result.columnValues !== null) {
      const values = result.columnValues;
      const full = Int32Array.from(assignment);
      for (let c = 0; c < pairCount; c++) if (values[c] > 0.5) full[columnPoint[c]] = sites[columnSlot[c]];
      const total = assignmentCost(instance, sites, full);
      if (total < Infinity) solution = { sites: [...sites], assignment: full, cost: total };
    }
    if (result.status !== 'optimal') {
      return { solution, optimal: false, bound: Math.min(droppedBound, Number.isFinite(result.bound) ? result.bound : relaxation.bound) };
    }
    bound = Math.min(droppedBound, result.objective);
  }
  return { solution, optimal: true, bound };
}

/**
 * Dominance on a set's free points (`points`, each with its allowed slots `pairs`, within
 * `room`): a slot that can hold every point that may still go to it never binds, and a pair
 * dearer than its point's pair at such a slot is in no optimal answer (moving the point there
 * keeps every slot within capacity and costs strictly less). Such pairs leave `pairs` (in
 * place), except those `keep` names (the incumbent's, for HiGHS's start), until nothing changes;
 * returns the positions in `points` of the points left with one slot, ascending. Ties are kept:
 * the answer among equal-cost ones stays the search's. Counted: points × slots per pass.
 */
function dropDominatedPairs(
  instance: CapacitatedInstance,
  sites: readonly number[],
  points: readonly number[],
  pairs: number[][],
  room: Float64Array,
  keep: (f: number, s: number) => boolean,
  work: WorkBudget,
): number[] {
  const { siteCount: m, cost, demands } = instance;
  const k = sites.length;
  const could = new Float64Array(k);
  const single = new Uint8Array(points.length);
  for (let changed = true; changed; ) {
    changed = false;
    work.spend(points.length * k);
    could.fill(0);
    points.forEach((i, f) => {
      for (const s of pairs[f]) could[s] += demands[i];
    });
    points.forEach((i, f) => {
      if (single[f] === 1) return;
      let safe = Infinity;
      for (const s of pairs[f]) if (could[s] <= room[s] && cost[i * m + sites[s]] < safe) safe = cost[i * m + sites[s]];
      if (safe === Infinity) return;
      const kept = pairs[f].filter((s) => cost[i * m + sites[s]] <= safe || keep(f, s));
      if (kept.length === pairs[f].length) return;
      pairs[f] = kept;
      changed = true;
      if (kept.length === 1) single[f] = 1;
    });
  }
  const fixed: number[] = [];
  single.forEach((v, f) => {
    if (v === 1) fixed.push(f);
  });
  return fixed;
}

/**
 * Best-first branch and bound on a set's assignment (the points of `points`, each with its
 * allowed slots `pairs`, within `room`), for answers below `limit` (Ross & Soland 1975 with LP
 * knapsacks): at a node each open point goes to its least-cost slot that still has room for it;
 * a slot that overflows must shed points, at least the cost of the knapsack cover bounded by
 * Martello & Toth's U2 (points by extra cost per tonne to their next slot with room). A node
 * without overflow is solved by its least-cost assignment. Otherwise the covers' order, shed to
 * the next slots with room, may give an answer, and it branches on the critical point of the
 * fullest slot: barred from that slot, or kept there; the open node of least bound is branched
 * next, so only nodes whose bound is below the optimum are branched. Returns the best slots found below
 * `limit` (null when none: no answer of the set beats the limit), or null overall when `maxNodes`
 * nodes (or the work) did not settle the set. Counted: 2 × points × slots per node.
 */
function branchAssignment(
  instance: CapacitatedInstance,
  sites: readonly number[],
  points: readonly number[],
  pairs: readonly number[][],
  room: Float64Array,
  limit: number,
  maxNodes: number,
  work: WorkBudget,
): { slots: Int32Array | null } | null {
  const { siteCount: m, cost: costs, demands, capacities } = instance;
  const k = sites.length;
  const count = points.length;
  const cost = new Float64Array(count * k).fill(Infinity);
  const q = Float64Array.from(points, (i) => demands[i]);
  points.forEach((i, f) => {
    for (const s of pairs[f]) cost[f * k + s] = costs[i * m + sites[s]];
  });
  // Each point's allowed slots, ascending (a node scans these, not every slot).
  const pairStart = new Int32Array(count + 1);
  const pairSlots: number[] = [];
  points.forEach((_, f) => {
    for (let s = 0; s < k; s++) if (cost[f * k + s] !== Infinity) pairSlots.push(s);
    pairStart[f + 1] = pairSlots.length;
  });
  const pairSlot = Int32Array.from(pairSlots);
  const slack = Float64Array.from(sites, (j) => 1e-9 * Math.max(1, capacities[j]));
  const left = Float64Array.from(room);
  const at = new Int32Array(count).fill(-1);
  const barred = new Uint8Array(count * k);
  const best = new Int32Array(count);
  const next = new Int32Array(count);
  const load = new Float64Array(k);
  const order: number[] = [];
  const extra = new Float64Array(count);
  const greedy = new Int32Array(count);
  const greedyLoad = new Float64Array(k);
  const ratio = new Float64Array(count);
  let assignedCost = 0;
  let upper = limit;
  let bestSlots: Int32Array | null = null;
  let nodes = 0;
  let gaveUp = false;

  // The points that could shed from slot s to slot t, by extra cost per tonne (c_t − c_s) / q
  // (ties: the lower point first), listed once per pair of slots when first needed. At a node
  // the shed order of slot s — its open points whose least-cost slot with room is s, by their
  // next slot's ratio — is these lists merged, each filtered to the points whose next slot is
  // its t: the order a sort of those points would give, without sorting at every node.
  const shedLists: (Int32Array | undefined)[] = new Array(k * k);
  const shedRatios: (Float64Array | undefined)[] = new Array(k * k);
  const cursor = new Int32Array(k);
  let taking = -1;
  const shedList = (s: number, t: number): Int32Array => {
    let list = shedLists[s * k + t];
    if (list === undefined) {
      const members: number[] = [];
      const by = new Float64Array(count);
      for (let f = 0; f < count; f++) {
        if (cost[f * k + s] === Infinity || cost[f * k + t] === Infinity) continue;
        members.push(f);
        by[f] = (cost[f * k + t] - cost[f * k + s]) / Math.max(q[f], 1e-300);
      }
      members.sort((a, b) => by[a] - by[b] || a - b);
      list = Int32Array.from(members);
      shedLists[s * k + t] = list;
      shedRatios[s * k + t] = Float64Array.from(members, (f) => by[f]);
    }
    return list;
  };
  const startTaking = (s: number) => {
    order.length = 0;
    cursor.fill(0);
    taking = s;
  };
  /** Appends slot `taking`'s next point in shed order to `order` (with its extra cost and ratio); false when none is left. */
  const take = (): boolean => {
    const s = taking;
    let from = -1;
    let chosen = -1;
    let least = Infinity;
    for (let t = 0; t < k; t++) {
      if (t === s) continue;
      const list = shedList(s, t);
      let c = cursor[t];
      while (c < list.length && !(at[list[c]] === -1 && best[list[c]] === s && next[list[c]] === t)) c++;
      cursor[t] = c;
      if (c === list.length) continue;
      const f = list[c];
      const r = (shedRatios[s * k + t] as Float64Array)[c];
      if (from === -1 || r < least || (!(r > least) && f < chosen)) {
        from = t;
        chosen = f;
        least = r;
      }
    }
    if (from === -1) return false;
    cursor[from]++;
    order.push(chosen);
    extra[chosen] = cost[chosen * k + from] - cost[chosen * k + s];
    ratio[chosen] = extra[chosen] / Math.max(q[chosen], 1e-300);
    return true;
  };

  /** The node's bound (null: no completion fits), and the point to branch on. */
  /**
   * Each open point's least-cost slot with room (`best`) and the next (`next`, −1 when none),
   * the load they put on each slot; returns `assignedCost` + Σ their least costs, NaN when some
   * point has no slot with room. A function of its own so that V8 compiles this loop, the hot
   * part of a node, whole and early.
   */
  const rankOpen = (): number => {
    load.fill(0);
    let total = assignedCost;
    for (let f = 0; f < count; f++) {
      if (at[f] !== -1) continue;
      let first = -1;
      let second = -1;
      let firstValue = Infinity;
      let secondValue = Infinity;
      for (let p = pairStart[f], end = pairStart[f + 1]; p < end; p++) {
        const s = pairSlot[p];
        if (barred[f * k + s] === 1 || q[f] > left[s] + slack[s]) continue;
        const value = cost[f * k + s];
        if (value < firstValue) {
          second = first;
          secondValue = firstValue;
          first = s;
          firstValue = value;
        } else if (value < secondValue) {
          second = s;
          secondValue = value;
        }
      }
      if (first === -1) return Number.NaN;
      best[f] = first;
      next[f] = second;
      total += firstValue;
      load[first] += q[f];
    }
    return total;
  };

  /** Σ cost of the greedy answer, in point order (its own function, like `rankOpen`). */
  const greedyValue = (): number => {
    let value = 0;
    for (let f = 0; f < count; f++) value += cost[f * k + greedy[f]];
    return value;
  };

  const evaluate = (): { bound: number; critical: number; fits: boolean } | null => {
    let total = rankOpen();
    if (Number.isNaN(total)) return null;
    let critical = -1;
    let worst = 0;
    let fits = true;
    // A greedy answer on the way: each overflowing slot sheds points in the bound's order to
    // their next slot while it has room.
    greedyLoad.set(load);
    for (let f = 0; f < count; f++) greedy[f] = at[f] === -1 ? best[f] : at[f];
    let greedyFits = true;
    for (let s = 0; s < k; s++) {
      const over = load[s] - left[s];
      if (over <= slack[s]) continue;
      fits = false;
      // LP knapsack: shed `over` tonnes from slot s at least extra cost per tonne, the points
      // taken in that order only as far as the bound and the greedy answer need them.
      startTaking(s);
      // Martello & Toth's bound (U2) on the cover: the critical point either stays (the rest of
      // the overflow at the next ratio) or goes whole (its excess given back at the ratio before).
      let shed = 0;
      let penalty = 0;
      let pivot = -1;
      for (let t = 0; t < order.length || take(); t++) {
        const f = order[t];
        if (shed + q[f] >= over) {
          const rest = over - shed;
          const stays = t + 1 < order.length || take() ? penalty + rest * ratio[order[t + 1]] : Infinity;
          const goes = penalty + extra[f] - (t > 0 ? (q[f] - rest) * ratio[order[t - 1]] : 0);
          penalty = Math.min(stays, goes);
          pivot = f;
          break;
        }
        shed += q[f];
        penalty += extra[f];
      }
      if (pivot === -1) return null;
      total += penalty;
      for (let t = 0; greedyLoad[s] > left[s] + slack[s] && (t < order.length || take()); t++) {
        const f = order[t];
        const to = next[f];
        if (greedyLoad[to] + q[f] > left[to] + slack[to]) continue;
        greedy[f] = to;
        greedyLoad[s] -= q[f];
        greedyLoad[to] += q[f];
      }
      if (greedyLoad[s] > left[s] + slack[s]) greedyFits = false;
      if (over > worst) {
        worst = over;
        critical = pivot;
      }
    }
    if (!fits && greedyFits) {
      const value = greedyValue();
      if (value < upper) {
        upper = value;
        bestSlots = Int32Array.from(greedy);
      }
    }
    return { bound: total, critical, fits };
  };

  // Best-first: the open node of least bound is branched next (ties: the earliest made), so no
  // node whose bound reaches the optimum is ever branched; depth first spent most of its nodes
  // on small improvements of a poor incumbent. A node is kept as the decision that made it
  // (its point, kept at or barred from a slot) and its parent; its state is laid anew from the
  // root's along that path, in the path's order.
  const parentOf: number[] = [];
  const pointOf: number[] = [];
  const slotOf: number[] = [];
  const keptOf: number[] = [];
  const boundOf: number[] = [];
  const criticalOf: number[] = [];
  const criticalSlotOf: number[] = [];
  const heap: number[] = [];
  const path: number[] = [];
  const before = (a: number, b: number) => boundOf[a] < boundOf[b] || (boundOf[a] === boundOf[b] && a < b);
  const push = (node: number) => {
    let h = heap.length;
    heap.push(node);
    while (h > 0) {
      const up = (h - 1) >> 1;
      if (!before(node, heap[up])) break;
      heap[h] = heap[up];
      h = up;
    }
    heap[h] = node;
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap.pop() as number;
    if (heap.length > 0) {
      let h = 0;
      for (;;) {
        const a = 2 * h + 1;
        const b = a + 1;
        let least = -1;
        if (a < heap.length && before(heap[a], last)) least = a;
        if (b < heap.length && before(heap[b], least === -1 ? last : heap[a])) least = b;
        if (least === -1) break;
        heap[h] = heap[least];
        h = least;
      }
      heap[h] = last;
    }
    return top;
  };
  /** Makes node `parent`'s child by `kept` (1: point f kept at slot s; 0: barred from it), lays its state and evaluates it. */
  const visit = (parent: number, f: number, s: number, kept: number): void => {
    if (++nodes > maxNodes || !work.spend(2 * count * k)) {
      gaveUp = true;
      return;
    }
    const node = parentOf.length;
    parentOf.push(parent);
    pointOf.push(f);
    slotOf.push(s);
    keptOf.push(kept);
    at.fill(-1);
    barred.fill(0);
    left.set(room);
    assignedCost = 0;
    path.length = 0;
    for (let v = node; v !== -1 && pointOf[v] !== -1; v = parentOf[v]) path.push(v);
    for (let t = path.length - 1; t >= 0; t--) {
      const v = path[t];
      const g = pointOf[v];
      const r = slotOf[v];
      if (keptOf[v] === 0) barred[g * k + r] = 1;
      else {
        at[g] = r;
        left[r] -= q[g];
        assignedCost += cost[g * k + r];
      }
    }
    const plain = evaluate();
    boundOf.push(plain === null ? Infinity : plain.bound);
    criticalOf.push(plain === null ? -1 : plain.critical);
    criticalSlotOf.push(plain === null || plain.critical === -1 ? -1 : best[plain.critical]);
    if (plain === null || plain.bound >= upper) return;
    if (plain.fits) {
      // Every open point at its least-cost slot fits: the node's optimum, at its bound.
      const slots = Int32Array.from(at);
      for (let g = 0; g < count; g++) if (slots[g] === -1) slots[g] = best[g];
      upper = plain.bound;
      bestSlots = slots;
      return;
    }
    push(node);
  };
  visit(-1, -1, -1, 0);
  while (heap.length > 0 && !gaveUp) {
    const node = pop();
    // The least open bound reaches the best answer: no open node holds a better one.
    if (boundOf[node] >= upper) break;
    const f = criticalOf[node];
    const s = criticalSlotOf[node];
    // Barred from its least-cost slot, or kept there.
    visit(node, f, s, 0);
    if (!gaveUp) visit(node, f, s, 1);
  }
  if (gaveUp) return null;
  return { slots: bestSlots };
}

/** Σ opening costs of `sites` + Σ_i c(i, assignment[i]), summed in that order (as everywhere in the solvers); Infinity for an unassigned point. */
function assignmentCost(instance: CapacitatedInstance, sites: readonly number[], assignment: Int32Array): number {
  const { demandCount: n, siteCount: m, cost, openingCosts } = instance;
  let total = 0;
  for (const j of sites) total += openingCosts[j];
  for (let i = 0; i < n; i++) total += assignment[i] >= 0 ? cost[i * m + assignment[i]] : Infinity;
  return total;
}

function sameAssignment(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function siteSetShape(instance: CapacitatedInstance): { free: number[]; fixed: number[]; sizes: number[] } {
  const free: number[] = [];
  const fixed: number[] = [];
  for (let j = 0; j < instance.siteCount; j++) {
    if (instance.siteStatus[j] === 1) fixed.push(j);
    else if (instance.siteStatus[j] === 0) free.push(j);
  }
  const most = instance.openCount === undefined ? free.length : Math.min(free.length, instance.openCount - fixed.length);
  const least = instance.openCount !== undefined && instance.exactSiteCount ? instance.openCount - fixed.length : 0;
  const sizes: number[] = [];
  for (let size = Math.max(0, least); size <= most; size++) sizes.push(size);
  return { free, fixed, sizes };
}

function binomial(n: number, k: number, cap: number): number {
  if (k < 0 || k > n) return 0;
  const least = Math.min(k, n - k);
  let value = 1;
  for (let t = 1; t <= least; t++) {
    value = (value * (n - least + t)) / t;
    if (value > cap) return cap;
  }
  return Math.round(value);
}
