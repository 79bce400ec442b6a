import { describe, expect, it } from 'vitest';
import { bandOf, buildCellIndex, checkCellIndex, lngKeyOf } from '../../src/coverage/buildCellIndex.js';
import { buildCoverage } from '../../src/coverage/buildCoverage.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';
import { unitVector } from '../../src/travel/greatCircleKm.js';
import type { Site } from '../../src/travel/aircraft.js';
import { createRandom } from '../../src/random.js';
import { AirreachError } from '../../src/errors.js';

const random = createRandom(8);
const cellCount = 2000;
const grid = {
  cellCount,
  latDeg: Float64Array.from({ length: cellCount }, () => 39 + 4 * random.float()),
  lngDeg: Float64Array.from({ length: cellCount }, () => 119 + 6 * random.float()),
};

describe('buildCellIndex', () => {
  it('orders the centres into latitude bands sorted by longitude key, ties by cell index', () => {
    // Duplicate longitudes and latitudes on band edges, around ±180° and at the poles.
    const lat = Float64Array.from([...grid.latDeg, 41.05, 41.05, 41.1, -90, 90, 0, 0]);
    const lng = Float64Array.from([...grid.lngDeg, 122, 122, 122, 0, -180, 180, -180]);
    const mixed = { cellCount: lat.length, latDeg: lat, lngDeg: lng };
    const { bands } = buildCellIndex(mixed);
    const { bandStarts, ids, lngKey, unitXyz } = bands;
    expect(bandStarts[bandStarts.length - 1]).toBe(mixed.cellCount);
    const seen = new Set<number>();
    for (let b = 0; b + 1 < bandStarts.length; b++) {
      for (let p = bandStarts[b]; p < bandStarts[b + 1]; p++) {
        const cell = ids[p];
        seen.add(cell);
        expect(bandOf(bands, lat[cell])).toBe(b);
        expect(lngKey[p]).toBe(lngKeyOf(bands, lng[cell]));
        expect(Array.from(unitXyz.subarray(3 * p, 3 * p + 3))).toEqual(unitVector(lat[cell], lng[cell]));
        if (p > bandStarts[b]) {
          expect(lngKey[p]).toBeGreaterThanOrEqual(lngKey[p - 1]);
          if (lngKey[p] === lngKey[p - 1]) expect(cell).toBeGreaterThan(ids[p - 1]);
        }
      }
    }
    expect(seen.size).toBe(mixed.cellCount);
    // The longitude key is monotone, so a window's cells lie between its end keys.
    expect(lngKeyOf(bands, -180)).toBe(0);
    expect(lngKeyOf(bands, 180)).toBe(bands.lngKeyMax);
    expect(lngKeyOf(bands, 122)).toBeLessThan(lngKeyOf(bands, 122 + 1e-6));
  });

  it('survives a trip through structured clone (as to a worker) and builds the same matrix', () => {
    const index = buildCellIndex(grid);
    const copy = checkCellIndex(structuredClone(index));
    expect(copy.bands).toEqual(index.bands);
    const sites: Site[] = [{ id: 'A', name: 'A', latDeg: 41, lngDeg: 122, role: 'existing', fleet: [{ aircraftTypeId: 'H135', count: 1 }] }];
    const a = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60, cellIndex: index });
    const b = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60, cellIndex: copy });
    expect(Buffer.from(b.data as ArrayBuffer).equals(Buffer.from(a.data as ArrayBuffer))).toBe(true);
  });

  it('refuses an index whose arrays do not match its cell count (E_BUFFER)', () => {
    const index = buildCellIndex(grid);
    const { bands } = index;
    expect(checkCellIndex(index)).toBe(index);
    expect(() => checkCellIndex({ ...index, cellCount: 5 })).toThrowError(expect.objectContaining({ code: 'E_BUFFER' }));
    expect(() => checkCellIndex({ ...index, bands: { ...bands, ids: bands.ids.subarray(1) } })).toThrow(AirreachError);
    expect(() => checkCellIndex({ ...index, bands: { ...bands, bandHeightDeg: 1 } })).toThrow(AirreachError);
  });
});
