import { evaluateSetCovering } from '../../models/setCovering.js';
import type { SetCoveringOptions } from '../../models/setCovering.js';
import type { SitingProblem, SolveResult } from '../../models/sitingProblem.js';
import { resolveOptions } from '../../resolveOptions.js';
import { finishResult } from '../kernel/finishResult.js';
import { budgetOf, type SolveBudgetOptions, type WorkBudget } from '../kernel/workBudget.js';
import { MilpBuilder } from '../milp/milpBuilder.js';
import { reduceCovering } from './reduceCovering.js';
import type { ReducedCovering } from './reduceCovering.js';
import { resolveSiteRules } from '../kernel/resolveSiteRules.js';
import { solveMilp } from '../milp/solveMilp.js';
import { lagrangianSetCovering } from './lagrangianSetCovering.js';
import { branchAndBoundSetCovering } from './branchAndBoundSetCovering.js';
import { transpose } from './reduceCovering.js';
import { checkProblemTotals } from '../kernel/checkProblemTotals.js';

/** Options of {@link solveSetCovering}. */
export interface SolveSetCoveringOptions extends SetCoveringOptions, SolveBudgetOptions {
  /** Subgradient iterations of the Lagrangian bound. */
  lagrangianIterations?: number;
  /**
   * When the root Lagrangian bound leaves a gap: branch-and-bound for `branchAndBoundShare` of
   * the work left, then HiGHS on what the root fixing left (else answer `feasible`).
   */
  exact?: boolean;
  branchAndBoundShare?: number;
  /**
   * With demand no allowed site reaches (status `infeasible` whatever the rest), still prove
   * the least cover of the reachable rest. Off by default: the answer is then the greedy cover
   * of the rest and a short Lagrangian bound on it (`infeasibleIterations` steps), found in
   * milliseconds, where the proof could take as long as a feasible solve.
   */
  proveReachableWhenInfeasible?: boolean;
  /** Subgradient iterations on the reachable rest when infeasible and not proving it. */
  infeasibleIterations?: number;
}

/** Defaults of {@link SolveSetCoveringOptions}. */
export const DEFAULT_SOLVE_SET_COVERING_OPTIONS = {
  lagrangianIterations: 3000,
  exact: true,
  branchAndBoundShare: 0.8,
  proveReachableWhenInfeasible: false,
  infeasibleIterations: 50,
};

/**
 * Solves the location set covering problem ({@link SetCoveringOptions}, Toregas et al. 1971):
 * fewest sites, or least total `siteCosts`, covering every demand point with weight > 0.
 * Steps: reduce (drop demand covered by fixed sites, merge equal cover sets, drop sites
 * dominated by a site covering a superset at no higher cost, drop demand whose cover set
 * contains another demand's, alternating the last two: on the issue-17 family, 1,500 × 150,
 * ~700 cover sets leave 12–110 rows and 11–52 sites); greedy by cost per newly covered
 * row, then removal of redundant sites; the Lagrangian lower bound of
 * {@link lagrangianSetCovering} (Beasley 1990: every cover row relaxed, thousands of cheap
 * subgradient steps, within ~0.1 % of the LP bound) with a Lagrangian repair heuristic at every
 * 10th step and reduced-cost fixing both ways; when a gap remains (`exact`), the
 * {@link branchAndBoundSetCovering} tree on the columns the fixing left, for
 * `branchAndBoundShare` of the time left, and HiGHS on the fixed model for the rest. This
 * proves the optimum of every OR-Library instance of sets 4–6 and A–E (bench/covering.bench.ts),
 * most in seconds, those of sets B and D with LP gaps of 5–7 cost units in up to a minute; HiGHS
 * alone (in WebAssembly) proved fewer than half of them in 20 s each.
 *
 * When some demand cannot be covered by any allowed site, the status is `infeasible` and
 * `details.unreachableDemand` lists those demand points (with `details.unreachableWeight`);
 * `selectedSites` then covers everything else: the greedy cover with a 50-step Lagrangian
 * bound on it (bound and gap refer to the reachable rest), unless
 * `proveReachableWhenInfeasible` asks for the least such cover (the issue-17 family, 1,500 ×
 * 150 at 25 min: 0.1–0.4 s of proof for an answer that is infeasible anyway).
 *
 * @example
 * const result = await solveSetCovering(problem, { standardMinutes: 30 });
 * if (result.status === 'infeasible') console.log(result.details?.unreachableDemand);
 */
export async function solveSetCovering(problem: SitingProblem, options: SolveSetCoveringOptions): Promise<SolveResult> {
  const started = performance.now();
  const settings = resolveOptions(DEFAULT_SOLVE_SET_COVERING_OPTIONS, options);
  const work = budgetOf(options);
  checkProblemTotals(problem);
  const costs = options.siteCosts ?? problem.siteCosts;
  const rules = resolveSiteRules(problem, options);
  const model = reduceCovering(problem, settings.standardMinutes, {
    fixedSites: options.fixedSites,
    forbiddenSites: options.forbiddenSites,
    siteCosts: costs,
    dominance: 'cost',
    removeFixedCover: true,
    rowDominance: true,
    workBudget: work,
  });
  const integral = model.columnCosts.every((c) => Number.isInteger(c));
  // A greedy cover scans every column per column it takes, and passes over the matrix once.
  const countedCover = (on: ReducedCovering, start: ArrayLike<number> | null, reducedCosts: Float64Array | null) => {
    const greedy = greedyCover(on, start, reducedCosts);
    const cover = twoForOne(on, greedy);
    // The swap search visits two columns (and a few candidates) per pair of the cover.
    work.spend(greedy.length * on.columnCount + on.columnRows.length + ((greedy.length * (greedy.length - 1)) / 2) * Math.ceil((4 * on.columnRows.length) / Math.max(1, on.columnCount)));
    return cover;
  };
  let incumbent = countedCover(model, null, null);
  let upper = costOf(model, incumbent);
  let solver = 'greedy';
  let lower = 0;
  let nodes = 0;
  let lagrangianIterationsDone = 0;
  // Unreachable demand makes the answer infeasible whatever the rest: no proof effort on it
  // unless asked for.
  const quickRest = model.unreachableDemand.length > 0 && !settings.proveReachableWhenInfeasible;
  const exact = settings.exact && !quickRest;
  if (model.rowCount > 0) {
    const lagrangian = lagrangianSetCovering(model, upper, {
      maxIterations: quickRest ? Math.min(settings.infeasibleIterations, settings.lagrangianIterations) : settings.lagrangianIterations,
      // Hand over to the tree once the bound rose by < 0.1 % in 100 steps (default 0.01 % in
      // 300): where the LP bound lies a cost unit below the optimum no step closes it (issue-17
      // family, 1,500 × 150 at 45 min, seeds 101–105 and 201–208: 10,792 → 8,292 steps, same
      // answers, no more nodes).
      stallIterations: 100,
      stallShare: 1e-3,
      integral,
      workBudget: work,
      repair: (columns, reducedCosts) => {
        const cover = countedCover(model, columns, reducedCosts);
        const cost = costOf(model, cover);
        if (cost < upper) {
          upper = cost;
          incumbent = cover;
        }
        return upper;
      },
    });
    lower = lagrangian.bound;
    lagrangianIterationsDone = lagrangian.iterations;
    solver += '+lagrangian';
    if (upper - lower > 1e-9 * Math.max(1, upper) && exact && work.canContinue()) {
      // Branch-and-bound on the columns the root fixing left (a strictly cheaper cover uses
      // none of the others).
      const keep = new Uint8Array(model.columnCount);
      for (let c = 0; c < model.columnCount; c++) keep[c] = lagrangian.fixing[c] === 1 ? 0 : 1;
      const { model: sub, columns } = restrictColumns(model, keep);
      const state = new Int8Array(sub.columnCount);
      for (let c = 0; c < sub.columnCount; c++) if (lagrangian.fixing[columns[c]] === 2) state[c] = 1;
      solver += '+bb';
      const search = branchAndBoundSetCovering(sub, upper, {
        integral,
        columnState: state,
        multipliers: lagrangian.multipliers,
        workBudget: work.phase(settings.branchAndBoundShare * work.remaining),
        repair: (picked, reducedCosts) => {
          const cover = countedCover(sub, picked, reducedCosts).map((c) => columns[c]);
          const cost = costOf(model, cover);
          if (cost < upper) {
            upper = cost;
            incumbent = cover.sort((a, b) => a - b);
          }
          return upper;
        },
      });
      nodes = search.nodes;
      lower = search.proven ? upper : Math.max(lower, Math.min(search.bound, upper));
    }
    if (upper - lower > 1e-9 * Math.max(1, upper) && exact && work.canContinue()) {
      solver += '+highs';
      const milp = await exactSetCovering(model, lagrangian.fixing, incumbent, work);
      if (milp.columns && milp.value < upper) {
        upper = milp.value;
        incumbent = milp.columns;
      }
      lower = Math.max(lower, Math.min(milp.bound, upper));
      if (milp.optimal) lower = upper;
    }
  }
  const selected = new Set<number>(rules.fixedSites);
  for (const c of incumbent) selected.add(model.columnSites[c]);
  const selectedSites = [...selected].sort((a, b) => a - b);
  const evaluation = evaluateSetCovering(problem, selectedSites, { standardMinutes: settings.standardMinutes, siteCosts: costs });
  let fixedCost = 0;
  for (const s of rules.fixedSites) fixedCost += costs ? costs[s] : 1;
  const infeasible = model.unreachableDemand.length > 0;
  return finishResult({
    model: 'setCovering',
    sense: 'minimize',
    objective: evaluation.objective,
    bound: lower + fixedCost,
    trivialBound: fixedCost,
    infeasible,
    selectedSites,
    solver,
    started,
    budget: work,
    details: {
      reducedRows: model.rowCount,
      reducedColumns: model.columnCount,
      branchAndBoundNodes: nodes,
      lagrangianIterations: lagrangianIterationsDone,
      unreachableDemand: model.unreachableDemand,
      unreachableWeight: model.unreachableWeight,
      ...(infeasible
        ? {
            diagnostic: `${model.unreachableDemand.length} demand point(s) with weight ${model.unreachableWeight} are beyond ${settings.standardMinutes} min of every allowed site; the sites cover all other demand, optimally only if status were not infeasible (bound and gap refer to the coverable demand)`,
          }
        : {}),
    },
  });
}

function costOf(model: ReducedCovering, columns: readonly number[]): number {
  let cost = 0;
  for (const c of columns) cost += model.columnCosts[c];
  return cost;
}

/**
 * Completes `start` (or the empty set) to a cover, then drops redundant columns, most
 * expensive first. The completion scores a column by cost per newly covered row, or, given
 * Lagrangian reduced costs γ_j, by γ_j / μ_j (γ_j·μ_j when γ_j ≤ 0) over its μ_j newly covered
 * rows (Caprara, Fischetti & Toth 1999): columns the multipliers price well come first.
 */
function greedyCover(model: ReducedCovering, start: ArrayLike<number> | null, reducedCosts: Float64Array | null): number[] {
  const { rowCount, columnCount, columnOffsets, columnRows, rowOffsets, rowColumns, columnCosts } = model;
  const count = new Uint32Array(rowCount);
  const newRows = new Uint32Array(columnCount);
  const chosen = new Uint8Array(columnCount);
  for (let c = 0; c < columnCount; c++) newRows[c] = columnOffsets[c + 1] - columnOffsets[c];
  let uncovered = rowCount;
  const add = (c: number) => {
    chosen[c] = 1;
    for (let k = columnOffsets[c]; k < columnOffsets[c + 1]; k++) {
      const r = columnRows[k];
      if (count[r]++ === 0) {
        uncovered--;
        for (let q = rowOffsets[r]; q < rowOffsets[r + 1]; q++) newRows[rowColumns[q]]--;
      }
    }
  };
  if (start) for (let t = 0; t < start.length; t++) if (!chosen[start[t]]) add(start[t]);
  while (uncovered > 0) {
    let pick = -1;
    let best = Infinity;
    for (let c = 0; c < columnCount; c++) {
      if (chosen[c] || newRows[c] === 0) continue;
      const gamma = reducedCosts ? reducedCosts[c] : columnCosts[c];
      const ratio = gamma > 0 ? gamma / newRows[c] : gamma * newRows[c];
      if (ratio < best) {
        best = ratio;
        pick = c;
      }
    }
    add(pick);
  }
  const columns: number[] = [];
  for (let c = 0; c < columnCount; c++) if (chosen[c]) columns.push(c);
  columns.sort((a, b) => columnCosts[b] - columnCosts[a] || b - a);
  const kept: number[] = [];
  for (const c of columns) {
    let redundant = true;
    for (let k = columnOffsets[c]; k < columnOffsets[c + 1] && redundant; k++) if (count[columnRows[k]] < 2) redundant = false;
    if (redundant) {
      for (let k = columnOffsets[c]; k < columnOffsets[c + 1]; k++) count[columnRows[k]]--;
    } else kept.push(c);
  }
  return kept.sort((a, b) => a - b);
}

/**
 * Improves a cover by replacing two of its columns with one cheaper than both that covers
 * every row only they covered, until no such swap is left (pairs in ascending order, the
 * lowest-index replacement first, then from the start again).
 * Greedy covers of the issue-17 family (1,500 × 150 at 45 min) often hold 7 sites where 6
 * suffice, and the Lagrangian bound can only prove the incumbent it is given.
 *
 * Each pass first finds, per cover column x, the rows only x covers (U_x) and the columns
 * covering all of them (C_x, a bitset over columns): a pair (a, b) can be replaced only by a
 * column of C_a ∩ C_b, so most pairs cost a few word operations instead of a walk over both
 * columns' rows (issue 17: this search was half of a 1,500 × 150 solve).
 */
function twoForOne(model: ReducedCovering, start: number[]): number[] {
  const { rowCount, columnCount, columnOffsets, columnRows, rowOffsets, rowColumns, columnCosts } = model;
  const cover = [...start];
  const count = new Uint32Array(rowCount);
  for (const c of cover) for (let k = columnOffsets[c]; k < columnOffsets[c + 1]; k++) count[columnRows[k]]++;
  const words = (columnCount + 31) >>> 5;
  const hits = new Uint32Array(columnCount);
  const mark = new Uint8Array(rowCount);
  let candidates = new Uint32Array(0);
  let uniqueCount = new Uint32Array(0);
  let improved = true;
  while (improved) {
    improved = false;
    const size = cover.length;
    if (candidates.length < size * words) candidates = new Uint32Array(size * words);
    if (uniqueCount.length < size) uniqueCount = new Uint32Array(size);
    // C_x: the columns covering every row of U_x (all columns when U_x is empty).
    for (let i = 0; i < size; i++) {
      const x = cover[i];
      let unique = 0;
      for (let k = columnOffsets[x]; k < columnOffsets[x + 1]; k++) {
        const r = columnRows[k];
        if (count[r] !== 1) continue;
        unique++;
        for (let q = rowOffsets[r]; q < rowOffsets[r + 1]; q++) hits[rowColumns[q]]++;
      }
      uniqueCount[i] = unique;
      const base = i * words;
      candidates.fill(0, base, base + words);
      for (let c = 0; c < columnCount; c++) {
        if (hits[c] === unique) candidates[base + (c >>> 5)] |= 1 << (c & 31);
        hits[c] = 0;
      }
    }
    for (let i = 0; i < size && !improved; i++) {
      for (let j = i + 1; j < size && !improved; j++) {
        const a = cover[i];
        const b = cover[j];
        const budget = columnCosts[a] + columnCosts[b];
        // Rows both a and b cover and no other cover column does (D_ab), marked on b's rows.
        let shared = -1;
        for (let w = 0; w < words; w++) {
          let bits = candidates[i * words + w] & candidates[j * words + w];
          while (bits !== 0) {
            const low = bits & -bits;
            bits ^= low;
            const c = (w << 5) + 31 - Math.clz32(low);
            if (c === a || c === b || !(columnCosts[c] < budget)) continue;
            if (shared < 0) {
              for (let k = columnOffsets[b]; k < columnOffsets[b + 1]; k++) mark[columnRows[k]] = 1;
              shared = 0;
              for (let k = columnOffsets[a]; k < columnOffsets[a + 1]; k++) if (count[columnRows[k]] === 2 && mark[columnRows[k]]) shared++;
              for (let k = columnOffsets[b]; k < columnOffsets[b + 1]; k++) mark[columnRows[k]] = 0;
              // Nothing only a or b covers: no swap is needed (the cover is not minimal).
              if (shared === 0 && uniqueCount[i] === 0 && uniqueCount[j] === 0) break;
            }
            if (shared > 0) {
              // c must also cover D_ab.
              for (let k = columnOffsets[c]; k < columnOffsets[c + 1]; k++) mark[columnRows[k]] = 1;
              for (let k = columnOffsets[b]; k < columnOffsets[b + 1]; k++) mark[columnRows[k]] |= 2;
              let all = true;
              for (let k = columnOffsets[a]; k < columnOffsets[a + 1] && all; k++) {
                const r = columnRows[k];
                if (count[r] === 2 && mark[r] & 2 && !(mark[r] & 1)) all = false;
              }
              for (let k = columnOffsets[c]; k < columnOffsets[c + 1]; k++) mark[columnRows[k]] = 0;
              for (let k = columnOffsets[b]; k < columnOffsets[b + 1]; k++) mark[columnRows[k]] = 0;
              if (!all) continue;
            }
            for (const x of [a, b]) for (let k = columnOffsets[x]; k < columnOffsets[x + 1]; k++) count[columnRows[k]]--;
            for (let k = columnOffsets[c]; k < columnOffsets[c + 1]; k++) count[columnRows[k]]++;
            cover.splice(j, 1);
            cover.splice(i, 1);
            if (!cover.includes(c)) cover.push(c);
            else for (let k = columnOffsets[c]; k < columnOffsets[c + 1]; k++) count[columnRows[k]]--;
            cover.sort((x, y) => x - y);
            improved = true;
            break;
          }
          if (improved || (shared === 0 && uniqueCount[i] === 0 && uniqueCount[j] === 0)) break;
        }
      }
    }
  }
  return cover;
}

async function exactSetCovering(
  model: ReducedCovering,
  fixing: Uint8Array,
  incumbent: number[],
  work: WorkBudget,
): Promise<{ optimal: boolean; value: number; bound: number; columns: number[] | null }> {
  const { rowCount, columnCount, rowOffsets, rowColumns, columnCosts } = model;
  const milp = new MilpBuilder('minimize', { columns: columnCount, rows: rowCount, entries: rowColumns.length });
  for (let c = 0; c < columnCount; c++) milp.addColumn(columnCosts[c], fixing[c] === 2 ? 1 : 0, fixing[c] === 1 ? 0 : 1, true);
  for (let r = 0; r < rowCount; r++) {
    for (let k = rowOffsets[r]; k < rowOffsets[r + 1]; k++) milp.entry(rowColumns[k], 1);
    milp.endRow(1, Infinity);
  }
  const built = milp.build();
  // Fixing keeps only strictly cheaper covers, which the incumbent is not: start from it only
  // when it happens to respect the fixings.
  const start = new Float64Array(columnCount);
  for (const c of incumbent) start[c] = 1;
  let consistent = true;
  for (let c = 0; c < columnCount; c++) if (start[c] < built.columnLower[c] || start[c] > built.columnUpper[c]) consistent = false;
  const result = await solveMilp(built, { workBudget: work, ...(consistent ? { initialSolution: start } : {}) });
  // Infeasible after fixing: no cover beats the incumbent, which is therefore optimal.
  if (result.status === 'infeasible') return { optimal: true, value: Infinity, bound: Infinity, columns: null };
  let columns: number[] | null = null;
  if (result.columnValues) {
    columns = [];
    for (let c = 0; c < columnCount; c++) if (result.columnValues[c] > 0.5) columns.push(c);
  }
  return { optimal: result.status === 'optimal', value: columns ? costOf(model, columns) : Infinity, bound: result.bound, columns };
}

/** The model on the columns with `keep[c] = 1` (all rows kept); `columns` maps back. */
function restrictColumns(model: ReducedCovering, keep: Uint8Array): { model: ReducedCovering; columns: Int32Array } {
  const columnsList: number[] = [];
  for (let c = 0; c < model.columnCount; c++) if (keep[c]) columnsList.push(c);
  const columns = Int32Array.from(columnsList);
  const newIndex = new Int32Array(model.columnCount).fill(-1);
  columns.forEach((c, at) => (newIndex[c] = at));
  const rowOffsets = new Uint32Array(model.rowCount + 1);
  const items: number[] = [];
  for (let r = 0; r < model.rowCount; r++) {
    for (let k = model.rowOffsets[r]; k < model.rowOffsets[r + 1]; k++) {
      const c = newIndex[model.rowColumns[k]];
      if (c >= 0) items.push(c);
    }
    rowOffsets[r + 1] = items.length;
  }
  const rowColumns = Uint32Array.from(items);
  const byColumn = transpose(rowOffsets, rowColumns, columns.length);
  return {
    model: {
      ...model,
      rowOffsets,
      rowColumns,
      columnCount: columns.length,
      columnSites: Uint32Array.from(columns, (c) => model.columnSites[c]),
      columnCosts: Float64Array.from(columns, (c) => model.columnCosts[c]),
      columnFixed: Uint8Array.from(columns, (c) => model.columnFixed[c]),
      columnOffsets: byColumn.offsets,
      columnRows: byColumn.items,
    },
    columns,
  };
}
