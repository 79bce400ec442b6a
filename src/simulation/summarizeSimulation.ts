import type { Site } from '../travel/aircraft.js';
import { OUTCOME, type ReplicationTally } from './simulateReplication.js';
import type { SimulationInput, SimulationSettings } from './simulationOptions.js';

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
  const overall = new GroupCounter(standards);
  const regions = Array.from({ length: regionCount }, () => new GroupCounter(standards));
  const types = Array.from({ length: typeCount }, () => new GroupCounter(standards));
  let answered = 0;
  let responseSum = 0;
  let waited = 0;
  let waitSum = 0;
  let total = 0;
  for (const tally of tallies) total += tally.outcome.length;
  const responses = new Float64Array(total);
  const busyBySite = new Float64Array(plan.length);
  const missionsBySite = new Float64Array(plan.length);
  const aircraftBySite = new Float64Array(plan.length);
  let horizonTotal = 0;
  for (const tally of tallies) {
    const n = tally.outcome.length;
    for (let i = 0; i < n; i++) {
      const outcome = tally.outcome[i];
      const minutes = tally.responseMinutes[i];
      const region = grid.region[tally.cell[i]];
      overall.add(outcome, minutes);
      regions[region >= 0 ? region : regionCount - 1].add(outcome, minutes);
      types[tally.hazardType[i]].add(outcome, minutes);
      if (outcome === OUTCOME.answered || outcome === OUTCOME.queued) {
        responses[answered++] = minutes;
        responseSum += minutes;
        if (outcome === OUTCOME.queued) {
          waited++;
          waitSum += tally.waitMinutes[i];
        }
      }
    }
    for (let a = 0; a < tally.aircraftSite.length; a++) {
      const s = tally.aircraftSite[a];
      busyBySite[s] += tally.aircraftBusyMinutes[a];
      missionsBySite[s] += tally.aircraftMissions[a];
    }
    horizonTotal += tally.horizonMinutes;
  }
  if (tallies.length > 0) for (let a = 0; a < tallies[0].aircraftSite.length; a++) aircraftBySite[tallies[0].aircraftSite[a]]++;
  const sorted = responses.subarray(0, answered).sort();
  const quantile = (q: number, values: Float64Array): number | null => (values.length === 0 ? null : values[Math.max(0, Math.ceil(q * values.length) - 1)]);
  const spread = tallies.length >= 2 ? replicationSpread(tallies, standards) : null;
  const weatherText = settings.weather
    ? `bases close by zone: flyable share ${settings.weather.flyableShareByZone.join(', ')} by zone, closures exponential with mean ${settings.weather.meanClosureMinutes ?? 720} min; an incident's own weather is not modelled`
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
    overall: overall.stats('all incidents'),
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

class GroupCounter {
  incidents = 0;
  readonly within: Float64Array;
  readonly outcomes = new Float64Array(4);
  private responses: number[] = [];
  constructor(private readonly standards: number[]) {
    this.within = new Float64Array(standards.length);
  }
  add(outcome: number, minutes: number): void {
    this.incidents++;
    this.outcomes[outcome]++;
    if (outcome === OUTCOME.answered || outcome === OUTCOME.queued) {
      this.responses.push(minutes);
      for (let k = 0; k < this.standards.length; k++) if (minutes <= this.standards[k]) this.within[k]++;
    }
  }
  stats(name: string): SimulationGroupStats {
    const n = this.incidents;
    const share = (count: number): number | null => (n > 0 ? count / n : null);
    const sorted = Float64Array.from(this.responses).sort();
    return {
      name,
      incidents: n,
      withinStandardShare: [...this.within].map(share),
      noFreeAircraftShare: share(this.outcomes[OUTCOME.queued] + this.outcomes[OUTCOME.lost]),
      queuedShare: share(this.outcomes[OUTCOME.queued]),
      lostShare: share(this.outcomes[OUTCOME.lost]),
      unreachableShare: share(this.outcomes[OUTCOME.unreachable]),
      medianResponseMinutes: sorted.length > 0 ? sorted[Math.max(0, Math.ceil(0.5 * sorted.length) - 1)] : null,
    };
  }
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
