import { createRandom } from '../../random.js';
import { resolveOptions } from '../../resolveOptions.js';
import { WorkBudget } from '../kernel/workBudget.js';
import { MilpBuilder } from './milpBuilder.js';
import { loadHighs, openLpSession, solveMilp, type MilpModel } from './solveMilp.js';

/** Options of {@link warmHighs}. */
export interface WarmHighsOptions {
  /** Stops the warm-up between two of its small solves (each is a few tens of milliseconds). */
  signal?: AbortSignal;
  /** Scale of the synthetic models (1: about 0.3 s of one core once warm). */
  scale?: number;
}

/** Defaults of {@link warmHighs}. */
export const DEFAULT_WARM_HIGHS_OPTIONS = { signal: undefined as AbortSignal | undefined, scale: 1 };

/**
 * Compiles HiGHS's hot code before a run needs it, by solving small synthetic models shaped
 * like the project's own: a partial maximal covering MILP (fractional root, cuts, branching),
 * its LP relaxation in an {@link openLpSession} with a bound change (the warm-started dual
 * simplex), and a single-source capacitated assignment MILP.
 *
 * Why: V8 compiles WebAssembly lazily, function by function, and the HiGHS module is 3.5 MB.
 * The first real solve of a process paid about 1.9 s of one core compiling it: a 0.65 s
 * expected-covering solve took 2.5 s cold. The compiled code belongs to the process, not
 * the thread: V8 shares one native module among all the isolates that instantiate the same
 * bytes while one of them holds it. So a thread that would otherwise wait (the CLI's thread
 * while the run's worker builds the grid and coverage) can take that cost off the run's
 * critical path, for the run's worker and the pool's threads alike. It must keep the module
 * loaded (this thread's `loadHighs` keeps it) for the others to find it.
 *
 * Nothing a solve returns depends on it: HiGHS computes the same on cold and warm code.
 *
 * @example
 * const warming = warmHighs({ signal }); // while the run's worker builds the grid
 * await warming; // or leave it: it ends on its own after a few small solves
 */
export async function warmHighs(options: WarmHighsOptions = {}): Promise<void> {
  const { signal, scale } = resolveOptions(DEFAULT_WARM_HIGHS_OPTIONS, options);
  await loadHighs();
  const models = warmHighsModels(scale);
  for (const model of models) {
    // Between solves only: a HiGHS run holds its thread until it ends.
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) return;
    await solveMilp(model, { workLimit: 2e9 });
  }
  await new Promise((resolve) => setImmediate(resolve));
  if (signal?.aborted) return;
  const relaxed = { ...models[0], integer: new Uint8Array(models[0].integer.length) };
  const lp = await openLpSession(relaxed);
  try {
    const budget = new WorkBudget({ workLimit: 2e9 });
    const first = lp.solve(budget);
    if (first.status === 'optimal' && first.columnValues) {
      // Branch on the most fractional site, as the covering tree does, from the root's basis.
      const basis = lp.getBasis();
      const upper = relaxed.columnUpper.slice();
      const sites = relaxed.columnCosts.length;
      let branch = -1;
      for (let j = 0; j < sites; j++) if (relaxed.columnCosts[j] === 0 && first.columnValues[j] > 1e-6 && first.columnValues[j] < 1 - 1e-6) branch = j;
      if (branch >= 0) {
        upper[branch] = 0;
        lp.setColumnBounds(relaxed.columnLower, upper);
        lp.setBasis(basis);
        lp.solve(budget);
      }
    }
  } finally {
    lp.dispose();
  }
}

/**
 * The warm-up's synthetic models at `scale` (1: 500 demand rows × 90 sites, p = 9, and 40
 * clients × 12 depots, p = 4), seeded: a partial maximal covering MILP whose root is fractional
 * (presolve, cuts and branching all run) and a single-source capacitated assignment.
 *
 * @example
 * const [covering, capacitated] = warmHighsModels(0.5);
 */
export function warmHighsModels(scale: number): [MilpModel, MilpModel] {
  return [coveringModel(Math.max(20, Math.round(500 * scale)), Math.max(10, Math.round(90 * scale)), 9, 1), capacitatedModel(Math.max(8, Math.round(40 * scale)), Math.max(6, Math.round(12 * scale)), 4, 2)];
}

// max Σ w_i y_i: y_i ≤ Σ_{j covers i} x_j, Σ x_j = p; sparse random cover sets give a
// fractional root, so presolve, cuts and branching all run.
function coveringModel(demandCount: number, siteCount: number, p: number, seed: number): MilpModel {
  const random = createRandom(seed);
  const builder = new MilpBuilder('maximize', { columns: demandCount + siteCount, rows: demandCount + 1, entries: demandCount * 6 + siteCount });
  for (let j = 0; j < siteCount; j++) builder.addColumn(0, 0, 1, true);
  for (let i = 0; i < demandCount; i++) {
    const y = builder.addColumn(1 + random.int(0, 40), 0, 1);
    builder.entry(y, 1);
    const covers = new Set<number>();
    const count = random.int(1, 4);
    while (covers.size < count) covers.add(random.int(0, siteCount - 1));
    for (const j of [...covers].sort((a, b) => a - b)) builder.entry(j, -1);
    builder.endRow(-Infinity, 0);
  }
  for (let j = 0; j < siteCount; j++) builder.entry(j, 1);
  builder.endRow(p, p);
  return builder.build();
}

// min Σ c_ij z_ij: each client to one open site, Σ_i d_i z_ij ≤ C x_j, Σ x_j = p (the depot plan's shape).
function capacitatedModel(clientCount: number, siteCount: number, p: number, seed: number): MilpModel {
  const random = createRandom(seed);
  const builder = new MilpBuilder('minimize', { columns: (clientCount + 1) * siteCount, rows: clientCount + 2 * siteCount + 1 });
  const open = builder.addColumns(siteCount, 0, 0, 1, true);
  const demands = Array.from({ length: clientCount }, () => random.int(1, 20));
  const total = demands.reduce((a, b) => a + b, 0);
  const capacity = Math.ceil((1.25 * total) / p);
  const first = builder.columnTotal;
  for (let i = 0; i < clientCount; i++) for (let j = 0; j < siteCount; j++) builder.addColumn(demands[i] * random.int(5, 100), 0, 1, true);
  for (let i = 0; i < clientCount; i++) {
    for (let j = 0; j < siteCount; j++) builder.entry(first + i * siteCount + j, 1);
    builder.endRow(1, 1);
  }
  for (let j = 0; j < siteCount; j++) {
    for (let i = 0; i < clientCount; i++) builder.entry(first + i * siteCount + j, demands[i]);
    builder.entry(open + j, -capacity).endRow(-Infinity, 0);
  }
  for (let j = 0; j < siteCount; j++) builder.entry(open + j, 1);
  builder.endRow(p, p);
  return builder.build();
}
