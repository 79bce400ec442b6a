import { AirreachError } from '../errors.js';
import type { DemandGrid } from '../grid/demandGrid.js';
import type { AircraftType, Period, RefuelPoint, Site } from '../travel/aircraft.js';
import { earthRadiusKm } from '../units.js';
import { unitChordKm, unitVector } from '../travel/greatCircleKm.js';
import { activationMinutes } from '../travel/responseMinutes.js';
import { usableRangeKm } from '../travel/isWithinRange.js';
import { maxReachKm } from '../travel/maxReachKm.js';
import { resolveAircraft } from '../travel/resolveAircraft.js';
import { validateAircraftType } from '../travel/validateAircraftType.js';
import { CoverageMatrix } from './coverageMatrix.js';
import { buildCellIndex, type CellIndex } from './buildCellIndex.js';

/** Options of {@link buildCoverage}. */
export interface BuildCoverageOptions {
  /** The largest standard, minutes: pairs slower than this are not stored. Must be > 0. */
  maxMinutes?: number;
  /** Day or night: at night only night-capable types fly, with their night activation. */
  period?: Period;
  /** Refuelling points; with none, every aircraft must fly back to its base (see `isWithinRange`). */
  refuelPoints?: readonly RefuelPoint[];
  /** First site of the shard to build (inclusive). */
  siteStart?: number;
  /** End of the shard (exclusive); `undefined` means up to the last site. */
  siteEnd?: number;
  /** A prebuilt {@link buildCellIndex} of the same grid, reused across shards and periods. */
  cellIndex?: CellIndex;
}

/** Defaults of {@link buildCoverage}: the 2-hour provincial standard, by day, every site. */
export const DEFAULT_COVERAGE_OPTIONS: {
  maxMinutes: number;
  period: Period;
  refuelPoints: readonly RefuelPoint[];
  siteStart: number;
  siteEnd: number | undefined;
  cellIndex: CellIndex | undefined;
} = {
  maxMinutes: 120,
  period: 'day',
  refuelPoints: [],
  siteStart: 0,
  siteEnd: undefined,
  cellIndex: undefined,
};

const degreesPerRadian = 180 / Math.PI;
// Widening of the search cap and box. Pairs inside are decided by their exact minutes, so a
// margin only costs a few extra exact tests; it absorbs the rounding of sin/asin near the rim.
const capMarginRadians = 1e-9;
const boxMarginDegrees = 1e-7;

/**
 * Builds the coverage matrix: for every site (of the shard), the cells whose fastest response
 * from that site is within `maxMinutes`, with those minutes.
 *
 * Per site: the fleet's types that fly in the period give a search radius (the largest
 * {@link maxReachKm}); the kdbush tree of cell centres is walked with the radius's lat/lng
 * bounding box (split in two across ±180°, widened to all longitudes when the cap holds a pole);
 * each candidate is tested exactly against the spherical cap with a chord comparison on
 * precomputed unit vectors; only kept cells get their distance (`2R·asin(chord/2)`), the range
 * rule and the response minutes of every type. A pair is stored when its fastest minutes are
 * `≤ maxMinutes`, decided in float64 (a cell exactly at the standard is covered); minutes are
 * stored as float32. No all-pairs loop.
 *
 * Rows list cells in kd-tree order: deterministic for the same grid, not ascending. Shards
 * `[0, k)` and `[k, n)` joined with `CoverageMatrix.concat` are byte-identical to the full build.
 * Only the shard's sites are validated: `E_SITE` (coordinates, fleet counts) naming the site
 * index and id, `E_AIRCRAFT` (unknown or impossible types), `E_OPTION` (bad options).
 *
 * @example
 * const matrix = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 120, period: 'day' });
 * matrix.minutesAt(0, 1234); // minutes from site 0 to cell 1234, or Infinity beyond 120
 */
export function buildCoverage(
  grid: Pick<DemandGrid, 'cellCount' | 'latDeg' | 'lngDeg'>,
  sites: readonly Site[],
  aircraftById: Readonly<Record<string, AircraftType>>,
  options: BuildCoverageOptions = {},
): CoverageMatrix {
  const settings = { ...DEFAULT_COVERAGE_OPTIONS, ...withoutUndefined(options) };
  const { maxMinutes, period, refuelPoints, siteStart } = settings;
  const siteEnd = settings.siteEnd ?? sites.length;
  validateOptions(maxMinutes, period, siteStart, siteEnd, sites.length, refuelPoints);
  const cellIndex = settings.cellIndex ?? buildCellIndex(grid);
  if (cellIndex.cellCount !== grid.cellCount) {
    throw new AirreachError('E_OPTION', 'the cell index was built for another grid', {
      value: cellIndex.cellCount,
      where: { field: 'cellIndex' },
      expected: `an index of ${grid.cellCount} cells (buildCellIndex(grid))`,
    });
  }
  const refuelLegKm = refuelLegsKm(cellIndex, refuelPoints);
  const withRefuelling = refuelPoints.length > 0;

  const siteCount = siteEnd - siteStart;
  const rowLengths = new Uint32Array(siteCount);
  const pairs = new PairChunks(Math.min(chunkPairs, Math.max(1024, grid.cellCount * siteCount)));
  const scratchCells = new Uint32Array(grid.cellCount);
  const scratchMinutes = new Float32Array(grid.cellCount);
  // Kd position ranges of one box walk: at most one leaf or middle item per cell.
  const ranges = new Int32Array(2 * grid.cellCount + 2);
  const checkedTypes = new Set<string>();
  for (let s = siteStart; s < siteEnd; s++) {
    const fleet = siteFleet(sites[s], s, aircraftById, period, maxMinutes, withRefuelling, checkedTypes);
    const count =
      fleet === null
        ? 0
        : fillRow(sites[s], fleet, maxMinutes, cellIndex, refuelLegKm, ranges, scratchCells, scratchMinutes);
    rowLengths[s - siteStart] = count;
    pairs.append(scratchCells, scratchMinutes, count);
  }
  const matrix = CoverageMatrix.allocate(siteCount, grid.cellCount, pairs.total, maxMinutes);
  let offset = 0;
  for (let s = 0; s < siteCount; s++) {
    matrix.offsets[s] = offset;
    offset += rowLengths[s];
  }
  matrix.offsets[siteCount] = offset;
  pairs.copyInto(matrix.cells, matrix.minutes);
  return matrix;
}

// Rows are collected in chunks of this many pairs (32 MiB) rather than one typed array per
// site: a few large allocations instead of one per site keep V8's external-memory GC quiet, and
// the peak stays at about the pairs once in chunks plus once in the packed matrix.
const chunkPairs = 1 << 22;

class PairChunks {
  private readonly cells: Uint32Array[] = [];
  private readonly minutes: Float32Array[] = [];
  private used = 0;
  total = 0;

  constructor(private readonly chunkSize: number) {}

  append(cells: Uint32Array, minutes: Float32Array, count: number): void {
    let from = 0;
    while (from < count) {
      if (this.cells.length === 0 || this.used === this.chunkSize) {
        this.cells.push(new Uint32Array(this.chunkSize));
        this.minutes.push(new Float32Array(this.chunkSize));
        this.used = 0;
      }
      const n = Math.min(count - from, this.chunkSize - this.used);
      this.cells[this.cells.length - 1].set(cells.subarray(from, from + n), this.used);
      this.minutes[this.minutes.length - 1].set(minutes.subarray(from, from + n), this.used);
      this.used += n;
      this.total += n;
      from += n;
    }
  }

  copyInto(cells: Uint32Array, minutes: Float32Array): void {
    for (let k = 0; k < this.cells.length; k++) {
      const length = k === this.cells.length - 1 ? this.used : this.chunkSize;
      cells.set(this.cells[k].subarray(0, length), k * this.chunkSize);
      minutes.set(this.minutes[k].subarray(0, length), k * this.chunkSize);
    }
  }
}

/** The per-type figures the inner loop needs, as flat arrays (one entry per usable fleet type). */
interface SiteFleet {
  activation: Float64Array;
  speedKmh: Float64Array;
  fixedMinutes: Float64Array;
  usableKm: Float64Array;
  reachKm: number;
}

function siteFleet(
  site: Site,
  s: number,
  aircraftById: Readonly<Record<string, AircraftType>>,
  period: Period,
  maxMinutes: number,
  withRefuelling: boolean,
  checkedTypes: Set<string>,
): SiteFleet | null {
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
  let reachKm = -Infinity;
  for (const aircraft of types) reachKm = Math.max(reachKm, maxReachKm(aircraft, period, maxMinutes, { withRefuelling }));
  if (!(reachKm >= 0)) return null;
  return {
    activation: Float64Array.from(types, (a) => activationMinutes(a, period)),
    speedKmh: Float64Array.from(types, (a) => a.cruiseSpeedKmh),
    fixedMinutes: Float64Array.from(types, (a) => a.fixedMinutes),
    usableKm: Float64Array.from(types, (a) => usableRangeKm(a)),
    reachKm,
  };
}

/**
 * Writes one site's covered cells into the scratch arrays; returns how many. The kd walk yields
 * ranges of kd positions; the exact test then scans them, reading the kd-ordered coordinates and
 * unit vectors sequentially.
 */
function fillRow(
  site: Site,
  fleet: SiteFleet,
  maxMinutes: number,
  cellIndex: CellIndex,
  refuelLegKm: Float64Array,
  ranges: Int32Array,
  outCells: Uint32Array,
  outMinutes: Float32Array,
): number {
  const [sx, sy, sz] = unitVector(site.latDeg, site.lngDeg);
  const capRadians = Math.min(fleet.reachKm / earthRadiusKm + capMarginRadians, Math.PI);
  // Chord of the cap: comparing squared chords from coordinate differences is the exact
  // "within R km" test of dot ≥ cos(R/6371.0088), without the cancellation of 1 − dot for
  // short distances, and the chord is reused for the distance.
  const maxChord = 2 * Math.sin(capRadians / 2);
  const maxChordSquared = maxChord * maxChord * (1 + 1e-12);

  const unit = cellIndex.unitXyz;
  const positions = cellIndex.kdbush.coords as Float64Array;
  const ids = cellIndex.kdbush.ids;
  const { activation, speedKmh, fixedMinutes, usableKm } = fleet;
  const typeCount = activation.length;
  const refuelling = refuelLegKm.length > 0;
  let count = 0;
  const boxes = searchBoxes(site.latDeg, site.lngDeg, capRadians);
  // With one box the cap test alone decides; the box test only keeps the two halves of a box
  // split at ±180° from both taking a cell of a leaf they share.
  const splitBoxes = boxes.length > 1;
  for (const [minX, minY, maxX, maxY] of boxes) {
    const rangeCount = walkBox(cellIndex, minX, minY, maxX, maxY, ranges);
    for (let r = 0; r < rangeCount; r += 2) {
      for (let i = ranges[r], end = ranges[r + 1]; i <= end; i++) {
        if (splitBoxes) {
          const x = positions[2 * i];
          const y = positions[2 * i + 1];
          if (x < minX || x > maxX || y < minY || y > maxY) continue;
        }
        const dx = sx - unit[3 * i];
        const dy = sy - unit[3 * i + 1];
        const dz = sz - unit[3 * i + 2];
        const chordSquared = dx * dx + dy * dy + dz * dz;
        if (chordSquared > maxChordSquared) continue;
        // The same arithmetic as `unitChordKm`, on the chord already at hand.
        const halfChord = Math.sqrt(chordSquared) / 2;
        const distanceKm = 2 * earthRadiusKm * Math.asin(halfChord < 1 ? halfChord : 1);
        const legKm = refuelling ? Math.min(distanceKm, refuelLegKm[i]) : distanceKm;
        let best = Infinity;
        for (let t = 0; t < typeCount; t++) {
          // The range rule and response minutes exactly as `isWithinRange` and `responseMinutes`.
          if (distanceKm + legKm > usableKm[t]) continue;
          const minutes = activation[t] + (distanceKm / speedKmh[t]) * 60 + fixedMinutes[t];
          if (minutes < best) best = minutes;
        }
        if (best <= maxMinutes) {
          outCells[count] = ids[i];
          outMinutes[count] = best;
          count++;
        }
      }
    }
  }
  return count;
}

// Explicit stack of the kd walk (left, right, axis triples); depth is log2(cells / node size).
const walkStack = new Int32Array(3 * 64);

/**
 * kdbush's own `range` traversal (same tree layout, public `coords`), but it returns the kd
 * position ranges `[left, right]` (pairs in `out`) that may hold cells in the box instead of the
 * cells themselves: the caller then scans contiguous memory. Returns the used length of `out`.
 */
function walkBox(cellIndex: CellIndex, minX: number, minY: number, maxX: number, maxY: number, out: Int32Array): number {
  const { coords, nodeSize } = cellIndex.kdbush;
  const positions = coords as Float64Array;
  let count = 0;
  let sp = 0;
  walkStack[sp++] = 0;
  walkStack[sp++] = cellIndex.cellCount - 1;
  walkStack[sp++] = 0;
  while (sp > 0) {
    const axis = walkStack[--sp];
    const right = walkStack[--sp];
    const left = walkStack[--sp];
    if (right - left <= nodeSize) {
      if (left <= right) {
        out[count++] = left;
        out[count++] = right;
      }
      continue;
    }
    const m = (left + right) >> 1;
    const x = positions[2 * m];
    const y = positions[2 * m + 1];
    if (x >= minX && x <= maxX && y >= minY && y <= maxY) {
      out[count++] = m;
      out[count++] = m;
    }
    if (axis === 0 ? minX <= x : minY <= y) {
      walkStack[sp++] = left;
      walkStack[sp++] = m - 1;
      walkStack[sp++] = 1 - axis;
    }
    if (axis === 0 ? maxX >= x : maxY >= y) {
      walkStack[sp++] = m + 1;
      walkStack[sp++] = right;
      walkStack[sp++] = 1 - axis;
    }
  }
  return count;
}

/**
 * Lat/lng boxes (minLng, minLat, maxLng, maxLat) covering the spherical cap of `capRadians`
 * around a point. The longitude half-width of a cap that holds no pole is
 * `asin(sin θ / cos φ)`; a cap over a pole spans every longitude; a box over ±180° is split.
 */
function searchBoxes(latDeg: number, lngDeg: number, capRadians: number): Array<[number, number, number, number]> {
  const capDegrees = capRadians * degreesPerRadian + boxMarginDegrees;
  const minLat = latDeg - capDegrees;
  const maxLat = latDeg + capDegrees;
  const sinCap = Math.sin(capRadians);
  const cosLat = Math.cos(latDeg / degreesPerRadian);
  if (maxLat >= 90 || minLat <= -90 || capRadians >= Math.PI / 2 || sinCap >= cosLat) {
    return [[-180, Math.max(minLat, -90), 180, Math.min(maxLat, 90)]];
  }
  const halfWidth = Math.asin(sinCap / cosLat) * degreesPerRadian + boxMarginDegrees;
  const west = lngDeg - halfWidth;
  const east = lngDeg + halfWidth;
  if (west < -180) return [[-180, minLat, east, maxLat], [west + 360, minLat, 180, maxLat]];
  if (east > 180) return [[-180, minLat, east - 360, maxLat], [west, minLat, 180, maxLat]];
  return [[west, minLat, east, maxLat]];
}

/** Distance, km, from each cell (kd order) to its nearest refuelling point; an empty array when there are none. */
function refuelLegsKm(cellIndex: CellIndex, refuelPoints: readonly RefuelPoint[]): Float64Array {
  if (refuelPoints.length === 0) return new Float64Array(0);
  const unit = cellIndex.unitXyz;
  const legs = new Float64Array(unit.length / 3).fill(Infinity);
  // Refuelling points are few (airfields, depots): a plain scan per point is cheaper than an index.
  for (const point of refuelPoints) {
    const [px, py, pz] = unitVector(point.latDeg, point.lngDeg);
    for (let i = 0; i < legs.length; i++) {
      const km = unitChordKm(px, py, pz, unit[3 * i], unit[3 * i + 1], unit[3 * i + 2]);
      if (km < legs[i]) legs[i] = km;
    }
  }
  return legs;
}

function validateSite(site: Site, s: number): void {
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

function validateOptions(
  maxMinutes: number,
  period: Period,
  siteStart: number,
  siteEnd: number,
  siteTotal: number,
  refuelPoints: readonly RefuelPoint[],
): void {
  if (typeof maxMinutes !== 'number' || !Number.isFinite(maxMinutes) || maxMinutes <= 0) {
    throw new AirreachError('E_OPTION', 'maxMinutes must be a finite number of minutes > 0', { value: maxMinutes, where: { field: 'maxMinutes' }, expected: 'e.g. 120' });
  }
  if (period !== 'day' && period !== 'night') {
    throw new AirreachError('E_OPTION', 'period must be "day" or "night"', { value: period, where: { field: 'period' } });
  }
  if (!Number.isInteger(siteStart) || !Number.isInteger(siteEnd) || siteStart < 0 || siteStart > siteEnd || siteEnd > siteTotal) {
    throw new AirreachError('E_OPTION', 'the site shard is outside the site list', {
      value: { siteStart, siteEnd },
      where: { field: 'siteStart/siteEnd' },
      expected: `integers with 0 ≤ siteStart ≤ siteEnd ≤ ${siteTotal}`,
    });
  }
  refuelPoints.forEach((point, r) => {
    if (!(point?.latDeg >= -90 && point.latDeg <= 90 && point.lngDeg >= -180 && point.lngDeg <= 180)) {
      throw new AirreachError('E_OPTION', `refuelling point ${r} has coordinates out of range`, {
        value: point,
        where: { field: `refuelPoints/${r}` },
        expected: 'latDeg in −90…90 and lngDeg in −180…180',
      });
    }
  });
}

function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
