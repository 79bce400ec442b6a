// The incident simulation against queueing theory and MEXCLP, by hand on single incidents, and
// its invariants and determinism.
//
// Statistical tolerances. Each check runs R independent replications (fixed seed, so the test is
// deterministic) and compares the mean over replications with the formula within 4 standard
// errors (SE = sample sd over replications / √R): for a correct simulation the mean is about
// normal around the true value (each replication averages thousands of incidents), so a
// 4-SE miss has probability below 1e-4 (t with 19 degrees of freedom: below 1e-3), while the
// tests also require SE small enough (stated per test) that a real error of the size that
// matters — a wrong formula or model — cannot hide inside the tolerance. Replications start
// with every aircraft free; the warm-up bias is about one mission time over a horizon of years
// (under 1e-4 relative), far below the tolerance.
import { describe, expect, it } from 'vitest';
import { simulateIncidents } from '../../src/simulation/simulateIncidents.js';
import { simulateReplication, OUTCOME, type ReplicationTally } from '../../src/simulation/simulateReplication.js';
import { resolveSimulationOptions, type SimulationOptions } from '../../src/simulation/simulationOptions.js';
import { meanAndError } from '../../src/simulation/summarizeSimulation.js';
import { erlangB, erlangC } from '../../src/simulation/erlang.js';
import { expectedCoverage } from '../../src/conditions/availabilityBusyFraction.js';
import { greatCircleKm } from '../../src/travel/greatCircleKm.js';
import { isAirreachError } from '../../src/errors.js';
import type { Site } from '../../src/travel/aircraft.js';
import type { SimulationInput } from '../../src/simulation/simulationOptions.js';
import { FAST, base, testInput } from './simulationFixtures.js';

const MINUTES_PER_YEAR = 525_600;

/** Per replication, a statistic of its tally; then mean and standard error over replications. */
function overReplications(input: SimulationInput, plan: Site[], options: SimulationOptions, statistic: (tally: ReplicationTally) => number): { mean: number; standardError: number } {
  const settings = resolveSimulationOptions(plan, options);
  const values = new Float64Array(settings.replications);
  for (let r = 0; r < settings.replications; r++) values[r] = statistic(simulateReplication(input, plan, settings, r));
  return meanAndError(values);
}

const share = (tally: ReplicationTally, predicate: (i: number) => boolean, among: (i: number) => boolean = () => true): number => {
  let hits = 0;
  let n = 0;
  for (let i = 0; i < tally.outcome.length; i++) {
    if (!among(i)) continue;
    n++;
    if (predicate(i)) hits++;
  }
  return hits / n;
};
const busyFraction = (tally: ReplicationTally): number => {
  let busy = 0;
  for (const minutes of tally.aircraftBusyMinutes) busy += minutes;
  return busy / (tally.aircraftBusyMinutes.length * tally.horizonMinutes);
};
const noFree = (tally: ReplicationTally) => (i: number): boolean => tally.outcome[i] === OUTCOME.queued || tally.outcome[i] === OUTCOME.lost;

// One base, every incident at the base (no flight): service time = on-scene minutes alone.
const singleCell = testInput([{ latDeg: 41, lngDeg: 123, demand: 1 }]);
const MEAN_SERVICE = 60;
const perYear = (offeredLoad: number): number => (offeredLoad / MEAN_SERVICE) * MINUTES_PER_YEAR;
const queueing = { onSceneMinutes: MEAN_SERVICE, turnaroundMinutes: 0, durationDays: 730, replications: 20, seed: 11 } as const;

describe('simulateIncidents against M/M/c (one base, c aircraft, exponential service)', () => {
  it.each([
    [1, 0.5],
    [2, 1.2],
    [3, 2.4],
  ])('c = %i, a = %f: P(wait) = Erlang C, busy fraction = a / c, mean wait = C / (cμ − λ)', (c, a) => {
    const plan = [base('B', 41, 123, c)];
    const options = { ...queueing, incidentsPerYear: perYear(a), noFreeAircraft: 'queue' } as const;
    const wait = overReplications(singleCell, plan, options, (t) => share(t, noFree(t)));
    const busy = overReplications(singleCell, plan, options, busyFraction);
    const meanWait = overReplications(singleCell, plan, options, (t) => t.waitMinutes.reduce((s, w) => s + w, 0) / t.waitMinutes.length);
    // About 12,000–28,000 incidents per replication: SE of P(wait) ≈ 0.003–0.006.
    expect(wait.standardError).toBeLessThan(0.01);
    expect(Math.abs(wait.mean - erlangC(c, a))).toBeLessThanOrEqual(4 * wait.standardError);
    expect(Math.abs(busy.mean - a / c)).toBeLessThanOrEqual(4 * busy.standardError);
    const lambda = a / MEAN_SERVICE;
    const expectedWait = erlangC(c, a) / (c / MEAN_SERVICE - lambda);
    expect(Math.abs(meanWait.mean - expectedWait)).toBeLessThanOrEqual(4 * meanWait.standardError);
  });

  it('with the lost rule reproduces Erlang B, which holds for fixed (non-exponential) service times too', () => {
    const plan = [base('B', 41, 123, 2)];
    for (const onSceneDistribution of ['exponential', 'fixed'] as const) {
      const options = { ...queueing, incidentsPerYear: perYear(1), noFreeAircraft: 'lost', onSceneDistribution } as const;
      const lost = overReplications(singleCell, plan, options, (t) => share(t, (i) => t.outcome[i] === OUTCOME.lost));
      const busy = overReplications(singleCell, plan, options, busyFraction);
      expect(lost.standardError).toBeLessThan(0.01);
      expect(Math.abs(lost.mean - erlangB(2, 1))).toBeLessThanOrEqual(4 * lost.standardError);
      // Carried load per aircraft: a (1 − B) / c.
      expect(Math.abs(busy.mean - (1 * (1 - erlangB(2, 1))) / 2)).toBeLessThanOrEqual(4 * busy.standardError);
    }
  });
});

describe('simulateIncidents against MEXCLP (availability 1 − q^k with busy fraction q)', () => {
  it('agrees where its assumptions hold: two bases busy independently (each on its own cells), a shared cell of little demand', () => {
    // Bases 336 km apart, reach 200 km (usable range 400 km, out and back): each reaches its own
    // cell and the middle one (168 km from both), not the other's.
    const shortRange = { ...FAST, id: 'SHORT', rangeKm: 400 };
    const input = testInput([
      { latDeg: 41, lngDeg: 121, demand: 0.49 },
      { latDeg: 41, lngDeg: 125, demand: 0.49 },
      { latDeg: 41, lngDeg: 123, demand: 0.02 },
    ], [shortRange]);
    expect(greatCircleKm(41, 121, 41, 123)).toBeGreaterThan(160);
    expect(greatCircleKm(41, 121, 41, 125)).toBeGreaterThan(2 * 160);
    const plan = [base('A', 41, 121, 1, 'SHORT'), base('B', 41, 125, 1, 'SHORT')];
    // Own load per aircraft 0.4 (busy fraction ≈ 0.4 / 1.4 ≈ 0.29 with losses).
    const options = { ...queueing, durationDays: 1825, incidentsPerYear: perYear(0.4 / 0.49), noFreeAircraft: 'lost' } as const;
    const middle = (i: number, t: ReplicationTally): boolean => t.cell[i] === 2;
    const simulated = overReplications(input, plan, options, (t) => share(t, (i) => t.outcome[i] === OUTCOME.answered, (i) => middle(i, t)));
    const q = overReplications(input, plan, options, busyFraction).mean;
    const mexclp = expectedCoverage([2], 1, q, { weather: 'independent' })[0];
    // About 3,300 middle-cell incidents per replication: SE ≈ 0.002.
    expect(simulated.standardError).toBeLessThan(0.005);
    expect(q).toBeGreaterThan(0.2);
    expect(Math.abs(simulated.mean - mexclp)).toBeLessThanOrEqual(4 * simulated.standardError + 0.005);
  });

  it('is optimistic where they fail: aircraft sharing all their demand are busy together (Erlang C > ρ^c)', () => {
    const plan = [base('A', 41, 123, 1), base('B', 41, 123, 1)];
    const a = 1.5;
    const options = { ...queueing, incidentsPerYear: perYear(a), noFreeAircraft: 'queue' } as const;
    const available = overReplications(singleCell, plan, options, (t) => 1 - share(t, noFree(t)));
    const q = overReplications(singleCell, plan, options, busyFraction).mean;
    const mexclp = expectedCoverage([2], 1, q, { weather: 'independent' })[0];
    // Truth: 1 − C(2, 1.5) ≈ 0.357; MEXCLP with the simulated q ≈ 0.75: 1 − q² ≈ 0.44.
    expect(Math.abs(available.mean - (1 - erlangC(2, a)))).toBeLessThanOrEqual(4 * available.standardError);
    expect(mexclp - available.mean).toBeGreaterThan(0.05);
    expect(mexclp - available.mean).toBeGreaterThan(10 * available.standardError);
  });
});

describe("the summary's MEXCLP comparison (summary.mexclp)", () => {
  it('reports MEXCLP optimistic where aircraft share their demand and one weather: two bases at one place, one weather zone', () => {
    const plan = [base('A', 41, 123, 1), base('B', 41, 123, 1)];
    const summary = simulateIncidents(singleCell, plan, { ...queueing, replications: 5, incidentsPerYear: perYear(0.6), weather: { flyableShareByZone: [0.7] } });
    const { mexclp } = summary;
    // Each aircraft reaches the cell at once: k = 2 for every standard.
    expect(mexclp.q).toBeCloseTo(1 - 0.7 * (1 - mexclp.busyFraction), 12);
    expect(mexclp.predictedWithinStandardShare[0]).toBeCloseTo(1 - mexclp.q ** 2, 9);
    // One weather grounds both: at most 0.7 can be answered at the call; MEXCLP's independent weather says about 0.9.
    expect(mexclp.simulatedAtCallWithinStandardShare[0]!).toBeLessThan(0.7 + 0.02);
    expect(mexclp.optimismPoints[0]!).toBeGreaterThan(10);
    expect(summary.regions[0].mexclpWithinStandardShare).toEqual(mexclp.predictedWithinStandardShare);
  });

  it('agrees with the simulation where the assumptions hold: one aircraft per cell, no weather (k = 1: 1 − q exactly, by PASTA)', () => {
    const input = testInput([
      { latDeg: 41, lngDeg: 121, demand: 1 },
      { latDeg: 41, lngDeg: 125, demand: 1 },
    ], [{ ...FAST, id: 'SHORT', rangeKm: 400 }]);
    const plan = [base('A', 41, 121, 1, 'SHORT'), base('B', 41, 125, 1, 'SHORT')];
    const summary = simulateIncidents(input, plan, { ...queueing, incidentsPerYear: perYear(0.4), noFreeAircraft: 'lost' });
    const spread = summary.spread!.noFreeAircraftShare;
    // Simulated at-call share = 1 − no-free share; MEXCLP 1 − q with q the pooled busy fraction.
    expect(Math.abs(summary.mexclp.predictedWithinStandardShare[0]! - (1 - spread.mean))).toBeLessThanOrEqual(4 * spread.standardError + 0.002);
    expect(Math.abs(summary.mexclp.optimismPoints[0]!)).toBeLessThan(1);
  });
});

describe('simulateIncidents by hand', () => {
  it('one incident: response = activation + flight + fixed; busy = response + on scene + hospital leg + return + turnaround', () => {
    const slow = { ...FAST, id: 'SLOW', activationMinutesDay: 10, fixedMinutes: 3 };
    const input = { ...testInput([{ latDeg: 42, lngDeg: 123, demand: 1 }], [slow]), hospitals: [{ id: 'H', name: 'H', latDeg: 42, lngDeg: 124, proxy: false }] };
    const plan = [base('B', 41, 123, 1, 'SLOW')];
    const settings = resolveSimulationOptions(plan, { incidentCount: 1, durationDays: 1000, nightShare: 0, onSceneDistribution: 'fixed', onSceneMinutes: 20, turnaroundMinutes: 15, seed: 3 });
    const tally = simulateReplication(input, plan, settings, 0);
    const toScene = greatCircleKm(41, 123, 42, 123);
    const toHospital = greatCircleKm(42, 123, 42, 124);
    const hospitalToBase = greatCircleKm(42, 124, 41, 123);
    const response = 10 + toScene / 4 + 3;
    expect(tally.outcome[0]).toBe(OUTCOME.answered);
    expect(tally.responseMinutes[0]).toBeCloseTo(response, 9);
    const mission = response + 20 + (toHospital / 4 + 3) + (hospitalToBase / 4 + 3) + 15;
    expect(tally.aircraftBusyMinutes[0]).toBeCloseTo(Math.min(mission, tally.horizonMinutes - tally.callMinute[0]), 9);
    expect(tally.aircraftMissions[0]).toBe(1);
  });

  it('dispatches the fastest free aircraft: the nearer base first, the farther one when it is busy, ties to the lowest index', () => {
    const input = testInput([{ latDeg: 41, lngDeg: 123, demand: 1 }]);
    // Near base 40 km away (10 min), far base 80 km (20 min), both with one aircraft; long missions.
    const plan = [base('far', 41.72, 123, 1), base('near', 41.36, 123, 1)];
    const settings = resolveSimulationOptions(plan, { incidentsPerYear: 20_000, durationDays: 5, onSceneMinutes: 300, onSceneDistribution: 'fixed', noFreeAircraft: 'lost', seed: 2 });
    const tally = simulateReplication(input, plan, settings, 0);
    const freeAt = [0, 0];
    for (let i = 0; i < tally.outcome.length; i++) {
      const t = tally.callMinute[i];
      const expected = freeAt[1] <= t ? 1 : freeAt[0] <= t ? 0 : -1;
      expect(tally.site[i]).toBe(expected);
      if (expected >= 0) freeAt[expected] = t + 2 * (tally.responseMinutes[i]) + 300 + 15;
    }
    expect(new Set(tally.site)).toEqual(new Set([-1, 0, 1]));
  });

  it('day-only aircraft leave the night unreachable; night-capable ones do not', () => {
    const dayOnly = { ...FAST, id: 'DAY', nightCapable: false };
    const input = testInput([{ latDeg: 41, lngDeg: 123, demand: 1 }], [dayOnly, FAST]);
    const options = { incidentsPerYear: 5000, nightShare: 0.3, nightRateFactor: 2, seed: 4 } as const;
    const day = simulateIncidents(input, [base('B', 41, 123, 1, 'DAY')], options);
    // Night share of incidents: 0.3 × 2 / (0.7 + 0.3 × 2) = 0.4615; binomial SE with ~5,000 incidents ≈ 0.007.
    expect(Math.abs(day.overall.unreachableShare! - 0.6 / 1.3)).toBeLessThan(4 * Math.sqrt((0.46 * 0.54) / day.incidents));
    expect(simulateIncidents(input, [base('B', 41, 123, 1)], options).overall.unreachableShare).toBe(0);
  });

  it('weather closes bases: at flyable share f with negligible load, a share 1 − f of incidents find no aircraft', () => {
    const plan = [base('B', 41, 123, 1)];
    const options = { incidentsPerYear: 20_000, onSceneMinutes: 0, turnaroundMinutes: 0, noFreeAircraft: 'lost', replications: 20, seed: 9 } as const;
    const grounded = overReplications(singleCell, plan, { ...options, weather: { flyableShareByZone: [0.7], meanClosureMinutes: 720 } }, (t) => share(t, noFree(t)));
    // Closures last half a day, so a year holds ~150 of them: SE ≈ 0.01 per replication, ≈ 0.003 over 20.
    expect(grounded.standardError).toBeLessThan(0.01);
    expect(Math.abs(grounded.mean - 0.3)).toBeLessThanOrEqual(4 * grounded.standardError);
    expect(simulateIncidents(singleCell, plan, { ...options, replications: 1, weather: { flyableShareByZone: [0] } }).overall.lostShare).toBe(1);
    const open = simulateIncidents(singleCell, plan, { ...options, replications: 1, weather: { flyableShareByZone: [1] } });
    expect(open.overall.noFreeAircraftShare).toBe(0);
  });
});

describe('simulateIncidents: invariants and determinism', () => {
  const input = testInput(
    [
      { latDeg: 41, lngDeg: 121, demand: 3, region: 0, hazard: 2 },
      { latDeg: 41.5, lngDeg: 122, demand: 1, region: 1, hazard: 0 },
      { latDeg: 40.5, lngDeg: 123.5, demand: 2, region: -1, hazard: 1 },
      { latDeg: 45, lngDeg: 130, demand: 0.5, region: 1 },
    ],
    [{ ...FAST, id: 'MID', rangeKm: 1000 }, { ...FAST, id: 'DAY', nightCapable: false, rangeKm: 700 }],
    2,
  );
  const plan = [base('A', 41, 121.5, 2, 'DAY'), base('B', 40.8, 123, 1, 'MID')];
  const options = { incidentsPerYear: 8000, durationDays: 200, replications: 3, seed: 21, weather: { flyableShareByZone: [0.8, 0.6], baseZone: [0, 1] }, maxWaitMinutes: 90 } as const;

  it('gives the same bytes for the same seed, other bytes for another seed', () => {
    const a = JSON.stringify(simulateIncidents(input, plan, options));
    expect(JSON.stringify(simulateIncidents(input, plan, options))).toBe(a);
    expect(JSON.stringify(simulateIncidents(input, plan, { ...options, seed: 22 }))).not.toBe(a);
  });

  it('keeps shares and fractions consistent', () => {
    const summary = simulateIncidents(input, plan, options);
    const o = summary.overall;
    expect(o.incidents).toBe(summary.incidents);
    const answeredShare = summary.responseMinutes.answered / summary.incidents;
    // Answered (at once or after a wait), lost, unreachable: every incident exactly once.
    expect(answeredShare + o.lostShare! + o.unreachableShare!).toBeCloseTo(1, 12);
    expect(o.queuedShare!).toBeGreaterThan(0);
    expect(o.lostShare!).toBeGreaterThan(0);
    expect(o.noFreeAircraftShare).toBeCloseTo(o.queuedShare! + o.lostShare!, 12);
    for (let k = 1; k < o.withinStandardShare.length; k++) expect(o.withinStandardShare[k]!).toBeGreaterThanOrEqual(o.withinStandardShare[k - 1]!);
    expect(o.withinStandardShare.at(-1)!).toBeLessThanOrEqual(answeredShare + 1e-12);
    for (const b of summary.bases) expect(b.busyFraction >= 0 && b.busyFraction <= 1).toBe(true);
    expect(summary.bases.reduce((s, b) => s + b.missions, 0)).toBe(summary.responseMinutes.answered);
    expect(summary.regions.reduce((s, r) => s + r.incidents, 0)).toBe(summary.incidents);
    expect(summary.regions.map((r) => r.name)).toEqual(['r0', 'r1', 'outside every region']);
    expect(summary.hazardTypes.reduce((s, r) => s + r.incidents, 0)).toBe(summary.incidents);
    // The far cell (45°N 130°E) is out of every aircraft's reach.
    expect(o.unreachableShare!).toBeGreaterThan(0);
    const quantiles = summary.responseMinutes.quantiles.map((q) => q.minutes!);
    expect([...quantiles].sort((x, y) => x - y)).toEqual(quantiles);
    expect(summary.spread!.withinStandardShare).toHaveLength(3);
  });

  it('refuses sizes over its bounds before allocating, naming the option', () => {
    for (const [opts, field] of [
      [{ incidentsPerYear: 1e9 }, 'incidentsPerYear'],
      [{ incidentCount: 1_000_000, replications: 10 }, 'replications'],
      [{ incidentCount: 3_000_000 }, 'incidentCount'],
      [{ nightShare: 2 }, 'nightShare'],
      [{ weather: { flyableShareByZone: [0.5], baseZone: [3] } }, 'weather/baseZone'],
    ] as const) {
      try {
        simulateIncidents(input, plan, opts as SimulationOptions);
        expect.unreachable();
      } catch (error) {
        expect(isAirreachError(error) && error.where.field).toBe(field);
      }
    }
  });
});

describe('incidents drawn once per grid and replication, shared by every plan', () => {
  const cells = Array.from({ length: 40 }, (_, c) => ({ latDeg: 41 + (c % 8) * 0.1, lngDeg: 123 + Math.floor(c / 8) * 0.1, demand: 1 + (c % 5), region: c % 2, hazard: c % 3 === 0 ? 1 : 0 }));
  const planA = [base('a', 41.1, 123.1, 2), base('b', 41.6, 123.3, 1)];
  const planB = [base('b', 41.6, 123.3, 3)];
  const options: SimulationOptions = { incidentsPerYear: 20_000, durationDays: 30, replications: 3, seed: 9, onSceneMinutes: 40 };
  // A fresh grid object (same values) for every call: nothing is kept between them.
  const fresh = () => testInput(cells, [FAST], 2);

  it('gives every plan the same summary as on a grid of its own (the kept draws change no byte)', () => {
    const shared = fresh();
    for (const plan of [planA, planB, planA]) {
      expect(JSON.stringify(simulateIncidents(shared, plan, options))).toBe(JSON.stringify(simulateIncidents(fresh(), plan, options)));
    }
  });

  it('gives each tally arrays of its own: changing one tally leaves the next plan unchanged', () => {
    const shared = fresh();
    const settings = resolveSimulationOptions(planA, options);
    const first = simulateReplication(shared, planA, settings, 0);
    const expected = simulateReplication(fresh(), planB, resolveSimulationOptions(planB, options), 0);
    first.callMinute.fill(0);
    first.cell.fill(0);
    first.hazardType.fill(0);
    first.night.fill(0);
    const second = simulateReplication(shared, planB, resolveSimulationOptions(planB, options), 0);
    expect(second.callMinute).toEqual(expected.callMinute);
    expect(second.cell).toEqual(expected.cell);
    expect(second.outcome).toEqual(expected.outcome);
    expect(second.responseMinutes).toEqual(expected.responseMinutes);
  });

  it('draws again when the grid arrays are replaced', () => {
    const shared = fresh();
    const before = simulateReplication(shared, planA, resolveSimulationOptions(planA, options), 0);
    shared.grid.demand = Float64Array.from(cells, (c) => (c.latDeg > 41.35 ? 0 : c.demand));
    const after = simulateReplication(shared, planA, resolveSimulationOptions(planA, options), 0);
    expect(after.cell).not.toEqual(before.cell);
    for (const c of after.cell) expect(shared.grid.demand[c]).toBeGreaterThan(0);
  });

  it("reports each group's median response as the nearest-rank median of its incidents (selection, not a sort)", () => {
    const settings = resolveSimulationOptions(planA, options);
    const summary = simulateIncidents(fresh(), planA, options);
    const tallies = Array.from({ length: settings.replications }, (_, r) => simulateReplication(fresh(), planA, settings, r));
    const medianOf = (keep: (tally: ReplicationTally, i: number) => boolean): number | null => {
      const values: number[] = [];
      for (const tally of tallies) {
        for (let i = 0; i < tally.outcome.length; i++) if ((tally.outcome[i] === OUTCOME.answered || tally.outcome[i] === OUTCOME.queued) && keep(tally, i)) values.push(tally.responseMinutes[i]);
      }
      const sorted = Float64Array.from(values).sort();
      return sorted.length > 0 ? sorted[Math.max(0, Math.ceil(0.5 * sorted.length) - 1)] : null;
    };
    expect(summary.overall.medianResponseMinutes).toBe(medianOf(() => true));
    const grid = fresh().grid;
    summary.regions.forEach((region, r) => expect(region.medianResponseMinutes).toBe(medianOf((tally, i) => grid.region[tally.cell[i]] === r)));
    summary.hazardTypes.forEach((type, t) => expect(type.medianResponseMinutes).toBe(medianOf((tally, i) => tally.hazardType[i] === t)));
  });
});
