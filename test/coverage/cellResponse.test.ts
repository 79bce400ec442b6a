import { describe, expect, it } from 'vitest';
import { buildCoverage } from '../../src/coverage/buildCoverage.js';
import { cellResponse } from '../../src/coverage/cellResponse.js';
import { fastestAircraftAtCell } from '../../src/coverage/fastestAircraftAtCell.js';
import { CoverageMatrix } from '../../src/coverage/coverageMatrix.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';
import type { Site } from '../../src/travel/aircraft.js';
import { createRandom } from '../../src/random.js';
import { AirreachError } from '../../src/errors.js';

describe('cellResponse', () => {
  it('matches a dense brute force: fastest minutes, lowest site on ties, redundancy per standard', () => {
    const random = createRandom(99);
    const siteCount = 12;
    const cellCount = 300;
    // A dense table with many exact ties (minutes on a 5-minute grid) and gaps (Infinity).
    const dense = Array.from({ length: siteCount }, () =>
      Array.from({ length: cellCount }, () => (random.int(0, 3) === 0 ? Infinity : 5 * random.int(1, 24))),
    );
    const rows = dense.map((row) => {
      const cells = row.flatMap((m, c) => (m === Infinity ? [] : [c]));
      return { cells: Uint32Array.from(cells), minutes: Float32Array.from(cells, (c) => row[c]) };
    });
    const matrix = CoverageMatrix.fromRows(siteCount, cellCount, rows, 120);
    const standards = [30, 60, 120];
    const response = cellResponse(matrix, { standardsMinutes: standards });
    for (let c = 0; c < cellCount; c++) {
      let best = Infinity;
      let bestSite = -1;
      for (let s = 0; s < siteCount; s++) {
        if (dense[s][c] < best) {
          best = dense[s][c];
          bestSite = s;
        }
      }
      expect(response.fastestMinutes[c]).toBe(best);
      expect(response.fastestSite[c]).toBe(bestSite);
      standards.forEach((standard, k) => {
        expect(response.redundancy[k][c]).toBe(dense.filter((row) => row[c] <= standard).length);
      });
    }
  });

  it('refuses a standard above the matrix maxMinutes', () => {
    const matrix = CoverageMatrix.fromRows(1, 1, [{ cells: Uint32Array.of(0), minutes: Float32Array.of(10) }], 60);
    expect(() => cellResponse(matrix)).toThrow(AirreachError);
    expect(cellResponse(matrix, { standardsMinutes: [10] }).redundancy[0][0]).toBe(1);
  });
});

describe('fastestAircraftAtCell', () => {
  it('recomputes the type behind the fastest response, equal to the stored minutes', () => {
    const random = createRandom(5);
    const cellCount = 500;
    const grid = {
      cellCount,
      latDeg: Float64Array.from({ length: cellCount }, () => 39 + 4 * random.float()),
      lngDeg: Float64Array.from({ length: cellCount }, () => 119 + 6 * random.float()),
    };
    const sites: Site[] = Array.from({ length: 6 }, (_, s) => ({
      id: `S${s}`, name: `S${s}`, latDeg: 39 + 4 * random.float(), lngDeg: 119 + 6 * random.float(), role: 'candidate',
      fleet: [{ aircraftTypeId: 'QUICK', count: 1 }, { aircraftTypeId: 'AW139', count: 1 }],
    }));
    // QUICK launches in 2 min but cruises at 150 km/h: it wins within about 49 km, the AW139 beyond.
    const catalogue = { ...AIRCRAFT_CATALOGUE, QUICK: { ...AIRCRAFT_CATALOGUE.AC311A, id: 'QUICK', activationMinutesDay: 2, cruiseSpeedKmh: 150 } };
    const matrix = buildCoverage(grid, sites, catalogue, { maxMinutes: 60 });
    const response = cellResponse(matrix, { standardsMinutes: [60] });
    const seen = new Set<string>();
    for (let c = 0; c < cellCount; c++) {
      const fastest = fastestAircraftAtCell(c, response, grid, sites, catalogue, 'day');
      if (response.fastestSite[c] < 0) {
        expect(fastest).toBeNull();
        continue;
      }
      expect(Math.fround(fastest!.minutes)).toBe(response.fastestMinutes[c]);
      seen.add(fastest!.aircraftTypeId);
    }
    expect([...seen].sort()).toEqual(['AW139', 'QUICK']);
  });
});
