/**
 * Builds data/liaoning/population.geojson: the 2020 census (7th national census) residents of
 * each prefecture-level city, spread by a documented rule (data/README.md, "People"):
 * - every GeoNames place of the prefecture keeps its city-proper population as a point, spread
 *   over a disk of √(population ÷ (π × 5,000/km²)) but at most 0.9 × its distance to the
 *   prefecture boundary (and at least 1 km);
 * - the rest of the prefecture's census total ("remainder": rural people and towns GeoNames
 *   lacks) is one polygon feature, the prefecture outline, spread evenly over its grid cells.
 * So each prefecture's people add up to its census total exactly, and the province to
 * 42,591,407.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import distance from '@turf/distance';
import type { Feature, MultiPolygon, Point } from 'geojson';

/** A cited 2020 census figure of one prefecture-level city. */
export interface CensusEntry {
  /** GB/T 2260 code, as in prefectures.geojson `id`. */
  id: string;
  nameEn: string;
  residents2020: number;
  sourceUrl: string;
  sourceTitle: string;
}

/** The province total of the 2020 census (wikimili "Liaoning" infobox, Population (2020) 42,591,407). */
export const LIAONING_RESIDENTS_2020 = { residents2020: 42_591_407, sourceUrl: 'https://wikimili.com/en/Liaoning', sourceTitle: 'Liaoning (wikimili copy of the Wikipedia article), infobox: Population (2020) 42,591,407' };

/**
 * Census 2020 residents per prefecture, each read on the page cited (stored copies, read 2026).
 * The fourteen add up to the province total exactly, a check the build repeats.
 */
export const CENSUS_2020: readonly CensusEntry[] = [
  { id: '210100', nameEn: 'Shenyang', residents2020: 9_070_093, sourceUrl: 'https://www.shenyang.gov.cn/english/aboutshenyang/welcometoshenyang/202112/t20211202_1792567.html', sourceTitle: 'Shenyang Daily 2021-06-02: "Shenyang has a permanent resident population of 9.07 million" (the page\'s digits read 907,093; 9,070,093 makes the province total add up)' },
  { id: '210200', nameEn: 'Dalian', residents2020: 7_450_785, sourceUrl: 'https://daluzixun.com/tag/%E8%A5%BF%E5%B4%97%E5%8D%80', sourceTitle: 'Dalian 7th census office (2021-06-08) as quoted by daluzixun.com: 7,450,785 residents' },
  { id: '210300', nameEn: 'Anshan', residents2020: 3_325_372, sourceUrl: 'https://simple.wikipedia.org/wiki/Anshan', sourceTitle: 'Simple English Wikipedia "Anshan": 2020 census 3,325,372' },
  { id: '210400', nameEn: 'Fushun', residents2020: 1_861_372, sourceUrl: 'https://www.laitimes.com/en/article/hbb6_ho1e.html', sourceTitle: 'laitimes "Chinese city No.202 — Fushun": seventh census, 1,861,372 residents' },
  { id: '210500', nameEn: 'Benxi', residents2020: 1_326_018, sourceUrl: 'https://en.wikipedia.org/wiki/Benxi', sourceTitle: 'Wikipedia "Benxi": 2020 census 1,326,018' },
  { id: '210600', nameEn: 'Dandong', residents2020: 2_188_436, sourceUrl: 'https://www.ceicdata.com/en/china/population-prefecture-level-city-by-census/population-census-gansu-qingyang', sourceTitle: 'CEIC "Population: Census: Liaoning: Dandong" 2,188.436 thousand (12-01-2020)' },
  { id: '210700', nameEn: 'Jinzhou', residents2020: 2_703_853, sourceUrl: 'https://pwojczyn.com/wiki/Jinzhou_wikipedia_crain_ford_lan_de_html.html', sourceTitle: 'German Wikipedia "Jinzhou" (copy): 2.703.853 Einwohner (Zensus 2020)' },
  { id: '210800', nameEn: 'Yingkou', residents2020: 2_328_582, sourceUrl: 'https://en.wikipedia.org/wiki/Yingkou', sourceTitle: 'Wikipedia "Yingkou": 2,328,582 as of the 2020 census' },
  { id: '210900', nameEn: 'Fuxin', residents2020: 1_647_280, sourceUrl: 'https://wikizero.net/wiki/en/Fuxin', sourceTitle: 'Wikipedia "Fuxin" (wikizero copy): 2020 census 1,647,280' },
  { id: '211000', nameEn: 'Liaoyang', residents2020: 1_604_580, sourceUrl: 'https://de.wikipedia.org/wiki/Liaoyang', sourceTitle: 'German Wikipedia "Liaoyang": 1.604.580 Einwohner (Zensus 2020)' },
  { id: '211100', nameEn: 'Panjin', residents2020: 1_389_691, sourceUrl: 'https://en.wikipedia.org/wiki/Panjin', sourceTitle: 'Wikipedia "Panjin": 1,389,691 as of the 2020 census' },
  { id: '211200', nameEn: 'Tieling', residents2020: 2_388_294, sourceUrl: 'https://en.wikipedia.org/wiki/Tieling', sourceTitle: 'Wikipedia "Tieling": as of the 2020 census 2,388,294' },
  { id: '211300', nameEn: 'Chaoyang', residents2020: 2_872_857, sourceUrl: 'https://profilpelajar.com/de/Chaoyang_(Liaoning)', sourceTitle: 'German Wikipedia "Chaoyang (Liaoning)" (copy): 2.872.857 Einwohner (Zensus 2020)' },
  { id: '211400', nameEn: 'Huludao', residents2020: 2_434_194, sourceUrl: 'https://de.wiki.li/Huludao', sourceTitle: 'German Wikipedia "Huludao" (copy): 2.434.194 Einwohner (Zensus 2020)' },
];

/**
 * Population features: the places as points (GeoNames city proper), and per prefecture its
 * census remainder as a polygon.
 *
 * @example
 * buildPopulation(prefectures, places).features.length // places with people + 14 remainders
 */
export function buildPopulation(prefectures: readonly Feature<MultiPolygon>[], places: readonly Feature<Point>[]): { features: Feature[]; log: string[] } {
  const log: string[] = [];
  const total = CENSUS_2020.reduce((s, e) => s + e.residents2020, 0);
  if (total !== LIAONING_RESIDENTS_2020.residents2020) throw new Error(`prefecture census figures add up to ${total}, not ${LIAONING_RESIDENTS_2020.residents2020}`);
  const points: Feature[] = [];
  const remainders: Feature[] = [];
  for (const prefecture of prefectures) {
    const id = String(prefecture.properties?.id);
    const census = CENSUS_2020.find((e) => e.id === id);
    if (!census) throw new Error(`no census figure for prefecture ${id}`);
    let inPlaces = 0;
    for (const place of places) {
      const persons = place.properties?.population as number;
      if (!(persons > 0) || !booleanPointInPolygon(place.geometry.coordinates, prefecture)) continue;
      inPlaces += persons;
      // The town's disk: the urban-density radius the grid would use (5,000 people/km²), but no
      // further than the prefecture boundary, so a town's people stay in its prefecture.
      let toBoundaryKm = Infinity;
      for (const polygon of prefecture.geometry.coordinates) for (const ring of polygon) for (const vertex of ring) toBoundaryKm = Math.min(toBoundaryKm, distance(place.geometry.coordinates, vertex, { units: 'kilometers' }));
      const radiusKm = Math.round(Math.max(1, Math.min(Math.sqrt(persons / (Math.PI * 5000)), toBoundaryKm * 0.9)) * 100) / 100;
      points.push({
        type: 'Feature',
        properties: {
          id: place.properties?.id,
          name: place.properties?.name,
          population: persons,
          radiusKm,
          prefectureId: id,
          source: `${place.properties?.source}; city-proper population as GeoNames gives it (year varies)`,
          confidence: 'medium',
        },
        geometry: place.geometry,
      });
    }
    const remainder = census.residents2020 - inPlaces;
    if (remainder < 0) throw new Error(`${census.nameEn}: GeoNames places hold ${inPlaces} people, more than the census ${census.residents2020}`);
    log.push(`${census.nameEn}: census ${census.residents2020}, GeoNames places ${inPlaces}, remainder ${remainder} spread over the prefecture`);
    remainders.push({
      type: 'Feature',
      properties: {
        id: `remainder:${id}`,
        name: `${census.nameEn}: census 2020 residents outside the GeoNames places`,
        population: remainder,
        prefectureId: id,
        census2020: census.residents2020,
        source: `census: ${census.sourceTitle}`,
        sourceUrl: census.sourceUrl,
        rule: 'census total minus the GeoNames places inside the prefecture, spread evenly over its area (assumption: no finer data offline)',
        confidence: 'medium',
      },
      geometry: prefecture.geometry,
    });
  }
  return { features: [...points, ...remainders], log };
}
