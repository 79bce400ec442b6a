import { describe, expect, it } from 'vitest';
import { SITE_FIXED, SITE_FORBIDDEN } from '../../../src/solvers/kernel/resolveSiteRules.js';
import { WorkBudget } from '../../../src/solvers/kernel/workBudget.js';
import { buildFairCoverModel } from '../../../src/solvers/planning/buildFairCoverModel.js';
import { fairCoverLpBranchAndBound } from '../../../src/solvers/planning/fairCoverLpBranchAndBound.js';
import type { RegionCoverRows } from '../../../src/solvers/planning/searchMaxMinCover.js';
import { regionCoverScore, allowedSiteSets, randomFairInstance } from '../tinyProblems.js';

/** Random grouped rows: sites along a line, each row reached by the sites near it, regions in bands (some rows in none); a fixed and a forbidden site now and then. */
const randomRows = (seed: number) => randomFairInstance(seed, { siteCounts: [7, 11] });

/** The tree as `solveFairCovering` runs it: on the compact model at the floor less its rounding allowance. */
const tree = (rows: RegionCoverRows, state: Uint8Array, siteCount: number, p: number, start: readonly number[], floor: number, work = new WorkBudget({}), nodeLimit?: number) =>
  fairCoverLpBranchAndBound(buildFairCoverModel(rows, state, siteCount, p, 'total', floor * (1 - 1e-12)).model, rows, siteCount, p, start, floor, work, { nodeLimit });

describe('fairCoverLpBranchAndBound against brute force over every p-subset', () => {
  it('the most covered weight with every region at the floor, proven, from floors of 0 to out of reach, fixed and forbidden sites, with or without a start', async () => {
    let instances = 0;
    let infeasible = 0;
    let branched = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const { rows, state, siteCount, p } = randomRows(seed);
      const sets = allowedSiteSets(state, p);
      if (sets.length === 0) continue;
      const scores = sets.map((set) => regionCoverScore(rows, set));
      const bestLeast = Math.max(...scores.map((s) => s.least));
      for (const floor of [0, bestLeast * 0.6, bestLeast * 0.9, bestLeast, Math.min(1, bestLeast + 0.02)]) {
        const meeting = scores.filter((s) => s.least >= floor * (1 - 1e-12));
        const best = meeting.length > 0 ? Math.max(...meeting.map((s) => s.total)) : -1;
        // A start meeting the floor (the worst of them), and none.
        const worstMeeting = sets.filter((_set, k) => scores[k].least >= floor * (1 - 1e-12)).sort((a, b) => regionCoverScore(rows, a).total - regionCoverScore(rows, b).total)[0];
        for (const start of [[], worstMeeting ?? []]) {
          const where = `seed ${seed}, p ${p}, floor ${floor}, start ${start.join(',')}`;
          const found = await tree(rows, state, siteCount, p, start, floor);
          expect(found.complete, where).toBe(true);
          if (found.nodes > 1) branched++;
          if (best < 0) {
            expect(found.sites, where).toEqual([]);
            expect(found.bound, where).toBe(0);
            infeasible++;
            continue;
          }
          expect(found.sites.length, where).toBe(p);
          const got = regionCoverScore(rows, found.sites);
          expect(got.total, where).toBeCloseTo(best, 9);
          expect(found.bound, where).toBeCloseTo(best, 9);
          expect(got.least, where).toBeGreaterThanOrEqual(floor * (1 - 1e-12));
          state.forEach((v, s) => {
            if (v === SITE_FIXED) expect(found.sites, where).toContain(s);
            if (v === SITE_FORBIDDEN) expect(found.sites, where).not.toContain(s);
          });
          instances++;
        }
      }
    }
    expect(instances).toBeGreaterThan(300);
    expect(infeasible).toBeGreaterThan(10);
    expect(branched).toBeGreaterThan(20);
  });

  it('stopped short (one node, or little work): not complete, its sites (if any) meet the floor, and its bound is at or above the optimum', async () => {
    let stopped = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { rows, state, siteCount, p } = randomRows(seed);
      const sets = allowedSiteSets(state, p);
      if (sets.length === 0) continue;
      const scores = sets.map((set) => regionCoverScore(rows, set));
      const floor = Math.max(...scores.map((s) => s.least)) * 0.8;
      const best = Math.max(...scores.filter((s) => s.least >= floor).map((s) => s.total));
      const start = sets.find((_set, k) => scores[k].least >= floor)!;
      for (const [work, nodeLimit] of [
        [new WorkBudget({}), 1],
        [new WorkBudget({ workLimit: 300 }), undefined],
      ] as const) {
        const found = await tree(rows, state, siteCount, p, start, floor, work, nodeLimit);
        if (found.complete) continue;
        stopped++;
        expect(found.bound, `seed ${seed}`).toBeGreaterThanOrEqual(best - 1e-9);
        expect(found.sites.length).toBe(p);
        expect(regionCoverScore(rows, found.sites).least).toBeGreaterThanOrEqual(floor * (1 - 1e-12));
        expect(regionCoverScore(rows, found.sites).total).toBeGreaterThanOrEqual(regionCoverScore(rows, start).total - 1e-9);
      }
    }
    expect(stopped).toBeGreaterThan(10);
  });
});
