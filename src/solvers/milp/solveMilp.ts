import * as highsModule from 'highs';
import type { Highs } from 'highs';
import { AirreachError } from '../../errors.js';

/**
 * A mixed-integer linear model in CSR form (rows of the constraint matrix):
 * optimise `Σ cost_j x_j + offset` subject to `rowLower ≤ A x ≤ rowUpper` and
 * `columnLower ≤ x ≤ columnUpper`, with `x_j` integer where `integer[j] = 1`.
 */
export interface MilpModel {
  sense: 'minimize' | 'maximize';
  columnCosts: Float64Array;
  columnLower: Float64Array;
  columnUpper: Float64Array;
  /** 1 for an integer column, 0 for a continuous one. */
  integer: Uint8Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  rowOffsets: Int32Array | Uint32Array;
  rowColumns: Int32Array | Uint32Array;
  rowValues: Float64Array;
  offset?: number;
}

/** Options of {@link solveMilp}. */
export interface SolveMilpOptions {
  /** Wall-clock limit; HiGHS then returns its incumbent and dual bound. */
  timeLimitSeconds?: number;
  /** HiGHS stops when (bound − objective) / |objective| falls below this. */
  relativeGap?: number;
  /** A feasible solution to start from (column values). */
  initialSolution?: Float64Array;
  /** Print HiGHS's log. */
  log?: boolean;
  /** HiGHS presolve; off pays when the caller's model is already reduced (e.g. a small dual LP). */
  presolve?: boolean;
}

/** Defaults of {@link SolveMilpOptions}. */
export const DEFAULT_SOLVE_MILP_OPTIONS = {
  timeLimitSeconds: 60,
  // HiGHS's own default (1e-4) would call a 0.01 % gap "optimal"; we only say optimal when proven.
  relativeGap: 1e-9,
  log: false,
  presolve: true,
};

/** What {@link solveMilp} returns. */
export interface MilpResult {
  /** `optimal` when proven (gap ≤ 1e-9); `feasible` with a bound when a limit or `relativeGap` stopped it. */
  status: 'optimal' | 'feasible' | 'infeasible' | 'unknown';
  /** Objective of the incumbent (NaN without one). */
  objective: number;
  /** HiGHS's dual bound (for a MIP) or the LP optimum. */
  bound: number;
  gap: number;
  /** Column values of the incumbent, or null. */
  columnValues: Float64Array | null;
  /** HiGHS's model status, for logs. */
  highsStatus: string;
  runtimeMs: number;
  nodeCount: number;
}

let highsPromise: Promise<Highs> | undefined;
// `highs` ships CommonJS typings but an ESM build whose default export is the loader: take the
// default off the namespace so both TypeScript (NodeNext) and Node agree.
const highsLoader = (highsModule as unknown as { default: () => Promise<Highs> }).default;

/**
 * Loads the HiGHS WebAssembly module once per thread (≈ 120 ms, ≈ 100 MB); later calls reuse it.
 *
 * @example
 * const highs = await loadHighs();
 */
export function loadHighs(): Promise<Highs> {
  if (highsPromise === undefined) highsPromise = highsLoader();
  return highsPromise;
}

/**
 * Solves a MILP (or LP, when no column is integer) with HiGHS (WebAssembly) and reports an
 * honest status: a time-limited run is `feasible` with HiGHS's `mip_dual_bound` and gap, not
 * `optimal`. The model is passed as typed arrays (no LP text parse) and disposed afterwards.
 * Used by every exact siting solver (covering, p-median, p-center): build the reduced model,
 * call this, map the columns back.
 *
 * @example
 * // max x + y, x + 2y ≤ 4, 3x + y ≤ 6, x, y ∈ {0, 1, 2, …}
 * const result = await solveMilp({
 *   sense: 'maximize', columnCosts: Float64Array.of(1, 1),
 *   columnLower: Float64Array.of(0, 0), columnUpper: Float64Array.of(10, 10), integer: Uint8Array.of(1, 1),
 *   rowLower: Float64Array.of(-Infinity, -Infinity), rowUpper: Float64Array.of(4, 6),
 *   rowOffsets: Int32Array.of(0, 2, 4), rowColumns: Int32Array.of(0, 1, 0, 1), rowValues: Float64Array.of(1, 2, 3, 1),
 * });
 * result.objective; // -> 2
 */
export async function solveMilp(model: MilpModel, options: SolveMilpOptions = {}): Promise<MilpResult> {
  const { timeLimitSeconds, relativeGap, log, initialSolution, presolve } = { ...DEFAULT_SOLVE_MILP_OPTIONS, ...options };
  const started = performance.now();
  const highs = await loadHighs();
  const numCols = model.columnCosts.length;
  const numRows = model.rowLower.length;
  const isMip = model.integer.some((v) => v === 1);
  const clamp = (values: Float64Array) => values.map((v) => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v));
  const instance = highs.createModel({
    numCols,
    numRows,
    sense: model.sense === 'maximize' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
    offset: model.offset ?? 0,
    colCost: model.columnCosts,
    colLower: clamp(model.columnLower),
    colUpper: clamp(model.columnUpper),
    rowLower: clamp(model.rowLower),
    rowUpper: clamp(model.rowUpper),
    matrix: {
      format: 'csr',
      numRows,
      numCols,
      starts: Int32Array.from(model.rowOffsets),
      indices: Int32Array.from(model.rowColumns),
      values: model.rowValues,
    },
    ...(isMip ? { integrality: Int32Array.from(model.integer) } : {}),
  });
  try {
    instance.options.set({
      output_flag: log,
      time_limit: Math.max(0.001, timeLimitSeconds),
      mip_rel_gap: relativeGap,
      mip_abs_gap: 1e-9,
      random_seed: 0,
      ...(presolve ? {} : { presolve: 'off' as const }),
    });
    if (initialSolution && isMip) instance.setSolution({ colValue: initialSolution });
    instance.run();
    const codes = highs.constants.modelStatus;
    const code = instance.getModelStatus();
    const highsStatus = Object.entries(codes).find(([, v]) => v === code)?.[0] ?? String(code);
    const hasPrimal = Number(instance.info.get('primal_solution_status')) === 2;
    const columnValues = hasPrimal ? Float64Array.from(instance.getSolution().colValue) : null;
    const objective = hasPrimal ? instance.getObjectiveValue() : Number.NaN;
    let bound = objective;
    let nodeCount = 0;
    if (isMip) {
      bound = Number(instance.info.get('mip_dual_bound'));
      nodeCount = Number(instance.info.get('mip_node_count'));
    }
    let status: MilpResult['status'];
    if (code === codes.optimal) status = 'optimal';
    else if (code === codes.infeasible) status = 'infeasible';
    else status = hasPrimal ? 'feasible' : 'unknown';
    if (status === 'optimal') bound = isMip && Number.isFinite(bound) ? bound : objective;
    const gap = hasPrimal && Number.isFinite(bound) ? Math.abs(objective - bound) / Math.max(Math.abs(objective), 1e-9) : Infinity;
    // HiGHS says "optimal" once within `relativeGap`; we say so only when the gap is closed.
    if (status === 'optimal' && gap > 1e-9 && Math.abs(objective - bound) > 1e-6) status = 'feasible';
    return { status, objective, bound, gap, columnValues, highsStatus, runtimeMs: performance.now() - started, nodeCount };
  } catch (error) {
    throw new AirreachError('E_MODEL', 'HiGHS failed on the model', { cause: error, value: { numRows, numCols } });
  } finally {
    instance.dispose();
  }
}
