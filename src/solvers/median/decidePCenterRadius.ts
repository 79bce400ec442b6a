import type { SitingProblem } from '../../models/sitingProblem.js';
import { solveSetCovering } from '../covering/solveSetCovering.js';
import type { WorkBudget } from '../kernel/workBudget.js';

/** Options of {@link decidePCenterRadius}. */
export interface DecidePCenterRadiusOptions {
  fixedSites: readonly number[];
  forbiddenSites: readonly number[];
  /** The work budget the covers spend from; once it runs out the answer is `unknown`. */
  workBudget: WorkBudget;
  /** Uncovered demand rows added to the working set per round. */
  rowsPerRound: number;
}

/** Defaults of {@link decidePCenterRadius} (sites and the work budget are per call). */
export const DEFAULT_DECIDE_P_CENTER_RADIUS_OPTIONS: Pick<DecidePCenterRadiusOptions, 'rowsPerRound'> = {
  rowsPerRound: 8,
};

/** Answer of {@link decidePCenterRadius}. */
export interface PCenterRadiusDecision {
  answer: 'feasible' | 'infeasible' | 'unknown';
  /** When feasible: at most p sites (fixed included) reaching every counted demand within the radius. */
  sites: number[];
  /** Set-covering solves done. */
  rounds: number;
}

/**
 * Decides "can `siteCount` sites (fixed ones included) reach every demand point with positive
 * weight within `radius`?" by row generation (Chen & Chen 2009, "New relaxation-based
 * algorithms for the optimal solution of the continuous and discrete p-center problems",
 * C&OR 36; Contardo, Iori & Kramer 2019): the set cover is solved exactly only for a small
 * working set of demand rows. If even those need more than p sites, the radius is infeasible;
 * if their cover reaches all demand, it is feasible; otherwise the uncovered demand farthest
 * from the cover joins the working set and the cover is solved again. A handful of rows
 * usually decides, so each exact cover is tiny next to the full n-row model.
 *
 * `workingRows` (demand indexes) is read and extended in place, so that later radii start
 * from the rows that mattered before.
 *
 * @example
 * const rows: number[] = [0];
 * const decision = await decidePCenterRadius(problem, 5, 42, rows, { fixedSites: [], forbiddenSites: [], workBudget: new WorkBudget(), rowsPerRound: 8 });
 */
export async function decidePCenterRadius(
  problem: SitingProblem,
  siteCount: number,
  radius: number,
  workingRows: number[],
  options: DecidePCenterRadiusOptions,
): Promise<PCenterRadiusDecision> {
  const { demandCount, siteCount: m, demandOffsets, demandSites, demandMinutes, demandWeights } = problem;
  const forbidden = new Uint8Array(m);
  for (const s of options.forbiddenSites) forbidden[s] = 1;
  const inRows = new Uint8Array(demandCount);
  for (const i of workingRows) inRows[i] = 1;
  const ones = new Float64Array(m).fill(1);
  const open = new Uint8Array(m);
  const farness = new Float64Array(demandCount);
  let rounds = 0;
  const work = options.workBudget;
  const columns = transposeWithin(problem, radius, forbidden);
  const greedy = greedyCompletion(problem, columns, radius, options.fixedSites, siteCount);
  // Transposing and completing pass over the pairs within the radius a few times.
  work.spend(demandOffsets[demandCount] + m + columns.demand.length * 2);
  if (greedy) return { answer: 'feasible', sites: greedy, rounds };
  for (;;) {
    if (!work.canContinue()) return { answer: 'unknown', sites: [], rounds };
    rounds++;
    const cover = await solveSetCovering(restrictRows(problem, workingRows, radius, forbidden), {
      standardMinutes: radius,
      fixedSites: options.fixedSites,
      forbiddenSites: options.forbiddenSites,
      siteCosts: ones,
      workBudget: work,
      // solveSetCovering's own branch-and-bound returned a non-optimal "optimal" cover on a
      // pmed3 row subset (11 sites where 10 suffice, radius 93): go from its Lagrangian
      // fixing straight to HiGHS, which is exact.
      branchAndBoundShare: 0,
    });
    if (cover.status === 'infeasible' || cover.bound > siteCount + 1e-9) return { answer: 'infeasible', sites: [], rounds };
    if (cover.selectedSites.length > siteCount) return { answer: 'unknown', sites: [], rounds };
    const completed = greedyCompletion(problem, columns, radius, cover.selectedSites, siteCount);
    work.spend(demandOffsets[demandCount] + columns.demand.length * 2);
    if (completed) return { answer: 'feasible', sites: completed, rounds };
    open.fill(0);
    for (const s of cover.selectedSites) open[s] = 1;
    // Demand the cover misses, by how far its nearest chosen site is (farthest first).
    const missed: number[] = [];
    for (let i = 0; i < demandCount; i++) {
      if (!(demandWeights[i] > 0)) continue;
      let nearest = Infinity;
      for (let k = demandOffsets[i], end = demandOffsets[i + 1]; k < end; k++) {
        if (open[demandSites[k]] === 1 && demandMinutes[k] < nearest) nearest = demandMinutes[k];
      }
      if (nearest > radius) {
        farness[i] = nearest;
        missed.push(i);
      }
    }
    if (missed.length === 0) return { answer: 'feasible', sites: cover.selectedSites, rounds };
    missed.sort((a, b) => farness[b] - farness[a] || a - b);
    let added = 0;
    for (const i of missed) {
      if (inRows[i] === 1) continue;
      inRows[i] = 1;
      workingRows.push(i);
      if (++added >= options.rowsPerRound) break;
    }
    if (added === 0) return { answer: 'unknown', sites: [], rounds };
  }
}

/** The demand rows `rows` only (weight 1), keeping the pairs within `radius` at allowed sites. */
function restrictRows(problem: SitingProblem, rows: readonly number[], radius: number, forbidden: Uint8Array): SitingProblem {
  const { demandOffsets, demandSites, demandMinutes } = problem;
  let pairs = 0;
  for (const i of rows) {
    for (let k = demandOffsets[i]; k < demandOffsets[i + 1]; k++) if (demandMinutes[k] <= radius && forbidden[demandSites[k]] === 0) pairs++;
  }
  const offsets = new Uint32Array(rows.length + 1);
  const sites = new Uint32Array(pairs);
  const minutes = new Float64Array(pairs);
  let at = 0;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    for (let k = demandOffsets[i]; k < demandOffsets[i + 1]; k++) {
      if (demandMinutes[k] > radius || forbidden[demandSites[k]] === 1) continue;
      sites[at] = demandSites[k];
      minutes[at++] = demandMinutes[k];
    }
    offsets[r + 1] = at;
  }
  return {
    demandCount: rows.length,
    siteCount: problem.siteCount,
    demandWeights: new Float64Array(rows.length).fill(1),
    demandOffsets: offsets,
    demandSites: sites,
    demandMinutes: minutes,
    complete: false,
  };
}

/** Per site, the demand points with positive weight it reaches within `radius` (CSR). */
function transposeWithin(problem: SitingProblem, radius: number, forbidden: Uint8Array): { offsets: Uint32Array; demand: Uint32Array } {
  const { demandCount, siteCount: m, demandOffsets, demandSites, demandMinutes, demandWeights } = problem;
  const offsets = new Uint32Array(m + 1);
  for (let i = 0; i < demandCount; i++) {
    if (!(demandWeights[i] > 0)) continue;
    for (let k = demandOffsets[i]; k < demandOffsets[i + 1]; k++) if (demandMinutes[k] <= radius && forbidden[demandSites[k]] === 0) offsets[demandSites[k] + 1]++;
  }
  for (let j = 0; j < m; j++) offsets[j + 1] += offsets[j];
  const at = offsets.slice(0, m);
  const demand = new Uint32Array(offsets[m]);
  for (let i = 0; i < demandCount; i++) {
    if (!(demandWeights[i] > 0)) continue;
    for (let k = demandOffsets[i]; k < demandOffsets[i + 1]; k++) if (demandMinutes[k] <= radius && forbidden[demandSites[k]] === 0) demand[at[demandSites[k]]++] = i;
  }
  return { offsets, demand };
}

/**
 * Greedy completion (Chvátal 1979) of `start` to a cover of all demand with positive weight
 * within `radius`: repeatedly the site reaching most uncovered demand (lowest index on ties).
 * Returns the sites when at most `limit` suffice, else null. O(pairs within the radius).
 */
function greedyCompletion(
  problem: SitingProblem,
  columns: { offsets: Uint32Array; demand: Uint32Array },
  radius: number,
  start: readonly number[],
  limit: number,
): number[] | null {
  const { demandCount, siteCount: m, demandOffsets, demandSites, demandMinutes, demandWeights } = problem;
  const covered = new Uint8Array(demandCount);
  const gain = new Int32Array(m);
  for (let j = 0; j < m; j++) gain[j] = columns.offsets[j + 1] - columns.offsets[j];
  let uncovered = 0;
  for (let i = 0; i < demandCount; i++) if (demandWeights[i] > 0) uncovered++;
  const chosen: number[] = [];
  const take = (site: number) => {
    chosen.push(site);
    for (let q = columns.offsets[site]; q < columns.offsets[site + 1]; q++) {
      const i = columns.demand[q];
      if (covered[i] === 1) continue;
      covered[i] = 1;
      uncovered--;
      for (let k = demandOffsets[i]; k < demandOffsets[i + 1]; k++) if (demandMinutes[k] <= radius) gain[demandSites[k]]--;
    }
  };
  for (const s of new Set(start)) take(s);
  while (uncovered > 0) {
    if (chosen.length >= limit) return null;
    let best = -1;
    for (let j = 0; j < m; j++) if (gain[j] > 0 && (best === -1 || gain[j] > gain[best])) best = j;
    if (best === -1) return null;
    take(best);
  }
  return chosen.sort((a, b) => a - b);
}
