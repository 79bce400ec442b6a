import { AirreachError } from '../../errors.js';
import { evaluateMaximumAvailability, requiredAircraft, type MaximumAvailabilityOptions } from '../../models/maximumAvailability.js';
import type { SitingProblem, SolveResult } from '../../models/sitingProblem.js';
import { resolveOptions } from '../../resolveOptions.js';
import { transpose } from '../covering/reduceCovering.js';
import { checkProblemTotals } from '../kernel/checkProblemTotals.js';
import { finishResult } from '../kernel/finishResult.js';
import { budgetOf, type SolveBudgetOptions } from '../kernel/workBudget.js';
import { MilpBuilder } from '../milp/milpBuilder.js';
import { solveMilp } from '../milp/solveMilp.js';
import { aircraftCaps } from './aircraftCaps.js';
import { groupDemandRows } from './groupDemandRows.js';
import { branchAndBoundMaximumAvailability, reliableWeight } from './maximumAvailabilityBranchAndBound.js';

/** Options of {@link solveMaximumAvailability}. */
export interface SolveMaximumAvailabilityOptions extends MaximumAvailabilityOptions, SolveBudgetOptions {
  /**
   * Node LPs of the branch and bound over ReVelle & Hogan's LP
   * ({@link branchAndBoundMaximumAvailability}) before HiGHS's MILP takes over from its best
   * placement (0: straight to the MILP). Not used with a `budget` (the MILP alone then). Today's
   * question closes in 3.
   */
  lpNodes?: number;
}

/**
 * Defaults of {@link SolveMaximumAvailabilityOptions}: aircraft cost nothing (a budget then
 * counts base costs only); at most 200 node LPs before the MILP.
 */
export const DEFAULT_SOLVE_MAXIMUM_AVAILABILITY_OPTIONS = { aircraftCost: 0, lpNodes: 200 };

/**
 * Solves the MALP ({@link MaximumAvailabilityOptions}, ReVelle & Hogan 1989) with aircraft as
 * decisions: how many aircraft at which bases so that the most demand has b aircraft within the
 * standard. Steps: demand grouped by cover set; a greedy start (each aircraft where it makes the
 * most demand reach b, then where it brings the most demand closer to b; within the budget);
 * without a budget, a branch and bound over the model's LP in one HiGHS session
 * ({@link branchAndBoundMaximumAvailability}, at most `lpNodes` node LPs: today's question
 * closes in 3, where HiGHS's MILP spent 1.5 s of cut separation at its root); when that tree is
 * left open, or with a budget, the MILP of the model's doc comment through HiGHS, started from
 * the best answer so far, and the smaller of the two bounds. `selectedSites` are the bases
 * used, `details.aircraftCounts[k]` the aircraft at `selectedSites[k]`, `details.lpNodes` the
 * tree's node LPs. `optimal` only when the tree or HiGHS proves it.
 *
 * @example
 * const result = await solveMaximumAvailability(problem, { standardMinutes: 30, aircraftCount: 14, busyFraction: 0.1, reliability: 0.95, maxAircraftPerSite: 3 });
 */
export async function solveMaximumAvailability(problem: SitingProblem, options: SolveMaximumAvailabilityOptions): Promise<SolveResult> {
  const started = performance.now();
  const work = budgetOf(options);
  checkProblemTotals(problem);
  const { standardMinutes, aircraftCount: fleet, busyFraction, reliability } = options;
  const b = requiredAircraft(busyFraction, reliability);
  const { aircraftCost, lpNodes: maxNodes } = resolveOptions(DEFAULT_SOLVE_MAXIMUM_AVAILABILITY_OPTIONS, options);
  if (!(aircraftCost >= 0 && Number.isFinite(aircraftCost))) throw new AirreachError('E_OPTION', 'aircraftCost must be a finite number ≥ 0', { value: aircraftCost, where: { field: 'aircraftCost' } });
  if (!Number.isInteger(maxNodes) || maxNodes < 0 || maxNodes > 1e6) throw new AirreachError('E_OPTION', 'lpNodes must be an integer from 0 to 1,000,000', { value: maxNodes, where: { field: 'lpNodes' } });
  const budgetLimit = options.budget;
  if (budgetLimit !== undefined && !(budgetLimit >= 0 && Number.isFinite(budgetLimit))) throw new AirreachError('E_OPTION', 'budget must be a finite number ≥ 0', { value: budgetLimit, where: { field: 'budget' } });
  const caps = aircraftCaps(problem, options, options.maxAircraftPerSite, fleet, fleet, 'aircraftCount');
  const siteCost = (s: number) => (problem.siteCosts ? problem.siteCosts[s] : 1);
  const rows = groupDemandRows(problem, [standardMinutes], caps.forbidden, work);
  const { rowCount, rowWeights } = rows;
  const offsets = rows.offsets[0];
  const rowSites = rows.sites[0];
  const m = problem.siteCount;
  // Sites by row, transposed: the greedy's gain of a site is over its rows.
  const { offsets: siteRowsOffsets, items: siteRows } = transpose(offsets, rowSites, m);

  // Greedy start.
  const counts = new Int32Array(m);
  const reach = new Int32Array(rowCount);
  let placed = 0;
  let spentCost = 0;
  const add = (s: number) => {
    spentCost += (counts[s] === 0 ? siteCost(s) : 0) + aircraftCost;
    counts[s]++;
    placed++;
    for (let t = siteRowsOffsets[s]; t < siteRowsOffsets[s + 1]; t++) reach[siteRows[t]]++;
  };
  for (const s of caps.fixedSites) add(s);
  const feasibleStart = budgetLimit === undefined || spentCost <= budgetLimit * (1 + 1e-12) + 1e-9;
  const scanWork = siteRows.length + m;
  while (placed < fleet && work.spend(scanWork)) {
    let pick = -1;
    let bestReliable = -1;
    let bestProgress = -1;
    for (let s = 0; s < m; s++) {
      if (counts[s] >= caps.upper[s]) continue;
      if (budgetLimit !== undefined && spentCost + (counts[s] === 0 ? siteCost(s) : 0) + aircraftCost > budgetLimit * (1 + 1e-12) + 1e-9) continue;
      let reliable = 0;
      let progress = 0;
      for (let t = siteRowsOffsets[s]; t < siteRowsOffsets[s + 1]; t++) {
        const r = siteRows[t];
        if (reach[r] === b - 1) reliable += rowWeights[r];
        else if (reach[r] < b - 1) progress += rowWeights[r];
      }
      if (reliable > bestReliable || (reliable === bestReliable && progress > bestProgress)) {
        pick = s;
        bestReliable = reliable;
        bestProgress = progress;
      }
    }
    if (pick < 0 || bestReliable + bestProgress <= 0) break;
    add(pick);
  }

  const withBudget = budgetLimit !== undefined;
  // The MILP: x_j aircraft (integer), o_j open (binary, only with a budget), y_r reliable;
  // started from `counts` (the greedy's, or the tree's best).
  const availabilityMilp = () => {
    const reached = new Int32Array(rowCount);
    for (let r = 0; r < rowCount; r++) for (let t = offsets[r]; t < offsets[r + 1]; t++) reached[r] += counts[rowSites[t]];
    const builder = new MilpBuilder('maximize', { columns: m * 2 + rowCount, rows: rowCount + m + 2, entries: rowSites.length + rowCount + 4 * m });
    const initial: number[] = [];
    for (let s = 0; s < m; s++) {
      builder.addColumn(0, caps.lower[s], caps.upper[s], true);
      initial.push(counts[s]);
    }
    const open = withBudget ? builder.addColumns(m, 0, 0, 1, true) : -1;
    if (withBudget) for (let s = 0; s < m; s++) initial.push(counts[s] > 0 ? 1 : 0);
    const yFirst = builder.columnTotal;
    for (let r = 0; r < rowCount; r++) {
      builder.addColumn(rowWeights[r], 0, offsets[r + 1] > offsets[r] ? 1 : 0, true);
      initial.push(reached[r] >= b ? 1 : 0);
    }
    for (let r = 0; r < rowCount; r++) {
      if (offsets[r + 1] === offsets[r]) continue;
      builder.entry(yFirst + r, b);
      for (let t = offsets[r]; t < offsets[r + 1]; t++) builder.entry(rowSites[t], -1);
      builder.endRow(-Infinity, 0);
    }
    for (let s = 0; s < m; s++) builder.entry(s, 1);
    builder.endRow(0, fleet);
    if (withBudget) {
      for (let s = 0; s < m; s++) builder.entry(s, 1).entry(open + s, -caps.upper[s]).endRow(-Infinity, 0);
      for (let s = 0; s < m; s++) builder.entry(s, aircraftCost).entry(open + s, siteCost(s));
      builder.endRow(-Infinity, budgetLimit);
    }
    return { model: builder.build(), initial: Float64Array.from(initial) };
  };
  let solver = 'greedy';
  let bound = Number.NaN;
  let proven = false;
  let infeasible = false;
  let lpNodes = 0;
  // The fixed sites' least cost is every answer's least cost: over the budget, none is feasible.
  if (!feasibleStart) infeasible = true;
  else {
    // The tree's LP has no budget row: with a budget the MILP alone answers.
    if (!withBudget && maxNodes > 0 && work.canContinue()) {
      const availabilityRows = { rowCount, siteCount: m, rowOffsets: offsets, rowSites, rowWeights };
      const tree = await branchAndBoundMaximumAvailability(availabilityRows, { total: fleet, required: b, lower: caps.lower, upper: caps.upper, start: counts }, work, { maxNodes });
      solver += '+lp-bb';
      if (reliableWeight(availabilityRows, tree.counts, b) > reliableWeight(availabilityRows, counts, b)) counts.set(tree.counts);
      if (Number.isFinite(tree.bound)) bound = tree.bound;
      proven = tree.optimal;
      lpNodes = tree.nodes;
    }
    if (!proven && work.canContinue()) {
      const { model, initial } = availabilityMilp();
      const milp = await solveMilp(model, { workBudget: work, initialSolution: initial });
      solver += '+highs';
      if (milp.status === 'infeasible') infeasible = true;
      if (milp.columnValues) {
        const candidate = Int32Array.from({ length: m }, (_, s) => Math.round(milp.columnValues![s]));
        const score = (c: Int32Array) => evaluateMaximumAvailability(problem, sitesOf(c), { standardMinutes, busyFraction, reliability, aircraftCounts: countsOf(c) }).objective;
        if (score(candidate) >= score(counts)) counts.set(candidate);
      }
      // The smaller of the tree's and HiGHS's bounds: both hold for every placement.
      if (Number.isFinite(milp.bound)) bound = Number.isFinite(bound) ? Math.min(bound, milp.bound) : milp.bound;
      proven = milp.status === 'optimal';
    }
  }
  const selectedSites = sitesOf(counts);
  const aircraftCounts = countsOf(counts);
  const evaluation = evaluateMaximumAvailability(problem, selectedSites, { standardMinutes, busyFraction, reliability, aircraftCounts, aircraftCost });
  return finishResult({
    model: 'maximumAvailability',
    sense: 'maximize',
    objective: evaluation.objective,
    bound,
    trivialBound: evaluation.totalWeight,
    proven,
    infeasible,
    selectedSites,
    solver,
    started,
    budget: work,
    details: {
      aircraftCounts,
      aircraftPlaced: aircraftCounts.reduce((a, c) => a + c, 0),
      requiredAircraft: b,
      reliableShare: evaluation.reliableShare,
      primaryShare: evaluation.totalWeight > 0 ? evaluation.primaryCovered / evaluation.totalWeight : 1,
      cost: evaluation.cost,
      totalWeight: evaluation.totalWeight,
      reducedRows: rowCount,
      lpNodes,
    },
  });
}

function sitesOf(counts: Int32Array): number[] {
  const sites: number[] = [];
  counts.forEach((c, s) => {
    if (c > 0) sites.push(s);
  });
  return sites;
}

function countsOf(counts: Int32Array): number[] {
  return Array.from(counts).filter((c) => c > 0);
}
