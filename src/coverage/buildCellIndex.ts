import KDBush from 'kdbush';
import { AirreachError } from '../errors.js';
import type { DemandGrid } from '../grid/demandGrid.js';
import { unitVector } from '../travel/greatCircleKm.js';

/**
 * A spatial index over cell centres, built once per grid and reused by every coverage build
 * on it (shards, periods, scenarios).
 *
 * `kdbush` holds the centres as (lng, lat) in kd-tree order. Alongside, `unitXyz` holds each
 * centre as a unit vector (x, y, z interleaved) **in the same kd order** (entry `i` is cell
 * `kdbush.ids[i]`), so that the builder's exact test reads memory sequentially while it scans
 * the tree's leaves.
 */
export interface CellIndex {
  cellCount: number;
  kdbush: KDBush;
  unitXyz: Float64Array;
}

/**
 * Builds the {@link CellIndex} of a grid: a kdbush tree over (lng, lat) of the cell centres plus
 * their unit vectors. Throws `E_COORDINATE` for a centre that is not a finite lat/lng in range.
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
  return { cellCount, kdbush, unitXyz };
}

/** A {@link CellIndex} as plain buffers, for `postMessage` to a worker (both can be transferred). */
export interface CellIndexBuffers {
  cellCount: number;
  /** `kdbush.data`: kdbush's own serialised tree. */
  kdbushData: ArrayBufferLike;
  unitXyz: Float64Array;
}

/**
 * The buffers of a cell index, so that workers building coverage shards reuse one index
 * instead of each rebuilding it. The inverse is {@link cellIndexFromBuffers}.
 *
 * @example
 * worker.postMessage({ index: cellIndexBuffers(cellIndex) });
 */
export function cellIndexBuffers(cellIndex: CellIndex): CellIndexBuffers {
  return { cellCount: cellIndex.cellCount, kdbushData: cellIndex.kdbush.data, unitXyz: cellIndex.unitXyz };
}

/**
 * Rebuilds a cell index from {@link cellIndexBuffers} without copying (kdbush's `KDBush.from`).
 *
 * @example
 * const cellIndex = cellIndexFromBuffers(message.index);
 * buildCoverage(grid, sites, catalogue, { cellIndex, siteStart, siteEnd });
 */
export function cellIndexFromBuffers(buffers: CellIndexBuffers): CellIndex {
  const kdbush = KDBush.from(buffers.kdbushData);
  if (kdbush.ids.length !== Math.max(buffers.cellCount, 1) || buffers.unitXyz.length !== 3 * kdbush.ids.length) {
    throw new AirreachError('E_BUFFER', 'cell index buffers do not match their cell count', {
      value: { cellCount: buffers.cellCount, items: kdbush.ids.length, unitXyz: buffers.unitXyz.length },
    });
  }
  return { cellCount: buffers.cellCount, kdbush, unitXyz: buffers.unitXyz };
}
