import { transpose } from '../covering/reduceCovering.js';
import type { WorkBudget } from '../kernel/workBudget.js';
import { SITE_FIXED, SITE_FORBIDDEN } from '../kernel/resolveSiteRules.js';

/** Grouped cover rows of a fairness problem (see `groupDemandRows`), one standard. */
export interface RegionCoverRows {
  rowCount: number;
  rowWeights: Float64Array;
  /** Region of each row, −1 when none (such rows count only towards the total). */
  rowRegion: Int32Array;
  /** The sites of row r are `rowSites[offsets[r] … offsets[r + 1] − 1]`. */
  offsets: Uint32Array;
  rowSites: Uint32Array;
  /** Total weight of each region (regions of weight 0 are ignored). */
  regionWeight: Float64Array;
}

/** What {@link searchMaxMinCover} proved or found. */
export interface MaxMinCoverSearch {
  /** The sites found (ascending): p of them, the fixed ones included. */
  sites: number[];
  /** Whether the search ran to its end (the answer is then proven within the relative tolerance). */
  complete: boolean;
  /**
   * An upper bound on the quantity searched: the worst region's share (stage "maxMin") or the
   * covered weight (stage "total"); the answer's own value when complete.
   */
  bound: number;
  /** Nodes of the search tree visited. */
  nodes: number;
}

/**
 * Covered weight of each region (into `covered`) and in all (returned), for the site set whose
 * `open` flag is 1: a row counts once, by its first open site.
 *
 * @example
 * const covered = new Float64Array(rows.regionWeight.length);
 * const total = coverByRegion(rows, open, covered);
 */
export function coverByRegion(rows: RegionCoverRows, open: Uint8Array, covered: Float64Array): number {
  const { rowCount, offsets, rowSites, rowWeights, rowRegion } = rows;
  covered.fill(0);
  let total = 0;
  for (let r = 0; r < rowCount; r++) {
    for (let t = offsets[r]; t < offsets[r + 1]; t++) {
      if (open[rowSites[t]] === 1) {
        total += rowWeights[r];
        if (rowRegion[r] >= 0) covered[rowRegion[r]] += rowWeights[r];
        break;
      }
    }
  }
  return total;
}

/**
 * The worst region's covered share (1 when no region has weight).
 *
 * @example
 * leastRegionShare(Float64Array.of(10, 20), Float64Array.of(5, 20)); // -> 0.5
 */
export function leastRegionShare(regionWeight: Float64Array, covered: Float64Array): number {
  let least = 1;
  for (let g = 0; g < regionWeight.length; g++) if (regionWeight[g] > 0) least = Math.min(least, covered[g] / regionWeight[g]);
  return least;
}

/** How much better than the incumbent a share must be to count as better (relative). */
const SHARE_TOLERANCE = 1e-9;

/** How far below the floor a share may be and still count as at it (relative; rounding only). */
const FLOOR_TOLERANCE = 1e-12;

/** Rounds of multiplicative weights per node, and the first step (then step / √round). */
const MW_ROUNDS = 30;
const MW_STEP = 0.7;

/** Nodes of the probe at the root bound (stage "maxMin"). */
const PROBE_NODES = 2_000;

/**
 * An exact branch and bound for the max-min fairness model (`fairCovering`, objective "maxMin")
 * and for its second stage (the most covered weight with every region at a share floor), built
 * on what the compact MILP's LP relaxation misses: a region below its target can only rise
 * through a site that covers one of its uncovered rows, and by at most the sum of the k largest
 * such gains with k sites left to open.
 *
 * Branching is on the region that needs the most sites (then the one with the fewest sites that
 * can help it, then the lowest index): child i opens the i-th helping site (largest gain first,
 * ties by lowest index) and closes the ones before it, so every site set is met at most once.
 * A node is cut when some region cannot reach its target with the sites left: the k largest
 * gains, capped at the weight any allowed site still reaches, fall short; or no weighting of the
 * short regions' needs (each site's gain capped at the deficit, normalised; searched by
 * multiplicative weights and checked exactly) lets k sites meet them together. In stage "total"
 * a node is also cut when the covered weight plus the same capped bound cannot beat the
 * incumbent. Stage "maxMin" starts with a short probe aimed at the root bound, which proves at
 * once an optimum capped by a region's unreachable demand. Whenever every region meets its target, the node's sites completed greedily
 * become the incumbent and the target rises (stage "maxMin"). Deterministic: fixed orders,
 * ties by lowest index; one work unit per row entry scanned.
 *
 * Stage "maxMin" proves the worst share within a relative 1e-9: no p sites raise it by more.
 * Stage "total" takes `floorShare` and proves the most covered weight with every region at or
 * above it, starting from `start` when it meets the floor (else from none: a complete search
 * with no sites found proves no p sites meet it). `nodeLimit` and the work budget stop the search
 * early (`complete` false, with the root bound); so does, with `stopAtFeasible` (stage "total"),
 * the first site set found that meets the floor when the start did not (a feasibility probe:
 * complete with no sites is then a proof that no p sites meet it).
 *
 * @example
 * const found = searchMaxMinCover(rows, state, 12, start, 'maxMin', 0, budget);
 * if (found.complete) found.sites; // a max-min optimum
 */
export function searchMaxMinCover(
  rows: RegionCoverRows,
  state: Uint8Array,
  siteCount: number,
  p: number,
  start: readonly number[],
  stage: 'maxMin' | 'total',
  floorShare: number,
  work: WorkBudget,
  nodeLimit = Infinity,
  stopAtFeasible = false,
): MaxMinCoverSearch {
  const search = new MaxMinSearch(rows, state, siteCount, p, start, stage, floorShare, work, stopAtFeasible);
  search.nodeCap = nodeLimit;
  const { rowCount, rowWeights, rowRegion, offsets, rowSites, regionWeight } = rows;
  const { regionCount, banned, coverCount, need } = search;

  // Root bound (kept when the search stops early): each region's top-p bound, capped at what
  // every allowed site reaches, the least of them; in stage "total", the same for the total.
  const rootFlags = search.open.slice();
  const rootCovered = new Float64Array(regionCount);
  const rootTotal = coverByRegion(rows, rootFlags, rootCovered);
  let rootBound: number;
  {
    const left = p - search.opened;
    const column = new Float64Array(siteCount);
    const add = (r: number) => {
      let reachable = false;
      for (let t = offsets[r]; t < offsets[r + 1]; t++) {
        if (banned[rowSites[t]] === 1) continue;
        column[rowSites[t]] += rowWeights[r];
        reachable = true;
      }
      return reachable ? rowWeights[r] : 0;
    };
    if (stage === 'maxMin') {
      rootBound = 1;
      for (let g = 0; g < regionCount; g++) {
        if (regionWeight[g] <= 0) continue;
        column.fill(0);
        let reachable = 0;
        for (let r = 0; r < rowCount; r++) if (rowRegion[r] === g && coverCount[r] === 0) reachable += add(r);
        rootBound = Math.min(rootBound, (rootCovered[g] + Math.min(reachable, topSum(column, siteCount, left))) / regionWeight[g]);
      }
    } else {
      let reachable = 0;
      for (let r = 0; r < rowCount; r++) if (coverCount[r] === 0) reachable += add(r);
      rootBound = rootTotal + Math.min(reachable, topSum(column, siteCount, left));
    }
  }
  // Stage "maxMin": first a short probe aimed at the root bound itself. Often a region's
  // unreachable demand caps it (every region cannot pass what its sites reach), and a set that
  // meets the cap is proven at once; the tight targets keep the probe small either way.
  if (stage === 'maxMin' && rootBound > search.bestShare * (1 + SHARE_TOLERANCE)) {
    for (let g = 0; g < regionCount; g++) if (regionWeight[g] > 0) need[g] = regionWeight[g] * rootBound * (1 - SHARE_TOLERANCE);
    search.nodeCap = Math.min(nodeLimit, PROBE_NODES);
    search.visit(0);
    search.nodeCap = nodeLimit;
    if (search.bestShare >= rootBound * (1 - SHARE_TOLERANCE)) return { sites: search.best, complete: true, bound: rootBound, nodes: search.nodes };
    if (search.nodes > nodeLimit || !work.canContinue()) return { sites: search.best, complete: false, bound: Math.max(search.bestShare, rootBound), nodes: search.nodes };
    search.stopped = false;
    search.setTargets();
  }
  search.visit(0);
  const value = stage === 'maxMin' ? search.bestShare : search.bestTotal;
  return { sites: search.best, complete: !search.stopped, bound: search.stopped ? Math.max(value, rootBound) : value, nodes: search.nodes };
}

/** Sum of the k largest of `values[0 … n − 1]` (partial selection, values ≥ 0). */
function topSum(values: Float64Array, n: number, k: number): number {
  if (k >= n) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[i];
    return sum;
  }
  const top = values.subarray(0, n).sort();
  let sum = 0;
  for (let i = n - 1; i >= n - k; i--) sum += top[i];
  return sum;
}

/**
 * The state and the recursive steps of one {@link searchMaxMinCover}. A class, not closures of
 * each call: the steps are then the same functions in every search, so the code V8 optimised
 * for one search serves the next (closures made anew each call were each a new call target, and
 * a worker's second search threw away the first's optimised code).
 */
class MaxMinSearch {
  readonly rows: RegionCoverRows;
  readonly siteCount: number;
  readonly regionCount: number;
  readonly p: number;
  readonly stage: 'maxMin' | 'total';
  readonly floorShare: number;
  readonly work: WorkBudget;
  readonly stopAtFeasible: boolean;
  /** Site → rows, for opening and closing a site. */
  readonly siteOffsets: Uint32Array;
  readonly siteRows: Uint32Array;
  readonly open: Uint8Array;
  readonly banned: Uint8Array;
  readonly coverCount: Int32Array;
  opened = 0;
  readonly entries: number;
  /** The incumbent. */
  best: number[];
  bestTotal: number;
  bestShare: number;
  /** Targets per region: stage "maxMin" needs a share above the incumbent's; stage "total" the floor. */
  readonly need: Float64Array;
  readonly gains: Float64Array;
  readonly totalGains: Float64Array;
  readonly covered: Float64Array;
  /** Weight of the uncovered rows some allowed site still reaches: no sites can add more (the k largest gains overcount overlaps). */
  readonly reach: Float64Array;
  nodes = 0;
  nodeCap = Infinity;
  stopped = false;
  /** Top-k sums reuse one buffer per depth (the recursion is at most p deep). */
  readonly columns: Float64Array[];
  /** Each depth's branching sites and their gains. */
  readonly candidateSites: Int32Array[];
  readonly candidateValues: Float64Array[];
  readonly mu: Float64Array;
  readonly shortRegions: Int32Array;
  /**
   * The capped needs, sparse: site i's nonzero ones are (cappedRegion[e], capped[e]) for e from
   * cappedStart[i] to cappedStart[i + 1] − 1, short regions ascending. A zero term adds +0 to a
   * sum of non-negative terms, which leaves it as it is: the sums are those of the dense table.
   */
  readonly cappedStart: Int32Array;
  readonly cappedRegion: Int32Array;
  readonly capped: Float64Array;
  readonly reachedBy: Float64Array;
  readonly score: Float64Array;
  readonly top: Int32Array;
  readonly nodeSums = new Float64Array(2);

  constructor(rows: RegionCoverRows, state: Uint8Array, siteCount: number, p: number, start: readonly number[], stage: 'maxMin' | 'total', floorShare: number, work: WorkBudget, stopAtFeasible: boolean) {
    this.rows = rows;
    this.siteCount = siteCount;
    const regionCount = rows.regionWeight.length;
    this.regionCount = regionCount;
    this.p = p;
    this.stage = stage;
    this.floorShare = floorShare;
    this.work = work;
    this.stopAtFeasible = stopAtFeasible;
    const { offsets: siteOffsets, items: siteRows } = transpose(rows.offsets, rows.rowSites, siteCount);
    this.siteOffsets = siteOffsets;
    this.siteRows = siteRows;
    this.open = new Uint8Array(siteCount);
    this.banned = new Uint8Array(siteCount);
    this.coverCount = new Int32Array(rows.rowCount);
    for (let s = 0; s < siteCount; s++) {
      if (state[s] === SITE_FIXED) this.openSite(s);
      if (state[s] === SITE_FORBIDDEN) this.banned[s] = 1;
    }
    this.entries = rows.offsets[rows.rowCount] + rows.rowCount;
    this.best = [...start].sort((a, b) => a - b);
    const bestFlags = new Uint8Array(siteCount);
    for (const s of this.best) bestFlags[s] = 1;
    const scratch = new Float64Array(regionCount);
    this.bestTotal = coverByRegion(rows, bestFlags, scratch);
    this.bestShare = leastRegionShare(rows.regionWeight, scratch);
    // Stage "total" from a start below the floor (or none): no incumbent yet.
    if (stage === 'total' && (this.best.length !== p || this.bestShare < floorShare * (1 - FLOOR_TOLERANCE))) {
      this.best = [];
      this.bestTotal = -Infinity;
    }
    this.need = new Float64Array(regionCount);
    this.setTargets();
    this.gains = new Float64Array(siteCount * regionCount);
    this.totalGains = new Float64Array(siteCount);
    this.covered = new Float64Array(regionCount);
    this.reach = new Float64Array(regionCount);
    this.columns = Array.from({ length: p + 2 }, () => new Float64Array(siteCount));
    this.candidateSites = Array.from({ length: p + 2 }, () => new Int32Array(siteCount));
    this.candidateValues = Array.from({ length: p + 2 }, () => new Float64Array(siteCount));
    this.mu = new Float64Array(regionCount);
    this.shortRegions = new Int32Array(regionCount);
    this.cappedStart = new Int32Array(siteCount + 1);
    this.cappedRegion = new Int32Array(siteCount * regionCount);
    this.capped = new Float64Array(siteCount * regionCount);
    this.reachedBy = new Float64Array(regionCount);
    this.score = new Float64Array(siteCount);
    this.top = new Int32Array(p + 1);
  }

  openSite(s: number): void {
    const { siteOffsets, siteRows, coverCount } = this;
    this.open[s] = 1;
    this.opened++;
    for (let t = siteOffsets[s]; t < siteOffsets[s + 1]; t++) coverCount[siteRows[t]]++;
  }

  closeSite(s: number): void {
    const { siteOffsets, siteRows, coverCount } = this;
    this.open[s] = 0;
    this.opened--;
    for (let t = siteOffsets[s]; t < siteOffsets[s + 1]; t++) coverCount[siteRows[t]]--;
  }

  setTargets(): void {
    const { regionWeight } = this.rows;
    const { need, stage, bestShare, floorShare } = this;
    for (let g = 0; g < this.regionCount; g++) {
      if (regionWeight[g] <= 0) need[g] = -Infinity;
      else need[g] = stage === 'maxMin' ? regionWeight[g] * bestShare * (1 + SHARE_TOLERANCE) + 1e-300 : regionWeight[g] * floorShare * (1 - FLOOR_TOLERANCE);
    }
  }

  /** Opens `left` more sites greedily (the worst share, then the total; ties by lowest index) and offers the set as incumbent. */
  offerCompletion(left: number): void {
    const { rows, siteCount, banned, stage } = this;
    const flags = this.open.slice();
    const covered = new Float64Array(this.regionCount);
    for (let j = 0; j < left; j++) {
      let pick = -1;
      let pickShare = -1;
      let pickTotal = -1;
      for (let s = 0; s < siteCount; s++) {
        if (flags[s] === 1 || banned[s] === 1) continue;
        flags[s] = 1;
        const total = coverByRegion(rows, flags, covered);
        const share = leastRegionShare(rows.regionWeight, covered);
        flags[s] = 0;
        if (share > pickShare || (share === pickShare && total > pickTotal)) {
          pick = s;
          pickShare = share;
          pickTotal = total;
        }
      }
      if (pick < 0) break;
      flags[pick] = 1;
    }
    this.work.spend(this.entries * left * siteCount);
    const total = coverByRegion(rows, flags, covered);
    const share = leastRegionShare(rows.regionWeight, covered);
    const better = stage === 'maxMin' ? share > this.bestShare * (1 + SHARE_TOLERANCE) : total > this.bestTotal && share >= this.floorShare * (1 - FLOOR_TOLERANCE);
    if (!better) return;
    const best: number[] = [];
    for (let s = 0; s < siteCount; s++) if (flags[s] === 1) best.push(s);
    this.best = best;
    this.bestShare = share;
    this.bestTotal = total;
    if (stage === 'maxMin') this.setTargets();
    else if (this.stopAtFeasible) this.stopped = true;
  }

  /**
   * Whether some weighting μ of the short regions' needs proves them out of reach of `left` more
   * sites. Region h's need, with each site's gain capped at the deficit (valid for 0/1 sites) and
   * normalised, is Σ_s a_hs x_s ≥ 1; any μ ≥ 0 with Σ_h μ_h = 1 whose k best sites score
   * Σ_h μ_h a_hs below 1 is a certificate. μ is searched by multiplicative weights from the
   * uniform one (rational updates only, so the same on any machine); every μ is checked exactly.
   */
  lagrangianCut(left: number): boolean {
    const { siteCount, regionCount, covered, need, open, banned, gains, shortRegions, cappedStart, cappedRegion, capped, mu, score, top, reachedBy } = this;
    let R = 0;
    for (let g = 0; g < regionCount; g++) if (covered[g] < need[g]) shortRegions[R++] = g;
    let n = 0;
    let e = 0;
    for (let s = 0; s < siteCount; s++) {
      if (open[s] === 1 || banned[s] === 1) continue;
      const first = e;
      for (let j = 0; j < R; j++) {
        const g = shortRegions[j];
        const gain = gains[g * siteCount + s];
        if (!(gain > 0)) continue;
        const v = Math.min(1, gain / (need[g] - covered[g]));
        if (!(v > 0)) continue;
        cappedRegion[e] = j;
        capped[e++] = v;
      }
      if (e > first) cappedStart[n++] = first;
    }
    cappedStart[n] = e;
    const k = Math.min(left, n);
    for (let j = 0; j < R; j++) mu[j] = 1 / R;
    // One region: the uniform weighting is the only one.
    const rounds = R === 1 ? 1 : MW_ROUNDS;
    this.work.spend(rounds * (n + k) * R);
    for (let round = 0; round < rounds; round++) {
      // The k best sites under μ (ties by lowest index: kept in order by insertion).
      let filled = 0;
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let t = cappedStart[i]; t < cappedStart[i + 1]; t++) v += mu[cappedRegion[t]] * capped[t];
        score[i] = v;
        if (filled < k) filled++;
        else if (v <= score[top[k - 1]]) continue;
        let at = filled - 1;
        while (at > 0 && score[top[at - 1]] < v) {
          top[at] = top[at - 1];
          at--;
        }
        top[at] = i;
      }
      let value = 0;
      for (let i = 0; i < k; i++) value += score[top[i]];
      if (value < 1 - 1e-9) return true;
      const step = MW_STEP / Math.sqrt(round + 1);
      // Each region's capped need met by the k sites, summed over them in order.
      reachedBy.fill(0, 0, R);
      for (let i = 0; i < k; i++) for (let t = cappedStart[top[i]]; t < cappedStart[top[i] + 1]; t++) reachedBy[cappedRegion[t]] += capped[t];
      let sum = 0;
      for (let j = 0; j < R; j++) {
        const reached = reachedBy[j];
        // Regions the k sites leave short gain weight; those they satisfy lose it.
        mu[j] *= reached < 1 ? 1 + step * (1 - reached) : 1 / (1 + step * (reached - 1));
        sum += mu[j];
      }
      for (let j = 0; j < R; j++) mu[j] /= sum;
    }
    return false;
  }

  visit(depth: number): void {
    if (this.stopped) return;
    this.nodes++;
    if (this.nodes > this.nodeCap || !this.work.spend(this.entries)) {
      this.stopped = true;
      return;
    }
    const { siteCount, regionCount, stage, covered, need, open, banned, gains, totalGains, reach, nodeSums } = this;
    const left = this.p - this.opened;
    // Covered weight per region, and each allowed closed site's gain per region and in all.
    // Stage "maxMin" reads neither the total gains nor the total reach: its pass skips them.
    const totals = stage === 'total';
    nodeGains(this.rows, siteCount, this.coverCount, banned, totals, gains, totalGains, covered, reach, nodeSums);
    const total = nodeSums[0];
    const totalReach = nodeSums[1];
    let satisfied = true;
    for (let g = 0; g < regionCount; g++) if (covered[g] < need[g]) satisfied = false;
    if (satisfied) {
      this.offerCompletion(left);
      if (stage === 'maxMin') {
        // The target rose above this node's own worst share: some region is short again.
        satisfied = false;
        for (let g = 0; g < regionCount && !satisfied; g++) satisfied = covered[g] >= need[g];
        if (satisfied) return; // unreachable unless shares are equal to the tolerance
      }
    }
    if (left === 0) return;
    const column = this.columns[depth];
    if (stage === 'total') {
      let n = 0;
      for (let s = 0; s < siteCount; s++) if (open[s] === 0 && banned[s] === 0 && totalGains[s] > 0) column[n++] = totalGains[s];
      if (total + Math.min(totalReach, topSum(column, n, left)) <= this.bestTotal) return;
    }
    // The region to branch on: the most sites needed, then the fewest helping sites.
    let branch = -1;
    let branchNeed = -1;
    let branchCandidates = Infinity;
    for (let g = 0; g < regionCount; g++) {
      if (covered[g] >= need[g]) continue;
      // The left + 1 largest gains, descending (more are never summed: left + 1 sites already
      // exceed what is left), kept by insertion instead of sorting them all.
      const kept = left + 1;
      let n = 0;
      let held = 0;
      for (let s = 0, base = g * siteCount; s < siteCount; s++) {
        const v = gains[base + s];
        if (!(v > 0 && open[s] === 0 && banned[s] === 0)) continue;
        n++;
        if (held === kept && v <= column[kept - 1]) continue;
        let at = held < kept ? held++ : kept - 1;
        while (at > 0 && column[at - 1] < v) {
          column[at] = column[at - 1];
          at--;
        }
        column[at] = v;
      }
      const deficit = need[g] - covered[g];
      if (reach[g] < deficit) return; // region g cannot reach its target even with every allowed site
      // Summed largest first, as over the whole sorted list.
      let sum = 0;
      let needed = 0;
      for (let i = 0; i < held && sum < deficit; i++) {
        sum += column[i];
        needed++;
      }
      if (sum < deficit || needed > left) return; // region g cannot reach its target
      if (needed > branchNeed || (needed === branchNeed && n < branchCandidates)) {
        branch = g;
        branchNeed = needed;
        branchCandidates = n;
      }
    }
    if (branch >= 0 && this.lagrangianCut(left)) return;
    // The helping sites, largest gain first, ties by lowest index (inserted in index order, each
    // after every site of a gain at least its own): this depth's buffers, nothing allocated.
    const candidates = this.candidateSites[depth];
    const candidateGains = this.candidateValues[depth];
    const base = branch * siteCount;
    let count = 0;
    for (let s = 0; s < siteCount; s++) {
      if (open[s] === 1 || banned[s] === 1) continue;
      // Stage "total" with every region at its floor: the sites that add weight.
      const v = branch >= 0 ? gains[base + s] : totalGains[s];
      if (!(v > 0)) continue;
      let at = count++;
      while (at > 0 && candidateGains[at - 1] < v) {
        candidates[at] = candidates[at - 1];
        candidateGains[at] = candidateGains[at - 1];
        at--;
      }
      candidates[at] = s;
      candidateGains[at] = v;
    }
    const deficit = branch >= 0 ? need[branch] - covered[branch] : this.bestTotal - total;
    let bannedHere = 0;
    for (let i = 0; i < count && !this.stopped; i++) {
      // The sites from i on, at most `left` of them, must still be able to close the deficit.
      let window = 0;
      for (let j = i; j < Math.min(count, i + left); j++) window += candidateGains[j];
      if (branch >= 0 ? window < deficit : window <= deficit) break;
      const s = candidates[i];
      this.openSite(s);
      this.visit(depth + 1);
      this.closeSite(s);
      banned[s] = 1;
      bannedHere++;
    }
    for (let i = 0; i < bannedHere; i++) banned[candidates[i]] = 0;
  }
}

/**
 * One node's pass over the rows of {@link searchMaxMinCover}: the covered weight per region
 * (`covered`) and in all (`sums[0]`), each closed site's gain per region (`gains`, site
 * `s` of region `g` at `g × siteCount + s`) and, when `totals`, in all (`totalGains`) — a
 * banned site's too, which the search does not read while it is banned; the
 * weight of the uncovered rows some allowed site reaches per region (`reach`) and in all
 * (`sums[1]`). Without `totals` the sites of rows of no region are not scanned (such rows count
 * as unreached). Each sum is made in row order. A function of its own so that V8 compiles this loop once, apart from
 * the recursive search it serves.
 */
function nodeGains(
  rows: RegionCoverRows,
  siteCount: number,
  coverCount: Int32Array,
  banned: Uint8Array,
  totals: boolean,
  gains: Float64Array,
  totalGains: Float64Array,
  covered: Float64Array,
  reach: Float64Array,
  sums: Float64Array,
): void {
  const { rowCount, rowWeights, rowRegion, offsets, rowSites } = rows;
  gains.fill(0);
  covered.fill(0);
  reach.fill(0);
  if (totals) totalGains.fill(0);
  let total = 0;
  let totalReach = 0;
  for (let r = 0; r < rowCount; r++) {
    const g = rowRegion[r];
    const w = rowWeights[r];
    if (coverCount[r] > 0) {
      total += w;
      if (g >= 0) covered[g] += w;
      continue;
    }
    // A banned site's gains are summed too (no test per entry): they are never read while it is
    // banned, and every node sums them afresh. The row is reachable when some site is not banned.
    const from = offsets[r];
    const end = offsets[r + 1];
    if (totals && g >= 0) {
      const base = g * siteCount;
      for (let t = from; t < end; t++) {
        const s = rowSites[t];
        totalGains[s] += w;
        gains[base + s] += w;
      }
    } else if (totals) {
      for (let t = from; t < end; t++) totalGains[rowSites[t]] += w;
    } else if (g >= 0) {
      const base = g * siteCount;
      for (let t = from; t < end; t++) gains[base + rowSites[t]] += w;
    } else continue;
    let t = from;
    while (t < end && banned[rowSites[t]] === 1) t++;
    const reachable = t < end;
    if (!reachable) continue;
    totalReach += w;
    if (g >= 0) reach[g] += w;
  }
  sums[0] = total;
  sums[1] = totalReach;
}

