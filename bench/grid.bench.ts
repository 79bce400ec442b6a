// Demand grid benchmark (issue 2 §2): buildDemandGrid over the bundled Liaoning case (province
// extent, 14 prefectures, places, every hazard layer) at H3 resolutions 7 and 8, and the hazard
// area shares computed two ways: polygonCellShares (coarse polygonToCells + boundary sampling)
// against the naive definition (polygonToCells of every hazard at resolution + 2, cellToParent,
// count). Run: `node --expose-gc --import tsx bench/grid.bench.ts`.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Position } from 'geojson';
import { cellToParent, polygonToCells } from 'h3-js';
import { Bench } from 'tinybench';
import { buildDemandGrid, type DemandInputs } from '../src/grid/buildDemandGrid.js';
import { polygonCellShares } from '../src/grid/polygonCellShares.js';
import { readGeoJsonFile } from '../src/io/readGeoJson.js';
import { writeBenchResults } from './benchReport.js';

const dataFolder = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'liaoning');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

async function loadInputs(): Promise<DemandInputs> {
  const hazardFiles = readdirSync(join(dataFolder, 'hazards')).filter((name) => name.endsWith('.geojson')).sort();
  return {
    hazards: await Promise.all(hazardFiles.map((name) => readGeoJsonFile(join(dataFolder, 'hazards', name), { kind: 'hazard' }))),
    regions: await readGeoJsonFile(join(dataFolder, 'prefectures.geojson'), { kind: 'region' }),
    extent: await readGeoJsonFile(join(dataFolder, 'province.geojson'), { kind: 'extent' }),
    population: await readGeoJsonFile(join(dataFolder, 'places.geojson'), { kind: 'population' }),
  };
}

function hazardPolygons(inputs: DemandInputs): Position[][][][] {
  const out: Position[][][][] = [];
  for (const layer of inputs.hazards) {
    for (const feature of layer.collection.features) {
      if (feature.geometry.type === 'Polygon') out.push([feature.geometry.coordinates]);
      if (feature.geometry.type === 'MultiPolygon') out.push(feature.geometry.coordinates);
    }
  }
  return out;
}

function naiveShares(polygons: Position[][][][], resolution: number): number {
  let cells = 0;
  for (const parts of polygons) {
    const counts = new Map<string, number>();
    for (const part of parts) {
      for (const child of polygonToCells(part, resolution + 2, true)) {
        const parent = cellToParent(child, resolution);
        counts.set(parent, (counts.get(parent) ?? 0) + 1);
      }
    }
    cells += counts.size;
  }
  return cells;
}

const inputs = await loadInputs();
const polygons = hazardPolygons(inputs);
const rows: Array<Record<string, unknown>> = [];

for (const resolution of [7, 8]) {
  gc();
  const before = process.memoryUsage();
  const grid = buildDemandGrid(inputs, { resolution });
  const after = process.memoryUsage();
  const bench = new Bench({ iterations: resolution === 8 ? 3 : 5, time: 0, warmupIterations: 0 });
  bench.add(`buildDemandGrid res ${resolution}`, () => {
    buildDemandGrid(inputs, { resolution });
  });
  bench.add(`hazard shares, polygonCellShares, res ${resolution}`, () => {
    for (const parts of polygons) polygonCellShares(parts, resolution);
  });
  bench.add(`hazard shares, naive polygonToCells at res ${resolution + 2}`, () => {
    naiveShares(polygons, resolution);
  });
  await bench.run();
  for (const task of bench.tasks) {
    const result = task.result as { latency?: { mean: number; min: number; max: number } } | undefined;
    rows.push({
      task: task.name,
      cells: task.name.startsWith('buildDemandGrid') ? grid.cellCount : '',
      estimatedCells: task.name.startsWith('buildDemandGrid') ? grid.estimate.cellCount : '',
      meanMs: result?.latency?.mean ?? Number.NaN,
      minMs: result?.latency?.min ?? Number.NaN,
      maxMs: result?.latency?.max ?? Number.NaN,
      samples: task.runs,
      heapGrowthMiB: task.name.startsWith('buildDemandGrid') ? mib(after.heapUsed - before.heapUsed) : '',
      rssAfterMiB: task.name.startsWith('buildDemandGrid') ? mib(after.rss) : '',
    });
  }
  console.table(rows.slice(-3));
}

writeBenchResults('grid', rows, [
  'Inputs: data/liaoning province.geojson (extent), prefectures.geojson (regions), places.geojson (population), hazards/*.geojson; default options (share offset +2).',
  'heapGrowthMiB: JS heap after one build minus before (the grid and garbage not yet collected); rssAfterMiB: process RSS after it (includes h3-js\'s asm.js heap).',
  'The machine is shared (2 cores, other jobs running): treat times as ±30-50 %.',
]);
