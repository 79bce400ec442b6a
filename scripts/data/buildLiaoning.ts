/**
 * Rebuilds every file under data/liaoning/ from the pinned upstream packages.
 * Run: `npx tsx scripts/data/buildLiaoning.ts` (fetches packages into /tmp/airreach-data on first run).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature } from 'geojson';
import { buildBoundaries } from './buildBoundaries.js';
import { AREA_LAYERS, buildHazards } from './buildHazards.js';
import { buildPopulation, CENSUS_2020 } from './buildPopulation.js';
import { buildAirports, buildCandidates, buildPlaces } from './buildPoints.js';
import { buildWeatherZones } from './buildWeatherZones.js';
import { writeRoadNetwork } from './buildRoadNetwork.js';
import { writeMountainZone } from './buildMountainZone.js';
import { stringifyFeatureCollection } from './geometry.js';

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'liaoning');

function write(rel: string, features: readonly Feature[], name: string): void {
  const path = join(OUT_DIR, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, stringifyFeatureCollection(features, { name }));
  console.log(`wrote ${rel}: ${features.length} features`);
}

const b = buildBoundaries();
console.log(b.log.join('\n'));
write('province.geojson', [b.province], 'liaoning-province');
for (const prefecture of b.prefectures) {
  const census = CENSUS_2020.find((e) => e.id === String(prefecture.properties?.id));
  prefecture.properties = { ...prefecture.properties, population2020: census?.residents2020 ?? null, population2020SourceUrl: census?.sourceUrl ?? null };
}
write('prefectures.geojson', b.prefectures, 'liaoning-prefectures');
const places = buildPlaces(b.province, b.prefectures);
console.log(places.log.join('\n'));
write('places.geojson', places.features, 'liaoning-places');
const cand = buildCandidates(places.cities, b.prefectures, b.province);
console.log(cand.log.join('\n'));
write('candidates.geojson', cand.features, 'liaoning-candidate-sites');
const airports = await buildAirports(b.province, b.prefectures);
console.log(airports.log.join('\n'));
write('airports.geojson', airports.features, 'liaoning-airports');
// Refuelling points for the variant scenarios/refuel-at-airfields.json: the civil and general-aviation
// airfields (military fields left out). That rescue aircraft may take fuel there is an ASSUMPTION.
write(
  'refuelling.geojson',
  airports.features
    .filter((feature) => feature.properties?.kind === 'civil' || feature.properties?.kind === 'generalAviation')
    .map((feature) => ({ ...feature, properties: { ...feature.properties, assumption: 'ASSUMPTION: rescue aircraft may refuel at this airfield' } })),
  'liaoning-refuelling',
);
const population = buildPopulation(b.prefectures, places.features);
console.log(population.log.join('\n'));
write('population.geojson', population.features, 'liaoning-population-2020');
const hazards = buildHazards(b.province, places.cities);
write('hazards/sites.geojson', hazards.sites, 'liaoning-hazard-sites');
for (const t of AREA_LAYERS) write(`hazards/${t}.geojson`, hazards.areas[t], `liaoning-hazards-${t}`);
const zones = buildWeatherZones(b.province);
console.log(zones.log.join('\n'));
write('conditions/weatherZones.geojson', [zones.feature], 'liaoning-weather-zones');
// The mountain zone (eastern mountain counties) after the coastal one: a cell in both is coastal.
writeMountainZone();
// The expressway graph of the depot ground times (reads the candidates written above).
writeRoadNetwork();
