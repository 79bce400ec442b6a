import { AirreachError } from '../errors.js';
import type { Period, Site } from '../travel/aircraft.js';
import type { SitingProblem, SolveResult } from '../models/sitingProblem.js';
import { sitingProblemFromCoverage } from '../models/sitingProblemFromCoverage.js';
import type { CoverageMatrix } from '../coverage/coverageMatrix.js';
import type { questionSolves} from '../engine/tasks/questionSolves.js';
import { solveQuestions, type QuestionSolve, type QuestionSolvesTask } from '../engine/tasks/questionSolves.js';
import { taskError } from '../engine/taskError.js';
import { shareProblem } from '../engine/shareProblem.js';
import type { AirreachPool } from '../engine/createPool.js';
import type { CoverageRun, RunOptions } from './runCoverage.js';
import type { ScenarioQuestion } from './scenarioSchema.js';
import { locateInScenario } from './locateInScenario.js';
import { bindingStandard, standardAttainment } from '../report/standardAttainment.js';
import { questionMatrixNeed, sessionOf } from './scenarioSession.js';
import { DEFAULT_QUESTION_OPTIONS } from './questionDefaults.js';
import { gainSteps } from './gainSteps.js';
import { coveredShareOfSites } from './coveredShareOfSites.js';
import { scenarioMemoryBudget } from './scenarioMemoryBudget.js';

export { DEFAULT_QUESTION_OPTIONS } from './questionDefaults.js';

/** A site in an answer. */
export interface AnsweredSite {
  index: number;
  id: string;
  name: string;
  role: string;
}

/**
 * One answered siting question: the solver's honest result, with sites named.
 *
 * @example
 * const [answer]: QuestionAnswer[] = await answerQuestions(run, [{ model: 'setCovering', standardMinutes: 60 }]);
 * answer.status === 'optimal' ? answer.selectedSites.length : `${answer.objective} (gap ${answer.gap})`;
 */
export interface QuestionAnswer {
  label: string;
  model: ScenarioQuestion['model'];
  period: Period;
  standardMinutes: number | null;
  demand: 'all' | 'hazard';
  status: SolveResult['status'];
  /** What ended the solve: `proof` and `budget` answers are reproducible, `clock` and `signal` ones are not. */
  stoppedBy: SolveResult['stoppedBy'];
  /** Work units the solve spent. */
  work: number;
  objective: number;
  bound: number;
  gap: number;
  runtimeMs: number;
  solver: string;
  /** All sites of the answer (kept bases included), ascending by index. */
  selectedSites: AnsweredSite[];
  /** Selected sites that are not existing or required bases. */
  newSites: AnsweredSite[];
  /** Covered share of demand within the standard (covering models). */
  coveredShare: number | null;
  /** For `additionalSites`: coverage after the kept bases and after each new site, in greedy order. */
  steps: Array<{ siteId: string | null; siteName: string | null; coveredShare: number; gainShare: number }> | null;
  /** Model-specific extras from the solver (e.g. the demand no candidate reaches). */
  details: Record<string, unknown> | null;
}

/**
 * Answers a scenario's siting questions on its grid: which sites (existing, required and
 * candidate bases; forbidden ones excluded) to choose under each model. Existing and required
 * bases are kept (fixed) unless a question says `keepExisting: false` (required bases are kept
 * always). `additionalSites: k` asks for the best k new sites on top of the kept ones, and
 * reports the gain of each in greedy order. Each answer carries the solver's status, bound and
 * gap: `optimal` only when proven. Given a `pool` of 2 or more threads, the questions are solved
 * side by side on it (the fairness questions of one problem in one task) and merged in question
 * order: the same answers as in one thread, since every solve stops on counted work.
 *
 * @example
 * const answers = await answerQuestions(run, [{ model: 'setCovering', standardMinutes: 60 }]);
 * answers[0].selectedSites.length; // bases needed
 */
export async function answerQuestions(
  run: CoverageRun,
  questions: readonly ScenarioQuestion[],
  options: RunOptions & {
    pool?: AirreachPool;
    /**
     * Called with each answer (its question's index) as soon as it is known, in the order the
     * solves finish (with a pool of 2 or more threads; in one thread the answers come at the end,
     * in question order); an answer whose making fails is not passed. The returned list is the
     * same either way.
     */
    onAnswer?: (question: number, answer: QuestionAnswer) => void;
  } = {},
): Promise<QuestionAnswer[]> {
  const session = sessionOf(run);
  const sites = session.sitingSites;
  // Every question's matrix announced first, so that the largest of a period is built once and the others cut from it.
  // From the outcomes, as the report's attainment is made: the report itself need not be made yet (see periodCoverage).
  const binding = bindingStandard(run.periods.map((p) => ({ period: p.period, attainment: standardAttainment(run.grid, p.outcomes) })));
  for (const question of questions) {
    const need = questionMatrixNeed(question, binding);
    if (need) session.expect(need.period, sites, need.maxMinutes);
  }
  const pool = options.pool && options.pool.threads > 1 ? options.pool : undefined;
  // One problem per (period, matrix minutes, demand), shared by the questions that ask it (in shared memory for the pool's threads).
  const problems = new Map<string, ProblemOfMatrix>();
  // Problems of one matrix (all and hazard demand) hold its demand-major arrays (the matrix
  // transposed: 2.3 M pairs on today's 120-min matrix); for the pool they are made in shared memory
  // (`shared`), so sharing copies nothing; rows made before in ordinary memory are copied once.
  const copies = new Map<ArrayLike<number>, Float64Array | Uint32Array>();
  const problemFor = (period: Period, maxMinutes: number, demand: 'all' | 'hazard'): ProblemOfMatrix => {
    const key = JSON.stringify([period, maxMinutes, demand]);
    if (!problems.has(key)) {
      const matrix = session.matrix(period, sites, maxMinutes);
      const built = sitingProblemFromCoverage(matrix, demand === 'hazard' ? run.grid.hazardDemand : run.grid.demand, { siteIds: sites.map((site) => site.id), shared: pool !== undefined });
      const problem = pool ? shareProblem(built, { copies }) : built;
      problems.set(key, { problem, matrix });
    }
    return problems.get(key)!;
  };
  const located = (error: unknown, q: number) =>
    // A solver names its own option (siteCount, aircraftCount); the user edits the question.
    locateInScenario(error, (own) => ({ file: run.inputs.loaded.file, field: `/questions/${q}${questionField(own.field, questions[q])}` }));
  // Each question checked and its solve set up, in order; the first refused question ends the list (its error comes after the answers before it).
  const prepared: Array<PreparedQuestion | { error: unknown }> = [];
  // The run's solve budget (--memory-budget, the scenario's memoryBudget) reaches the solvers that size themselves (p-median).
  const { solveMemoryBytes } = scenarioMemoryBudget(run.inputs.loaded, options);
  for (const [q, question] of questions.entries()) {
    options.signal?.throwIfAborted();
    try {
      prepared.push(prepareQuestion(run, sites, question, q, binding, problemFor, solveMemoryBytes));
    } catch (error) {
      prepared.push({ error: located(error, q) });
      break;
    }
  }
  // Jobs: one per solve, but the fairness solves of one problem together (in question order: later ones reuse what the first proved).
  const jobs: Array<{ problem: SitingProblem; questions: number[]; solves: QuestionSolve[] }> = [];
  const fairJobs = new Map<string, number>();
  for (const [q, item] of prepared.entries()) {
    if ('error' in item || 'answer' in item) continue;
    const key = item.solve.model === 'fairCovering' ? item.solve.memoKey : null;
    const existing = key === null ? undefined : fairJobs.get(key);
    if (existing !== undefined && jobs[existing].problem === item.problem) {
      jobs[existing].questions.push(q);
      jobs[existing].solves.push(item.solve);
      continue;
    }
    if (key !== null) fairJobs.set(key, jobs.length);
    jobs.push({ problem: item.problem, questions: [q], solves: [item.solve] });
  }
  const results = new Map<number, SolveResult | { error: unknown }>();
  // With a pool, each answer is made from its solve as that lands (for onAnswer), and kept for the list below.
  const made = new Map<number, { answer: QuestionAnswer } | { error: unknown }>();
  const told = new Set<number>();
  let done = 0;
  const tell = (q: number, answer: QuestionAnswer): void => {
    if (told.has(q)) return;
    told.add(q);
    // An answer HiGHS's memory cut short is said on stderr as it lands (the run goes on), as
    // the size check before the coverage warned it might be.
    if (answer.stoppedBy === 'memory' && typeof answer.details?.stopNote === 'string') {
      const warning = `question ${q + 1} (${questions[q].label ?? questions[q].model}, /questions/${q}) is answered without a proof, feasible within ${(answer.gap * 100).toFixed(2)} % of its bound: ${answer.details.stopNote}`;
      options.onProgress?.({ step: `question ${q + 1}: ${questions[q].label ?? questions[q].model}`, done, total: questions.length, warning });
    }
    options.onAnswer?.(q, answer);
  };
  const make = (q: number): void => {
    const item = prepared[q];
    const result = results.get(q);
    if (!item || 'error' in item || 'answer' in item || result === undefined || 'error' in result) return;
    try {
      const answer = item.finish(result);
      made.set(q, { answer });
      tell(q, answer);
    } catch (error) {
      made.set(q, { error });
    }
  };
  const progress = (q: number) => options.onProgress?.({ step: `question ${q + 1}: ${questions[q].label ?? questions[q].model}`, done: done++, total: questions.length });
  if (pool) {
    // Side by side on the pool's threads, the heaviest models first; each answer is the same as in one thread (counted work, never the clock), merged in question order.
    const order = jobs.map((_, j) => j).sort((a, b) => jobWeight(jobs[b]) - jobWeight(jobs[a]) || a - b);
    // A failed question ends the list (the first failure in question order is thrown below): the
    // jobs whose questions all come after it are stopped then, instead of solved to no use (on
    // 3,000 candidate sites one failed at 159 s and the run said so at 266 s). Jobs before it run
    // on, as one of them may fail first in question order: the same error at any timing.
    const stops = jobs.map(() => new AbortController());
    // A cancel stops them all (one listener on the caller's signal, not one per job).
    const cancelAll = () => stops.forEach((stop) => stop.abort(options.signal?.reason));
    if (options.signal?.aborted) cancelAll();
    else options.signal?.addEventListener('abort', cancelAll, { once: true });
    const firstOf = (j: number) => Math.min(...jobs[j].questions);
    const failedAt = (q: number) => {
      for (const [j, stop] of stops.entries()) if (firstOf(j) > q) stop.abort(new Error(`question ${q + 1} failed`));
    };
    const solving = Promise.all(
      order.map(async (j) => {
        const job = jobs[j];
        const task: QuestionSolvesTask = { kind: 'questionSolves', problem: job.problem, solves: job.solves };
        const signal = stops[j].signal;
        let outcomes: Awaited<ReturnType<typeof questionSolves>>;
        try {
          // The weight is also the pool's priority: with other work queued (the curve, simulations) the longest still go first.
          outcomes = await pool.run<Awaited<ReturnType<typeof questionSolves>>>(task, { label: `question ${job.questions.map((q) => q + 1).join(', ')}`, signal, priority: jobWeight(job) });
        } catch (error) {
          if (stops[j].signal.aborted && !options.signal?.aborted) return; // stopped after an earlier question failed
          failedAt(firstOf(j) - 1);
          throw error;
        }
        outcomes.forEach((outcome, k) => results.set(job.questions[k], outcome.ok ? outcome.value : { error: taskError(`question ${job.questions[k] + 1}`, outcome.error) }));
        // A job's solves after a failed one are not run (fewer outcomes than questions).
        const failed = outcomes.flatMap((outcome, k) => (outcome.ok ? [] : [job.questions[k]]));
        if (failed.length > 0) failedAt(Math.min(...failed));
        for (const q of job.questions) progress(q);
        for (const q of job.questions) make(q);
      }),
    );
    // Questions answered without a solve are known now (told once the solves are queued, so work they start queues behind them).
    for (const [q, item] of prepared.entries()) if ('answer' in item) tell(q, item.answer);
    try {
      await solving;
    } finally {
      options.signal?.removeEventListener('abort', cancelAll);
    }
  } else {
    for (const job of jobs) {
      for (const q of job.questions) progress(q);
      const outcomes = await solveQuestions(job.problem, job.solves, options.signal);
      outcomes.forEach((outcome, k) => results.set(job.questions[k], outcome.ok ? outcome.value : { error: outcome.error }));
      // The answers before a failed solve stand; the first failure in question order is thrown below.
      if (outcomes.some((outcome) => !outcome.ok)) break;
    }
  }
  options.signal?.throwIfAborted();
  const answers: QuestionAnswer[] = [];
  for (const [q, item] of prepared.entries()) {
    if ('error' in item) throw item.error;
    if ('answer' in item) {
      answers.push(item.answer);
      tell(q, item.answer);
      continue;
    }
    const result = results.get(q);
    if (result === undefined) continue;
    if ('error' in result) throw located(result.error, q);
    const early = made.get(q);
    if (early) {
      if ('error' in early) throw located(early.error, q);
      answers.push(early.answer);
      continue;
    }
    let answer: QuestionAnswer;
    try {
      answer = item.finish(result);
    } catch (error) {
      throw located(error, q);
    }
    answers.push(answer);
    tell(q, answer);
  }
  return answers;
}

/**
 * A siting problem and the coverage matrix it was made of (the same pairs, grouped by site): an
 * answer reads its few sites' coverage from the matrix (see coveredShareOfSites).
 */
type ProblemOfMatrix = { problem: SitingProblem; matrix: CoverageMatrix };

/** A question ready to solve (its problem and solve, and how its result becomes the answer), or answered without a solve. */
type PreparedQuestion = { answer: QuestionAnswer } | { problem: SitingProblem; solve: QuestionSolve; finish: (result: SolveResult) => QuestionAnswer };

/**
 * How long a job's models usually take on the bundled case (tenths of a second, roughly: each
 * task's own time on a worker of a 2-thread run, measured 2026-12-07 by timestamps around the
 * workers' task handler): the pool starts the heaviest jobs first, so that short ones fill the
 * end. Only the order, never the answer.
 */
function jobWeight(job: { solves: QuestionSolve[] }): number {
  return job.solves.reduce((total, solve) => total + solveWeight(solve), 0);
}
function solveWeight(solve: QuestionSolve): number {
  const weight = MODEL_WEIGHT.get(solve.model) ?? 1;
  // MEXCLP grows with its aircraft (the bundled case: 0.45 s for 14, 1.1 s for 18): scaled by (count / 14)³.
  if (solve.model === 'expectedCovering') return weight * (solve.options.aircraftCount / 14) ** 3;
  return weight;
}
const MODEL_WEIGHT = new Map<QuestionSolve['model'], number>([
  // The three fairness questions together: 1.7 s.
  ['fairCovering', 6],
  ['expectedCovering', 4.5],
  ['phasedRollout', 11],
  ['maximumAvailability', 2],
  ['doubleStandard', 4],
  ['pMedian', 2],
  ['pCenter', 2],
]);

/** The question field behind a solver option of the same or a derived name (`aircraftCount` comes from `siteCount`). */
function questionField(option: string | undefined, question?: ScenarioQuestion): string {
  if (option === undefined) return '';
  // A question that asks for additional sites has the solver's site count made from them: the user edits additionalSites.
  if ((option === 'siteCount' || option === 'aircraftCount') && question?.siteCount === undefined && question?.additionalSites !== undefined) return '/additionalSites';
  if (option === 'aircraftCount') return '/siteCount';
  if (OPTION_FIELDS.has(option)) return `/${OPTION_FIELDS.get(option)}`;
  return QUESTION_FIELDS.has(option) ? `/${option}` : '';
}

const QUESTION_FIELDS = new Set([
  'standardMinutes', 'siteCount', 'additionalSites', 'budget', 'busyFraction', 'workLimit', 'timeLimitSeconds', 'seed', 'reliability', 'tightShare', 'onceWeight', 'twiceWeight',
  'sitesPerYear', 'budgetPerYear', 'years', 'discountRate', 'regionMinimumShare',
]);
const OPTION_FIELDS = new Map([['maxAircraftPerSite', 'aircraftPerSite'], ['looseMinutes', 'looseStandardMinutes'], ['tightMinutes', 'standardMinutes'], ['objective', 'fairness']]);

/** A question checked and its solve set up (the matrix taken from the session); throws what the question gets wrong. */
function prepareQuestion(
  run: CoverageRun,
  sites: Site[],
  question: ScenarioQuestion,
  q: number,
  bindingOfRun: { period: string; standardMinutes: number } | null,
  problemFor: (period: Period, maxMinutes: number, demand: 'all' | 'hazard') => ProblemOfMatrix,
  solveMemoryBytes: number | undefined,
): PreparedQuestion {
  const file = run.inputs.loaded.file;
  const field = (name: string) => ({ file, field: `/questions/${q}/${name}` });
  const asksBinding = question.standardMinutes === 'binding' || question.period === 'binding';
  const binding = asksBinding ? bindingOfRun : null;
  if (asksBinding && !binding) return { answer: everyStandardMet(question, sites) };
  const period: Period = question.period === 'binding' ? (binding!.period as Period) : (question.period ?? DEFAULT_QUESTION_OPTIONS.period);
  const demand = question.demand ?? DEFAULT_QUESTION_OPTIONS.demand;
  const keepExisting = question.keepExisting ?? DEFAULT_QUESTION_OPTIONS.keepExisting;
  const effort = {
    workLimit: question.workLimit ?? DEFAULT_QUESTION_OPTIONS.workLimit,
    timeLimitSeconds: question.timeLimitSeconds ?? DEFAULT_QUESTION_OPTIONS.timeLimitSeconds,
  };
  const seed = question.seed ?? DEFAULT_QUESTION_OPTIONS.seed;
  const fixedSites = sites
    .map((site, s) => ({ site, s }))
    .filter(({ site }) => site.role === 'required' || (keepExisting && site.role === 'existing'))
    .map(({ s }) => s);
  const covering = question.model !== 'pMedian' && question.model !== 'pCenter';
  const standardMinutes = question.standardMinutes === 'binding' ? binding!.standardMinutes : (question.standardMinutes ?? null);
  if (covering && standardMinutes === null) {
    throw new AirreachError('E_SCENARIO', `a ${question.model} question needs standardMinutes`, {
      where: field('standardMinutes'),
      expected: 'minutes, e.g. 60',
    });
  }
  const siteCount = question.additionalSites !== undefined ? fixedSites.length + question.additionalSites : question.siteCount;
  const fleetModel = question.model === 'expectedCovering' || question.model === 'maximumAvailability' || question.model === 'doubleStandard';
  // Site counts said in the question's terms (fleet models count aircraft, which may share a base).
  if (!fleetModel) checkQuestionSiteCount(question, sites, fixedSites, keepExisting, field);
  if (question.model === 'doubleStandard' && question.looseStandardMinutes === undefined) {
    throw new AirreachError('E_SCENARIO', 'a doubleStandard question needs looseStandardMinutes', { where: field('looseStandardMinutes'), expected: 'minutes, e.g. 120' });
  }
  if (question.model === 'phasedRollout' && (question.sitesPerYear === undefined) === (question.budgetPerYear === undefined)) {
    throw new AirreachError('E_SCENARIO', 'a phasedRollout question needs sitesPerYear or budgetPerYear (one of them)', { where: field('sitesPerYear'), expected: 'e.g. 2 (with years: 5)' });
  }
  if (question.model === 'fairCovering' && run.grid.regionNames.length === 0) {
    throw new AirreachError('E_SCENARIO', 'a fairCovering question needs regions', { where: field('model'), hint: 'Give layers.regions (e.g. prefectures)' });
  }
  if (question.model !== 'setCovering' && question.model !== 'phasedRollout' && !fleetModel && siteCount === undefined && question.budget === undefined) {
    throw new AirreachError('E_SCENARIO', `a ${question.model} question needs siteCount or additionalSites`, {
      where: field('siteCount'),
      expected: 'a positive integer',
    });
  }
  // The rule the session was told the matrices by (the question is checked above, so it has one).
  const { maxMinutes } = questionMatrixNeed(question, binding)!;
  const fleet = sites.reduce((total, site, s) => total + (fixedSites.includes(s) ? fleetSize(site) : 0), 0) + (question.additionalSites ?? 0);
  const { problem, matrix } = problemFor(period, maxMinutes, demand);
  const rules = { fixedSites, forbiddenSites: [] as number[] };
  let solve: QuestionSolve;
  switch (question.model) {
    case 'setCovering':
      // A planner reads the cover of the reachable demand as an answer, so it is proven here
      // (the library's default stops at a quick cover once unreachable demand makes it infeasible).
      solve = { model: 'setCovering', options: { standardMinutes: standardMinutes as number, proveReachableWhenInfeasible: true, ...rules, ...effort } };
      break;
    case 'maximalCovering':
      solve = { model: 'maximalCovering', options: {
        standardMinutes: standardMinutes as number,
        ...(siteCount !== undefined ? { siteCount } : {}),
        ...(question.budget !== undefined ? { budget: question.budget, siteCosts: sites.map((s) => s.cost ?? 1) } : {}),
        ...rules,
        seed,
        ...effort,
      } };
      break;
    case 'backupCovering':
      solve = { model: 'backupCovering', options: { standardMinutes: standardMinutes as number, siteCount: siteCount as number, ...rules, seed, ...effort } };
      break;
    case 'expectedCovering':
      solve = { model: 'expectedCovering', options: {
        standardMinutes: standardMinutes as number,
        aircraftCount: question.siteCount ?? fleet,
        busyFraction: question.busyFraction ?? DEFAULT_QUESTION_OPTIONS.busyFraction,
        ...(question.aircraftPerSite !== undefined ? { maxAircraftPerSite: question.aircraftPerSite } : {}),
        ...rules,
        ...effort,
      } };
      break;
    case 'maximumAvailability':
      solve = { model: 'maximumAvailability', options: {
        standardMinutes: standardMinutes as number,
        aircraftCount: question.siteCount ?? fleet,
        busyFraction: question.busyFraction ?? DEFAULT_QUESTION_OPTIONS.busyFraction,
        reliability: question.reliability ?? DEFAULT_QUESTION_OPTIONS.reliability,
        maxAircraftPerSite: question.aircraftPerSite,
        ...(question.budget !== undefined ? { budget: question.budget } : {}),
        ...rules,
        ...effort,
      } };
      break;
    case 'doubleStandard':
      solve = { model: 'doubleStandard', options: {
        tightMinutes: standardMinutes as number,
        looseMinutes: question.looseStandardMinutes as number,
        aircraftCount: question.siteCount ?? fleet,
        maxAircraftPerSite: question.aircraftPerSite,
        tightShare: question.tightShare,
        onceWeight: question.onceWeight,
        twiceWeight: question.twiceWeight,
        ...rules,
        ...effort,
      } };
      break;
    case 'phasedRollout':
      solve = { model: 'phasedRollout', ...(question.budgetPerYear !== undefined ? { siteCosts: Float64Array.from(sites, (site) => site.cost ?? 1) } : {}), options: {
        standardMinutes: standardMinutes as number,
        sitesPerYear: question.sitesPerYear,
        budgetPerYear: question.budgetPerYear,
        years: question.years,
        discountRate: question.discountRate,
        ...rules,
        ...effort,
      } };
      break;
    case 'fairCovering': {
      // The unconstrained optimum's worst region is named too (evaluated with the same regions).
      // Fairness questions of one problem (period, standard, demand, p, kept sites) share what they prove.
      const memoKey = JSON.stringify([period, standardMinutes, demand, siteCount, fixedSites]);
      solve = { model: 'fairCovering', memoKey, options: {
        standardMinutes: standardMinutes as number,
        siteCount: siteCount as number,
        demandRegions: run.grid.region,
        objective: question.fairness,
        regionMinimumShare: question.regionMinimumShare,
        ...rules,
        ...effort,
      } };
      break;
    }
    case 'pMedian':
      solve = { model: 'pMedian', options: {
        siteCount: siteCount as number,
        ...rules,
        seed,
        ...effort,
        unreachableMinutes: DEFAULT_QUESTION_OPTIONS.pMedianMaxMinutes,
        memoryBytes: solveMemoryBytes,
      } };
      break;
    case 'pCenter':
      solve = { model: 'pCenter', options: { siteCount: siteCount as number, ...rules, ...effort } };
      break;
  }
  return { problem, solve, finish: (result) => answerOf(run, sites, question, problem, result, { period, demand, standardMinutes, fixedSites, covering, matrix }) };
}

/**
 * Refuses a question's site count that no answer can have, in the terms of the field its author
 * wrote: `siteCount` counts every site of the answer (the kept ones too), `additionalSites` the
 * new sites alone. One check for both, so each names the file and JSON path, the number written,
 * the range it may take, the sites kept (required, existing, keepExisting) and what to change.
 * The solver's own refusal named the total with the kept bases ('got 101' for additionalSites
 * 100; 'siteCount is impossible for this problem (got 1); expected an integer from max(1, 2
 * fixed) to 4 allowed sites'), neither the kept bases nor keepExisting.
 */
function checkQuestionSiteCount(
  question: ScenarioQuestion,
  sites: Site[],
  fixedSites: number[],
  keepExisting: boolean,
  field: (name: string) => { file: string; field: string },
): void {
  const kept = fixedSites.length;
  const open = sites.length - kept;
  const required = sites.filter((site) => site.role === 'required').length;
  const keptParts = [...(required > 0 ? [`${required} required`] : []), ...(kept > required ? [`${kept - required} existing${keepExisting ? ', keepExisting' : ''}`] : [])].join(', ');
  const keptText = kept > 0 ? `the ${kept} kept (${keptParts})` : 'none kept';
  const addCandidates = 'add candidate sites (bases with role "candidate")';
  // With keepExisting, today's bases are kept: without it they are candidates like the others.
  const orFreeExisting = keepExisting && kept > required ? ', or set "keepExisting": false to choose among today\'s bases too' : '';
  if (question.additionalSites !== undefined && question.additionalSites > open) {
    throw new AirreachError('E_SITE_COUNT', `additionalSites counts the new sites alone, and there are ${open} candidates besides ${keptText}`, {
      value: question.additionalSites,
      where: field('additionalSites'),
      expected: open > 0 ? `an integer from 1 to ${open}` : 'no additional sites: every site is kept already',
      hint: `Ask for fewer additional sites, or ${addCandidates}`,
    });
  }
  if (question.siteCount !== undefined && (question.siteCount < kept || question.siteCount > sites.length)) {
    const below = question.siteCount < kept;
    throw new AirreachError('E_SITE_COUNT', below
      ? `siteCount counts every site of the answer, and the answer keeps ${kept} (${keptParts})`
      : `siteCount counts every site of the answer, and there are ${sites.length}: ${keptText} and ${open} candidates`, {
      value: question.siteCount,
      where: field('siteCount'),
      expected: `an integer from ${Math.max(1, kept)} to ${sites.length}`,
      hint: below ? `Count the kept sites in siteCount, ask for additionalSites (the new sites alone)${orFreeExisting}` : `Ask for fewer sites, or ${addCandidates}`,
    });
  }
}

/** A question's answer from its solve's result: sites named, the gain steps of added sites, ties past full coverage dropped. */
function answerOf(
  run: CoverageRun,
  sites: Site[],
  question: ScenarioQuestion,
  problem: SitingProblem,
  result: SolveResult,
  asked: { period: Period; demand: 'all' | 'hazard'; standardMinutes: number | null; fixedSites: number[]; covering: boolean; matrix: CoverageMatrix },
): QuestionAnswer {
  const { period, demand, standardMinutes, fixedSites, covering, matrix } = asked;
  const named = (s: number): AnsweredSite => ({ index: s, id: sites[s].id, name: sites[s].name, role: sites[s].role });
  const fixed = new Set(fixedSites);
  let steps =
    covering && question.additionalSites !== undefined && question.model !== 'maximumAvailability' && question.model !== 'doubleStandard' && question.model !== 'phasedRollout' && question.model !== 'fairCovering'
      ? gainSteps(problem, fixedSites, result.selectedSites.filter((s) => !fixed.has(s)), standardMinutes as number, sites, { matrix })
      : null;
  // Sites that add nothing are ties a solver picked, not an answer: once all demand is covered,
  // and as well once every demand any candidate reaches is (a night standard no candidate meets
  // listed a new base at '+0.0 points' as if it were worth opening). The steps take the largest
  // gain first, so those sites are the tail after the last step that gained; they are dropped
  // and the answer says how many were.
  let chosen = result.selectedSites;
  let tiesDropped = 0;
  let allCovered = false;
  if (steps) {
    const full = steps.findIndex((step) => step.coveredShare >= 1 - 1e-12);
    allCovered = full >= 0;
    let last = full >= 0 ? full : 0;
    if (full < 0) for (let k = 1; k < steps.length; k++) if (steps[k].coveredShare > steps[k - 1].coveredShare) last = k;
    if (last < steps.length - 1) {
      const dropped = new Set(steps.slice(last + 1).map((step) => step.siteId));
      tiesDropped = dropped.size;
      chosen = chosen.filter((s) => !dropped.has(sites[s].id));
      steps = steps.slice(0, last + 1);
    }
  }
  const selected = chosen.map(named);
  // The model's covered share (evaluateMaximalCovering's, to the bit), from the chosen sites' own pairs.
  const coveredShare = covering ? coveredShareOfSites(problem, result.selectedSites, standardMinutes as number, { matrix }) : null;
  return {
    label: question.label ?? `${question.model}${standardMinutes !== null ? ` within ${standardMinutes} min` : ''}`,
    model: question.model,
    period,
    standardMinutes,
    demand,
    status: result.status,
    stoppedBy: result.stoppedBy,
    work: result.work,
    objective: result.objective,
    bound: result.bound,
    gap: result.gap,
    runtimeMs: result.runtimeMs,
    solver: result.solver,
    selectedSites: selected,
    newSites: selected.filter((site) => !fixed.has(site.index) && site.role !== 'existing' && site.role !== 'required'),
    coveredShare,
    steps,
    details: withNames(tiesDropped > 0 ? { ...(result.details ?? {}), ...(allCovered ? { allDemandCoveredWith: selected.length } : {}), tiesDropped } : (result.details ?? null), result, sites, run.grid.regionNames),
  };
}

/**
 * A question asked of the binding standard when every standard is already met: there is
 * nothing to site, and the answer says so (today's bases, all demand covered) rather than
 * listing sites a solver would pick among ties.
 */
function everyStandardMet(question: ScenarioQuestion, sites: Site[]): QuestionAnswer {
  const kept = sites.map((site, s) => ({ index: s, id: site.id, name: site.name, role: site.role })).filter((site) => site.role === 'existing' || site.role === 'required');
  return {
    label: `${question.label ?? question.model}: every standard is met in every period, nothing binds`,
    model: question.model,
    period: question.period === 'binding' || question.period === undefined ? DEFAULT_QUESTION_OPTIONS.period : question.period,
    standardMinutes: null,
    demand: question.demand ?? DEFAULT_QUESTION_OPTIONS.demand,
    status: 'optimal',
    objective: 0,
    bound: 0,
    gap: 0,
    runtimeMs: 0,
    solver: 'none (nothing binds)',
    stoppedBy: 'proof',
    work: 0,
    selectedSites: kept,
    newSites: [],
    coveredShare: 1,
    steps: null,
    details: { everyStandardMet: true },
  };
}

/**
 * The planning models' details with sites and regions named, for the terminal and the report:
 * `aircraft` (per base used, its count), `years` (phased rollout: the bases opened each year and
 * the coverage reached, against the non-nested optimum), `regions` (fair covering: each region's
 * covered share, and in the unconstrained optimum).
 */
function withNames(details: Record<string, unknown> | null, result: SolveResult, sites: Site[], regionNames: readonly string[]): Record<string, unknown> | null {
  if (!details) return details;
  const site = (s: number) => ({ id: sites[s].id, name: sites[s].name });
  const named: Record<string, unknown> = { ...details };
  const counts = details.aircraftCounts as number[] | undefined;
  if (counts && counts.length === result.selectedSites.length) named.aircraft = result.selectedSites.map((s, k) => ({ ...site(s), count: counts[k] }));
  const newByYear = details.newSitesByYear as number[][] | undefined;
  if (newByYear) {
    const share = details.shareByYear as number[];
    const free = details.nonNestedShareByYear as number[];
    const loss = details.nestingLossShare as number[];
    named.years = newByYear.map((added, t) => ({ year: t + 1, newSites: added.map(site), coveredShare: share[t], nonNestedShare: free[t], nestingLossShare: loss[t] }));
  }
  const shares = details.regionShares as Array<number | null> | undefined;
  const unconstrained = details.unconstrainedSites as number[] | undefined;
  if (shares) named.regions = shares.map((value, r) => ({ name: regionNames[r] ?? `region ${r}`, coveredShare: value }));
  if (unconstrained) named.unconstrainedSites = unconstrained.map(site);
  const infeasible = details.infeasibleRegions as number[] | undefined;
  if (infeasible) named.infeasibleRegionNames = infeasible.map((r) => regionNames[r] ?? `region ${r}`);
  const worst = details.worstRegion as number | undefined;
  if (worst !== undefined && worst >= 0) named.worstRegionName = regionNames[worst] ?? `region ${worst}`;
  return named;
}

function fleetSize(site: Site): number {
  return site.fleet.reduce((total, entry) => total + entry.count, 0);
}

