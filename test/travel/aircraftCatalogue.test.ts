import { describe, expect, it } from 'vitest';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';
import { validateAircraftType } from '../../src/travel/validateAircraftType.js';
import { resolveAircraft } from '../../src/travel/resolveAircraft.js';
import { AirreachError } from '../../src/errors.js';

const h135 = AIRCRAFT_CATALOGUE.H135;

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof AirreachError ? error.code : 'not an AirreachError';
  }
  return undefined;
}

describe('AIRCRAFT_CATALOGUE', () => {
  it('holds the asked-for types, each valid, keyed by its own id', () => {
    for (const id of ['AW139', 'H135', 'H145', 'AC311A', 'AC313', 'Mi-171', 'Mi-171A2', 'Bell407', 'Ka-32', 'S-76', 'Y-5B', 'Y-12']) {
      const type = AIRCRAFT_CATALOGUE[id];
      expect(type.id).toBe(id);
      expect(validateAircraftType(type)).toBe(type);
    }
    expect(Object.values(AIRCRAFT_CATALOGUE).some((type) => type.kind === 'fixedWing')).toBe(true);
  });

  it('gives every type a source URL for its speed and range, and labels assumptions', () => {
    for (const type of Object.values(AIRCRAFT_CATALOGUE)) {
      expect(type.sources.some((source) => /https?:\/\//.test(source))).toBe(true);
      expect(type.sources.some((source) => source.startsWith('ASSUMPTION'))).toBe(true);
    }
  });

  it('keeps the older Mi-171/171E apart from the faster, longer-ranged Mi-171A2 (+21 kt cruise)', () => {
    expect(AIRCRAFT_CATALOGUE['Mi-171A2'].cruiseSpeedKmh - AIRCRAFT_CATALOGUE['Mi-171'].cruiseSpeedKmh).toBeCloseTo(21 * 1.852, 6);
    expect(AIRCRAFT_CATALOGUE['Mi-171'].rangeKm).toBeLessThan(AIRCRAFT_CATALOGUE['Mi-171A2'].rangeKm);
  });

  it('converts knots and nautical miles once (AW139: 165 kt, 573 NM)', () => {
    expect(AIRCRAFT_CATALOGUE.AW139.cruiseSpeedKmh).toBeCloseTo(305.58, 2);
    expect(AIRCRAFT_CATALOGUE.AW139.rangeKm).toBeCloseTo(1061.196, 3);
  });
});

describe('validateAircraftType', () => {
  it.each([
    ['cruiseSpeedKmh', 0],
    ['cruiseSpeedKmh', -250],
    ['cruiseSpeedKmh', Number.NaN],
    ['rangeKm', 0],
    ['rangeKm', Number.POSITIVE_INFINITY],
    ['activationMinutesDay', -1],
    ['activationMinutesNight', Number.NaN],
    ['fixedMinutes', -0.5],
    ['reserveMinutes', -5],
    ['reserveMinutes', 600],
  ])('refuses %s = %s with E_AIRCRAFT naming the field', (field, value) => {
    const bad = { ...h135, [field]: value };
    expect(codeOf(() => validateAircraftType(bad, { file: 'fleet.json' }))).toBe('E_AIRCRAFT');
    try {
      validateAircraftType(bad, { file: 'fleet.json' });
    } catch (error) {
      expect((error as AirreachError).where).toEqual({ file: 'fleet.json', field });
    }
  });
});

describe('resolveAircraft', () => {
  it('returns types in the order asked', () => {
    expect(resolveAircraft(['Y-12', 'H135'], AIRCRAFT_CATALOGUE).map((type) => type.id)).toEqual(['Y-12', 'H135']);
  });

  it('names an unknown id and lists the known ones', () => {
    expect(() => resolveAircraft(['H-135'], AIRCRAFT_CATALOGUE)).toThrow(/unknown aircraft type "H-135".*AC311A, AC313, AW139/);
    expect(codeOf(() => resolveAircraft(['constructor'], AIRCRAFT_CATALOGUE))).toBe('E_AIRCRAFT');
  });
});
