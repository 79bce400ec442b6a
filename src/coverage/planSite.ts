import { AirreachError } from '../errors.js';
import type { AircraftType, Period, Site } from '../travel/aircraft.js';
import { earthRadiusKm } from '../units.js';
import { unitVector } from '../travel/greatCircleKm.js';
import { activationMinutes } from '../travel/responseMinutes.js';
import { usableRangeKm } from '../travel/isWithinRange.js';
import { maxReachKm } from '../travel/maxReachKm.js';
import { resolveAircraft } from '../travel/resolveAircraft.js';
import { validateAircraftType } from '../travel/validateAircraftType.js';
import { ASIN_SMALL_MAX_X } from './asinSmall.js';
import type { CellBands } from './buildCellIndex.js';
import { capSlices } from './capSlices.js';
import type { SitePlan } from './sitePlanTable.js';

// Widening of the search cap: pairs inside are decided by their exact minutes, so a margin only
// costs a few extra exact tests; it absorbs the rounding of sin/asin near the rim.
const capMarginRadians = 1e-9;
// The sure chord shrinks the largest reach by this much: far above the ~1e-15 relative rounding
// of the distance, far below anything that costs more than a few exact tests at the rim.
const sureMarginRelative = 1e-9;
// `asinSmall` is used for chords up to 0.1 (half-chord 0.05, about 637 km): its proven domain.
// Longer ones take the reference path.
const polynomialChordSquaredMax = 4 * ASIN_SMALL_MAX_X * ASIN_SMALL_MAX_X;

/**
 * What the coverage scan needs about one site (see {@link SitePlan}): the site validated
 * (`E_SITE`) and its fleet's types resolved and validated (`E_AIRCRAFT`, each type once per
 * `checkedTypes`), the types that fly in the period, the search chord (the largest reach, with
 * the flight back or a refuelling leg) and the sure chord (without refuelling, shrunk by 1e-9),
 * the dominant type if any ({@link dominantType}), and the band slices of the search cap
 * ({@link capSlices}). Null when no aircraft of the site flies in the period.
 *
 * @example
 * const plan = planSite(sites[0], 0, AIRCRAFT_CATALOGUE, 'day', 60, false, new Set(), cellIndex.bands);
 * plan?.slices.length; // 5 ints per band slice the site's reach touches
 */
export function planSite(
  site: Site,
  s: number,
  aircraftById: Readonly<Record<string, AircraftType>>,
  period: Period,
  maxMinutes: number,
  withRefuelling: boolean,
  checkedTypes: Set<string>,
  bands: CellBands,
): SitePlan | null {
  validateSite(site, s);
  const types: AircraftType[] = [];
  for (let f = 0; f < site.fleet.length; f++) {
    const entry = site.fleet[f];
    const field = `sites/${s}/fleet/${f}`;
    const [aircraft] = resolveAircraft([entry.aircraftTypeId], aircraftById, { field: `${field}/aircraftTypeId` });
    if (!checkedTypes.has(aircraft.id)) {
      validateAircraftType(aircraft, { field: `aircraft/${aircraft.id}` });
      checkedTypes.add(aircraft.id);
    }
    if (entry.count > 0 && activationMinutes(aircraft, period) !== Infinity) types.push(aircraft);
  }
  let searchKm = -Infinity;
  // The sure reach: without refuelling (the aircraft can fly home), shrunk by the margin; only
  // types whose flying minutes are not a vanishing part of the standard (else the margin
  // would be smaller than the rounding of the minutes).
  let sureKm = -Infinity;
  for (const aircraft of types) {
    searchKm = Math.max(searchKm, maxReachKm(aircraft, period, maxMinutes, { withRefuelling }));
    const flyingMinutes = maxMinutes - activationMinutes(aircraft, period) - aircraft.fixedMinutes;
    if (flyingMinutes > maxMinutes * 1e-6) sureKm = Math.max(sureKm, maxReachKm(aircraft, period, maxMinutes) * (1 - sureMarginRelative));
  }
  if (!(searchKm >= 0)) return null;
  const activation = Float64Array.from(types, (a) => activationMinutes(a, period));
  const speedKmh = Float64Array.from(types, (a) => a.cruiseSpeedKmh);
  const fixedMinutes = Float64Array.from(types, (a) => a.fixedMinutes);
  const usableKm = Float64Array.from(types, (a) => usableRangeKm(a));
  const dominant = dominantType(activation, speedKmh, fixedMinutes, usableKm);
  // With refuelling points, which type is allowed depends on the cell: the polynomial path needs
  // one type that wins wherever another is allowed.
  const multiTypeFast = !withRefuelling;
  const capRadians = Math.min(searchKm / earthRadiusKm + capMarginRadians, Math.PI);
  // Chord of the cap: comparing squared chords from coordinate differences is the exact
  // "within R km" test of dot ≥ cos(R/6371.0088), without the cancellation of 1 − dot for
  // short distances, and the chord is reused for the distance.
  const searchChord = 2 * Math.sin(capRadians / 2);
  const sureChord = sureKm > 0 ? 2 * Math.sin(Math.min(sureKm / earthRadiusKm, Math.PI) / 2) : -1;
  const fastAllowed = dominant >= 0 || multiTypeFast;
  const [sx, sy, sz] = unitVector(site.latDeg, site.lngDeg);
  const sureChordSquared = fastAllowed && sureChord > 0 ? Math.min(sureChord * sureChord, polynomialChordSquaredMax) : -1;
  return {
    sx,
    sy,
    sz,
    slices: capSlices(bands, site.latDeg, site.lngDeg, capRadians, sureChordSquared > 0 ? Math.sqrt(sureChordSquared) / 2 : -1),
    searchChordSquared: searchChord * searchChord * (1 + 1e-12),
    sureChordSquared,
    dominant,
    multiTypeFast,
    activation,
    speedKmh,
    fixedMinutes,
    usableKm,
  };
}

/**
 * The type (index) whose response is never slower and whose range is never shorter than any
 * other's: activation and fixed minutes ≤, cruise speed ≥, usable range ≥ every other type's.
 * Rounded arithmetic is monotone in each of these, so its computed minutes are ≤ every other
 * type's at every distance, bit for bit, and it is allowed wherever another type is (with or
 * without refuelling legs). -1 when no type dominates (then the minimum is taken per pair).
 *
 * @example
 * dominantType(Float64Array.of(10), Float64Array.of(254), Float64Array.of(3), Float64Array.of(550)); // -> 0
 */
export function dominantType(activation: Float64Array, speedKmh: Float64Array, fixedMinutes: Float64Array, usableKm: Float64Array): number {
  for (let t = 0; t < activation.length; t++) {
    let wins = true;
    for (let u = 0; u < activation.length && wins; u++) {
      wins = activation[t] <= activation[u] && fixedMinutes[t] <= fixedMinutes[u] && speedKmh[t] >= speedKmh[u] && usableKm[t] >= usableKm[u];
    }
    if (wins) return t;
  }
  return -1;
}

/**
 * Checks site `s` of a build: an object with a latitude, a longitude and a fleet list of whole,
 * non-negative counts (`E_SITE`, naming the site index, its id and the field).
 *
 * @example
 * validateSite({ id: 'X', name: 'X', latDeg: 91, lngDeg: 120, role: 'existing', fleet: [] }, 0); // throws E_SITE (latitude)
 */
export function validateSite(site: Site, s: number): void {
  const name = `site ${s} (${JSON.stringify(site?.id)})`;
  if (typeof site !== 'object' || site === null) {
    throw new AirreachError('E_SITE', `site ${s} is not an object`, { value: site, where: { field: `sites/${s}` } });
  }
  if (typeof site.latDeg !== 'number' || !(site.latDeg >= -90 && site.latDeg <= 90)) {
    throw new AirreachError('E_SITE', `${name} has a latitude outside −90…90`, {
      value: site.latDeg,
      where: { field: `sites/${s}/latDeg` },
      expected: 'degrees in −90…90',
      hint: Math.abs(site.lngDeg) <= 90 && Math.abs(site.latDeg) <= 180 ? 'Latitude and longitude may be swapped' : undefined,
    });
  }
  if (typeof site.lngDeg !== 'number' || !(site.lngDeg >= -180 && site.lngDeg <= 180)) {
    throw new AirreachError('E_SITE', `${name} has a longitude outside −180…180`, {
      value: site.lngDeg,
      where: { field: `sites/${s}/lngDeg` },
      expected: 'degrees in −180…180',
    });
  }
  if (!Array.isArray(site.fleet)) {
    throw new AirreachError('E_SITE', `${name} has no fleet list`, { value: site.fleet, where: { field: `sites/${s}/fleet` }, expected: 'an array of { aircraftTypeId, count }' });
  }
  site.fleet.forEach((entry, f) => {
    if (typeof entry?.count !== 'number' || !Number.isInteger(entry.count) || entry.count < 0) {
      throw new AirreachError('E_SITE', `${name}: fleet entry ${f} has an impossible aircraft count`, {
        value: entry?.count,
        where: { field: `sites/${s}/fleet/${f}/count` },
        expected: 'an integer ≥ 0',
      });
    }
  });
}
