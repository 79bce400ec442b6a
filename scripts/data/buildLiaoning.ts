/**
 * Rebuilds every file under data/liaoning/ from the pinned upstream packages.
 * Run: `npx tsx scripts/data/buildLiaoning.ts` (fetches packages into /tmp/airreach-data on first run).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature } from 'geojson';
import { buildBoundaries } from './buildBoundaries.js';
import { buildHazards, HAZARD_TYPES } from './buildHazards.js';
import { buildAirports, buildCandidates, buildPlaces } from './buildPoints.js';
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
const hazards = buildHazards(b.province, places.cities);
for (const t of HAZARD_TYPES) write(`hazards/${t}.geojson`, hazards[t], `liaoning-hazards-${t}`);
