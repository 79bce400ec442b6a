import { estimateCoveragePairs } from '../engine/coverage/estimateCoveragePairs.js';
import type { ModelName } from '../models/sitingProblem.js';
import { resolveOptions } from '../resolveOptions.js';
import { estimateHighsMemory } from '../solvers/kernel/estimateHighsMemory.js';
import { HIGHS_MEMORY_BYTES, type SolveSizes } from '../solvers/kernel/estimateSolveSize.js';
import type { Period, Site } from '../travel/aircraft.js';
import { DEFAULT_QUESTION_OPTIONS } from './questionDefaults.js';
import type { CoverageRun } from './runCoverage.js';
import { largestMatrixNeed } from './scenarioSession.js';
import type { ScenarioQuestion } from './scenarioSchema.js';

/** Options of {@link checkQuestionSolveSize}. */
export interface QuestionSolveSizeOptions {
  /** Memory HiGHS has for one question's model, bytes (its WebAssembly's cap). */
  highsMemoryBytes?: number;
  /**
   * Receives one warning (a sentence, no "warning:" prefix) naming every question whose model
   * may not fit in `highsMemoryBytes`.
   */
  onWarning?: (text: string) => void;
}

/** Defaults of {@link checkQuestionSolveSize}: HiGHS's 2 GiB, the warning dropped. */
export const DEFAULT_QUESTION_SOLVE_SIZE_OPTIONS = { highsMemoryBytes: HIGHS_MEMORY_BYTES, onWarning: (() => undefined) as (text: string) => void };

/** One siting question's HiGHS model, as {@link checkQuestionSolveSize} sized it before the coverage. */
export interface QuestionSolveSize {
  /** The question's index in `questions`. */
  question: number;
  /** Cells with the question's demand, its sites, the (site, cell) pairs estimated among them within `maxMinutes`. */
  sizes: SolveSizes & { maxMinutes: number };
  /** The most memory HiGHS may take on the model (`estimateHighsMemory`). */
  highsBytes: number;
}

/**
 * Warns, before any coverage or solve work, of the siting questions whose HiGHS model may not
 * fit in HiGHS's WebAssembly memory (2 GiB), and lets the run go on. Each model is sized by
 * `estimateHighsMemory` from what the grid tells before any matrix is built — the cells with the
 * question's demand, the sites it may choose from, the (site, cell) pairs within its standard
 * (`estimateCoveragePairs` over the grid, times the share of its cells with the question's
 * demand), its aircraft and years. That estimate is an upper bound running 1.1 to 20 × over
 * HiGHS's measured peak: a MEXCLP on 2,000 candidates that fits (1,460 MiB, about 150 s) is
 * estimated at 2.4 GiB, as one on 3,000 that HiGHS aborts after 20 s is at 3.4 GiB, so over the
 * cap a question is warned of, not refused (a refusal must be certain, and no size known before
 * the matrix makes it so: see `HIGHS_MEMORY_RATES`). A model that does run out ends its solve
 * with the heuristics' best answer, `feasible` with the bound proven before and `stoppedBy:
 * 'memory'` (see `solveMilp`). The one warning names every such question, its
 * sizes and estimate, and how to make it smaller. p-median and p-center questions are sized by
 * their matrix alone (`checkSitingBudget`). Returns each HiGHS question's sizes and estimate.
 *
 * @example
 * checkQuestionSolveSize(session, { onWarning: (text) => console.error(`warning: ${text}`) }); // before computeCoverage and answerQuestions
 */
export function checkQuestionSolveSize(run: Pick<CoverageRun, 'inputs' | 'grid'>, options: QuestionSolveSizeOptions = {}): QuestionSolveSize[] {
  const { highsMemoryBytes, onWarning } = resolveOptions(DEFAULT_QUESTION_SOLVE_SIZE_OPTIONS, options);
  const { scenario } = run.inputs.loaded;
  const questions = scenario.questions ?? [];
  if (questions.length === 0) return [];
  const sites = run.inputs.sites.filter((site) => site.role !== 'forbidden');
  const { grid } = run;
  let allDemand = 0;
  let hazardDemand = 0;
  for (let c = 0; c < grid.cellCount; c++) {
    if (grid.demand[c] > 0) allDemand++;
    if (grid.hazardDemand[c] > 0) hazardDemand++;
  }
  const pairsOf = new Map<string, number>();
  const pairs = (period: Period, maxMinutes: number): number => {
    const key = `${period}:${maxMinutes}`;
    if (!pairsOf.has(key)) {
      pairsOf.set(key, Math.ceil(estimateCoveragePairs(grid, sites, run.inputs.aircraftById, { maxMinutes, period, refuelPoints: run.inputs.refuelPoints })));
    }
    return pairsOf.get(key)!;
  };
  const sized: QuestionSolveSize[] = [];
  questions.forEach((question, q) => {
    if (question.model === 'pMedian') return;
    const sizes = sizesOf(question, sites, { allDemand, hazardDemand, cellCount: grid.cellCount, pairs, standardsMinutes: scenario.standardsMinutes });
    if (!sizes) return;
    sized.push({ question: q, sizes, highsBytes: estimateHighsMemory(question.model as ModelName, sizes) });
  });
  const over = sized.filter(({ highsBytes }) => highsBytes > highsMemoryBytes);
  if (over.length > 0) {
    const count = (value: number) => Math.round(value).toLocaleString('en-US');
    const named = over.map(
      ({ question: q, sizes, highsBytes }) =>
        `question ${q + 1} (${questions[q].label ?? questions[q].model}, /questions/${q}: ${count(sizes.demandCount)} cells with demand, ${count(sizes.siteCount)} sites, about ${count(sizes.pairCount)} (site, cell) pairs within ${sizes.maxMinutes} min) may need up to ${gib(highsBytes)}`,
    );
    const ways = ['fewer candidate sites (bases with role "candidate", or a where filter on their layer)', 'a shorter standardMinutes', 'a coarser grid.resolution'];
    if (over.some(({ question: q }) => questions[q].demand !== 'hazard')) ways.push('"demand": "hazard"');
    if (over.some(({ sizes }) => sizes.aircraftCount !== undefined)) ways.push('fewer aircraft (siteCount, aircraftPerSite)');
    onWarning(
      `${named.join('; ')} of HiGHS's memory, which holds ${gib(highsMemoryBytes)} (the most its WebAssembly build can address: --memory-budget does not raise it). The estimate is an upper bound (1.1 to 20 × HiGHS's measured need: a MEXCLP on 2,000 candidates estimated at 2.4 GiB took 1.4 GiB), so the run goes on; if HiGHS does run out, the question is answered with the best its heuristics found (feasible, not proven; stoppedBy "memory") once HiGHS has failed. To be sure it fits, make it smaller: ${ways.slice(0, -1).join(', ')} or ${ways[ways.length - 1]}`,
    );
  }
  return sized;
}

/** The sizes `estimateHighsMemory` takes, for a question, from the grid's counts; null when its own check will refuse it. */
function sizesOf(
  question: ScenarioQuestion,
  sites: readonly Site[],
  known: { allDemand: number; hazardDemand: number; cellCount: number; pairs: (period: Period, maxMinutes: number) => number; standardsMinutes: readonly number[] | undefined },
): (SolveSizes & { maxMinutes: number }) | null {
  if (question.model === 'pCenter') return null;
  // A binding question is sized for the largest standard and either period: which binds is known only after coverage.
  const sized = largestMatrixNeed(question, known.standardsMinutes);
  if (!sized) return null;
  const { periods, maxMinutes } = sized;
  const demandCount = (question.demand ?? DEFAULT_QUESTION_OPTIONS.demand) === 'hazard' ? known.hazardDemand : known.allDemand;
  // The matrix pairs only the cells with the question's demand: their share of the grid's pairs.
  const pairCount = Math.ceil((Math.max(...periods.map((period) => known.pairs(period, maxMinutes))) * demandCount) / Math.max(1, known.cellCount));
  const keepExisting = question.keepExisting ?? DEFAULT_QUESTION_OPTIONS.keepExisting;
  const kept = sites.filter((site) => site.role === 'required' || (keepExisting && site.role === 'existing'));
  const fleet = kept.reduce((total, site) => total + site.fleet.reduce((sum, entry) => sum + entry.count, 0), 0) + (question.additionalSites ?? 0);
  const openCount = question.siteCount ?? kept.length + (question.additionalSites ?? 0);
  const fleetModel = question.model === 'expectedCovering' || question.model === 'maximumAvailability' || question.model === 'doubleStandard';
  const years = Array.isArray(question.sitesPerYear) ? question.sitesPerYear.length : Array.isArray(question.budgetPerYear) ? question.budgetPerYear.length : (question.years ?? 1);
  return {
    demandCount,
    siteCount: sites.length,
    pairCount,
    maxMinutes,
    ...(openCount > 0 ? { openCount } : {}),
    ...(fleetModel ? { aircraftCount: question.siteCount ?? fleet } : {}),
    ...(question.aircraftPerSite !== undefined ? { aircraftPerSite: question.aircraftPerSite } : {}),
    periods: question.model === 'phasedRollout' ? years : 1,
  };
}

function gib(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${Math.ceil(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;
}
