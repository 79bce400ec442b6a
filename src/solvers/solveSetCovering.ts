import { evaluateSetCovering } from '../models/setCovering.js';
import type { SetCoveringOptions } from '../models/setCovering.js';
import type { SitingProblem, SolveResult } from '../models/sitingProblem.js';
import { reduceCovering } from './reduceCovering.js';
import type { ReducedCovering } from './reduceCovering.js';
import { resolveSiteRules } from './resolveSiteRules.js';
import { solveMilp } from './solveMilp.js';

/** Options of {@link solveSetCovering}. */
export interface SolveSetCoveringOptions extends SetCoveringOptions {
  /** Wall-clock budget for the whole solve; HiGHS gets what is left. */
  timeLimitSeconds?: number;
  /** Subgradient iterations of the Lagrangian bound. */
  lagrangianIterations?: number;
  /** Run HiGHS when the Lagrangian bound leaves a gap (else answer `feasible`). */
  exact?: boolean;
}

/** Defaults of {@link SolveSetCoveringOptions}. */
export const DEFAULT_SOLVE_SET_COVERING_OPTIONS = {
  timeLimitSeconds: 60,
  lagrangianIterations: 300,
  exact: true,
};

/**
 * Solves the location set covering problem ({@link SetCoveringOptions}, Toregas et al. 1971):
 * fewest sites, or least total `siteCosts`, covering every demand point with weight > 0.
 * Steps: reduce (drop demand covered by fixed sites, merge equal cover sets, drop sites
 * dominated by a site covering a superset at no higher cost); greedy by cost per newly covered
 * row, then removal of redundant sites; Beasley's (1987) Lagrangian lower bound (relax every
 * cover row, multipliers u ≥ 0, subgradient steps) with a Lagrangian repair heuristic and
 * reduced-cost fixing (a column with L + C_j ≥ incumbent cannot be in a better cover); finally
 * the MILP of what is left through HiGHS when a gap remains.
 *
 * When some demand cannot be covered by any allowed site, the status is `infeasible` and
 * `details.unreachableDemand` lists those demand points (with `details.unreachableWeight`);
 * `selectedSites` then covers everything else.
 *
 * @example
 * const result = await solveSetCovering(problem, { standardMinutes: 30 });
 * if (result.status === 'infeasible') console.log(result.details?.unreachableDemand);
 */
export async function solveSetCovering(problem: SitingProblem, options: SolveSetCoveringOptions): Promise<SolveResult> {
  const started = performance.now();
  const settings = { ...DEFAULT_SOLVE_SET_COVERING_OPTIONS, ...options };
  const costs = options.siteCosts ?? problem.siteCosts;
  const rules = resolveSiteRules(problem, options);
  const model = reduceCovering(problem, settings.standardMinutes, {
    fixedSites: options.fixedSites,
    forbiddenSites: options.forbiddenSites,
    siteCosts: costs,
    dominance: 'cost',
    removeFixedCover: true,
  });
  const deadline = started + settings.timeLimitSeconds * 1000;
  const integral = model.columnCosts.every((c) => Number.isInteger(c));
  let incumbent = greedyCover(model, null);
  let upper = costOf(model, incumbent);
  let solver = 'greedy';
  let lower = 0;
  let fixedOut: Uint8Array = new Uint8Array(model.columnCount);
  if (model.rowCount > 0) {
    const lagrangian = lagrangianSetCovering(model, upper, settings.lagrangianIterations, integral, (columns) => {
      const cover = greedyCover(model, columns);
      const cost = costOf(model, cover);
      if (cost < upper) {
        upper = cost;
        incumbent = cover;
      }
      return upper;
    });
    lower = lagrangian.bound;
    fixedOut = lagrangian.fixedOut;
    solver += '+lagrangian';
    if (upper - lower > 1e-9 * Math.max(1, upper) && settings.exact) {
      solver += '+highs';
      const milp = await exactSetCovering(model, fixedOut, incumbent, (deadline - performance.now()) / 1000);
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
  const bound = Math.min(evaluation.objective, lower + fixedCost);
  const gap = Math.abs(evaluation.objective - bound) / Math.max(Math.abs(evaluation.objective), 1e-9);
  const infeasible = model.unreachableDemand.length > 0;
  return {
    model: 'setCovering',
    status: infeasible ? 'infeasible' : gap <= 1e-9 ? 'optimal' : 'feasible',
    objective: evaluation.objective,
    bound,
    gap,
    selectedSites,
    runtimeMs: performance.now() - started,
    solver,
    details: {
      reducedRows: model.rowCount,
      reducedColumns: model.columnCount,
      unreachableDemand: model.unreachableDemand,
      unreachableWeight: model.unreachableWeight,
      ...(infeasible
        ? {
            diagnostic: `${model.unreachableDemand.length} demand point(s) with weight ${model.unreachableWeight} are beyond ${settings.standardMinutes} min of every allowed site; the sites cover all other demand, optimally only if status were not infeasible (bound and gap refer to the coverable demand)`,
          }
        : {}),
    },
  };
}

function costOf(model: ReducedCovering, columns: readonly number[]): number {
  let cost = 0;
  for (const c of columns) cost += model.columnCosts[c];
  return cost;
}

/**
 * Completes `start` (or the empty set) to a cover by cost per newly covered row, then drops
 * redundant columns, most expensive first.
 */
function greedyCover(model: ReducedCovering, start: ArrayLike<number> | null): number[] {
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
      const ratio = columnCosts[c] / newRows[c];
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
 * Beasley (1987) Lagrangian bound for set covering: relax every row with u_i ≥ 0,
 *   L(u) = Σ_i u_i + Σ_j min(0, c_j − Σ_{i ∈ rows(j)} u_i),
 * maximised by subgradient steps. `repair` turns the relaxed choice into a cover and returns
 * the (possibly improved) upper bound. Columns with L + C_j ≥ upper (reduced cost C_j) are
 * out of every strictly better cover (`fixedOut`).
 */
function lagrangianSetCovering(
  model: ReducedCovering,
  upperStart: number,
  maxIterations: number,
  integral: boolean,
  repair: (columns: Int32Array) => number,
): { bound: number; fixedOut: Uint8Array } {
  const { rowCount, columnCount, rowOffsets, rowColumns, columnOffsets, columnRows, columnCosts } = model;
  const u = new Float64Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    let best = Infinity;
    for (let k = rowOffsets[r]; k < rowOffsets[r + 1]; k++) {
      const c = rowColumns[k];
      best = Math.min(best, columnCosts[c] / (columnOffsets[c + 1] - columnOffsets[c]));
    }
    u[r] = best;
  }
  const reduced = new Float64Array(columnCount);
  const minReduced = new Float64Array(columnCount).fill(-Infinity); // best L + C_j seen
  const gradient = new Float64Array(rowCount);
  const pickList = new Int32Array(columnCount);
  let upper = upperStart;
  let bound = -Infinity;
  let pi = 2;
  let since = 0;
  const round = (v: number) => (integral ? Math.ceil(v - 1e-7) : v);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let value = 0;
    for (let r = 0; r < rowCount; r++) value += u[r];
    let picks = 0;
    for (let c = 0; c < columnCount; c++) {
      let s = columnCosts[c];
      for (let k = columnOffsets[c]; k < columnOffsets[c + 1]; k++) s -= u[columnRows[k]];
      reduced[c] = s;
      if (s < 0) {
        value += s;
        pickList[picks++] = c;
      }
    }
    for (let c = 0; c < columnCount; c++) if (reduced[c] > 0) minReduced[c] = Math.max(minReduced[c], value + reduced[c]);
    if (value > bound + 1e-12) {
      bound = value;
      since = 0;
    } else if (++since >= 20) {
      pi /= 2;
      since = 0;
    }
    if (iteration % 10 === 0 || since === 0) upper = Math.min(upper, repair(pickList.subarray(0, picks)));
    if (round(bound) >= upper - 1e-9 || pi < 1e-4) break;
    let norm = 0;
    for (let r = 0; r < rowCount; r++) {
      let s = 0;
      for (let k = rowOffsets[r]; k < rowOffsets[r + 1]; k++) if (reduced[rowColumns[k]] < 0) s++;
      let g = 1 - s;
      if (g < 0 && u[r] <= 0) g = 0;
      gradient[r] = g;
      norm += g * g;
    }
    if (norm === 0) break;
    const step = (pi * Math.max(upper - value, 1e-6)) / norm;
    for (let r = 0; r < rowCount; r++) u[r] = Math.max(0, u[r] + step * gradient[r]);
  }
  const fixedOut = new Uint8Array(columnCount);
  const margin = integral ? 1 - 1e-7 : 1e-9 * Math.max(1, upper);
  for (let c = 0; c < columnCount; c++) if (minReduced[c] > upper - margin) fixedOut[c] = 1;
  return { bound: Math.min(round(bound), upper), fixedOut };
}

async function exactSetCovering(
  model: ReducedCovering,
  fixedOut: Uint8Array,
  incumbent: number[],
  seconds: number,
): Promise<{ optimal: boolean; value: number; bound: number; columns: number[] | null }> {
  const { rowCount, columnCount, rowOffsets, rowColumns, columnCosts } = model;
  const columnUpper = new Float64Array(columnCount).fill(1);
  for (let c = 0; c < columnCount; c++) if (fixedOut[c]) columnUpper[c] = 0;
  const start = new Float64Array(columnCount);
  let consistent = true;
  for (const c of incumbent) {
    start[c] = 1;
    if (fixedOut[c]) consistent = false;
  }
  const result = await solveMilp(
    {
      sense: 'minimize',
      columnCosts: Float64Array.from(columnCosts),
      columnLower: new Float64Array(columnCount),
      columnUpper,
      integer: new Uint8Array(columnCount).fill(1),
      rowLower: new Float64Array(rowCount).fill(1),
      rowUpper: new Float64Array(rowCount).fill(Infinity),
      rowOffsets,
      rowColumns,
      rowValues: new Float64Array(rowColumns.length).fill(1),
    },
    { timeLimitSeconds: Math.max(0.5, seconds), ...(consistent ? { initialSolution: start } : {}) },
  );
  // Infeasible after fixing: no cover beats the incumbent, which is therefore optimal.
  if (result.status === 'infeasible') return { optimal: true, value: Infinity, bound: Infinity, columns: null };
  let columns: number[] | null = null;
  if (result.columnValues) {
    columns = [];
    for (let c = 0; c < columnCount; c++) if (result.columnValues[c] > 0.5) columns.push(c);
  }
  return { optimal: result.status === 'optimal', value: columns ? costOf(model, columns) : Infinity, bound: result.bound, columns };
}
