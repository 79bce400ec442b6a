import { AirreachError } from '../../errors.js';
import { nearestChosenSites } from '../../models/nearestChosenSites.js';
import { evaluatePCenter } from '../../models/pCenter.js';
import type { SitingProblem, SolveResult } from '../../models/sitingProblem.js';
import { resolveOptions } from '../../resolveOptions.js';
import { finishResult } from '../kernel/finishResult.js';
import { resolvePSiteRules } from '../kernel/resolvePSiteRules.js';
import { budgetOf, type SolveBudgetOptions } from '../kernel/workBudget.js';
import { DEFAULT_DECIDE_P_CENTER_RADIUS_OPTIONS, decidePCenterRadius } from './decidePCenterRadius.js';
import { checkProblemTotals } from '../kernel/checkProblemTotals.js';

/** Options of {@link solvePCenter}. */
export interface SolvePCenterOptions extends SolveBudgetOptions {
  /** p: how many sites to open in total (fixed sites included). Required. */
  siteCount: number;
  fixedSites?: readonly number[];
  forbiddenSites?: readonly number[];
}

/** Defaults of {@link solvePCenter}. */
export const DEFAULT_SOLVE_P_CENTER_OPTIONS: Required<Omit<SolvePCenterOptions, 'siteCount' | keyof SolveBudgetOptions>> = {
  fixedSites: [],
  forbiddenSites: [],
};

/**
 * Solves the p-center model (see `src/models/pCenter.ts`): least worst-case response minutes
 * over demand with positive weight, with exactly `siteCount` sites.
 *
 * The optimum is one of the stored minutes values, so the search is a binary search over the
 * sorted distinct values (Minieka 1970; Daskin 2013 §5.2), between a lower bound (every demand
 * must reach some allowed site: max_i min_j t_ij) and the radius of a farthest-first heuristic
 * solution (Gonzalez 1985). Each step asks the set-covering decision "do ≤ p sites, fixed ones
 * included, cover every demand within r?", answered exactly by `solveSetCovering` (reductions,
 * greedy, Lagrangian bound, HiGHS). A feasible answer's own radius can drop below r and
 * narrows the search further.
 *
 * `status` is `optimal` only when the radius just below the answer was proven infeasible.
 * Out of work, the answer is `feasible` with `bound` = the smallest radius not yet proven
 * infeasible. When some demand with positive weight reaches no allowed site (sparse problems)
 * the status is `infeasible` and `details.unreachableDemand` lists it.
 *
 * @example
 * const result = await solvePCenter(problem, { siteCount: 5, workLimit: 5e9 });
 * console.log(`${result.objective} min worst case, bound ${result.bound}`);
 */
export async function solvePCenter(problem: SitingProblem, options: SolvePCenterOptions): Promise<SolveResult> {
  const started = performance.now();
  const settings = resolveOptions(DEFAULT_SOLVE_P_CENTER_OPTIONS, options);
  const work = budgetOf(options);
  checkProblemTotals(problem);
  const rules = resolvePSiteRules(problem, settings.siteCount, settings.fixedSites, settings.forbiddenSites);
  const p = rules.siteCount;
  const status = rules.siteStatus;
  const { demandCount, demandOffsets, demandSites, demandMinutes, demandWeights } = problem;

  // Lower bound and the candidate radii: minutes of pairs with counted demand and allowed site.
  let lowerMinutes = 0;
  const unreachableDemand: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < demandCount; i++) {
    if (!(demandWeights[i] > 0)) continue;
    let nearest = Infinity;
    for (let k = demandOffsets[i]; k < demandOffsets[i + 1]; k++) {
      if (status[demandSites[k]] === -1) continue;
      values.push(demandMinutes[k]);
      if (demandMinutes[k] < nearest) nearest = demandMinutes[k];
    }
    if (nearest === Infinity) unreachableDemand.push(i);
    else if (nearest > lowerMinutes) lowerMinutes = nearest;
  }
  const radii = Float64Array.from(values).sort();
  let distinct = 0;
  for (let k = 0; k < radii.length; k++) if (k === 0 || radii[k] !== radii[distinct - 1]) radii[distinct++] = radii[k];
  const sortedRadii = radii.subarray(0, distinct);

  let best = farthestFirst(problem, status, p);
  let bestMinutes = evaluatePCenter(problem, best).maxMinutes;
  work.spend(problem.demandOffsets[demandCount] * Math.max(1, Math.log2(sortedRadii.length + 1)));
  const finish = (proven: boolean, boundMinutes: number, extra: Record<string, unknown>): SolveResult => {
    // Demand no chosen site reaches (a sparse problem where p sites cannot reach everything)
    // would make the worst case infinite: the answer is then infeasible, scored on the rest.
    const { minutes } = nearestChosenSites(problem, best);
    let objective = 0;
    const unreachedDemand: number[] = [];
    for (let i = 0; i < demandCount; i++) {
      if (!(demandWeights[i] > 0)) continue;
      if (minutes[i] === Infinity) unreachedDemand.push(i);
      else if (minutes[i] > objective) objective = minutes[i];
    }
    const infeasible = unreachableDemand.length > 0 || unreachedDemand.length > 0;
    return finishResult({
      model: 'pCenter',
      sense: 'minimize',
      objective,
      bound: boundMinutes,
      trivialBound: lowerMinutes,
      proven,
      infeasible,
      selectedSites: best,
      siteCount: p,
      solver: 'farthest-first+binary-search+set-covering',
      started,
      budget: work,
      details: { ...extra, unreachableDemand, ...(unreachedDemand.length > unreachableDemand.length ? { unreachedDemand } : {}) },
    });
  };
  if (unreachableDemand.length > 0) return finish(false, Infinity, { diagnostic: `${unreachableDemand.length} demand point(s) reach no allowed site` });
  if (rules.fixedSites.length === p) return finish(true, bestMinutes, { decisions: 0 });

  // Invariant: radii[lo] is the least radius not proven infeasible; radii[hi] is achieved by
  // `best`. On a sparse problem the heuristic's sites may leave demand unreached (worst case
  // Infinity): then no radius is achieved yet, and hi starts past the last one, so that the
  // largest radius is decided too (it was taken as achieved, and a problem p sites can serve
  // was called infeasible).
  let lo = lowerIndex(sortedRadii, lowerMinutes);
  let hi = bestMinutes === Infinity ? sortedRadii.length : lowerIndex(sortedRadii, bestMinutes);
  let decisions = 0;
  let rounds = 0;
  // Working demand rows of the row generation, shared by all radii: start with the demand
  // point farthest from every allowed site and the one the heuristic serves worst.
  const workingRows: number[] = [];
  for (let i = 0; i < demandCount && workingRows.length === 0; i++) {
    if (!(demandWeights[i] > 0)) continue;
    let nearest = Infinity;
    for (let k = demandOffsets[i]; k < demandOffsets[i + 1]; k++) if (status[demandSites[k]] !== -1 && demandMinutes[k] < nearest) nearest = demandMinutes[k];
    if (nearest === lowerMinutes) workingRows.push(i);
  }
  const worstServed = evaluatePCenter(problem, best).worstDemand;
  if (worstServed >= 0 && worstServed !== workingRows[0]) workingRows.push(worstServed);
  while (lo < hi) {
    if (!work.canContinue()) break;
    const mid = (lo + hi) >>> 1;
    const radius = sortedRadii[mid];
    decisions++;
    if (disjointDemandCount(problem, status, radius, p) > p) {
      lo = mid + 1;
      continue;
    }
    const decision = await decidePCenterRadius(problem, p, radius, workingRows, resolveOptions(DEFAULT_DECIDE_P_CENTER_RADIUS_OPTIONS, {
      fixedSites: rules.fixedSites,
      forbiddenSites: settings.forbiddenSites,
      workBudget: work,
    }));
    rounds += decision.rounds;
    if (decision.answer === 'feasible') {
      best = padSites(decision.sites, status, p);
      bestMinutes = evaluatePCenter(problem, best).maxMinutes;
      hi = Math.min(mid, lowerIndex(sortedRadii, bestMinutes));
    } else if (decision.answer === 'infeasible') {
      lo = mid + 1;
    } else {
      break; // undecided within the time left: stop with an honest gap
    }
  }
  if (bestMinutes === Infinity && lo < hi) {
    throw new AirreachError('E_WORK_BUDGET', `no ${p} sites reaching every demand point were found within the work budget (not proven impossible)`, {
      value: { workLimit: work.limit, stoppedBy: work.stoppedBy(false) },
      hint: 'Raise the work limit (--work), or list more (demand, site) pairs: some demand is reached by few sites',
    });
  }
  // lo past the last radius: no p sites reach every demand point, proven (the answer is infeasible).
  return finish(lo >= hi, lo < sortedRadii.length ? sortedRadii[lo] : Infinity, { decisions, coverRounds: rounds, workingRows: workingRows.length, lowerBoundMinutes: lowerMinutes });
}

/**
 * A cheap infeasibility proof: demand points (not reached by a fixed site) whose sets of
 * allowed sites within `radius` are pairwise disjoint each need their own site, so finding
 * more than p − |fixed| of them proves that p sites cannot cover. Greedy, smallest sets first.
 * Returns that count plus the number of fixed sites.
 */
function disjointDemandCount(problem: SitingProblem, status: Int8Array, radius: number, p: number): number {
  const { demandCount, siteCount: m, demandOffsets, demandSites, demandMinutes, demandWeights } = problem;
  const candidates: number[] = [];
  const size = new Uint32Array(demandCount);
  let fixedCount = 0;
  for (let j = 0; j < m; j++) if (status[j] === 1) fixedCount++;
  for (let i = 0; i < demandCount; i++) {
    if (!(demandWeights[i] > 0)) continue;
    let reachedByFixed = false;
    let count = 0;
    for (let k = demandOffsets[i]; k < demandOffsets[i + 1]; k++) {
      if (demandMinutes[k] > radius || status[demandSites[k]] === -1) continue;
      if (status[demandSites[k]] === 1) reachedByFixed = true;
      count++;
    }
    if (reachedByFixed) continue;
    size[i] = count;
    candidates.push(i);
  }
  candidates.sort((a, b) => size[a] - size[b] || a - b);
  const used = new Uint8Array(m);
  let packed = fixedCount;
  for (const i of candidates) {
    let free = true;
    for (let k = demandOffsets[i]; k < demandOffsets[i + 1] && free; k++) {
      if (demandMinutes[k] <= radius && status[demandSites[k]] !== -1 && used[demandSites[k]] === 1) free = false;
    }
    if (!free) continue;
    for (let k = demandOffsets[i]; k < demandOffsets[i + 1]; k++) if (demandMinutes[k] <= radius && status[demandSites[k]] !== -1) used[demandSites[k]] = 1;
    if (++packed > p) break;
  }
  return packed;
}

/** Index of the first radius ≥ value. */
function lowerIndex(radii: Float64Array, value: number): number {
  let lo = 0;
  let hi = radii.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (radii[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Fills a cover of fewer than p sites up to exactly p with the lowest free sites (never worse). */
function padSites(sites: readonly number[], status: Int8Array, p: number): number[] {
  const chosen = new Set(sites);
  for (let j = 0; j < status.length && chosen.size < p; j++) if (status[j] !== -1) chosen.add(j);
  return [...chosen].sort((a, b) => a - b);
}

/**
 * Farthest-first start (Gonzalez 1985): fixed sites, then repeatedly the allowed site nearest
 * to the demand point currently worst served (the 1-center when nothing is open yet).
 */
function farthestFirst(problem: SitingProblem, status: Int8Array, p: number): number[] {
  const { demandCount, siteCount: m, demandOffsets, demandSites, demandMinutes, demandWeights } = problem;
  const chosen: number[] = [];
  const open = new Uint8Array(m);
  const served = new Float64Array(demandCount).fill(Infinity);
  const openSite = (site: number) => {
    chosen.push(site);
    open[site] = 1;
    for (let i = 0; i < demandCount; i++) {
      for (let k = demandOffsets[i]; k < demandOffsets[i + 1]; k++) {
        if (demandSites[k] === site && demandMinutes[k] < served[i]) served[i] = demandMinutes[k];
      }
    }
  };
  for (let j = 0; j < m; j++) if (status[j] === 1) openSite(j);
  if (chosen.length === 0) {
    const worst = new Float64Array(m);
    const reached = new Uint32Array(m);
    let counted = 0;
    for (let i = 0; i < demandCount; i++) {
      if (!(demandWeights[i] > 0)) continue;
      counted++;
      for (let k = demandOffsets[i]; k < demandOffsets[i + 1]; k++) {
        const s = demandSites[k];
        reached[s]++;
        if (demandMinutes[k] > worst[s]) worst[s] = demandMinutes[k];
      }
    }
    let pick = -1;
    for (let j = 0; j < m; j++) {
      if (status[j] === -1 || reached[j] < counted) continue;
      if (pick === -1 || worst[j] < worst[pick]) pick = j;
    }
    if (pick === -1) for (let j = 0; j < m && pick === -1; j++) if (status[j] !== -1) pick = j;
    openSite(pick);
  }
  while (chosen.length < p) {
    let far = -1;
    for (let i = 0; i < demandCount; i++) if (demandWeights[i] > 0 && (far === -1 || served[i] > served[far])) far = i;
    let pick = -1;
    let pickMinutes = Infinity;
    for (let k = demandOffsets[far]; k < demandOffsets[far + 1]; k++) {
      const s = demandSites[k];
      if (status[s] !== -1 && open[s] === 0 && demandMinutes[k] < pickMinutes) [pick, pickMinutes] = [s, demandMinutes[k]];
    }
    if (pick === -1) for (let j = 0; j < m && pick === -1; j++) if (status[j] !== -1 && open[j] === 0) pick = j;
    openSite(pick);
  }
  return chosen.sort((a, b) => a - b);
}
