/**
 * The mountain weather zone of the Liaoning case: the eastern mountain counties named by the cited
 * pages, drawn without county boundaries (none are bundled: data/liaoning holds the province and
 * the 14 prefectures only). Rule: every H3 resolution-6 cell (≈ 36 km²) whose centre lies in the
 * county's prefecture is given to the nearest candidate seat of that prefecture (county seats and
 * the prefecture seat, which stands for the urban districts); the cells of the mountain counties'
 * seats, merged, are the zone. So each county is approximated by the Voronoi region of its seat
 * inside its prefecture (± one county-width where seats are unevenly spaced; a stated approximation).
 *
 * Run: `npx tsx scripts/data/buildMountainZone.ts` rewrites data/liaoning/conditions/weatherZones.geojson
 * keeping its coastal feature first (the lowest-index polygon wins, so a cell in both is coastal).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cellToLatLng, cellsToMultiPolygon, polygonToCells } from 'h3-js';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { orientRing, stringifyFeatureCollection } from './geometry.js';
import { greatCircleKm } from '../../src/travel/greatCircleKm.js';

const DIR = join(import.meta.dirname, '..', '..', 'data', 'liaoning');

/** The mountain counties (GB/T 2260 codes as in candidates.geojson), each with the pages naming it. */
export const MOUNTAIN_COUNTIES: Record<string, string> = {
  '210422': 'Xinbin Manchu AC (Fushun)',
  '210423': 'Qingyuan Manchu AC (Fushun)',
  '210521': 'Benxi Manchu AC (Benxi)',
  '210522': 'Huanren Manchu AC (Benxi)',
  '210624': 'Kuandian Manchu AC (Dandong)',
  '210682': 'Fengcheng (Dandong)',
  '210323': 'Xiuyan Manchu AC (Anshan)',
};

/** The cited lists of Liaoning's (poor) mountain counties. */
export const MOUNTAIN_SOURCES = [
  'https://m.66378.com/jingyan/152963.html (2025-11-17, "辽宁省的贫困山区…主要集中在东部和南部的山区": Benxi County, Kuandian, Huanren, Xinbin)',
  'http://www.zuoseoyh.com/34xaykpp.html ("贫困山区…东部和南部": Fengcheng, Kuandian, Xiuyan, Qingyuan, Benxi County, Huanren; also parts of Donggang, Haicheng, Zhangwu and Fuxin county, not used: "parts of" and not mountain areas by the other page)',
];

type Seat = { id: string; prefectureId: string; divisionCode?: string; lngDeg: number; latDeg: number };

/** The mountain zone as one MultiPolygon feature (`properties.zone = 'mountain'`), and a log. */
export function buildMountainZone(prefectures: FeatureCollection, candidates: FeatureCollection): { feature: Feature<MultiPolygon>; log: string[] } {
  const seats: Seat[] = (candidates.features as Feature<Point>[]).map((f) => ({
    id: String(f.properties?.id),
    prefectureId: String(f.properties?.prefectureId),
    divisionCode: f.properties?.divisionCode === undefined ? undefined : String(f.properties.divisionCode),
    lngDeg: f.geometry.coordinates[0],
    latDeg: f.geometry.coordinates[1],
  }));
  const mountainSeats = new Set(seats.filter((s) => s.divisionCode !== undefined && Object.hasOwn(MOUNTAIN_COUNTIES, s.divisionCode)).map((s) => s.id));
  if (mountainSeats.size !== Object.keys(MOUNTAIN_COUNTIES).length) throw new Error(`found ${mountainSeats.size} of the ${Object.keys(MOUNTAIN_COUNTIES).length} mountain county seats`);
  const prefectureIds = new Set(seats.filter((s) => mountainSeats.has(s.id)).map((s) => s.prefectureId));
  const cells: string[] = [];
  const log: string[] = [];
  for (const prefecture of prefectures.features as Feature<Polygon | MultiPolygon>[]) {
    const id = String(prefecture.properties?.id);
    if (!prefectureIds.has(id)) continue;
    const own = seats.filter((s) => s.prefectureId === id);
    const polygons = prefecture.geometry.type === 'Polygon' ? [prefecture.geometry.coordinates] : prefecture.geometry.coordinates;
    const inPrefecture = new Set<string>();
    for (const polygon of polygons) for (const cell of polygonToCells(polygon, 6, true)) inPrefecture.add(cell);
    let taken = 0;
    for (const cell of [...inPrefecture].sort()) {
      const [lat, lng] = cellToLatLng(cell);
      let best = Infinity;
      let nearest = '';
      for (const seat of own) {
        const km = greatCircleKm(lat, lng, seat.latDeg, seat.lngDeg);
        if (km < best) {
          best = km;
          nearest = seat.id;
        }
      }
      if (mountainSeats.has(nearest)) {
        cells.push(cell);
        taken++;
      }
    }
    log.push(`mountain zone: prefecture ${id}: ${taken} of ${inPrefecture.size} res-6 cells`);
  }
  const coordinates: Position[][][] = cellsToMultiPolygon(cells, true).map((polygon) =>
    polygon.map((ring, r) => orientRing(ring.map(([lng, lat]) => [Math.round(lng * 1e5) / 1e5, Math.round(lat * 1e5) / 1e5]), r === 0)),
  );
  log.push(`mountain zone: ${cells.length} res-6 cells, ${coordinates.length} parts`);
  return {
    feature: {
      type: 'Feature',
      properties: {
        zone: 'mountain',
        counties: Object.values(MOUNTAIN_COUNTIES),
        rule: 'H3 res-6 cells of each county\'s prefecture nearest (great circle) to that county\'s seat among the prefecture\'s candidate seats: the Voronoi region of the seat inside the prefecture, an approximation of the county (no county boundaries are bundled)',
        sources: MOUNTAIN_SOURCES,
      },
      geometry: { type: 'MultiPolygon', coordinates },
    },
    log,
  };
}

/** Rewrites conditions/weatherZones.geojson: its coastal feature, then the mountain zone. */
export function writeMountainZone(): void {
  const read = (rel: string) => JSON.parse(readFileSync(join(DIR, rel), 'utf8')) as FeatureCollection;
  const zones = read('conditions/weatherZones.geojson');
  const coastal = zones.features.filter((f) => f.properties?.zone === 'coastal');
  const { feature, log } = buildMountainZone(read('prefectures.geojson'), read('candidates.geojson'));
  console.log(log.join('\n'));
  writeFileSync(join(DIR, 'conditions', 'weatherZones.geojson'), stringifyFeatureCollection([...coastal, feature], { name: 'liaoning-weather-zones' }));
}

if (import.meta.url === `file://${process.argv[1]}`) writeMountainZone();
