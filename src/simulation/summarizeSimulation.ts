import type { Site } from '../travel/aircraft.js';
import { OUTCOME, type ReplicationTally } from './simulateReplication.js';
import { DEFAULT_MEAN_CLOSURE_MINUTES, type SimulationInput, type SimulationSettings } from './simulationOptions.js';

/**
 * Outcome shares of a group of incidents (all, one region, one hazard type). Shares are of the group's incidents; `null` when it has none.
 *
 * @example
 * summary.regions.find((r) => r.name === 'Dalian')?.withinStandardShare[1];
 */
export interface SimulationGroupStats {
  name: string;
  incidents: number;
  /** Per standard (in `standardsMinutes` order): share answered within it (aircraft at the scene, wait included). */
  withinStandardShare: Array<number | null>;
  /** Share with no free aircraft that could reach them at the call (busy or grounded): `queuedShare + lostShare`. */
  noFreeAircraftShare: number | null;
  /** Share that waited and then got an aircraft (`queue` rule). */
  queuedShare: number | null;
  /** Share that got no aircraft although one could reach them (`lost` rule, or waited past `maxWaitMinutes`). */
  lostShare: number | null;
  /** Share no aircraft of the plan can reach in its period (range, night capability). */
  unreachableShare: number | null;
  /** Median response minutes of those answered (nearest rank); `null` when none was. */
  medianResponseMinutes: number | null;
  /** Per standard: share that found a free aircraft within the standard at the call (no wait): what MEXCLP calls covered. */
  atCallWithinStandardShare: Array<number | null>;
  /** Per standard: MEXCLP's prediction for the same incidents, the mean of 1 − q^k (see `SimulationSummary.mexclp`). */
  mexclpWithinStandardShare: Array<number | null>;
}

/**
 * One base of the plan in the simulation.
 *
 * @example
 * summary.bases.toSorted((a, b) => b.busyFraction - a.busyFraction)[0]; // the busiest base
 */
export interface SimulationBaseStats {
  /** Index of the site in the plan. */
  site: number;
  id: string;
  name: string;
  aircraft: number;
  missions: number;
  /** Minutes busy ÷ (aircraft × simulated minutes), over all replications. */
  busyFraction: number;
}

/**
 * Mean and standard error over replications of one share.
 *
 * @example
 * const { mean, standardError } = summary.spread!.noFreeAircraftShare;
 */
export interface ReplicationSpread {
  mean: number;
  /** Sample standard deviation over replications ÷ √replications. */
  standardError: number;
}

/**
 * The incident simulation's summary (what `simulation.json` holds).
 *
 * @example
 * const summary: SimulationSummary = simulateIncidents(input, plan);
 * summary.overall.withinStandardShare[1]; // share answered within the second standard
 */
export interface SimulationSummary {
  seed: number;
  replications: number;
  /** Incidents over all replications. */
  incidents: number;
  durationDays: number;
  standardsMinutes: number[];
  /** The rule for incidents with no free aircraft, in words. */
  noFreeAircraftRule: string;
  /** The model's assumptions as set (labelled). */
  assumptions: {
    onSceneMinutes: number;
    onSceneDistribution: 'exponential' | 'fixed';
    turnaroundMinutes: number;
    nightShare: number;
    nightRateFactor: number;
    seasonFactor: number;
    transport: string;
    weather: string;
  };
  /** Response minutes of the answered incidents: mean and the asked quantiles (nearest rank). */
  responseMinutes: { answered: number; mean: number | null; quantiles: Array<{ quantile: number; minutes: number | null }> };
  /** Mean wait of the incidents that waited, minutes. */
  meanWaitMinutes: number | null;
  overall: SimulationGroupStats;
  bases: SimulationBaseStats[];
  regions: SimulationGroupStats[];
  hazardTypes: SimulationGroupStats[];
  /**
   * MEXCLP's independence assumption against the simulation (Daskin 1983): each aircraft is
   * taken as unavailable with one probability q = 1 − f × (1 − b) — b the simulated busy
   * fraction of all aircraft, f their bases' long-run flyable share — independently of the
   * others, so an incident with k aircraft able to reach it within a standard is covered with
   * probability 1 − q^k. `optimismPoints` = (MEXCLP − simulated at-call share) × 100 per standard:
   * positive where busy aircraft and closed bases come together (shared demand, one weather),
   * which the independence assumption misses.
   */
  mexclp: { busyFraction: number; flyableShare: number; q: number; predictedWithinStandardShare: Array<number | null>; simulatedAtCallWithinStandardShare: Array<number | null>; optimismPoints: Array<number | null> };
  /** Over replications, per standard and for the no-free-aircraft share; `null` with one replication. */
  spread: { withinStandardShare: ReplicationSpread[]; noFreeAircraftShare: ReplicationSpread } | null;
}

/**
 * Name of the non-hazard part of demand in the hazard-type breakdown.
 *
 * @example
 * summary.hazardTypes.find((t) => t.name === NON_HAZARD_TYPE);
 */
export const NON_HAZARD_TYPE = 'people (non-hazard demand)';
/**
 * Name of the incidents outside every region in the region breakdown.
 *
 * @example
 * summary.regions.find((r) => r.name === OUTSIDE_REGIONS);
 */
export const OUTSIDE_REGIONS = 'outside every region';

/**
 * The summary of replications' tallies, merged in the order given (replication order): the
 * same tallies give the same summary bytes whichever threads computed them.
 *
 * @example
 * const summary = summarizeSimulation(input, plan, settings, [simulateReplication(input, plan, settings, 0)]);
 */
export function summarizeSimulation(input: SimulationInput, plan: readonly Site[], settings: SimulationSettings, tallies: readonly ReplicationTally[]): SimulationSummary {
  const { grid } = input;
  const standards = [...settings.standardsMinutes];
  const regionCount = grid.regionNames.length + 1;
  const typeCount = grid.hazardTypes.length + 1;
  // Busy aircraft first: MEXCLP's q for every incident needs the pooled busy fraction.
  const busyBySite = new Float64Array(plan.length);
  const missionsBySite = new Float64Array(plan.length);
  const aircraftBySite = new Float64Array(plan.length);
  let horizonTotal = 0;
  for (const tally of tallies) {
    for (let a = 0; a < tally.aircraftSite.length; a++) {
      const s = tally.aircraftSite[a];
      busyBySite[s] += tally.aircraftBusyMinutes[a];
      missionsBySite[s] += tally.aircraftMissions[a];
    }
    horizonTotal += tally.horizonMinutes;
  }
  if (tallies.length > 0) for (let a = 0; a < tallies[0].aircraftSite.length; a++) aircraftBySite[tallies[0].aircraftSite[a]]++;
  let aircraftTotal = 0;
  let busyTotal = 0;
  let flyableTotal = 0;
  for (let s = 0; s < plan.length; s++) {
    aircraftTotal += aircraftBySite[s];
    busyTotal += busyBySite[s];
    const zone = settings.weather?.baseZone?.[s] ?? 0;
    flyableTotal += aircraftBySite[s] * (settings.weather ? settings.weather.flyableShareByZone[zone] : 1);
  }
  const meanBusy = aircraftTotal > 0 && horizonTotal > 0 ? busyTotal / (aircraftTotal * horizonTotal) : 0;
  const flyableShare = aircraftTotal > 0 ? flyableTotal / aircraftTotal : 1;
  const q = 1 - flyableShare * (1 - meanBusy);
  // q^k for every reach count k met: one power per count, not per incident, group and standard.
  // The passes over every incident are functions of their own: V8 compiles each once instead of
  // compiling this function's loops by on-stack replacement and dropping that code at the next
  // statement after the loop (which had not run yet).
  let maxReach = 0;
  for (const tally of tallies) maxReach = Math.max(maxReach, largest(tally.reachCount));
  const qPower = new Float64Array(maxReach + 1);
  for (let k = 0; k <= maxReach; k++) qPower[k] = q ** k;
  const overall = new GroupCounter(standards, qPower);
  const regions = Array.from({ length: regionCount }, () => new GroupCounter(standards, qPower));
  const types = Array.from({ length: typeCount }, () => new GroupCounter(standards, qPower));
  let total = 0;
  for (const tally of tallies) total += tally.outcome.length;
  const responses = new Float64Array(total);
  const sums: IncidentSums = { answered: 0, responseSum: 0, waited: 0, waitSum: 0 };
  for (const tally of tallies) countIncidents(tally, grid.region, standards.length, overall, regions, types, responses, sums);
  const { answered, responseSum, waited, waitSum } = sums;
  const sorted = responses.subarray(0, answered).sort();
  const quantile = (q: number, values: Float64Array): number | null => (values.length === 0 ? null : values[Math.max(0, Math.ceil(q * values.length) - 1)]);
  const overallStats = overall.stats('all incidents');
  const spread = tallies.length >= 2 ? replicationSpread(tallies, standards) : null;
  const weatherText = settings.weather
    ? `bases close by zone: flyable share ${settings.weather.flyableShareByZone.join(', ')} by zone, closures exponential with mean ${settings.weather.meanClosureMinutes ?? DEFAULT_MEAN_CLOSURE_MINUTES} min; an incident's own weather is not modelled`
    : 'no weather closures';
  return {
    seed: settings.seed,
    replications: tallies.length,
    incidents: total,
    durationDays: settings.durationDays,
    standardsMinutes: standards,
    noFreeAircraftRule:
      settings.noFreeAircraft === 'lost'
        ? 'lost: an incident whose reaching aircraft are all busy or grounded gets no aircraft'
        : `queue: an incident whose reaching aircraft are all busy or grounded waits, first come first served, for the first one free${Number.isFinite(settings.maxWaitMinutes) ? `; after ${settings.maxWaitMinutes} min it is lost` : ''}`,
    assumptions: {
      onSceneMinutes: settings.onSceneMinutes,
      onSceneDistribution: settings.onSceneDistribution,
      turnaroundMinutes: settings.turnaroundMinutes,
      nightShare: settings.nightShare,
      nightRateFactor: settings.nightRateFactor,
      seasonFactor: settings.seasonFactor,
      transport: (input.hospitals?.length ?? 0) > 0 ? 'scene → nearest receiving hospital → home base' : 'no transport leg: scene → home base',
      weather: weatherText,
    },
    responseMinutes: {
      answered,
      mean: answered > 0 ? responseSum / answered : null,
      quantiles: settings.quantiles.map((q) => ({ quantile: q, minutes: quantile(q, sorted) })),
    },
    meanWaitMinutes: waited > 0 ? waitSum / waited : null,
    overall: overallStats,
    mexclp: {
      busyFraction: meanBusy,
      flyableShare,
      q,
      predictedWithinStandardShare: overallStats.mexclpWithinStandardShare,
      simulatedAtCallWithinStandardShare: overallStats.atCallWithinStandardShare,
      optimismPoints: overallStats.mexclpWithinStandardShare.map((p, k) => {
        const simulated = overallStats.atCallWithinStandardShare[k];
        return p === null || simulated === null ? null : (p - simulated) * 100;
      }),
    },
    bases: plan.map((site, s) => ({
      site: s,
      id: site.id,
      name: site.name,
      aircraft: aircraftBySite[s],
      missions: missionsBySite[s],
      busyFraction: aircraftBySite[s] > 0 && horizonTotal > 0 ? busyBySite[s] / (aircraftBySite[s] * horizonTotal) : 0,
    })),
    regions: regions.map((counter, r) => counter.stats(r < grid.regionNames.length ? grid.regionNames[r] : OUTSIDE_REGIONS)).filter((group, r) => r < grid.regionNames.length || group.incidents > 0),
    hazardTypes: types.map((counter, t) => counter.stats(t < grid.hazardTypes.length ? grid.hazardTypes[t] : NON_HAZARD_TYPE)),
    spread,
  };
}

/** Running sums over the incidents of every replication, in replication and incident order. */
interface IncidentSums {
  answered: number;
  responseSum: number;
  waited: number;
  waitSum: number;
}

/**
 * Counts one replication's incidents into the groups (all, by region — the last one outside
 * every region —, by hazard type) and `sums`, the answered ones' minutes into `responses`.
 */
function countIncidents(
  tally: ReplicationTally,
  cellRegion: Int32Array,
  standardCount: number,
  overall: GroupCounter,
  regions: GroupCounter[],
  types: GroupCounter[],
  responses: Float64Array,
  sums: IncidentSums,
): void {
  const n = tally.outcome.length;
  for (let i = 0; i < n; i++) {
    const outcome = tally.outcome[i];
    const minutes = tally.responseMinutes[i];
    const region = cellRegion[tally.cell[i]];
    const reachAt = i * standardCount;
    overall.add(outcome, minutes, tally.reachCount, reachAt);
    regions[region >= 0 ? region : regions.length - 1].add(outcome, minutes, tally.reachCount, reachAt);
    types[tally.hazardType[i]].add(outcome, minutes, tally.reachCount, reachAt);
    if (outcome === OUTCOME.answered || outcome === OUTCOME.queued) {
      responses[sums.answered++] = minutes;
      sums.responseSum += minutes;
      if (outcome === OUTCOME.queued) {
        sums.waited++;
        sums.waitSum += tally.waitMinutes[i];
      }
    }
  }
}

/** The largest value of `values` (0 when empty). */
function largest(values: Uint16Array): number {
  let max = 0;
  for (let j = 0; j < values.length; j++) if (values[j] > max) max = values[j];
  return max;
}

class GroupCounter {
  incidents = 0;
  readonly within: Float64Array;
  readonly atCall: Float64Array;
  readonly mexclp: Float64Array;
  readonly outcomes = new Float64Array(4);
  private responses: number[] = [];
  /** `qPower[k]` = q^k, MEXCLP's chance that all k aircraft within reach are unavailable. */
  constructor(private readonly standards: number[], private readonly qPower: Float64Array) {
    this.within = new Float64Array(standards.length);
    this.atCall = new Float64Array(standards.length);
    this.mexclp = new Float64Array(standards.length);
  }
  /** One incident; its reach counts per standard are `reach[at …]`. */
  add(outcome: number, minutes: number, reach: Uint16Array, at: number): void {
    this.incidents++;
    this.outcomes[outcome]++;
    for (let k = 0; k < this.standards.length; k++) if (reach[at + k] > 0) this.mexclp[k] += 1 - this.qPower[reach[at + k]];
    if (outcome === OUTCOME.answered || outcome === OUTCOME.queued) {
      this.responses.push(minutes);
      for (let k = 0; k < this.standards.length; k++) {
        if (minutes <= this.standards[k]) {
          this.within[k]++;
          if (outcome === OUTCOME.answered) this.atCall[k]++;
        }
      }
    }
  }
  stats(name: string): SimulationGroupStats {
    const n = this.incidents;
    const share = (count: number): number | null => (n > 0 ? count / n : null);
    const responses = Float64Array.from(this.responses);
    return {
      name,
      incidents: n,
      withinStandardShare: [...this.within].map(share),
      noFreeAircraftShare: share(this.outcomes[OUTCOME.queued] + this.outcomes[OUTCOME.lost]),
      queuedShare: share(this.outcomes[OUTCOME.queued]),
      lostShare: share(this.outcomes[OUTCOME.lost]),
      unreachableShare: share(this.outcomes[OUTCOME.unreachable]),
      medianResponseMinutes: responses.length > 0 ? nthSmallest(responses, Math.max(0, Math.ceil(0.5 * responses.length) - 1)) : null,
      atCallWithinStandardShare: [...this.atCall].map(share),
      mexclpWithinStandardShare: [...this.mexclp].map(share),
    };
  }
}

/**
 * The value at rank `rank` (0-based) of `values` in ascending order, as `values.sort()[rank]`
 * gives it for numbers without NaN, by selection (Hoare's, middle pivot) instead of a sort:
 * a group's median needs one rank. Reorders `values`.
 */
function nthSmallest(values: Float64Array, rank: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1];
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i] = values[j];
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (rank <= j) high = j;
    else if (rank >= i) low = i;
    else return values[rank];
  }
  return values[rank];
}

function replicationSpread(tallies: readonly ReplicationTally[], standards: number[]): NonNullable<SimulationSummary['spread']> {
  const r = tallies.length;
  const perStandard = standards.map(() => new Float64Array(r));
  const noFree = new Float64Array(r);
  tallies.forEach((tally, j) => {
    const n = tally.outcome.length;
    let none = 0;
    const within = new Float64Array(standards.length);
    for (let i = 0; i < n; i++) {
      const outcome = tally.outcome[i];
      if (outcome === OUTCOME.queued || outcome === OUTCOME.lost) none++;
      if (outcome === OUTCOME.answered || outcome === OUTCOME.queued) for (let k = 0; k < standards.length; k++) if (tally.responseMinutes[i] <= standards[k]) within[k]++;
    }
    noFree[j] = n > 0 ? none / n : 0;
    for (let k = 0; k < standards.length; k++) perStandard[k][j] = n > 0 ? within[k] / n : 0;
  });
  return { withinStandardShare: perStandard.map(meanAndError), noFreeAircraftShare: meanAndError(noFree) };
}

/**
 * Mean and standard error (sample standard deviation ÷ √n) of independent replications' values.
 *
 * @example
 * meanAndError(Float64Array.of(0.1, 0.3)); // -> { mean: 0.2, standardError: 0.1 }
 */
export function meanAndError(values: Float64Array): ReplicationSpread {
  const n = values.length;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  return { mean, standardError: n > 1 ? Math.sqrt(squares / (n - 1) / n) : 0 };
}
