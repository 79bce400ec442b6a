import { describe, expect, it } from 'vitest';
import { buildCoverage, countCoverageRows, countCoverageShard, fillCoverageRows } from '../../src/coverage/buildCoverage.js';
import { joinSitePlanTables } from '../../src/coverage/sitePlanTable.js';
import { buildCellIndex } from '../../src/coverage/buildCellIndex.js';
import { CoverageMatrix } from '../../src/coverage/coverageMatrix.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';
import { fastestAircraft } from '../../src/travel/fastestAircraft.js';
import { unitChordKm, unitVector } from '../../src/travel/greatCircleKm.js';
import type { AircraftType, Period, RefuelPoint, Site } from '../../src/travel/aircraft.js';
import { createRandom } from '../../src/random.js';
import { errorOf } from '../errorOf.js';

type Grid = { cellCount: number; latDeg: Float64Array; lngDeg: Float64Array };

function randomGrid(seed: number, cellCount: number, box: [number, number, number, number]): Grid {
  const random = createRandom(seed);
  const [west, south, east, north] = box;
  const latDeg = new Float64Array(cellCount);
  const lngDeg = new Float64Array(cellCount);
  for (let c = 0; c < cellCount; c++) {
    latDeg[c] = south + (north - south) * random.float();
    const lng = west + (east - west) * random.float();
    lngDeg[c] = lng > 180 ? lng - 360 : lng;
  }
  return { cellCount, latDeg, lngDeg };
}

const fleets: Site['fleet'][] = [
  [{ aircraftTypeId: 'H135', count: 1 }],
  [{ aircraftTypeId: 'AC311A', count: 1 }, { aircraftTypeId: 'AW139', count: 1 }],
  [{ aircraftTypeId: 'Mi-171', count: 2 }],
  [{ aircraftTypeId: 'H145', count: 0 }, { aircraftTypeId: 'Y-12', count: 1 }],
];

function randomSites(seed: number, siteCount: number, box: [number, number, number, number]): Site[] {
  const random = createRandom(seed);
  const [west, south, east, north] = box;
  return Array.from({ length: siteCount }, (_, s) => {
    const lng = west + (east - west) * random.float();
    return {
      id: `S${s}`,
      name: `site ${s}`,
      latDeg: south + (north - south) * random.float(),
      lngDeg: lng > 180 ? lng - 360 : lng,
      role: 'candidate' as const,
      fleet: fleets[random.int(0, fleets.length - 1)],
    };
  });
}

/** Every site against every cell, through the travel module's own functions: the reference. */
function bruteForce(grid: Grid, sites: Site[], catalogue: Record<string, AircraftType>, maxMinutes: number, period: Period, refuelPoints: RefuelPoint[] = []) {
  const cellUnits = Array.from({ length: grid.cellCount }, (_, c) => unitVector(grid.latDeg[c], grid.lngDeg[c]));
  const refuelUnits = refuelPoints.map((p) => unitVector(p.latDeg, p.lngDeg));
  return sites.map((site) => {
    const [sx, sy, sz] = unitVector(site.latDeg, site.lngDeg);
    const pairs = new Map<number, number>();
    for (let c = 0; c < grid.cellCount; c++) {
      const [cx, cy, cz] = cellUnits[c];
      let refuelLegKm = Infinity;
      for (const [px, py, pz] of refuelUnits) refuelLegKm = Math.min(refuelLegKm, unitChordKm(px, py, pz, cx, cy, cz));
      const best = fastestAircraft(site, unitChordKm(sx, sy, sz, cx, cy, cz), catalogue, period, { refuelLegKm });
      if (best !== null && best.minutes <= maxMinutes) pairs.set(c, Math.fround(best.minutes));
    }
    return pairs;
  });
}

function rowsOf(matrix: CoverageMatrix): Array<Map<number, number>> {
  return Array.from({ length: matrix.siteCount }, (_, s) => {
    const row = new Map<number, number>();
    for (let k = matrix.offsets[s]; k < matrix.offsets[s + 1]; k++) row.set(matrix.cells[k], matrix.minutes[k]);
    expect(row.size).toBe(matrix.rowLength(s)); // no cell twice in a row
    return row;
  });
}

const liaoningBox: [number, number, number, number] = [118.8, 38.7, 125.8, 43.5];

function nextDown(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) - 1n);
  return view.getFloat64(0);
}

describe('buildCoverage', () => {
  const grid = randomGrid(7, 4000, liaoningBox);
  const sites = randomSites(11, 20, [118.0, 38.0, 126.5, 44.0]);

  it.each([
    ['day', 60],
    ['night', 120],
    ['day', 30],
  ] as const)('equals the brute-force all-pairs build (%s, %i min)', (period, maxMinutes) => {
    const matrix = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes, period });
    const expected = bruteForce(grid, sites, AIRCRAFT_CATALOGUE, maxMinutes, period);
    expect(matrix.siteCount).toBe(sites.length);
    expect(matrix.pairCount).toBeGreaterThan(0);
    expect(rowsOf(matrix)).toEqual(expected);
  });

  it('equals brute force with refuelling points (which extend the range-limited reach)', () => {
    // A short-legged type so that the range rule, not the time, binds.
    const catalogue = { SHORT: { ...AIRCRAFT_CATALOGUE.H135, id: 'SHORT', rangeKm: 180, reserveMinutes: 10 } };
    const shortSites = sites.map((site) => ({ ...site, fleet: [{ aircraftTypeId: 'SHORT', count: 1 }] }));
    const refuelPoints = [{ latDeg: 41.0, lngDeg: 122.0 }, { latDeg: 40.0, lngDeg: 124.0 }];
    const without = buildCoverage(grid, shortSites, catalogue, { maxMinutes: 120 });
    const withRefuel = buildCoverage(grid, shortSites, catalogue, { maxMinutes: 120, refuelPoints });
    expect(rowsOf(without)).toEqual(bruteForce(grid, shortSites, catalogue, 120, 'day'));
    expect(rowsOf(withRefuel)).toEqual(bruteForce(grid, shortSites, catalogue, 120, 'day', refuelPoints));
    expect(withRefuel.pairCount).toBeGreaterThan(without.pairCount);
    // One shared index across builds with other refuelling points (its legs are kept per index):
    // each build still equals brute force for its own points.
    const cellIndex = buildCellIndex(grid);
    const otherPoints = [{ latDeg: 42.5, lngDeg: 120.5 }];
    for (const points of [refuelPoints, otherPoints, refuelPoints, []]) {
      const built = buildCoverage(grid, shortSites, catalogue, { maxMinutes: 120, refuelPoints: points, cellIndex });
      expect(rowsOf(built)).toEqual(bruteForce(grid, shortSites, catalogue, 120, 'day', points));
    }
  });

  it('is correct across the antimeridian and near a pole', () => {
    const pacific = randomGrid(3, 3000, [170, -20, 190, 5]);
    const pacificSites = randomSites(5, 8, [175, -10, 185, 0]);
    expect(rowsOf(buildCoverage(pacific, pacificSites, AIRCRAFT_CATALOGUE, { maxMinutes: 120 }))).toEqual(
      bruteForce(pacific, pacificSites, AIRCRAFT_CATALOGUE, 120, 'day'),
    );
    const arctic = randomGrid(4, 3000, [-180, 86, 180, 90]);
    const arcticSites = randomSites(6, 6, [-180, 88, 180, 90]);
    const arcticMatrix = buildCoverage(arctic, arcticSites, AIRCRAFT_CATALOGUE, { maxMinutes: 120 });
    expect(arcticMatrix.pairCount).toBeGreaterThan(0);
    expect(rowsOf(arcticMatrix)).toEqual(bruteForce(arctic, arcticSites, AIRCRAFT_CATALOGUE, 120, 'day'));
  });

  it('equals brute force at high latitudes with caps wider than 637 km (band windows, reference asin beyond the polynomial)', () => {
    const north = randomGrid(12, 3000, [-30, 55, 40, 84]);
    const northSites = randomSites(13, 10, [-20, 60, 30, 82]).map((site, s) => ({
      ...site,
      fleet: s % 2 === 0 ? [{ aircraftTypeId: 'Y-12', count: 1 }] : [{ aircraftTypeId: 'AW139', count: 1 }, { aircraftTypeId: 'H135', count: 1 }],
    }));
    const matrix = buildCoverage(north, northSites, AIRCRAFT_CATALOGUE, { maxMinutes: 240 });
    expect(rowsOf(matrix)).toEqual(bruteForce(north, northSites, AIRCRAFT_CATALOGUE, 240, 'day'));
    // Some pairs lie beyond 637 km, where the polynomial is not used.
    expect(Math.max(...Array.from(matrix.minutes))).toBeGreaterThan(10 + 10 + (640 / 292) * 60);
  });

  it('equals brute force for a fleet where no type is best at every distance, with and without refuelling', () => {
    // QUICK starts sooner but cruises slower and has the shorter range: the fastest type flips
    // with distance, and near QUICK's range limit only LONG may fly.
    const quick = { ...AIRCRAFT_CATALOGUE.H135, id: 'QUICK', activationMinutesDay: 5, cruiseSpeedKmh: 200, rangeKm: 300, reserveMinutes: 10 };
    const long = { ...AIRCRAFT_CATALOGUE.AW139, id: 'LONG', activationMinutesDay: 20, cruiseSpeedKmh: 320, rangeKm: 900, reserveMinutes: 30 };
    const catalogue = { QUICK: quick, LONG: long };
    const mixedSites = sites.map((site) => ({ ...site, fleet: [{ aircraftTypeId: 'QUICK', count: 1 }, { aircraftTypeId: 'LONG', count: 2 }] }));
    const refuelPoints = [{ latDeg: 41.5, lngDeg: 121.0 }];
    for (const points of [[], refuelPoints]) {
      const matrix = buildCoverage(grid, mixedSites, catalogue, { maxMinutes: 75, refuelPoints: points });
      expect(rowsOf(matrix)).toEqual(bruteForce(grid, mixedSites, catalogue, 75, 'day', points));
    }
  });

  it('lists each row in band order, the same bytes every time, with or without a prebuilt index', () => {
    const cellIndex = buildCellIndex(grid);
    const { bands } = cellIndex;
    const position = new Uint32Array(grid.cellCount);
    bands.ids.forEach((cell, p) => (position[cell] = p));
    const matrix = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 90, cellIndex });
    for (let s = 0; s < matrix.siteCount; s++) {
      for (let k = matrix.offsets[s] + 1; k < matrix.offsets[s + 1]; k++) {
        expect(position[matrix.cells[k]]).toBeGreaterThan(position[matrix.cells[k - 1]]);
      }
    }
    const again = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 90 });
    const cloned = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 90, cellIndex: structuredClone(cellIndex) });
    for (const other of [again, cloned]) expect(Buffer.from(other.data as ArrayBuffer).equals(Buffer.from(matrix.data as ArrayBuffer))).toBe(true);
  });

  it('counts a cell exactly at the standard as covered, and not one step beyond', () => {
    const site: Site = { id: 'ZYTX', name: 'Shenyang', latDeg: 41.64, lngDeg: 123.48, role: 'existing', fleet: [{ aircraftTypeId: 'H135', count: 1 }] };
    const cell = { cellCount: 1, latDeg: Float64Array.of(40.9), lngDeg: Float64Array.of(122.7) };
    const distanceKm = unitChordKm(...unitVector(site.latDeg, site.lngDeg), ...unitVector(40.9, 122.7));
    const exact = fastestAircraft(site, distanceKm, AIRCRAFT_CATALOGUE, 'day')!.minutes;
    expect(buildCoverage(cell, [site], AIRCRAFT_CATALOGUE, { maxMinutes: exact }).minutesAt(0, 0)).toBe(Math.fround(exact));
    expect(buildCoverage(cell, [site], AIRCRAFT_CATALOGUE, { maxMinutes: nextDown(exact) }).pairCount).toBe(0);
  });

  it('stores the reference float32 minutes for a cell whose minutes sit right at a float32 rounding boundary', () => {
    // The fast path computes the distance with a polynomial; near a boundary between two
    // float32 values only the reference arithmetic may decide the rounding. Bisect for the
    // cell (along a meridian) whose reference minutes are the first above 40 + half a float32
    // step: rounding the polynomial's minutes (or anything below them) would store 40.
    const quick = { ...AIRCRAFT_CATALOGUE.H135, id: 'QUICK', activationMinutesDay: 5, cruiseSpeedKmh: 200, rangeKm: 300, reserveMinutes: 10 };
    const catalogue = { H135: AIRCRAFT_CATALOGUE.H135, QUICK: quick };
    for (const fleet of [[{ aircraftTypeId: 'H135', count: 1 }], [{ aircraftTypeId: 'H135', count: 1 }, { aircraftTypeId: 'QUICK', count: 1 }]]) {
      const site: Site = { id: 'S', name: 'S', latDeg: 41, lngDeg: 123, role: 'existing', fleet };
      const minutesAt = (latDeg: number) =>
        fastestAircraft(site, unitChordKm(...unitVector(41, 123), ...unitVector(latDeg, 123)), catalogue, 'day')!.minutes;
      const boundary = 40 + 2 ** -19;
      let below = 41;
      let above = 43;
      while (true) {
        const middle = (below + above) / 2;
        if (middle === below || middle === above) break;
        if (minutesAt(middle) > boundary) above = middle;
        else below = middle;
      }
      expect(minutesAt(above) - boundary).toBeLessThan(1e-11);
      expect(Math.fround(minutesAt(above))).toBe(40 + 2 ** -18);
      const cell = { cellCount: 1, latDeg: Float64Array.of(above), lngDeg: Float64Array.of(123) };
      expect(buildCoverage(cell, [site], catalogue, { maxMinutes: 60 }).minutesAt(0, 0)).toBe(40 + 2 ** -18);
    }
  });

  it('joins shards [0, k) + [k, n) into the same bytes as the full build, with a shared cell index', () => {
    const cellIndex = buildCellIndex(grid);
    const whole = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 90 });
    for (const k of [0, 7, 20]) {
      const joined = CoverageMatrix.concat([
        buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 90, siteEnd: k, cellIndex }),
        buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 90, siteStart: k, cellIndex }),
      ]);
      expect(Buffer.from(joined.data as ArrayBuffer).equals(Buffer.from(whole.data as ArrayBuffer))).toBe(true);
    }
  });

  it('fills counted shards into one shared matrix, in any order, with the bytes of the full build', () => {
    const cellIndex = buildCellIndex(grid);
    const whole = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 90 });
    const shards = [
      [13, sites.length],
      [0, 6],
      [6, 13],
    ];
    const lengths = new Uint32Array(sites.length);
    for (const [siteStart, siteEnd] of shards) {
      lengths.set(countCoverageRows(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 90, siteStart, siteEnd, cellIndex }), siteStart);
    }
    const matrix = CoverageMatrix.withRowLengths(lengths, grid.cellCount, 90, { shared: true });
    expect(matrix.data).toBeInstanceOf(SharedArrayBuffer);
    for (const [siteStart, siteEnd] of shards) {
      fillCoverageRows(grid, sites, AIRCRAFT_CATALOGUE, matrix, { maxMinutes: 90, siteStart, siteEnd, cellIndex, firstRow: siteStart });
    }
    expect(Buffer.from(new Uint8Array(matrix.data)).equals(Buffer.from(new Uint8Array(whole.data)))).toBe(true);
  });

  it('fills from the count shards\' site plans, joined in shared memory, the bytes of the full build (night, refuelling, a site that cannot fly)', () => {
    const cellIndex = buildCellIndex(grid);
    const grounded: Site = { id: 'G', name: 'grounded at night', latDeg: 41, lngDeg: 123, role: 'candidate', fleet: [{ aircraftTypeId: 'AC311A', count: 1 }] };
    const all = [...sites.slice(0, 9), grounded, ...sites.slice(9)];
    const options = { maxMinutes: 120, period: 'night' as const, refuelPoints: [{ latDeg: 41.0, lngDeg: 122.0 }], cellIndex };
    const whole = buildCoverage(grid, all, AIRCRAFT_CATALOGUE, options);
    const countShards = [
      [0, 12],
      [12, all.length],
    ];
    const counts = countShards.map(([siteStart, siteEnd]) => countCoverageShard(grid, all, AIRCRAFT_CATALOGUE, { ...options, siteStart, siteEnd }));
    const sitePlans = joinSitePlanTables(counts.map((count) => count.sitePlans), { shared: true });
    expect(sitePlans.numbers.buffer).toBeInstanceOf(SharedArrayBuffer);
    const lengths = new Uint32Array(all.length);
    counts.forEach((count, k) => lengths.set(count.rowLengths, countShards[k][0]));
    expect([...lengths]).toEqual([...countCoverageRows(grid, all, AIRCRAFT_CATALOGUE, options)]);
    const matrix = CoverageMatrix.withRowLengths(lengths, grid.cellCount, 120, { shared: true });
    // Fill shards cut elsewhere than the count shards, in any order.
    for (const [siteStart, siteEnd] of [
      [5, 16],
      [0, 5],
      [16, all.length],
    ]) {
      fillCoverageRows(grid, all, AIRCRAFT_CATALOGUE, matrix, { ...options, siteStart, siteEnd, firstRow: siteStart, sitePlans });
    }
    expect(Buffer.from(new Uint8Array(matrix.data)).equals(Buffer.from(new Uint8Array(whole.data)))).toBe(true);
  });

  it('fills with the plans it is given (a plan emptied: its row comes up short, E_MATRIX) and refuses plans of another build or other sites (E_OPTION)', () => {
    const options = { maxMinutes: 60 };
    const { rowLengths, sitePlans } = countCoverageShard(grid, sites, AIRCRAFT_CATALOGUE, options);
    const matrix = CoverageMatrix.withRowLengths(rowLengths, grid.cellCount, 60);
    // Site 0's band slices removed from the table: the fill writes nothing for it.
    expect(rowLengths[0]).toBeGreaterThan(0);
    const firstSlices = sitePlans.sliceStarts[1];
    const emptied = { ...sitePlans, sliceStarts: sitePlans.sliceStarts.map((start) => Math.max(0, start - firstSlices)), slices: sitePlans.slices.slice(firstSlices) };
    expect(() => fillCoverageRows(grid, sites, AIRCRAFT_CATALOGUE, matrix, { ...options, sitePlans: emptied })).toThrowError(expect.objectContaining({ code: 'E_MATRIX' }));
    expect(() => fillCoverageRows(grid, sites, AIRCRAFT_CATALOGUE, matrix, { ...options, period: 'night', sitePlans })).toThrowError(
      expect.objectContaining({ code: 'E_OPTION', where: { field: 'sitePlans' } }),
    );
    const firstTen = countCoverageShard(grid, sites, AIRCRAFT_CATALOGUE, { ...options, siteEnd: 10 }).sitePlans;
    expect(() => fillCoverageRows(grid, sites, AIRCRAFT_CATALOGUE, matrix, { ...options, siteStart: 5, siteEnd: 12, firstRow: 5, sitePlans: firstTen })).toThrowError(
      expect.objectContaining({ code: 'E_OPTION', where: { field: 'sitePlans' } }),
    );
    fillCoverageRows(grid, sites, AIRCRAFT_CATALOGUE, matrix, { ...options, sitePlans });
    expect(Buffer.from(new Uint8Array(matrix.data)).equals(Buffer.from(new Uint8Array(buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, options).data)))).toBe(true);
  });

  it('refuses to fill rows counted with other options (E_MATRIX) or a shard outside the matrix (E_OPTION)', () => {
    const lengths = countCoverageRows(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60 });
    const matrix = CoverageMatrix.withRowLengths(lengths, grid.cellCount, 90);
    // Counted at 60 minutes, filled at 90: the rows are too short for what the sites cover.
    expect(() => fillCoverageRows(grid, sites, AIRCRAFT_CATALOGUE, matrix, { maxMinutes: 90 })).toThrowError(expect.objectContaining({ code: 'E_MATRIX' }));
    expect(() => fillCoverageRows(grid, sites, AIRCRAFT_CATALOGUE, matrix, { maxMinutes: 90, siteStart: 2, firstRow: 3 })).toThrowError(
      expect.objectContaining({ code: 'E_OPTION', where: { field: 'firstRow' } }),
    );
    // Rows that fit, but a matrix built for another standard: the error names the matrix.
    expect(() => fillCoverageRows(grid, sites, AIRCRAFT_CATALOGUE, matrix, { maxMinutes: 60 })).toThrowError(expect.objectContaining({ code: 'E_OPTION', where: { field: 'matrix' } }));
  });

  it('builds into a reused buffer (an earlier matrix, a resizable buffer grown and shrunk) the bytes of a fresh build, and refuses one too small (E_BUFFER_SIZE)', () => {
    const cellIndex = buildCellIndex(grid);
    const fresh = (options: { maxMinutes: number; period: Period }) => Buffer.from(buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { ...options, cellIndex }).data as ArrayBuffer);
    // Garbage in the buffer first: nothing of an earlier content may leak into the new matrix.
    const buffer = CoverageMatrix.reusableBuffer(fresh({ maxMinutes: 120, period: 'day' }).length);
    const resizable = buffer as ArrayBuffer & { resize(n: number): void; maxByteLength: number };
    resizable.resize(resizable.maxByteLength);
    new Uint8Array(buffer).fill(0xa5);
    // Largest first, then smaller (the buffer shrinks), then larger again (it grows back).
    for (const options of [{ maxMinutes: 120, period: 'day' as const }, { maxMinutes: 30, period: 'night' as const }, { maxMinutes: 90, period: 'day' as const }]) {
      const built = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { ...options, cellIndex, into: buffer });
      expect(built.data).toBe(buffer);
      expect(Buffer.from(built.data as ArrayBuffer).equals(fresh(options))).toBe(true);
      expect(Buffer.from(CoverageMatrix.from(built.data).data as ArrayBuffer).equals(fresh(options))).toBe(true);
    }
    // An earlier matrix of exactly the size (fixed length) is reused too, given as the matrix.
    const previous = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60, cellIndex });
    new Uint8Array(previous.data).fill(0x5a, 32);
    const rebuilt = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60, cellIndex, into: previous });
    expect(rebuilt.data).toBe(previous.data);
    expect(Buffer.from(rebuilt.data as ArrayBuffer).equals(fresh({ maxMinutes: 60, period: 'day' }))).toBe(true);
    // Too small: a resizable buffer without the room, a fixed one of another length.
    const small = errorOf(() => buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 120, cellIndex, into: CoverageMatrix.reusableBuffer(1024) }));
    expect(small).toMatchObject({ code: 'E_BUFFER_SIZE', where: { field: 'into' } });
    expect(small.expected).toMatch(/maxByteLength of at least \d+ bytes/);
    expect(errorOf(() => buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 120, cellIndex, into: previous })).code).toBe('E_BUFFER_SIZE');
    expect(errorOf(() => buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 120, cellIndex, into: new SharedArrayBuffer(64) as unknown as ArrayBuffer })).code).toBe('E_OPTION');
    expect(errorOf(() => CoverageMatrix.reusableBuffer(-1)).code).toBe('E_OPTION');
  });

  it('gives a site whose fleet cannot fly in the period an empty row', () => {
    const site: Site = { id: 'A', name: 'A', latDeg: 41, lngDeg: 123, role: 'candidate', fleet: [{ aircraftTypeId: 'AC311A', count: 1 }] };
    expect(buildCoverage(grid, [site], AIRCRAFT_CATALOGUE, { period: 'night' }).pairCount).toBe(0);
    expect(buildCoverage(grid, [site], AIRCRAFT_CATALOGUE, { period: 'day' }).pairCount).toBeGreaterThan(0);
  });
});

describe('buildCoverage input errors', () => {
  const grid = randomGrid(1, 50, liaoningBox);
  const good: Site = { id: 'OK', name: 'ok', latDeg: 41, lngDeg: 123, role: 'existing', fleet: [{ aircraftTypeId: 'H135', count: 1 }] };

  it('E_SITE names the site index and id for coordinates out of range', () => {
    const error = errorOf(() => buildCoverage(grid, [good, { ...good, id: 'BAD', latDeg: 123, lngDeg: 41 }], AIRCRAFT_CATALOGUE));
    expect(error.code).toBe('E_SITE');
    expect(error.message).toMatch(/site 1 \("BAD"\)/);
    expect(error.where.field).toBe('sites/1/latDeg');
    expect(errorOf(() => buildCoverage(grid, [{ ...good, lngDeg: Number.NaN }], AIRCRAFT_CATALOGUE)).code).toBe('E_SITE');
  });

  it('E_SITE for an impossible aircraft count, E_AIRCRAFT for an unknown or impossible type', () => {
    expect(errorOf(() => buildCoverage(grid, [{ ...good, fleet: [{ aircraftTypeId: 'H135', count: -1 }] }], AIRCRAFT_CATALOGUE)).code).toBe('E_SITE');
    const unknown = errorOf(() => buildCoverage(grid, [{ ...good, fleet: [{ aircraftTypeId: 'EC999', count: 1 }] }], AIRCRAFT_CATALOGUE));
    expect(unknown.code).toBe('E_AIRCRAFT');
    expect(unknown.where.field).toBe('sites/0/fleet/0/aircraftTypeId');
    const slow = { H135: { ...AIRCRAFT_CATALOGUE.H135, cruiseSpeedKmh: 0 } };
    expect(errorOf(() => buildCoverage(grid, [good], slow)).code).toBe('E_AIRCRAFT');
  });

  it.each([
    [{ maxMinutes: 0 }],
    [{ maxMinutes: -5 }],
    [{ maxMinutes: Number.NaN }],
    [{ period: 'dusk' as Period }],
    [{ siteStart: 2 }],
    [{ siteEnd: 5 }],
    [{ refuelPoints: [{ latDeg: 95, lngDeg: 0 }] }],
  ])('E_OPTION for %o', (options) => {
    expect(errorOf(() => buildCoverage(grid, [good], AIRCRAFT_CATALOGUE, options)).code).toBe('E_OPTION');
  });

  it('E_COORDINATE for a grid cell centre out of range; an empty grid gives an empty matrix', () => {
    const bad = { cellCount: 2, latDeg: Float64Array.of(41, Number.NaN), lngDeg: Float64Array.of(123, 123) };
    const error = errorOf(() => buildCoverage(bad, [good], AIRCRAFT_CATALOGUE));
    expect(error.code).toBe('E_COORDINATE');
    expect(error.where.row).toBe(1);
    const empty = buildCoverage({ cellCount: 0, latDeg: new Float64Array(0), lngDeg: new Float64Array(0) }, [good], AIRCRAFT_CATALOGUE);
    expect([empty.siteCount, empty.cellCount, empty.pairCount]).toEqual([1, 0, 0]);
  });

  it('E_OPTION for a cell index of another grid', () => {
    const other = buildCellIndex(randomGrid(2, 10, liaoningBox));
    expect(errorOf(() => buildCoverage(grid, [good], AIRCRAFT_CATALOGUE, { cellIndex: other })).code).toBe('E_OPTION');
  });
});
