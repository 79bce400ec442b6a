import { AirreachError } from '../../errors.js';
import type { StoppedBy } from '../../models/sitingProblem.js';
import { resolveOptions } from '../../resolveOptions.js';


/** Options of {@link WorkBudget}: the effort of one solve, a safety cap, and cancellation. */
export interface WorkBudgetOptions {
  /**
   * Work units the solve may spend. A unit is about one matrix entry visited (one stored
   * (demand, site) pair read in a pass); HiGHS iterations and nodes are converted at a stated
   * rate (`HIGHS_UNITS`). Counted, not timed: the same limit stops at the same point on any
   * machine. About 1e8–5e8 units a second on one 2020s core.
   */
  workLimit?: number;
  /**
   * Wall-clock cap in seconds: a safety net only. A solve it cuts short reports
   * `stoppedBy: 'clock'`, and its answer may differ from run to run.
   */
  timeLimitSeconds?: number;
  /** Cancels the solve; checked every time work is counted (a few milliseconds of work at most). */
  signal?: AbortSignal;
  /**
   * Cross-thread cancellation: a non-zero `stopFlag[0]` (an Int32Array, usually on a
   * SharedArrayBuffer) stops the solve like an aborted signal. A solve running synchronously
   * cannot see an abort event of its own thread until it returns; another thread's store to
   * this flag it sees at once (see {@link createStopFlag}).
   */
  stopFlag?: Int32Array;
}

/**
 * The effort options every solver takes: a work budget of its own (`workLimit`,
 * `timeLimitSeconds`, `signal`, `stopFlag`), or a `budget` shared with its caller (a solver
 * called by another spends from its caller's budget, so that one limit covers the whole solve).
 */
export interface SolveBudgetOptions extends WorkBudgetOptions {
  /** A budget to spend from instead of a new one (its limit, clock cap and signal apply). */
  workBudget?: WorkBudget;
}

/**
 * Default effort of a solve: 1e10 work units and no clock cap. Measured on the 2-vCPU test VM
 * (load 3–4) the solvers ran 1.2e8–4.4e8 units a second (p-median pmed26 1.2e8, maximal
 * covering 2,000 × 200 4.4e8), so the default is roughly 25–80 s of work: the old 60 s limit,
 * but counted, so that it ends at the same point on every machine.
 */
export const DEFAULT_WORK_BUDGET_OPTIONS = {
  workLimit: 1e10,
  timeLimitSeconds: Infinity,
};

/**
 * Why a solve's exact step gave up for want of memory (HiGHS ran out of its WebAssembly memory,
 * see `solveMilp`): the model it was handed and what to tell the user. The solve then ends with
 * the best answer its heuristics found and the best bound proven before (`stoppedBy: 'memory'`).
 *
 * @example
 * const stop: MemoryStop | undefined = budget.memoryStop;
 * if (stop) console.warn(`${stop.step} of ${stop.rows} rows: ${stop.note}`);
 */
export interface MemoryStop {
  /** What HiGHS was solving: `MILP`, `LP` (a relaxation solved once) or `LP session` (a branch and bound's node LPs). */
  step: 'MILP' | 'LP' | 'LP session';
  rows: number;
  columns: number;
  /** Nonzero entries of the model's matrix. */
  entries: number;
  /** HiGHS's WebAssembly memory when it failed (bytes; NaN when it could not be read). */
  memoryBytes: number;
  /** One sentence or two for the answer: what ran out, on what, and how to make the problem smaller. */
  note: string;
}

/** Where the clock and the stop conditions of a budget tree live (shared by every phase). */
interface BudgetRoot {
  deadline: number;
  signal: AbortSignal | undefined;
  stopFlag: Int32Array | undefined;
  /** Set once the clock or a signal cut any step: the whole solve is then not reproducible. */
  cut: 'clock' | 'signal' | undefined;
  /** Set once HiGHS ran out of memory on any step: no step runs after it (the same model would fail again). */
  memoryStop: MemoryStop | undefined;
}

/**
 * The budget of one solve: deterministic work units (the effort), an optional wall-clock cap
 * (a safety net) and cancellation (an `AbortSignal` or a shared stop flag). Solver loops call
 * {@link WorkBudget.spend} with the units each step did and stop when it returns false; a
 * phase takes a {@link WorkBudget.phase} of what is left, so that its share is counted too.
 * At the end {@link WorkBudget.stoppedBy} says whether a proof, the budget, the clock or a
 * signal ended the solve.
 *
 * Why work units and not seconds: a wall-clock limit decides how far a search gets by how
 * busy the machine is, so the same inputs gave different answers run to run (issue 15).
 *
 * @example
 * const budget = new WorkBudget({ workLimit: 1e9, timeLimitSeconds: 60, signal });
 * while (budget.spend(model.pairCount)) {
 *   // one pass over the matrix
 * }
 * result.stoppedBy = budget.stoppedBy(proven);
 */
export class WorkBudget {
  /** Units this budget may spend (Infinity: no work limit). */
  readonly limit: number;
  private used = 0;
  private exhausted = false;
  private readonly root: BudgetRoot;
  private readonly parent: WorkBudget | undefined;

  constructor(options: WorkBudgetOptions = {}, parent?: WorkBudget) {
    if (parent) {
      this.parent = parent;
      this.root = parent.root;
      this.limit = Math.max(0, Math.min(options.workLimit ?? Infinity, parent.remaining));
      return;
    }
    const settings = resolveOptions(DEFAULT_WORK_BUDGET_OPTIONS, options);
    if (!(settings.workLimit >= 0)) {
      throw new AirreachError('E_OPTION', 'workLimit must be a number of work units ≥ 0', { value: settings.workLimit, where: { field: 'workLimit' }, expected: 'e.g. 1e9' });
    }
    if (!(settings.timeLimitSeconds > 0)) {
      throw new AirreachError('E_OPTION', 'timeLimitSeconds must be positive', { value: settings.timeLimitSeconds, where: { field: 'timeLimitSeconds' } });
    }
    this.limit = settings.workLimit;
    this.root = {
      deadline: performance.now() + settings.timeLimitSeconds * 1000,
      signal: options.signal,
      stopFlag: options.stopFlag,
      cut: undefined,
      memoryStop: undefined,
    };
  }

  /** Units spent so far (phases included). */
  get spent(): number {
    return this.used;
  }

  /** Units left before this budget (or one above it) is used up; 0 once stopped. */
  get remaining(): number {
    if (this.exhausted || this.root.cut || this.root.memoryStop) return 0;
    const own = this.limit - this.used;
    const above = this.parent ? this.parent.remaining : Infinity;
    return Math.max(0, Math.min(own, above));
  }

  /**
   * Counts `units` of work done and says whether work may go on: false once this budget (or
   * the one it is a phase of) is used up, the clock cap has passed or the solve was cancelled.
   */
  spend(units: number): boolean {
    this.used += units;
    this.parent?.addUsed(units);
    return this.canContinue();
  }

  /** Whether work may go on, without counting any (checks the budget, the clock and the signal). */
  canContinue(): boolean {
    if (this.exhausted) return false;
    const root = this.root;
    if (root.cut || root.memoryStop) return false;
    if (root.stopFlag !== undefined && Atomics.load(root.stopFlag, 0) !== 0) {
      root.cut = 'signal';
      return false;
    }
    if (root.signal?.aborted) {
      root.cut = 'signal';
      return false;
    }
    if (root.deadline !== Infinity && performance.now() > root.deadline) {
      root.cut = 'clock';
      return false;
    }
    if (this.used >= this.limit || (this.parent !== undefined && !this.parent.canContinue())) {
      this.markLimited();
      return false;
    }
    return true;
  }

  /**
   * A budget for one phase: at most `units` of what is left here (Infinity: all of it). Units
   * it spends count here too; using it up stops the phase, not this budget.
   */
  phase(units: number): WorkBudget {
    return new WorkBudget({ workLimit: units }, this);
  }

  /** Marks this budget used up (a step ended on a deterministic limit of its own). */
  markLimited(): void {
    this.exhausted = true;
  }

  /**
   * Stops the whole solve (every phase, the root's caller included) because HiGHS ran out of
   * memory: what the solver found so far is its answer, `stoppedBy` says `memory` unless a proof
   * or a cut says otherwise. The first stop is kept.
   */
  markOutOfMemory(stop: MemoryStop): void {
    this.root.memoryStop ??= stop;
  }

  /** The memory stop of this solve (see {@link WorkBudget.markOutOfMemory}), if HiGHS ran out. */
  get memoryStop(): MemoryStop | undefined {
    return this.root.memoryStop;
  }

  /** Why the solve may have stopped early: the clock or a signal, if either cut a step short. */
  get cut(): 'clock' | 'signal' | undefined {
    return this.root.cut;
  }

  /** Whether the solve was cancelled (signal or stop flag). */
  get cancelled(): boolean {
    this.canContinue();
    return this.root.cut === 'signal';
  }

  /** Seconds left before the clock cap (Infinity without one); for HiGHS's own time limit. */
  secondsLeft(): number {
    return this.root.deadline === Infinity ? Infinity : Math.max(0, (this.root.deadline - performance.now()) / 1000);
  }

  /**
   * What ended the solve (see {@link StoppedBy}): a clock or signal cut wins over everything,
   * since it makes the answer depend on timing; then a proof; then HiGHS running out of memory;
   * else the budget.
   */
  stoppedBy(proven: boolean): StoppedBy {
    if (this.root.cut) return this.root.cut;
    if (proven) return 'proof';
    return this.root.memoryStop ? 'memory' : 'budget';
  }

  /** The stop flag and the signal this budget checks, for handing to work on another thread. */
  get stopFlag(): Int32Array | undefined {
    return this.root.stopFlag;
  }

  get signal(): AbortSignal | undefined {
    return this.root.signal;
  }

  private addUsed(units: number): void {
    this.used += units;
    this.parent?.addUsed(units);
  }
}

/**
 * A budget from solver options: `budget` when the caller passes one (a solver called by
 * another shares its caller's budget), else a new one from `workLimit`, `timeLimitSeconds`,
 * `signal` and `stopFlag`.
 *
 * @example
 * const budget = budgetOf(options); // options: { workLimit?, timeLimitSeconds?, signal?, budget? }
 */
export function budgetOf(options: SolveBudgetOptions): WorkBudget {
  if (options.workBudget) return options.workBudget;
  return new WorkBudget({
    workLimit: options.workLimit,
    timeLimitSeconds: options.timeLimitSeconds,
    signal: options.signal,
    stopFlag: options.stopFlag,
  });
}

/**
 * A stop flag (one Int32 on a SharedArrayBuffer) set when `signal` aborts: hand it to a solve
 * running on another thread (`WorkBudgetOptions.stopFlag`), which sees it at its next count of
 * work even though its own thread is busy.
 *
 * @example
 * const stopFlag = createStopFlag(controller.signal); // passed in the task to the thread that solves
 * await solveMaximalCovering(problem, { siteCount: 3, standardMinutes: 60, stopFlag }); // on that thread
 */
export function createStopFlag(signal?: AbortSignal): Int32Array {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  if (signal) {
    if (signal.aborted) Atomics.store(flag, 0, 1);
    else signal.addEventListener('abort', () => Atomics.store(flag, 0, 1), { once: true });
  }
  return flag;
}
