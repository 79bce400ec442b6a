import type { FeatureCollection } from 'geojson';
import type { DemandGrid } from '../grid/demandGrid.js';
import type { AircraftType } from '../travel/aircraft.js';
import { AirreachError } from '../errors.js';
import { flightMinutes } from '../units.js';
import { unitChordKm, unitVector } from '../travel/greatCircleKm.js';
import { usableRangeKm } from '../travel/isWithinRange.js';
import { checkCoordinate } from './daylightWindow.js';
import { resolveOptions } from '../resolveOptions.js';

/** A receiving hospital (or a stand-in for one: `proxy: true`). */
export interface Hospital {
  id: string;
  name: string;
  latDeg: number;
  lngDeg: number;
  /** True when the point stands for a hospital that is not itself located (e.g. a prefecture seat). */
  proxy: boolean;
  source?: string;
}

/** Options of {@link hospitalsFromCandidates}. */
export interface HospitalsFromCandidatesOptions {
  /** Candidate `kind` values taken as receiving hospitals. */
  kinds?: string[];
}

/** Defaults of {@link hospitalsFromCandidates}: prefecture seats. */
export const DEFAULT_HOSPITALS_FROM_CANDIDATES_OPTIONS: Readonly<Required<HospitalsFromCandidatesOptions>> = Object.freeze({
  kinds: ['prefectureSeat'],
});

/**
 * A PROXY receiving-hospital layer: no hospital data set exists offline, so each prefecture seat
 * of the candidate-site layer (`data/liaoning/candidates.geojson`) stands for the prefecture's
 * main hospital (every prefecture-level city in Liaoning has a tertiary hospital in its seat).
 * The points are the city points, not hospital buildings or helipads; each gets `proxy: true`.
 * Pass a real hospital layer to {@link hospitalLegMinutes} instead whenever one is available.
 *
 * @example
 * const hospitals = hospitalsFromCandidates((await readGeoJsonFile('data/liaoning/candidates.geojson')).collection);
 * hospitals.length; // -> 14
 */
export function hospitalsFromCandidates(candidates: FeatureCollection, options: HospitalsFromCandidatesOptions = {}): Hospital[] {
  const kinds = options.kinds ?? DEFAULT_HOSPITALS_FROM_CANDIDATES_OPTIONS.kinds;
  const out: Hospital[] = [];
  candidates.features.forEach((feature, featureIndex) => {
    const props = feature.properties ?? {};
    if (!kinds.includes(props.kind)) return;
    if (feature.geometry?.type !== 'Point') {
      throw new AirreachError('E_GEOMETRY', 'a hospital must be a Point', { value: feature.geometry?.type, where: { featureIndex }, expected: 'a Point' });
    }
    const [lngDeg, latDeg] = feature.geometry.coordinates;
    checkCoordinate(latDeg, lngDeg, `features/${featureIndex}/geometry`);
    out.push({
      id: String(props.id ?? featureIndex),
      name: String(props.name ?? props.id ?? featureIndex),
      latDeg,
      lngDeg,
      proxy: true,
      source: `PROXY: the ${props.kind} point stands for the city's main receiving hospital; location source: ${props.source ?? 'unknown'}`,
    });
  });
  if (out.length === 0) {
    throw new AirreachError('E_EMPTY', 'no candidate of the given kinds to use as hospitals', { value: kinds, where: { field: 'kinds' } });
  }
  return out;
}

/** Per cell, the nearest hospital and the great-circle distance to it. */
export interface NearestHospitals {
  /** Index into the hospital list; ties go to the lowest index. */
  hospitalIndex: Int32Array;
  distanceKm: Float64Array;
}

/**
 * The nearest hospital of every cell by great-circle distance (the same chord arithmetic as the
 * coverage build). A brute-force scan: a province has a few dozen receiving hospitals, so
 * cells × hospitals is a few million dot products; an index would not pay for itself.
 *
 * @example
 * const { hospitalIndex, distanceKm } = nearestHospitals(grid, hospitals);
 */
export function nearestHospitals(grid: Pick<DemandGrid, 'latDeg' | 'lngDeg' | 'cellCount'>, hospitals: readonly Hospital[]): NearestHospitals {
  if (hospitals.length === 0) throw new AirreachError('E_EMPTY', 'the hospital list is empty', { hint: 'Use hospitalsFromCandidates for a proxy layer' });
  const h = hospitals.length;
  const hx = new Float64Array(h);
  const hy = new Float64Array(h);
  const hz = new Float64Array(h);
  hospitals.forEach((hospital, j) => {
    checkCoordinate(hospital.latDeg, hospital.lngDeg, `hospitals/${j}`);
    [hx[j], hy[j], hz[j]] = unitVector(hospital.latDeg, hospital.lngDeg);
  });
  const hospitalIndex = new Int32Array(grid.cellCount);
  const distanceKm = new Float64Array(grid.cellCount);
  for (let c = 0; c < grid.cellCount; c++) {
    const [x, y, z] = unitVector(grid.latDeg[c], grid.lngDeg[c]);
    let best = -1;
    let bestKm = Infinity;
    for (let j = 0; j < h; j++) {
      const km = unitChordKm(x, y, z, hx[j], hy[j], hz[j]);
      if (km < bestKm) {
        bestKm = km;
        best = j;
      }
    }
    hospitalIndex[c] = best;
    distanceKm[c] = bestKm;
  }
  return { hospitalIndex, distanceKm };
}

/** Options of {@link hospitalLegMinutes}. */
export interface HospitalLegOptions {
  /** Add the type's `fixedMinutes` (lift-off at the scene, approach and landing at the hospital). */
  includeFixedMinutes?: boolean;
  /**
   * The cells' nearest hospitals, when already found ({@link nearestHospitals} of the same grid and
   * hospitals): several aircraft types share one search.
   */
  nearest?: NearestHospitals;
}

/** Defaults of {@link hospitalLegMinutes}. */
export const DEFAULT_HOSPITAL_LEG_OPTIONS: Readonly<Required<Omit<HospitalLegOptions, 'nearest'>>> = Object.freeze({ includeFixedMinutes: true });

/**
 * Per cell, the flight minutes from the scene (cell centre) to the nearest hospital for one
 * aircraft type: great-circle distance ÷ cruise speed × 60, plus `fixedMinutes` (one lift-off
 * and one landing, as in `responseMinutes`). Range is not checked here: see
 * {@link hospitalMissionWithinRange}.
 *
 * @example
 * const legMinutes = hospitalLegMinutes(grid, hospitalsFromCandidates(candidates), AIRCRAFT_CATALOGUE.H135);
 */
export function hospitalLegMinutes(
  grid: Pick<DemandGrid, 'latDeg' | 'lngDeg' | 'cellCount'>,
  hospitals: readonly Hospital[],
  aircraft: AircraftType,
  options: HospitalLegOptions = {},
): Float64Array {
  const includeFixedMinutes = options.includeFixedMinutes ?? DEFAULT_HOSPITAL_LEG_OPTIONS.includeFixedMinutes;
  if (!(aircraft?.cruiseSpeedKmh > 0)) {
    throw new AirreachError('E_AIRCRAFT', 'the aircraft has no positive cruise speed', { value: aircraft?.cruiseSpeedKmh, where: { field: 'cruiseSpeedKmh' } });
  }
  if (options.nearest && options.nearest.distanceKm.length !== grid.cellCount) {
    throw new AirreachError('E_OPTION', 'the nearest hospitals are of another grid', { value: options.nearest.distanceKm.length, where: { field: 'nearest' }, expected: `${grid.cellCount} cells` });
  }
  const { distanceKm } = options.nearest ?? nearestHospitals(grid, hospitals);
  const fixed = includeFixedMinutes ? aircraft.fixedMinutes : 0;
  const out = new Float64Array(grid.cellCount);
  for (let c = 0; c < grid.cellCount; c++) out[c] = flightMinutes(distanceKm[c], aircraft.cruiseSpeedKmh) + fixed;
  return out;
}

/**
 * Minutes from the call until the patient is in hospital:
 * response minutes + on-scene minutes + scene → hospital flight minutes, per cell. `Infinity`
 * where the response is `Infinity` (no aircraft reaches the cell).
 *
 * @example
 * patientInHospitalMinutes(Float64Array.of(40, Infinity), Float64Array.of(25, 10), 20); // -> [85, Infinity]
 */
export function patientInHospitalMinutes(
  responseMinutes: ArrayLike<number>,
  legMinutes: ArrayLike<number>,
  onSceneMinutes: number | ArrayLike<number>,
): Float64Array {
  const n = responseMinutes.length;
  if (legMinutes.length !== n || (typeof onSceneMinutes !== 'number' && onSceneMinutes.length !== n)) {
    throw new AirreachError('E_MATRIX', 'the per-cell arrays differ in length', {
      value: [n, legMinutes.length, typeof onSceneMinutes === 'number' ? 'number' : onSceneMinutes.length],
      expected: 'one value per cell in each array',
    });
  }
  const out = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const onScene = typeof onSceneMinutes === 'number' ? onSceneMinutes : onSceneMinutes[c];
    if (!(onScene >= 0) || !(legMinutes[c] >= 0)) {
      throw new AirreachError('E_OPTION', 'on-scene and leg minutes must be ≥ 0', { value: [onScene, legMinutes[c]], where: { row: c } });
    }
    out[c] = responseMinutes[c] + onScene + legMinutes[c];
  }
  return out;
}

/** Options of {@link hospitalMissionWithinRange}. */
export interface HospitalRangeOptions {
  /** Whether the aircraft may refuel at the hospital (then each half of the trip is checked alone). */
  refuelAtHospital?: boolean;
  /** Minutes of fuel burnt at the scene (rotors running), counted at cruise consumption. */
  onSceneBurnMinutes?: number;
}

/** Defaults of {@link hospitalMissionWithinRange}: no fuel at the hospital, engines off on scene. */
export const DEFAULT_HOSPITAL_RANGE_OPTIONS: Readonly<Required<HospitalRangeOptions>> = Object.freeze({
  refuelAtHospital: false,
  onSceneBurnMinutes: 0,
});

/**
 * The range rule of a hospital mission: base → scene → hospital → base must fit the usable range
 * (range − reserve, `usableRangeKm`), with on-scene burn counted as cruise kilometres. With
 * `refuelAtHospital`, base → scene → hospital and hospital → base must each fit.
 *
 * @example
 * hospitalMissionWithinRange(120, 60, 150, AIRCRAFT_CATALOGUE.H135); // 330 km ≤ ≈ 550 km -> true
 */
export function hospitalMissionWithinRange(
  baseToSceneKm: number,
  sceneToHospitalKm: number,
  hospitalToBaseKm: number,
  aircraft: AircraftType,
  options: HospitalRangeOptions = {},
): boolean {
  const settings = resolveOptions(DEFAULT_HOSPITAL_RANGE_OPTIONS, options);
  for (const [field, km] of [['baseToSceneKm', baseToSceneKm], ['sceneToHospitalKm', sceneToHospitalKm], ['hospitalToBaseKm', hospitalToBaseKm]] as const) {
    if (!(km >= 0)) throw new AirreachError('E_OPTION', `${field} must be ≥ 0`, { value: km, where: { field } });
  }
  const usableKm = usableRangeKm(aircraft);
  const burnKm = (settings.onSceneBurnMinutes * aircraft.cruiseSpeedKmh) / 60;
  const outbound = baseToSceneKm + burnKm + sceneToHospitalKm;
  if (settings.refuelAtHospital) return outbound <= usableKm && hospitalToBaseKm <= usableKm;
  return outbound + hospitalToBaseKm <= usableKm;
}
