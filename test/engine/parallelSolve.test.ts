import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type AirreachPool } from '../../src/engine/createPool.js';
import { coverageCurveParallel } from '../../src/engine/coverageCurveParallel.js';
import { coverageCurve, type CoverageCurve } from '../../src/solvers/covering/coverageCurve.js';
import { shareProblem } from '../../src/engine/shareProblem.js';
import { solveMaximalCoveringParallel } from '../../src/engine/solveMaximalCoveringParallel.js';
import { maximalCoveringStarts, startSeed } from '../../src/engine/tasks/maximalCoveringStarts.js';
import { evaluateMaximalCovering } from '../../src/models/maximalCovering.js';
import type { SolveResult } from '../../src/models/sitingProblem.js';
import { createRandom } from '../../src/random.js';
import { euclideanProblem } from '../solvers/euclideanProblem.js';

function randomPoints(seed: number, count: number): number[][] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => [random.float() * 100, random.float() * 100, 1 + random.int(0, 9)]);
}

/** The best covered weight over every p-subset (brute force; tiny instances only). */
function bruteForceBest(problem: ReturnType<typeof euclideanProblem>, p: number, standardMinutes: number): number {
  let best = -Infinity;
  const chosen: number[] = [];
  const visit = (from: number) => {
    if (chosen.length === p) {
      best = Math.max(best, evaluateMaximalCovering(problem, chosen, { standardMinutes }).objective);
      return;
    }
    for (let s = from; s < problem.siteCount; s++) {
      chosen.push(s);
      visit(s + 1);
      chosen.pop();
    }
  };
  visit(0);
  return best;
}

const withoutTime = (result: SolveResult) => ({ ...result, runtimeMs: 0 });

describe('parallel solving', () => {
  let pool: AirreachPool;
  beforeAll(() => {
    pool = createPool({ threads: 2 });
  });
  afterAll(() => pool.close());

  it('gives each start its own seed and scores it as the evaluator does', () => {
    expect(new Set(Array.from({ length: 50 }, (_, k) => startSeed(1, k))).size).toBe(50);
    const problem = euclideanProblem(randomPoints(11, 40));
    const { starts } = maximalCoveringStarts({ kind: 'maximalCoveringStarts', problem, standardMinutes: 18, siteCount: 4, fixedSites: [2], forbiddenSites: [5], seed: 3, startFirst: 0, startEnd: 6 });
    expect(starts.map((s) => s.start)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const start of starts) {
      expect(start.sites).toHaveLength(4);
      expect(start.sites).toContain(2);
      expect(start.sites).not.toContain(5);
      expect(start.covered).toBeCloseTo(evaluateMaximalCovering(problem, start.sites, { standardMinutes: 18 }).objective, 9);
    }
    // A range split differently finds the same starts.
    const again = [0, 3].flatMap((first) =>
      maximalCoveringStarts({ kind: 'maximalCoveringStarts', problem, standardMinutes: 18, siteCount: 4, fixedSites: [2], forbiddenSites: [5], seed: 3, startFirst: first, startEnd: first + 3 }).starts,
    );
    expect(again).toEqual(starts);
  });

  it('solves maximal covering to the brute-force optimum, identically at 0 and 2 threads', async () => {
    const problem = euclideanProblem(randomPoints(5, 22));
    const options = { standardMinutes: 20, siteCount: 3, starts: 7, seed: 9 };
    const inThread = await solveMaximalCoveringParallel(problem, options, { threads: 0 });
    const threaded = await solveMaximalCoveringParallel(problem, options, { pool, minParallelStartPairs: 0 });
    expect(JSON.stringify(withoutTime(threaded))).toBe(JSON.stringify(withoutTime(inThread)));
    expect(threaded.objective).toBeCloseTo(bruteForceBest(problem, 3, 20), 9);
    expect(threaded.status).toBe('optimal');
    expect(threaded.solver).toMatch(/^parallel-multistart\(8\)\+/);
    // A search this small stays in the caller's thread by default: no worker is started.
    const idle = createPool({ threads: 2 });
    try {
      const small = await solveMaximalCoveringParallel(problem, options, { pool: idle });
      expect(idle.started).toBe(false);
      expect(JSON.stringify(withoutTime(small))).toBe(JSON.stringify(withoutTime(inThread)));
    } finally {
      await idle.close();
    }
  });

  it('builds a coverage curve whose points are brute-force optima, identically at 0 and 2 threads', async () => {
    const problem = euclideanProblem(randomPoints(6, 16));
    const options = { standardMinutes: [15, 25], maxSites: 4, seed: 2 };
    const inThread = await coverageCurveParallel(problem, options, { threads: 0 });
    const threaded = await coverageCurveParallel(problem, options, { pool });
    expect(JSON.stringify(threaded)).toBe(JSON.stringify(inThread));
    for (const curve of threaded) {
      expect(curve.points.map((p) => p.siteCount)).toEqual([1, 2, 3, 4]);
      for (const point of curve.points) expect(point.objective).toBeCloseTo(bruteForceBest(problem, point.siteCount, curve.standardMinutes), 9);
      for (let i = 1; i < curve.points.length; i++) expect(curve.points[i].objective).toBeGreaterThanOrEqual(curve.points[i - 1].objective);
    }
  });

  it('draws a whole warm-started curve as one task, the same to the byte as in this thread', async () => {
    const problem = euclideanProblem(randomPoints(8, 18));
    const options = { standardMinutes: [15, 25], maxSites: 5, fixedSites: [3], seed: 2 };
    const inThread = await coverageCurve(problem, options);
    const task = { kind: 'coverageCurve' as const, problem: shareProblem(problem), options };
    const threaded = await pool.run<CoverageCurve[]>(task);
    expect(JSON.stringify(threaded)).toBe(JSON.stringify(inThread));
    expect(threaded[0].points.map((p) => p.siteCount)).toEqual([1, 2, 3, 4, 5]);
    for (const point of threaded[1].points) expect(point.selectedSites).toContain(3);
  });
});
