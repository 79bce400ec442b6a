import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/random.js';
import { SITE_FIXED, SITE_FORBIDDEN, SITE_FREE } from '../../../src/solvers/kernel/resolveSiteRules.js';
import { WorkBudget } from '../../../src/solvers/kernel/workBudget.js';
import { maxMinSwaps } from '../../../src/solvers/planning/solveFairCovering.js';
import type { RegionCoverRows } from '../../../src/solvers/planning/searchMaxMinCover.js';
import { randomRegionRows } from '../tinyProblems.js';

/** Random grouped rows (sites along a line, regions in bands, some rows in none or reached by no site). */
const randomRows = (seed: number) => {
  const random = createRandom(seed);
  // Thirds and equal weights: ties of the worst share and of the total are common.
  const { rows, siteCount } = randomRegionRows(random, {
    siteCounts: [5, 12],
    regionCounts: [1, 4],
    rowCounts: [10, 40],
    weightOf: () => random.int(1, 6) / (random.float() < 0.3 ? 3 : 1),
    noRegionChance: 0.15,
    jitterRegions: false,
  });
  const state = new Uint8Array(siteCount).fill(SITE_FREE);
  const p = random.int(1, Math.min(5, siteCount - 2));
  const start: number[] = [];
  for (let s = 0; s < siteCount && start.length < p; s++) if (random.float() < 0.5) start.push(s);
  for (let s = 0; start.length < p; s++) if (!start.includes(s)) start.push(s);
  start.sort((a, b) => a - b);
  if (seed % 3 === 0) state[start[0]] = SITE_FIXED;
  if (seed % 2 === 0) for (let s = 0; s < siteCount; s++) if (!start.includes(s) && random.float() < 0.3) state[s] = SITE_FORBIDDEN;
  return { rows, state, siteCount, start };
};

/** The swaps as first written: every swap scored by a whole pass over the rows (coverByRegion's sums, row order). */
const referenceSwaps = (start: readonly number[], state: Uint8Array, siteCount: number, rows: RegionCoverRows): number[] => {
  const open = new Uint8Array(siteCount);
  for (const s of start) open[s] = 1;
  const score = (): [number, number] => {
    const covered = new Float64Array(rows.regionWeight.length);
    let total = 0;
    for (let r = 0; r < rows.rowCount; r++) {
      for (let t = rows.offsets[r]; t < rows.offsets[r + 1]; t++) {
        if (open[rows.rowSites[t]] === 1) {
          total += rows.rowWeights[r];
          if (rows.rowRegion[r] >= 0) covered[rows.rowRegion[r]] += rows.rowWeights[r];
          break;
        }
      }
    }
    let least = 1;
    for (let g = 0; g < covered.length; g++) if (rows.regionWeight[g] > 0) least = Math.min(least, covered[g] / rows.regionWeight[g]);
    return [least, total];
  };
  let [bestLeast, bestTotal] = score();
  let improved = true;
  while (improved) {
    improved = false;
    for (let out = 0; out < siteCount && !improved; out++) {
      if (open[out] === 0 || state[out] === SITE_FIXED) continue;
      for (let into = 0; into < siteCount; into++) {
        if (open[into] === 1 || state[into] === SITE_FORBIDDEN) continue;
        open[out] = 0;
        open[into] = 1;
        const [least, total] = score();
        if (least > bestLeast || (least === bestLeast && total > bestTotal)) {
          [bestLeast, bestTotal] = [least, total];
          improved = true;
          break;
        }
        open[into] = 0;
        open[out] = 1;
      }
    }
  }
  return [...open.keys()].filter((s) => open[s] === 1);
};

describe('maxMinSwaps', () => {
  it('ends at the same local optimum as whole-pass scoring, swap for swap (fixed and forbidden sites, ties, rows of no region)', () => {
    let moved = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const { rows, state, siteCount, start } = randomRows(seed);
      const swapped = maxMinSwaps(start, state, siteCount, rows, new WorkBudget());
      expect(swapped, `seed ${seed}`).toEqual(referenceSwaps(start, state, siteCount, rows));
      expect(swapped.length).toBe(start.length);
      for (const s of start) if (state[s] === SITE_FIXED) expect(swapped).toContain(s);
      for (const s of swapped) expect(state[s]).not.toBe(SITE_FORBIDDEN);
      if (swapped.join() !== start.join()) moved++;
    }
    // The cases exercise swaps, not only starts that are local optima already.
    expect(moved).toBeGreaterThan(100);
  });

  it('takes the same swaps as whole-pass scoring on larger instances too, where most swaps are screened out unscored (near-ties of share and total)', () => {
    let moved = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const random = createRandom(5000 + seed);
      // Equal weights (seeds ≡ 0 mod 3): many swaps tie the best share and the best total exactly.
      const { rows, siteCount } = randomRegionRows(random, {
        siteCounts: [15, 40],
        regionCounts: [2, 9],
        rowCounts: [60, 300],
        weightOf: () => (seed % 3 === 0 ? 1 : seed % 3 === 1 ? random.int(1, 6) / 3 : random.float() * 40),
        jitterRegions: false,
      });
      const state = new Uint8Array(siteCount).fill(SITE_FREE);
      const p = random.int(2, 9);
      const start: number[] = [];
      for (let s = 0; start.length < p; s = (s + random.int(1, 4)) % siteCount) if (!start.includes(s)) start.push(s);
      start.sort((a, b) => a - b);
      if (seed % 4 === 0) state[start[0]] = SITE_FIXED;
      if (seed % 5 === 0) for (let s = 0; s < siteCount; s++) if (!start.includes(s) && random.float() < 0.2) state[s] = SITE_FORBIDDEN;
      const swapped = maxMinSwaps(start, state, siteCount, rows, new WorkBudget());
      expect(swapped, `seed ${seed}`).toEqual(referenceSwaps(start, state, siteCount, rows));
      if (swapped.join() !== start.join()) moved++;
    }
    expect(moved).toBeGreaterThan(30);
  });

  it('stops where the work runs out with p sites, the fixed ones kept', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { rows, state, siteCount, start } = randomRows(seed);
      for (const limit of [0, 50, 400]) {
        const swapped = maxMinSwaps(start, state, siteCount, rows, new WorkBudget({ workLimit: limit }));
        expect(swapped.length).toBe(start.length);
        for (const s of start) if (state[s] === SITE_FIXED) expect(swapped).toContain(s);
      }
    }
  });
});
