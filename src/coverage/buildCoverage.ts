import { AirreachError } from '../errors.js';
import type { DemandGrid } from '../grid/demandGrid.js';
import type { AircraftType, Period, RefuelPoint, Site } from '../travel/aircraft.js';
import { resolveOptions } from '../resolveOptions.js';
import { isSharedArrayBuffer } from '../isSharedArrayBuffer.js';
import { CoverageMatrix } from './coverageMatrix.js';
import { buildCellIndex, largestBand, type CellIndex } from './buildCellIndex.js';
import { fillKernelFor } from './fillKernelFor.js';
import { encodeSitePlans, sitePlansOf, type SitePlan, type SitePlanTable } from './sitePlanTable.js';
import { planSite } from './planSite.js';
import { SLICE_FIELDS } from './capSlices.js';
import { bandTiles, type BandTiles } from './bandTiles.js';
import { countRange, FAST_MARGIN_RELATIVE, fillRange, idsOneOnFor, type ScanContext } from './fillRange.js';
import { refuelLegsKm } from './refuelLegsKm.js';

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
  /**
   * Build into this buffer instead of a fresh one: an earlier matrix (or its `data`), or
   * `CoverageMatrix.reusableBuffer(bytes)`; see `MatrixAllocationOptions.into` for what fits.
   * The earlier matrix is overwritten. A rebuild into mapped pages skips the page faults of a
   * fresh matrix. Too small a buffer is refused with `E_BUFFER_SIZE`, before the fill. A
   * function is asked with the matrix's byte length once the rows are counted (a pool's `take`,
   * see `createMatrixBufferPool`), and may answer `undefined` for a fresh buffer.
   */
  into?: ArrayBuffer | CoverageMatrix | ((byteLength: number) => ArrayBuffer | undefined);
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
  into: ArrayBuffer | CoverageMatrix | ((byteLength: number) => ArrayBuffer | undefined) | undefined;
} = {
  maxMinutes: 120,
  period: 'day',
  refuelPoints: [],
  siteStart: 0,
  siteEnd: undefined,
  cellIndex: undefined,
  wasm: true,
  into: undefined,
};

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
 * const night = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { period: 'night', into: CoverageMatrix.reusableBuffer(2 ** 29) });
 */
export function buildCoverage(
  grid: Pick<DemandGrid, 'cellCount' | 'latDeg' | 'lngDeg'>,
  sites: readonly Site[],
  aircraftById: Readonly<Record<string, AircraftType>>,
  options: BuildCoverageOptions = {},
): CoverageMatrix {
  const build = prepareBuild(grid, sites, aircraftById, options);
  const into = options.into instanceof CoverageMatrix ? (options.into.data as ArrayBuffer) : options.into;
  const matrix = CoverageMatrix.withRowLengths(countRows(build), grid.cellCount, build.maxMinutes, { into });
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

// The two-pass protocol of a build: prepare (options, one plan per site, the band tiles, the
// scan context), count every row, allocate, fill. The geometry is in capSlices.ts, the per-site
// plan in planSite.ts, the hot loops in fillRange.ts (and the WebAssembly kernel, fillKernelFor.ts).

/** Everything the two passes need about a shard: validated options, one plan per site, the scan tiles. */
interface PreparedBuild {
  siteStart: number;
  siteCount: number;
  maxMinutes: number;
  plans: Array<SitePlan | null>;
  scan: ScanContext;
  tiles: BandTiles;
  cellIndex: CellIndex;
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
      plans.push(planSite(sites[s], s, aircraftById, period, maxMinutes, refuelPoints.length > 0, checkedTypes, bands));
    }
  }
  const longestSlice = largestBand(bands);
  const scan: ScanContext = {
    unit: bands.unitXyz,
    ids: bands.ids,
    refuelLegKm: refuelLegsKm(cellIndex, refuelPoints),
    maxMinutes,
    minutesEpsilon: maxMinutes * FAST_MARGIN_RELATIVE,
    fixAt: new Int32Array(longestSlice),
    fixPosition: new Int32Array(longestSlice),
    // Set by `fillRows`: counting needs neither.
    kernel: null,
    idsOneOn: null,
  };
  return { siteStart, siteCount: siteEnd - siteStart, maxMinutes, plans, scan, tiles: bandTiles(plans, bands), cellIndex, wasm: settings.wasm, table };
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
    kernel: build.wasm ? fillKernelFor(build.cellIndex) : null,
    idsOneOn: isSharedArrayBuffer(matrix.data) ? idsOneOnFor(build.cellIndex) : null,
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
