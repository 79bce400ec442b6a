// Issue 15: the same inputs give the same bytes on any machine and at any load, because every
// solver stops on counted work, never on the clock. Solved under a busy child process, with a
// clock cap and without one, the answers (runtime aside) must be byte-identical whenever the
// budget — not the clock — ended them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { parseInstance } from '../../../src/solvers/kernel/parseInstance.js';
import { solveInstance, type InstanceSolution } from '../../../src/solvers/kernel/solveInstance.js';
import { createStopFlag } from '../../../src/solvers/kernel/workBudget.js';
import type { ModelName } from '../../../src/models/sitingProblem.js';

function randomDense(rows: number, columns: number, seed: number): number[][] {
  let state = seed;
  const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
  return Array.from({ length: rows }, () => Array.from({ length: columns }, () => Math.round(random() * 600) / 10));
}

const bytes = (answer: InstanceSolution) => JSON.stringify({ ...answer, runtimeMs: 0 });

/** Busy child processes (one per core) that keep the machine loaded while they run. */
function startHogs(count: number): ChildProcess[] {
  return Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

// Models in their hard-ish regime at these sizes, with budgets that end them before a proof
// (so the budget decides the answer), HiGHS included for the MILP-backed ones.
const cases: Array<[ModelName, Record<string, unknown>, number]> = [
  ['maximalCovering', { standardMinutes: 18, siteCount: 6 }, 3e6],
  ['setCovering', { standardMinutes: 14 }, 2e6],
  ['pMedian', { siteCount: 8 }, 1e6],
  ['pCenter', { siteCount: 8 }, 3e5],
  ['expectedCovering', { standardMinutes: 18, busyFraction: 0.3, aircraftCount: 8 }, 2e6],
  ['capacitatedPMedian', { siteCount: 6, demands: Array(120).fill(1), capacities: Array(40).fill(25) }, 3e6],
];

describe('reproducible effort: the budget, not the clock, decides the answer', () => {
  const quiet = new Map<ModelName, string>();
  let hogs: ChildProcess[] = [];
  beforeAll(async () => {
    for (const [model, fields, workLimit] of cases) {
      const answer = await solveInstance(parseInstance({ model, minutes: randomDense(120, 40, 5), ...fields }), { workLimit });
      quiet.set(model, bytes(answer));
    }
    hogs = startHogs(3);
  }, 120_000);
  afterAll(() => {
    for (const hog of hogs) hog.kill('SIGKILL');
  });

  it.each(cases)('%s gives the same bytes under a CPU hog, with a clock cap and without', async (model, fields, workLimit) => {
    const instance = () => parseInstance({ model, minutes: randomDense(120, 40, 5), ...fields });
    const capped = await solveInstance(instance(), { workLimit, timeLimitSeconds: 60 });
    const uncapped = await solveInstance(instance(), { workLimit });
    expect(capped.stoppedBy).toBe('budget');
    expect(uncapped.stoppedBy).toBe('budget');
    expect(bytes(capped)).toBe(quiet.get(model));
    expect(bytes(uncapped)).toBe(quiet.get(model));
  }, 120_000);
});

describe('cancellation reaches a running solve', () => {
  it('a signal aborted before the solve ends it at once, saying so', async () => {
    const controller = new AbortController();
    controller.abort();
    const answer = await solveInstance(parseInstance({ model: 'pMedian', siteCount: 8, minutes: randomDense(120, 40, 5) }), { signal: controller.signal });
    expect(answer.stoppedBy).toBe('signal');
    expect(answer.work).toBeLessThan(1e6);
  });

  it('a stop flag set by another thread ends a long synchronous solve long before its work limit', async () => {
    const stopFlag = createStopFlag();
    const setter = new Worker('const { workerData } = require("node:worker_threads"); setTimeout(() => Atomics.store(workerData, 0, 1), 200);', { eval: true, workerData: stopFlag });
    const workLimit = 1e12;
    const answer = await solveInstance(parseInstance({ model: 'pMedian', siteCount: 40, minutes: randomDense(600, 600, 9) }), { workLimit, stopFlag });
    await setter.terminate();
    expect(answer.stoppedBy).toBe('signal');
    expect(answer.work).toBeLessThan(workLimit);
    expect(Number.isFinite(answer.bound) && Number.isFinite(answer.gap)).toBe(true);
  }, 120_000);
});
