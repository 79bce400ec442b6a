/**
 * Resident population of the 31 provincial-level divisions of mainland China at the Seventh
 * National Population Census (zero hour 2020-11-01), as published by the National Bureau of
 * Statistics on 2021-05-11 (Communiqué No. 3, population by region).
 *
 * Read from stored copies of public pages (the project's `search` tool, corpus `pages`):
 * - kinas.se, "Befolkningen i Kinas regioner och största städer" (2021-05-13, citing 国家统计局):
 *   all 31 values, plus 2,000,000 active-duty military, total 1,411,778,724
 *   (http://www.kinas.se/befolkningen-i-kinas-regioner-och-storsta-stader/). Its Xinjiang row is
 *   misprinted "2.5852.345"; 25,852,345 is the value that makes its total add up, and the one
 *   the Spanish Wikipedia list gives.
 * - citypopulation.de, "China: Provinces" (census 2020-11-01 column;
 *   https://citypopulation.de/en/china/prov/admin/): Anhui, Beijing, Chongqing, Fujian, Gansu,
 *   Guangdong, Guangxi, Guizhou, Hainan, Hebei, Heilongjiang, Henan, Hubei, Hunan, Jiangsu,
 *   Jiangxi (the rows the stored excerpt holds) — every one equal to the value below.
 * - Wikipedia (es), "Anexo:Divisiones administrativas de China por población", Censo de 2020
 *   (kiwix copy 2024-05): the 13 largest — equal.
 * - "2020 Chinese census" (Wikipedia mirror everyfhing.explained.today): mainland total
 *   1,411,778,724 and Beijing 21,893,095 — equal.
 *
 * The 31 values sum to 1,409,778,724: the national total also counts 2,000,000 active-duty
 * military, who belong to no province (the communiqué lists them apart), and are left out here.
 */

/** One provincial-level division: GB/T 2260 code (the ECharts feature id), names, census population. */
export interface CensusProvince {
  /** GB/T 2260 code, e.g. '210000'. */
  id: string;
  /** Chinese name as ECharts `china.json` has it. */
  name: string;
  /** English name. */
  nameEn: string;
  /** File-name slug (ASCII, unique: Shanxi vs Shaanxi). */
  slug: string;
  /** Resident population, 2020 census. */
  population2020: number;
}

/** The 31 divisions in GB/T 2260 order. */
export const CENSUS_2020: readonly CensusProvince[] = [
  { id: '110000', name: '北京', nameEn: 'Beijing', slug: 'beijing', population2020: 21_893_095 },
  { id: '120000', name: '天津', nameEn: 'Tianjin', slug: 'tianjin', population2020: 13_866_009 },
  { id: '130000', name: '河北', nameEn: 'Hebei', slug: 'hebei', population2020: 74_610_235 },
  { id: '140000', name: '山西', nameEn: 'Shanxi', slug: 'shanxi', population2020: 34_915_616 },
  { id: '150000', name: '内蒙古', nameEn: 'Inner Mongolia', slug: 'inner-mongolia', population2020: 24_049_155 },
  { id: '210000', name: '辽宁', nameEn: 'Liaoning', slug: 'liaoning', population2020: 42_591_407 },
  { id: '220000', name: '吉林', nameEn: 'Jilin', slug: 'jilin', population2020: 24_073_453 },
  { id: '230000', name: '黑龙江', nameEn: 'Heilongjiang', slug: 'heilongjiang', population2020: 31_850_088 },
  { id: '310000', name: '上海', nameEn: 'Shanghai', slug: 'shanghai', population2020: 24_870_895 },
  { id: '320000', name: '江苏', nameEn: 'Jiangsu', slug: 'jiangsu', population2020: 84_748_016 },
  { id: '330000', name: '浙江', nameEn: 'Zhejiang', slug: 'zhejiang', population2020: 64_567_588 },
  { id: '340000', name: '安徽', nameEn: 'Anhui', slug: 'anhui', population2020: 61_027_171 },
  { id: '350000', name: '福建', nameEn: 'Fujian', slug: 'fujian', population2020: 41_540_086 },
  { id: '360000', name: '江西', nameEn: 'Jiangxi', slug: 'jiangxi', population2020: 45_188_635 },
  { id: '370000', name: '山东', nameEn: 'Shandong', slug: 'shandong', population2020: 101_527_453 },
  { id: '410000', name: '河南', nameEn: 'Henan', slug: 'henan', population2020: 99_365_519 },
  { id: '420000', name: '湖北', nameEn: 'Hubei', slug: 'hubei', population2020: 57_752_557 },
  { id: '430000', name: '湖南', nameEn: 'Hunan', slug: 'hunan', population2020: 66_444_864 },
  { id: '440000', name: '广东', nameEn: 'Guangdong', slug: 'guangdong', population2020: 126_012_510 },
  { id: '450000', name: '广西', nameEn: 'Guangxi', slug: 'guangxi', population2020: 50_126_804 },
  { id: '460000', name: '海南', nameEn: 'Hainan', slug: 'hainan', population2020: 10_081_232 },
  { id: '500000', name: '重庆', nameEn: 'Chongqing', slug: 'chongqing', population2020: 32_054_159 },
  { id: '510000', name: '四川', nameEn: 'Sichuan', slug: 'sichuan', population2020: 83_674_866 },
  { id: '520000', name: '贵州', nameEn: 'Guizhou', slug: 'guizhou', population2020: 38_562_148 },
  { id: '530000', name: '云南', nameEn: 'Yunnan', slug: 'yunnan', population2020: 47_209_277 },
  { id: '540000', name: '西藏', nameEn: 'Tibet', slug: 'tibet', population2020: 3_648_100 },
  { id: '610000', name: '陕西', nameEn: 'Shaanxi', slug: 'shaanxi', population2020: 39_528_999 },
  { id: '620000', name: '甘肃', nameEn: 'Gansu', slug: 'gansu', population2020: 25_019_831 },
  { id: '630000', name: '青海', nameEn: 'Qinghai', slug: 'qinghai', population2020: 5_923_957 },
  { id: '640000', name: '宁夏', nameEn: 'Ningxia', slug: 'ningxia', population2020: 7_202_654 },
  { id: '650000', name: '新疆', nameEn: 'Xinjiang', slug: 'xinjiang', population2020: 25_852_345 },
];

/** Mainland total at the 2020 census, military included (the 31 divisions sum to 2,000,000 less). */
export const CENSUS_2020_MAINLAND_TOTAL = 1_411_778_724;

/** Active-duty military counted in the national total but in no province. */
export const CENSUS_2020_MILITARY = 2_000_000;
