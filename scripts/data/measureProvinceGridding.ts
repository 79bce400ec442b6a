/**
 * Measures h3-js `polygonToCells` on data/liaoning/province.geojson (one process, after a
 * warm-up call). Run: `node --import tsx scripts/data/measureProvinceGridding.ts`.
 * Reported in data/README.md; not a test (timings belong outside the test suite).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { polygonToCells } from 'h3-js';

const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'liaoning', 'province.geojson');
const fc = JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection<MultiPolygon>;
const parts = fc.features[0].geometry.coordinates;
const vertices = parts.flat(2).length;
polygonToCells(parts[0], 5, true); // warm-up
for (const res of [6, 7, 8]) {
  const runs: number[] = [];
  let cells = 0;
  for (let r = 0; r < (res === 8 ? 2 : 3); r++) {
    const t0 = performance.now();
    cells = 0;
    for (const poly of parts) cells += polygonToCells(poly, res, true).length;
    runs.push(performance.now() - t0);
  }
  console.log(`res ${res}: ${cells} cells, ${vertices} vertices, min ${Math.min(...runs).toFixed(0)} ms over ${runs.length} runs (node ${process.version})`);
}
