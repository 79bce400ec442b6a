// What issue 16's hardening costs: reading a layer through readInputFile + parseJsonText (regular
// file, size cap, nesting scan, reserved-key walk) against readFile + JSON.parse; the ring checks
// (checkPolygonRings, every polygon) against @turf/kinks (the check it replaced, skipped above
// 20,000 vertices) on Liaoning's prefectures and on generated rings; and the all-or-nothing write
// (lock, staging, one commit rename, moves) against plain writeFile of the same files.
// Run: `node --expose-gc --import tsx bench/hardening.bench.ts`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson';
import kinks from '@turf/kinks';
import { Bench } from 'tinybench';
import { readGeoJsonFile } from '../src/io/readGeoJson.js';
import { checkPolygonRings } from '../src/grid/checkPolygonRings.js';
import { writeFilesAtomic } from '../src/io/writeFileAtomic.js';
import { writeBenchResults } from './benchReport.js';

const here = dirname(fileURLToPath(import.meta.url));
const prefecturesPath = join(here, '..', 'data', 'liaoning', 'prefectures.geojson');
const work = mkdtempSync(join(tmpdir(), 'airreach-hardening-bench-'));
const loadAtStart = loadavg();
const rows: Array<Record<string, unknown>> = [];

// A 40 MB layer: 2,000 hazard polygons of 1,000 vertices each.
const big: FeatureCollection = {
  type: 'FeatureCollection',
  features: Array.from({ length: 2_000 }, (_, k) => {
    const [cx, cy] = [120 + (k % 50) * 0.1, 39 + Math.floor(k / 50) * 0.1];
    const ring: Position[] = Array.from({ length: 1_000 }, (_, i) => [cx + 0.04 * Math.cos((2 * Math.PI * i) / 1_000), cy + 0.04 * Math.sin((2 * Math.PI * i) / 1_000)]);
    ring.push(ring[0]);
    return { type: 'Feature', properties: { name: `h${k}`, type: 'flood', weight: 1 }, geometry: { type: 'Polygon', coordinates: [ring] } } satisfies Feature;
  }),
};
const bigPath = join(work, 'big.geojson');
writeFileSync(bigPath, JSON.stringify(big));

const prefectures = JSON.parse(readFileSync(prefecturesPath, 'utf8')) as FeatureCollection;
const partsOf = (feature: Feature) => (feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : (feature.geometry as { coordinates: Position[][][] }).coordinates);
const circle = (n: number): Position[] => {
  const ring: Position[] = Array.from({ length: n }, (_, i) => [122 + Math.cos((2 * Math.PI * i) / n), 41 + Math.sin((2 * Math.PI * i) / n) * (1 + 0.01 * Math.sin(i))]);
  ring.push(ring[0]);
  return ring;
};
const ring1e5 = circle(100_000);
const ring1e6 = circle(1_000_000);

// The outputs of a small run: 7 files, 4.6 MB.
const files: Record<string, string> = {};
for (const [name, bytes] of [['coverage-day.geojson', 2_000_000], ['coverage-night.geojson', 2_000_000], ['coverage-day.csv', 300_000], ['coverage-night.csv', 300_000], ['report.html', 140_000], ['summary.json', 30_000], ['bases.geojson', 500]] as const) {
  files[name] = 'x'.repeat(bytes);
}
let round = 0;

const bench = new Bench({ iterations: 5, time: 0, warmup: true, warmupIterations: 1 });
bench
  .add('read prefectures.geojson (440 KB): readFile + JSON.parse', async () => {
    JSON.parse(await readFile(prefecturesPath, 'utf8'));
  })
  .add('read prefectures.geojson (440 KB): readGeoJsonFile (readInputFile + parseJsonText)', async () => {
    await readGeoJsonFile(prefecturesPath);
  })
  .add('read a 40 MB layer: readFile + JSON.parse', async () => {
    JSON.parse(await readFile(bigPath, 'utf8'));
  })
  .add('read a 40 MB layer: readGeoJsonFile (readInputFile + parseJsonText)', async () => {
    await readGeoJsonFile(bigPath);
  })
  .add('rings of the 14 prefectures (21,470 vertices): @turf/kinks', () => {
    for (const feature of prefectures.features) for (const parts of partsOf(feature)) kinks({ type: 'Polygon', coordinates: parts } as Polygon);
  })
  .add('rings of the 14 prefectures (21,470 vertices): checkPolygonRings', () => {
    for (const feature of prefectures.features) checkPolygonRings(partsOf(feature), {}, 'geometry.coordinates', feature.geometry.type === 'MultiPolygon');
  })
  .add('a 100,000-vertex ring: checkPolygonRings (kinks skipped such rings)', () => {
    checkPolygonRings([[ring1e5]], {}, 'g', false);
  })
  .add('a 1,000,000-vertex ring: checkPolygonRings', () => {
    checkPolygonRings([[ring1e6]], {}, 'g', false);
  })
  .add('write 7 files (4.6 MB): writeFile each', async () => {
    const folder = join(work, `plain-${round++}`);
    await mkdir(folder, { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(join(folder, name), text);
  })
  .add('write 7 files (4.6 MB): writeFilesAtomic (lock, staging, commit, moves)', async () => {
    await writeFilesAtomic(join(work, `atomic-${round++}`), files);
  });
await bench.run();
for (const task of bench.tasks) {
  const result = task.result as { latency?: { mean: number; min: number; max: number; p50?: number } } | undefined;
  rows.push({ task: task.name, medianMs: result?.latency?.p50 ?? Number.NaN, meanMs: result?.latency?.mean ?? Number.NaN, minMs: result?.latency?.min ?? Number.NaN, samples: task.runs });
  console.log(rows[rows.length - 1]);
}
rmSync(work, { recursive: true, force: true });

writeBenchResults('hardening', rows, [
  'Reading: the same file through readFile + JSON.parse, and through readGeoJsonFile without a layer kind (readInputFile: non-blocking open, fstat, size cap, read; parseJsonText: JSON.parse, then one walk for the nesting depth and reserved keys). Most of the difference on the 40 MB layer is the first pass of that walk over two million position arrays right after parsing, before the JIT has optimised it (about 0.5 s cold, 20-40 ms warm, measured on a 78 MB layer); a process pays the cold pass once.',
  'Rings: @turf/kinks on each polygon part (as validateFeatures did, up to 20,000 vertices) against checkPolygonRings on each feature (crossings within and between all rings and parts, holes inside shells, parts apart).',
  'Writing: 7 files of the sizes of a small run into a fresh folder each time, on the temp file system.',
  `The machine is shared (2 cores, other jobs running): load average ${loadAtStart.map((l) => l.toFixed(1)).join(' / ')} at start, ${loadavg().map((l) => l.toFixed(1)).join(' / ')} at end (1/5/15 min); times scale with it.`,
]);
