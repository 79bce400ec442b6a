import type { BackupCoveringOptions } from '../../models/backupCovering.js';
import { evaluateBackupCovering } from '../../models/backupCovering.js';
import type { SitingProblem, SolveResult } from '../../models/sitingProblem.js';
import { resolveOptions } from '../../resolveOptions.js';
import { finishResult } from '../kernel/finishResult.js';
import { budgetOf, type SolveBudgetOptions } from '../kernel/workBudget.js';
import { MilpBuilder } from '../milp/milpBuilder.js';
import { reduceCovering } from './reduceCovering.js';
import { resolveSiteRules } from '../kernel/resolveSiteRules.js';
import { solveMaximalCovering } from './solveMaximalCovering.js';
import { solveMilp } from '../milp/solveMilp.js';
import { checkProblemTotals } from '../kernel/checkProblemTotals.js';

/** Options of {@link solveBackupCovering}. */
export interface SolveBackupCoveringOptions extends BackupCoveringOptions, SolveBudgetOptions {
  seed?: number;
}

/** Defaults of {@link SolveBackupCoveringOptions} (the primary stage may spend half the work budget). */
export const DEFAULT_SOLVE_BACKUP_COVERING_OPTIONS = { seed: 1 };

/**
 * Solves backup coverage lexicographically ({@link BackupCoveringOptions}, after Hogan &
 * ReVelle 1986): first the MCLP optimum Z* with {@link solveMaximalCovering}; then the MILP
 * that maximises demand reached by ≥ 2 sites subject to primary coverage ≥ Z*, through HiGHS,
 * started from the MCLP answer. Reductions: only merging of equal cover sets — dropping
 * dominated sites is not valid here, since a dominated site can still give second cover.
 * `objective` is the backup-covered weight; `details.primaryCovered` the primary one. The
 * answer is `optimal` only when both stages were proven.
 *
 * @example
 * const result = await solveBackupCovering(problem, { standardMinutes: 30, siteCount: 4 });
 * result.details?.primaryCovered;
 */
export async function solveBackupCovering(problem: SitingProblem, options: SolveBackupCoveringOptions): Promise<SolveResult> {
  const started = performance.now();
  const settings = resolveOptions(DEFAULT_SOLVE_BACKUP_COVERING_OPTIONS, options);
  const { standardMinutes, siteCount } = settings;
  const work = budgetOf(options);
  checkProblemTotals(problem);
  resolveSiteRules(problem, options, siteCount);
  const primary = await solveMaximalCovering(problem, {
    standardMinutes,
    siteCount,
    fixedSites: options.fixedSites,
    forbiddenSites: options.forbiddenSites,
    workBudget: work.phase(work.remaining / 2),
    seed: settings.seed,
  });
  const model = reduceCovering(problem, standardMinutes, {
    fixedSites: options.fixedSites,
    forbiddenSites: options.forbiddenSites,
    dominance: 'none',
    removeFixedCover: false,
    workBudget: work,
  });
  const { rowCount, columnCount, rowOffsets, rowColumns, rowWeights } = model;
  const columnOfSite = new Map<number, number>();
  model.columnSites.forEach((s, c) => columnOfSite.set(s, c));
  // A fixed site that reaches no demand has no column but still takes one of the p sites.
  const fixedOutside = model.fixedSites.filter((s) => !columnOfSite.has(s)).length;
  // Columns: x (columnCount, binary), y (rowCount, binary, as in BACOP2), u (rowCount).
  // y is binary, not relaxed: with the primary row's slack below, HiGHS 1.15 answered some
  // relaxed models wrongly ("optimal" 6 or 15 where 19 is reachable, or "infeasible"); binary y
  // leaves u integral at any integral x, y (u ≤ min(y, Σ x − y)).
  const n = columnCount + 2 * rowCount;
  const milp = new MilpBuilder('maximize', { columns: n, rows: 2 * rowCount + 2, entries: rowColumns.length + 5 * rowCount + columnCount });
  for (let c = 0; c < columnCount; c++) milp.addColumn(0, model.columnFixed[c] ? 1 : 0, 1, true);
  milp.addColumns(rowCount, 0, 0, 1, true);
  // A row only one site reaches cannot get a backup.
  for (let r = 0; r < rowCount; r++) milp.addColumn(rowWeights[r], 0, rowOffsets[r + 1] - rowOffsets[r] < 2 ? 0 : 1);
  for (let r = 0; r < rowCount; r++) {
    for (let k = rowOffsets[r]; k < rowOffsets[r + 1]; k++) milp.entry(rowColumns[k], -1);
    milp.entry(columnCount + r, 1).entry(columnCount + rowCount + r, 1).endRow(-Infinity, 0); // y_r + u_r − Σ x ≤ 0
  }
  for (let r = 0; r < rowCount; r++) milp.entry(columnCount + r, -1).entry(columnCount + rowCount + r, 1).endRow(-Infinity, 0); // u_r − y_r ≤ 0
  for (let r = 0; r < rowCount; r++) milp.entry(columnCount + r, rowWeights[r]);
  // Σ w y ≥ Z*, with a small slack: Z* was computed with the same weights, so only rounding separates them.
  milp.endRow(primary.objective - 1e-7 * Math.max(1, primary.objective), Infinity);
  for (let c = 0; c < columnCount; c++) milp.entry(c, 1);
  milp.endRow(0, siteCount - fixedOutside); // Σ x ≤ p (p exactly once padded with useless sites)

  const start = new Float64Array(n);
  for (const s of primary.selectedSites) {
    const c = columnOfSite.get(s);
    if (c !== undefined) start[c] = 1;
  }
  for (let r = 0; r < rowCount; r++) {
    let reach = 0;
    for (let k = rowOffsets[r]; k < rowOffsets[r + 1]; k++) reach += start[rowColumns[k]];
    start[columnCount + r] = reach >= 1 ? 1 : 0;
    start[columnCount + rowCount + r] = reach >= 2 ? 1 : 0;
  }
  const result = work.canContinue() ? await solveMilp(milp.build(), { workBudget: work, initialSolution: start }) : null;
  let sites = primary.selectedSites;
  if (result?.columnValues) {
    const chosen = new Set<number>();
    for (let c = 0; c < columnCount; c++) if (result.columnValues[c] > 0.5) chosen.add(model.columnSites[c]);
    const candidate = [...chosen];
    const a = evaluateBackupCovering(problem, candidate, { standardMinutes });
    const b = evaluateBackupCovering(problem, sites, { standardMinutes });
    if (a.primaryCovered >= primary.objective - 1e-7 * Math.max(1, primary.objective) && a.objective > b.objective) sites = candidate;
  }
  // Fixed sites first: one that reaches nothing is in neither the columns nor the dropped sites.
  const selected = new Set([...model.fixedSites, ...sites]);
  for (const s of [...model.columnSites, ...model.droppedSites]) {
    if (selected.size >= siteCount) break;
    selected.add(s);
  }
  const selectedSites = [...selected].sort((x, y) => x - y);
  const evaluation = evaluateBackupCovering(problem, selectedSites, { standardMinutes });
  return finishResult({
    model: 'backupCovering',
    sense: 'maximize',
    objective: evaluation.objective,
    bound: result?.bound ?? Number.NaN,
    // Backup cover never exceeds primary cover, which never exceeds the primary stage's bound.
    trivialBound: primary.bound,
    proven: result?.status === 'optimal' && primary.status === 'optimal',
    // The second stage's bound holds for the first stage's Z*, which may not be the optimum.
    boundProves: false,
    selectedSites,
    siteCount,
    solver: `${primary.solver}>highs`,
    started,
    budget: work,
    details: {
      primaryCovered: evaluation.primaryCovered,
      primaryOptimum: primary.objective,
      primaryStatus: primary.status,
      totalWeight: evaluation.totalWeight,
      reducedRows: rowCount,
      reducedColumns: columnCount,
    },
  });
}
