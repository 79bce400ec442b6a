import type { Position } from 'geojson';
import type { CellTable } from './cellTable.js';
import { polygonCellShareKeys, polygonCentreCellKeys } from './polygonCellShares.js';

/**
 * One polygon computation of a grid build (`planDemandGrid` lists them): the cells whose centres
 * lie in `polygons` (`centres`: an extent feature, a population area) or every cell they touch
 * with the share of it inside (`shares`: a hazard area or disk, a place's disk). Plain data, so
 * it can be posted to a worker thread.
 *
 * @example
 * const job: GridPolygonJob = { kind: 'centres', polygons: [[[[123, 41], [124, 41], [124, 42], [123, 41]]]], skip: false, addsCells: true };
 */
export interface GridPolygonJob {
  kind: 'centres' | 'shares';
  /** Polygons of the job (a MultiPolygon's coordinates; a disk is one polygon). */
  polygons: Position[][][];
  /** A job the build refuses before computing it (a hazard disk across ±180° or a pole): it needs no result. */
  skip: boolean;
  /**
   * The job's cells join the grid (an extent's, a hazard's), so the grid needs their centres and
   * areas; a population job's cells only spread people over cells the grid has already.
   */
  addsCells: boolean;
}

/**
 * What a {@link GridPolygonJob} found, in the order `polygonCentreCellKeys` and
 * `polygonCellShareKeys` give it.
 *
 * @example
 * const { cells, shares, droppedParts } = gridPolygonCells(job, createCellTable(7), 2);
 */
export interface GridPolygonCells {
  /** Cell keys (`cellKeys`) of the grid's resolution. */
  cells: ArrayLike<number>;
  /** Each cell's share inside, for a `shares` job; `null` for `centres`. */
  shares: ArrayLike<number> | null;
  /** Indexes of polygon parts dropped as degenerate. */
  droppedParts: number[];
  /**
   * Each cell's centre and area (h3-js `cellToLatLng`, `cellArea` km²), when the job ran on
   * another thread (`gridPolygonTask`) and `addsCells`: the grid's thread takes them instead of
   * computing them again. Absent when the job ran in the grid's thread, whose table has them.
   */
  latDeg?: ArrayLike<number>;
  lngDeg?: ArrayLike<number>;
  areaKm2?: ArrayLike<number>;
}

/**
 * Runs a {@link GridPolygonJob} at `table`'s resolution, with shares estimated at
 * `resolution + shareResolutionOffset`: the same cells, shares and order whichever thread runs it
 * (`table` only caches centres).
 *
 * @example
 * const table = createCellTable(7);
 * gridPolygonCells({ kind: 'centres', polygons, skip: false, addsCells: true }, table, 2).cells.length; // cells whose centres lie inside
 */
export function gridPolygonCells(job: GridPolygonJob, table: CellTable, shareResolutionOffset: number): GridPolygonCells {
  if (job.kind === 'centres') {
    const { cells, droppedParts } = polygonCentreCellKeys(job.polygons, table);
    return { cells, shares: null, droppedParts };
  }
  const { cells, shares, droppedParts } = polygonCellShareKeys(job.polygons, table, { shareResolutionOffset });
  return { cells, shares, droppedParts };
}
