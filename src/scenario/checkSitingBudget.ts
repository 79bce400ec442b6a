import { AirreachError } from '../errors.js';
import { estimateCoveragePairs } from '../engine/coverage/estimateCoveragePairs.js';
import type { Period } from '../travel/aircraft.js';
import { DEFAULT_COVERAGE_MEMORY_OPTIONS } from './checkCoverageMemory.js';
import { DEFAULT_QUESTION_OPTIONS } from './questionDefaults.js';
import { DEFAULT_SCENARIO_SETTINGS, type CoverageRun } from './runCoverage.js';
import { DEFAULT_SCENARIO_CURVE_OPTIONS } from './scenarioCurve.js';
import { resolveOptions } from '../resolveOptions.js';

/** Options of {@link checkSitingBudget}. */
export interface SitingBudgetOptions {
  /** Largest memory of the siting matrices alive at once, bytes (the questions keep one per period and standard). */
  coverageMemoryBytes?: number;
}

/** Defaults of {@link checkSitingBudget}: the coverage matrices' cap (2 GiB). */
export const DEFAULT_SITING_BUDGET_OPTIONS = { coverageMemoryBytes: DEFAULT_COVERAGE_MEMORY_OPTIONS.coverageMemoryBytes };

/**
 * Refuses, before any siting matrix is built, questions and a curve whose matrices would not
 * fit: every non-forbidden site (candidates too) against every cell within the question's
 * standard — 600 minutes for p-median and p-center, which rank all reachable pairs — estimated
 * as `checkCoverageMemory` does (8 bytes a pair). The questions keep one matrix per distinct
 * period and standard, so their sum counts; the curve builds its own. Throws `E_MEMORY_BUDGET`
 * naming the scenario file and the question's (or the curve's) field.
 *
 * @example
 * checkSitingBudget(run); // before answerQuestions(run, questions)
 */
export function checkSitingBudget(run: Pick<CoverageRun, 'inputs' | 'grid'>, options: SitingBudgetOptions = {}): void {
  const { coverageMemoryBytes } = resolveOptions(DEFAULT_SITING_BUDGET_OPTIONS, options);
  const { scenario } = run.inputs.loaded;
  const sites = run.inputs.sites.filter((site) => site.role !== 'forbidden');
  const bytesOf = (period: Period, maxMinutes: number) =>
    8 * Math.ceil(estimateCoveragePairs(run.grid, sites, run.inputs.aircraftById, { maxMinutes, period })) + 4 * (sites.length + 1);
  const refuse = (bytes: number, field: string, what: string) => {
    const mib = (value: number) => `${Math.round(value / 2 ** 20).toLocaleString('en-US')} MiB`;
    throw new AirreachError('E_MEMORY_BUDGET', `${what} would take about ${mib(bytes)} of (site, cell) pairs for ${sites.length} sites, over the cap of ${mib(coverageMemoryBytes)}`, {
      value: bytes,
      where: { file: run.inputs.loaded.file, field },
      expected: `at most ${coverageMemoryBytes} bytes of siting matrices`,
      hint: 'Use a shorter standard, fewer candidate sites, a coarser resolution, or raise coverageMemoryBytes',
    });
  };
  const seen = new Set<string>();
  let total = 0;
  (scenario.questions ?? []).forEach((question, q) => {
    const ranking = question.model === 'pMedian' || question.model === 'pCenter';
    // A covering question without a standard is refused by answerQuestions, naming the field.
    if (!ranking && question.standardMinutes === undefined) return;
    // A question of the binding standard is sized for the largest standard and the larger
    // period it may turn out to be: which binds is known only after coverage is computed.
    const maxMinutes = ranking
      ? DEFAULT_QUESTION_OPTIONS.pMedianMaxMinutes
      : question.standardMinutes === 'binding'
        ? Math.max(...(scenario.standardsMinutes ?? DEFAULT_SCENARIO_SETTINGS.standardsMinutes))
        : (question.standardMinutes as number);
    const periods: Period[] = question.period === 'binding' ? ['day', 'night'] : [question.period ?? DEFAULT_QUESTION_OPTIONS.period];
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
