import { AirreachError } from '../errors.js';
import { createRandom, type Random } from '../random.js';
import { flightMinutes } from '../units.js';
import type { AircraftType, Period, Site } from '../travel/aircraft.js';
import { responseMinutes } from '../travel/responseMinutes.js';
import { isWithinRange } from '../travel/isWithinRange.js';
import { resolveAircraft } from '../travel/resolveAircraft.js';
import { unitChordKm, unitVector } from '../travel/greatCircleKm.js';
import { nearestHospitals, type Hospital, type NearestHospitals } from '../conditions/hospitalLegMinutes.js';
import { aliasTable, sampleAlias, type AliasTable } from './aliasTable.js';
import { EventHeap } from './eventHeap.js';
import { DEFAULT_MEAN_CLOSURE_MINUTES, type SimulationInput, type SimulationSettings } from './simulationOptions.js';

/**
 * What became of an incident (`ReplicationTally.outcome`).
 *
 * @example
 * tally.outcome[i] === OUTCOME.queued; // it waited for an aircraft
 */
export const OUTCOME = Object.freeze({
  /** A free aircraft that could reach it was dispatched at the call. */
  answered: 0,
  /** No reaching aircraft was free (busy or grounded); it waited and was answered later (`queue` rule). */
  queued: 1,
  /** No reaching aircraft was free and it got none (`lost` rule, or waited past `maxWaitMinutes`). */
  lost: 2,
  /** No aircraft of the plan can reach the cell in that period at all (range, night capability). */
  unreachable: 3,
});

/**
 * One replication's raw outcome, per incident in arrival order and per aircraft: what the
 * summary (`summarizeSimulation`) is computed from, and all a worker sends back (typed arrays,
 * transferred). Replications merged in replication order give the same bytes on any number of threads.
 *
 * @example
 * const tally = simulateReplication(input, plan, settings, 0);
 * tally.outcome[0]; // OUTCOME.answered, …
 */
export interface ReplicationTally {
  replication: number;
  /** Simulated minutes (arrivals happen in [0, horizonMinutes)). */
  horizonMinutes: number;
  /** Per incident: minute of the call, ascending. */
  callMinute: Float64Array;
  /** Per incident: cell, hazard type (`hazardTypes.length` = the non-hazard part of demand), 1 at night. */
  cell: Int32Array;
  hazardType: Int16Array;
  night: Uint8Array;
  /** Per incident: an {@link OUTCOME} value. */
  outcome: Uint8Array;
  /** Per incident: minutes from the call to the aircraft at the scene (wait included); NaN when none came. */
  responseMinutes: Float64Array;
  /** Per incident: minutes waited for an aircraft (0 when one was free); NaN when none came. */
  waitMinutes: Float64Array;
  /** Per incident: the plan site whose aircraft answered; −1 when none. */
  site: Int32Array;
  /**
   * Per incident and standard (row-major, `standardsMinutes.length` per incident): how many
   * aircraft of the plan could reach it within the standard in its period, busy or not, bases
   * open or not — the k of MEXCLP's 1 − q^k.
   */
  reachCount: Uint16Array;
  /** Per aircraft (plan order: site, fleet entry, count): minutes busy within [0, horizonMinutes], and missions flown. */
  aircraftBusyMinutes: Float64Array;
  aircraftMissions: Int32Array;
  /** Per aircraft: the plan site it belongs to. */
  aircraftSite: Int32Array;
}

const MINUTES_PER_DAY = 1440;

/**
 * The seed of replication r: the base seed mixed with r (a Weyl step), so replications are
 * independent streams and replication r is the same whichever thread runs it.
 *
 * @example
 * replicationSeed(7, 0); // -> 7
 */
export function replicationSeed(seed: number, replication: number): number {
  return (seed + Math.imul(replication, 0x9e3779b1)) | 0;
}

/**
 * One replication of the incident simulation (a discrete-event simulation; see
 * `simulateIncidents` for the model). Pure and deterministic: the same input, plan, settings
 * and replication number give the same tally. `settings` must come from `resolveSimulationOptions`.
 *
 * Incidents are drawn first (arrival times, cells, hazard types, on-scene minutes) from the
 * replication's incident stream and weather from a stream of its own, so two plans simulated
 * with one seed face the same incidents and the same weather (common random numbers).
 *
 * @example
 * const tally = simulateReplication(input, plan, resolveSimulationOptions(plan, { seed: 3 }), 0);
 */
export function simulateReplication(input: SimulationInput, plan: readonly Site[], settings: SimulationSettings, replication: number): ReplicationTally {
  const { grid } = input;
  const seed = replicationSeed(settings.seed, replication);
  // The same for every plan simulated with these settings (common random numbers): drawn once per grid.
  const drawn = drawnIncidents(input, settings, seed);
  const { incidents } = drawn;
  const n = incidents.time.length;
  const horizonMinutes = settings.durationDays * MINUTES_PER_DAY;

  // Aircraft, grouped by site and type (units of one group are interchangeable: lowest free index answers).
  const groupSite: number[] = [];
  const groupType: AircraftType[] = [];
  const groupFirst: number[] = [];
  const groupCount: number[] = [];
  let aircraftCount = 0;
  plan.forEach((site, s) => {
    site.fleet.forEach((entry, f) => {
      if (!(entry.count > 0)) return;
      const type = Object.hasOwn(input.aircraftById, entry.aircraftTypeId)
        ? input.aircraftById[entry.aircraftTypeId]
        : resolveAircraft([entry.aircraftTypeId], input.aircraftById, { field: `plan/${s}/fleet/${f}/aircraftTypeId` })[0];
      groupSite.push(s);
      groupType.push(type);
      groupFirst.push(aircraftCount);
      groupCount.push(entry.count);
      aircraftCount += entry.count;
    });
  });
  const groups = groupSite.length;
  const aircraftSite = new Int32Array(aircraftCount);
  for (let g = 0; g < groups; g++) aircraftSite.fill(groupSite[g], groupFirst[g], groupFirst[g] + groupCount[g]);
  const freeAt = new Float64Array(aircraftCount);
  const aircraftBusyMinutes = new Float64Array(aircraftCount);
  const aircraftMissions = new Int32Array(aircraftCount);

  const siteCount = plan.length;
  const siteX = new Float64Array(siteCount);
  const siteY = new Float64Array(siteCount);
  const siteZ = new Float64Array(siteCount);
  plan.forEach((site, s) => {
    [siteX[s], siteY[s], siteZ[s]] = unitVector(site.latDeg, site.lngDeg);
  });

  // Receiving hospitals: the nearest one to each incident's scene, by the conditions layer's rule.
  const hospitals = input.hospitals ?? [];
  let hospitalOf: Int32Array | null = null;
  let hospitalKm: Float64Array | null = null;
  let hospitalToSiteKm: Float64Array | null = null;
  if (hospitals.length > 0 && n > 0) {
    if (drawn.hospitals !== hospitals || drawn.nearest === null) {
      const scenes = { cellCount: n, latDeg: new Float64Array(n), lngDeg: new Float64Array(n) };
      for (let i = 0; i < n; i++) {
        scenes.latDeg[i] = grid.latDeg[incidents.cell[i]];
        scenes.lngDeg[i] = grid.lngDeg[incidents.cell[i]];
      }
      drawn.nearest = nearestHospitals(scenes, hospitals);
      drawn.hospitals = hospitals;
    }
    const nearest = drawn.nearest;
    hospitalOf = nearest.hospitalIndex;
    hospitalKm = nearest.distanceKm;
    hospitalToSiteKm = new Float64Array(hospitals.length * siteCount);
    hospitals.forEach((hospital, h) => {
      const [hx, hy, hz] = unitVector(hospital.latDeg, hospital.lngDeg);
      for (let s = 0; s < siteCount; s++) hospitalToSiteKm![h * siteCount + s] = unitChordKm(hx, hy, hz, siteX[s], siteY[s], siteZ[s]);
    });
  }

  // Weather: zones open or closed, alternating exponential spells with the zone's long-run flyable share.
  const weather = settings.weather;
  const zoneCount = weather ? weather.flyableShareByZone.length : 1;
  const siteZone = new Int32Array(siteCount);
  if (weather?.baseZone) siteZone.set(weather.baseZone);
  const zoneOpen = new Uint8Array(zoneCount).fill(1);
  const weatherRandom = createRandom(seed ^ 0x5bd1e995);
  const meanClosed = weather?.meanClosureMinutes ?? DEFAULT_MEAN_CLOSURE_MINUTES;

  // Event ids: zones, then the day/night clock, then aircraft, then the next arrival (ties: lowest id first).
  const clockId = zoneCount;
  const firstAircraftId = zoneCount + 1;
  const arrivalId = firstAircraftId + aircraftCount;
  const heap = new EventHeap(arrivalId + 1);
  const spell = (z: number, open: boolean): number => {
    const f = weather!.flyableShareByZone[z];
    const mean = open ? (meanClosed * f) / (1 - f) : meanClosed;
    return -mean * Math.log(1 - weatherRandom.float());
  };
  if (weather) {
    for (let z = 0; z < zoneCount; z++) {
      const f = weather.flyableShareByZone[z];
      if (f >= 1) continue;
      if (f <= 0) {
        zoneOpen[z] = 0;
        continue;
      }
      zoneOpen[z] = weatherRandom.float() < f ? 1 : 0;
      heap.push(z, spell(z, zoneOpen[z] === 1));
    }
  }
  const dayMinutes = (1 - settings.nightShare) * MINUTES_PER_DAY;
  const periodAt = (t: number): Period => (t - Math.floor(t / MINUTES_PER_DAY) * MINUTES_PER_DAY < dayMinutes ? 'day' : 'night');
  const nextBoundary = (t: number): number => {
    const dayStart = Math.floor(t / MINUTES_PER_DAY) * MINUTES_PER_DAY;
    return t < dayStart + dayMinutes ? dayStart + dayMinutes : dayStart + MINUTES_PER_DAY;
  };
  if (settings.nightShare > 0 && settings.nightShare < 1) heap.push(clockId, nextBoundary(0));
  if (n > 0) heap.push(arrivalId, incidents.time[0]);

  const outcome = new Uint8Array(n);
  const response = new Float64Array(n).fill(Number.NaN);
  const wait = new Float64Array(n).fill(Number.NaN);
  const answeredBy = new Int32Array(n).fill(-1);
  const siteKm = new Float64Array(siteCount);
  const standards = Float64Array.from(settings.standardsMinutes);
  const standardCount = standards.length;
  const reachCount = new Uint16Array(n * standardCount);
  const queue = new Int32Array(n);
  let queueLength = 0;
  let freeAircraft = aircraftCount;

  const distancesTo = (i: number): void => {
    const c = incidents.cell[i];
    const [x, y, z] = unitVector(grid.latDeg[c], grid.lngDeg[c]);
    for (let s = 0; s < siteCount; s++) siteKm[s] = unitChordKm(siteX[s], siteY[s], siteZ[s], x, y, z);
  };
  let bestMinutes = Infinity;
  let bestGroup = -1;
  /** The fastest free aircraft for incident i at time t (distances in siteKm): its index, −1 when none; also whether any aircraft could reach it at all. */
  const fastestFree = (t: number, period: Period, countFor = -1): { aircraft: number; reachable: boolean } => {
    bestMinutes = Infinity;
    bestGroup = -1;
    let best = -1;
    let reachable = false;
    for (let g = 0; g < groups; g++) {
      const type = groupType[g];
      const km = siteKm[groupSite[g]];
      const minutes = responseMinutes(km, type, period);
      if (minutes === Infinity || !isWithinRange(km, type)) continue;
      reachable = true;
      if (countFor >= 0) {
        for (let k = 0; k < standardCount; k++) {
          const at = countFor * standardCount + k;
          if (minutes <= standards[k]) reachCount[at] = Math.min(65_535, reachCount[at] + groupCount[g]);
        }
      }
      if (!(minutes < bestMinutes) || zoneOpen[siteZone[groupSite[g]]] === 0) continue;
      for (let a = groupFirst[g], end = a + groupCount[g]; a < end; a++) {
        if (freeAt[a] <= t) {
          best = a;
          bestMinutes = minutes;
          bestGroup = g;
          break;
        }
      }
    }
    return { aircraft: best, reachable };
  };
  const dispatch = (i: number, a: number, t: number): void => {
    const g = bestGroup;
    const type = groupType[g];
    const s = groupSite[g];
    const callTime = incidents.time[i];
    response[i] = t - callTime + bestMinutes;
    wait[i] = t - callTime;
    answeredBy[i] = s;
    let missionMinutes = bestMinutes + incidents.onSceneMinutes[i];
    if (hospitalOf !== null) {
      // Scene → nearest hospital, hospital → home base: each leg flown at cruise plus one lift-off and landing (as `hospitalLegMinutes`).
      missionMinutes += flightMinutes(hospitalKm![i], type.cruiseSpeedKmh) + type.fixedMinutes;
      missionMinutes += flightMinutes(hospitalToSiteKm![hospitalOf[i] * siteCount + s], type.cruiseSpeedKmh) + type.fixedMinutes;
    } else {
      missionMinutes += flightMinutes(siteKm[s], type.cruiseSpeedKmh) + type.fixedMinutes;
    }
    const end = t + missionMinutes + settings.turnaroundMinutes;
    freeAt[a] = end;
    aircraftBusyMinutes[a] += Math.max(0, Math.min(end, horizonMinutes) - Math.min(t, horizonMinutes));
    aircraftMissions[a]++;
    freeAircraft--;
    heap.push(firstAircraftId + a, end);
  };
  const serveQueue = (t: number): void => {
    if (queueLength === 0 || freeAircraft === 0) return;
    const period = periodAt(t);
    let kept = 0;
    for (let q = 0; q < queueLength; q++) {
      const i = queue[q];
      if (t - incidents.time[i] > settings.maxWaitMinutes) {
        outcome[i] = OUTCOME.lost;
        continue;
      }
      if (freeAircraft > 0) {
        distancesTo(i);
        const { aircraft } = fastestFree(t, period);
        if (aircraft >= 0) {
          dispatch(i, aircraft, t);
          continue;
        }
      }
      queue[kept++] = i;
    }
    queueLength = kept;
  };

  // After the last arrival, the clock and the weather keep running only while someone waits, and
  // at most 30 days (or maxWaitMinutes) past the horizon: a base closed for good must not keep the loop alive.
  const drainUntil = horizonMinutes + Math.min(settings.maxWaitMinutes, 30 * MINUTES_PER_DAY);
  let next = 0;
  const keepClock = (t: number): boolean => next < n || (queueLength > 0 && t < drainUntil);
  while (heap.size > 0) {
    const t = heap.peekTime();
    const id = heap.pop();
    if (id === arrivalId) {
      const i = next++;
      if (next < n) heap.push(arrivalId, incidents.time[next]);
      distancesTo(i);
      const { aircraft, reachable } = fastestFree(t, incidents.night[i] === 1 ? 'night' : 'day', i);
      if (!reachable) outcome[i] = OUTCOME.unreachable;
      else if (aircraft >= 0) {
        outcome[i] = OUTCOME.answered;
        dispatch(i, aircraft, t);
      } else if (settings.noFreeAircraft === 'lost' || settings.maxWaitMinutes === 0) outcome[i] = OUTCOME.lost;
      else {
        outcome[i] = OUTCOME.queued;
        queue[queueLength++] = i;
      }
    } else if (id >= firstAircraftId) {
      freeAircraft++;
      serveQueue(t);
    } else if (id === clockId) {
      // Only needed while someone waits: a night-only change can free no one, but the day's start can.
      if (keepClock(t)) heap.push(clockId, nextBoundary(t));
      serveQueue(t);
    } else {
      const z = id;
      zoneOpen[z] = 1 - zoneOpen[z];
      if (keepClock(t)) heap.push(z, t + spell(z, zoneOpen[z] === 1));
      if (zoneOpen[z] === 1) serveQueue(t);
    }
  }
  // Arrivals have ended and no event can free anyone any more: whoever still waits gets no aircraft.
  for (let q = 0; q < queueLength; q++) outcome[queue[q]] = OUTCOME.lost;
  return {
    replication,
    horizonMinutes,
    // Copies: a tally is the caller's (a worker transfers it), the drawn incidents stay for the next plan.
    callMinute: incidents.time.slice(),
    cell: incidents.cell.slice(),
    hazardType: incidents.hazardType.slice(),
    night: incidents.night.slice(),
    outcome,
    responseMinutes: response,
    waitMinutes: wait,
    site: answeredBy,
    reachCount,
    aircraftBusyMinutes,
    aircraftMissions,
    aircraftSite,
  };
}

/** One replication's incidents, and the receiving hospital of each scene once asked for. */
interface DrawnIncidents {
  incidents: Incidents;
  hospitals: readonly Hospital[] | null;
  nearest: NearestHospitals | null;
}

/** A grid's drawn incidents: what they were drawn from, the alias table of its demand, and the incidents by settings and seed. */
interface GridDraws {
  demand: SimulationInput['grid']['demand'];
  hazardDemandByType: SimulationInput['grid']['hazardDemandByType'];
  hazardTypeCount: number;
  table: AliasTable;
  bySeed: Map<string, DrawnIncidents>;
}

const drawsByGrid = new WeakMap<SimulationInput['grid'], GridDraws>();

/** Incident draws kept per grid: enough for every replication of a scenario's plans (10 by default); past it the oldest go. */
const MAX_DRAWS_PER_GRID = 64;

/**
 * The incidents of replication seed `seed` on `input.grid` under `settings`: drawn once and kept
 * on the grid (a grid's arrays are not changed once built; one whose arrays were replaced draws
 * afresh), so the plans of one scenario share them instead of drawing them again.
 */
function drawnIncidents(input: SimulationInput, settings: SimulationSettings, seed: number): DrawnIncidents {
  const { grid } = input;
  let draws = drawsByGrid.get(grid);
  if (!draws || draws.demand !== grid.demand || draws.hazardDemandByType !== grid.hazardDemandByType || draws.hazardTypeCount !== grid.hazardTypes.length) {
    checkGridArrays(input);
    draws = { demand: grid.demand, hazardDemandByType: grid.hazardDemandByType, hazardTypeCount: grid.hazardTypes.length, table: aliasTable(grid.demand, 'grid.demand'), bySeed: new Map() };
    drawsByGrid.set(grid, draws);
  }
  // Every setting drawIncidents reads.
  const key = JSON.stringify([seed, settings.incidentCount, settings.incidentsPerYear, settings.seasonFactor, settings.durationDays, settings.nightShare, settings.nightRateFactor, settings.onSceneDistribution, settings.onSceneMinutes]);
  let drawn = draws.bySeed.get(key);
  if (!drawn) {
    checkGridArrays(input);
    drawn = { incidents: drawIncidents(input, settings, draws.table, createRandom(seed)), hospitals: null, nearest: null };
    if (draws.bySeed.size >= MAX_DRAWS_PER_GRID) draws.bySeed.delete(draws.bySeed.keys().next().value!);
    draws.bySeed.set(key, drawn);
  }
  return drawn;
}

function checkGridArrays({ grid }: SimulationInput): void {
  if (grid.demand.length !== grid.cellCount || grid.latDeg.length !== grid.cellCount || grid.lngDeg.length !== grid.cellCount) {
    throw new AirreachError('E_MATRIX', 'the grid arrays differ in length', { value: [grid.cellCount, grid.demand.length, grid.latDeg.length], where: { field: 'grid' } });
  }
}

interface Incidents {
  time: Float64Array;
  cell: Int32Array;
  hazardType: Int16Array;
  night: Uint8Array;
  onSceneMinutes: Float64Array;
}

/**
 * The incidents of one replication, in arrival order. Arrivals are a Poisson process whose rate
 * is r_day by day and nightRateFactor × r_day by night (the clock's share `nightShare`), scaled so
 * that the mean over a day is incidentsPerYear × seasonFactor / 365: drawn on the "rate clock"
 * (where the rate is constant) and mapped back. A fixed `incidentCount` draws the count's ordered
 * uniform points on the rate clock instead (normalised exponential spacings). Each incident's
 * cell is drawn in proportion to `grid.demand` (alias table), its hazard type in proportion to
 * the cell's `hazardDemandByType` (the rest of the cell's demand: the non-hazard type).
 */
function drawIncidents(input: SimulationInput, settings: SimulationSettings, table: AliasTable, random: Random): Incidents {
  const { grid } = input;
  const dayMinutes = (1 - settings.nightShare) * MINUTES_PER_DAY;
  const nightMinutes = settings.nightShare * MINUTES_PER_DAY;
  const rateDay = dayMinutes + nightMinutes * settings.nightRateFactor; // rate-clock minutes per day
  const totalRate = rateDay * settings.durationDays;
  const exponential = (): number => -Math.log(1 - random.float());
  let times: Float64Array;
  if (settings.incidentCount > 0) {
    const count = settings.incidentCount;
    times = new Float64Array(count);
    let sum = 0;
    for (let i = 0; i < count; i++) {
      sum += exponential();
      times[i] = sum;
    }
    sum += exponential();
    for (let i = 0; i < count; i++) times[i] = (times[i] / sum) * totalRate;
  } else {
    const mean = (settings.incidentsPerYear * settings.seasonFactor * settings.durationDays) / 365;
    let capacity = Math.ceil(mean + 8 * Math.sqrt(mean) + 16);
    times = new Float64Array(capacity);
    let count = 0;
    const gapScale = mean > 0 ? totalRate / mean : Infinity;
    let at = exponential() * gapScale;
    while (at < totalRate) {
      if (count === capacity) {
        capacity *= 2;
        const grown = new Float64Array(capacity);
        grown.set(times);
        times = grown;
      }
      times[count++] = at;
      at += exponential() * gapScale;
    }
    times = times.slice(0, count);
  }
  const n = times.length;
  const cell = new Int32Array(n);
  const hazardType = new Int16Array(n);
  const night = new Uint8Array(n);
  const onSceneMinutes = new Float64Array(n);
  const types = grid.hazardTypes.length;
  const byType = grid.hazardDemandByType;
  for (let i = 0; i < n; i++) {
    // Rate clock → wall clock.
    const day = Math.floor(times[i] / rateDay);
    const within = times[i] - day * rateDay;
    const isNight = within >= dayMinutes;
    times[i] = day * MINUTES_PER_DAY + (isNight ? dayMinutes + (within - dayMinutes) / settings.nightRateFactor : within);
    night[i] = isNight ? 1 : 0;
    const c = sampleAlias(table, random.float());
    cell[i] = c;
    let pick = random.float() * grid.demand[c];
    let t = 0;
    for (; t < types; t++) {
      pick -= byType[c * types + t];
      if (pick < 0) break;
    }
    hazardType[i] = t;
    onSceneMinutes[i] = settings.onSceneDistribution === 'exponential' ? settings.onSceneMinutes * exponential() : settings.onSceneMinutes;
  }
  return { time: times, cell, hazardType, night, onSceneMinutes };
}
