import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/random.js';
import { SITE_FIXED, SITE_FORBIDDEN, SITE_FREE } from '../../../src/solvers/kernel/resolveSiteRules.js';
import { WorkBudget } from '../../../src/solvers/kernel/workBudget.js';
import { searchMaxMinCover } from '../../../src/solvers/planning/searchMaxMinCover.js';
import { regionCoverScore, allowedSiteSets, lineRegionRows } from '../tinyProblems.js';

/** Random grouped rows: sites spread along a line, each row reached by the sites near it, regions in bands (some rows in none). */
const randomRows = (seed: number) => {
  const random = createRandom(seed);
  const siteCount = random.int(7, 12);
  const regionCount = random.int(2, 5);
  const rowCount = random.int(15, 40);
  const rows = lineRegionRows(
    random,
    siteCount,
    regionCount,
    rowCount,
    () => random.int(1, 20) / (random.float() < 0.2 ? 3 : 1),
    (at) => (random.float() < 0.1 ? -1 : Math.min(regionCount - 1, Math.floor((at / siteCount) * regionCount + (random.float() - 0.5)))),
  );
  const state = new Uint8Array(siteCount).fill(SITE_FREE);
  if (seed % 3 === 0) state[random.int(0, siteCount - 1)] = SITE_FIXED;
  if (seed % 4 === 0) state[random.int(0, siteCount - 1)] = SITE_FORBIDDEN;
  const p = Math.min(random.int(2, 5), siteCount - 1);
  return { rows, state, siteCount, p };
};

const unlimited = () => new WorkBudget({});

describe('searchMaxMinCover against brute force over every p-subset', () => {
  it('stage "maxMin": the best worst share, proven, from any start; stage "total" at that share: the most covered weight', () => {
    let instances = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const { rows, state, siteCount, p } = randomRows(seed);
      const sets = allowedSiteSets(state, p);
      if (sets.length === 0) continue;
      instances++;
      const scored = sets.map((set) => ({ set, ...regionCoverScore(rows, set) }));
      const bestLeast = Math.max(...scored.map((e) => e.least));
      // The worst start and the best one: the search must prove the optimum from both.
      const byLeast = [...scored].sort((a, b) => a.least - b.least);
      for (const start of [byLeast[0].set, byLeast[byLeast.length - 1].set]) {
        const found = searchMaxMinCover(rows, state, siteCount, p, start, 'maxMin', 0, unlimited());
        expect(found.complete).toBe(true);
        expect(found.sites).toHaveLength(p);
        expect(regionCoverScore(rows, found.sites).least).toBeCloseTo(bestLeast, 12);
        expect(found.bound).toBeCloseTo(bestLeast, 12);
      }
      const bestTotal = Math.max(...scored.filter((e) => e.least >= bestLeast * (1 - 1e-12)).map((e) => e.total));
      const second = searchMaxMinCover(rows, state, siteCount, p, byLeast[byLeast.length - 1].set, 'total', bestLeast, unlimited());
      expect(second.complete).toBe(true);
      expect(regionCoverScore(rows, second.sites).total).toBeCloseTo(bestTotal, 9);
      expect(regionCoverScore(rows, second.sites).least).toBeGreaterThanOrEqual(bestLeast * (1 - 1e-12));
    }
    expect(instances).toBeGreaterThan(100);
  });

  it('stage "total" at a lower floor, from no start: the most covered weight, or no sites when none reach the floor', () => {
    let none = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const { rows, state, siteCount, p } = randomRows(seed);
      const sets = allowedSiteSets(state, p);
      if (sets.length === 0) continue;
      const floor = [0.4, 0.6, 0.8, 0.95][seed % 4];
      const meeting = sets.map((set) => ({ set, ...regionCoverScore(rows, set) })).filter((e) => e.least >= floor * (1 - 1e-12));
      const found = searchMaxMinCover(rows, state, siteCount, p, [], 'total', floor, unlimited());
      expect(found.complete).toBe(true);
      if (meeting.length === 0) {
        none++;
        expect(found.sites).toEqual([]);
        continue;
      }
      expect(regionCoverScore(rows, found.sites).total).toBeCloseTo(Math.max(...meeting.map((e) => e.total)), 9);
    }
    expect(none).toBeGreaterThan(5);
  });

  it('stopped by its work budget or node limit: not complete, and its bound still above the optimum', () => {
    let cut = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const { rows, state, siteCount, p } = randomRows(seed);
      const sets = allowedSiteSets(state, p);
      if (sets.length === 0) continue;
      const scored = sets.map((set) => regionCoverScore(rows, set));
      const bestLeast = Math.max(...scored.map((e) => e.least));
      const start = sets[0];
      const found = searchMaxMinCover(rows, state, siteCount, p, start, 'maxMin', 0, new WorkBudget({ workLimit: 50 }));
      if (found.complete) continue;
      cut++;
      expect(found.bound).toBeGreaterThanOrEqual(bestLeast - 1e-12);
      expect(regionCoverScore(rows, found.sites).least).toBeGreaterThanOrEqual(regionCoverScore(rows, start).least);
      const capped = searchMaxMinCover(rows, state, siteCount, p, start, 'maxMin', 0, unlimited(), 2);
      if (!capped.complete) expect(capped.bound).toBeGreaterThanOrEqual(bestLeast - 1e-12);
      else expect(capped.bound).toBeCloseTo(bestLeast, 12);
    }
    expect(cut).toBeGreaterThan(10);
  });

  it('the same answer, nodes and work every time (no clock, no randomness)', () => {
    const { rows, state, siteCount, p } = randomRows(7);
    const runs = [0, 1].map(() => {
      const budget = unlimited();
      const found = searchMaxMinCover(rows, state, siteCount, p, [], 'total', 0.5, budget);
      return { ...found, work: budget.spent };
    });
    expect(runs[1]).toEqual(runs[0]);
  });
});
