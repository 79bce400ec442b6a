import { basename, extname } from 'node:path';
import { AirreachError } from '../errors.js';
import { checkOutputTargets, writeFilesAtomic } from '../io/writeFileAtomic.js';
import { COMPARISON_OUTPUT_NAMES } from '../report/outputNames.js';
import { cancelledError } from './cancelledError.js';
import { compareHtml } from '../report/html/compareHtml.js';
import { loadScenario, type LoadedScenario, type LoadScenarioOptions } from './loadScenario.js';
import { basesOf, computeCoverage, computeCoverageParallel, readScenarioInputs, reportInputOf, type CoverageRun, type ProgressEvent, type RunOptions, type ScenarioInputs } from './runCoverage.js';
import { finiteJson } from '../report/finiteJson.js';
import { lockOutputFolder, type OutputLock } from '../io/outputFolder.js';
import type { AirreachPool } from '../engine/createPool.js';
import { prepareScenarioReusingGrid } from './scenarioSession.js';
import { scenarioInputFiles } from './scenarioFingerprint.js';
import { checkComparable } from './checkComparable.js';
import { coverageWarnings } from './coverageWarnings.js';
import { checkComparisonBudget, type ComparisonBudgetOptions } from './checkComparisonBudget.js';
import { scenarioMemoryBudget } from './scenarioMemoryBudget.js';
import { DEFAULT_DEMAND_GRID_OPTIONS } from '../grid/buildDemandGrid.js';
import { estimateGridCells } from '../grid/estimateGridCells.js';
import { resolveOptions } from '../resolveOptions.js';

/** One scenario's figures in a comparison, per period and standard. */
export interface ComparisonRow {
  label: string;
  period: string;
  bases: number;
  cost: number | null;
  standards: Array<{ standardMinutes: number; coveredDemandShare: number; coveredCellShare: number; coveredAreaShare: number }>;
  meanMinutes: number | null;
  p90Minutes: number | null;
  maxMinutes: number | null;
  byHazardType: Record<string, number[]>;
  byRegion: Record<string, number[]>;
  /** Against the first scenario, at each standard: cells gained and lost (same grid only). */
  cellsGained: number[] | null;
  cellsLost: number[] | null;
}

/**
 * The comparison table of several coverage runs: per scenario and period the covered shares
 * per standard (overall, per hazard type, per region), the response-time figures, the number of
 * bases and their cost, and — on a shared grid — the cells gained and lost against the first
 * run. Runs must share their standards (else `E_OPTION`).
 *
 * @example
 * const rows = comparisonRows([today, withTwoMore], ['today', '+2 east']);
 */
export function comparisonRows(runs: readonly CoverageRun[], labels: readonly string[]): ComparisonRow[] {
  const first = runs[0];
  const standards = first.inputs.standardsMinutes.join(',');
  runs.forEach((run, r) => {
    if (run.inputs.standardsMinutes.join(',') !== standards) {
      throw new AirreachError('E_OPTION', `scenario ${labels[r]} uses other standards than ${labels[0]}`, {
        value: run.inputs.standardsMinutes,
        where: { file: run.inputs.loaded.file, field: '/standardsMinutes' },
        expected: `[${standards}]`,
        hint: 'Compare scenarios with the same standardsMinutes',
      });
    }
  });
  const rows: ComparisonRow[] = [];
  runs.forEach((run, r) => {
    const bases = basesOf(run.inputs.sites);
    const costs = bases.map((site) => site.cost);
    for (const period of run.periods) {
      const report = period.report;
      const reference = first.periods.find((p) => p.period === period.period);
      const sameGrid = reference !== undefined && sameCells(first, run);
      const gained: number[] = [];
      const lost: number[] = [];
      if (sameGrid && reference) {
        period.outcomes.reachCounts.forEach((counts, k) => {
          const base = reference.outcomes.reachCounts[k];
          let g = 0;
          let l = 0;
          for (let c = 0; c < counts.length; c++) {
            if (counts[c] > 0 && base[c] === 0) g++;
            else if (counts[c] === 0 && base[c] > 0) l++;
          }
          gained.push(g);
          lost.push(l);
        });
      }
      rows.push({
        label: labels[r],
        period: period.period,
        bases: bases.length,
        cost: costs.every((cost) => cost !== undefined) ? costs.reduce((a, b) => a + (b ?? 0), 0) : null,
        standards: report.overall.tiers.map((tier) => ({
          standardMinutes: tier.standardMinutes,
          coveredDemandShare: tier.coveredDemandShare,
          coveredCellShare: tier.coveredCellShare,
          coveredAreaShare: tier.coveredAreaShare,
        })),
        meanMinutes: report.overall.responseMinutes.meanReachable,
        p90Minutes: report.overall.responseMinutes.p90,
        maxMinutes: report.overall.responseMinutes.max,
        byHazardType: Object.fromEntries(report.byHazardType.map((g) => [g.name, g.tiers.map((t) => t.coveredDemandShare)])),
        byRegion: Object.fromEntries(report.byRegion.map((g) => [g.name, g.tiers.map((t) => t.coveredDemandShare)])),
        cellsGained: sameGrid ? gained : null,
        cellsLost: sameGrid ? lost : null,
      });
    }
  });
  return rows;
}

function sameCells(a: CoverageRun, b: CoverageRun): boolean {
  if (a.grid.cellCount !== b.grid.cellCount || a.grid.resolution !== b.grid.resolution) return false;
  for (let c = 0; c < a.grid.cellCount; c++) {
    if (a.grid.h3Low[c] !== b.grid.h3Low[c] || a.grid.h3High[c] !== b.grid.h3High[c]) return false;
  }
  return true;
}

/**
 * Compares scenarios (`airreach compare`): computes each one's coverage, then writes
 * `compare.html` (side-by-side tables and difference maps) and `compare.json` (the rows of
 * {@link comparisonRows}) into `outFolder`, all at once.
 *
 * @example
 * await compareScenarios(['today.json', 'east.json'], { outFolder: 'out/compare' });
 */
export async function compareScenarios(
  scenarioPaths: readonly string[],
  options: RunOptions & LoadScenarioOptions & { outFolder: string; standardMinutes?: number },
): Promise<{ rows: ComparisonRow[]; written: string[] }> {
  const { loaded, labels } = await loadCompared(scenarioPaths, options);
  return compareLoaded(loaded, labels, options);
}

/**
 * The scenarios of a comparison, loaded, with their labels (each scenario's name, else its file
 * name; a name several share gets the file name, then `#2`, `#3`); `E_OPTION` for fewer than two.
 *
 * @example
 * const { loaded, labels } = await loadCompared(['today.json', 'east.json']);
 */
export async function loadCompared(scenarioPaths: readonly string[], options: LoadScenarioOptions = {}): Promise<{ loaded: LoadedScenario[]; labels: string[] }> {
  if (scenarioPaths.length < 2) {
    throw new AirreachError('E_OPTION', 'compare needs at least two scenarios', { value: scenarioPaths.length, where: { field: 'scenarioPaths' }, expected: '2 or more scenario files' });
  }
  const loaded: LoadedScenario[] = [];
  for (const path of scenarioPaths) loaded.push(await loadScenario(path, options));
  const names = loaded.map((one, i) => one.scenario.name ?? basename(scenarioPaths[i], extname(scenarioPaths[i])));
  // A variant that extends another without a name of its own takes that name: the rows and
  // columns of both read "liaoning-today". Shared names get the file's name, then a number.
  const withFile = names.map((name, i) => (names.filter((other) => other === name).length > 1 ? `${name} (${basename(scenarioPaths[i], extname(scenarioPaths[i]))})` : name));
  const labels = withFile.map((label, i) => (withFile.filter((other) => other === label).length > 1 ? `${label} #${withFile.slice(0, i + 1).filter((other) => other === label).length}` : label));
  return { loaded, labels };
}

/**
 * {@link compareScenarios} for scenarios already loaded (e.g. the variants of a sweep).
 *
 * @example
 * await compareLoaded(variants.map((v) => v.loaded), variants.map((v) => v.label), { outFolder: 'out/sweep' });
 */
export async function compareLoaded(
  loadedScenarios: readonly LoadedScenario[],
  labels: readonly string[],
  options: RunOptions & { outFolder: string; standardMinutes?: number; pool?: AirreachPool },
): Promise<{ rows: ComparisonRow[]; written: string[] }> {
  let lock: OutputLock | undefined;
  try {
    options.signal?.throwIfAborted();
    lock = lockOutputFolder(options.outFolder);
    const { rows, files } = await computeComparison(loadedScenarios, labels, options);
    options.signal?.throwIfAborted();
    const written = await writeFilesAtomic(options.outFolder, files, { signal: options.signal, inputFiles: loadedScenarios.flatMap(scenarioInputFiles) });
    return { rows, written };
  } catch (error) {
    throw cancelledError(error, options.signal);
  } finally {
    lock?.release();
  }
}

/**
 * The computing of {@link compareLoaded} without the writing: each scenario's coverage (on
 * `pool`'s threads when it has two or more: the same bytes), the rows, and the files
 * `compare.html` and `compare.json`, for a caller that writes them itself (the CLI's worker).
 * Scenarios that could not be compared ({@link checkComparable}), or too many runs to hold for
 * the first one's grid ({@link checkComparisonBudget}; `budget` says where their number was set),
 * are refused before the first grid. Each scenario's warnings (events with `warning`, with its
 * label as `label`) reach `onProgress`: a long refuelling scan (see `checkRefuelScan`) once its
 * grid is built and before its coverage, its `coverageWarnings` once its coverage is computed.
 *
 * @example
 * const { rows, files } = await computeComparison(loadedScenarios, ['today', 'east'], { standardMinutes: 60 });
 */
export async function computeComparison(
  loadedScenarios: readonly LoadedScenario[],
  labels: readonly string[],
  options: RunOptions & { standardMinutes?: number; pool?: AirreachPool; minParallelPairs?: number; budget?: ComparisonBudgetOptions } = {},
): Promise<{ rows: ComparisonRow[]; files: Record<string, string> }> {
  // What would make them incomparable is in the files: refused before the first grid.
  checkComparable(loadedScenarios, labels, { standardMinutes: options.standardMinutes });
  // So is a folder the files cannot go into (a compare.html of the user's there, or an input's name).
  if (options.outFolder !== undefined) await checkOutputTargets(options.outFolder, Object.values(COMPARISON_OUTPUT_NAMES), { inputFiles: loadedScenarios.flatMap(scenarioInputFiles) });
  const runs: CoverageRun[] = [];
  // A sweep's variants (and most compared scenarios) share their demand layers: one grid for them.
  const prepare = prepareScenarioReusingGrid();
  for (const [i, loaded] of loadedScenarios.entries()) {
    options.signal?.throwIfAborted();
    options.onProgress?.({ step: `scenario ${labels[i]}`, done: i, total: loadedScenarios.length });
    const inputs = await readScenarioInputs(loaded, options);
    // Every run is held until the page is made: too many for the first one's grid are refused before its work.
    if (i === 0) checkComparisonBudget(loadedScenarios.length, estimatedCells(inputs), inputs.periods.length, { coverageMemoryBytes: scenarioMemoryBudget(loaded, options).coverageMemoryBytes, ...options.budget });
    // Its warnings (a long refuelling scan) come before its coverage, labelled: the session had no
    // progress port, so `airreach compare` and `sweep` said nothing of a scan of minutes.
    const label = labels[i];
    const onProgress = options.onProgress && ((event: ProgressEvent) => {
      if (event.warning !== undefined) options.onProgress!({ step: `scenario ${label}`, done: i, total: loadedScenarios.length, label, warning: event.warning });
    });
    const session = await prepare(inputs, { signal: options.signal, pool: options.pool, minParallelPairs: options.minParallelPairs, coverageMemoryBytes: options.coverageMemoryBytes, onProgress });
    const run = options.pool && options.pool.threads > 1 ? await computeCoverageParallel(inputs, { signal: options.signal, pool: options.pool, minParallelPairs: options.minParallelPairs, session }) : computeCoverage(inputs, { signal: options.signal, session });
    // What `airreach run` prints before its tables (a base far off, no base reaching the demand):
    // neither the comparison's table nor its files carry it, and a typo in one scenario went unsaid.
    for (const warning of coverageWarnings(run)) onProgress?.({ step: 'coverage', done: 0, total: 1, warning });
    runs.push(run);
  }
  const rows = comparisonRows(runs, labels);
  const html = compareHtml(runs.map(reportInputOf), { labels, standardMinutes: options.standardMinutes });
  const { page, rows: table } = COMPARISON_OUTPUT_NAMES;
  return { rows, files: { [page]: html, [table]: finiteJson(rows, table, 2) } };
}

/** The cells of a scenario's grid, estimated before it is built (0 when the estimate is over the cell budget: the grid build refuses it then). */
function estimatedCells(inputs: ScenarioInputs): number {
  const { resolution, cellBudget } = resolveOptions(DEFAULT_DEMAND_GRID_OPTIONS, inputs.gridOptions);
  if (!Number.isInteger(resolution) || resolution < 0 || resolution > 15) return 0;
  const { cellCount } = estimateGridCells(inputs.demandInputs, resolution, { cellBudget });
  return cellCount > cellBudget ? 0 : cellCount;
}
