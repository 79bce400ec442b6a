import { createRandom, type Random } from '../../src/random.js';
import type { SitingProblem } from '../../src/models/sitingProblem.js';
import type { RegionCoverRows } from '../../src/solvers/planning/searchMaxMinCover.js';
import { SITE_FIXED, SITE_FORBIDDEN, SITE_FREE } from '../../src/solvers/kernel/resolveSiteRules.js';

/** A seeded complete problem with integer minutes 1…60 and weights 0…3 (some zero). */
export function randomCompleteProblem(seed: number, demandCount: number, siteCount: number): SitingProblem {
  const random = createRandom(seed);
  const demandOffsets = new Uint32Array(demandCount + 1);
  const demandSites = new Uint32Array(demandCount * siteCount);
  const demandMinutes = new Float64Array(demandCount * siteCount);
  const demandWeights = new Float64Array(demandCount);
  for (let i = 0; i < demandCount; i++) {
    demandWeights[i] = random.int(0, 3);
    for (let j = 0; j < siteCount; j++) {
      demandSites[i * siteCount + j] = j;
      demandMinutes[i * siteCount + j] = random.int(1, 60);
    }
    demandOffsets[i + 1] = (i + 1) * siteCount;
  }
  return { demandCount, siteCount, demandWeights, demandOffsets, demandSites, demandMinutes, complete: true };
}

/** Every k-subset of 0…n-1, ascending. */
export function* subsets(n: number, k: number, start = 0, prefix: number[] = []): Generator<number[]> {
  if (prefix.length === k) {
    yield [...prefix];
    return;
  }
  for (let j = start; j <= n - (k - prefix.length); j++) {
    prefix.push(j);
    yield* subsets(n, k, j + 1, prefix);
    prefix.pop();
  }
}

/**
 * Demand points and sites uniform in a 100 × 100 box, minutes = distance: the geometry of the
 * brute-force instances. Returns the minutes matrix (demand rows) and the generator, so that
 * the caller draws its weights from the same seeded stream.
 */
export function boxMinutes(seed: number, demandCount: number, siteCount: number): { minutes: number[][]; random: ReturnType<typeof createRandom> } {
  const random = createRandom(seed);
  const point = () => [random.float() * 100, random.float() * 100];
  const sites = Array.from({ length: siteCount }, point);
  const minutes = Array.from({ length: demandCount }, () => {
    const [x, y] = point();
    return sites.map(([sx, sy]) => Math.hypot(x - sx, y - sy));
  });
  return { minutes, random };
}

/** Grouped rows for the max-min searches from plain lists: each row's sites, weight and region (−1: none). */
export function regionCoverRowsOf(lists: number[][], weights: number[], regions: number[], regionCount: number): RegionCoverRows {
  const offsets = new Uint32Array(lists.length + 1);
  lists.forEach((list, r) => (offsets[r + 1] = offsets[r] + list.length));
  const regionWeight = new Float64Array(regionCount);
  regions.forEach((g, r) => g >= 0 && (regionWeight[g] += weights[r]));
  return {
    rowCount: lists.length,
    rowWeights: Float64Array.from(weights),
    rowRegion: Int32Array.from(regions.map((g) => Math.max(-1, g))),
    offsets,
    rowSites: Uint32Array.from(lists.flat()),
    regionWeight,
  };
}

/** Worst region's share and total covered weight of a site set, row by row (the brute force of the fairness tests). */
export function regionCoverScore(rows: RegionCoverRows, chosen: readonly number[]): { least: number; total: number } {
  const open = new Set(chosen);
  const covered = new Float64Array(rows.regionWeight.length);
  let total = 0;
  for (let r = 0; r < rows.rowCount; r++) {
    let hit = false;
    for (let t = rows.offsets[r]; t < rows.offsets[r + 1]; t++) hit ||= open.has(rows.rowSites[t]);
    if (!hit) continue;
    total += rows.rowWeights[r];
    if (rows.rowRegion[r] >= 0) covered[rows.rowRegion[r]] += rows.rowWeights[r];
  }
  let least = 1;
  rows.regionWeight.forEach((w, g) => w > 0 && (least = Math.min(least, covered[g] / w)));
  return { least, total };
}

/** Every p-set of the sites of `state` that holds the fixed ones and none of the forbidden. */
export function allowedSiteSets(state: Uint8Array, p: number): number[][] {
  return [...subsets(state.length, p)].filter((set) => set.every((s) => state[s] !== SITE_FORBIDDEN) && [...state.keys()].every((s) => state[s] !== SITE_FIXED || set.includes(s)));
}

/**
 * Random grouped rows along a line of `siteCount` sites: each row sits at a random point, is
 * reached by the sites within a random reach of it, and takes its weight and region from the
 * caller's draws (`weightOf`, then `regionOf` with the row's position), in that order per row.
 */
export function lineRegionRows(
  random: Random,
  siteCount: number,
  regionCount: number,
  rowCount: number,
  weightOf: () => number,
  regionOf: (at: number) => number,
): RegionCoverRows {
  const lists: number[][] = [];
  const weights: number[] = [];
  const regions: number[] = [];
  for (let r = 0; r < rowCount; r++) {
    const at = random.float() * siteCount;
    const reach = random.float() * 3;
    const list: number[] = [];
    for (let s = 0; s < siteCount; s++) if (Math.abs(s + 0.5 - at) < reach) list.push(s);
    lists.push(list);
    weights.push(weightOf());
    regions.push(regionOf(at));
  }
  return regionCoverRowsOf(lists, weights, regions, regionCount);
}

/** How {@link randomRegionRows} draws its instance: counts as inclusive ranges, then each row's weight and region. */
export interface RandomRegionRowsOptions {
  siteCounts: readonly [number, number];
  regionCounts: readonly [number, number];
  rowCounts: readonly [number, number];
  /** A row's weight, drawn after its position and reach. */
  weightOf: (random: Random) => number;
  /** Chance that a row is in no region. */
  noRegionChance: number;
  /** Whether a row's band is shifted by a uniform draw in [−½, ½) of a band (one more draw per row in a region), so that bands overlap. */
  jitterRegions: boolean;
}

/** Defaults of {@link RandomRegionRowsOptions}: the brute-force fairness tests' instances (weights 1…20, a fifth of them thirds). */
export const randomRegionRowsDefaults: RandomRegionRowsOptions = {
  siteCounts: [7, 12],
  regionCounts: [2, 5],
  rowCounts: [15, 40],
  weightOf: (random) => random.int(1, 20) / (random.float() < 0.2 ? 3 : 1),
  noRegionChance: 0.1,
  jitterRegions: true,
};

/**
 * The one generator of the fairness tests' grouped rows: draws the site, region and row counts,
 * then {@link lineRegionRows} with regions in bands along the line. The draws come in that order
 * from `random`, so that a caller drawing more (fixed sites, p, a start) continues the same stream.
 */
export function randomRegionRows(random: Random, options: Partial<RandomRegionRowsOptions> = {}): { rows: RegionCoverRows; siteCount: number; regionCount: number } {
  const { siteCounts, regionCounts, rowCounts, weightOf, noRegionChance, jitterRegions } = { ...randomRegionRowsDefaults, ...options };
  const siteCount = random.int(siteCounts[0], siteCounts[1]);
  const regionCount = random.int(regionCounts[0], regionCounts[1]);
  const rowCount = random.int(rowCounts[0], rowCounts[1]);
  const rows = lineRegionRows(
    random,
    siteCount,
    regionCount,
    rowCount,
    () => weightOf(random),
    (at) => {
      if (random.float() < noRegionChance) return -1;
      const band = (at / siteCount) * regionCount;
      return Math.min(regionCount - 1, Math.floor(jitterRegions ? band + (random.float() - 0.5) : band));
    },
  );
  return { rows, siteCount, regionCount };
}

/** How {@link randomFairInstance} draws its instance: its rows' options, where its stream starts and the range of p. */
export interface RandomFairInstanceOptions extends RandomRegionRowsOptions {
  /** Added to the seed for the random stream; the fixed and forbidden sites still go by the seed itself. */
  streamOffset: number;
  /** Range of p, inclusive, before it is capped at one below the site count. */
  pCounts: readonly [number, number];
  /** Whether a forbidden site drawn on the fixed one replaces it (the site is then only forbidden) rather than leaving it fixed. */
  forbidOverFixed: boolean;
}

/** Defaults of {@link RandomFairInstanceOptions}. */
export const randomFairInstanceDefaults: RandomFairInstanceOptions = { ...randomRegionRowsDefaults, streamOffset: 0, pCounts: [2, 5], forbidOverFixed: false };

/**
 * A seeded max-min instance: {@link randomRegionRows}, then a fixed site when the seed is a
 * multiple of 3 and a forbidden one when it is a multiple of 4 (on the fixed one only with
 * `forbidOverFixed`), then p.
 */
export function randomFairInstance(seed: number, options: Partial<RandomFairInstanceOptions> = {}): { rows: RegionCoverRows; state: Uint8Array; siteCount: number; p: number } {
  const { streamOffset, pCounts, forbidOverFixed, ...rowOptions } = { ...randomFairInstanceDefaults, ...options };
  const random = createRandom(streamOffset + seed);
  const { rows, siteCount } = randomRegionRows(random, rowOptions);
  const state = new Uint8Array(siteCount).fill(SITE_FREE);
  if (seed % 3 === 0) state[random.int(0, siteCount - 1)] = SITE_FIXED;
  if (seed % 4 === 0) {
    const s = random.int(0, siteCount - 1);
    if (forbidOverFixed || state[s] === SITE_FREE) state[s] = SITE_FORBIDDEN;
  }
  const p = Math.min(random.int(pCounts[0], pCounts[1]), siteCount - 1);
  return { rows, state, siteCount, p };
}
