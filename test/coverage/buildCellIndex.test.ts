import { describe, expect, it } from 'vitest';
import { buildCellIndex, cellIndexBuffers, cellIndexFromBuffers } from '../../src/coverage/buildCellIndex.js';
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
  it('keeps each unit vector next to its cell in kd order', () => {
    const index = buildCellIndex(grid);
    const seen = new Set<number>();
    for (let i = 0; i < cellCount; i++) {
      const cell = index.kdbush.ids[i];
      seen.add(cell);
      expect(Array.from(index.unitXyz.subarray(3 * i, 3 * i + 3))).toEqual(unitVector(grid.latDeg[cell], grid.lngDeg[cell]));
    }
    expect(seen.size).toBe(cellCount);
  });

  it('survives a trip through structured clone (as to a worker) and builds the same matrix', () => {
    const index = buildCellIndex(grid);
    const copy = cellIndexFromBuffers(structuredClone(cellIndexBuffers(index)));
    const sites: Site[] = [{ id: 'A', name: 'A', latDeg: 41, lngDeg: 122, role: 'existing', fleet: [{ aircraftTypeId: 'H135', count: 1 }] }];
    const a = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60, cellIndex: index });
    const b = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60, cellIndex: copy });
    expect(Buffer.from(b.data as ArrayBuffer).equals(Buffer.from(a.data as ArrayBuffer))).toBe(true);
  });

  it('refuses buffers that do not match their cell count', () => {
    const buffers = cellIndexBuffers(buildCellIndex(grid));
    expect(() => cellIndexFromBuffers({ ...buffers, cellCount: 5 })).toThrow(AirreachError);
  });
});
