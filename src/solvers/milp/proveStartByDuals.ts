import { resolveOptions } from '../../resolveOptions.js';
import { WorkBudget } from '../kernel/workBudget.js';
import { isMipFeasible, solveMilp, type MilpModel } from './solveMilp.js';

/** Options of {@link proveStartByDuals}. */
export interface ProveStartByDualsOptions {
  /** The budget the certificate LP's HiGHS iterations (and this function's passes) are charged to. */
  workBudget?: WorkBudget;
  /** Work units, when no `workBudget` is given. */
  workLimit?: number;
}

/** Defaults of {@link ProveStartByDualsOptions}. */
export const DEFAULT_PROVE_START_BY_DUALS_OPTIONS = { workLimit: 1e10 };

/** What {@link proveStartByDuals} returns. */
export interface StartProof {
  /** The start is optimal for the LP relaxation (so for the MIP): its objective meets `bound`. */
  proven: boolean;
  /**
   * A valid bound on the LP relaxation (so on the MIP), in the model's sense: the weak-duality
   * value of the row duals found, computed here (not HiGHS's number); NaN when none was found.
   */
  bound: number;
  /** The start's objective (Σ cost_j x_j + offset). */
  objective: number;
  /** HiGHS simplex iterations of the certificate LP. */
  iterationCount: number;
}

/**
 * Proves a feasible start optimal for a model's LP relaxation by finding row duals that satisfy
 * complementary slackness with it, instead of solving the LP: a row not at a bound at the start
 * keeps a zero dual, a row at its upper (lower) bound a non-negative (non-positive) one, and
 * every column's reduced cost must have the sign its place at the start asks (≤ 0 at its lower
 * bound in a maximisation, ≥ 0 at its upper, 0 between). Those conditions are a feasibility LP
 * over the duals of the rows at a bound, with a constraint per column; constraints of one dual
 * become its bounds here, so HiGHS sees only the columns that meet several such rows (the
 * phased rollout: one per site and year, against the full LP's row per demand row and year).
 *
 * Whatever HiGHS returns, the bound is the weak-duality value Σ_i (π_i > 0 ? π_i U_i : π_i L_i)
 * + Σ_j max over [l_j, u_j] of (c_j − Σ_i π_i A_ij) x_j (+ offset), summed here in a fixed order:
 * it bounds the LP whatever π is, and it meets the start's objective — to 1e-9 relative or
 * 1e-6 absolute, the tolerance of `solveMilp`'s own LP proof — only when the start is an LP
 * optimum. A start that is not (the certificate LP infeasible) returns `proven: false`, and the
 * caller solves the LP or the MIP itself.
 *
 * @example
 * // max x + y, x + y ≤ 1, x, y binary: the start (1, 0) is optimal.
 * const model = { sense: 'maximize' as const, columnCosts: Float64Array.of(1, 1), columnLower: Float64Array.of(0, 0),
 *   columnUpper: Float64Array.of(1, 1), integer: Uint8Array.of(1, 1), rowLower: Float64Array.of(-Infinity),
 *   rowUpper: Float64Array.of(1), rowOffsets: Int32Array.of(0, 2), rowColumns: Int32Array.of(0, 1), rowValues: Float64Array.of(1, 1) };
 * const proof = await proveStartByDuals(model, Float64Array.of(1, 0));
 * proof.proven; // -> true (bound 1)
 */
export async function proveStartByDuals(model: MilpModel, start: Float64Array, options: ProveStartByDualsOptions = {}): Promise<StartProof> {
  const { workLimit } = resolveOptions(DEFAULT_PROVE_START_BY_DUALS_OPTIONS, options);
  const budget = options.workBudget ?? new WorkBudget({ workLimit });
  const numCols = model.columnCosts.length;
  const numRows = model.rowLower.length;
  const { rowOffsets, rowColumns, rowValues } = model;
  const entries = rowOffsets[numRows];
  // A maximisation as it is; a minimisation as the maximisation of −cost.
  const sign = model.sense === 'maximize' ? 1 : -1;
  let objective = sign * (model.offset ?? 0);
  for (let j = 0; j < numCols; j++) objective += sign * model.columnCosts[j] * start[j];
  const none: StartProof = { proven: false, bound: Number.NaN, objective: sign * objective, iterationCount: 0 };
  // The feasibility check, the activities, the transpose and the bound: about four passes.
  budget.spend(4 * (entries + numRows + numCols));
  if (start.length !== numCols || !isMipFeasible(model, start)) return none;
  const near = (value: number, target: number) => Math.abs(value - target) <= 1e-9 * Math.max(1, Math.abs(target));

  // Each row's dual: a variable of the certificate LP (index ≥ 0) when the row is at a bound, with its sign's range.
  const dualOf = new Int32Array(numRows).fill(-1);
  const lower: number[] = [];
  const upper: number[] = [];
  for (let r = 0; r < numRows; r++) {
    let activity = 0;
    for (let k = rowOffsets[r]; k < rowOffsets[r + 1]; k++) activity += rowValues[k] * start[rowColumns[k]];
    const atUpper = Number.isFinite(model.rowUpper[r]) && near(activity, model.rowUpper[r]);
    const atLower = Number.isFinite(model.rowLower[r]) && near(activity, model.rowLower[r]);
    if (!atUpper && !atLower) continue;
    // In a maximisation a row pressing on its upper bound has a non-negative dual, on its lower a non-positive one.
    dualOf[r] = lower.length;
    lower.push(atLower ? -Infinity : 0);
    upper.push(atUpper ? Infinity : 0);
  }
  // The transpose (column by column, rows ascending), of the rows at a bound only.
  const columnStarts = new Int32Array(numCols + 1);
  for (let r = 0; r < numRows; r++) if (dualOf[r] >= 0) for (let k = rowOffsets[r]; k < rowOffsets[r + 1]; k++) if (rowValues[k] !== 0) columnStarts[rowColumns[k] + 1]++;
  for (let j = 0; j < numCols; j++) columnStarts[j + 1] += columnStarts[j];
  const fill = columnStarts.slice(0, numCols);
  const transposedRows = new Int32Array(columnStarts[numCols]);
  const transposedValues = new Float64Array(columnStarts[numCols]);
  for (let r = 0; r < numRows; r++) {
    if (dualOf[r] < 0) continue;
    for (let k = rowOffsets[r]; k < rowOffsets[r + 1]; k++) {
      if (rowValues[k] === 0) continue;
      const at = fill[rowColumns[k]]++;
      transposedRows[at] = dualOf[r];
      transposedValues[at] = rowValues[k];
    }
  }
  // Per column: Σ_i A_ij π_i ≥ c_j at its lower bound (reduced cost ≤ 0), ≤ c_j at its upper, = c_j between.
  const rowsLow: number[] = [];
  const rowsHigh: number[] = [];
  const certificateOffsets: number[] = [0];
  const certificateColumns: number[] = [];
  const certificateValues: number[] = [];
  for (let j = 0; j < numCols; j++) {
    const atLowerBound = start[j] === model.columnLower[j];
    const atUpperBound = start[j] === model.columnUpper[j];
    if (atLowerBound && atUpperBound) continue;
    const cost = sign * model.columnCosts[j];
    const low = atLowerBound ? cost : -Infinity;
    const high = atUpperBound ? cost : Infinity;
    const from = columnStarts[j];
    const count = columnStarts[j + 1] - from;
    if (count === 0) {
      if (low > 0 || high < 0) return none;
    } else if (count === 1) {
      // One dual: its bounds narrow (a·π in [low, high]).
      const v = transposedRows[from];
      const a = transposedValues[from];
      const [from1, to1] = a > 0 ? [low / a, high / a] : [high / a, low / a];
      lower[v] = Math.max(lower[v], from1);
      upper[v] = Math.min(upper[v], to1);
    } else {
      for (let k = from; k < from + count; k++) {
        certificateColumns.push(transposedRows[k]);
        certificateValues.push(transposedValues[k]);
      }
      certificateOffsets.push(certificateColumns.length);
      rowsLow.push(low);
      rowsHigh.push(high);
    }
  }
  for (let v = 0; v < lower.length; v++) {
    if (lower[v] <= upper[v]) continue;
    // Bounds a rounding apart (c / a from two sides) meet; further apart there is no certificate.
    if (lower[v] - upper[v] > 1e-12 * Math.max(1, Math.abs(upper[v]))) return none;
    lower[v] = upper[v];
  }
  // A dual that no constraint wants lower (higher) goes to its upper (lower) bound when that is
  // finite, and leaves the LP (on the phased rollout: an uncovered demand row's dual, which only
  // the closed sites' constraints meet, all wanting it low).
  const duals = lower.length;
  const raiseHurts = new Uint8Array(duals);
  const lowerHurts = new Uint8Array(duals);
  for (let q = 0; q < rowsLow.length; q++) {
    const wantsHigh = rowsLow[q] > -Infinity;
    const wantsLow = rowsHigh[q] < Infinity;
    for (let k = certificateOffsets[q]; k < certificateOffsets[q + 1]; k++) {
      const v = certificateColumns[k];
      const up = certificateValues[k] > 0;
      if ((wantsLow && up) || (wantsHigh && !up)) raiseHurts[v] = 1;
      if ((wantsHigh && up) || (wantsLow && !up)) lowerHurts[v] = 1;
    }
  }
  const values = new Float64Array(duals);
  const free = new Int32Array(duals).fill(-1);
  const freeLower: number[] = [];
  const freeUpper: number[] = [];
  for (let v = 0; v < duals; v++) {
    if (!raiseHurts[v] && upper[v] < Infinity) values[v] = upper[v];
    else if (!lowerHurts[v] && lower[v] > -Infinity) values[v] = lower[v];
    else {
      free[v] = freeLower.length;
      freeLower.push(lower[v]);
      freeUpper.push(upper[v]);
    }
  }
  // The constraints over the duals left, their bounds less the fixed duals' share.
  const lpLow: number[] = [];
  const lpHigh: number[] = [];
  const lpOffsets: number[] = [0];
  const lpColumns: number[] = [];
  const lpValues: number[] = [];
  for (let q = 0; q < rowsLow.length; q++) {
    let fixedPart = 0;
    const first = lpColumns.length;
    for (let k = certificateOffsets[q]; k < certificateOffsets[q + 1]; k++) {
      const v = certificateColumns[k];
      if (free[v] < 0) fixedPart += certificateValues[k] * values[v];
      else {
        lpColumns.push(free[v]);
        lpValues.push(certificateValues[k]);
      }
    }
    const low = rowsLow[q] - fixedPart;
    const high = rowsHigh[q] - fixedPart;
    if (lpColumns.length === first) {
      // Nothing left to move: the fixed duals must meet it (else no certificate; the bound below says by how much).
      if (low > 1e-9 * Math.max(1, Math.abs(rowsLow[q])) || high < -1e-9 * Math.max(1, Math.abs(rowsHigh[q]))) return none;
      continue;
    }
    lpOffsets.push(lpColumns.length);
    lpLow.push(low);
    lpHigh.push(high);
  }
  let iterationCount = 0;
  if (lpLow.length > 0) {
    if (!budget.canContinue()) return none;
    const result = await solveMilp(
      {
        sense: 'minimize',
        columnCosts: new Float64Array(freeLower.length),
        columnLower: Float64Array.from(freeLower),
        columnUpper: Float64Array.from(freeUpper),
        integer: new Uint8Array(freeLower.length),
        rowLower: Float64Array.from(lpLow),
        rowUpper: Float64Array.from(lpHigh),
        rowOffsets: Int32Array.from(lpOffsets),
        rowColumns: Int32Array.from(lpColumns),
        rowValues: Float64Array.from(lpValues),
      },
      // HiGHS's defaults (presolve, dual simplex): on today's rollout 2,100 iterations in 0.12 s,
      // against 1,340 in 0.15 s by its primal simplex and 2,900 in 0.2 s without presolve.
      { workBudget: budget },
    );
    iterationCount = result.iterationCount;
    if (result.status !== 'optimal' || !result.columnValues) return { ...none, iterationCount };
    for (let v = 0; v < duals; v++) if (free[v] >= 0) values[v] = result.columnValues[free[v]];
  } else {
    // Free duals with no constraint left: 0 when within their bounds, else the nearer bound.
    for (let v = 0; v < duals; v++) if (free[v] >= 0) values[v] = Math.min(upper[v], Math.max(lower[v], 0));
  }

  // The weak-duality bound of these duals, kept in each row's sign range (else that row's term would be infinite).
  const pi = new Float64Array(numRows);
  let bound = sign * (model.offset ?? 0);
  for (let r = 0; r < numRows; r++) {
    if (dualOf[r] < 0) continue;
    let value = values[dualOf[r]];
    if (value > 0 && !Number.isFinite(model.rowUpper[r])) value = 0;
    if (value < 0 && !Number.isFinite(model.rowLower[r])) value = 0;
    pi[r] = value;
    if (value !== 0) bound += value > 0 ? value * model.rowUpper[r] : value * model.rowLower[r];
  }
  const reduced = new Float64Array(numCols);
  for (let j = 0; j < numCols; j++) reduced[j] = sign * model.columnCosts[j];
  for (let r = 0; r < numRows; r++) {
    if (pi[r] === 0) continue;
    for (let k = rowOffsets[r]; k < rowOffsets[r + 1]; k++) reduced[rowColumns[k]] -= pi[r] * rowValues[k];
  }
  for (let j = 0; j < numCols; j++) {
    const d = reduced[j];
    if (d > 0) bound += d * model.columnUpper[j];
    else if (d < 0) bound += d * model.columnLower[j];
  }
  if (!Number.isFinite(bound)) return { ...none, iterationCount };
  const proven = bound - objective <= Math.max(1e-9 * Math.max(Math.abs(objective), 1e-9), 1e-6);
  return { proven, bound: sign * Math.max(bound, objective), objective: sign * objective, iterationCount };
}
