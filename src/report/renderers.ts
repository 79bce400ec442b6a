import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import type { DemandGrid } from '../grid/demandGrid.js';
import { cellRing } from '../grid/cellPolygons.js';
import type { Site } from '../travel/aircraft.js';
import type { CellRow } from './cellTable.js';

/**
 * The cell table as an RFC 7946 FeatureCollection of hexagon polygons ([lng, lat], closed,
 * counter-clockwise rings), one feature per row with the row as its properties. Written as
 * text with one feature per line, so a 40,000-cell map stays diffable and streams into viewers.
 *
 * @example
 * const text = cellRowsToGeoJson(grid, cellRows(grid, sites, outcomes));
 */
export function cellRowsToGeoJson(grid: DemandGrid, rows: readonly { cell: number; row: CellRow }[]): string {
  const lines = rows.map(({ cell, row }) => {
    const feature: Feature<Polygon, CellRow> = {
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [cellRing(grid, cell)] },
      properties: row,
    };
    return JSON.stringify(feature);
  });
  return `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`;
}

/**
 * The cell table as CSV (RFC 4180: comma-separated, quoted where needed, `\n` line ends).
 * Booleans are written `true`/`false`, missing values as empty fields.
 *
 * @example
 * const csv = cellRowsToCsv(rows); // 'hex_id,lat,lng,...\n872a10...,41.8,...'
 */
export function cellRowsToCsv(rows: readonly { row: CellRow }[]): string {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0].row);
  const lines = [columns.map(csvField).join(',')];
  for (const { row } of rows) lines.push(columns.map((column) => csvField(row[column])).join(','));
  return `${lines.join('\n')}\n`;
}

function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
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
