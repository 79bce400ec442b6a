import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/random.js';
import { WorkBudget } from '../../../src/solvers/kernel/workBudget.js';
import { groupDemandRows } from '../../../src/solvers/planning/groupDemandRows.js';
import { randomCompleteProblem } from '../tinyProblems.js';

describe('groupDemandRows', () => {
  it('groups demand exactly by (region, cover set per standard), rows in order of their first demand point', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const random = createRandom(1000 + seed);
      const problem = randomCompleteProblem(seed, 40, 3 + (seed % 4));
      // Coarse minutes so that many demand points share their sets.
      problem.demandMinutes.forEach((v, k) => (problem.demandMinutes[k] = 10 * Math.ceil(v / 20)));
      // Half the seeds list each point's sites out of order (a matrix instance may): the rows' sets are still ascending.
      if (seed % 4 < 2) {
        for (let i = 0; i < problem.demandCount; i++) {
          for (let k = problem.demandOffsets[i + 1] - 1; k > problem.demandOffsets[i]; k--) {
            const j = random.int(problem.demandOffsets[i], k);
            [problem.demandSites[k], problem.demandSites[j]] = [problem.demandSites[j], problem.demandSites[k]];
            [problem.demandMinutes[k], problem.demandMinutes[j]] = [problem.demandMinutes[j], problem.demandMinutes[k]];
          }
        }
      }
      const forbidden = new Uint8Array(problem.siteCount).map(() => (random.float() < 0.2 ? 1 : 0));
      const regions = seed % 2 === 0 ? Array.from({ length: problem.demandCount }, () => random.int(0, 2)) : undefined;
      const standards = seed % 3 === 0 ? [20] : [20, 40];
      const rows = groupDemandRows(problem, standards, forbidden, new WorkBudget({}), regions);
      // The reference: a key per demand point, rows numbered by first appearance.
      const keyOf = (i: number) =>
        `${regions ? regions[i] : -1}|` +
        standards
          .map((limit) => {
            const sites: number[] = [];
            for (let k = problem.demandOffsets[i]; k < problem.demandOffsets[i + 1]; k++) {
              if (problem.demandMinutes[k] <= limit && !forbidden[problem.demandSites[k]]) sites.push(problem.demandSites[k]);
            }
            return sites.sort((a, b) => a - b).join(',');
          })
          .join('|');
      const rowOfKey = new Map<string, number>();
      const weights: number[] = [];
      for (let i = 0; i < problem.demandCount; i++) {
        const key = keyOf(i);
        if (!rowOfKey.has(key)) {
          rowOfKey.set(key, weights.length);
          weights.push(0);
        }
        const r = rowOfKey.get(key)!;
        weights[r] += problem.demandWeights[i];
        expect(rows.rowOfDemand[i]).toBe(r);
      }
      expect(rows.rowCount).toBe(weights.length);
      expect(Array.from(rows.rowWeights)).toEqual(weights);
      for (const [key, r] of rowOfKey) {
        const [region, ...sets] = key.split('|');
        expect(rows.rowRegion[r]).toBe(Number(region));
        sets.forEach((set, s) => expect(Array.from(rows.sites[s].subarray(rows.offsets[s][r], rows.offsets[s][r + 1])).join(',')).toBe(set));
      }
    }
  });
});
