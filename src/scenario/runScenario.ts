import { setMaxListeners } from 'node:events';
import { nextTurn } from '../nextTurn.js';
import { writeFilesAtomic } from '../io/writeFileAtomic.js';
import { resolveOptions } from '../resolveOptions.js';
import { cancelledError } from './cancelledError.js';
import { sitesToGeoJson } from '../report/renderers.js';
import { loadScenario, type LoadScenarioOptions } from './loadScenario.js';
import { computeCoverage, computeCoverageParallel, coverageOutputs, readScenarioInputs, reportInputOf, type CoverageRun, type RunOptions } from './runCoverage.js';
import { outputTexts, type OutputFiles } from '../streamedText.js';
import { answerQuestions, type QuestionAnswer } from './answerQuestions.js';
import { planningTablesOf } from './planningTables.js';
import { readConditions, type ConditionsInputs } from './readConditions.js';
import { conditionsReport, type ConditionsReport } from '../report/conditionsReport.js';
import { weatherZoneByCell } from '../conditions/weatherZoneByCell.js';
import { reportHtml } from '../report/html/reportHtml.js';
import type { ReportAnswer } from '../report/reportInput.js';
import type { CoverageCurve } from '../solvers/covering/coverageCurve.js';
import { scenarioCurve } from './scenarioCurve.js';
import { depotCandidates, readDepotNetwork, scenarioDepotPlan } from './scenarioDepots.js';
import type { DepotCandidate, DepotPlan } from '../depots/planDepots.js';
import { depotPlanGeoJson } from '../depots/depotPlanGeoJson.js';
import { depotUtilisationTable } from '../depots/depotUtilisationTable.js';
import { finiteJson } from '../report/finiteJson.js';
import { locateInScenario } from './locateInScenario.js';
import { checkSitingBudget } from './checkSitingBudget.js';
import { scenarioMemoryBudget } from './scenarioMemoryBudget.js';
import { checkQuestionSolveSize } from './checkQuestionSolveSize.js';
import { prepareScenarioParallel, type ScenarioSession } from './scenarioSession.js';
import { AirreachError } from '../errors.js';
import { lockOutputFolder, type OutputLock } from '../io/outputFolder.js';
import { checkScenarioSimulation, scenarioSimulation, simulationRows, startScenarioSimulation, type ScenarioSimulationRun } from './scenarioSimulation.js';
import type { AirreachPool } from '../engine/createPool.js';
import { scenarioInputFiles } from './scenarioFingerprint.js';
import { outputNames } from '../report/outputNames.js';
import { checkScenarioOutputFolder } from './checkScenarioOutputFolder.js';

/**
 * A scenario run: its coverage and the answers to its siting questions.
 *
 * @example
 * const result: ScenarioRun = await computeScenario(inputs, { conditions, depotCandidates: null });
 * scenarioFiles(result)['answers.json'];
 */
export interface ScenarioRun {
  coverage: CoverageRun;
  answers: QuestionAnswer[];
  /** Coverage under operating conditions (day/night weighting, weather, busy aircraft, hospital leg), when the scenario sets any. */
  conditions: ConditionsReport | null;
  /** Coverage versus number of bases, when the scenario asks for a `curve`. */
  curve: CoverageCurve[] | null;
  /** Material depots serving the bases and hazard cells, when the scenario has a `depots` block. */
  depots: DepotPlan | null;
  /** The incident simulation of today's bases (and each answer), when the scenario has a `simulation` block. */
  simulation: ScenarioSimulationRun | null;
}

/**
 * Computes a loaded scenario: coverage from today's bases, then its siting questions.
 *
 * @example
 * const result = await computeScenario(await readScenarioInputs(await loadScenario('today.json')));
 */
export async function computeScenario(
  inputs: Awaited<ReturnType<typeof readScenarioInputs>>,
  options: RunOptions & {
    conditions?: ConditionsInputs | null;
    depotCandidates?: DepotCandidate[] | null;
    pool?: AirreachPool;
    minParallelPairs?: number;
    session?: ScenarioSession;
    /**
     * Called once the coverage is computed and the pool's jobs (questions, depot plan) are
     * queued: a caller may start on the coverage's files (`coverageOutputs`) while the pool works.
     */
    onCoverage?: (coverage: CoverageRun) => void;
  } = {},
): Promise<ScenarioRun> {
  checkScenarioSimulation(inputs);
  // The depots' road network is read while the grid is built; its failure is thrown where the plan's would be.
  const depotNetwork = options.depotCandidates ? settled(readDepotNetwork(inputs.loaded.scenario.depots)) : undefined;
  // The pool's workers load their code now, while this thread builds the grid.
  if (options.pool && options.pool.threads > 1) options.pool.start();
  if (!options.session) options.onProgress?.({ step: 'grid', done: 0, total: 1 + inputs.periods.length });
  // One session for the whole run: each matrix (period, standard, sites) is built once and shared by coverage, questions and curve.
  const session = options.session ?? (await prepareScenarioParallel(inputs, { ...options, siting: true }));
  // Before any siting matrix is built (the first coverage period may cut today's bases from one).
  checkSitingBudget(session, scenarioMemoryBudget(inputs.loaded, options));
  // Every question whose HiGHS model may not fit is named before the coverage and the first solve.
  checkQuestionSolveSize(session, { onWarning: (warning) => options.onProgress?.({ step: 'grid', done: 0, total: 1 + inputs.periods.length, warning }) });
  // With pool threads the questions, the depot plan and the curve are solved there while this thread writes the coverage files (none reads an answer).
  const sideBySide = Boolean(options.pool && options.pool.threads > 1);
  // On the pool, a failed question is the run's error whatever else comes (it is thrown first,
  // below): the depot plan, the curve and the simulations are stopped then, not awaited.
  const rest = new AbortController();
  const restSignal = options.signal ? AbortSignal.any([options.signal, rest.signal]) : rest.signal;
  // Every pool task of the run listens to it (a simulation per plan and replication, the curve,
  // the depot plan), each until it settles: no leak to warn about however many there are.
  setMaxListeners(0, restSignal);
  const network = await depotNetwork;
  // The depot plan reads the grid, not the coverage. On the pool it is queued now, before the
  // coverage is computed: a long single job, it runs on a worker that would otherwise wait for
  // the questions (measured: idle from the workers' start until the questions came, about 2.7 s
  // on today's case). Nothing is awaited between here and the queueing (the network is read).
  const planDepotsNow = (): Promise<DepotPlan | null> => {
    if (!options.depotCandidates || !network) return Promise.resolve(null);
    if ('error' in network) return Promise.reject(network.error);
    return scenarioDepotPlan({ inputs, grid: session.grid }, options.depotCandidates, { signal: restSignal, pool: sideBySide ? options.pool : undefined, network: network.value });
  };
  const depotsOnPool = sideBySide ? planDepotsNow() : undefined;
  depotsOnPool?.catch(() => undefined);
  // On the pool's threads when it has two or more (the same bytes: see computeCoverageParallel).
  const coverage = options.pool && options.pool.threads > 1 ? await computeCoverageParallel(inputs, { ...options, session }) : computeCoverage(inputs, { ...options, session });
  const questions = inputs.loaded.scenario.questions ?? [];
  // With pool threads each plan's incident simulation is queued as soon as it is known (today's
  // bases now, an answer when it lands), behind the questions: it runs on the threads they leave idle.
  const simulating = sideBySide ? startScenarioSimulation(coverage, options.conditions ?? null, { pool: options.pool, signal: restSignal, eager: true }) : null;
  const answering = answerQuestions(coverage, questions, { ...options, onAnswer: simulating ? (a, answer) => simulating.answer(a, answer) : undefined });
  // Awaited below; until then its failure must not count as unhandled. It stops the rest at once.
  answering.catch(() => rest.abort(new Error('a siting question failed')));
  // With pool threads the curve is one more task there, behind the questions: a worker that has
  // solved maximal covering runs it warm, where this thread would compile that code afresh.
  const curving = sideBySide ? scenarioCurve(coverage, { signal: restSignal, pool: options.pool }) : undefined;
  curving?.catch(() => undefined);
  options.onCoverage?.(coverage);
  let answers = sideBySide ? null : await answering;
  options.signal?.throwIfAborted();
  // The steps after the questions, as progress too (the terminal's log lines time each step).
  const step = (name: string, done: number) => options.onProgress?.({ step: name, done, total: 3 });
  let curve: CoverageCurve[] | null;
  let depots: DepotPlan | null;
  let conditions: ConditionsReport | null;
  try {
    if (inputs.loaded.scenario.curve) step('curve', 0);
    const conditionsNow = () => (options.conditions ? conditionsOf(coverage, options.conditions) : null);
    // While the pool draws the curve and plans the depots this thread computes the conditions; a
    // failure of theirs still comes after the curve's and the plan's, as in one thread.
    let early: { value: ConditionsReport | null } | { error: unknown } | undefined;
    if (depotsOnPool || curving) {
      // A turn first: the pool's messages that came meanwhile are read (see nextTurn).
      await nextTurn();
      try {
        early = { value: conditionsNow() };
      } catch (error) {
        early = { error };
      }
    }
    curve = await (curving ?? scenarioCurve(coverage, { signal: options.signal }));
    options.signal?.throwIfAborted();
    if (options.depotCandidates) step('depots', 1);
    depots = await (depotsOnPool ?? planDepotsNow());
    options.signal?.throwIfAborted();
    if (early && 'error' in early) throw early.error;
    conditions = early ? early.value : conditionsNow();
  } catch (error) {
    // A question's error comes first, as when the questions run before the curve.
    await answering;
    throw error;
  }
  answers ??= await answering;
  options.signal?.throwIfAborted();
  if (inputs.loaded.scenario.simulation) step('simulation', 2);
  const simulation = simulating ? await simulating.finish(answers) : await scenarioSimulation(coverage, answers, options.conditions ?? null, { pool: options.pool, signal: options.signal });
  options.signal?.throwIfAborted();
  return { coverage, answers, conditions, curve, depots, simulation };
}

/**
 * The conditions report of a coverage run (see `conditionsReport`); needs a day run.
 *
 * @example
 * const conditions = await readConditions(scenario.conditions); // null without a conditions block
 * const report = conditions ? conditionsOf(run, conditions) : null;
 */
export function conditionsOf(coverage: CoverageRun, conditions: ConditionsInputs): ConditionsReport | null {
  const day = coverage.periods.find((p) => p.period === 'day');
  if (!day) return null;
  const night = coverage.periods.find((p) => p.period === 'night');
  const hospitals = conditions.hospitals?.length ?? 0;
  // The hospital leg scans every hospital from every cell.
  if (coverage.grid.cellCount * hospitals > MAX_HOSPITAL_SCAN) {
    throw new AirreachError('E_MEMORY_BUDGET', `the hospital leg would compare ${coverage.grid.cellCount.toLocaleString('en-US')} cells with ${hospitals.toLocaleString('en-US')} hospitals, over ${MAX_HOSPITAL_SCAN.toExponential()} comparisons`, {
      value: coverage.grid.cellCount * hospitals,
      where: { file: coverage.inputs.loaded.file, field: '/conditions/hospitals' },
      expected: `cells × hospitals ≤ ${MAX_HOSPITAL_SCAN}`,
      hint: 'Filter the hospitals with "kinds", or use a coarser resolution',
    });
  }
  try {
    return conditionsReportOf(coverage, conditions, day, night);
  } catch (error) {
    throw locateInScenario(error, (own) => ({ file: coverage.inputs.loaded.file, field: CONDITION_FIELDS.get(own.field ?? '') ?? '/conditions' }));
  }
}

/** Most cell-to-hospital comparisons of the hospital leg: about 4 s (a province has a few dozen receiving hospitals). */
const MAX_HOSPITAL_SCAN = 2e9;

/** Where the conditions steps' own option names sit in a scenario. */
const CONDITION_FIELDS = new Map([
  ['zone', '/conditions/weather/zone'],
  ['weather', '/conditions/weather/dependence'],
  ['dependence', '/conditions/weather/dependence'],
  ['year', '/conditions/daylight/year'],
  ['month', '/conditions/daylight/month'],
  ['reference', '/conditions/daylight/reference'],
  ['marginMinutes', '/conditions/daylight/marginMinutes'],
  ['busyFraction', '/conditions/busyFraction'],
  ['onSceneMinutes', '/conditions/onSceneMinutes'],
]);

function conditionsReportOf(coverage: CoverageRun, conditions: ConditionsInputs, day: CoverageRun['periods'][number], night: CoverageRun['periods'][number] | undefined): ConditionsReport {
  const { settings } = conditions;
  return conditionsReport({
    grid: coverage.grid,
    aircraftById: coverage.inputs.aircraftById,
    day: day.outcomes,
    night: night?.outcomes,
    daylight: settings.daylight && {
      period: { year: settings.daylight.year, month: settings.daylight.month },
      reference: settings.daylight.reference,
      marginMinutes: settings.daylight.marginMinutes,
    },
    weather:
      conditions.weather && settings.weather
        ? {
            data: conditions.weather,
            zone: settings.weather.zone,
            month: settings.weather.month,
            dependence: settings.weather.dependence,
            zoneByCell: conditions.weatherZones
              ? weatherZoneByCell(coverage.grid, conditions.weatherZones.collection, { field: settings.weather.zones?.field, defaultZone: settings.weather.zone, file: conditions.weatherZones.file })
              : undefined,
          }
        : undefined,
    busyFraction: settings.busyFraction,
    hospitals: conditions.hospitals ? { list: conditions.hospitals, onSceneMinutes: settings.onSceneMinutes ?? 0 } : undefined,
  });
}

/** Options of {@link scenarioOutputs}. */
export interface ScenarioOutputsOptions {
  /**
   * The run's coverage files, `coverageOutputs(result.coverage, { report: false })`, when the
   * caller made them already (to render them while the pool solved): taken as they are, not
   * made again.
   */
  coverageFiles?: OutputFiles;
}

/** Defaults of {@link scenarioOutputs}: the coverage files are made from the run. */
export const DEFAULT_SCENARIO_OUTPUTS_OPTIONS: ScenarioOutputsOptions = { coverageFiles: undefined };

/**
 * The files of a scenario run: the coverage files (see `coverageFiles`), `report.html` (a
 * self-contained page: map, tables, curve), `conditions.json` and `curve.json` when the
 * scenario asks for them, `answers.json` with `answer-<n>.geojson` (the chosen sites) when
 * it has questions, `depots.json`, `depots.geojson` (depots, assignment and tier lines) and
 * `depots.csv` (utilisation) when it plans depots, and `simulation.json` (the incident
 * simulation's summaries) when it has a `simulation` block.
 *
 * The cell maps and tables are streamed (see `coverageOutputs`).
 *
 * @example
 * await writeFilesAtomic('out', scenarioOutputs(result));
 */
export function scenarioOutputs(result: ScenarioRun, options: ScenarioOutputsOptions = {}): OutputFiles {
  // The full report (answers, conditions, curve, depots) replaces the coverage-only one.
  const { coverageFiles } = resolveOptions(DEFAULT_SCENARIO_OUTPUTS_OPTIONS, options);
  const files = { ...(coverageFiles ?? coverageOutputs(result.coverage, { report: false })) };
  // Named as checked before the run (checkScenarioOutputFolder): one plan, one set of names.
  const names = outputNames({
    periods: result.coverage.periods.map((p) => p.period),
    coverage: false,
    conditions: result.conditions !== null,
    curve: result.curve !== null,
    simulation: result.simulation !== null,
    depots: result.depots !== null,
    answers: result.answers.length,
  });
  if (result.conditions && names.conditions) files[names.conditions] = finiteJson(result.conditions, names.conditions, 2);
  if (result.curve && names.curve) files[names.curve] = finiteJson(result.curve, names.curve, 2);
  if (result.simulation && names.simulation) files[names.simulation] = finiteJson(result.simulation, names.simulation, 2);
  if (result.depots && names.depots) {
    const { runtimeMs: _runtimeMs, ...plan } = result.depots;
    files[names.depots.plan] = finiteJson(plan, names.depots.plan, 2);
    files[names.depots.map] = finiteJson(depotPlanGeoJson(result.depots), names.depots.map);
    files[names.depots.table] = depotUtilisationTable(result.depots).csv;
  }
  files[names.report!] = reportHtml(reportInputOf(result.coverage), {
    curve: result.curve ?? undefined,
    curveNote: result.curve
      ? `Maximal covering: today's bases kept, then the best additional candidate sites.${result.curve
          .filter((c) => c.fullCoverageAt !== null)
          .map((c) => ` Within ${c.standardMinutes} min all demand is covered with ${c.fullCoverageAt} bases: the curve stops there (more bases would be ties).`)
          .join('')}`
      : undefined,
    depots: result.depots ?? undefined,
    simulation: result.simulation ? simulationRows(result.simulation) : undefined,
    answers: reportAnswers(result),
    conditions: result.conditions ?? undefined,
    planning: planningTablesOf(result.answers),
  });
  if (names.answers) {
    files[names.answers.list] = finiteJson(result.answers.map(stripTiming), names.answers.list, 2);
    const sites = result.coverage.inputs.sites.filter((site) => site.role !== 'forbidden');
    const maps = names.answers.maps;
    result.answers.forEach((answer, a) => {
      const chosen = new Set(answer.selectedSites.map((site) => site.index));
      const name = maps[a];
      files[name] = finiteJson(
        sitesToGeoJson(sites.filter((_site, s) => chosen.has(s)), (site) => ({
          question: answer.label,
          isNew: site.role !== 'existing' && site.role !== 'required',
        })),
        name,
      );
    });
  }
  return files;
}

/**
 * The siting answers as the report page shows them: status, bound and gap, the chosen sites
 * with their positions (new ones marked), the gains and the ties left out.
 *
 * @example
 * reportHtml(reportInputOf(result.coverage), { answers: reportAnswers(result) });
 */
export function reportAnswers(result: Pick<ScenarioRun, 'coverage' | 'answers'>): ReportAnswer[] {
  const sites = result.coverage.inputs.sites.filter((site) => site.role !== 'forbidden');
  return result.answers.map((answer) => {
    const unreachable = answer.details?.unreachableDemand;
    const ties = Number(answer.details?.tiesDropped ?? 0);
    return {
      label: answer.label,
      period: answer.period,
      standardMinutes: answer.standardMinutes,
      status: answer.status,
      objective: answer.objective,
      bound: answer.bound,
      gap: answer.gap,
      coveredShare: answer.coveredShare,
      sites: answer.selectedSites.map((chosen) => {
        const site = sites[chosen.index];
        return { id: chosen.id, name: chosen.name, latDeg: site.latDeg, lngDeg: site.lngDeg, isNew: site.role !== 'existing' && site.role !== 'required' };
      }),
      steps: answer.steps,
      ...(Array.isArray(unreachable) ? { unreachableCells: unreachable.length } : {}),
      ...(ties > 0 ? { tiesDropped: ties } : {}),
      ...(typeof answer.details?.stopNote === 'string' ? { stopNote: answer.details.stopNote } : {}),
    };
  });
}

/**
 * {@link scenarioOutputs} with every file as one string, for runs small enough to hold them.
 *
 * @example
 * const files = scenarioFiles(result); // { 'report.html': '<!doctype html>…', … }
 */
export function scenarioFiles(result: ScenarioRun): Record<string, string> {
  return outputTexts(scenarioOutputs(result));
}

// Runtimes differ from run to run; the files stay byte-identical without them (they are printed).
function stripTiming(answer: QuestionAnswer): Omit<QuestionAnswer, 'runtimeMs'> {
  const { runtimeMs: _runtimeMs, ...rest } = answer;
  return rest;
}

/**
 * The whole scenario pipeline, as `airreach run` does it: load, read inputs, compute coverage
 * and answers, and write every file at once into `outFolder` (nothing on failure or cancel).
 * `only` keeps the files whose names it accepts (`airreach site` writes just the siting files).
 *
 * @example
 * const { result, written } = await runScenario(join(bundledDataFolder(), 'liaoning', 'today.json'), { outFolder: 'out' });
 */
export async function runScenario(
  scenarioPath: string,
  options: RunOptions & LoadScenarioOptions & { outFolder: string; only?: (fileName: string) => boolean },
): Promise<{ result: ScenarioRun; written: string[] }> {
  let lock: OutputLock | undefined;
  try {
    options.signal?.throwIfAborted();
    // Locked from the start: an unusable folder is refused before any work, and two runs into one folder cannot interleave.
    lock = lockOutputFolder(options.outFolder);
    const loaded = await loadScenario(scenarioPath, options);
    // The output names are known from the file: a folder they cannot go into is refused before any work.
    await checkScenarioOutputFolder(loaded, options.outFolder, { only: options.only });
    const inputs = await readScenarioInputs(loaded, options);
    const conditions = await readConditions(loaded.scenario.conditions, loaded.file);
    const candidates = loaded.scenario.depots ? await depotCandidates(loaded.scenario.depots, loaded.file) : null;
    const result = await computeScenario(inputs, { ...options, conditions, depotCandidates: candidates });
    options.signal?.throwIfAborted();
    const files = scenarioOutputs(result);
    const chosen = options.only ? Object.fromEntries(Object.entries(files).filter(([name]) => options.only!(name))) : files;
    const written = await writeFilesAtomic(options.outFolder, chosen, { signal: options.signal, inputFiles: scenarioInputFiles(loaded) });
    return { result, written };
  } catch (error) {
    throw cancelledError(error, options.signal, scenarioPath);
  } finally {
    lock?.release();
  }
}

/** A promise's outcome as a value, so that it is never an unhandled rejection while nobody awaits it yet. */
function settled<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}
