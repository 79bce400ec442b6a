import type { Highs, HighsCallbackMap, LegacyHighsOptions } from 'highs';
import { AirreachError } from '../../errors.js';
import { resolveOptions } from '../../resolveOptions.js';
import { WorkBudget, type MemoryStop } from '../kernel/workBudget.js';
import { highsFailure, highsMemoryStop, isHighsOutOfMemory, isHighsRuntimeStopped } from './highsFailure.js';
import { highsWasmModule, instantiateWasmModule, type HighsWasmModule } from '../../highsWasmModule.js';

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
  /**
   * The work budget HiGHS spends from (its simplex iterations and branch-and-bound nodes, at
   * {@link HIGHS_WORK}'s rates): HiGHS is interrupted, deterministically, when they would
   * exceed what is left, and its own time limit is the budget's clock cap. Default: a budget of
   * `workLimit` units and `timeLimitSeconds`.
   */
  workBudget?: WorkBudget;
  /** Work units, when no `budget` is given. */
  workLimit?: number;
  /** Wall-clock cap (a safety net), when no `budget` is given; HiGHS then returns its incumbent and dual bound. */
  timeLimitSeconds?: number;
  /** HiGHS stops when (bound − objective) / |objective| falls below this. */
  relativeGap?: number;
  /** A feasible solution to start from (column values). */
  initialSolution?: Float64Array;
  /** Print HiGHS's log. */
  log?: boolean;
  /** HiGHS presolve; off pays when the caller's model is already reduced (e.g. a small dual LP). */
  presolve?: boolean;
  /**
   * Let HiGHS restart its MIP search (presolve again, root LP again) when its root reduced-cost
   * fixing has fixed enough integer columns. Off pays when the root LP is wide and the fixing
   * comes in small steps (the expected covering model: each restart re-solves the whole root).
   */
  restart?: boolean;
  /**
   * With an `initialSolution`: solve the LP relaxation first (presolve off, primal simplex from
   * the start's basis when the start sits at its bounds) and skip the MIP when the LP proves the
   * start, or its own integral point, optimal. Pays on models whose LP relaxation is usually
   * integral at a good start (the phased rollout: its LP, from the yearly heuristic, in 5,000
   * iterations against the MIP's presolve, root LP and checks); elsewhere it costs one LP more.
   */
  lpFirst?: boolean;
  /**
   * Solve an LP (no integer columns, or the `lpFirst` LP) by HiGHS's primal simplex instead of its dual. Pays on
   * wide LPs whose dual simplex iterations are dear: the expected covering relaxation (1,100
   * rows, 4,000 columns) took 1,540 primal iterations against 3,100 dual ones, each about a
   * fifth of the time. A MIP's node LPs always use the dual simplex (HiGHS ignores this there).
   */
  primalSimplex?: boolean;
  /**
   * HiGHS's RINS and RENS sub-MIPs (rounding the LP around the incumbent). Off pays when the
   * caller's start is already at or near the optimum and the model's root LP is wide: each
   * sub-MIP solves its own LPs (today's 18-aircraft expected covering: 1,600 of 5,500 iterations).
   */
  subMipHeuristics?: boolean;
}

/** Defaults of {@link SolveMilpOptions}. */
export const DEFAULT_SOLVE_MILP_OPTIONS = {
  workLimit: 1e10,
  timeLimitSeconds: Infinity,
  // HiGHS's own default (1e-4) would call a 0.01 % gap "optimal"; we only say optimal when proven.
  relativeGap: 1e-9,
  log: false,
  presolve: true,
  restart: true,
  lpFirst: false,
  primalSimplex: false,
  subMipHeuristics: true,
};

/** What {@link solveMilp} returns. */
export interface MilpResult {
  /** `optimal` when proven (gap ≤ 1e-9); `feasible` with a bound when a limit or `relativeGap` stopped it. */
  status: 'optimal' | 'feasible' | 'infeasible' | 'unknown';
  /** Objective of the incumbent (NaN without one). */
  objective: number;
  /**
   * HiGHS's dual bound (for a MIP) or the LP optimum; the loosest bound (+Infinity for a
   * maximisation, -Infinity for a minimisation) when HiGHS was not run or ran out of memory.
   */
  bound: number;
  gap: number;
  /** Column values of the incumbent, or null. */
  columnValues: Float64Array | null;
  /** Row duals of an LP (no integer columns) with a primal point, else null (HiGHS's sign convention). */
  rowDuals: Float64Array | null;
  /** HiGHS's model status, for logs. */
  highsStatus: string;
  runtimeMs: number;
  nodeCount: number;
  /** Simplex iterations over the whole run (all nodes of a MIP). */
  iterationCount: number;
  /** Work units charged to the budget. */
  work: number;
  /** True when HiGHS stopped on the work budget, the clock cap or the stop flag rather than by finishing. */
  interrupted: boolean;
}

/**
 * How HiGHS's effort is counted in work units: each simplex iteration costs `iteration` ×
 * (rows + columns) units (a pricing and ratio-test pass over the model's vectors), each
 * branch-and-bound node `node` × (rows + columns) more. Counts, not times: the same budget
 * interrupts HiGHS at the same checkpoint on any machine. A MIP is interrupted only at HiGHS's
 * own checkpoints (its node LPs ignore `simplex_iteration_limit`), so it may pass the budget by
 * the work between two of them — at most about its root LP's iterations; an LP stops on its
 * iteration count exactly.
 */
export const HIGHS_WORK = { iteration: 1, node: 20 };

let highsPromise: Promise<Highs> | undefined;
// The runtime highsPromise resolved to, so that one that ran out of memory can be let go.
let loadedHighs: Highs | undefined;
// Runtimes let go after an abort: nothing of theirs is called again (an LP session opened on one
// before another call aborted it does nothing, and disposes nothing).
const droppedRuntimes = new WeakSet<Highs>();

/**
 * Loads the HiGHS WebAssembly module once per thread (≈ 120 ms, ≈ 100 MB); later calls reuse it.
 * Imported on first use only: a solve that never needs HiGHS (most small ones) never loads it.
 * A thread handed a compiled module (`setHighsWasmModule`, as the pool's workers are)
 * instantiates from it, and so shares the code other threads have already optimised. A runtime
 * that ran out of memory is let go (see {@link solveMilp}): the next call instantiates a fresh one.
 *
 * @example
 * const highs = await loadHighs();
 */
export function loadHighs(): Promise<Highs> {
  if (highsPromise === undefined) {
    // `highs` ships CommonJS typings but an ESM build whose default export is the loader: take
    // the default off the namespace so both TypeScript (NodeNext) and Node agree.
    const loading: Promise<Highs> = import('highs')
      .then((module) => instantiateHighs((module as unknown as { default: HighsLoader }).default, highsWasmModule()))
      .then(
        (highs) => {
          if (highsPromise === loading) loadedHighs = highs;
          return highs;
        },
        (error: unknown) => {
          // A load that failed (no memory for a new instance) is tried again by the next call.
          if (highsPromise === loading) highsPromise = undefined;
          throw error;
        },
      );
    highsPromise = loading;
  }
  return highsPromise;
}

// HiGHS's WebAssembly memory now (bytes), NaN when it cannot be read.
function heapBytes(highs: Highs): number {
  try {
    const bytes = Number(highs.memoryBytes);
    return Number.isFinite(bytes) ? bytes : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * HiGHS for a solve, or the memory stop of a load that found no memory for a new instance (V8's
 * "could not allocate memory" for its WebAssembly memory): the solve then stops as when HiGHS
 * runs out. Any other failure to load throws.
 */
async function highsOrStop(model: MilpModel, step: MemoryStop['step']): Promise<{ highs: Highs } | { stop: MemoryStop }> {
  try {
    return { highs: await loadHighs() };
  } catch (error) {
    if (!isHighsOutOfMemory(error, Number.NaN)) throw error;
    const rows = model.rowLower.length;
    return { stop: highsMemoryStop({ step, rows, columns: model.columnCosts.length, entries: model.rowOffsets[rows] ?? model.rowColumns.length, memoryBytes: Number.NaN }) };
  }
}

/**
 * What an error a HiGHS call threw means: for want of memory ({@link isHighsOutOfMemory}) a
 * memory stop for the budget, else the error to throw (an `AirreachError` as it is, anything
 * else `E_MODEL` by {@link highsFailure}). After an abort or a trap of its WebAssembly, or a
 * failed allocation, the runtime is let go (`dropped`: dispose nothing of it): emscripten's
 * `abort()` leaves it aborted, its memory in an unknown state, and the next HiGHS call of this
 * thread loads a fresh one.
 */
function highsCallFailure(highs: Highs, error: unknown, model: MilpModel, step: MemoryStop['step']): { stop?: MemoryStop; error: unknown; dropped: boolean } {
  if (error instanceof AirreachError) return { error, dropped: false };
  const memoryBytes = heapBytes(highs);
  const rows = model.rowLower.length;
  const columns = model.columnCosts.length;
  const outOfMemory = isHighsOutOfMemory(error, memoryBytes);
  const dropped = outOfMemory || isHighsRuntimeStopped(error);
  if (dropped) {
    droppedRuntimes.add(highs);
    if (loadedHighs === highs) {
      loadedHighs = undefined;
      highsPromise = undefined;
    }
  }
  if (!outOfMemory) return { error: highsFailure(error, rows, columns, memoryBytes), dropped };
  const stop = highsMemoryStop({ step, rows, columns, entries: model.rowOffsets[rows] ?? model.rowColumns.length, memoryBytes });
  return { stop, error, dropped };
}

/** HiGHS's (Emscripten) loader, with the one setting used here. */
type HighsLoader = (settings?: { instantiateWasm?: (imports: object, done: (instance: object) => void) => object }) => Promise<Highs>;

// From a module handed in (setHighsWasmModule), HiGHS is instantiated through the loader's
// `instantiateWasm` hook. The loader waits on `done` and has no failure path of its own, so a
// failed instantiation rejects through the race instead of leaving the solve waiting forever.
function instantiateHighs(load: HighsLoader, module: HighsWasmModule | undefined): Promise<Highs> {
  if (module === undefined) return load();
  let fail: (reason: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  return Promise.race([
    load({
      instantiateWasm: (imports, done) => {
        instantiateWasmModule(module, imports).then(done, fail);
        return {};
      },
    }),
    failed,
  ]);
}

// HiGHS's own infinity stands for ±Infinity in bounds.
function clampInfinities(highs: Highs, values: Float64Array): Float64Array {
  return values.map((v) => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v));
}

// The one place a MilpModel becomes a HiGHS model, for a solve and for an LP session alike; a
// model HiGHS refuses (its passModel fails) is an AirreachError like any other failure of it.
// A failure for want of memory, or one that stopped HiGHS's runtime, is thrown as it came: the
// caller's `highsCallFailure` makes it a memory stop or a fault, and lets the runtime go.
function createHighsModel(highs: Highs, model: MilpModel, isMip: boolean) {
  const numCols = model.columnCosts.length;
  const numRows = model.rowLower.length;
  try {
    return highs.createModel({
      numCols,
      numRows,
      sense: model.sense === 'maximize' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
      offset: model.offset ?? 0,
      colCost: model.columnCosts,
      colLower: clampInfinities(highs, model.columnLower),
      colUpper: clampInfinities(highs, model.columnUpper),
      rowLower: clampInfinities(highs, model.rowLower),
      rowUpper: clampInfinities(highs, model.rowUpper),
      matrix: { format: 'csr', numRows, numCols, starts: Int32Array.from(model.rowOffsets), indices: Int32Array.from(model.rowColumns), values: model.rowValues },
      ...(isMip ? { integrality: Int32Array.from(model.integer) } : {}),
    });
  } catch (error) {
    if (isHighsOutOfMemory(error, heapBytes(highs)) || isHighsRuntimeStopped(error)) throw error;
    throw new AirreachError('E_MODEL', 'HiGHS refused the model', { cause: error, value: { numRows, numCols } });
  }
}

/**
 * Whether every finite number of the model is one HiGHS takes as it is (below 1e15 in size):
 * {@link solveMilp} returns no point without it and {@link openLpSession} refuses the model, so
 * a caller with a route of its own checks first.
 *
 * @example
 * if (withinHighsRange(model)) session = await openLpSession(model);
 */
export function withinHighsRange(model: MilpModel): boolean {
  const limit = 1e15;
  // One comparison per value in the usual case (a model's matrix may hold millions): only a value
  // outside (-limit, limit) is looked at again, and refused unless it is an infinite bound.
  const fits = (values: ArrayLike<number>) => {
    for (let k = 0; k < values.length; k++) {
      const value = values[k];
      if (!(value < limit && value > -limit) && value === value && value !== Infinity && value !== -Infinity) return false;
    }
    return true;
  };
  return fits(model.columnCosts) && fits(model.columnLower) && fits(model.columnUpper) && fits(model.rowLower) && fits(model.rowUpper) && fits(model.rowValues) && Math.abs(model.offset ?? 0) < limit;
}

type HighsCallbacks = { -readonly [K in keyof HighsCallbackMap]: HighsCallbackMap[K] };

// The simplex checkpoint that stops a solve when the budget's stop flag is raised (a cancel from
// another thread): every HiGHS run here (LP proof, MIP, LP session) takes it.
function stopFlagCallbacks(highs: Highs, stopFlag: Int32Array | undefined): HighsCallbacks {
  const callbacks: HighsCallbacks = {};
  if (stopFlag !== undefined) {
    callbacks[highs.constants.callbackType.simplexInterrupt] = (event) => {
      if (Atomics.load(stopFlag, 0) !== 0) event.interrupt();
    };
  }
  return callbacks;
}

// HiGHS's primal simplex (its SimplexStrategy enum is declared for types only, not exported).
const PRIMAL_SIMPLEX = 4 as NonNullable<LegacyHighsOptions['simplex_strategy']>;
// Its dual simplex (HiGHS's default strategy).
const DUAL_SIMPLEX = 1 as NonNullable<LegacyHighsOptions['simplex_strategy']>;

/** Σ cost_j x_j + offset. */
function objectiveAt(model: MilpModel, x: Float64Array): number {
  let value = model.offset ?? 0;
  for (let j = 0; j < x.length; j++) value += model.columnCosts[j] * x[j];
  return value;
}

/**
 * The answer of a model without columns: its only point is the empty one, every row's activity
 * 0, so it is optimal (objective the offset) when every row admits 0 and infeasible otherwise —
 * settled without HiGHS, which calls such a model "empty" and gives no status. An LP's row duals
 * are all 0 (no column prices anything).
 */
function emptyModelResult(model: MilpModel, started: number): MilpResult {
  const isMip = model.integer.some((v) => v === 1);
  const feasible = isMipFeasible(model, new Float64Array(0));
  const objective = model.offset ?? 0;
  return {
    status: feasible ? 'optimal' : 'infeasible',
    objective: feasible ? objective : Number.NaN,
    bound: feasible ? objective : Number.NaN,
    gap: feasible ? 0 : Infinity,
    columnValues: feasible ? new Float64Array(0) : null,
    rowDuals: feasible && !isMip ? new Float64Array(model.rowLower.length) : null,
    highsStatus: feasible ? 'emptyModel' : 'emptyModelInfeasible',
    runtimeMs: performance.now() - started,
    nodeCount: 0,
    iterationCount: 0,
    work: 0,
    interrupted: false,
  };
}

/**
 * Whether `x` is an answer of the MIP: integral where it must be, within the column bounds, and
 * every row within its bounds (to 1e-9, relative to the bound's size from 1 up: tighter than
 * HiGHS's own 1e-6, so that what this calls feasible HiGHS calls feasible too).
 *
 * @example
 * if (isMipFeasible(model, start)) solveMilp(model, { initialSolution: start });
 */
export function isMipFeasible(model: MilpModel, x: Float64Array): boolean {
  const slack = (bound: number) => 1e-9 * Math.max(1, Math.abs(bound));
  for (let j = 0; j < x.length; j++) {
    const v = x[j];
    if (!Number.isFinite(v)) return false;
    if (model.integer[j] === 1 && v !== Math.round(v)) return false;
    if (v < model.columnLower[j] - slack(model.columnLower[j]) || v > model.columnUpper[j] + slack(model.columnUpper[j])) return false;
  }
  for (let r = 0; r < model.rowLower.length; r++) {
    let activity = 0;
    for (let k = model.rowOffsets[r]; k < model.rowOffsets[r + 1]; k++) activity += model.rowValues[k] * x[model.rowColumns[k]];
    if (activity < model.rowLower[r] - slack(model.rowLower[r]) || activity > model.rowUpper[r] + slack(model.rowUpper[r])) return false;
  }
  return true;
}

/**
 * The LP relaxation as a proof (the `lpFirst` option of {@link solveMilp}). The LP optimum
 * bounds every answer of the MIP (the MIP's answers are among the LP's), so an answer whose
 * objective meets it — to the tolerance `solveMilp` itself calls optimal: 1e-9 relative or 1e-6
 * absolute — is optimal: the start when it is feasible, or else the LP's own point when it is
 * integral and feasible (checked here, not taken from HiGHS's tolerances). Presolve off, and
 * when every column of the start sits at one of its bounds, primal simplex from that basis (all
 * row activities basic: a nonsingular basis whose point is the start, so primal feasible);
 * otherwise HiGHS's default simplex from its own start. The iterations are charged to `budget`
 * like the MIP's; `result` is null when the LP proves nothing (the caller runs the MIP), or when
 * HiGHS ran out of memory (then `budget` holds the memory stop).
 */
function proveByLp(highs: Highs, model: MilpModel, start: Float64Array, budget: WorkBudget, log: boolean, primal: boolean): { result: MilpResult | null; iterationCount: number } {
  const numCols = model.columnCosts.length;
  const numRows = model.rowLower.length;
  const iterationUnits = HIGHS_WORK.iteration * (numRows + numCols);
  const sign = model.sense === 'maximize' ? 1 : -1;
  const startFeasible = isMipFeasible(model, start);
  const colStatus = new Int32Array(numCols);
  let atBounds = startFeasible;
  const codes = highs.constants.basisStatus;
  for (let j = 0; j < numCols && atBounds; j++) {
    if (start[j] === model.columnLower[j]) colStatus[j] = codes.lower;
    else if (start[j] === model.columnUpper[j]) colStatus[j] = codes.upper;
    else atBounds = false;
  }
  const available = budget.remaining;
  let instance: ReturnType<typeof createHighsModel> | undefined;
  let dropped = false;
  try {
    instance = createHighsModel(highs, model, false);
    const secondsLeft = budget.secondsLeft();
    instance.options.set({
      output_flag: log,
      presolve: 'off',
      random_seed: 0,
      ...(secondsLeft === Infinity ? {} : { time_limit: Math.max(0.001, secondsLeft) }),
      simplex_iteration_limit: Math.min(2147483647, Math.floor(available / Math.max(1, iterationUnits))),
      // Primal simplex keeps the start's (primal feasible) basis; HiGHS's default dual would leave it.
      ...(atBounds || primal ? { simplex_strategy: PRIMAL_SIMPLEX } : {}),
    });
    if (atBounds) instance.setBasis({ colStatus, rowStatus: new Int32Array(numRows).fill(codes.basic) });
    instance.run(stopFlagCallbacks(highs, budget.stopFlag));
    const modelCodes = highs.constants.modelStatus;
    const code = instance.getModelStatus();
    const iterationCount = Number(instance.info.get('simplex_iteration_count'));
    budget.spend(iterationCount * iterationUnits);
    if (code === modelCodes.iterationLimit) budget.markLimited();
    if (code !== modelCodes.optimal) return { result: null, iterationCount };
    const lpObjective = instance.getObjectiveValue();
    const meets = (objective: number) => sign * (lpObjective - objective) <= Math.max(1e-9 * Math.max(Math.abs(objective), 1e-9), 1e-6);
    let answer: Float64Array | null = null;
    if (startFeasible && meets(objectiveAt(model, start))) answer = Float64Array.from(start);
    else {
      const point = Float64Array.from(instance.getSolution().colValue);
      for (let j = 0; j < numCols; j++) if (model.integer[j] === 1 && Math.abs(point[j] - Math.round(point[j])) <= 1e-7) point[j] = Math.round(point[j]);
      if (isMipFeasible(model, point) && meets(objectiveAt(model, point))) answer = point;
    }
    if (answer === null) return { result: null, iterationCount };
    const objective = objectiveAt(model, answer);
    const bound = sign > 0 ? Math.max(objective, lpObjective) : Math.min(objective, lpObjective);
    const gap = Math.abs(objective - bound) / Math.max(Math.abs(objective), 1e-9);
    const result: MilpResult = { status: 'optimal', objective, bound, gap, columnValues: answer, rowDuals: null, highsStatus: 'lpRelaxationOptimal', runtimeMs: 0, nodeCount: 0, iterationCount, work: iterationCount * iterationUnits, interrupted: false };
    return { result, iterationCount };
  } catch (error) {
    const failed = highsCallFailure(highs, error, model, 'LP');
    dropped = failed.dropped;
    if (failed.stop === undefined) throw failed.error;
    budget.markOutOfMemory(failed.stop);
    return { result: null, iterationCount: 0 };
  } finally {
    if (!dropped) instance?.dispose();
  }
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
  const { relativeGap, log, initialSolution, presolve, restart, lpFirst, primalSimplex, subMipHeuristics, workLimit, timeLimitSeconds } = resolveOptions(DEFAULT_SOLVE_MILP_OPTIONS, options);
  const budget = options.workBudget ?? new WorkBudget({ workLimit, timeLimitSeconds });
  const started = performance.now();
  const numCols = model.columnCosts.length;
  const numRows = model.rowLower.length;
  const isMip = model.integer.some((v) => v === 1);
  const iterationUnits = HIGHS_WORK.iteration * (numRows + numCols);
  const nodeUnits = HIGHS_WORK.node * (numRows + numCols);
  // No answer and no bound: the loosest bound (+Infinity for a maximisation), which a caller's
  // min/max with the bound it proved before leaves at that bound (a NaN turned it into NaN, and
  // the result fell back to its trivial bound).
  const notRun = (highsStatus: string, interrupted: boolean): MilpResult => ({
    status: 'unknown',
    objective: Number.NaN,
    bound: model.sense === 'maximize' ? Infinity : -Infinity,
    gap: Infinity,
    columnValues: null,
    rowDuals: null,
    highsStatus,
    runtimeMs: 0,
    nodeCount: 0,
    iterationCount: 0,
    work: 0,
    interrupted,
  });
  // Nothing left to spend: HiGHS is not started (it would stop at its first checkpoint anyway).
  if (!budget.canContinue()) return notRun('notRun', true);
  // HiGHS reads costs and bounds from 1e20 up as infinite and refuses matrix entries from 1e15
  // up (its passModel fails): such a model is not given to it, and the caller keeps its own answer.
  if (!withinHighsRange(model)) return notRun('valuesTooLarge', false);
  // A model without columns (a reduction that left nothing to decide, e.g. backup coverage with
  // no demand any site reaches) is settled here: HiGHS reports such a model as "empty", with no
  // status, and callers read that as "not proven". Every row's activity is 0.
  if (numCols === 0) return emptyModelResult(model, started);
  const loaded = await highsOrStop(model, isMip ? 'MILP' : 'LP');
  if ('stop' in loaded) {
    budget.markOutOfMemory(loaded.stop);
    return { ...notRun('outOfMemory', true), runtimeMs: performance.now() - started };
  }
  const { highs } = loaded;
  let lpIterations = 0;
  if (lpFirst && isMip && initialSolution && initialSolution.length === numCols) {
    const first = proveByLp(highs, model, initialSolution, budget, log, primalSimplex);
    if (first.result) return { ...first.result, runtimeMs: performance.now() - started };
    lpIterations = first.iterationCount;
    if (!budget.canContinue()) return { ...notRun(budget.memoryStop ? 'outOfMemory' : 'interrupted', true), runtimeMs: performance.now() - started, iterationCount: lpIterations, work: lpIterations * iterationUnits };
  }
  const available = budget.remaining;
  let instance: ReturnType<typeof createHighsModel> | undefined;
  let dropped = false;
  try {
    instance = createHighsModel(highs, model, isMip);
    const secondsLeft = budget.secondsLeft();
    instance.options.set({
      output_flag: log,
      ...(secondsLeft === Infinity ? {} : { time_limit: Math.max(0.001, secondsLeft) }),
      mip_rel_gap: relativeGap,
      mip_abs_gap: 1e-9,
      random_seed: 0,
      ...(presolve ? {} : { presolve: 'off' as const }),
      ...(restart ? {} : { mip_allow_restart: false }),
      ...(subMipHeuristics ? {} : { mip_heuristic_run_rins: false, mip_heuristic_run_rens: false }),
      ...(primalSimplex && !isMip ? { simplex_strategy: PRIMAL_SIMPLEX } : {}),
      // An LP stops on its iteration count alone; a MIP's node LPs ignore this limit, so the
      // MIP is interrupted from its checkpoint callback below.
      ...(isMip || available === Infinity ? {} : { simplex_iteration_limit: Math.min(2147483647, Math.floor(available / Math.max(1, iterationUnits))) }),
    });
    if (initialSolution && isMip) instance.setSolution({ colValue: initialSolution });
    const stopFlag = budget.stopFlag;
    let stoppedOnWork = false;
    const callbacks: HighsCallbacks = {};
    if (isMip) {
      // Checkpoints come at the same points of the search on any machine: interrupting on the
      // counted work (never on elapsed time) keeps the answer reproducible.
      callbacks[highs.constants.callbackType.mipInterrupt] = (event) => {
        const iterations = Number(event.data.mip_total_lp_iterations ?? 0);
        const nodes = Number(event.data.mip_node_count ?? 0);
        if (iterations * iterationUnits + nodes * nodeUnits >= available) {
          stoppedOnWork = true;
          event.interrupt();
        } else if (stopFlag !== undefined && Atomics.load(stopFlag, 0) !== 0) event.interrupt();
      };
    }
    Object.assign(callbacks, stopFlagCallbacks(highs, stopFlag));
    instance.run(callbacks);
    const codes = highs.constants.modelStatus;
    const code = instance.getModelStatus();
    const highsStatus = Object.entries(codes).find(([, v]) => v === code)?.[0] ?? String(code);
    const hasPrimal = Number(instance.info.get('primal_solution_status')) === 2;
    const solution = hasPrimal ? instance.getSolution() : null;
    const columnValues = solution ? Float64Array.from(solution.colValue) : null;
    const rowDuals = solution && !isMip && solution.rowDual.length === numRows ? Float64Array.from(solution.rowDual) : null;
    const objective = hasPrimal ? instance.getObjectiveValue() : Number.NaN;
    let bound = objective;
    let nodeCount = 0;
    const iterationCount = Number(instance.info.get('simplex_iteration_count'));
    if (isMip) {
      bound = Number(instance.info.get('mip_dual_bound'));
      nodeCount = Number(instance.info.get('mip_node_count'));
    }
    const work = iterationCount * iterationUnits + nodeCount * nodeUnits;
    const totalIterations = iterationCount + lpIterations;
    const interrupted = code === codes.interrupted || code === codes.iterationLimit || code === codes.timeLimit;
    // Charged after the run: the clock and stop flag are checked here too, so a time-limited
    // HiGHS run marks the solve `clock`-cut.
    budget.spend(work);
    if (stoppedOnWork || code === codes.iterationLimit) budget.markLimited();
    let status: MilpResult['status'];
    if (code === codes.optimal) status = 'optimal';
    else if (code === codes.infeasible) status = 'infeasible';
    else status = hasPrimal ? 'feasible' : 'unknown';
    if (status === 'optimal') bound = isMip && Number.isFinite(bound) ? bound : objective;
    const gap = hasPrimal && Number.isFinite(bound) ? Math.abs(objective - bound) / Math.max(Math.abs(objective), 1e-9) : Infinity;
    // HiGHS says "optimal" once within `relativeGap`; we say so only when the gap is closed.
    if (status === 'optimal' && gap > 1e-9 && Math.abs(objective - bound) > 1e-6) status = 'feasible';
    return { status, objective, bound, gap, columnValues, rowDuals, highsStatus, runtimeMs: performance.now() - started, nodeCount, iterationCount: totalIterations, work: work + lpIterations * iterationUnits, interrupted };
  } catch (error) {
    // Out of memory is no fault of the model: the solve stops (the budget's memory stop) and
    // its caller answers with what it found before, as when the budget runs out. A fault
    // (HiGHS refusing the model, a status error, an abort on a small heap) fails loudly.
    const failed = highsCallFailure(highs, error, model, isMip ? 'MILP' : 'LP');
    dropped = failed.dropped;
    if (failed.stop === undefined) throw failed.error;
    budget.markOutOfMemory(failed.stop);
    return { ...notRun('outOfMemory', true), runtimeMs: performance.now() - started, iterationCount: lpIterations, work: lpIterations * iterationUnits };
  } finally {
    if (!dropped) instance?.dispose();
  }
}

/** What {@link LpSession.solve} returns: an LP's answer at the session's current bounds. */
export interface LpSessionResult {
  /** `optimal`, `infeasible`, or `unknown` (stopped by the budget, or no point). */
  status: 'optimal' | 'infeasible' | 'unknown';
  objective: number;
  columnValues: Float64Array | null;
  rowDuals: Float64Array | null;
  iterationCount: number;
}

/**
 * One LP kept open in HiGHS across solves: change bounds or costs, solve again, and HiGHS's
 * dual simplex restarts from the previous basis instead of from scratch (a branch-and-bound
 * node differs from its parent in a few bounds). Presolve is off (it would discard the basis).
 * Iterations are charged to the budget as in {@link solveMilp}. Call `dispose` when done.
 *
 * @example
 * const lp = await openLpSession(model);
 * lp.setRowBounds(Float64Array.of(0), Float64Array.of(Infinity));
 * const first = lp.solve(budget);
 * lp.setColumnCost(2, 5);
 * const second = lp.solve(budget); // warm-started
 * lp.dispose();
 */
export interface LpSession {
  /** Every column's bounds at once (arrays of the model's column count). */
  setColumnBounds(lower: Float64Array, upper: Float64Array): void;
  /** Every row's bounds at once (arrays of the model's row count). */
  setRowBounds(lower: Float64Array, upper: Float64Array): void;
  setColumnCost(column: number, cost: number): void;
  /**
   * The simplex basis after the last solve (a copy), for {@link LpSession.setBasis}: a
   * branch-and-bound restarts a node's children from their parent's basis this way.
   */
  getBasis(): LpBasis;
  /** Installs a basis taken by {@link LpSession.getBasis} of this session (the next solve starts from it). */
  setBasis(basis: LpBasis): void;
  /**
   * Solves at the current bounds and costs within what `budget` has left: by HiGHS's dual
   * simplex, or its primal simplex with `primalSimplex` (cheaper on a wide LP solved from
   * scratch, as a root; a node changed in its bounds is the dual simplex's case).
   */
  solve(budget: WorkBudget, options?: { primalSimplex?: boolean }): LpSessionResult;
  dispose(): void;
}

/** A simplex basis of an {@link LpSession}: HiGHS's status codes per column and per row. */
export interface LpBasis {
  readonly columnStatus: Int32Array;
  readonly rowStatus: Int32Array;
}

/**
 * Opens an {@link LpSession} on a model without integer columns (HiGHS loaded on first use).
 * When HiGHS runs out of memory (on this model, at any call, or with no memory left to load it)
 * the session stops: its next (or that) `solve` marks its budget's memory stop and returns
 * `unknown`, as when the budget runs out, its other calls do nothing, and the runtime is let go
 * (the next session or solve loads a fresh one). Any other failure of HiGHS throws `E_MODEL`.
 *
 * @example
 * const lp = await openLpSession(model);
 * const result = lp.solve(new WorkBudget({ workLimit: 1e8 }));
 * lp.dispose();
 */
export async function openLpSession(model: MilpModel): Promise<LpSession> {
  if (model.integer.some((v) => v === 1)) throw new AirreachError('E_MODEL', 'an LP session takes no integer columns', { value: 'integer', expected: 'all columns continuous' });
  if (!withinHighsRange(model)) throw new AirreachError('E_MODEL', 'the model has values HiGHS cannot take', { value: 'values ≥ 1e15', expected: 'finite values below 1e15' });
  const loaded = await highsOrStop(model, 'LP session');
  if ('stop' in loaded) return stoppedSession(loaded.stop);
  const { highs } = loaded;
  const numCols = model.columnCosts.length;
  const numRows = model.rowLower.length;
  const clamp = (values: Float64Array) => clampInfinities(highs, values);
  const iterationUnits = HIGHS_WORK.iteration * (numRows + numCols);
  const columns = { kind: 'range' as const, from: 0, to: numCols - 1 };
  const rows = { kind: 'range' as const, from: 0, to: numRows - 1 };
  // Set once HiGHS ran out of memory: the stop waits for the next solve's budget.
  let stopped: MemoryStop | undefined;
  let dropped = false;
  let instance: ReturnType<typeof createHighsModel> | undefined;
  // Every call into HiGHS: out of memory stops the session, anything else throws.
  const call = <T>(use: (model: ReturnType<typeof createHighsModel>) => T): T | undefined => {
    if (stopped !== undefined || instance === undefined || droppedRuntimes.has(highs)) return undefined;
    try {
      return use(instance);
    } catch (error) {
      const failed = highsCallFailure(highs, error, model, 'LP session');
      dropped ||= failed.dropped;
      if (failed.stop === undefined) throw failed.error;
      stopped = failed.stop;
      return undefined;
    }
  };
  try {
    instance = createHighsModel(highs, model, false);
    instance.options.set({ output_flag: false, presolve: 'off', random_seed: 0 });
  } catch (error) {
    const failed = highsCallFailure(highs, error, model, 'LP session');
    if (failed.stop === undefined) {
      if (!failed.dropped) instance?.dispose();
      throw failed.error;
    }
    dropped = failed.dropped;
    stopped = failed.stop;
  }
  const unknown = (iterationCount: number): LpSessionResult => ({ status: 'unknown', objective: Number.NaN, columnValues: null, rowDuals: null, iterationCount });
  return {
    setColumnBounds(lower, upper) {
      if (numCols > 0) call((lp) => lp.changeColsBounds(columns, clamp(lower), clamp(upper)));
    },
    setRowBounds(lower, upper) {
      if (numRows > 0) call((lp) => lp.changeRowsBounds(rows, clamp(lower), clamp(upper)));
    },
    setColumnCost(column, cost) {
      call((lp) => lp.changeColCost(column, cost));
    },
    getBasis() {
      const basis = call((lp) => lp.getBasis());
      // A stopped session's basis is never installed anywhere (its setBasis does nothing).
      return basis ? { columnStatus: Int32Array.from(basis.colStatus), rowStatus: Int32Array.from(basis.rowStatus) } : { columnStatus: new Int32Array(numCols), rowStatus: new Int32Array(numRows) };
    },
    setBasis(basis) {
      call((lp) => lp.setBasis({ colStatus: basis.columnStatus, rowStatus: basis.rowStatus }));
    },
    solve(budget, options) {
      const available = budget.remaining;
      if (stopped !== undefined) {
        budget.markOutOfMemory(stopped);
        return unknown(0);
      }
      if (!budget.canContinue()) return unknown(0);
      const secondsLeft = budget.secondsLeft();
      const answer = call((lp) => {
        lp.options.set({
          simplex_strategy: options?.primalSimplex === true ? PRIMAL_SIMPLEX : DUAL_SIMPLEX,
          ...(secondsLeft === Infinity ? {} : { time_limit: Math.max(0.001, secondsLeft) }),
          simplex_iteration_limit: Math.min(2147483647, Math.floor(available / Math.max(1, iterationUnits))),
        });
        lp.run(stopFlagCallbacks(highs, budget.stopFlag));
        const codes = highs.constants.modelStatus;
        const code = lp.getModelStatus();
        const iterationCount = Number(lp.info.get('simplex_iteration_count'));
        budget.spend(iterationCount * iterationUnits);
        if (code === codes.iterationLimit) budget.markLimited();
        if (code === codes.infeasible) return { status: 'infeasible', objective: Number.NaN, columnValues: null, rowDuals: null, iterationCount } satisfies LpSessionResult;
        if (code !== codes.optimal) return unknown(iterationCount);
        const solution = lp.getSolution();
        return {
          status: 'optimal',
          objective: lp.getObjectiveValue(),
          columnValues: Float64Array.from(solution.colValue),
          rowDuals: solution.rowDual.length === numRows ? Float64Array.from(solution.rowDual) : null,
          iterationCount,
        } satisfies LpSessionResult;
      });
      if (answer !== undefined) return answer;
      if (stopped !== undefined) budget.markOutOfMemory(stopped);
      return unknown(0);
    },
    dispose() {
      if (!dropped && !droppedRuntimes.has(highs)) instance?.dispose();
      instance = undefined;
    },
  };
}

// A session whose HiGHS could not be loaded for want of memory: its solves mark the stop.
function stoppedSession(stop: MemoryStop): LpSession {
  return {
    setColumnBounds: () => undefined,
    setRowBounds: () => undefined,
    setColumnCost: () => undefined,
    getBasis: () => ({ columnStatus: new Int32Array(0), rowStatus: new Int32Array(0) }),
    setBasis: () => undefined,
    solve(budget) {
      budget.markOutOfMemory(stop);
      return { status: 'unknown', objective: Number.NaN, columnValues: null, rowDuals: null, iterationCount: 0 };
    },
    dispose: () => undefined,
  };
}
