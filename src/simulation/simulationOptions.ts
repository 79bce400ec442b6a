import { AirreachError } from '../errors.js';
import type { DemandGrid } from '../grid/demandGrid.js';
import type { AircraftType, Site } from '../travel/aircraft.js';
import type { Hospital } from '../conditions/hospitalLegMinutes.js';
import { resolveOptions } from '../resolveOptions.js';

/**
 * What the incident simulation needs besides the plan: the grid (where incidents happen, in
 * proportion to `demand`; their region and hazard type), the aircraft types, and the receiving
 * hospitals (none: the aircraft flies back from the scene, no transport leg).
 *
 * @example
 * const input: SimulationInput = { grid, aircraftById: AIRCRAFT_CATALOGUE, hospitals };
 */
export interface SimulationInput {
  grid: Pick<DemandGrid, 'cellCount' | 'latDeg' | 'lngDeg' | 'demand' | 'hazardTypes' | 'hazardDemandByType' | 'regionNames' | 'region'>;
  aircraftById: Readonly<Record<string, AircraftType>>;
  hospitals?: readonly Hospital[];
}

/**
 * What happens to an incident when every aircraft that can reach it is busy (or grounded).
 *
 * @example
 * const rule: NoFreeAircraftRule = 'queue';
 */
export type NoFreeAircraftRule = 'queue' | 'lost';

/**
 * Weather closure of bases: per zone the flyable share, and which zone each base of the plan is in.
 *
 * @example
 * const weather: SimulationWeather = { flyableShareByZone: [0.81, 0.64], baseZone: [0, 1], meanClosureMinutes: 720 };
 */
export interface SimulationWeather {
  /** Long-run share of the time each zone's bases can fly (e.g. `weatherAvailability`). */
  flyableShareByZone: readonly number[];
  /** Zone index of each site of the plan, in plan order; all in zone 0 when left out. */
  baseZone?: readonly number[];
  /** Mean length of one closure, minutes (closures and open spells are exponential). */
  meanClosureMinutes?: number;
}

/**
 * Options of the incident simulation (`simulateIncidents`).
 *
 * @example
 * const options: SimulationOptions = { incidentsPerYear: 3000, replications: 10, seed: 7, onSceneMinutes: 25 };
 */
export interface SimulationOptions {
  /** Seed of the incidents, on-scene times and weather (replication r uses a seed derived from it). */
  seed?: number;
  /** Independent replications, merged in replication order. */
  replications?: number;
  /** Incidents a year over the whole grid (Poisson arrivals); ignored when `incidentCount` > 0. */
  incidentsPerYear?: number;
  /** A fixed number of incidents per replication (arrival times then uniform given the count); 0 = Poisson from `incidentsPerYear`. */
  incidentCount?: number;
  /** Simulated days per replication. */
  durationDays?: number;
  /** Multiplies the incident rate (a season busier or quieter than the year's mean). */
  seasonFactor?: number;
  /** Share of every 24 h that is night (the day runs first, from minute 0). */
  nightShare?: number;
  /** Incident rate at night relative to the day (the daily total stays `incidentsPerYear / 365`). */
  nightRateFactor?: number;
  /** Mean minutes on scene. ASSUMPTION: no source; set it for the service. */
  onSceneMinutes?: number;
  /** `exponential`: on-scene minutes drawn with that mean (the M/M/c assumption); `fixed`: always the mean. */
  onSceneDistribution?: 'exponential' | 'fixed';
  /** Minutes on the ground after landing back at base (refuel, restock) before the aircraft is free. ASSUMPTION. */
  turnaroundMinutes?: number;
  /** Response standards, minutes: the share answered within each is reported. */
  standardsMinutes?: readonly number[];
  /** `queue`: the incident waits (first come, first served) for the first reaching aircraft to become free; `lost`: it gets no aircraft. */
  noFreeAircraft?: NoFreeAircraftRule;
  /** Under `queue`, an incident still waiting this long gets no aircraft (counted lost). */
  maxWaitMinutes?: number;
  /** Base closures by weather; `null`: bases always open. */
  weather?: SimulationWeather | null;
  /** Quantiles of the response-time distribution to report. */
  quantiles?: readonly number[];
}

/**
 * Defaults of the incident simulation.
 *
 * @example
 * DEFAULT_SIMULATION_OPTIONS.noFreeAircraft; // -> 'queue'
 */
export const DEFAULT_SIMULATION_OPTIONS = {
  seed: 1,
  replications: 1,
  incidentsPerYear: 1000,
  incidentCount: 0,
  durationDays: 365,
  seasonFactor: 1,
  nightShare: 0.5,
  nightRateFactor: 1,
  onSceneMinutes: 20,
  onSceneDistribution: 'exponential' as 'exponential' | 'fixed',
  turnaroundMinutes: 15,
  standardsMinutes: [30, 60, 120] as readonly number[],
  noFreeAircraft: 'queue' as NoFreeAircraftRule,
  maxWaitMinutes: Infinity,
  weather: null as SimulationWeather | null,
  quantiles: [0.5, 0.9, 0.95, 0.99] as readonly number[],
};

/**
 * The simulation's settings once defaults are merged and every value checked.
 *
 * @example
 * const settings: SimulationSettings = resolveSimulationOptions(plan, { seed: 2 });
 */
export type SimulationSettings = typeof DEFAULT_SIMULATION_OPTIONS;

/**
 * Most incidents one replication may hold (about 60 bytes each while it runs).
 *
 * @example
 * resolveSimulationOptions(plan, { incidentCount: MAX_SIMULATION_INCIDENTS + 1 }); // throws E_OPTION naming incidentCount
 */
export const MAX_SIMULATION_INCIDENTS = 2_000_000;
/**
 * Most incidents over all replications: their tallies (about 36 bytes each) are held together for the summary.
 *
 * @example
 * resolveSimulationOptions(plan, { incidentCount: 1e6, replications: 6 }); // throws E_WORK_BUDGET naming replications
 */
export const MAX_SIMULATION_TOTAL_INCIDENTS = 5_000_000;
/**
 * Most dispatch checks (incidents × aircraft groups, over all replications): about 20 s of one core.
 *
 * @example
 * MAX_SIMULATION_WORK; // -> 2e9
 */
export const MAX_SIMULATION_WORK = 2e9;
/**
 * Most aircraft in a plan.
 *
 * @example
 * MAX_SIMULATION_AIRCRAFT; // -> 10000
 */
export const MAX_SIMULATION_AIRCRAFT = 10_000;
/**
 * Most replications.
 *
 * @example
 * MAX_SIMULATION_REPLICATIONS; // -> 1000
 */
export const MAX_SIMULATION_REPLICATIONS = 1000;

/**
 * Merges the defaults with `options`, checks every value (`E_OPTION` naming the option) and
 * estimates the run's size from what it declares — incidents per replication, over all
 * replications, and dispatch checks (incidents × aircraft groups) — refusing it over the
 * documented bounds (`E_WORK_BUDGET`, naming the option that sets it) before anything is allocated.
 *
 * @example
 * const settings = resolveSimulationOptions(plan, { incidentsPerYear: 2000 });
 */
export function resolveSimulationOptions(plan: readonly Site[], options: SimulationOptions = {}): SimulationSettings {
  const settings = resolveOptions(DEFAULT_SIMULATION_OPTIONS, options) as SimulationSettings;
  const fail = (field: string, value: unknown, expected: string): never => {
    throw new AirreachError('E_OPTION', `the simulation option ${field} is out of range`, { value, where: { field }, expected });
  };
  const number = (field: keyof SimulationSettings, low: number, high: number, integer = false): void => {
    const value = settings[field] as number;
    if (typeof value !== 'number' || !(value >= low && value <= high) || (integer && !Number.isInteger(value))) fail(field, value, `${integer ? 'an integer' : 'a number'} in [${low}, ${high}]`);
  };
  if (!Number.isInteger(settings.seed) || Math.abs(settings.seed) > 2 ** 31) fail('seed', settings.seed, 'an integer in [-2^31, 2^31]');
  number('replications', 1, MAX_SIMULATION_REPLICATIONS, true);
  number('incidentsPerYear', 0, 1e9);
  number('incidentCount', 0, MAX_SIMULATION_INCIDENTS, true);
  number('durationDays', 1 / 24, 36_500);
  number('seasonFactor', 0, 100);
  number('nightShare', 0, 1);
  number('nightRateFactor', 0, 100);
  number('onSceneMinutes', 0, 1440);
  number('turnaroundMinutes', 0, 1440);
  if (settings.onSceneDistribution !== 'exponential' && settings.onSceneDistribution !== 'fixed') fail('onSceneDistribution', settings.onSceneDistribution, '"exponential" or "fixed"');
  if (settings.noFreeAircraft !== 'queue' && settings.noFreeAircraft !== 'lost') fail('noFreeAircraft', settings.noFreeAircraft, '"queue" or "lost"');
  if (!(settings.maxWaitMinutes >= 0)) fail('maxWaitMinutes', settings.maxWaitMinutes, 'minutes ≥ 0 (Infinity: wait as long as it takes)');
  if (settings.nightShare === 1 && settings.nightRateFactor === 0) fail('nightRateFactor', 0, 'a positive rate when nightShare is 1');
  const standards = settings.standardsMinutes;
  if (!Array.isArray(standards) || standards.length === 0 || standards.length > 16) fail('standardsMinutes', standards, '1 to 16 standards');
  standards.forEach((s, k) => {
    if (!(s > 0 && s <= 1440)) fail(`standardsMinutes/${k}`, s, 'minutes in (0, 1440]');
  });
  const quantiles = settings.quantiles;
  if (!Array.isArray(quantiles) || quantiles.length > 32) fail('quantiles', quantiles, 'at most 32 quantiles');
  quantiles.forEach((q, k) => {
    if (!(q > 0 && q <= 1)) fail(`quantiles/${k}`, q, 'a probability in (0, 1]');
  });
  if (settings.weather !== null) {
    const weather = settings.weather;
    const shares = weather?.flyableShareByZone;
    if (!Array.isArray(shares) || shares.length === 0 || shares.length > 64) fail('weather/flyableShareByZone', shares, '1 to 64 zones');
    shares.forEach((f, z) => {
      if (!(f >= 0 && f <= 1)) fail(`weather/flyableShareByZone/${z}`, f, 'a share in [0, 1]');
    });
    if (weather.baseZone !== undefined) {
      if (!Array.isArray(weather.baseZone) || weather.baseZone.length !== plan.length) fail('weather/baseZone', weather.baseZone?.length, `one zone per site of the plan (${plan.length})`);
      weather.baseZone.forEach((z, s) => {
        if (!Number.isInteger(z) || z < 0 || z >= shares.length) fail(`weather/baseZone/${s}`, z, `a zone index in [0, ${shares.length - 1}]`);
      });
    }
    const mean = weather.meanClosureMinutes ?? DEFAULT_MEAN_CLOSURE_MINUTES;
    if (!(mean >= 1 && mean <= 525_600)) fail('weather/meanClosureMinutes', mean, 'minutes in [1, 525600]');
  }
  // Size, from what the options declare.
  let aircraft = 0;
  let groups = 0;
  plan.forEach((site, s) => {
    site.fleet.forEach((entry, f) => {
      if (!(entry.count >= 0) || !Number.isInteger(entry.count)) {
        throw new AirreachError('E_SITE', 'an aircraft count is not a whole number ≥ 0', { value: entry.count, where: { field: `plan/${s}/fleet/${f}/count` } });
      }
      aircraft += entry.count;
      if (entry.count > 0) groups++;
    });
  });
  if (aircraft > MAX_SIMULATION_AIRCRAFT) {
    throw new AirreachError('E_WORK_BUDGET', `the plan has ${aircraft} aircraft, over ${MAX_SIMULATION_AIRCRAFT}`, { value: aircraft, where: { field: 'plan' }, expected: `at most ${MAX_SIMULATION_AIRCRAFT} aircraft` });
  }
  const perReplication = expectedIncidents(settings);
  const field = settings.incidentCount > 0 ? 'incidentCount' : 'incidentsPerYear';
  // Poisson counts run over their mean: bound the mean plus eight standard deviations.
  const bound = settings.incidentCount > 0 ? perReplication : perReplication + 8 * Math.sqrt(perReplication) + 16;
  if (bound > MAX_SIMULATION_INCIDENTS) {
    throw new AirreachError('E_WORK_BUDGET', `one replication would simulate about ${Math.round(perReplication).toLocaleString('en-US')} incidents, over ${MAX_SIMULATION_INCIDENTS.toLocaleString('en-US')}`, {
      value: perReplication, where: { field }, expected: `at most ${MAX_SIMULATION_INCIDENTS} incidents per replication (incidentsPerYear × seasonFactor × durationDays / 365)`, hint: 'Shorten durationDays or run more replications',
    });
  }
  if (bound * settings.replications > MAX_SIMULATION_TOTAL_INCIDENTS) {
    throw new AirreachError('E_WORK_BUDGET', `the replications would simulate about ${Math.round(perReplication * settings.replications).toLocaleString('en-US')} incidents, over ${MAX_SIMULATION_TOTAL_INCIDENTS.toLocaleString('en-US')}`, {
      value: perReplication * settings.replications, where: { field: 'replications' }, expected: `at most ${MAX_SIMULATION_TOTAL_INCIDENTS} incidents over all replications`,
    });
  }
  if (bound * settings.replications * Math.max(1, groups) > MAX_SIMULATION_WORK) {
    throw new AirreachError('E_WORK_BUDGET', `the simulation would make about ${(bound * settings.replications * groups).toExponential(2)} dispatch checks, over ${MAX_SIMULATION_WORK.toExponential()}`, {
      value: bound * settings.replications * groups, where: { field }, expected: `incidents × replications × aircraft groups ≤ ${MAX_SIMULATION_WORK}`, hint: 'Fewer incidents or replications, or a plan with fewer bases',
    });
  }
  return settings;
}

/** Default mean weather closure: half a day (fog and gale days are counted as whole days lost in the weather data). */
export const DEFAULT_MEAN_CLOSURE_MINUTES = 720;

/**
 * Expected incidents per replication: `incidentCount` when set, else
 * incidentsPerYear × seasonFactor × durationDays / 365.
 *
 * @example
 * expectedIncidents({ ...DEFAULT_SIMULATION_OPTIONS, incidentsPerYear: 730, durationDays: 30 }); // -> 60
 */
export function expectedIncidents(settings: Pick<SimulationSettings, 'incidentCount' | 'incidentsPerYear' | 'seasonFactor' | 'durationDays'>): number {
  return settings.incidentCount > 0 ? settings.incidentCount : (settings.incidentsPerYear * settings.seasonFactor * settings.durationDays) / 365;
}
