import { describe, expect, it } from 'vitest';
import { resolveAircraftTypes } from '../../src/scenario/resolveAircraftTypes.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';
import { knotsToKmh } from '../../src/units.js';
import { errorOf } from '../errorOf.js';

describe('resolveAircraftTypes', () => {
  it('overrides a catalogue type in place and starts a new id from the catalogue type basedOn names', () => {
    const types = resolveAircraftTypes(AIRCRAFT_CATALOGUE, { H135: { activationMinutesNight: 30 }, 'H135-fast': { basedOn: 'H135', cruiseSpeedKnots: 140 } }, 's.json');
    expect(types.H135).toEqual({ ...AIRCRAFT_CATALOGUE.H135, activationMinutesNight: 30 });
    expect(types['H135-fast']).toMatchObject({ ...AIRCRAFT_CATALOGUE.H135, id: 'H135-fast', cruiseSpeedKmh: knotsToKmh(140) });
    expect(types.AW139).toBe(AIRCRAFT_CATALOGUE.AW139);
  });

  it('starts a type from another type of the same scenario (resolved first, whatever the key order), its changes included', () => {
    // "A-night" sorts before "Z-base": the base it names is resolved first all the same.
    const types = resolveAircraftTypes(AIRCRAFT_CATALOGUE, { 'A-night': { basedOn: 'Z-base', nightCapable: true, activationMinutesNight: 25 }, 'Z-base': { basedOn: 'H135', cruiseSpeedKnots: 130 } }, 's.json');
    expect(types['Z-base']).toMatchObject({ id: 'Z-base', cruiseSpeedKmh: knotsToKmh(130), nightCapable: AIRCRAFT_CATALOGUE.H135.nightCapable });
    expect(types['A-night']).toMatchObject({ id: 'A-night', cruiseSpeedKmh: knotsToKmh(130), nightCapable: true, activationMinutesNight: 25, rangeKm: AIRCRAFT_CATALOGUE.H135.rangeKm });
  });

  it('refuses a basedOn chain that comes back to itself, and a basedOn naming no type, at the field', () => {
    const cycle = errorOf(() => resolveAircraftTypes(AIRCRAFT_CATALOGUE, { X: { basedOn: 'Y' }, Y: { basedOn: 'Z' }, Z: { basedOn: 'X' } }, 's.json'));
    expect(cycle.code).toBe('E_AIRCRAFT');
    expect(cycle.message).toContain('basedOn goes round in a circle: X → Y → Z → X');
    expect(cycle.where).toEqual({ file: 's.json', field: '/aircraft/Z/basedOn' });
    const unknown = errorOf(() => resolveAircraftTypes(AIRCRAFT_CATALOGUE, { X: { basedOn: 'Concorde' } }, 's.json'));
    expect(unknown.where).toEqual({ file: 's.json', field: '/aircraft/X/basedOn' });
    expect(unknown.message).toContain('or a new type of this scenario (X)');
  });

  it('names an impossible figure at its JSON path, with the largest value allowed', () => {
    // The path was '/aircraft/H135.reserveMinutes' (a dot inside a JSON path), and the message
    // said only "shorter than the whole range".
    const reserve = errorOf(() => resolveAircraftTypes(AIRCRAFT_CATALOGUE, { H135: { reserveMinutes: 400 } }, 's.json'));
    expect(reserve).toMatchObject({ code: 'E_AIRCRAFT', value: 400, where: { file: 's.json', field: '/aircraft/H135/reserveMinutes' } });
    const { rangeKm, cruiseSpeedKmh } = AIRCRAFT_CATALOGUE.H135;
    expect(reserve.message).toContain(`a reserve under ${Number(((rangeKm / cruiseSpeedKmh) * 60).toFixed(1))} min`);
  });
});
