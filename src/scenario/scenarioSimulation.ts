import { dirname, relative, sep } from 'node:path';
import type { Site } from '../travel/aircraft.js';
import { nightShare } from '../conditions/nightShare.js';
import { weatherAvailability } from '../conditions/weatherAvailability.js';
import { weatherZoneByCell } from '../conditions/weatherZoneByCell.js';
import { simulateIncidents } from '../simulation/simulateIncidents.js';
import { simulateIncidentsParallel } from '../simulation/simulateIncidentsParallel.js';
import { DEFAULT_SIMULATION_OPTIONS, resolveSimulationOptions, type SimulationInput, type SimulationOptions } from '../simulation/simulationOptions.js';
import type { SimulationSummary } from '../simulation/summarizeSimulation.js';
import type { SimulationTableRow } from '../report/simulationText.js';
import type { AirreachPool } from '../engine/createPool.js';
import type { CoverageRun } from './runCoverage.js';
import { basesOf } from './basesOf.js';
import type { QuestionAnswer } from './answerQuestions.js';
import type { ConditionsInputs } from './readConditions.js';
import { locateInScenario } from './locateInScenario.js';
import { resolveOptions } from '../resolveOptions.js';

/**
 * Replications a scenario's simulation runs when it does not say.
 *
 * @example
 * DEFAULT_SCENARIO_REPLICATIONS; // -> 10
 */
export const DEFAULT_SCENARIO_REPLICATIONS = 10;

/**
 * A scenario's incident simulation: one summary per plan checked (today's bases, then each
 * question's answer when asked), with the settings it ran with (`simulation.json`).
 *
 * @example
 * const simulation: ScenarioSimulationRun | null = await scenarioSimulation(run, answers, conditions);
 * simulation?.plans[0].summary.overall.withinStandardShare;
 */
export interface ScenarioSimulationRun {
  /** The option values the runs used, with where each setting came from. */
  settings: SimulationOptions & { nightShareSource: string; flyableShareSource: string };
  /** What the scenario states about its figures (`simulation.assumptions`). */
  assumptions: string[];
  /** Per plan: its sites, the weather its bases had (zones' flyable shares and each base's zone; null: never closed), and the summary. */
  plans: Array<{ label: string; siteIds: string[]; weather: SimulationOptions['weather']; summary: SimulationSummary }>;
}

/**
 * Runs a scenario's `simulation` block over its grid: today's bases (existing and required
 * sites, with their fleets) and, with `answers: true`, each question's chosen sites. Standards
 * are the scenario's; the hospital leg uses `conditions.hospitals`; bases close by the
 * weather of `conditions.weather` (its month; each base in the zone of the `zones` polygon
 * holding it, else the scenario's zone; zones close independently); the night
 * share is the daylight rule's at the demand-weighted centre of the grid when
 * `conditions.daylight` is set, else 0.5. On the engine pool when one is given (same bytes).
 * Errors name the scenario file and the block's field.
 *
 * @example
 * const simulation = await scenarioSimulation(run, answers, conditions, { pool: createPool({ threads: 2 }) }); // null without a simulation block
 */
export async function scenarioSimulation(
  coverage: CoverageRun,
  answers: readonly QuestionAnswer[],
  conditions: ConditionsInputs | null,
  options: { pool?: AirreachPool; signal?: AbortSignal } = {},
): Promise<ScenarioSimulationRun | null> {
  const started = startScenarioSimulation(coverage, conditions, { ...options, eager: false });
  if (!started) return null;
  answers.forEach((answer, a) => started.answer(a, answer));
  return started.finish(answers);
}

/**
 * A scenario's simulation started before its answers are known ({@link startScenarioSimulation}):
 * each answer's plan is simulated once it is given, and `finish` gives the run.
 *
 * @example
 * const simulation = startScenarioSimulation(run, conditions, { pool });
 * await answerQuestions(run, questions, { pool, onAnswer: (a, answer) => simulation?.answer(a, answer) });
 */
export interface StartedScenarioSimulation {
  /** Answer `index` is known: with `eager`, its plan is simulated now (and today's bases with the first answer); else at `finish`. */
  answer(index: number, answer: QuestionAnswer): void;
  /** The run, once every plan is simulated: the same as {@link scenarioSimulation} of `answers`. */
  finish(answers: readonly QuestionAnswer[]): Promise<ScenarioSimulationRun>;
}

/** Options of {@link startScenarioSimulation}. */
export interface StartScenarioSimulationOptions {
  /** Runs the replications on this pool's threads (same bytes). */
  pool?: AirreachPool;
  signal?: AbortSignal;
  /**
   * Start each plan's simulation when it is known (an answer when it is given, today's bases
   * with the first): with a pool, so that the plans run on threads the questions leave idle.
   * Off: every plan runs at `finish`, one after the other.
   */
  eager?: boolean;
}

/** Defaults of {@link startScenarioSimulation}: plans run at `finish`. */
export const DEFAULT_START_SCENARIO_SIMULATION_OPTIONS: StartScenarioSimulationOptions = { pool: undefined, signal: undefined, eager: false };

/**
 * {@link scenarioSimulation} in two steps, so that its plans can be simulated while the
 * questions are still being solved: with `eager` each answer's plan (and today's bases with the
 * first) is queued on the pool as `answer` gives it, and `finish(answers)` collects the summaries in plan
 * order. Every plan's summary depends only on its sites and the scenario's settings (each
 * replication has its own seed; replications merged in order), so the run is the same bytes
 * whichever order the plans ran in. Null when the scenario has no `simulation` block. An error
 * of a plan (or of the settings) is thrown by `finish`, the first plan's first.
 *
 * @example
 * const started = startScenarioSimulation(run, conditions, { pool, eager: true });
 * const answers = await answerQuestions(run, questions, { pool, onAnswer: (a, answer) => started?.answer(a, answer) });
 * const simulation = await started?.finish(answers);
 */
export function startScenarioSimulation(coverage: CoverageRun, conditions: ConditionsInputs | null, options: StartScenarioSimulationOptions = {}): StartedScenarioSimulation | null {
  const { pool, signal, eager } = resolveOptions(DEFAULT_START_SCENARIO_SIMULATION_OPTIONS, options);
  const block = coverage.inputs.loaded.scenario.simulation;
  if (!block) return null;
  const file = coverage.inputs.loaded.file;
  const located = (error: unknown) => locateInScenario(error, (own) => ({ file, field: scenarioField(own.field) }));
  let setup: ReturnType<typeof simulationSetup>;
  try {
    setup = simulationSetup(coverage, conditions, block);
  } catch (error) {
    const failed = Promise.reject(located(error));
    failed.catch(() => undefined);
    return { answer: () => undefined, finish: () => failed };
  }
  const { input, simulationOptions, weatherFor, nightShareSource, flyableShareSource } = setup;
  type PlanRun = ScenarioSimulationRun['plans'][number];
  const run = (label: string, sites: Site[]): Promise<PlanRun> => {
    const go = async (): Promise<PlanRun> => {
      signal?.throwIfAborted();
      const planOptions = { ...simulationOptions, weather: weatherFor(sites) };
      const summary = pool ? await simulateIncidentsParallel(pool, input, sites, { ...planOptions, signal }) : simulateIncidents(input, sites, planOptions);
      return { label, siteIds: sites.map((site) => site.id), weather: planOptions.weather, summary };
    };
    const running = go();
    // Awaited by finish; until then its failure must not count as unhandled.
    running.catch(() => undefined);
    return running;
  };
  const todayLabel = "today's bases";
  const todaySites = basesOf(coverage.inputs.sites);
  const answerPlan = (a: number, answer: QuestionAnswer) => {
    const ids = new Set(answer.selectedSites.map((site) => site.id));
    return { label: `answer ${a + 1}: ${answer.label}`, sites: coverage.inputs.sites.filter((site) => site.role !== 'forbidden' && ids.has(site.id)) };
  };
  const early = new Map<number, { answer: QuestionAnswer; running: Promise<PlanRun> }>();
  // Today's bases are queued with the first answer: behind the questions and the depot plan
  // already on the pool (queued in order), so it takes a thread only when one comes free.
  let today: Promise<PlanRun> | undefined;
  return {
    answer(a, answer) {
      if (!eager) return;
      today ??= run(todayLabel, todaySites);
      if (!block.answers || early.has(a)) return;
      const plan = answerPlan(a, answer);
      early.set(a, { answer, running: run(plan.label, plan.sites) });
    },
    async finish(answers) {
      try {
        const out: PlanRun[] = [await (today ?? run(todayLabel, todaySites))];
        if (block.answers) {
          for (const [a, answer] of answers.entries()) {
            const known = early.get(a);
            if (known && known.answer === answer) {
              out.push(await known.running);
              continue;
            }
            const plan = answerPlan(a, answer);
            out.push(await run(plan.label, plan.sites));
          }
        }
        return { settings: { ...simulationOptions, nightShareSource, flyableShareSource }, assumptions: block.assumptions ?? [], plans: out };
      } catch (error) {
        throw located(error);
      }
    },
  };
}

/** What every plan of a scenario's simulation shares: the input, the options, the weather of a plan's bases, and where the settings came from. */
function simulationSetup(coverage: CoverageRun, conditions: ConditionsInputs | null, block: NonNullable<CoverageRun['inputs']['loaded']['scenario']['simulation']>) {
  const { grid } = coverage;
  const input: SimulationInput = { grid, aircraftById: coverage.inputs.aircraftById, hospitals: conditions?.hospitals ?? undefined };
  const settings = conditions?.settings;
  let flyableShareSource = 'no conditions.weather: bases never close';
  // Each plan's bases get their weather zone by place (conditions.weather.zones), else all the scenario's zone.
  let weatherFor = (_sites: readonly Site[]): SimulationOptions['weather'] => null;
  if (conditions?.weather && settings?.weather) {
    const data = conditions.weather;
    const zone = settings.weather.zone ?? 'inland';
    const month = settings.weather.month ?? 'year';
    const when = month === 'year' ? 'whole year' : `month ${month}`;
    const zonesLayer = conditions.weatherZones;
    if (zonesLayer) {
      weatherFor = (sites) => {
        const map = weatherZoneByCell(
          { cellCount: sites.length, latDeg: Float64Array.from(sites, (site) => site.latDeg), lngDeg: Float64Array.from(sites, (site) => site.lngDeg) },
          zonesLayer.collection,
          { field: settings.weather?.zones?.field, defaultZone: zone, file: zonesLayer.file },
        );
        return { flyableShareByZone: map.zones.map((name) => weatherAvailability(month, data, { zone: name })), baseZone: [...map.zoneIndex], meanClosureMinutes: block.meanClosureMinutes };
      };
      flyableShareSource = `conditions.weather by place: each base in the zone of the polygon of ${relative(dirname(coverage.inputs.loaded.file), zonesLayer.file).split(sep).join('/')} holding it (else ${zone}), ${when}; zones close independently of each other`;
    } else {
      const share = weatherAvailability(month, data, { zone });
      weatherFor = () => ({ flyableShareByZone: [share], meanClosureMinutes: block.meanClosureMinutes });
      flyableShareSource = `conditions.weather: zone ${zone}, ${when}, flyable share ${share.toFixed(3)}, every base in that zone`;
    }
  }
  let night = DEFAULT_SIMULATION_OPTIONS.nightShare;
  let nightShareSource = 'no conditions.daylight: 0.5 (ASSUMPTION)';
  if (settings?.daylight) {
    const [latDeg, lngDeg] = demandCentre(grid);
    night = nightShare(latDeg, lngDeg, { year: settings.daylight.year, month: settings.daylight.month }, { reference: settings.daylight.reference, marginMinutes: settings.daylight.marginMinutes, stepDays: 3 });
    nightShareSource = `conditions.daylight at the demand-weighted centre (${latDeg.toFixed(2)}, ${lngDeg.toFixed(2)}): ${night.toFixed(3)}`;
  }
  const simulationOptions: SimulationOptions = {
    ...blockOptions(block, coverage.inputs.standardsMinutes),
    nightShare: Number(night.toFixed(6)),
    onSceneMinutes: block.onSceneMinutes ?? settings?.onSceneMinutes,
  };
  return { input, simulationOptions, weatherFor, nightShareSource, flyableShareSource };
}

/**
 * The simulation options a scenario's `simulation` block sets itself, in the order simulation.json
 * prints them; the run fills in what it derives from the conditions (night share, on-scene time).
 */
function blockOptions(block: NonNullable<CoverageRun['inputs']['loaded']['scenario']['simulation']>, standardsMinutes: number[]): SimulationOptions {
  return {
    seed: block.seed,
    replications: block.replications ?? DEFAULT_SCENARIO_REPLICATIONS,
    incidentsPerYear: block.incidentsPerYear,
    incidentCount: block.incidentCount,
    durationDays: block.durationDays,
    seasonFactor: block.seasonFactor,
    nightShare: undefined,
    nightRateFactor: block.nightRateFactor,
    onSceneMinutes: block.onSceneMinutes,
    onSceneDistribution: block.onSceneDistribution,
    turnaroundMinutes: block.turnaroundMinutes,
    standardsMinutes,
    noFreeAircraft: block.noFreeAircraft,
    maxWaitMinutes: block.maxWaitMinutes,
  };
}

/** Where a simulation option the scenario block sets (or derives) sits in the scenario. */
function scenarioField(field: string | undefined): string {
  if (!field) return '/simulation';
  if (field.startsWith('plan')) return '/bases';
  if (field === 'weather/meanClosureMinutes') return '/simulation/meanClosureMinutes';
  if (field.startsWith('weather')) return '/conditions/weather';
  if (field.startsWith('standardsMinutes')) return '/standardsMinutes';
  if (field === 'nightShare') return '/conditions/daylight';
  return `/simulation/${field}`;
}

/**
 * Checks a scenario's `simulation` block before any coverage work: its options, and its size
 * (incidents, replications, dispatch checks) against the simulation's bounds with every
 * non-forbidden site as the plan (an answer's plan is a subset of them). Throws naming the
 * scenario file and field.
 *
 * @example
 * checkScenarioSimulation(inputs); // throws E_WORK_BUDGET at /simulation/incidentsPerYear when too large
 */
export function checkScenarioSimulation(inputs: CoverageRun['inputs']): void {
  const block = inputs.loaded.scenario.simulation;
  if (!block) return;
  try {
    resolveSimulationOptions(inputs.sites.filter((site) => site.role !== 'forbidden'), blockOptions(block, inputs.standardsMinutes));
  } catch (error) {
    throw locateInScenario(error, (own) => ({ file: inputs.loaded.file, field: scenarioField(own.field) }));
  }
}

/** The demand-weighted mean of the cell centres (a province is small enough for plain degrees). */
function demandCentre(grid: CoverageRun['grid']): [number, number] {
  let weight = 0;
  let lat = 0;
  let lng = 0;
  for (let c = 0; c < grid.cellCount; c++) {
    const w = grid.demand[c];
    weight += w;
    lat += w * grid.latDeg[c];
    lng += w * grid.lngDeg[c];
  }
  return weight > 0 ? [lat / weight, lng / weight] : [grid.latDeg[0] ?? 0, grid.lngDeg[0] ?? 0];
}

/**
 * The short table of a scenario's simulation: per plan the share within each standard, the
 * no-free-aircraft share and the busiest base (what the terminal and report.html show).
 *
 * @example
 * simulationText(simulationRows(simulation));
 */
export function simulationRows(simulation: ScenarioSimulationRun): SimulationTableRow[] {
  return simulation.plans.map(({ label, summary }) => {
    const busiest = summary.bases.reduce<SimulationSummary['bases'][number] | null>((best, base) => (base.aircraft > 0 && (best === null || base.busyFraction > best.busyFraction) ? base : best), null);
    return {
      label,
      incidents: summary.incidents,
      replications: summary.replications,
      standardsMinutes: summary.standardsMinutes,
      withinStandardShare: summary.overall.withinStandardShare,
      withinStandardError: summary.spread?.withinStandardShare.map((s) => s.standardError) ?? null,
      noFreeAircraftShare: summary.overall.noFreeAircraftShare,
      unreachableShare: summary.overall.unreachableShare,
      medianResponseMinutes: summary.overall.medianResponseMinutes,
      busiestBase: busiest ? { name: busiest.name, busyFraction: busiest.busyFraction } : null,
      rule: summary.noFreeAircraftRule,
      mexclp: { q: summary.mexclp.q, predicted: summary.mexclp.predictedWithinStandardShare, simulatedAtCall: summary.mexclp.simulatedAtCallWithinStandardShare },
    };
  });
}
