import { describe, expect, it } from 'vitest';
import { evaluateBackupCovering } from '../../../src/models/backupCovering.js';
import { sitingProblemFromMatrix } from '../../../src/models/sitingProblemFromMatrix.js';
import { solveBackupCovering } from '../../../src/solvers/covering/solveBackupCovering.js';
import { subsets } from '../tinyProblems.js';

// Instances found by bench/fuzzSolvers.ts (seeded random tiny instances against brute force).
describe('solveBackupCovering', () => {
  it('keeps a fixed site that reaches no demand (it was padded out by free sites)', async () => {
    // Site 3 is fixed and reaches nothing within 20 min: the reduced model has no column for it,
    // and the answer was the MILP's sites 0 and 2 padded with the free site 1.
    const problem = sitingProblemFromMatrix([[10, 50, 10, 50]], { demandWeights: [1] });
    const result = await solveBackupCovering(problem, { standardMinutes: 20, siteCount: 3, fixedSites: [3] });
    expect(result.selectedSites).toEqual([0, 2, 3]);
    expect(result).toMatchObject({ status: 'optimal', objective: 1 });
  });

  it('proves the best backup cover when HiGHS mishandled the relaxed coverage columns (said 15 optimal where 19 is reached)', async () => {
    const minutes = [
      [13, 33, 54, 1, 48],
      [3, 9, 32, 32, 41],
      [47, 23, 58, 7, 36],
      [42, 17, 23, 24, 31],
      [25, 37, 13, 37, 46],
      [29, 11, 60, 26, 57],
      [16, 4, 8, 26, 7],
    ];
    const problem = sitingProblemFromMatrix(minutes, { demandWeights: [3, 5, 2, 4, 5, 4, 1] });
    // Brute force: the most backup cover among the 3-sets whose primary cover is the most.
    let primary = -1;
    let backup = -1;
    for (const set of subsets(5, 3)) {
      const e = evaluateBackupCovering(problem, set, { standardMinutes: 26 });
      if (e.primaryCovered > primary) [primary, backup] = [e.primaryCovered, e.objective];
      else if (e.primaryCovered === primary) backup = Math.max(backup, e.objective);
    }
    expect(backup).toBe(19);
    const result = await solveBackupCovering(problem, { standardMinutes: 26, siteCount: 3 });
    expect(result.objective).toBe(19);
    expect(result.status).toBe('optimal');
    expect(result.bound).toBeGreaterThanOrEqual(19);
  });

  it('proves 0 when no site reaches any demand (the reduced model is empty)', async () => {
    const problem = sitingProblemFromMatrix([[55, 36]], { demandWeights: [7.43] });
    const result = await solveBackupCovering(problem, { standardMinutes: 31, siteCount: 2 });
    expect(result).toMatchObject({ status: 'optimal', objective: 0, bound: 0, gap: 0, stoppedBy: 'proof', selectedSites: [0, 1] });
  });
});
