import type { BackupCoveringOptions } from '../../models/backupCovering.js';
import { evaluateBackupCovering } from '../../models/backupCovering.js';
import type { SitingProblem, SolveResult } from '../../models/sitingProblem.js';
import { reduceCovering } from './reduceCovering.js';
import { resolveSiteRules } from '../kernel/resolveSiteRules.js';
import { solveMaximalCovering } from './solveMaximalCovering.js';
import { solveMilp } from '../milp/solveMilp.js';

/** Options of {@link solveBackupCovering}. */
export interface SolveBackupCoveringOptions extends BackupCoveringOptions {
  /** Wall-clock budget per stage (primary MCLP, then the backup MILP). */
  timeLimitSeconds?: number;
  seed?: number;
}

/** Defaults of {@link SolveBackupCoveringOptions}. */
export const DEFAULT_SOLVE_BACKUP_COVERING_OPTIONS = { timeLimitSeconds: 60, seed: 1 };

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
  const settings = { ...DEFAULT_SOLVE_BACKUP_COVERING_OPTIONS, ...options };
  const { standardMinutes, siteCount } = settings;
  resolveSiteRules(problem, options, siteCount);
  const primary = await solveMaximalCovering(problem, {
    standardMinutes,
    siteCount,
    fixedSites: options.fixedSites,
    forbiddenSites: options.forbiddenSites,
    timeLimitSeconds: settings.timeLimitSeconds,
    seed: settings.seed,
  });
  const model = reduceCovering(problem, standardMinutes, {
    fixedSites: options.fixedSites,
    forbiddenSites: options.forbiddenSites,
    dominance: 'none',
    removeFixedCover: false,
  });
  const { rowCount, columnCount, rowOffsets, rowColumns, rowWeights } = model;
  // Columns: x (columnCount, binary), y (rowCount), u (rowCount).
  const n = columnCount + 2 * rowCount;
  const columnCosts = new Float64Array(n);
  const columnLower = new Float64Array(n);
  const columnUpper = new Float64Array(n).fill(1);
  const integer = new Uint8Array(n);
  for (let c = 0; c < columnCount; c++) {
    integer[c] = 1;
    if (model.columnFixed[c]) columnLower[c] = 1;
  }
  for (let r = 0; r < rowCount; r++) {
    columnCosts[columnCount + rowCount + r] = rowWeights[r];
    // A row only one site reaches cannot get a backup.
    if (rowOffsets[r + 1] - rowOffsets[r] < 2) columnUpper[columnCount + rowCount + r] = 0;
  }
  const m = 2 * rowCount + 2;
  const offsets = new Int32Array(m + 1);
  const nnz = rowColumns.length + 4 * rowCount + rowCount + columnCount;
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  const rowLower = new Float64Array(m).fill(-Infinity);
  const rowUpper = new Float64Array(m);
  let at = 0;
  let row = 0;
  const push = (column: number, value: number) => {
    indices[at] = column;
    values[at++] = value;
  };
  for (let r = 0; r < rowCount; r++) {
    for (let k = rowOffsets[r]; k < rowOffsets[r + 1]; k++) push(rowColumns[k], -1);
    push(columnCount + r, 1);
    push(columnCount + rowCount + r, 1);
    offsets[++row] = at; // y_r + u_r − Σ x ≤ 0
  }
  for (let r = 0; r < rowCount; r++) {
    push(columnCount + r, -1);
    push(columnCount + rowCount + r, 1);
    offsets[++row] = at; // u_r − y_r ≤ 0
  }
  for (let r = 0; r < rowCount; r++) push(columnCount + r, rowWeights[r]);
  offsets[++row] = at; // Σ w y ≥ Z*
  // Small slack: Z* was computed with the same weights, so only rounding separates them.
  rowLower[2 * rowCount] = primary.objective - 1e-7 * Math.max(1, primary.objective);
  rowUpper[2 * rowCount] = Infinity;
  for (let c = 0; c < columnCount; c++) push(c, 1);
  offsets[++row] = at; // Σ x ≤ p (p exactly once padded with useless sites)
  rowUpper[2 * rowCount + 1] = siteCount;
  rowLower[2 * rowCount + 1] = 0;

  const columnOfSite = new Map<number, number>();
  model.columnSites.forEach((s, c) => columnOfSite.set(s, c));
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
  const milp = await solveMilp(
    { sense: 'maximize', columnCosts, columnLower, columnUpper, integer, rowLower, rowUpper, rowOffsets: offsets, rowColumns: indices, rowValues: values.subarray(0, at) },
    { timeLimitSeconds: settings.timeLimitSeconds, initialSolution: start },
  );
  let sites = primary.selectedSites;
  if (milp.columnValues) {
    const chosen = new Set<number>();
    for (let c = 0; c < columnCount; c++) if (milp.columnValues[c] > 0.5) chosen.add(model.columnSites[c]);
    const candidate = [...chosen];
    const a = evaluateBackupCovering(problem, candidate, { standardMinutes });
    const b = evaluateBackupCovering(problem, sites, { standardMinutes });
    if (a.primaryCovered >= primary.objective - 1e-7 * Math.max(1, primary.objective) && a.objective > b.objective) sites = candidate;
  }
  const selected = new Set(sites);
  for (const s of [...model.columnSites, ...model.droppedSites]) {
    if (selected.size >= siteCount) break;
    selected.add(s);
  }
  const selectedSites = [...selected].sort((x, y) => x - y);
  const evaluation = evaluateBackupCovering(problem, selectedSites, { standardMinutes });
  const proven = milp.status === 'optimal' && primary.status === 'optimal';
  const bound = proven ? evaluation.objective : Math.max(evaluation.objective, Number.isFinite(milp.bound) ? milp.bound : evaluation.primaryCovered);
  const gap = Math.abs(bound - evaluation.objective) / Math.max(evaluation.objective, 1e-9);
  return {
    model: 'backupCovering',
    status: proven ? 'optimal' : 'feasible',
    objective: evaluation.objective,
    bound,
    gap: proven ? 0 : gap,
    selectedSites,
    runtimeMs: performance.now() - started,
    solver: `${primary.solver}>highs`,
    details: {
      primaryCovered: evaluation.primaryCovered,
      primaryOptimum: primary.objective,
      primaryStatus: primary.status,
      totalWeight: evaluation.totalWeight,
      reducedRows: rowCount,
      reducedColumns: columnCount,
    },
  };
}
