import { describe, expect, it } from 'vitest';
import { solveMilp } from '../../../src/solvers/milp/solveMilp.js';
import { warmHighs, warmHighsModels } from '../../../src/solvers/milp/warmHighs.js';

describe('warmHighs', () => {
  it('warms on models that make HiGHS search: a fractional covering root and a feasible capacitated assignment', async () => {
    const [covering, capacitated] = warmHighsModels(0.5);
    const relaxed = await solveMilp({ ...covering, integer: new Uint8Array(covering.integer.length) });
    const integral = await solveMilp(covering);
    expect(integral.status).toBe('optimal');
    // A root LP above the integer optimum: the MIP's cuts and branching run, not only the LP.
    expect(relaxed.objective).toBeGreaterThan(integral.objective + 1e-6);
    const assignment = await solveMilp(capacitated);
    expect(assignment.status).toBe('optimal');
    // Seeded: the same models every time.
    expect(warmHighsModels(0.5)).toEqual(warmHighsModels(0.5));
  });

  it('leaves HiGHS solving as before, and stops between its solves once aborted', async () => {
    const [covering] = warmHighsModels(0.3);
    const before = await solveMilp(covering);
    await warmHighs({ scale: 0.3 });
    const after = await solveMilp(covering);
    expect(after).toMatchObject({ status: before.status, objective: before.objective, bound: before.bound, iterationCount: before.iterationCount, nodeCount: before.nodeCount });
    const stop = new AbortController();
    stop.abort();
    await expect(warmHighs({ signal: stop.signal })).resolves.toBeUndefined();
  });
});
