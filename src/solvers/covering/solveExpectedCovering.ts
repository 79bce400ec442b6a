import { AirreachError } from '../../errors.js';
import type { ExpectedCoveringOptions } from '../../models/expectedCovering.js';
import { evaluateExpectedCovering } from '../../models/expectedCovering.js';
import type { SitingProblem, SolveResult } from '../../models/sitingProblem.js';
import { resolveOptions } from '../../resolveOptions.js';
import { finishResult } from '../kernel/finishResult.js';
import { budgetOf, type SolveBudgetOptions, type WorkBudget } from '../kernel/workBudget.js';
import { reduceCovering } from './reduceCovering.js';
import type { ReducedCovering } from './reduceCovering.js';
import { resolveSiteRules } from '../kernel/resolveSiteRules.js';
import { reducedExpectedCover, solveExpectedCoveringMilp } from './expectedCoveringMilp.js';
import { branchAndBoundExpectedCovering } from './expectedCoveringBranchAndBound.js';
import { checkProblemTotals } from '../kernel/checkProblemTotals.js';
import { createRandom } from '../../random.js';

/** Options of {@link solveExpectedCovering}. */
export interface SolveExpectedCoveringOptions extends ExpectedCoveringOptions, SolveBudgetOptions {
  /** Run HiGHS after the greedy + move search (else `feasible` with a simple bound). */
  exact?: boolean;
  /**
   * Kicks after the moves: two aircraft moved at random (seeded), moves again, kept when
   * better. A start closer to the optimum spared HiGHS's MILP its separation rounds and
   * sub-MIPs (today's 18 aircraft: work 124M → 84M); the LP branch and bound (`lpNodes`) needs
   * them less than they cost: without them today's questions close in the same number of nodes
   * at two thirds of the CPU (18 aircraft 0.29 → 0.20 s, 14: 0.15 → 0.10 s, warm), so 0 by
   * default.
   */
  kicks?: number;
  /**
   * Node LPs of the branch and bound over the aircraft per base
   * ({@link branchAndBoundExpectedCovering}) before HiGHS's MILP takes over from its best
   * placement (0: straight to the MILP). Today's questions close in 3 (14 aircraft) and 7 (18).
   */
  lpNodes?: number;
}

/** Defaults of {@link SolveExpectedCoveringOptions}. */
export const DEFAULT_SOLVE_EXPECTED_COVERING_OPTIONS = { exact: true, kicks: 0, lpNodes: 200 };

/**
 * Solves the MEXCLP ({@link ExpectedCoveringOptions}, Daskin 1983): place `aircraftCount`
 * aircraft on bases (at most `maxAircraftPerSite` each, at least one on each fixed site) to
 * maximise Σ_i w_i (1 − q^{k_i}). Steps: merge demand with equal cover sets (no dominance:
 * with capacities and multiple cover it is not valid); Daskin's greedy (add the aircraft with
 * the largest marginal gain Σ w_i (1 − q) q^{k_i}; the objective is concave in each k_i);
 * single-aircraft moves while they improve, and seeded kicks (`kicks`); then a branch and bound
 * over the aircraft per base from that answer, each node bounded by Daskin's layered LP in one
 * HiGHS session (`branchAndBoundExpectedCovering`, at most `lpNodes` node LPs); when that tree
 * is left open, the MILP above through HiGHS, started from its best answer
 * (`solveExpectedCoveringMilp`: Daskin's layered MILP, with the layers of each row beyond its
 * start's cover folded into one tail column, after reduced-cost fixing from its LP), and the
 * smaller of the two bounds. `selectedSites` are the bases used; `details.aircraftCounts[k]` the aircraft at
 * `selectedSites[k]`.
 *
 * @example
 * const result = await solveExpectedCovering(problem, { standardMinutes: 30, aircraftCount: 6, busyFraction: 0.3, maxAircraftPerSite: 2 });
 */
export async function solveExpectedCovering(problem: SitingProblem, options: SolveExpectedCoveringOptions): Promise<SolveResult> {
  const started = performance.now();
  const settings = resolveOptions(DEFAULT_SOLVE_EXPECTED_COVERING_OPTIONS, options);
  const { standardMinutes, aircraftCount, busyFraction: q } = settings;
  const work = budgetOf(options);
  checkProblemTotals(problem);
  if (!(q >= 0 && q < 1)) throw new AirreachError('E_OPTION', 'busyFraction must be in [0, 1)', { value: q, where: { field: 'busyFraction' } });
  if (!Number.isInteger(settings.kicks) || settings.kicks < 0 || settings.kicks > 1e6) throw new AirreachError('E_OPTION', 'kicks must be an integer from 0 to 1,000,000', { value: settings.kicks, where: { field: 'kicks' } });
  if (!Number.isInteger(settings.lpNodes) || settings.lpNodes < 0 || settings.lpNodes > 1e6) throw new AirreachError('E_OPTION', 'lpNodes must be an integer from 0 to 1,000,000', { value: settings.lpNodes, where: { field: 'lpNodes' } });
  const rules = resolveSiteRules(problem, options);
  const cap = new Float64Array(problem.siteCount);
  for (let s = 0; s < problem.siteCount; s++) {
    const m = settings.maxAircraftPerSite;
    const value = m === undefined ? aircraftCount : typeof m === 'number' ? m : m[s];
    if (!Number.isInteger(value) || value < 0) {
      throw new AirreachError('E_OPTION', 'maxAircraftPerSite must be integers ≥ 0 (one per site)', { value, where: { field: 'maxAircraftPerSite', column: s } });
    }
    cap[s] = rules.state[s] === 2 ? 0 : value;
  }
  let capacity = 0;
  for (let s = 0; s < problem.siteCount; s++) capacity += Math.min(cap[s], aircraftCount);
  if (!Number.isInteger(aircraftCount) || aircraftCount < Math.max(1, rules.fixedSites.length) || aircraftCount > capacity || rules.fixedSites.some((s) => cap[s] < 1)) {
    throw new AirreachError('E_SITE_COUNT', 'the number of aircraft is impossible', {
      value: aircraftCount,
      where: { field: 'aircraftCount' },
      expected: `an integer from ${Math.max(1, rules.fixedSites.length)} (one per fixed site) to ${capacity} (total base capacity)`,
    });
  }
  const model = reduceCovering(problem, standardMinutes, { fixedSites: options.fixedSites, forbiddenSites: options.forbiddenSites, dominance: 'none', removeFixedCover: false, workBudget: work });
  const { columnCount } = model;
  const columnCap = new Int32Array(columnCount);
  const columnMin = new Int32Array(columnCount);
  for (let c = 0; c < columnCount; c++) {
    columnCap[c] = cap[model.columnSites[c]];
    columnMin[c] = model.columnFixed[c] ? 1 : 0;
  }
  // Aircraft at useless sites (no coverable demand) count towards P but add nothing; keep
  // them aside so that the search works on columns only. A fixed site that is no column (it
  // reaches no demand within the standard) still holds its one aircraft: the columns get the rest.
  const fixedColumns = new Set<number>();
  for (let c = 0; c < columnCount; c++) if (model.columnFixed[c]) fixedColumns.add(model.columnSites[c]);
  const columnAircraft = aircraftCount - rules.fixedSites.filter((s) => !fixedColumns.has(s)).length;
  const counts = searchPlacement(model, columnAircraft, q, columnCap, columnMin, settings.kicks, work);
  let solver = 'greedy+moves';
  let placed = 0;
  for (let c = 0; c < columnCount; c++) placed += counts[c];
  let bound = upperBound(model, columnAircraft, q, columnCap);
  let proven = false;
  let lpNodes = 0;
  if (settings.exact && placed > 0 && settings.lpNodes > 0 && work.canContinue()) {
    const tree = await branchAndBoundExpectedCovering(model, { total: columnAircraft, busyFraction: q, columnCap, columnMin, start: counts }, work, { maxNodes: settings.lpNodes });
    solver += '+lp-bb';
    if (reducedExpectedCover(model, tree.counts, q) > reducedExpectedCover(model, counts, q)) counts.set(tree.counts);
    if (Number.isFinite(tree.bound)) bound = Math.min(bound, tree.bound);
    proven = tree.optimal;
    lpNodes = tree.nodes;
  }
  if (settings.exact && placed > 0 && !proven && work.canContinue()) {
    const milp = await solveExpectedCoveringMilp(model, { total: columnAircraft, busyFraction: q, columnCap, columnMin, start: counts }, work);
    solver += '+highs';
    if (milp.counts && reducedExpectedCover(model, milp.counts, q) > reducedExpectedCover(model, counts, q)) counts.set(milp.counts);
    if (Number.isFinite(milp.bound)) bound = Math.min(bound, milp.bound);
    proven = milp.optimal;
  }
  const perSite = new Map<number, number>();
  placed = 0;
  for (let c = 0; c < columnCount; c++) {
    if (counts[c] > 0) perSite.set(model.columnSites[c], counts[c]);
    placed += counts[c];
  }
  for (const s of rules.fixedSites) {
    if (!perSite.has(s)) {
      perSite.set(s, 1);
      placed++;
    }
  }
  // Place leftover aircraft (when coverable columns lack capacity) on the lowest-index free slots.
  for (let s = 0; s < problem.siteCount && placed < aircraftCount; s++) {
    const room = cap[s] - (perSite.get(s) ?? 0);
    if (room <= 0) continue;
    const add = Math.min(room, aircraftCount - placed);
    perSite.set(s, (perSite.get(s) ?? 0) + add);
    placed += add;
  }
  const selectedSites = [...perSite.keys()].sort((a, b) => a - b);
  const aircraftCounts = selectedSites.map((s) => perSite.get(s) ?? 0);
  const evaluation = evaluateExpectedCovering(problem, selectedSites, { standardMinutes, busyFraction: q, aircraftCounts });
  return finishResult({
    model: 'expectedCovering',
    sense: 'maximize',
    objective: evaluation.objective,
    bound,
    trivialBound: evaluation.totalWeight,
    proven,
    selectedSites,
    solver,
    started,
    budget: work,
    details: { aircraftCounts, primaryCovered: evaluation.primaryCovered, totalWeight: evaluation.totalWeight, reducedRows: model.rowCount, reducedColumns: columnCount, lpNodes },
  });
}

/** Σ_i w_i (1 − q^{min(P, reachable capacity)}): every row as covered as it could ever be. */
function upperBound(model: ReducedCovering, total: number, q: number, columnCap: Int32Array): number {
  let value = 0;
  for (let r = 0; r < model.rowCount; r++) {
    let k = 0;
    for (let t = model.rowOffsets[r]; t < model.rowOffsets[r + 1]; t++) k += columnCap[model.rowColumns[t]];
    value += model.rowWeights[r] * (1 - q ** Math.min(k, total));
  }
  return value;
}

/**
 * Daskin's greedy (each aircraft where it gains most), then single-aircraft moves while they
 * improve, then `kicks` rounds of two random moves (seed 1) followed by the moves, the best
 * placement kept. Each scan over the columns is counted; when the budget runs out the greedy
 * places the aircraft left on the columns with room, lowest index first (a valid placement),
 * and the moves and kicks stop at the best placement so far.
 */
function searchPlacement(model: ReducedCovering, total: number, q: number, columnCap: Int32Array, columnMin: Int32Array, kicks: number, work: WorkBudget): Int32Array {
  const { rowCount, columnCount, columnOffsets, columnRows, rowWeights } = model;
  const counts = new Int32Array(columnCount);
  const reach = new Int32Array(rowCount);
  const addGain = (c: number) => {
    let g = 0;
    for (let k = columnOffsets[c]; k < columnOffsets[c + 1]; k++) {
      const r = columnRows[k];
      g += rowWeights[r] * (1 - q) * q ** reach[r];
    }
    return g;
  };
  const change = (c: number, delta: number) => {
    counts[c] += delta;
    for (let k = columnOffsets[c]; k < columnOffsets[c + 1]; k++) reach[columnRows[k]] += delta;
  };
  let placed = 0;
  for (let c = 0; c < columnCount; c++) {
    if (columnMin[c]) {
      change(c, columnMin[c]);
      placed += columnMin[c];
    }
  }
  const bestAdd = (exclude: number) => {
    let pick = -1;
    let best = -1;
    for (let c = 0; c < columnCount; c++) {
      if (c === exclude || counts[c] >= columnCap[c]) continue;
      const g = addGain(c);
      if (g > best) {
        best = g;
        pick = c;
      }
    }
    return { pick, best };
  };
  const scanWork = columnOffsets[columnCount] + columnCount;
  while (placed < total && work.spend(scanWork)) {
    const { pick } = bestAdd(-1);
    if (pick < 0) break;
    change(pick, 1);
    placed++;
  }
  for (let c = 0; c < columnCount && placed < total; c++) {
    const add = Math.min(columnCap[c] - counts[c], total - placed);
    if (add > 0) {
      change(c, add);
      placed += add;
    }
  }
  // Moves: take one aircraft off a base and put it where it gains most, while that improves.
  const descend = (): boolean => {
    for (let round = 0; round < 10_000; round++) {
      let improved = false;
      for (let c = 0; c < columnCount && !improved; c++) {
        if (counts[c] <= columnMin[c]) continue;
        if (!work.spend(scanWork)) return false;
        change(c, -1);
        const loss = addGain(c);
        const { pick, best } = bestAdd(c);
        if (pick >= 0 && best > loss * (1 + 1e-12) + 1e-12) {
          change(pick, 1);
          improved = true;
        } else change(c, 1);
      }
      if (!improved) break;
    }
    return true;
  };
  if (!descend()) return counts;
  // Kicks: move two aircraft at random, descend, keep when better.
  if (kicks > 0) {
    const random = createRandom(1);
    let bestValue = reducedExpectedCover(model, counts, q);
    const best = Int32Array.from(counts);
    for (let kick = 0; kick < kicks; kick++) {
      for (let move = 0; move < 2; move++) {
        const from: number[] = [];
        const to: number[] = [];
        for (let c = 0; c < columnCount; c++) {
          if (counts[c] > columnMin[c]) from.push(c);
          if (counts[c] < columnCap[c]) to.push(c);
        }
        if (from.length === 0 || to.length === 0) break;
        change(from[random.int(0, from.length - 1)], -1);
        change(to[random.int(0, to.length - 1)], 1);
      }
      if (!descend()) break;
      const value = reducedExpectedCover(model, counts, q);
      if (value > bestValue * (1 + 1e-12)) {
        bestValue = value;
        best.set(counts);
      } else {
        for (let c = 0; c < columnCount; c++) if (counts[c] !== best[c]) change(c, best[c] - counts[c]);
      }
    }
    for (let c = 0; c < columnCount; c++) if (counts[c] !== best[c]) change(c, best[c] - counts[c]);
  }
  return counts;
}
