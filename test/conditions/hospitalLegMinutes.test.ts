import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { FeatureCollection } from 'geojson';
import {
  hospitalLegMinutes,
  hospitalMissionWithinRange,
  hospitalsFromCandidates,
  nearestHospitals,
  patientInHospitalMinutes,
  type Hospital,
} from '../../src/conditions/hospitalLegMinutes.js';
import { greatCircleKm } from '../../src/travel/greatCircleKm.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';
import { usableRangeKm } from '../../src/travel/isWithinRange.js';

const candidates = JSON.parse(readFileSync(new URL('../../data/liaoning/candidates.geojson', import.meta.url), 'utf8')) as FeatureCollection;
const h135 = AIRCRAFT_CATALOGUE.H135;

describe('hospitalsFromCandidates', () => {
  it('takes the 14 prefecture seats as proxy hospitals', () => {
    const hospitals = hospitalsFromCandidates(candidates);
    expect(hospitals).toHaveLength(14);
    for (const h of hospitals) {
      expect(h.proxy).toBe(true);
      expect(h.source).toMatch(/^PROXY/);
    }
    expect(hospitals.map((h) => h.name)).toContain('Shenyang');
  });

  it('throws E_EMPTY when no candidate has the kind', () => {
    expect(() => hospitalsFromCandidates(candidates, { kinds: ['hospital'] })).toThrow(/E_EMPTY/);
  });
});

describe('hospital leg', () => {
  const hospitals: Hospital[] = [
    { id: 'sy', name: 'Shenyang', latDeg: 41.79222, lngDeg: 123.43278, proxy: true },
    { id: 'dl', name: 'Dalian', latDeg: 38.91222, lngDeg: 121.60222, proxy: true },
    { id: 'dd', name: 'Dandong', latDeg: 40.12917, lngDeg: 124.39472, proxy: true },
  ];
  // Scenes: Fushun, Wafangdian, Kuandian, a point halfway Shenyang–Dalian.
  const latDeg = Float64Array.of(41.8808, 39.6313, 40.7308, 40.35);
  const lngDeg = Float64Array.of(123.9472, 121.9981, 124.7847, 122.52);
  const grid = { latDeg, lngDeg, cellCount: latDeg.length };

  it('finds the nearest hospital and its great-circle distance, as a brute-force hand computation does', () => {
    const { hospitalIndex, distanceKm } = nearestHospitals(grid, hospitals);
    for (let c = 0; c < grid.cellCount; c++) {
      const km = hospitals.map((h) => greatCircleKm(latDeg[c], lngDeg[c], h.latDeg, h.lngDeg));
      const best = km.indexOf(Math.min(...km));
      expect(hospitalIndex[c]).toBe(best);
      expect(distanceKm[c]).toBeCloseTo(km[best], 6);
    }
    expect(Array.from(hospitalIndex.slice(0, 3))).toEqual([0, 1, 2]);
  });

  it('turns distance into flight minutes at cruise plus the fixed minutes', () => {
    const legs = hospitalLegMinutes(grid, hospitals, h135);
    const bare = hospitalLegMinutes(grid, hospitals, h135, { includeFixedMinutes: false });
    // Fushun → Shenyang: about 44 km, so 44 / 254 × 60 ≈ 10.4 min + 3 fixed.
    const km = greatCircleKm(41.8808, 123.9472, 41.79222, 123.43278);
    expect(km).toBeGreaterThan(40);
    expect(km).toBeLessThan(48);
    expect(legs[0]).toBeCloseTo((km / 254) * 60 + 3, 6);
    for (let c = 0; c < grid.cellCount; c++) expect(legs[c] - bare[c]).toBeCloseTo(h135.fixedMinutes, 9);
  });

  it('takes the nearest hospitals found once for several aircraft types: the same minutes', () => {
    const nearest = nearestHospitals(grid, hospitals);
    for (const type of [h135, AIRCRAFT_CATALOGUE['Bell407']]) {
      expect(hospitalLegMinutes(grid, hospitals, type, { nearest })).toEqual(hospitalLegMinutes(grid, hospitals, type));
    }
    const other = nearestHospitals({ latDeg: Float64Array.of(41), lngDeg: Float64Array.of(123), cellCount: 1 }, hospitals);
    expect(() => hospitalLegMinutes(grid, hospitals, h135, { nearest: other })).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
  });

  it('adds response, on-scene and leg minutes and keeps unreachable cells unreachable', () => {
    const total = patientInHospitalMinutes(Float64Array.of(40, Infinity, 30), Float64Array.of(25, 10, 0), Float64Array.of(20, 20, 15));
    expect(Array.from(total)).toEqual([85, Infinity, 45]);
    expect(() => patientInHospitalMinutes([1, 2], [1], 10)).toThrow(/length/);
    expect(() => patientInHospitalMinutes([1], [1], -5)).toThrow(/≥ 0/);
  });

  it('checks base → scene → hospital → base against range minus reserve', () => {
    const usable = usableRangeKm(h135); // 635 − 20 min × 254 km/h ≈ 550.3 km
    expect(usable).toBeCloseTo(635 - (20 * 254) / 60, 9);
    expect(hospitalMissionWithinRange(200, 100, 250, h135)).toBe(true); // 550 km
    expect(hospitalMissionWithinRange(200, 100, 251, h135)).toBe(false); // 551 km
    expect(hospitalMissionWithinRange(200, 100, 251, h135, { refuelAtHospital: true })).toBe(true);
    // 10 min of on-scene burn costs 42.3 km of range.
    expect(hospitalMissionWithinRange(200, 100, 220, h135, { onSceneBurnMinutes: 10 })).toBe(false);
    expect(() => hospitalMissionWithinRange(-1, 0, 0, h135)).toThrow(/baseToSceneKm/);
  });

  it('refuses an empty hospital list', () => {
    expect(() => nearestHospitals(grid, [])).toThrow(/E_EMPTY/);
  });
});
