import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readOrlibPmed } from '../orlibPmed.js';
import { solveSetCovering } from '../../../src/solvers/covering/solveSetCovering.js';
import { evaluateSetCovering } from '../../../src/models/setCovering.js';

// Found by the p-center work: on pmed3 at radius 93, restricted to these 43 demand rows, the set
// covering solver once claimed 11 sites "optimal" (bound 11) while 10 sites cover them — which
// made p-center report 94 for pmed3, whose published optimum is 93.
const rows = [0, 74, 86, 85, 87, 89, 16, 48, 17, 21, 28, 92, 51, 41, 27, 59, 29, 91, 49, 50, 66, 70, 52, 99, 63, 69, 96, 71, 45, 18, 37, 82, 94, 88, 60, 65, 1, 22, 55, 15, 54, 2, 64];

describe('solveSetCovering regression (pmed3, radius 93, 43 rows)', () => {
  it('never proves a cover larger than one that exists', async () => {
    const { problem } = readOrlibPmed(fileURLToPath(new URL('../../fixtures/orlib-pmed/pmed3.txt', import.meta.url)));
    const weights = new Float64Array(problem.demandCount);
    for (const row of rows) weights[row] = 1;
    const sub = { ...problem, demandWeights: weights };
    const ones = new Float64Array(problem.siteCount).fill(1);
    const result = await solveSetCovering(sub, { standardMinutes: 93, siteCosts: ones, timeLimitSeconds: 60 });
    expect(evaluateSetCovering(sub, result.selectedSites, { standardMinutes: 93 }).feasible).toBe(true);
    // 10 sites cover these rows (the p-center optimum of pmed3 with p = 10 is 93).
    expect(result.objective).toBeLessThanOrEqual(10);
    expect(result.bound).toBeLessThanOrEqual(10);
  });
});
