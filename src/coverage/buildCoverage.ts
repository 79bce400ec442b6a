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
import { bandOf, buildCellIndex, largestBand, lngKeyOf, type CellBands, type CellIndex } from './buildCellIndex.js';
import { ASIN_SMALL_MAX_X, asinSmall } from './asinSmall.js';
import { fillKernelFor, type FillKernel } from './fillKernelFor.js';
import { encodeSitePlans, sitePlansOf, type SitePlan, type SitePlanTable } from './sitePlanTable.js';
import { resolveOptions } from '../resolveOptions.js';
import { isSharedArrayBuffer } from '../isSharedArrayBuffer.js';

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
  /**
   * Fill the inner runs with the WebAssembly SIMD kernel ({@link fillKernelFor}) where the
   * runtime has one; `false` fills in JavaScript. The bytes out are the same either way.
   */
  wasm?: boolean;
}

/** Defaults of {@link buildCoverage}: the 2-hour provincial standard, by day, every site. */
export const DEFAULT_COVERAGE_OPTIONS: {
  maxMinutes: number;
  period: Period;
  refuelPoints: readonly RefuelPoint[];
  siteStart: number;
  siteEnd: number | undefined;
  cellIndex: CellIndex | undefined;
  wasm: boolean;
} = {
  maxMinutes: 120,
  period: 'day',
  refuelPoints: [],
  siteStart: 0,
  siteEnd: undefined,
  cellIndex: undefined,
  wasm: true,
};

const degreesPerRadian = 180 / Math.PI;
// Widening of the search cap and of its band windows. Pairs inside are decided by their exact
// minutes, so a margin only costs a few extra exact tests; it absorbs the rounding of sin/asin
// near the rim.
const capMarginRadians = 1e-9;
const boxMarginDegrees = 1e-7;
// Margins of the inner runs of `capSlices`: band edges widened, the half-width narrowed.
const innerEdgeMarginDegrees = 1e-9;
const innerWidthMarginDegrees = 1e-5;

/**
 * Builds the coverage matrix: for every site (of the shard), the cells whose fastest response
 * from that site is within `maxMinutes`, with those minutes.
 *
 * Per site: the fleet's types that fly in the period give a search radius (the largest
 * {@link maxReachKm}); the cap of that radius is cut into the index's latitude bands
 * (`CellIndex.bands`: 0.05° bands, each sorted by longitude), and per band a binary search
 * finds the slice of the cap's longitude window at that band (split in two across ±180°, the
 * whole band when the cap holds a pole). Slices are scanned band by band for all sites
 * together, so a band's unit vectors are read from the cache by every site that reaches it.
 * The middle run of a slice lies inside the sure cap by construction (see {@link capSlices}):
 * the count takes its length, the fill computes its minutes without tests. Elsewhere each
 * candidate costs one squared chord
 * `dx² + dy² + dz²` (no trigonometry), compared with two per-site thresholds:
 *
 * - inside the **sure** chord (the largest reach shrunk by 1e-9) every cell is covered: its
 *   distance comes from an odd polynomial for `asin` ({@link asinSmall}, for chords up to 0.1,
 *   about 637 km) and its minutes from one `base + chord·k` when one type is fastest at every
 *   distance and allowed wherever another is (detected per site: {@link dominantType}), else
 *   from the minimum over the allowed types;
 * - between the sure chord and the search chord the pair is decided by the reference arithmetic
 *   (`Math.asin`, the range rule and every type's minutes, exactly as `unitChordKm`,
 *   `isWithinRange` and `responseMinutes` compute them), so a cell exactly at the standard is
 *   covered (`≤`, in float64); so are all pairs when refuelling points are given and no type
 *   dominates;
 * - beyond the search chord nothing is covered.
 *
 * Stored minutes are float32 and equal `Math.fround` of the reference minutes bit for bit: a fast
 * pair whose polynomial minutes lie within `maxMinutes·2⁻⁴⁰` of a float32 rounding boundary (or
 * whose distance lies that close to a range limit) is recomputed by the reference arithmetic;
 * the fast path is within `4e-15` relative of it (see {@link asinSmall}), 250 times inside that
 * margin. About 1 fast pair in 30,000 is recomputed.
 *
 * Two passes over the same candidates: the first counts each row, the second writes straight
 * into the packed matrix, so pairs are never copied and the build's peak memory is the matrix
 * itself (plus the index). The passes are public as {@link countCoverageRows} and
 * {@link fillCoverageRows}, for builds split over threads. Rows list cells in band order (bands south to north, each west to
 * east, i.e. ascending position in `bands`): deterministic for the same grid, not ascending by
 * cell. Shards `[0, k)` and `[k, n)` joined with `CoverageMatrix.concat` are byte-identical to
 * the full build. Only the shard's sites are validated: `E_SITE` (coordinates, fleet counts)
 * naming the site index and id, `E_AIRCRAFT` (unknown or impossible types), `E_OPTION` (bad
 * options).
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
  const build = prepareBuild(grid, sites, aircraftById, options);
  const matrix = CoverageMatrix.withRowLengths(countRows(build), grid.cellCount, build.maxMinutes);
  fillRows(build, matrix, 0);
  return matrix;
}

/**
 * The first pass of {@link buildCoverage} alone: how many cells each site of the shard
 * `[siteStart, siteEnd)` covers (its row length), without writing any pair. With
 * {@link fillCoverageRows} it lets several threads write their shards straight into one shared
 * matrix: count every shard, allocate the matrix once with those row lengths, then fill.
 *
 * @example
 * const lengths = countCoverageRows(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60, siteStart: 0, siteEnd: 10 });
 * lengths.length; // 10
 */
export function countCoverageRows(
  grid: Pick<DemandGrid, 'cellCount' | 'latDeg' | 'lngDeg'>,
  sites: readonly Site[],
  aircraftById: Readonly<Record<string, AircraftType>>,
  options: BuildCoverageOptions = {},
): Uint32Array {
  return Uint32Array.from(countRows(prepareBuild(grid, sites, aircraftById, options)));
}

/**
 * {@link countCoverageRows} that also returns the shard's site plans as plain data
 * ({@link SitePlanTable}): a fill given them ({@link fillCoverageRows}' `sitePlans`) skips
 * working out each site's plan again, about a third of a count pass. For builds split over
 * threads: the engine joins the count shards' tables (`joinSitePlanTables`) for its fill shards.
 *
 * @example
 * const { rowLengths, sitePlans } = countCoverageShard(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60 });
 * const matrix = CoverageMatrix.withRowLengths(rowLengths, grid.cellCount, 60);
 * fillCoverageRows(grid, sites, AIRCRAFT_CATALOGUE, matrix, { maxMinutes: 60, sitePlans });
 */
export function countCoverageShard(
  grid: Pick<DemandGrid, 'cellCount' | 'latDeg' | 'lngDeg'>,
  sites: readonly Site[],
  aircraftById: Readonly<Record<string, AircraftType>>,
  options: BuildCoverageOptions = {},
): { rowLengths: Uint32Array; sitePlans: SitePlanTable } {
  const build = prepareBuild(grid, sites, aircraftById, options);
  return { rowLengths: Uint32Array.from(countRows(build)), sitePlans: encodeSitePlans(build.plans, build.siteStart, build.table) };
}

/**
 * The second pass of {@link buildCoverage} alone: writes the rows of the shard
 * `[siteStart, siteEnd)` into `matrix`, site `s` into row `s − siteStart + firstRow`, at the
 * places its `offsets` give (filled beforehand from {@link countCoverageRows}, same options).
 * Nothing else of the matrix is touched, so shards may fill one `SharedArrayBuffer` matrix from
 * several threads at once; the bytes are those of `buildCoverage` whatever the sharding.
 * `E_MATRIX` when the offsets do not match what the shard writes (a count from other options).
 * With `sitePlans` (from {@link countCoverageShard} on the same grid, sites and options, for at
 * least the shard's sites) the sites are neither validated nor planned again; plans of another
 * standard, period, grid or site range are refused (`E_OPTION`).
 *
 * @example
 * const lengths = countCoverageRows(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60 });
 * const matrix = CoverageMatrix.withRowLengths(lengths, grid.cellCount, 60);
 * fillCoverageRows(grid, sites, AIRCRAFT_CATALOGUE, matrix, { maxMinutes: 60 });
 */
export function fillCoverageRows(
  grid: Pick<DemandGrid, 'cellCount' | 'latDeg' | 'lngDeg'>,
  sites: readonly Site[],
  aircraftById: Readonly<Record<string, AircraftType>>,
  matrix: CoverageMatrix,
  options: BuildCoverageOptions & { firstRow?: number; sitePlans?: SitePlanTable } = {},
): void {
  const build = prepareBuild(grid, sites, aircraftById, options);
  const firstRow = options.firstRow ?? 0;
  const rowsFit = Number.isInteger(firstRow) && firstRow >= 0 && firstRow + build.siteCount <= matrix.siteCount;
  if (!rowsFit || matrix.cellCount !== grid.cellCount || matrix.maxMinutes !== build.maxMinutes) {
    throw new AirreachError('E_OPTION', 'the shard does not fit the coverage matrix', {
      value: { firstRow, shardSites: build.siteCount, matrixSites: matrix.siteCount, matrixCells: matrix.cellCount, matrixMaxMinutes: matrix.maxMinutes },
      // Name what does not fit: the rows, or the matrix itself (another grid or standard).
      where: { field: rowsFit ? 'matrix' : 'firstRow' },
      expected: `rows ${firstRow}…${firstRow + build.siteCount - 1} inside a matrix of ${grid.cellCount} cells built with maxMinutes ${build.maxMinutes}`,
    });
  }
  fillRows(build, matrix, firstRow);
}

/** Everything the two passes need about a shard: validated options, one plan per site, the scan tiles. */
interface PreparedBuild {
  siteStart: number;
  siteCount: number;
  maxMinutes: number;
  plans: Array<SitePlan | null>;
  scan: ScanContext;
  tiles: BandTiles;
  bands: CellBands;
  /** Whether the fill may use the WebAssembly kernel (`BuildCoverageOptions.wasm`). */
  wasm: boolean;
  /** The options a {@link SitePlanTable} of this build records. */
  table: { maxMinutes: number; period: Period; refuelPointCount: number; cellCount: number };
}

function prepareBuild(
  grid: Pick<DemandGrid, 'cellCount' | 'latDeg' | 'lngDeg'>,
  sites: readonly Site[],
  aircraftById: Readonly<Record<string, AircraftType>>,
  options: BuildCoverageOptions & { sitePlans?: SitePlanTable },
): PreparedBuild {
  const settings = resolveOptions(DEFAULT_COVERAGE_OPTIONS, options);
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
  const { bands } = cellIndex;
  const table = { maxMinutes, period, refuelPointCount: refuelPoints.length, cellCount: grid.cellCount };
  let plans: Array<SitePlan | null>;
  if (options.sitePlans !== undefined) {
    // Counted by the same build: its sites were validated and planned there.
    plans = sitePlansOf(options.sitePlans, siteStart, siteEnd, table);
  } else {
    const checkedTypes = new Set<string>();
    plans = [];
    for (let s = siteStart; s < siteEnd; s++) {
      plans.push(sitePlan(sites[s], s, aircraftById, period, maxMinutes, refuelPoints.length > 0, checkedTypes, bands));
    }
  }
  const longestSlice = largestBand(bands);
  const scan: ScanContext = {
    unit: bands.unitXyz,
    ids: bands.ids,
    refuelLegKm: refuelLegsKm(bands, refuelPoints),
    maxMinutes,
    minutesEpsilon: maxMinutes * fastMarginRelative,
    fixAt: new Int32Array(longestSlice),
    fixPosition: new Int32Array(longestSlice),
    // Set by `fillRows`: counting needs neither.
    kernel: null,
    idsOneOn: null,
  };
  return { siteStart, siteCount: siteEnd - siteStart, maxMinutes, plans, scan, tiles: bandTiles(plans, bands), bands, wasm: settings.wasm, table };
}

// Both passes go band by band (see `bandTiles`), so a band's centres are read from the cache by
// every site that reaches it; each row still lists its cells in band order, as a per-site scan
// would. Each pass walks the tiles in its own loop: one walker taking the pass as a callback saw
// two call targets, and V8's deoptimisation of it made the fill pass up to 50 % slower from the
// third build on.
function countRows(build: PreparedBuild): Float64Array {
  const { plans, scan } = build;
  const { work } = build.tiles;
  const rowLengths = new Float64Array(build.siteCount);
  for (let k = 0; k < work.length; k += SLICE_FIELDS) {
    const s = work[k];
    const plan = plans[s] as SitePlan;
    // Cells of the inner run lie inside the sure cap by construction (see `capSlices`): only
    // the two ends of the slice need their chords.
    rowLengths[s] += work[k + 4] - work[k + 3] + countRange(plan, scan, work[k + 1], work[k + 3]) + countRange(plan, scan, work[k + 4], work[k + 2]);
  }
  return rowLengths;
}

/** Writes the shard's rows at their final place in `matrix` (rows from `firstRow` on). */
function fillRows(build: PreparedBuild, matrix: CoverageMatrix, firstRow: number): void {
  const { plans, siteCount, siteStart } = build;
  const { offsets, cells, minutes } = matrix;
  const scan: ScanContext = {
    ...build.scan,
    kernel: build.wasm ? fillKernelFor(build.bands) : null,
    idsOneOn: isSharedArrayBuffer(matrix.data) ? idsOneOnFor(build.bands.ids) : null,
  };
  const cursors = Float64Array.from(offsets.subarray(firstRow, firstRow + siteCount));
  const { work } = build.tiles;
  for (let k = 0; k < work.length; k += SLICE_FIELDS) {
    const s = work[k];
    const from = work[k + 1];
    const to = work[k + 2];
    // Views from the row's cursor on: the loop then counts from 0, a small integer, instead of
    // incrementing a position that may exceed the small-integer range and be boxed.
    const at = cursors[s];
    const length = Math.min(to - from, offsets[firstRow + s + 1] - at);
    cursors[s] += fillRange(plans[s] as SitePlan, scan, from, to, work[k + 3], work[k + 4], cells.subarray(at, at + length), minutes.subarray(at, at + length));
  }
  for (let s = 0; s < siteCount; s++) {
    if (cursors[s] !== offsets[firstRow + s + 1]) {
      // The count and the fill run the same deterministic decisions: a difference means the
      // offsets came from another count (other options or sites), or a bug here.
      throw new AirreachError('E_MATRIX', `site ${siteStart + s}: the matrix row holds ${offsets[firstRow + s + 1] - offsets[firstRow + s]} pairs but the site covers ${cursors[s] - offsets[firstRow + s]} or more`, {
        value: { rowLength: offsets[firstRow + s + 1] - offsets[firstRow + s], written: cursors[s] - offsets[firstRow + s] },
        hint: 'Fill the matrix with the options and sites its row lengths were counted with (countCoverageRows)',
      });
    }
  }
}

/**
 * The scan work grouped by band: for each band, the (site, from, to, innerFrom, innerTo) slices
 * of every site whose cap reaches it, in site order. Flat: `bandFirst[b] … bandFirst[b + 1] − 1`
 * index quintuples in `work`.
 */
interface BandTiles {
  bandFirst: Uint32Array;
  work: Int32Array;
}

function bandTiles(plans: ReadonlyArray<SitePlan | null>, bands: CellBands): BandTiles {
  const bandCount = bands.bandStarts.length - 1;
  const bandFirst = new Uint32Array(bandCount + 1);
  for (const plan of plans) {
    if (plan === null) continue;
    for (let k = 0; k < plan.slices.length; k += SLICE_FIELDS) bandFirst[plan.slices[k] + 1]++;
  }
  for (let b = 0; b < bandCount; b++) bandFirst[b + 1] += bandFirst[b];
  const work = new Int32Array(SLICE_FIELDS * bandFirst[bandCount]);
  const next = bandFirst.slice(0, bandCount);
  plans.forEach((plan, s) => {
    if (plan === null) return;
    const { slices } = plan;
    for (let k = 0; k < slices.length; k += SLICE_FIELDS) {
      const at = SLICE_FIELDS * next[slices[k]]++;
      // The band's place holds the site: the band is implied by the position in `work`.
      work[at] = s;
      for (let f = 1; f < SLICE_FIELDS; f++) work[at + f] = slices[k + f];
    }
  });
  return { bandFirst, work };
}

/** Ints per slice: `(band, from, to, innerFrom, innerTo)`; see {@link capSlices}. */
const SLICE_FIELDS = 5;

// Margin of the polynomial path, relative to `maxMinutes` (minutes) or to the usable range
// (km): 2⁻⁴⁰ ≈ 9.1e-13. The polynomial minutes are within 4e-15 relative of the reference (see
// `asinSmall`), so within this margin of a float32 rounding boundary or a limit the reference
// arithmetic decides; that happens to about 1 pair in 30,000 at 60 minutes.
const fastMarginRelative = 2 ** -40;
// The sure chord shrinks the largest reach by this much: far above the ~1e-15 relative rounding
// of the distance, far below anything that costs more than a few exact tests at the rim.
const sureMarginRelative = 1e-9;
// `asinSmall` is used for chords up to 0.1 (half-chord 0.05, about 637 km): its proven domain.
// Longer ones take the reference path.
const polynomialChordSquaredMax = 4 * ASIN_SMALL_MAX_X * ASIN_SMALL_MAX_X;


interface ScanContext {
  unit: Float64Array;
  ids: Uint32Array;
  /** Distance, km, from each cell (band order) to its nearest refuelling point; empty without them. */
  refuelLegKm: Float64Array;
  maxMinutes: number;
  minutesEpsilon: number;
  /** Scratch of `fillRange`: output index and band position of pairs to recompute (at most one slice). */
  fixAt: Int32Array;
  fixPosition: Int32Array;
  /** The WebAssembly kernel of the inner runs, or null to fill them in JavaScript. */
  kernel: FillKernel | null;
  /**
   * `ids` one element on (`idsOneOn[i + 1] = ids[i]`) when the fill writes into shared memory,
   * else null: the source of a run's cell copy whose address matches the target's modulo 8
   * (see `idsOneOnFor`).
   */
  idsOneOn: Uint32Array | null;
}

function sitePlan(
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
function dominantType(activation: Float64Array, speedKmh: Float64Array, fixedMinutes: Float64Array, usableKm: Float64Array): number {
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
 * The band slices holding every cell of the spherical cap of `capRadians` around a point, in
 * band order (south to north), each slice west to east: `(band, from, to, innerFrom, innerTo)`,
 * where `[innerFrom, innerTo)` is the run of the slice that lies inside the smaller **sure** cap
 * (half-chord `sureHalfChord` = sin(θ/2); -1: none) for certain, so that counting needs no
 * chord there.
 *
 * Per band, the cap's longitude half-width is largest at the latitude where a meridian touches
 * the cap, φ* = asin(sin φ₀ / cos θ), and falls off on both sides; so the band's window is the
 * half-width at the band latitude nearest φ*, from the haversine relation
 * sin²(Δλ/2) = (sin²(θ/2) − sin²((φ − φ₀)/2)) / (cos φ₀ cos φ), which stays accurate where Δλ is
 * small. A cap that holds a pole spans every longitude; a window over ±180° is split in two.
 *
 * The inner run: the cap's half-width is unimodal in latitude and the distance to a point is
 * monotone in |Δλ| along a parallel and unimodal along a meridian, so the farthest point of a
 * latitude × longitude box is a corner. Cells of the band with longitudes within the smaller of
 * the sure cap's half-widths at the band's two edge latitudes (edges widened by 1e-9°, the
 * half-width shrunk by 1e-5°, about a metre, against rounding; keys rounded inwards) are
 * therefore inside the sure cap, with chords far from its limit compared with float64
 * rounding. Split windows, caps holding a pole and caps without a sure zone get no inner run.
 */
function capSlices(bands: CellBands, latDeg: number, lngDeg: number, capRadians: number, sureHalfChord: number): Int32Array {
  const slices: number[] = [];
  const { bandStarts, lngKey } = bands;
  const capDegrees = capRadians * degreesPerRadian + boxMarginDegrees;
  const minLat = Math.max(latDeg - capDegrees, -90);
  const maxLat = Math.min(latDeg + capDegrees, 90);
  const firstBand = bandOf(bands, minLat);
  const lastBand = bandOf(bands, maxLat);
  const phi0 = latDeg / degreesPerRadian;
  const cosPhi0 = Math.cos(phi0);
  const sinCap = Math.sin(capRadians);
  const aroundPole = latDeg + capDegrees >= 90 || latDeg - capDegrees <= -90 || capRadians >= Math.PI / 2 || sinCap >= cosPhi0;
  const sinHalfCap = Math.sin(capRadians / 2);
  const widestLat = aroundPole ? 0 : Math.asin(Math.sin(phi0) / Math.cos(capRadians)) * degreesPerRadian;
  const addWindow = (band: number, start: number, end: number, westDeg: number, eastDeg: number, innerHalfWidthDeg = -1) => {
    const from = lowerBound(lngKey, start, end, lngKeyOf(bands, westDeg));
    const to = lowerBound(lngKey, from, end, lngKeyOf(bands, eastDeg) + 1);
    if (to <= from) return;
    let innerFrom = from;
    let innerTo = from;
    if (innerHalfWidthDeg > 0 && lngDeg - innerHalfWidthDeg > -180 && lngDeg + innerHalfWidthDeg < 180) {
      // Keys whose whole key interval [k, k + 1) / scale lies inside the inner window.
      const lowKey = Math.ceil((lngDeg - innerHalfWidthDeg + 180) * bands.lngKeyScale);
      const highKey = Math.floor((lngDeg + innerHalfWidthDeg + 180) * bands.lngKeyScale) - 1;
      if (highKey >= lowKey) {
        innerFrom = lowerBound(lngKey, from, to, lowKey);
        innerTo = Math.max(innerFrom, lowerBound(lngKey, innerFrom, to, highKey + 1));
      }
    }
    slices.push(band, from, to, innerFrom, innerTo);
  };
  // sin²(Δλ/2) of the cap of half-chord `sinHalfChord` on the parallel `phi` (radians), by the
  // haversine relation above: the cap spans the whole parallel at ≥ 1 and misses it at ≤ 0.
  const shareAt = (sinHalfChord: number, phi: number) => {
    const sinHalfDLat = Math.sin((phi - phi0) / 2);
    return (sinHalfChord * sinHalfChord - sinHalfDLat * sinHalfDLat) / (cosPhi0 * Math.cos(phi));
  };
  const halfWidthOf = (share: number) => 2 * Math.asin(Math.sqrt(share)) * degreesPerRadian;
  // The sure cap's half-width at a latitude, degrees (-1 when the parallel misses the cap).
  const sureHalfWidthAt = (latitudeDeg: number) => {
    const share = shareAt(sureHalfChord, latitudeDeg / degreesPerRadian);
    return share <= 0 || share >= 1 ? -1 : halfWidthOf(share);
  };
  for (let b = firstBand; b <= lastBand; b++) {
    const start = bandStarts[b];
    const end = bandStarts[b + 1];
    if (end === start) continue;
    let halfWidth = 180;
    if (!aroundPole) {
      const south = Math.max(b * bands.bandHeightDeg - 90, minLat);
      const north = Math.min((b + 1) * bands.bandHeightDeg - 90, maxLat);
      const lat = widestLat < south ? south : widestLat > north ? north : widestLat;
      const share = shareAt(sinHalfCap, lat / degreesPerRadian);
      halfWidth = share >= 1 ? 180 : share <= 0 ? 0 : halfWidthOf(share);
      halfWidth += boxMarginDegrees;
    }
    // Near 180° the two halves of a split window would nearly meet: take the whole band.
    if (halfWidth >= 179.999) {
      slices.push(b, start, end, start, start);
      continue;
    }
    const west = lngDeg - halfWidth;
    const east = lngDeg + halfWidth;
    if (west < -180) {
      addWindow(b, start, end, -180, east);
      addWindow(b, start, end, west + 360, 180);
    } else if (east > 180) {
      addWindow(b, start, end, -180, east - 360);
      addWindow(b, start, end, west, 180);
    } else {
      let inner = -1;
      if (!aroundPole && sureHalfChord > 0) {
        const south = sureHalfWidthAt(b * bands.bandHeightDeg - 90 - innerEdgeMarginDegrees);
        const north = sureHalfWidthAt((b + 1) * bands.bandHeightDeg - 90 + innerEdgeMarginDegrees);
        if (south > 0 && north > 0) inner = Math.min(south, north) - innerWidthMarginDegrees;
      }
      addWindow(b, start, end, west, east, inner);
    }
  }
  return Int32Array.from(slices);
}

/** First position in `[from, to)` whose key is ≥ `key` (`to` when none). */
function lowerBound(keys: Uint32Array, from: number, to: number, key: number): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keys[middle] < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** How many cells of band positions `[from, to)` the site covers: the decisions of {@link fillRange}, without the minutes of sure pairs. */
function countRange(plan: SitePlan, scan: ScanContext, from: number, to: number): number {
  const { unit, maxMinutes } = scan;
  const { sx, sy, sz, sureChordSquared, searchChordSquared } = plan;
  let count = 0;
  for (let i = from; i < to; i++) {
    const dx = sx - unit[3 * i];
    const dy = sy - unit[3 * i + 1];
    const dz = sz - unit[3 * i + 2];
    const chordSquared = dx * dx + dy * dy + dz * dz;
    if (chordSquared <= sureChordSquared) count++;
    else if (chordSquared <= searchChordSquared && referenceMinutes(plan, scan, chordSquared, i) <= maxMinutes) count++;
  }
  return count;
}

/**
 * Writes the covered cells of band positions `[from, to)` with their minutes from index 0 on;
 * returns how many. With a dominant type, the inner run `[innerFrom, innerTo)` (inside the sure
 * cap: see {@link capSlices}) takes a loop without the chord tests.
 */
function fillRange(
  plan: SitePlan,
  scan: ScanContext,
  from: number,
  to: number,
  innerFrom: number,
  innerTo: number,
  outCells: Uint32Array,
  outMinutes: Float32Array,
): number {
  if (plan.dominant < 0 || innerTo <= innerFrom) return fillSlice(plan, scan, from, to, outCells, outMinutes, 0);
  const left = fillSlice(plan, scan, from, innerFrom, outCells, outMinutes, 0);
  const middle = fillInner(plan, scan, innerFrom, innerTo, outCells, outMinutes, left);
  return fillSlice(plan, scan, innerTo, to, outCells, outMinutes, middle);
}

/**
 * The inner run of a slice, every cell covered, the dominant type's minutes: the arithmetic of
 * {@link fillSlice}'s sure branch without its tests. Writes from `start` on; returns the end.
 */
function fillInner(plan: SitePlan, scan: ScanContext, from: number, to: number, outCells: Uint32Array, outMinutes: Float32Array, start: number): number {
  const { unit, ids, idsOneOn, minutesEpsilon, fixAt, fixPosition, kernel } = scan;
  const { sx, sy, sz, dominant } = plan;
  const baseMinutes = plan.activation[dominant] + plan.fixedMinutes[dominant];
  const minutesPerChord = (earthRadiusKm * 60) / plan.speedKmh[dominant];
  let fixes = 0;
  // Every cell of the run is covered, in band order: its cells are one block copy (clipped to
  // the row's view, like the element writes, so that a row counted too short reaches the
  // E_MATRIX check of `fillRows` instead of a RangeError).
  const room = Math.max(0, outCells.length - start);
  const at = Math.min(start, outCells.length);
  const copied = Math.min(to - from, room);
  // Into shared memory, from whichever copy of the ids lies at the target's address modulo 8.
  const sameAlignment = idsOneOn === null || ((outCells.byteOffset + 4 * at - ids.byteOffset - 4 * from) & 7) === 0;
  outCells.set(sameAlignment ? ids.subarray(from, from + copied) : idsOneOn.subarray(from + 1, from + 1 + copied), at);
  let i = from;
  if (kernel !== null) {
    // Minutes start at the target's address modulo 8 (kernel.minutes starts at a multiple of 8).
    const outFirst = idsOneOn !== null && ((outMinutes.byteOffset + 4 * at) & 7) !== 0 ? 1 : 0;
    // Pairs of cells in the kernel's lanes, bit-identical to the loop below (fillKernel.wat).
    const kernelFixes = kernel.fillPairs(from, to, sx, sy, sz, baseMinutes, minutesPerChord, minutesEpsilon, outFirst);
    i = to - ((to - from) & 1);
    outMinutes.set(kernel.minutes.subarray(outFirst, outFirst + Math.min(i - from, room)), at);
    for (let k = 0; k < kernelFixes; k++) {
      fixAt[fixes] = start + kernel.fixes[k];
      fixPosition[fixes] = from + kernel.fixes[k];
      fixes++;
    }
  }
  for (let at = start + i - from; i < to; i++, at++) {
    const dx = sx - unit[3 * i];
    const dy = sy - unit[3 * i + 1];
    const dz = sz - unit[3 * i + 2];
    const chordSquared = dx * dx + dy * dy + dz * dz;
    const minutes = baseMinutes + Math.sqrt(chordSquared) * asinSmall(chordSquared * 0.25) * minutesPerChord;
    const low = Math.fround(minutes - minutesEpsilon);
    outMinutes[at] = low;
    if (low !== Math.fround(minutes + minutesEpsilon)) {
      fixAt[fixes] = at;
      fixPosition[fixes] = i;
      fixes++;
    }
  }
  fixMinutes(plan, scan, fixes, outMinutes);
  return start + to - from;
}

/** Recomputes by the reference arithmetic the minutes of the pairs noted in `scan.fixAt`/`fixPosition`. */
function fixMinutes(plan: SitePlan, scan: ScanContext, fixes: number, outMinutes: Float32Array): void {
  const { unit, fixAt, fixPosition } = scan;
  const { sx, sy, sz } = plan;
  for (let k = 0; k < fixes; k++) {
    const i = fixPosition[k];
    const dx = sx - unit[3 * i];
    const dy = sy - unit[3 * i + 1];
    const dz = sz - unit[3 * i + 2];
    outMinutes[fixAt[k]] = referenceMinutes(plan, scan, dx * dx + dy * dy + dz * dz, i);
  }
}

/** The general scan of band positions `[from, to)`: writes from `start` on; returns the end. */
function fillSlice(plan: SitePlan, scan: ScanContext, from: number, to: number, outCells: Uint32Array, outMinutes: Float32Array, start: number): number {
  let at = start;
  const { unit, ids, maxMinutes, minutesEpsilon, fixAt, fixPosition } = scan;
  const { sx, sy, sz, sureChordSquared, searchChordSquared, dominant } = plan;
  // The dominant type's minutes as `base + chord · asinSmall(chord²/4) · minutesPerChord`: no
  // division. All terms are positive, so the dozen roundings here and in the reference each
  // add at most 2⁻⁵³ of the minutes: with the asin difference, < 4e-15 relative, far inside
  // the margin `minutesEpsilon` that sends a pair to the reference arithmetic.
  const baseMinutes = dominant >= 0 ? plan.activation[dominant] + plan.fixedMinutes[dominant] : 0;
  const minutesPerChord = dominant >= 0 ? (earthRadiusKm * 60) / plan.speedKmh[dominant] : 0;
  // Pairs of the fast path that need the reference minutes are noted and fixed after the loop:
  // a call on that rare branch inside the loop made V8 box a float per pair.
  let fixes = 0;
  for (let i = from; i < to; i++) {
    const dx = sx - unit[3 * i];
    const dy = sy - unit[3 * i + 1];
    const dz = sz - unit[3 * i + 2];
    const chordSquared = dx * dx + dy * dy + dz * dz;
    if (chordSquared > sureChordSquared) {
      if (chordSquared <= searchChordSquared) {
        const minutes = referenceMinutes(plan, scan, chordSquared, i);
        if (minutes <= maxMinutes) {
          outCells[at] = ids[i];
          outMinutes[at] = minutes;
          at++;
        }
      }
      continue;
    }
    // 2R·asin(c/2) = R · c · asinSmall(c²/4).
    const chordAsin = Math.sqrt(chordSquared) * asinSmall(chordSquared * 0.25);
    outCells[at] = ids[i];
    let exact: boolean;
    if (dominant >= 0) {
      const minutes = baseMinutes + chordAsin * minutesPerChord;
      const low = Math.fround(minutes - minutesEpsilon);
      outMinutes[at] = low;
      exact = low === Math.fround(minutes + minutesEpsilon);
    } else {
      exact = writeFastestMinutes(plan, minutesEpsilon, earthRadiusKm * chordAsin, outMinutes, at);
    }
    if (!exact) {
      fixAt[fixes] = at;
      fixPosition[fixes] = i;
      fixes++;
    }
    at++;
  }
  fixMinutes(plan, scan, fixes, outMinutes);
  return at;
}

/**
 * The fastest minutes over several types at a sure distance from the polynomial (no refuelling
 * points: a type is allowed iff `2d ≤ usable range`), written to `outMinutes[at]`. Returns
 * false, for the reference arithmetic to decide, when the distance is within the margin of a
 * type's range limit or the minutes within the margin of a float32 rounding boundary.
 */
function writeFastestMinutes(plan: SitePlan, minutesEpsilon: number, distanceKm: number, outMinutes: Float32Array, at: number): boolean {
  const { activation, speedKmh, fixedMinutes, usableKm } = plan;
  let best = Infinity;
  for (let t = 0; t < activation.length; t++) {
    const slackKm = usableKm[t] - (distanceKm + distanceKm);
    if (Math.abs(slackKm) <= usableKm[t] * fastMarginRelative) return false;
    if (slackKm < 0) continue;
    const minutes = activation[t] + (distanceKm / speedKmh[t]) * 60 + fixedMinutes[t];
    if (minutes < best) best = minutes;
  }
  const low = Math.fround(best - minutesEpsilon);
  outMinutes[at] = low;
  return low === Math.fround(best + minutesEpsilon);
}

/**
 * The reference minutes of a pair (Infinity when no type may fly it): the distance exactly as
 * `unitChordKm`, the range rule exactly as `isWithinRange`, the minutes exactly as
 * `responseMinutes`, minimum over the types that fly.
 */
function referenceMinutes(plan: SitePlan, scan: ScanContext, chordSquared: number, i: number): number {
  const halfChord = Math.sqrt(chordSquared) / 2;
  const distanceKm = 2 * earthRadiusKm * Math.asin(halfChord < 1 ? halfChord : 1);
  const legKm = scan.refuelLegKm.length > 0 ? Math.min(distanceKm, scan.refuelLegKm[i]) : distanceKm;
  const { activation, speedKmh, fixedMinutes, usableKm } = plan;
  let best = Infinity;
  for (let t = 0; t < activation.length; t++) {
    if (distanceKm + legKm > usableKm[t]) continue;
    const minutes = activation[t] + (distanceKm / speedKmh[t]) * 60 + fixedMinutes[t];
    if (minutes < best) best = minutes;
  }
  return best;
}

// V8 copies a typed array into or out of a SharedArrayBuffer with relaxed atomic stores: word
// by word when source and target addresses agree modulo 8, byte by byte otherwise. Measured
// here on 3,000-cell runs: 20–30 ms against 63–131 ms per 170 MB, and in the Liaoning res-8
// fill, 330 ms into a private matrix against 435 ms into a shared one. Buffers start at
// multiples of 8 (allocator and page alignment), so byte offsets decide the alignment.
const idsOneOnCache = new WeakMap<Uint32Array, Uint32Array>();

/** `ids` shifted one element on (kept per ids array): the other alignment of the same run. */
function idsOneOnFor(ids: Uint32Array): Uint32Array {
  let oneOn = idsOneOnCache.get(ids);
  if (oneOn === undefined) {
    oneOn = new Uint32Array(ids.length + 1);
    oneOn.set(ids, 1);
    idsOneOnCache.set(ids, oneOn);
  }
  return oneOn;
}

// The legs of the last refuelling points asked for, per index: the count and every fill shard
// of a parallel build (16 at 2 threads), and a day and a night build, ask for the same ones,
// and with 10 points one ask took 86 ms at resolution 8. Read only, so shared safely.
const refuelLegsCache = new WeakMap<Float64Array, { key: string; legsKm: Float64Array }>();

/** Distance, km, from each cell (band order) to its nearest refuelling point; an empty array when there are none. */
function refuelLegsKm(bands: CellBands, refuelPoints: readonly RefuelPoint[]): Float64Array {
  if (refuelPoints.length === 0) return new Float64Array(0);
  // Shortest round-trip decimals: equal keys are equal coordinates.
  const key = refuelPoints.map((point) => `${point.latDeg},${point.lngDeg}`).join(';');
  const known = refuelLegsCache.get(bands.unitXyz);
  if (known?.key === key) return known.legsKm;
  const unit = bands.unitXyz;
  const legs = new Float64Array(unit.length / 3).fill(Infinity);
  // Refuelling points are few (airfields, depots): a plain scan per point is cheaper than an index.
  for (const point of refuelPoints) {
    const [px, py, pz] = unitVector(point.latDeg, point.lngDeg);
    for (let i = 0; i < legs.length; i++) {
      const km = unitChordKm(px, py, pz, unit[3 * i], unit[3 * i + 1], unit[3 * i + 2]);
      if (km < legs[i]) legs[i] = km;
    }
  }
  refuelLegsCache.set(bands.unitXyz, { key, legsKm: legs });
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
