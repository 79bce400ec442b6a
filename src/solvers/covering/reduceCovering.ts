import { AirreachError } from '../../errors.js';
import type { SitingProblem, SiteRules } from '../../models/sitingProblem.js';
import { resolveOptions } from '../../resolveOptions.js';
import { resolveSiteRules, SITE_FIXED, SITE_FREE } from '../kernel/resolveSiteRules.js';
import type { WorkBudget } from '../kernel/workBudget.js';
import { EqualListGroups } from '../kernel/equalListGroups.js';

/**
 * Which dominated sites may be dropped. Site j is dominated by site k when every demand row j
 * covers, k covers too:
 * - `none`: keep all (backup and expected coverage, where a second site over the same demand
 *   has value, and any model with per-site capacities);
 * - `count`: drop j regardless of cost (maximal covering with p sites: swapping j for k never
 *   loses coverage, and if k is already chosen j adds nothing);
 * - `cost`: drop j only when k also costs no more (set covering, maximal covering on a budget).
 * Equal cover sets at equal cost keep the lowest index.
 */
export type DominanceRule = 'none' | 'count' | 'cost';

/** Options of {@link reduceCovering}. */
export interface ReduceCoveringOptions extends SiteRules {
  /** See {@link DominanceRule}. */
  dominance?: DominanceRule;
  /**
   * Remove demand already covered by a fixed site (and the fixed sites' columns) from the
   * reduced model. True for set and maximal covering; false when a second cover matters.
   */
  removeFixedCover?: boolean;
  /** Site costs; default the problem's, else 1. */
  siteCosts?: ArrayLike<number>;
  /**
   * Work budget: the passes are counted, and the dominance search (the one step that can grow
   * faster than the matrix) stops when it runs out, keeping the sites it has not yet checked
   * (always valid: dropping a dominated site is an optimisation, never needed).
   */
  workBudget?: WorkBudget;
  /**
   * Also drop every row whose cover set strictly contains another row's (row dominance,
   * alternated with the site dominance until neither drops anything): a cover of the smaller
   * row covers it too. Only for models where every row must be covered (set covering): the
   * dropped rows' weights are lost and their demand gets `demandRow` −1. On the issue-17
   * family (1,500 × 150) it leaves ~90 of ~700 rows.
   */
  rowDominance?: boolean;
}

/** Defaults of {@link ReduceCoveringOptions}. */
export const DEFAULT_REDUCE_COVERING_OPTIONS = {
  dominance: 'none' as DominanceRule,
  removeFixedCover: true,
  rowDominance: false,
};

/**
 * A covering model after reductions: rows are groups of demand points with identical cover
 * sets (weights summed), columns are the surviving candidate sites. Stored in both
 * orientations (CSR by row, CSR by column), built once.
 */
export interface ReducedCovering {
  rowCount: number;
  rowWeights: Float64Array;
  /** Number of original demand points merged into each row. */
  rowSizes: Uint32Array;
  rowOffsets: Uint32Array;
  /** Column indexes (into `columnSites`) of each row, ascending. */
  rowColumns: Uint32Array;
  columnCount: number;
  /** Original site index of each column, ascending. */
  columnSites: Uint32Array;
  columnCosts: Float64Array;
  columnOffsets: Uint32Array;
  columnRows: Uint32Array;
  /** Whether each column is a fixed site (only when `removeFixedCover` is false). */
  columnFixed: Uint8Array;
  /** Fixed sites (original indexes), ascending. */
  fixedSites: number[];
  /** Allowed sites dropped as dominated or useless, ascending (for padding a p-site answer). */
  droppedSites: number[];
  /** Weight of demand covered by the fixed sites (0 unless `removeFixedCover`). */
  fixedCoveredWeight: number;
  /** Demand points with weight > 0 that no allowed site reaches within the standard. */
  unreachableDemand: number[];
  unreachableWeight: number;
  totalWeight: number;
  /** Row of each original demand point, or -1 (weight 0, unreachable, fixed-covered, or a dominated row). */
  demandRow: Int32Array;
}

/**
 * Reduces a covering model at one standard: demand `i` is covered by site `j` when
 * `minutes(i, j) ≤ standardMinutes`. Steps, in order: drop forbidden sites and zero-weight
 * demand; set aside demand the fixed sites cover (`removeFixedCover`); merge demand with
 * identical cover sets; drop dominated sites (see {@link DominanceRule}); merge again, since
 * dropping columns makes more rows identical. Rows reached by no allowed site are reported in
 * `unreachableDemand` and left out.
 *
 * Why: neighbouring H3 cells nearly always share a cover set, so rows shrink by 1–2 orders of
 * magnitude, and every solver downstream (greedy, Lagrangian, HiGHS) scales with the rows.
 *
 * @example
 * const reduced = reduceCovering(problem, 30, { fixedSites: [2], dominance: 'count' });
 * reduced.rowCount; // distinct cover sets among the demand not covered by site 2
 */
export function reduceCovering(problem: SitingProblem, standardMinutes: number, options: ReduceCoveringOptions = {}): ReducedCovering {
  const { dominance, removeFixedCover, rowDominance } = resolveOptions(DEFAULT_REDUCE_COVERING_OPTIONS, options);
  const budget = options.workBudget;
  if (!(standardMinutes >= 0) || !Number.isFinite(standardMinutes)) {
    throw new AirreachError('E_OPTION', 'standardMinutes must be a finite number ≥ 0', { value: standardMinutes, where: { field: 'standardMinutes' } });
  }
  const { state, fixedSites } = resolveSiteRules(problem, options);
  const siteCosts = options.siteCosts ?? problem.siteCosts;
  const { demandCount, siteCount, demandOffsets, demandWeights } = problem;

  const unreachableDemand: number[] = [];
  // Column of each allowed site in the working model (-1: not a column).
  const siteColumn = new Int32Array(siteCount).fill(-1);
  // The passes over the matrix are functions of their own (here and below) so that V8 compiles
  // each once instead of compiling this function's loops by on-stack replacement and dropping
  // that code again on the first statement after the loop that had not run yet.
  const keep = new Uint8Array(demandCount);
  budget?.spend(demandCount + demandOffsets[demandCount]);
  const { totalWeight, fixedCoveredWeight, unreachableWeight, pairTotal } = enteringDemand(problem, standardMinutes, state, removeFixedCover, keep, unreachableDemand);
  const { offsets: tmpOffsets, sites: tmpSites } = keptCoverSets(problem, standardMinutes, state, removeFixedCover, keep, pairTotal);
  const demandRow = new Int32Array(demandCount).fill(-1);
  let groups = mergeRows(demandCount, keep, tmpOffsets, tmpSites, demandWeights, demandRow);

  // Columns: every used site that covers at least one row.
  const alive = new Uint8Array(siteCount);
  for (let k = 0; k < groups.sites.length; k++) alive[groups.sites[k]] = 1;
  const cost = (s: number) => (siteCosts ? siteCosts[s] : 1);
  if (dominance !== 'none') dropDominatedSites(groups, siteCount, alive, state, dominance, cost, budget);
  const droppedSites: number[] = [];
  let columnSitesList: number[] = [];
  for (let s = 0; s < siteCount; s++) {
    if (alive[s]) {
      siteColumn[s] = columnSitesList.length;
      columnSitesList.push(s);
    } else if (state[s] === SITE_FREE) droppedSites.push(s);
  }
  // Rewrite rows over columns and merge again (dropping columns makes more rows equal).
  const rowCount0 = groups.weights.length;
  const keepRows = new Uint8Array(rowCount0).fill(1);
  const overColumns = rowsOverColumns(groups, siteColumn);
  const rowOfGroup = new Int32Array(rowCount0).fill(-1);
  const merged = mergeRows(rowCount0, keepRows, overColumns.offsets, overColumns.items, groups.weights, rowOfGroup, groups.sizes);
  for (let i = 0; i < demandCount; i++) if (demandRow[i] >= 0) demandRow[i] = rowOfGroup[demandRow[i]];
  groups = merged;
  if (rowDominance && groups.weights.length > 1) {
    // On the columns: alternate, since dropping rows can leave a column's cover set inside
    // another's, and dropping columns can make a row's set a subset of another's. Each round
    // drops at least one row.
    const count = columnSitesList.length;
    const sitesOf = columnSitesList;
    const columnAlive = new Uint8Array(count).fill(1);
    const columnState = Uint8Array.from(sitesOf, (s) => state[s]);
    const columnCost = (c: number) => cost(sitesOf[c]);
    const rowPhase = budget?.phase(ROW_DOMINANCE_WORK_PER_ENTRY * groups.sites.length);
    let changed = false;
    for (;;) {
      const rowAlive = new Uint8Array(groups.weights.length).fill(1);
      if (dropDominatedRows(groups, count, rowAlive, rowPhase) === 0) break;
      changed = true;
      groups = retainRows(groups, rowAlive, demandRow);
      // Columns left without a row are of no use.
      const present = new Uint8Array(count);
      for (let k = 0; k < groups.sites.length; k++) present[groups.sites[k]] = 1;
      for (let c = 0; c < count; c++) columnAlive[c] &= present[c];
      rowPhase?.spend(groups.sites.length + count);
      if (dominance === 'none' || dropDominatedSites(groups, count, columnAlive, columnState, dominance, columnCost, rowPhase) === 0) break;
      groups = retainSites(groups, columnAlive, demandRow);
      rowPhase?.spend(3 * groups.sites.length + groups.weights.length);
      if (groups.weights.length <= 1 || (rowPhase && !rowPhase.canContinue())) break;
    }
    if (changed) {
      // Number the columns left; the rows hold only those.
      const newIndex = new Int32Array(count).fill(-1);
      columnSitesList = [];
      for (let c = 0; c < count; c++) {
        if (columnAlive[c]) {
          newIndex[c] = columnSitesList.length;
          columnSitesList.push(sitesOf[c]);
        } else if (state[sitesOf[c]] === SITE_FREE) droppedSites.push(sitesOf[c]);
      }
      droppedSites.sort((x, y) => x - y);
      for (let k = 0; k < groups.sites.length; k++) groups.sites[k] = newIndex[groups.sites[k]];
      rowPhase?.spend(groups.sites.length + count);
    }
  }

  const columnCount = columnSitesList.length;
  const columnSites = Uint32Array.from(columnSitesList);
  const columnCosts = new Float64Array(columnCount);
  const columnFixed = new Uint8Array(columnCount);
  for (let c = 0; c < columnCount; c++) {
    columnCosts[c] = cost(columnSites[c]);
    columnFixed[c] = state[columnSites[c]] === SITE_FIXED ? 1 : 0;
  }
  const byColumn = transpose(groups.offsets, groups.sites, columnCount);
  budget?.spend(4 * groups.sites.length + columnCount);
  return {
    rowCount: groups.weights.length,
    rowWeights: groups.weights,
    rowSizes: groups.sizes,
    rowOffsets: groups.offsets,
    rowColumns: groups.sites,
    columnCount,
    columnSites,
    columnCosts,
    columnOffsets: byColumn.offsets,
    columnRows: byColumn.items,
    columnFixed,
    fixedSites,
    droppedSites,
    fixedCoveredWeight,
    unreachableDemand,
    unreachableWeight,
    totalWeight,
    demandRow,
  };
}

/**
 * Drops sites dominated under `dominance` (a site whose cover set another site's contains, at
 * no higher cost under `cost`), equal sets first ({@link dropTwins}); returns how many it
 * dropped. The pairwise search stops when `budget` runs out, keeping the sites not checked.
 * `groups` are rows (their sites ascending); a site is dropped by clearing its `alive` flag, and
 * fixed sites (`state`) are never dropped. Also used by the fairness model (`buildFairCoverModel`).
 *
 * @example
 * // rows {0, 1} and {1}: site 0 covers a subset of site 1's rows
 * const alive = Uint8Array.of(1, 1);
 * dropDominatedSites({ offsets: Uint32Array.of(0, 2, 3), sites: Uint32Array.of(0, 1, 1) }, 2, alive, new Uint8Array(2), 'count', () => 0, undefined); // -> 1
 * alive; // -> [0, 1]
 */
export function dropDominatedSites(
  groups: { offsets: Uint32Array; sites: Uint32Array },
  siteCount: number,
  alive: Uint8Array,
  state: Uint8Array,
  dominance: DominanceRule,
  cost: (s: number) => number,
  budget: WorkBudget | undefined,
): number {
  let before = 0;
  for (let s = 0; s < siteCount; s++) before += alive[s];
  const bySite = transpose(groups.offsets, groups.sites, siteCount);
  budget?.spend(2 * groups.sites.length + siteCount);
  dropTwins(bySite, siteCount, alive, state, dominance === 'cost' ? cost : () => 0);
  // j is dominated by a superset of its rows; every superset holds j's row with the fewest
  // sites, so only that row's sites are tried, each by a merge of two ascending row lists.
  for (let j = 0; j < siteCount; j++) {
    if (!alive[j] || state[j] === SITE_FIXED) continue;
    const start = bySite.offsets[j];
    const size = bySite.offsets[j + 1] - start;
    // Counted as a walk over the sites of every row of j (the bound of this search), so that
    // a budget ends the search where it always has.
    let work = size;
    let pivot = -1;
    let fewest = Infinity;
    for (let k = start; k < start + size; k++) {
      const r = bySite.items[k];
      const length = groups.offsets[r + 1] - groups.offsets[r];
      work += length;
      if (length < fewest) {
        fewest = length;
        pivot = r;
      }
    }
    if (budget && !budget.spend(work)) break;
    if (pivot < 0) continue;
    // Dominance is a strict order on (cover set ⊆, cost, index), so dropping every
    // dominated site leaves a maximal dominator of each: checking against dropped sites too is safe.
    const costJ = dominance === 'cost' ? cost(j) : 0;
    let dominated = false;
    for (let q = groups.offsets[pivot], end = groups.offsets[pivot + 1]; q < end && !dominated; q++) {
      const k = groups.sites[q];
      if (k === j) continue;
      const otherStart = bySite.offsets[k];
      const otherSize = bySite.offsets[k + 1] - otherStart;
      if (otherSize < size) continue;
      const costK = dominance === 'cost' ? cost(k) : 0;
      if (!(costK < costJ || (costK === costJ && (otherSize > size || k < j)))) continue;
      dominated = isSubset(bySite.items, start, start + size, otherStart, otherStart + otherSize);
    }
    if (dominated) alive[j] = 0;
  }
  let after = 0;
  for (let s = 0; s < siteCount; s++) after += alive[s];
  return before - after;
}

/** Whether site `s` is a column of the working model: free, or fixed when its cover stays in. */
function usesSite(state: Uint8Array, s: number, removeFixedCover: boolean): boolean {
  return state[s] === SITE_FREE || (state[s] === SITE_FIXED && !removeFixedCover);
}

/**
 * Pass 1 of {@link reduceCovering}: marks in `keep` the demand that enters the model, lists the
 * demand no allowed site reaches in `unreachableDemand`, and sums the weights set aside.
 */
function enteringDemand(
  problem: SitingProblem,
  standardMinutes: number,
  state: Uint8Array,
  removeFixedCover: boolean,
  keep: Uint8Array,
  unreachableDemand: number[],
): { totalWeight: number; fixedCoveredWeight: number; unreachableWeight: number; pairTotal: number } {
  const { demandCount, demandOffsets, demandSites, demandMinutes, demandWeights } = problem;
  let totalWeight = 0;
  let fixedCoveredWeight = 0;
  let unreachableWeight = 0;
  let pairTotal = 0;
  for (let i = 0; i < demandCount; i++) {
    const w = demandWeights[i];
    totalWeight += w;
    if (w <= 0) continue;
    let any = false;
    let fixedCovers = false;
    let count = 0;
    for (let k = demandOffsets[i], end = demandOffsets[i + 1]; k < end; k++) {
      if (demandMinutes[k] > standardMinutes) continue;
      const s = demandSites[k];
      if (state[s] === SITE_FIXED) fixedCovers = true;
      if (state[s] !== 2) any = true;
      if (usesSite(state, s, removeFixedCover)) count++;
    }
    if (!any) {
      unreachableDemand.push(i);
      unreachableWeight += w;
    } else if (fixedCovers && removeFixedCover) {
      fixedCoveredWeight += w;
    } else {
      keep[i] = 1;
      pairTotal += count;
    }
  }
  return { totalWeight, fixedCoveredWeight, unreachableWeight, pairTotal };
}

/**
 * Rows of the kept demand over the sites that are columns (still original site indexes,
 * ascending because the problem's rows are ascending by site); other demand has empty rows.
 */
function keptCoverSets(
  problem: SitingProblem,
  standardMinutes: number,
  state: Uint8Array,
  removeFixedCover: boolean,
  keep: Uint8Array,
  pairTotal: number,
): { offsets: Uint32Array; sites: Uint32Array } {
  const { demandCount, demandOffsets, demandSites, demandMinutes } = problem;
  const offsets = new Uint32Array(demandCount + 1);
  const sites = new Uint32Array(pairTotal);
  let at = 0;
  for (let i = 0; i < demandCount; i++) {
    if (keep[i]) {
      for (let k = demandOffsets[i], end = demandOffsets[i + 1]; k < end; k++) {
        const s = demandSites[k];
        if (demandMinutes[k] <= standardMinutes && usesSite(state, s, removeFixedCover)) sites[at++] = s;
      }
    }
    offsets[i + 1] = at;
  }
  return { offsets, sites };
}

/** The rows of `groups` rewritten over columns (`siteColumn`, -1 for a site that is none). */
function rowsOverColumns(groups: Groups, siteColumn: Int32Array): { offsets: Uint32Array; items: Uint32Array } {
  const rowCount = groups.weights.length;
  const offsets = new Uint32Array(rowCount + 1);
  const items = new Uint32Array(groups.sites.length);
  let at = 0;
  for (let r = 0; r < rowCount; r++) {
    for (let q = groups.offsets[r], end = groups.offsets[r + 1]; q < end; q++) {
      const c = siteColumn[groups.sites[q]];
      if (c >= 0) items[at++] = c;
    }
    offsets[r + 1] = at;
  }
  return { offsets, items: items.subarray(0, at) };
}

/** Work units of row dominance per matrix entry at most (a phase of the caller's budget). */
const ROW_DOMINANCE_WORK_PER_ENTRY = 40;

/**
 * Whether the ascending run items[from, to) is inside the ascending run items[otherFrom, otherTo).
 * Also used by the fairness model (`buildFairCoverModel`).
 *
 * @example
 * isSubset(Uint32Array.of(2, 5, 1, 2, 5, 9), 0, 2, 2, 6); // -> true: {2, 5} ⊆ {1, 2, 5, 9}
 */
export function isSubset(items: Uint32Array, from: number, to: number, otherFrom: number, otherTo: number): boolean {
  if (to - from > otherTo - otherFrom) return false;
  let p = otherFrom;
  for (let t = from; t < to; t++) {
    const value = items[t];
    while (p < otherTo && items[p] < value) p++;
    if (p === otherTo || items[p] !== value) return false;
    p++;
  }
  return true;
}

/**
 * Marks (`rowAlive[k] = 0`) every row whose cover set strictly contains another row's: a
 * cover of the smaller row covers it too, so the constraint is implied (set covering only;
 * weights are not kept). Each row is compared with the rows of its site covering the fewest
 * rows (every superset is among them), by a merge of the two ascending site lists. Returns how
 * many it dropped; stops when `budget` runs out (the rows not yet checked stay; each row's
 * merge steps are counted after it). Rows must be distinct (merged) and non-empty.
 */
function dropDominatedRows(groups: { offsets: Uint32Array; sites: Uint32Array }, siteCount: number, rowAlive: Uint8Array, budget: WorkBudget | undefined): number {
  const { offsets, sites } = groups;
  const rowCount = offsets.length - 1;
  const bySite = transpose(offsets, sites, siteCount);
  if (budget && !budget.spend(2 * sites.length + siteCount)) return 0;
  let dropped = 0;
  for (let i = 0; i < rowCount; i++) {
    // A dropped row's supersets contain the row that dropped it, and went with it.
    if (!rowAlive[i]) continue;
    const start = offsets[i];
    const end = offsets[i + 1];
    let pivot = sites[start];
    for (let k = start + 1; k < end; k++) {
      const s = sites[k];
      if (bySite.offsets[s + 1] - bySite.offsets[s] < bySite.offsets[pivot + 1] - bySite.offsets[pivot]) pivot = s;
    }
    // Counted as the merge steps done (most merges stop at the first site missing).
    let work = end - start;
    for (let q = bySite.offsets[pivot], stop = bySite.offsets[pivot + 1]; q < stop; q++) {
      const k = bySite.items[q];
      work++;
      if (k === i || !rowAlive[k] || offsets[k + 1] - offsets[k] <= end - start) continue;
      let p = offsets[k];
      const otherEnd = offsets[k + 1];
      let inside = true;
      for (let t = start; t < end && inside; t++) {
        const value = sites[t];
        while (p < otherEnd && sites[p] < value) p++;
        inside = p < otherEnd && sites[p] === value;
        p++;
      }
      work += p - offsets[k];
      if (inside) {
        rowAlive[k] = 0;
        dropped++;
      }
    }
    if (budget && !budget.spend(work)) break;
  }
  return dropped;
}

type Groups = { offsets: Uint32Array; sites: Uint32Array; weights: Float64Array; sizes: Uint32Array };

/** The rows with `rowAlive[r] = 1`, in order; `demandRow` follows (-1 for dropped rows). */
function retainRows(groups: Groups, rowAlive: Uint8Array, demandRow: Int32Array): Groups {
  const rowCount = groups.weights.length;
  const newRow = new Int32Array(rowCount).fill(-1);
  let rows = 0;
  let pairs = 0;
  for (let r = 0; r < rowCount; r++) {
    if (!rowAlive[r]) continue;
    newRow[r] = rows++;
    pairs += groups.offsets[r + 1] - groups.offsets[r];
  }
  const offsets = new Uint32Array(rows + 1);
  const sites = new Uint32Array(pairs);
  const weights = new Float64Array(rows);
  const sizes = new Uint32Array(rows);
  let at = 0;
  for (let r = 0; r < rowCount; r++) {
    const to = newRow[r];
    if (to < 0) continue;
    for (let k = groups.offsets[r], end = groups.offsets[r + 1]; k < end; k++) sites[at++] = groups.sites[k];
    offsets[to + 1] = at;
    weights[to] = groups.weights[r];
    sizes[to] = groups.sizes[r];
  }
  for (let i = 0; i < demandRow.length; i++) if (demandRow[i] >= 0) demandRow[i] = newRow[demandRow[i]];
  return { offsets, sites, weights, sizes };
}

/** The rows over the sites with `alive[s] = 1` only, equal rows merged again; `demandRow` follows. */
function retainSites(groups: Groups, alive: Uint8Array, demandRow: Int32Array): Groups {
  const rowCount = groups.weights.length;
  const offsets = new Uint32Array(rowCount + 1);
  const items = new Uint32Array(groups.sites.length);
  let at = 0;
  for (let r = 0; r < rowCount; r++) {
    for (let k = groups.offsets[r], end = groups.offsets[r + 1]; k < end; k++) if (alive[groups.sites[k]]) items[at++] = groups.sites[k];
    offsets[r + 1] = at;
  }
  const rowOf = new Int32Array(rowCount).fill(-1);
  const merged = mergeRows(rowCount, new Uint8Array(rowCount).fill(1), offsets, items.subarray(0, at), groups.weights, rowOf, groups.sizes);
  for (let i = 0; i < demandRow.length; i++) if (demandRow[i] >= 0) demandRow[i] = rowOf[demandRow[i]];
  return merged;
}

/**
 * Drops every site whose cover set equals that of another site which is cheaper, or as cheap
 * with a lower index (`cost` gives 0 for all under the `count` rule): the dominance rule on
 * identical sets, found by hashing the sets in one pass. What survives is exactly what the
 * pairwise dominance search would leave, but a model where thousands of sites cover the same
 * rows (1 demand point × 300,000 sites) no longer costs the square of their number.
 */
function dropTwins(bySite: { offsets: Uint32Array; items: Uint32Array }, siteCount: number, alive: Uint8Array, state: Uint8Array, cost: (s: number) => number): void {
  const { offsets, items } = bySite;
  const sets = new EqualListGroups();
  const kept: number[] = []; // site kept for each distinct cover set
  for (let j = 0; j < siteCount; j++) {
    if (!alive[j] || state[j] === SITE_FIXED) continue;
    const set = sets.add(items, offsets[j], offsets[j + 1]);
    if (set === kept.length) {
      kept.push(j);
      continue;
    }
    // Sites are visited in ascending order, so on equal cost the one kept has the lower index.
    const other = kept[set];
    if (cost(j) < cost(other)) {
      alive[other] = 0;
      kept[set] = j;
    } else alive[j] = 0;
  }
}

/** Groups kept rows with identical item lists ({@link EqualListGroups}). */
function mergeRows(
  count: number,
  keep: Uint8Array,
  offsets: Uint32Array,
  items: Uint32Array,
  weights: Float64Array,
  rowOf: Int32Array,
  sizesIn?: Uint32Array,
): { offsets: Uint32Array; sites: Uint32Array; weights: Float64Array; sizes: Uint32Array } {
  // At most one group per row; typed arrays, so that V8 never changes their elements kind. The
  // two loops are functions of their own, each compiled once by V8 (not this one by OSR).
  const firstOf = new Int32Array(count); // representative source row of each group
  const groupWeights = new Float64Array(count);
  const groupSizes = new Uint32Array(count);
  const found = groupKeptRows(count, keep, offsets, items, weights, rowOf, sizesIn, firstOf, groupWeights, groupSizes);
  const groupCount = found.groupCount;
  const gathered = gatherRows(firstOf.subarray(0, groupCount), offsets, items, found.pairCount);
  return { offsets: gathered.offsets, sites: gathered.items, weights: groupWeights.slice(0, groupCount), sizes: groupSizes.slice(0, groupCount) };
}

/** The grouping loop of {@link mergeRows}: fills `firstOf`, the groups' weights and sizes, and `rowOf`. */
function groupKeptRows(
  count: number,
  keep: Uint8Array,
  offsets: Uint32Array,
  items: Uint32Array,
  weights: Float64Array,
  rowOf: Int32Array,
  sizesIn: Uint32Array | undefined,
  firstOf: Int32Array,
  groupWeights: Float64Array,
  groupSizes: Uint32Array,
): { groupCount: number; pairCount: number } {
  const lists = new EqualListGroups();
  let groupCount = 0;
  let pairCount = 0;
  for (let i = 0; i < count; i++) {
    if (!keep[i]) continue;
    const start = offsets[i];
    const end = offsets[i + 1];
    if (end === start) continue; // covered by no remaining column: cannot be covered
    const group = lists.add(items, start, end);
    if (group === groupCount) {
      firstOf[groupCount++] = i;
      pairCount += end - start;
    }
    groupWeights[group] += weights[i];
    groupSizes[group] += sizesIn ? sizesIn[i] : 1;
    rowOf[i] = group;
  }
  return { groupCount, pairCount };
}

/** The item lists of rows `firstOf`, one after another (CSR). */
function gatherRows(firstOf: Int32Array, offsets: Uint32Array, items: Uint32Array, pairCount: number): { offsets: Uint32Array; items: Uint32Array } {
  const outOffsets = new Uint32Array(firstOf.length + 1);
  const outItems = new Uint32Array(pairCount);
  let at = 0;
  for (let g = 0; g < firstOf.length; g++) {
    const i = firstOf[g];
    for (let k = offsets[i], end = offsets[i + 1]; k < end; k++) outItems[at++] = items[k];
    outOffsets[g + 1] = at;
  }
  return { offsets: outOffsets, items: outItems };
}

/**
 * Transposes a CSR structure (rows → items) into items → rows, ascending by row.
 *
 * @example
 * const bySite = transpose(rowOffsets, rowColumns, columnCount);
 */
export function transpose(offsets: Uint32Array, items: Uint32Array, targetCount: number): { offsets: Uint32Array; items: Uint32Array } {
  const rowCount = offsets.length - 1;
  const outOffsets = new Uint32Array(targetCount + 1);
  for (let k = 0; k < items.length; k++) outOffsets[items[k] + 1]++;
  for (let t = 0; t < targetCount; t++) outOffsets[t + 1] += outOffsets[t];
  const fill = outOffsets.slice(0, targetCount);
  const outItems = new Uint32Array(items.length);
  for (let r = 0; r < rowCount; r++) for (let k = offsets[r], end = offsets[r + 1]; k < end; k++) outItems[fill[items[k]]++] = r;
  return { offsets: outOffsets, items: outItems };
}
