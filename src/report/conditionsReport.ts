import { AirreachError } from '../errors.js';
import type { DemandGrid } from '../grid/demandGrid.js';
import type { AircraftType } from '../travel/aircraft.js';
import type { CellOutcomes } from './coverageReport.js';
import { weightedPercentiles } from './coverageReport.js';
import { nightShareByCell } from '../conditions/nightShareByCell.js';
import type { NightSharePeriod } from '../conditions/nightShare.js';
import { weatherAvailability, type WeatherData } from '../conditions/weatherAvailability.js';
import type { WeatherZoneMap } from '../conditions/weatherZoneByCell.js';
import { expectedCoverage } from '../conditions/availabilityBusyFraction.js';
import { hospitalLegMinutes, nearestHospitals, patientInHospitalMinutes, type Hospital, type NearestHospitals } from '../conditions/hospitalLegMinutes.js';
import { blendDayNight, weightedShare } from '../conditions/blendDayNight.js';

/** What the conditions report is computed from. */
export interface ConditionsReportInputs {
  grid: DemandGrid;
  aircraftById: Readonly<Record<string, AircraftType>>;
  /** Outcomes by period; `day` is required, `night` optional. */
  day: CellOutcomes;
  night?: CellOutcomes;
  /** Period to weigh day and night over; without it, only day and night are reported. */
  daylight?: { period: NightSharePeriod; reference?: 'sunrise' | 'civil'; marginMinutes?: number };
  /**
   * Weather availability: one `zone` of `data` for every cell, or, with `zoneByCell` (see
   * `weatherZoneByCell`), each cell's own zone.
   */
  weather?: { data: WeatherData; zone?: string; month?: number | 'year'; dependence?: 'shared' | 'independent'; zoneByCell?: WeatherZoneMap };
  busyFraction?: number;
  hospitals?: { list: Hospital[]; onSceneMinutes: number };
}

/** Per standard: demand shares under each condition. */
export interface ConditionsTier {
  standardMinutes: number;
  dayShare: number;
  nightShare: number | null;
  /** Day and night weighted by each cell's night share over the period: P(reached in time) at a random hour. */
  anyTimeShare: number | null;
  /** Any time of day, and the aircraft able to fly (weather) and free (busy fraction). */
  expectedShare: number | null;
  /** Day, with the patient delivered to the nearest receiving hospital within the standard. */
  patientInHospitalShare: number | null;
}

/** The operating-conditions part of a report. */
export interface ConditionsReport {
  /** Demand-weighted mean night share over the period (null without a daylight period). */
  nightShare: number | null;
  /** Flyable share of the period: the zone's, or with weather by place the demand-weighted mean over cells. */
  flyableShare: number | null;
  /** With weather by place: each zone's flyable share and its share of cells and of demand. */
  weatherZones: Array<{ zone: string; flyableShare: number; cellShare: number; demandShare: number }> | null;
  busyFraction: number;
  weatherDependence: 'shared' | 'independent' | null;
  tiers: ConditionsTier[];
  byRegion: Array<{ name: string; tiers: Array<Pick<ConditionsTier, 'standardMinutes' | 'anyTimeShare' | 'expectedShare'>> }>;
  /** Demand-weighted percentiles of response + on-scene + hospital-leg minutes, by day. */
  patientInHospitalMinutes: { p50: number | null; p90: number | null; onSceneMinutes: number; hospitals: number; proxy: boolean } | null;
  notes: string[];
}

/**
 * The coverage a planner can expect once operating conditions are counted, per standard:
 *
 * - **any time of day**: each cell's probability of being reached within the standard at a
 *   random hour of the period, `(1 − n_c) × [day ≤ S] + n_c × [night ≤ S]`, with `n_c` the
 *   cell's night share (sunrise/sunset over the period, `nightShareByCell`);
 * - **expected**: the same with the aircraft's availability — weather (flyable share of the
 *   period) and the busy fraction — applied per period to the bases reaching the cell within
 *   the standard (`expectedCoverage`: `shared` weather, the default, grounds every base at once,
 *   `f × (1 − b^k)`; `independent` is the MEXCLP `1 − q^k`, optimistic);
 * - **patient in hospital** (by day): response + on-scene minutes + the flight from the scene to
 *   the nearest receiving hospital, by the aircraft that answered first, within the standard.
 *
 * Shares are of the grid's demand.
 *
 * @example
 * const conditions = conditionsReport({ grid, aircraftById, day, night, daylight: { period: { year: 2025 } } });
 * conditions.tiers[1].anyTimeShare; // within 60 minutes, at any hour
 */
export function conditionsReport(inputs: ConditionsReportInputs): ConditionsReport {
  const { grid, day, night } = inputs;
  const { cellCount } = grid;
  const weights = grid.demand;
  const busyFraction = inputs.busyFraction ?? 0;
  const notes: string[] = [];
  const nightShares = night && inputs.daylight
    ? nightShareByCell(grid, inputs.daylight.period, {
        reference: inputs.daylight.reference,
        marginMinutes: inputs.daylight.marginMinutes,
      })
    : null;
  if (!night) notes.push('No night run: any-time and expected shares are not computed.');
  const dependence = inputs.weather ? (inputs.weather.dependence ?? 'shared') : null;
  // Weather by place: one flyable share per zone, applied to that zone's cells.
  const byPlace = inputs.weather?.zoneByCell;
  const zoneShares = inputs.weather
    ? (byPlace?.zones ?? [inputs.weather.zone ?? 'inland']).map((zone) => weatherAvailability(inputs.weather!.month ?? 'year', inputs.weather!.data, { zone }))
    : null;
  let weatherZones: ConditionsReport['weatherZones'] = null;
  let flyableShare: number | null = zoneShares ? zoneShares[0] : null;
  if (inputs.weather && byPlace && zoneShares) {
    if (byPlace.zoneIndex.length !== cellCount) {
      throw new AirreachError('E_OPTION', 'the weather zone map does not match the grid', { value: byPlace.zoneIndex.length, where: { field: 'zoneByCell' }, expected: `${cellCount} cells` });
    }
    const demandByZone = new Float64Array(zoneShares.length);
    const cellsByZone = new Float64Array(zoneShares.length);
    let total = 0;
    for (let c = 0; c < cellCount; c++) {
      demandByZone[byPlace.zoneIndex[c]] += weights[c];
      cellsByZone[byPlace.zoneIndex[c]] += 1;
      total += weights[c];
    }
    weatherZones = byPlace.zones.map((zone, z) => ({ zone, flyableShare: zoneShares[z], cellShare: cellCount > 0 ? cellsByZone[z] / cellCount : 0, demandShare: total > 0 ? demandByZone[z] / total : 0 }));
    flyableShare = total > 0 ? weatherZones.reduce((sum, z) => sum + z.flyableShare * z.demandShare, 0) : zoneShares[0];
    notes.push(`Weather by place (${inputs.weather.month ?? 'year'}) from ${inputs.weather.data.name}: ${weatherZones.map((z) => `${z.zone} flyable ${z.flyableShare.toFixed(2)} on ${(z.demandShare * 100).toFixed(1)} % of demand`).join(', ')}; its figures are partly assumptions (see the data file).`);
  } else if (inputs.weather) {
    notes.push(`Weather: flyable share ${flyableShare === null ? '—' : `${(flyableShare * 100).toFixed(1)} %`} (${inputs.weather.zone ?? 'inland'} zone, ${inputs.weather.month ?? 'year'}) from ${inputs.weather.data.name}; its figures are partly assumptions (see the data file).`);
  }

  let legMinutes: Float64Array | null = null;
  if (inputs.hospitals) {
    legMinutes = new Float64Array(cellCount).fill(Infinity);
    // One leg per cell, flown by the aircraft type that answered first.
    const perType = new Map<number, Float64Array>();
    // The nearest hospital of each cell does not depend on the aircraft: found once for every type.
    let nearest: NearestHospitals | undefined;
    for (let c = 0; c < cellCount; c++) {
      const type = day.responseAircraft[c];
      if (type < 0) continue;
      let legs = perType.get(type);
      if (!legs) {
        nearest ??= nearestHospitals(grid, inputs.hospitals.list);
        legs = hospitalLegMinutes(grid, inputs.hospitals.list, inputs.aircraftById[day.aircraftIds[type]], { nearest });
        perType.set(type, legs);
      }
      legMinutes[c] = legs[c];
    }
    if (inputs.hospitals.list.some((h) => h.proxy)) notes.push('Hospitals are proxies (prefecture seats), not located hospitals or helipads.');
  }
  const inHospital = legMinutes ? patientInHospitalMinutes(day.responseMinutes, legMinutes, inputs.hospitals!.onSceneMinutes) : null;

  const shareOf = (probability: ArrayLike<number>, members?: ArrayLike<number>) => weightedShare(weights, probability, members);
  const everyCell = Uint32Array.from({ length: cellCount }, (_, c) => c);
  // Per standard, the per-cell probabilities of the whole grid, made once: the province's tier and every region's take their shares of the same arrays.
  const cellArrays = new Map<number, { reachedDay: Float64Array; reachedNight: Float64Array | null; anyTime: Float64Array | null; expected: Float64Array | null; inTime: Float64Array | null }>();
  const arraysFor = (k: number) => {
    const known = cellArrays.get(k);
    if (known) return known;
    const standardMinutes = day.standardsMinutes[k];
    const reachedDay = indicator(day.reachCounts[k]);
    const reachedNight = night ? indicator(night.reachCounts[k]) : null;
    let anyTime: Float64Array | null = null;
    let expected: Float64Array | null = null;
    if (night && nightShares) {
      anyTime = blendDayNight(day.responseMinutes, night.responseMinutes, nightShares, standardMinutes);
      const options = { weather: dependence ?? 'shared' } as const;
      // One pass per zone (one zone without weather by place); each cell takes its own zone's values.
      const shares = zoneShares ?? [1];
      const expectedDay = shares.map((f) => expectedCoverage(day.reachCounts[k], f, busyFraction, options));
      const expectedNight = shares.map((f) => expectedCoverage(night!.reachCounts[k], f, busyFraction, options));
      expected = new Float64Array(cellCount);
      for (let c = 0; c < cellCount; c++) {
        const z = byPlace ? byPlace.zoneIndex[c] : 0;
        expected[c] = (1 - nightShares[c]) * expectedDay[z][c] + nightShares[c] * expectedNight[z][c];
      }
    }
    let inTime: Float64Array | null = null;
    if (inHospital) {
      inTime = new Float64Array(cellCount);
      for (let c = 0; c < cellCount; c++) inTime[c] = inHospital[c] <= standardMinutes ? 1 : 0;
    }
    const arrays = { reachedDay, reachedNight, anyTime, expected, inTime };
    cellArrays.set(k, arrays);
    return arrays;
  };
  const tierFor = (k: number, members: Uint32Array): ConditionsTier => {
    const standardMinutes = day.standardsMinutes[k];
    const { reachedDay, reachedNight, anyTime, expected, inTime } = arraysFor(k);
    return {
      standardMinutes,
      dayShare: shareOf(reachedDay, members),
      nightShare: reachedNight ? shareOf(reachedNight, members) : null,
      anyTimeShare: anyTime ? shareOf(anyTime, members) : null,
      expectedShare: expected ? shareOf(expected, members) : null,
      patientInHospitalShare: inTime ? shareOf(inTime, members) : null,
    };
  };

  const regionMembers = grid.regionNames.map(() => [] as number[]);
  for (let c = 0; c < cellCount; c++) if (grid.region[c] >= 0) regionMembers[grid.region[c]].push(c);
  const percentiles = inHospital ? weightedPercentiles(everyCell, weights, inHospital) : null;
  return {
    nightShare: nightShares ? weightedShare(weights, nightShares) : null,
    flyableShare,
    weatherZones,
    busyFraction,
    weatherDependence: dependence,
    tiers: day.standardsMinutes.map((_, k) => tierFor(k, everyCell)),
    byRegion: grid.regionNames.map((name, r) => ({
      name,
      tiers: day.standardsMinutes.map((standardMinutes, k) => {
        // A region's tier has two shares of the province's five: only those are summed.
        const { anyTime, expected } = arraysFor(k);
        const members = Uint32Array.from(regionMembers[r]);
        return { standardMinutes, anyTimeShare: anyTime ? shareOf(anyTime, members) : null, expectedShare: expected ? shareOf(expected, members) : null };
      }),
    })),
    patientInHospitalMinutes:
      inputs.hospitals && percentiles
        ? {
            p50: percentiles.p50,
            p90: percentiles.p90,
            onSceneMinutes: inputs.hospitals.onSceneMinutes,
            hospitals: inputs.hospitals.list.length,
            proxy: inputs.hospitals.list.some((h) => h.proxy),
          }
        : null,
    notes,
  };
}

function indicator(counts: Uint16Array): Float64Array {
  const out = new Float64Array(counts.length);
  for (let c = 0; c < counts.length; c++) out[c] = counts[c] > 0 ? 1 : 0;
  return out;
}
