import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { WorkBudget, budgetOf, createStopFlag } from '../../../src/solvers/kernel/workBudget.js';
import { errorOf } from '../../errorOf.js';

describe('WorkBudget', () => {
  it('counts work and stops at the limit, the same way every time', () => {
    const budget = new WorkBudget({ workLimit: 100 });
    const steps: boolean[] = [];
    for (let k = 0; k < 6; k++) steps.push(budget.spend(30));
    expect(steps).toEqual([true, true, true, false, false, false]);
    expect(budget.spent).toBe(180);
    expect(budget.remaining).toBe(0);
    expect(budget.stoppedBy(false)).toBe('budget');
    expect(budget.stoppedBy(true)).toBe('proof');
  });

  it('gives a phase a share of what is left; its spending counts above, its end does not end the parent', () => {
    const budget = new WorkBudget({ workLimit: 1000 });
    budget.spend(200);
    const phase = budget.phase(0.5 * budget.remaining);
    expect(phase.limit).toBe(400);
    while (phase.spend(150));
    expect(phase.canContinue()).toBe(false);
    expect(budget.spent).toBe(200 + 450);
    expect(budget.canContinue()).toBe(true);
    expect(budget.remaining).toBe(350);
    // A phase can never have more than its parent has left.
    expect(budget.phase(1e9).limit).toBe(350);
  });

  it('says "signal" for an aborted signal and for a stop flag, and "clock" once the cap has passed', async () => {
    const controller = new AbortController();
    const bySignal = new WorkBudget({ signal: controller.signal });
    expect(bySignal.spend(1)).toBe(true);
    controller.abort();
    expect(bySignal.spend(1)).toBe(false);
    expect(bySignal.stoppedBy(true)).toBe('signal');

    const flag = createStopFlag();
    const byFlag = new WorkBudget({ stopFlag: flag });
    expect(byFlag.canContinue()).toBe(true);
    Atomics.store(flag, 0, 1);
    expect(byFlag.phase(10).canContinue()).toBe(false);
    expect(byFlag.stoppedBy(false)).toBe('signal');

    const byClock = new WorkBudget({ timeLimitSeconds: 0.001 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(byClock.spend(1)).toBe(false);
    // A proof after a clock cut still is not reproducible: the clock decided the path.
    expect(byClock.stoppedBy(true)).toBe('clock');
  });

  it('sees a stop flag set by another thread while this one is busy', async () => {
    const flag = createStopFlag();
    const worker = new Worker('const { workerData } = require("node:worker_threads"); setTimeout(() => Atomics.store(workerData, 0, 1), 20);', { eval: true, workerData: flag });
    const budget = new WorkBudget({ stopFlag: flag });
    // Busy in this thread: no event of our own could arrive, the shared flag does.
    let steps = 0;
    while (budget.spend(1) && steps < 1e10) steps++;
    await worker.terminate();
    expect(budget.stoppedBy(false)).toBe('signal');
    expect(steps).toBeLessThan(1e10);
  });

  it('createStopFlag follows an abort signal', () => {
    const controller = new AbortController();
    const flag = createStopFlag(controller.signal);
    expect(Atomics.load(flag, 0)).toBe(0);
    controller.abort();
    expect(Atomics.load(flag, 0)).toBe(1);
  });

  it('budgetOf shares a caller budget and refuses bad limits', () => {
    const shared = new WorkBudget({ workLimit: 5 });
    expect(budgetOf({ workBudget: shared })).toBe(shared);
    expect(budgetOf({ workLimit: 7 }).limit).toBe(7);
    expect(errorOf(() => new WorkBudget({ workLimit: -1 })).code).toBe('E_OPTION');
    expect(errorOf(() => new WorkBudget({ timeLimitSeconds: 0 })).code).toBe('E_OPTION');
  });
});
