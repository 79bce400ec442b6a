import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cellToLatLng, polygonToCells } from 'h3-js';
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { Site } from '../src/travel/aircraft.js';
import { createRandom } from '../src/random.js';

/** The bundled Liaoning case the coverage and engine benchmarks run on. */
const dataFolder = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'liaoning');

/**
 * The cells of data/liaoning/province.geojson at `resolution`, in ascending H3 order (the
 * DemandGrid order), with their centres.
 */
export function provinceGrid(resolution: number): { source: string; cellCount: number; latDeg: Float64Array; lngDeg: Float64Array } {
  const collection = JSON.parse(readFileSync(join(dataFolder, 'province.geojson'), 'utf8')) as FeatureCollection<Polygon | MultiPolygon>;
  const polygons = collection.features.flatMap((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates));
  const unique = new Set<string>();
  for (const polygon of polygons) for (const cell of polygonToCells(polygon, resolution, true)) unique.add(cell);
  // Same-resolution H3 strings sort like their numbers.
  const cells = [...unique].sort();
  const latDeg = new Float64Array(cells.length);
  const lngDeg = new Float64Array(cells.length);
  cells.forEach((cell, c) => {
    [latDeg[c], lngDeg[c]] = cellToLatLng(cell);
  });
  return { source: 'data/liaoning/province.geojson', cellCount: cells.length, latDeg, lngDeg };
}

/**
 * The airports and candidate sites of the Liaoning case (today's bases are among them), then
 * seeded random cell centres up to `siteCount`, all with `fleet`.
 */
export function benchSites(
  grid: { cellCount: number; latDeg: Float64Array; lngDeg: Float64Array },
  siteCount: number,
  seed: number,
  fleet: Site['fleet'],
): { sites: Site[]; fromData: number } {
  const sites: Site[] = [];
  for (const name of ['airports.geojson', 'candidates.geojson']) {
    const collection = JSON.parse(readFileSync(join(dataFolder, name), 'utf8')) as FeatureCollection<Point, { id: string; name: string }>;
    for (const feature of collection.features) {
      const [lngDeg, latDeg] = feature.geometry.coordinates;
      sites.push({ id: feature.properties.id, name: feature.properties.name, latDeg, lngDeg, role: 'candidate', fleet });
    }
  }
  const fromData = sites.length;
  // Random cell centres are inside the province by construction.
  const random = createRandom(seed);
  while (sites.length < siteCount) {
    const c = random.int(0, grid.cellCount - 1);
    sites.push({ id: `random-${sites.length}`, name: `random cell ${c}`, latDeg: grid.latDeg[c], lngDeg: grid.lngDeg[c], role: 'candidate', fleet });
  }
  return { sites, fromData };
}
