import { createCellTable } from '../../grid/cellTable.js';
import { gridPolygonCells, type GridPolygonCells, type GridPolygonJob } from '../../grid/gridPolygonCells.js';

/**
 * Some polygon jobs of a grid build (`planDemandGrid`) as a pool task: the grid's resolution and
 * share offset, and the jobs (plain GeoJSON coordinates, copied to the worker).
 *
 * @example
 * const task: GridPolygonTask = { kind: 'gridPolygonCells', resolution: 7, shareResolutionOffset: 2, jobs: plan.jobs.slice(0, 8) };
 */
export interface GridPolygonTask {
  kind: 'gridPolygonCells';
  resolution: number;
  shareResolutionOffset: number;
  jobs: GridPolygonJob[];
}

/**
 * The work of a {@link GridPolygonTask}: each job's cells ({@link gridPolygonCells}), in job
 * order, as typed arrays (moved back to the caller, not copied), with the centre and area of
 * each cell a job adds to the grid, which the grid needs for every cell and would otherwise compute in the caller's one
 * thread (a national grid's 1.9 M areas are seconds of h3-js). The cells and shares are those of
 * the caller's thread: a job depends on its polygons and the resolution alone.
 *
 * @example
 * const [first] = gridPolygonTask({ kind: 'gridPolygonCells', resolution: 7, shareResolutionOffset: 2, jobs: [job] });
 * first.cells; // Float64Array of cell keys
 */
export function gridPolygonTask(task: GridPolygonTask): GridPolygonCells[] {
  // One table for the task's jobs: neighbouring polygons share the centres of their border cells.
  const table = createCellTable(task.resolution);
  return task.jobs.map((job) => {
    const { cells, shares, droppedParts } = gridPolygonCells(job, table, task.shareResolutionOffset);
    const result: GridPolygonCells = { cells: Float64Array.from(cells), shares: shares && Float64Array.from(shares), droppedParts };
    if (!job.addsCells) return result;
    const latDeg = new Float64Array(cells.length);
    const lngDeg = new Float64Array(cells.length);
    const areaKm2 = new Float64Array(cells.length);
    for (let i = 0; i < cells.length; i++) {
      const slot = table.withCentre(cells[i]);
      latDeg[i] = table.lat[slot];
      lngDeg[i] = table.lng[slot];
      areaKm2[i] = table.areaKm2(slot);
    }
    return { ...result, latDeg, lngDeg, areaKm2 };
  });
}
