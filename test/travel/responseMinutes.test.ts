import { describe, expect, it } from 'vitest';
import type { AircraftType, Site } from '../../src/travel/aircraft.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';
import { responseMinutes, activationMinutes, fliesInPeriod } from '../../src/travel/responseMinutes.js';
import { isWithinRange, usableRangeKm } from '../../src/travel/isWithinRange.js';
import { maxReachKm } from '../../src/travel/maxReachKm.js';
import { fastestAircraft } from '../../src/travel/fastestAircraft.js';
import { AirreachError } from '../../src/errors.js';

// Round figures so that every expected value below is worked out by hand.
const heli: AircraftType = {
  id: 'HELI', name: 'test helicopter', kind: 'helicopter', cruiseSpeedKmh: 240,
  activationMinutesDay: 10, activationMinutesNight: 25, nightCapable: true,
  rangeKm: 600, reserveMinutes: 30, fixedMinutes: 5, sources: ['test'],
};
const dayOnly: AircraftType = { ...heli, id: 'DAY', cruiseSpeedKmh: 300, activationMinutesDay: 5, nightCapable: false };
const catalogue = { HELI: heli, DAY: dayOnly };
const site = (fleet: Site['fleet']): Site => ({ id: 'S', name: 'S', latDeg: 41, lngDeg: 123, role: 'existing', fleet });

describe('responseMinutes', () => {
  it('is activation + distance / speed × 60 + fixed minutes', () => {
    // 120 km at 240 km/h = 30 min
    expect(responseMinutes(120, heli, 'day')).toBe(10 + 30 + 5);
    expect(responseMinutes(120, heli, 'night')).toBe(25 + 30 + 5);
    expect(responseMinutes(0, heli, 'day')).toBe(15);
  });

  it('is Infinity at night for a type that does not fly at night', () => {
    expect(fliesInPeriod(dayOnly, 'night')).toBe(false);
    expect(activationMinutes(dayOnly, 'night')).toBe(Infinity);
    expect(responseMinutes(10, dayOnly, 'night')).toBe(Infinity);
    expect(responseMinutes(150, dayOnly, 'day')).toBe(5 + 30 + 5);
  });
});

describe('range rule', () => {
  // usable = 600 − 30 × 240 / 60 = 480 km
  it('subtracts the reserve as minutes of cruise', () => {
    expect(usableRangeKm(heli)).toBe(480);
  });

  it('without refuelling, the aircraft must fly back: 2 × distance ≤ usable', () => {
    expect(isWithinRange(240, heli)).toBe(true);
    expect(isWithinRange(240.000001, heli)).toBe(false);
  });

  it('with a refuelling point, distance + leg to it ≤ usable; the base still counts', () => {
    expect(isWithinRange(400, heli, { refuelLegKm: 80 })).toBe(true);
    expect(isWithinRange(400, heli, { refuelLegKm: 80.001 })).toBe(false);
    // A refuelling point farther than the base does not hurt: the aircraft flies home.
    expect(isWithinRange(200, heli, { refuelLegKm: 1000 })).toBe(true);
  });

  it('maxReachKm is the smaller of the time and range bounds, and -Infinity when nothing flies', () => {
    // 120 min: (120 − 10 − 5) / 60 × 240 = 420 km by time, 240 km by range
    expect(maxReachKm(heli, 'day', 120)).toBe(240);
    expect(maxReachKm(heli, 'day', 120, { withRefuelling: true })).toBe(420);
    // 60 min: (60 − 15) / 60 × 240 = 180 km
    expect(maxReachKm(heli, 'day', 60)).toBe(180);
    expect(maxReachKm(heli, 'day', 14)).toBe(-Infinity);
    expect(maxReachKm(dayOnly, 'night', 120)).toBe(-Infinity);
  });
});

describe('fastestAircraft', () => {
  it('picks the faster type that can go, and only night types at night', () => {
    const s = site([{ aircraftTypeId: 'HELI', count: 1 }, { aircraftTypeId: 'DAY', count: 1 }]);
    // 150 km: HELI 10 + 37.5 + 5 = 52.5; DAY 5 + 30 + 5 = 40
    expect(fastestAircraft(s, 150, catalogue, 'day')).toEqual({ aircraftTypeId: 'DAY', fleetIndex: 1, minutes: 40 });
    expect(fastestAircraft(s, 150, catalogue, 'night')).toEqual({ aircraftTypeId: 'HELI', fleetIndex: 0, minutes: 67.5 });
  });

  it('skips types out of range, with zero aircraft, and returns null when none can go', () => {
    const s = site([{ aircraftTypeId: 'DAY', count: 0 }, { aircraftTypeId: 'HELI', count: 2 }]);
    expect(fastestAircraft(s, 150, catalogue, 'day')?.aircraftTypeId).toBe('HELI');
    expect(fastestAircraft(s, 300, catalogue, 'day')).toBeNull();
    expect(fastestAircraft(s, 300, catalogue, 'day', { refuelLegKm: 100 })?.minutes).toBe(10 + 75 + 5);
  });

  it('breaks ties by the lowest fleet index', () => {
    const twin = { ...heli, id: 'TWIN' };
    const s = site([{ aircraftTypeId: 'TWIN', count: 1 }, { aircraftTypeId: 'HELI', count: 1 }]);
    expect(fastestAircraft(s, 100, { HELI: heli, TWIN: twin }, 'day')?.fleetIndex).toBe(0);
  });

  it('throws E_AIRCRAFT for a type the catalogue does not hold', () => {
    const s = site([{ aircraftTypeId: 'NOPE', count: 1 }]);
    expect(() => fastestAircraft(s, 10, catalogue, 'day')).toThrow(AirreachError);
  });

  it('works on the shipped catalogue: the H135 at night but not the AC311A', () => {
    const s = site([{ aircraftTypeId: 'AC311A', count: 1 }, { aircraftTypeId: 'H135', count: 1 }]);
    expect(fastestAircraft(s, 100, AIRCRAFT_CATALOGUE, 'night')?.aircraftTypeId).toBe('H135');
  });
});
