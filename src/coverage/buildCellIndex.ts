import KDBush from 'kdbush';
import { AirreachError } from '../errors.js';
import type { DemandGrid } from '../grid/demandGrid.js';
import { unitVector } from '../travel/greatCircleKm.js';

/**
 * A spatial index over cell centres, built once per grid and reused by every coverage build
 * on it (shards, periods, scenarios).
 *
 * `kdbush` holds the centres as (lng, lat) in kd-tree order, with `unitXyz` holding each centre
 * as a unit vector (x, y, z interleaved) **in the same kd order** (entry `i` is cell
 * `kdbush.ids[i]`): a general-purpose index for radius and box queries. `buildCoverage` does not
 * walk it any more: it scans `bands` ({@link CellBands}), a second copy of the centres in
 * latitude bands sorted by longitude, where one site's candidates are a few long contiguous
 * slices: the kd leaves are short and scattered, and scanning them was about five times slower
 * (1.3 s against 0.25 s of CPU to count the Liaoning res-8 benchmark's pairs, 300 sites).
 */
export interface CellIndex {
  cellCount: number;
  kdbush: KDBush;
  unitXyz: Float64Array;
  /**
   * The centres in latitude bands. Always set by {@link buildCellIndex}; an index assembled
   * by hand from `kdbush` and `unitXyz` alone gets them derived (a sort, no trigonometry) by
   * every build that uses it.
   */
  bands?: CellBands;
}

/**
 * Cell centres ordered for coverage scans: latitude band `b` holds the centres with
 * `bandOf(bands, latDeg) === b` at positions `bandStarts[b] … bandStarts[b + 1] − 1`, sorted
 * by {@link lngKeyOf} (a monotone quantisation of the longitude), ties by cell index. Per
 * position: the cell (`ids`), its longitude key and its unit vector (bit-identical to the
 * kd-ordered `unitXyz`).
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
 * Builds the {@link CellIndex} of a grid: a kdbush tree over (lng, lat) of the cell centres plus
 * their unit vectors, and the same centres in latitude bands ({@link buildCellBands}). Throws
 * `E_COORDINATE` for a centre that is not a finite lat/lng in range.
 *
 * @example
 * const cellIndex = buildCellIndex(grid);
 * const day = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 120, cellIndex });
 * const night = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 120, period: 'night', cellIndex });
 */
export function buildCellIndex(grid: Pick<DemandGrid, 'cellCount' | 'latDeg' | 'lngDeg'>): CellIndex {
  const { cellCount, latDeg, lngDeg } = grid;
  if (!Number.isInteger(cellCount) || cellCount < 0 || latDeg.length < cellCount || lngDeg.length < cellCount) {
    throw new AirreachError('E_OPTION', 'the grid has fewer coordinates than cells', {
      value: { cellCount, latDeg: latDeg.length, lngDeg: lngDeg.length },
      where: { field: 'grid' },
      expected: 'latDeg and lngDeg with cellCount entries',
    });
  }
  // kdbush refuses an empty index; one dummy-free empty tree is simplest handled by the caller.
  const kdbush = new KDBush(Math.max(cellCount, 1), 64, Float64Array);
  for (let c = 0; c < cellCount; c++) {
    const lat = latDeg[c];
    const lng = lngDeg[c];
    if (!(lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180)) {
      throw new AirreachError('E_COORDINATE', `cell ${c} has a centre outside lat −90…90, lng −180…180`, {
        value: [lat, lng],
        where: { row: c, field: 'grid.latDeg/lngDeg' },
      });
    }
    kdbush.add(lng, lat);
  }
  // A grid without cells still gets a valid (one-point, far-away) tree; builds never look it up
  // because `cellCount` is 0.
  if (cellCount === 0) kdbush.add(0, -90);
  kdbush.finish();
  const size = kdbush.ids.length;
  const unitXyz = new Float64Array(3 * size);
  const { coords } = kdbush;
  for (let i = 0; i < size; i++) {
    // `unitVector` itself, not a copy of its arithmetic: the builder's distances must match
    // `unitChordKm(unitVector(site), unitVector(cell))` to the last bit.
    const [x, y, z] = unitVector(coords[2 * i + 1], coords[2 * i]);
    unitXyz[3 * i] = x;
    unitXyz[3 * i + 1] = y;
    unitXyz[3 * i + 2] = z;
  }
  return { cellCount, kdbush, unitXyz, bands: buildCellBands(cellCount, kdbush, unitXyz) };
}

/**
 * The band of a latitude: `floor((latDeg + 90) / h)`, clamped to the bands.
 *
 * @example
 * bandOf(cellIndex.bands!, 41.8); // -> 2636 with 0.05° bands
 */
export function bandOf(bands: CellBands, latDeg: number): number {
  const band = Math.floor((latDeg + 90) / bands.bandHeightDeg);
  const last = bands.bandStarts.length - 2;
  return band < 0 ? 0 : band > last ? last : band;
}

/**
 * The longitude key a band is sorted by: monotone (non-decreasing) in the longitude, so the
 * cells of a longitude window `[w, e]` lie between the keys of `w` and `e`, inclusive.
 *
 * @example
 * lngKeyOf(cellIndex.bands!, 123.4); // an integer in 0…lngKeyMax
 */
export function lngKeyOf(bands: CellBands, lngDeg: number): number {
  const key = Math.floor((lngDeg + 180) * bands.lngKeyScale);
  return key < 0 ? 0 : key > bands.lngKeyMax ? bands.lngKeyMax : key;
}

/**
 * Orders the centres of a kd index into {@link CellBands}: a counting sort by band (stable, so
 * each band lists its cells by ascending index), then one native numeric sort per band of
 * float64 keys `lngKey · 2^k + rank` (the rank in the band fits in k bits, the key in the other
 * 53 − k, at most 31), so ties in the key fall back to the cell index. No trigonometry: the
 * unit vectors are copied from `unitXyz`.
 *
 * @example
 * const bands = buildCellBands(cellIndex.cellCount, cellIndex.kdbush, cellIndex.unitXyz);
 */
export function buildCellBands(cellCount: number, kdbush: KDBush, unitXyz: Float64Array, bandHeightDeg = CELL_BAND_HEIGHT_DEG): CellBands {
  const bandCount = Math.ceil(180 / bandHeightDeg);
  const coords = kdbush.coords;
  const kdIds = kdbush.ids;
  const bandStarts = new Uint32Array(bandCount + 1);
  const shell = { bandHeightDeg, lngKeyScale: 0, lngKeyMax: 0, bandStarts, lngKey: new Uint32Array(0), ids: new Uint32Array(0), unitXyz: new Float64Array(0) };
  // Band of each cell, by cell index (kd position i holds cell kdIds[i]).
  const cellBand = new Uint32Array(cellCount);
  const kdPosition = new Uint32Array(cellCount);
  for (let i = 0; i < cellCount; i++) {
    const cell = kdIds[i];
    kdPosition[cell] = i;
    cellBand[cell] = bandOf(shell, coords[2 * i + 1]);
    bandStarts[cellBand[cell] + 1]++;
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
  // Counting sort: cells of each band in ascending index order.
  const byBand = new Uint32Array(cellCount);
  const next = bandStarts.slice(0, bandCount);
  for (let cell = 0; cell < cellCount; cell++) byBand[next[cellBand[cell]]++] = cell;
  const keys = new Float64Array(cellCount);
  for (let p = 0; p < cellCount; p++) {
    const i = kdPosition[byBand[p]];
    keys[p] = lngKeyOf(bands, coords[2 * i]) * rankScale + (p - bandStarts[cellBand[byBand[p]]]);
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
      const i = kdPosition[cell];
      bands.unitXyz[3 * p] = unitXyz[3 * i];
      bands.unitXyz[3 * p + 1] = unitXyz[3 * i + 1];
      bands.unitXyz[3 * p + 2] = unitXyz[3 * i + 2];
    }
  }
  return bands;
}

/**
 * A {@link CellIndex} as plain data for `postMessage` to a worker: numbers and typed arrays, whose
 * buffers can all be transferred (or be SharedArrayBuffers).
 */
export interface CellIndexBuffers {
  cellCount: number;
  /** `kdbush.data`: kdbush's own serialised tree. */
  kdbushData: ArrayBufferLike;
  unitXyz: Float64Array;
  /** The index's {@link CellBands} (typed arrays and numbers only); derived again when absent. */
  bands?: CellBands;
}

/**
 * The buffers of a cell index, so that workers building coverage shards reuse one index
 * instead of each rebuilding it. The inverse is {@link cellIndexFromBuffers}.
 *
 * @example
 * worker.postMessage({ index: cellIndexBuffers(cellIndex) });
 */
export function cellIndexBuffers(cellIndex: CellIndex): CellIndexBuffers {
  return {
    cellCount: cellIndex.cellCount,
    kdbushData: cellIndex.kdbush.data,
    unitXyz: cellIndex.unitXyz,
    bands: cellIndex.bands ?? buildCellBands(cellIndex.cellCount, cellIndex.kdbush, cellIndex.unitXyz),
  };
}

/**
 * Rebuilds a cell index from {@link cellIndexBuffers} without copying (kdbush's `KDBush.from`,
 * the band arrays as they are).
 *
 * @example
 * const cellIndex = cellIndexFromBuffers(message.index);
 * buildCoverage(grid, sites, catalogue, { cellIndex, siteStart, siteEnd });
 */
export function cellIndexFromBuffers(buffers: CellIndexBuffers): CellIndex {
  const kdbush = KDBush.from(buffers.kdbushData);
  const { cellCount, unitXyz, bands } = buffers;
  const bandsFit =
    bands === undefined ||
    (bands.ids.length === cellCount &&
      bands.lngKey.length === cellCount &&
      bands.unitXyz.length === 3 * cellCount &&
      bands.bandStarts.length === Math.ceil(180 / bands.bandHeightDeg) + 1 &&
      bands.bandStarts[bands.bandStarts.length - 1] === cellCount);
  if (kdbush.ids.length !== Math.max(cellCount, 1) || unitXyz.length !== 3 * kdbush.ids.length || !bandsFit) {
    throw new AirreachError('E_BUFFER', 'cell index buffers do not match their cell count', {
      value: { cellCount, items: kdbush.ids.length, unitXyz: unitXyz.length, bandCells: bands?.ids.length },
    });
  }
  return { cellCount, kdbush, unitXyz, bands: bands ?? buildCellBands(cellCount, kdbush, unitXyz) };
}
