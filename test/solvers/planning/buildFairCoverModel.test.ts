import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/random.js';
import { SITE_FIXED, SITE_FORBIDDEN, SITE_FREE } from '../../../src/solvers/kernel/resolveSiteRules.js';
import { solveMilp, type MilpModel } from '../../../src/solvers/milp/solveMilp.js';
import { buildFairCoverModel, closeDominatedFairSites } from '../../../src/solvers/planning/buildFairCoverModel.js';
import type { RegionCoverRows } from '../../../src/solvers/planning/searchMaxMinCover.js';
import { regionCoverScore, allowedSiteSets } from '../tinyProblems.js';

/**
 * Random grouped rows with what the reductions act on: sites along a line (nested cover sets:
 * dominated sites), a twin site, rows of equal sets in other regions, rows of one site, a fixed
 * and a forbidden site now and then.
 */
const randomRows = (seed: number) => {
  const random = createRandom(seed);
  const siteCount = random.int(6, 9);
  const regionCount = random.int(2, 4);
  const rowCount = random.int(12, 30);
  const twin = random.int(0, siteCount - 2);
  const lists: number[][] = [];
  const weights: number[] = [];
  const regions: number[] = [];
  for (let r = 0; r < rowCount; r++) {
    const at = random.float() * siteCount;
    const reach = random.float() * 2.5;
    const list: number[] = [];
    for (let s = 0; s < siteCount; s++) if (Math.abs(s + 0.5 - at) < reach || (s === twin + 1 && list.includes(twin))) list.push(s);
    const weight = random.int(1, 20) / (random.float() < 0.2 ? 3 : 1);
    const region = random.float() < 0.1 ? -1 : random.int(0, regionCount - 1);
    lists.push(list);
    weights.push(weight);
    regions.push(region);
    // The same cover set in another region (merged into one column).
    if (random.float() < 0.3) {
      lists.push([...list]);
      weights.push(random.int(1, 9));
      regions.push((region + 1) % regionCount);
    }
  }
  // The twin's rows are exactly its neighbour's: make the twin's list follow.
  for (const list of lists) if (list.includes(twin + 1) !== list.includes(twin)) list.push(list.includes(twin) ? twin + 1 : twin);
  for (const list of lists) list.sort((a, b) => a - b);
  const offsets = new Uint32Array(lists.length + 1);
  lists.forEach((list, r) => (offsets[r + 1] = offsets[r] + list.length));
  const regionWeight = new Float64Array(regionCount);
  regions.forEach((g, r) => g >= 0 && (regionWeight[g] += weights[r]));
  const rows: RegionCoverRows = {
    rowCount: lists.length,
    rowWeights: Float64Array.from(weights),
    rowRegion: Int32Array.from(regions),
    offsets,
    rowSites: Uint32Array.from(lists.flat()),
    regionWeight,
  };
  const state = new Uint8Array(siteCount).fill(SITE_FREE);
  if (seed % 3 === 0) state[random.int(0, siteCount - 1)] = SITE_FIXED;
  if (seed % 4 === 0) {
    const s = random.int(0, siteCount - 1);
    if (state[s] === SITE_FREE) state[s] = SITE_FORBIDDEN;
  }
  return { rows, state, siteCount };
};

/** Whether x meets every row and column bound of the model (to 1e-9). */
const feasible = (model: MilpModel, x: Float64Array) => {
  for (let j = 0; j < x.length; j++) if (x[j] < model.columnLower[j] - 1e-9 || x[j] > model.columnUpper[j] + 1e-9) return false;
  for (let r = 0; r < model.rowLower.length; r++) {
    let activity = 0;
    for (let k = model.rowOffsets[r]; k < model.rowOffsets[r + 1]; k++) activity += model.rowValues[k] * x[model.rowColumns[k]];
    if (activity < model.rowLower[r] - 1e-9 || activity > model.rowUpper[r] + 1e-9) return false;
  }
  return true;
};

const valueOf = (model: MilpModel, x: Float64Array) => x.reduce((sum, v, j) => sum + v * model.columnCosts[j], model.offset ?? 0);

describe('buildFairCoverModel (reduced fairness MILP) against brute force over every p-set', () => {
  it('stage "total" and stage "maxMin": the optimum of every p-set, an answer that reaches it, and starts that stay feasible', async () => {
    let dropped = 0;
    let guarded = 0;
    let checked = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const { rows, state, siteCount } = randomRows(seed);
      const fixed = [...state.keys()].filter((s) => state[s] === SITE_FIXED).length;
      const allowed = [...state.keys()].filter((s) => state[s] !== SITE_FORBIDDEN).length;
      // Small p, and p close to every allowed site (too few undominated sites to drop any).
      for (const p of [Math.max(fixed, 2), Math.max(fixed, allowed - 1)]) {
        const sets = allowedSiteSets(state, p);
        if (sets.length === 0) continue;
        const scores = sets.map((set) => regionCoverScore(rows, set));
        const bestLeast = Math.max(...scores.map((s) => s.least));
        const maxMin = buildFairCoverModel(rows, state, siteCount, p, 'maxMin', 0);
        dropped += maxMin.droppedSites.length;
        const undominated = [...state.keys()].filter((s) => state[s] === SITE_FREE && !maxMin.droppedSites.includes(s)).length;
        if (fixed + undominated === p) guarded++;
        const first = await solveMilp(maxMin.model, { presolve: false });
        expect(first.status, `seed ${seed} p ${p}`).toBe('optimal');
        expect(first.objective).toBeCloseTo(bestLeast, 9);
        const firstSites = [...Array(siteCount).keys()].filter((s) => Math.round(first.columnValues![s]) === 1);
        expect(firstSites.length).toBe(p);
        expect(regionCoverScore(rows, firstSites).least).toBeCloseTo(bestLeast, 9);
        for (const floor of [0, bestLeast * 0.7, bestLeast * (1 - 1e-12)]) {
          const best = Math.max(...scores.filter((s) => s.least >= floor).map((s) => s.total));
          const total = buildFairCoverModel(rows, state, siteCount, p, 'total', floor);
          const milp = await solveMilp(total.model, { presolve: false });
          expect(milp.status, `seed ${seed} p ${p} floor ${floor}`).toBe('optimal');
          expect(milp.objective).toBeCloseTo(best, 9);
          const chosen = [...Array(siteCount).keys()].filter((s) => Math.round(milp.columnValues![s]) === 1);
          expect(regionCoverScore(rows, chosen).total).toBeCloseTo(best, 9);
          expect(regionCoverScore(rows, chosen).least).toBeGreaterThanOrEqual(floor - 1e-9);
          // Every p-set meeting the floor, dropped sites and all, is a feasible start at least as good.
          sets.forEach((set, k) => {
            if (scores[k].least < floor) return;
            const start = total.startOf(set);
            expect(feasible(total.model, start), `seed ${seed} set ${set.join(',')}`).toBe(true);
            expect(valueOf(total.model, start)).toBeGreaterThanOrEqual(scores[k].total - 1e-9);
            const startMaxMin = maxMin.startOf(set);
            expect(feasible(maxMin.model, startMaxMin)).toBe(true);
            expect(valueOf(maxMin.model, startMaxMin)).toBeGreaterThanOrEqual(scores[k].least - 1e-12);
            checked++;
          });
        }
      }
    }
    // The cases hold dropped sites, the guard that keeps them when too few are left, and starts.
    expect(dropped).toBeGreaterThan(10);
    expect(guarded).toBeGreaterThan(0);
    expect(checked).toBeGreaterThan(100);
  });

  it('closeDominatedFairSites: the sets left to search hold an optimum of both stages (every p-set compared)', () => {
    let closedCount = 0;
    let guarded = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const { rows, state, siteCount } = randomRows(seed);
      const fixed = [...state.keys()].filter((s) => state[s] === SITE_FIXED).length;
      const allowed = [...state.keys()].filter((s) => state[s] !== SITE_FORBIDDEN).length;
      for (const p of [Math.max(fixed, 1), Math.max(fixed, 3), Math.max(fixed, allowed - 1), allowed]) {
        const all = allowedSiteSets(state, p).map((set) => regionCoverScore(rows, set));
        if (all.length === 0) continue;
        const closed = closeDominatedFairSites(rows, state, siteCount, p);
        const newlyClosed = [...closed.keys()].filter((s) => closed[s] !== state[s]);
        expect(newlyClosed.every((s) => state[s] === SITE_FREE && closed[s] === SITE_FORBIDDEN)).toBe(true);
        closedCount += newlyClosed.length;
        const left = allowedSiteSets(closed, p).map((set) => regionCoverScore(rows, set));
        if (newlyClosed.length === 0 && [...state.keys()].some((s) => state[s] === SITE_FREE)) guarded++;
        const bestLeast = (scores: typeof all) => Math.max(...scores.map((s) => s.least));
        expect(bestLeast(left), `seed ${seed} p ${p}`).toBeCloseTo(bestLeast(all), 12);
        for (const floor of [0, bestLeast(all) * 0.8, bestLeast(all)]) {
          const bestTotal = (scores: typeof all) => Math.max(...scores.filter((s) => s.least >= floor).map((s) => s.total));
          expect(bestTotal(left), `seed ${seed} p ${p} floor ${floor}`).toBeCloseTo(bestTotal(all), 9);
        }
      }
    }
    expect(closedCount).toBeGreaterThan(20);
    expect(guarded).toBeGreaterThan(0);
  });

  it('folds what the fixed sites cover into constants and merges equal cover sets across regions', () => {
    // Rows: {0} region 0, {0, 1} region 0, {0, 1} region 1, {1, 2} region 1, {2} region 1, {3} no region; site 3 fixed.
    const rows: RegionCoverRows = {
      rowCount: 6,
      rowWeights: Float64Array.of(1, 2, 3, 4, 5, 6),
      rowRegion: Int32Array.of(0, 0, 1, 1, 1, -1),
      offsets: Uint32Array.of(0, 1, 3, 5, 7, 8, 9),
      rowSites: Uint32Array.of(0, 0, 1, 0, 1, 1, 2, 2, 3),
      regionWeight: Float64Array.of(3, 12),
    };
    const state = Uint8Array.of(SITE_FREE, SITE_FREE, SITE_FREE, SITE_FIXED);
    const { model, droppedSites } = buildFairCoverModel(rows, state, 4, 2, 'total', 0.5);
    expect(droppedSites).toEqual([]);
    // Columns: 4 sites, one merged {0, 1} row ({1, 2} too); rows: 2 cover rows, 2 regions, the count.
    expect(model.columnCosts.length).toBe(6);
    expect(model.rowLower.length).toBe(5);
    expect(model.offset).toBe(6);
    // Site 0 alone covers row 0 (weight 1), site 2 alone row 4 (weight 5).
    expect(Array.from(model.columnCosts)).toEqual([1, 0, 5, 0, 5, 4]);
  });
});
