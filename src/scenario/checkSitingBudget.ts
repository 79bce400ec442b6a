import { AirreachError } from '../errors.js';
import { estimateCoveragePairs } from '../engine/coverage/estimateCoveragePairs.js';
import type { Period } from '../travel/aircraft.js';
import { DEFAULT_COVERAGE_MEMORY_OPTIONS } from './checkCoverageMemory.js';
import { DEFAULT_QUESTION_OPTIONS } from './questionDefaults.js';
import type { CoverageRun } from './runCoverage.js';
import { DEFAULT_SCENARIO_CURVE_OPTIONS } from './scenarioCurve.js';
import { largestMatrixNeed } from './scenarioSession.js';
import { resolveOptions } from '../resolveOptions.js';
import { raiseMemoryBudgetHint } from '../raiseMemoryBudgetHint.js';
import { memorySizeText } from '../memorySizeText.js';
import { DEFAULT_SOLVE_MEMORY_BYTES, solveMemoryFit } from '../solvers/kernel/estimateSolveSize.js';

/** Options of {@link checkSitingBudget}. */
export interface SitingBudgetOptions {
  /** Largest memory of the siting matrices alive at once, bytes (the questions keep one per period and standard). */
  coverageMemoryBytes?: number;
  /** Largest memory one question's solve may take, bytes (a p-median's dense costs), as `airreach solve` allows an instance. */
  solveMemoryBytes?: number;
}

/** Defaults of {@link checkSitingBudget}: the coverage matrices' cap (2 GiB) and a solve's (2 GiB). */
export const DEFAULT_SITING_BUDGET_OPTIONS = { coverageMemoryBytes: DEFAULT_COVERAGE_MEMORY_OPTIONS.coverageMemoryBytes, solveMemoryBytes: DEFAULT_SOLVE_MEMORY_BYTES };

/**
 * Refuses, before any siting matrix is built, questions and a curve whose matrices would not
 * fit: every non-forbidden site (candidates too) against every cell within the question's
 * standard — 600 minutes for p-median and p-center, which rank all reachable pairs — estimated
 * as `checkCoverageMemory` does (8 bytes a pair). The questions keep one matrix per distinct
 * period and standard, so their sum counts; the curve builds its own. A p-median question's
 * solve is sized too (`estimateSolveSize`: its dense costs take 40 bytes for every demand cell
 * and site, whether a pair is stored or not, against `solveMemoryBytes`), as `airreach solve`
 * sizes an instance: 1,000 candidates more on today's cells took 2.8 GB, 3,000 would take 7. Throws
 * `E_MEMORY_BUDGET` naming the scenario file and the question's (or the curve's) field.
 *
 * @example
 * checkSitingBudget(run); // before answerQuestions(run, questions)
 */
export function checkSitingBudget(run: Pick<CoverageRun, 'inputs' | 'grid'>, options: SitingBudgetOptions = {}): void {
  const { coverageMemoryBytes, solveMemoryBytes } = resolveOptions(DEFAULT_SITING_BUDGET_OPTIONS, options);
  const { scenario } = run.inputs.loaded;
  const sites = run.inputs.sites.filter((site) => site.role !== 'forbidden');
  const bytesOf = (period: Period, maxMinutes: number) =>
    8 * Math.ceil(estimateCoveragePairs(run.grid, sites, run.inputs.aircraftById, { maxMinutes, period })) + 4 * (sites.length + 1);
  const refuse = (bytes: number, field: string, what: string) => {
    const mib = memorySizeText;
    throw new AirreachError('E_MEMORY_BUDGET', `${what} would take about ${mib(bytes)} of (site, cell) pairs for ${sites.length} sites, over the cap of ${mib(coverageMemoryBytes)}`, {
      value: bytes,
      where: { file: run.inputs.loaded.file, field },
      expected: `at most ${coverageMemoryBytes} bytes of siting matrices`,
      hint: `Use a shorter standard, fewer candidate sites, a coarser resolution, or ${raiseMemoryBudgetHint(bytes)}`,
    });
  };
  const seen = new Set<string>();
  let total = 0;
  (scenario.questions ?? []).forEach((question, q) => {
    const ranking = question.model === 'pMedian' || question.model === 'pCenter';
    const sized = largestMatrixNeed(question, scenario.standardsMinutes);
    // A question without a standard (or a loose one) is refused by answerQuestions, naming the field.
    if (!sized) return;
    const { periods, maxMinutes } = sized;
    if (question.model === 'pMedian') checkPMedianSolve(run, question, q, sites.length, solveMemoryBytes);
    const key = `${periods.join('+')}:${maxMinutes}`;
    if (seen.has(key)) return;
    seen.add(key);
    total += Math.max(...periods.map((period) => bytesOf(period, maxMinutes)));
    if (total > coverageMemoryBytes) refuse(total, `/questions/${q}/${ranking ? 'model' : 'standardMinutes'}`, `question ${q + 1}'s matrix (with the questions before it)`);
  });
  if (scenario.curve) {
    const bytes = bytesOf(scenario.curve.period ?? DEFAULT_SCENARIO_CURVE_OPTIONS.period, Math.max(...scenario.curve.standardsMinutes));
    if (bytes > coverageMemoryBytes) refuse(bytes, '/curve/standardsMinutes', "the curve's matrix");
  }
}

/**
 * Refuses a p-median question whose solve would not fit in `solveMemoryBytes`: its dense costs
 * (`estimateSolveSize`: 40 bytes a pair, and the interchange's sites × sites table) grow with
 * the demand cells (of the question's demand: cells of weight 0 are left out) times the sites,
 * stored pairs or not, so the siting matrix's check (8 bytes a stored pair) let through sizes
 * whose solve took five times the matrix's bytes. Says how many sites (or cells) would fit.
 */
function checkPMedianSolve(
  run: Pick<CoverageRun, 'inputs' | 'grid'>,
  question: NonNullable<CoverageRun['inputs']['loaded']['scenario']['questions']>[number],
  q: number,
  siteCount: number,
  solveMemoryBytes: number,
): void {
  const hazard = (question.demand ?? DEFAULT_QUESTION_OPTIONS.demand) === 'hazard';
  const weights = hazard ? run.grid.hazardDemand : run.grid.demand;
  let demandCount = 0;
  for (let c = 0; c < weights.length; c++) if (weights[c] > 0) demandCount++;
  const openCount = question.siteCount ?? question.additionalSites ?? 1;
  // The solve's own arrays: its problem's pairs are the siting matrix's rows, counted above against coverageMemoryBytes.
  const over = solveMemoryFit('pMedian', demandCount, siteCount, openCount, solveMemoryBytes);
  if (!over) return;
  const { bytes, sitesThatFit, cellsThatFit } = over;
  const count = (value: number) => value.toLocaleString('en-US');
  const gib = (value: number) => `${(value / 2 ** 30).toFixed(1)} GiB`;
  const cells = `${count(demandCount)} cells with ${hazard ? 'hazard ' : ''}demand`;
  throw new AirreachError('E_MEMORY_BUDGET', `question ${q + 1}'s p-median solve would take about ${gib(bytes)}: its dense costs hold every pair of the ${cells} and the ${count(siteCount)} sites it may choose from (40 bytes a pair), over the ${gib(solveMemoryBytes)} a solve may take`, {
    value: bytes,
    where: { file: run.inputs.loaded.file, field: `/questions/${q}` },
    expected: `at most ${count(sitesThatFit)} sites on these ${cells}, or at most ${count(cellsThatFit)} such cells for ${count(siteCount)} sites`,
    hint: `Use fewer candidate sites (a where filter, or role "forbidden"), a coarser grid.resolution${hazard ? '' : ', demand "hazard" (only the cells with hazard demand)'}, a covering model (maximalCovering), whose matrix holds only the pairs within its standard, or ${raiseMemoryBudgetHint(bytes)}`,
  });
}

