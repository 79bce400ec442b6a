import { AirreachError } from '../errors.js';
import type { DemandGrid } from '../grid/demandGrid.js';
import { unitVector } from '../travel/greatCircleKm.js';

/**
 * A spatial index over cell centres, built once per grid and reused by every coverage build
 * on it (shards, periods, scenarios): the centres in latitude bands sorted by longitude
 * ({@link CellBands}), where one site's candidates are a few long contiguous slices found by
 * binary search. A kd tree (kdbush) was tried first: its leaves are short and scattered, and
 * walking them was about five times slower (1.3 s against 0.25 s of CPU to count the Liaoning
 * res-8 benchmark's pairs, 300 sites), so the index is the bands alone.
 */
export interface CellIndex {
  cellCount: number;
  bands: CellBands;
  /**
   * What builds derive from the index once and keep while it lives, in this thread (the fill
   * kernel's copy of the unit vectors, the ids at the other alignment, the last refuelling legs):
   * see {@link derivedFromIndex}. Not enumerable: a structured clone or a spread of the index
   * leaves it behind (it holds functions and WebAssembly memory), and the copy derives anew.
   */
  readonly derived?: Map<DerivedKey<unknown>, { bands: CellBands; value: unknown }>;
}

/**
 * Names one kind of data derived from a {@link CellIndex} (see {@link derivedFromIndex}); each
 * module that derives something owns its key.
 *
 * @example
 * const IDS_ONE_ON: DerivedKey<Uint32Array> = { name: 'ids one on' };
 */
export interface DerivedKey<T> {
  readonly name: string;
  /** Never set: carries the type of the derived value. */
  readonly valueType?: T;
}

/**
 * The data of kind `key` derived from the index: made by `make` on the first call and kept on
 * the index (`CellIndex.derived`) for later builds, shards and periods on it, instead of in a
 * module-level cache. Kept per bands object, so an index whose bands were replaced derives anew.
 *
 * @example
 * const oneOn = derivedFromIndex(cellIndex, IDS_ONE_ON, () => shiftedIds(cellIndex.bands.ids));
 */
export function derivedFromIndex<T>(cellIndex: CellIndex, key: DerivedKey<T>, make: () => T): T {
  // A frozen index keeps nothing: every build derives again.
  if (cellIndex.derived === undefined && !Object.isExtensible(cellIndex)) return make();
  if (cellIndex.derived === undefined) Object.defineProperty(cellIndex, 'derived', { value: new Map(), enumerable: false });
  const derived = cellIndex.derived as NonNullable<CellIndex['derived']>;
  const known = derived.get(key);
  if (known !== undefined && known.bands === cellIndex.bands) return known.value as T;
  const value = make();
  derived.set(key, { bands: cellIndex.bands, value });
  return value;
}

/**
 * Cell centres ordered for coverage scans: latitude band `b` holds the centres with
 * `bandOf(bands, latDeg) === b` at positions `bandStarts[b] … bandStarts[b + 1] − 1`, sorted
 * by {@link lngKeyOf} (a monotone quantisation of the longitude), ties by cell index. Per
 * position: the cell (`ids`), its longitude key and its unit vector (x, y, z interleaved,
 * `unitVector` of the centre to the last bit).
 */
export interface CellBands {
  /** Band height, degrees: band `b` spans latitudes `[b·h − 90, (b + 1)·h − 90)` (the last one includes 90). */
  bandHeightDeg: number;
  /** `lngKeyOf(lng) = min(floor((lng + 180) · lngKeyScale), lngKeyMax)`. */
  lngKeyScale: number;
  lngKeyMax: number;
  /** Length: band count + 1. */
  bandStarts: Uint32Array;
  lngKey: Uint32Array;
  ids: Uint32Array;
  unitXyz: Float64Array;
}

/** Band height of {@link buildCellIndex}: 0.05° (5.6 km), a small part of any coverage radius. */
export const CELL_BAND_HEIGHT_DEG = 0.05;

/**
 * Builds the {@link CellIndex} of a grid. Throws `E_COORDINATE` for a centre that is not a
 * finite lat/lng in range.
 *
 * The bands: a counting sort by band (stable, so each band lists its cells by ascending
 * index), then one native numeric sort per band of float64 keys `lngKey · 2^k + rank` (the
 * rank in the band fits in k bits, the key in the other 53 − k, at most 31), so ties in the key
 * fall back to the cell index.
 *
 * @example
 * const cellIndex = buildCellIndex(grid);
 * const day = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 120, cellIndex });
 * const night = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 120, period: 'night', cellIndex });
 */
export function buildCellIndex(grid: Pick<DemandGrid, 'cellCount' | 'latDeg' | 'lngDeg'>, bandHeightDeg = CELL_BAND_HEIGHT_DEG): CellIndex {
  const { cellCount, latDeg, lngDeg } = grid;
  if (!Number.isInteger(cellCount) || cellCount < 0 || latDeg.length < cellCount || lngDeg.length < cellCount) {
    throw new AirreachError('E_OPTION', 'the grid has fewer coordinates than cells', {
      value: { cellCount, latDeg: latDeg.length, lngDeg: lngDeg.length },
      where: { field: 'grid' },
      expected: 'latDeg and lngDeg with cellCount entries',
    });
  }
  const bandCount = Math.ceil(180 / bandHeightDeg);
  const bandStarts = new Uint32Array(bandCount + 1);
  const shell = { bandHeightDeg, lngKeyScale: 0, lngKeyMax: 0, bandStarts, lngKey: new Uint32Array(0), ids: new Uint32Array(0), unitXyz: new Float64Array(0) };
  const cellBand = new Uint32Array(cellCount);
  for (let c = 0; c < cellCount; c++) {
    const lat = latDeg[c];
    const lng = lngDeg[c];
    if (!(lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180)) {
      throw new AirreachError('E_COORDINATE', `cell ${c} has a centre outside lat −90…90, lng −180…180`, {
        value: [lat, lng],
        where: { row: c, field: 'grid.latDeg/lngDeg' },
      });
    }
    cellBand[c] = bandOf(shell, lat);
    bandStarts[cellBand[c] + 1]++;
  }
  let largestBand = 1;
  for (let b = 0; b < bandCount; b++) {
    largestBand = Math.max(largestBand, bandStarts[b + 1]);
    bandStarts[b + 1] += bandStarts[b];
  }
  const rankBits = Math.max(1, Math.ceil(Math.log2(largestBand + 1)));
  const keyBits = Math.min(31, 53 - rankBits);
  const rankScale = 2 ** rankBits;
  const bands: CellBands = { ...shell, lngKeyScale: 2 ** keyBits / 360, lngKeyMax: 2 ** keyBits - 1 };
  const byBand = new Uint32Array(cellCount);
  const next = bandStarts.slice(0, bandCount);
  for (let cell = 0; cell < cellCount; cell++) byBand[next[cellBand[cell]]++] = cell;
  const keys = new Float64Array(cellCount);
  for (let p = 0; p < cellCount; p++) {
    const cell = byBand[p];
    keys[p] = lngKeyOf(bands, lngDeg[cell]) * rankScale + (p - bandStarts[cellBand[cell]]);
  }
  bands.ids = new Uint32Array(cellCount);
  bands.lngKey = new Uint32Array(cellCount);
  bands.unitXyz = new Float64Array(3 * cellCount);
  for (let b = 0; b < bandCount; b++) {
    const start = bandStarts[b];
    const end = bandStarts[b + 1];
    if (end === start) continue;
    const sorted = keys.subarray(start, end).sort();
    for (let k = 0; k < sorted.length; k++) {
      const rank = sorted[k] % rankScale;
      const cell = byBand[start + rank];
      const p = start + k;
      bands.ids[p] = cell;
      bands.lngKey[p] = (sorted[k] - rank) / rankScale;
      // `unitVector` itself, not a copy of its arithmetic: the builder's distances must match
      // `unitChordKm(unitVector(site), unitVector(cell))` to the last bit.
      const [x, y, z] = unitVector(latDeg[cell], lngDeg[cell]);
      bands.unitXyz[3 * p] = x;
      bands.unitXyz[3 * p + 1] = y;
      bands.unitXyz[3 * p + 2] = z;
    }
  }
  return { cellCount, bands };
}

/**
 * The band of a latitude: `floor((latDeg + 90) / h)`, clamped to the bands.
 *
 * @example
 * bandOf(cellIndex.bands, 41.8); // -> 2636 with 0.05° bands
 */
export function bandOf(bands: Pick<CellBands, 'bandHeightDeg' | 'bandStarts'>, latDeg: number): number {
  const band = Math.floor((latDeg + 90) / bands.bandHeightDeg);
  const last = bands.bandStarts.length - 2;
  return band < 0 ? 0 : band > last ? last : band;
}

/**
 * The longitude key a band is sorted by: monotone (non-decreasing) in the longitude, so the
 * cells of a longitude window `[w, e]` lie between the keys of `w` and `e`, inclusive.
 *
 * @example
 * lngKeyOf(cellIndex.bands, 123.4); // an integer in 0…lngKeyMax
 */
export function lngKeyOf(bands: Pick<CellBands, 'lngKeyScale' | 'lngKeyMax'>, lngDeg: number): number {
  const key = Math.floor((lngDeg + 180) * bands.lngKeyScale);
  return key < 0 ? 0 : key > bands.lngKeyMax ? bands.lngKeyMax : key;
}

/**
 * Checks a cell index that arrived from elsewhere (a worker message, a file) against its cell
 * count and returns it: typed arrays and numbers only, so it crosses threads by structured
 * clone or as views on shared buffers. `E_BUFFER` when the arrays do not fit the count.
 *
 * @example
 * const cellIndex = checkCellIndex(message.cellIndex);
 * buildCoverage(grid, sites, catalogue, { cellIndex, siteStart, siteEnd });
 */
export function checkCellIndex(cellIndex: CellIndex): CellIndex {
  const { cellCount, bands } = cellIndex;
  const fits =
    bands !== undefined &&
    bands.ids.length === cellCount &&
    bands.lngKey.length === cellCount &&
    bands.unitXyz.length === 3 * cellCount &&
    bands.bandHeightDeg > 0 &&
    bands.bandStarts.length === Math.ceil(180 / bands.bandHeightDeg) + 1 &&
    bands.bandStarts[bands.bandStarts.length - 1] === cellCount;
  if (!fits) {
    throw new AirreachError('E_BUFFER', 'cell index arrays do not match their cell count', {
      value: { cellCount, bandCells: bands?.ids.length, unitXyz: bands?.unitXyz.length, bandStarts: bands?.bandStarts.length },
      hint: 'Pass an index made by buildCellIndex for this grid, unchanged',
    });
  }
  return cellIndex;
}

/**
 * The number of cells in the fullest latitude band: the longest slice a scan can take.
 *
 * @example
 * new Int32Array(largestBand(cellIndex.bands)); // scratch for one slice
 */
export function largestBand(bands: Pick<CellBands, 'bandStarts'>): number {
  let largest = 0;
  for (let b = 0; b + 1 < bands.bandStarts.length; b++) largest = Math.max(largest, bands.bandStarts[b + 1] - bands.bandStarts[b]);
  return largest;
}
