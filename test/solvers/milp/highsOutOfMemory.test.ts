import { afterEach, describe, expect, it, vi } from 'vitest';
import { sitingProblemFromMatrix } from '../../../src/models/sitingProblemFromMatrix.js';
import type { SitingProblem, SolveResult } from '../../../src/models/sitingProblem.js';
import { createRandom } from '../../../src/random.js';
import { solveExpectedCovering } from '../../../src/solvers/covering/solveExpectedCovering.js';
import { solveMaximalCovering } from '../../../src/solvers/covering/solveMaximalCovering.js';
import { solveSetCovering } from '../../../src/solvers/covering/solveSetCovering.js';
import { solveBackupCovering } from '../../../src/solvers/covering/solveBackupCovering.js';
import { solveDoubleStandard } from '../../../src/solvers/planning/solveDoubleStandard.js';
import { solveFairCovering } from '../../../src/solvers/planning/solveFairCovering.js';
import { solveMaximumAvailability } from '../../../src/solvers/planning/solveMaximumAvailability.js';
import { solvePhasedRollout } from '../../../src/solvers/planning/solvePhasedRollout.js';
import { relativeGap } from '../../../src/solvers/kernel/finishResult.js';
import { WorkBudget } from '../../../src/solvers/kernel/workBudget.js';
import { openLpSession, solveMilp, type MilpModel } from '../../../src/solvers/milp/solveMilp.js';
import { arm, disarm, fault, GIB } from './failingHighs.js';

// HiGHS running out of its 2 GiB, simulated (see failingHighs): in this thread, cheaply.
vi.mock('highs', async (importOriginal) => (await import('./failingHighs.js')).failingHighs(importOriginal));

afterEach(() => {
  disarm();
  fault.failNextLoad = undefined;
});

// max x + y, x + 2y ≤ 4, 3x + y ≤ 6, x, y integer in [0, 10]: optimum 2 (and a continuous LP of it).
const small = (integer: boolean): MilpModel => ({
  sense: 'maximize',
  columnCosts: Float64Array.of(1, 1),
  columnLower: Float64Array.of(0, 0),
  columnUpper: Float64Array.of(10, 10),
  integer: Uint8Array.of(integer ? 1 : 0, integer ? 1 : 0),
  rowLower: Float64Array.of(-Infinity, -Infinity),
  rowUpper: Float64Array.of(4, 6),
  rowOffsets: Int32Array.of(0, 2, 4),
  rowColumns: Int32Array.of(0, 1, 0, 1),
  rowValues: Float64Array.of(1, 2, 3, 1),
});

describe('solveMilp when HiGHS runs out of memory', () => {
  it('stops the solve with a memory stop (the model\'s size and a note), returns no point and the loosest bound, and loads a fresh HiGHS for the next solve', async () => {
    const budget = new WorkBudget();
    arm('run');
    const result = await solveMilp(small(true), { workBudget: budget });
    const loadsBefore = fault.loads;
    expect(fault.fired).toBe(1);
    expect(result).toMatchObject({ status: 'unknown', highsStatus: 'outOfMemory', columnValues: null, interrupted: true, bound: Infinity });
    expect(budget.memoryStop).toMatchObject({ step: 'MILP', rows: 2, columns: 2, entries: 4, memoryBytes: 2 * GIB - 64 * 2 ** 20 });
    expect(budget.memoryStop!.note).toContain('HiGHS ran out of its 2 GiB of WebAssembly memory on the MILP (2 rows, 2 columns, 4 entries, with 1.9 GiB in use)');
    expect(budget.memoryStop!.note).toContain('fewer candidate sites');
    expect(budget.stoppedBy(false)).toBe('memory');
    expect(budget.stoppedBy(true)).toBe('proof');
    expect(budget.canContinue()).toBe(false);
    // Nothing more runs on this budget: the same model would fail again.
    expect((await solveMilp(small(true), { workBudget: budget })).highsStatus).toBe('notRun');
    disarm();
    // The aborted runtime is never used again (the mock throws if it is): a fresh one is loaded.
    const next = await solveMilp(small(true));
    expect(fault.loads).toBe(loadsBefore + 1);
    expect(next).toMatchObject({ status: 'optimal', objective: 2 });
  });

  it('stops an LP session that runs out, at its creation or at a solve: its solve says unknown and marks the budget, its other calls do nothing', async () => {
    arm('create');
    const created = await openLpSession(small(false));
    created.setColumnBounds(Float64Array.of(0, 0), Float64Array.of(1, 1));
    created.setBasis(created.getBasis());
    const first = new WorkBudget();
    expect(created.solve(first).status).toBe('unknown');
    expect(first.memoryStop).toMatchObject({ step: 'LP session', rows: 2, columns: 2 });
    created.dispose();
    arm('run');
    const running = await openLpSession(small(false));
    const second = new WorkBudget();
    expect(running.solve(second).status).toBe('unknown');
    expect(second.stoppedBy(false)).toBe('memory');
    running.setColumnCost(0, 2);
    running.dispose();
    disarm();
    const fresh = await openLpSession(small(false));
    expect(fresh.solve(new WorkBudget())).toMatchObject({ status: 'optimal' });
    fresh.dispose();
  });

  it('leaves alone an LP session opened before another call ran out of memory: it answers unknown and disposes nothing of the aborted runtime', async () => {
    const session = await openLpSession(small(false));
    expect(session.solve(new WorkBudget()).status).toBe('optimal');
    arm('run');
    const budget = new WorkBudget();
    await solveMilp(small(true), { workBudget: budget });
    expect(budget.memoryStop?.step).toBe('MILP');
    disarm();
    // The mock throws on any call into the aborted runtime.
    session.setColumnBounds(Float64Array.of(0, 0), Float64Array.of(1, 1));
    expect(session.solve(new WorkBudget()).status).toBe('unknown');
    session.dispose();
  });

  it('stops the same way when no memory is left for a new HiGHS instance, and loads one at the next solve', async () => {
    // First a runtime that aborts, so that the next solve must load a new one.
    arm('run');
    await solveMilp(small(true));
    disarm();
    fault.failNextLoad = new RangeError('WebAssembly.Memory(): could not allocate memory');
    const budget = new WorkBudget();
    expect(await solveMilp(small(true), { workBudget: budget })).toMatchObject({ status: 'unknown', highsStatus: 'outOfMemory', bound: Infinity });
    expect(budget.memoryStop?.note).toContain('on the MILP (2 rows, 2 columns, 4 entries), so the answer is the best the heuristics found');
    fault.failNextLoad = new RangeError('WebAssembly.Memory(): could not allocate memory');
    const session = await openLpSession(small(false));
    const second = new WorkBudget();
    expect(session.solve(second).status).toBe('unknown');
    expect(second.memoryStop?.step).toBe('LP session');
    session.dispose();
    expect((await solveMilp(small(true))).objective).toBe(2);
  });

  it('still fails loudly (E_MODEL) on a fault: a HiGHS error, or an abort while HiGHS holds little memory', async () => {
    arm('run', 2 * GIB, () => Object.assign(new Error('Highs_run returned an error status'), { name: 'HighsError' }));
    const budget = new WorkBudget();
    await expect(solveMilp(small(true), { workBudget: budget })).rejects.toMatchObject({ code: 'E_MODEL', message: expect.stringContaining('HiGHS failed on the model (2 rows, 2 columns)') });
    expect(budget.memoryStop).toBeUndefined();
    arm('run', 48 * 2 ** 20);
    await expect(solveMilp(small(true))).rejects.toMatchObject({ code: 'E_MODEL', message: expect.stringContaining('with 48 MiB of its 2 GiB of memory in use (not exhausted): Aborted()') });
    arm('create', 48 * 2 ** 20);
    await expect(openLpSession(small(false))).rejects.toMatchObject({ code: 'E_MODEL' });
    disarm();
    // The runtime the aborts left is let go as well.
    expect((await solveMilp(small(true))).objective).toBe(2);
  });
});

/** A seeded problem: demand and sites in a 100 × 100 box, minutes = distance, weights 1…20. */
function boxProblem(seed: number, demandCount: number, siteCount: number): SitingProblem {
  const random = createRandom(seed);
  const sites = Array.from({ length: siteCount }, () => [random.float() * 100, random.float() * 100]);
  const minutes = Array.from({ length: demandCount }, () => {
    const x = random.float() * 100;
    const y = random.float() * 100;
    return sites.map(([sx, sy]) => Math.hypot(x - sx, y - sy));
  });
  return sitingProblemFromMatrix(minutes, { demandWeights: minutes.map(() => random.int(1, 20)) });
}

const problem = boxProblem(5, 400, 80);
const regions = Int32Array.from({ length: problem.demandCount }, (_, i) => i % 3);
// Site costs of 1 to 3 (not integers): the Lagrangian bound of set covering is not rounded up to a proof.
const costly: SitingProblem = { ...problem, siteCosts: Float64Array.from({ length: problem.siteCount }, (_, s) => 1 + ((s * 7919) % 200) / 100) };

// Every question solver that hands its model to HiGHS after a heuristic, on one problem, with
// the options that send it to HiGHS (its own trees and bounds cut short where it has them).
// Each proves its answer optimal in under 3 s with HiGHS's memory to spare.
const solvers: Array<{ name: string; sense: 'maximize' | 'minimize'; solve: () => Promise<SolveResult> }> = [
  { name: 'maximal covering', sense: 'maximize', solve: () => solveMaximalCovering(problem, { standardMinutes: 20, siteCount: 5, lagrangianWork: 0, maxNodes: 0, lpTreeNodes: 0, kicks: 0 }) },
  { name: 'set covering', sense: 'minimize', solve: () => solveSetCovering(costly, { standardMinutes: 25, lagrangianIterations: 1, branchAndBoundShare: 0 }) },
  { name: 'backup covering', sense: 'maximize', solve: () => solveBackupCovering(problem, { standardMinutes: 25, siteCount: 6 }) },
  { name: 'MEXCLP (MILP)', sense: 'maximize', solve: () => solveExpectedCovering(problem, { standardMinutes: 20, aircraftCount: 6, busyFraction: 0.2, maxAircraftPerSite: 2, lpNodes: 0 }) },
  { name: 'MEXCLP (LP branch and bound)', sense: 'maximize', solve: () => solveExpectedCovering(problem, { standardMinutes: 20, aircraftCount: 6, busyFraction: 0.2, maxAircraftPerSite: 2 }) },
  { name: 'MALP', sense: 'maximize', solve: () => solveMaximumAvailability(problem, { standardMinutes: 20, aircraftCount: 6, busyFraction: 0.2, reliability: 0.9, maxAircraftPerSite: 2 }) },
  { name: 'double standard', sense: 'maximize', solve: () => solveDoubleStandard(problem, { tightMinutes: 15, looseMinutes: 60, aircraftCount: 6, maxAircraftPerSite: 2 }) },
  { name: 'phased rollout', sense: 'maximize', solve: () => solvePhasedRollout(problem, { standardMinutes: 20, sitesPerYear: 2, years: 3 }) },
  { name: 'fair covering (regional minimum)', sense: 'maximize', solve: () => solveFairCovering(problem, { standardMinutes: 20, siteCount: 5, demandRegions: regions, regionMinimumShare: 0.5 }) },
  { name: 'fair covering (max-min)', sense: 'maximize', solve: () => solveFairCovering(problem, { standardMinutes: 20, siteCount: 5, demandRegions: regions, objective: 'maxMin' }) },
];

describe('question solvers when HiGHS runs out of memory', () => {
  for (const { name, sense, solve } of solvers) {
    it(`${name}: answers with the heuristics' best, feasible, with the bound proven before, the gap and a note (stoppedBy memory)`, async () => {
      arm('run');
      const result = await solve();
      expect(fault.fired, 'HiGHS was called').toBeGreaterThan(0);
      expect(result.status).toBe('feasible');
      expect(result.stoppedBy).toBe('memory');
      expect(result.selectedSites.length).toBeGreaterThan(0);
      expect(Number.isFinite(result.bound)).toBe(true);
      expect(sense === 'maximize' ? result.bound >= result.objective : result.bound <= result.objective).toBe(true);
      expect(result.gap).toBeCloseTo(relativeGap(result.objective, result.bound), 12);
      expect(result.details?.stopNote).toMatch(/^HiGHS ran out of its 2 GiB of WebAssembly memory on the (MILP|LP|LP session) \(/);
      expect(result.details?.outOfMemory).toMatchObject({ rows: expect.any(Number), columns: expect.any(Number), entries: expect.any(Number) });
      disarm();
      // The same question with HiGHS's memory to spare: at least as good, and its bound holds the answer above.
      const full = await solve();
      expect(full.status).toBe('optimal');
      expect(sense === 'maximize' ? full.objective >= result.objective - 1e-9 && full.objective <= result.bound + 1e-9 : full.objective <= result.objective + 1e-9 && full.objective >= result.bound - 1e-9).toBe(true);
    });
  }

  it('a fault of HiGHS in a question solver still fails loudly (E_MODEL), not as an answer', async () => {
    arm('run', 2 * GIB, () => Object.assign(new Error('Highs_passModel: bad index'), { name: 'HighsValidationError' }));
    await expect(solveExpectedCovering(problem, { standardMinutes: 20, aircraftCount: 6, busyFraction: 0.2, maxAircraftPerSite: 2, lpNodes: 0 })).rejects.toMatchObject({ code: 'E_MODEL' });
  });
});
