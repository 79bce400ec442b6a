import type { FeatureCollection, Point } from 'geojson';
import type { DemandGrid } from '../grid/demandGrid.js';
import { cellRingJson } from '../grid/cellPolygons.js';
import type { Site } from '../travel/aircraft.js';
import type { CellRow } from './cellTable.js';
import { csvField } from '../csvField.js';

/**
 * The cell table as an RFC 7946 FeatureCollection of hexagon polygons ([lng, lat], closed,
 * counter-clockwise rings), one feature per row with the row as its properties. Written as
 * text with one feature per line, so a 40,000-cell map stays diffable and streams into viewers.
 * The same text as {@link cellRowsToGeoJsonChunks} joined (use that for large grids).
 *
 * @example
 * const text = cellRowsToGeoJson(grid, cellRows(grid, sites, outcomes));
 */
export function cellRowsToGeoJson(grid: DemandGrid, rows: Iterable<{ cell: number; row: CellRow }>): string {
  return [...cellRowsToGeoJsonChunks(grid, rows)].join('');
}

/**
 * {@link cellRowsToGeoJson} as a sequence of pieces (the head, one per feature, the tail), so
 * the map of a national grid (about 1 GB) is written without ever being one string.
 *
 * @example
 * const body = streamedText(() => cellRowsToGeoJsonChunks(grid, iterateCellRows(grid, sites, outcomes)));
 */
export function* cellRowsToGeoJsonChunks(grid: DemandGrid, rows: Iterable<{ cell: number; row: CellRow }>): Generator<string> {
  yield '{"type":"FeatureCollection","features":[\n';
  let first = true;
  for (const { cell, row } of rows) {
    // JSON.stringify of { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: row },
    // with the ring's text kept per grid (the same in every period and every scenario on the grid).
    yield `${first ? '' : ',\n'}{"type":"Feature","geometry":{"type":"Polygon","coordinates":[${cellRingJson(grid, cell)}]},"properties":${JSON.stringify(row)}}`;
    first = false;
  }
  yield '\n]}\n';
}

/**
 * The cell table as CSV (RFC 4180: comma-separated, quoted where needed, `\n` line ends).
 * Booleans are written `true`/`false`, missing values as empty fields; text is neutralised
 * against formula injection (see `csvField`). The same text as {@link cellRowsToCsvChunks} joined.
 *
 * @example
 * const csv = cellRowsToCsv(rows); // 'hex_id,lat,lng,...\n872a10...,41.8,...'
 */
export function cellRowsToCsv(rows: Iterable<{ row: CellRow }>): string {
  return [...cellRowsToCsvChunks(rows)].join('');
}

/**
 * {@link cellRowsToCsv} as a sequence of lines (the header from the first row's columns; no
 * text at all for no rows).
 *
 * @example
 * const body = streamedText(() => cellRowsToCsvChunks(iterateCellRows(grid, sites, outcomes)));
 */
export function* cellRowsToCsvChunks(rows: Iterable<{ row: CellRow }>): Generator<string> {
  let columns: string[] | null = null;
  for (const { row } of rows) {
    if (columns === null) {
      columns = Object.keys(row);
      yield `${columns.map(csvField).join(',')}\n`;
    }
    yield `${columns.map((column) => csvField(row[column])).join(',')}\n`;
  }
}

/**
 * Sites as GeoJSON points with their role, fleet and any per-site figures given in `extra`.
 *
 * @example
 * sitesToGeoJson(sites, (site, s) => ({ first_responder_demand: report.sites[s].firstResponderDemand }));
 */
export function sitesToGeoJson(
  sites: readonly Site[],
  extra: (site: Site, index: number) => Record<string, unknown> = () => ({}),
): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: sites.map((site, s) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [site.lngDeg, site.latDeg] },
      properties: {
        id: site.id,
        name: site.name,
        role: site.role,
        fleet: site.fleet.map((entry) => `${entry.count}×${entry.aircraftTypeId}`).join(', '),
        ...(site.source ? { source: site.source } : {}),
        ...extra(site, s),
      },
    })),
  };
}
