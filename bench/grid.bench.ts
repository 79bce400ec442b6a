// Demand grid benchmark (issue 2 §2): buildDemandGrid over the bundled Liaoning case (province
// extent, 14 prefectures, places, every hazard layer) at H3 resolutions 7 and 8, and the hazard
// area shares computed two ways: polygonCellShares (coarse polygonToCells + boundary sampling)
// against the naive definition (polygonToCells of every hazard at resolution + 2, cellToParent,
// count). Run: `node --expose-gc --import tsx bench/grid.bench.ts`.
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
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

const loadAtStart = loadavg();
const inputs = await loadInputs();
const polygons = hazardPolygons(inputs);
const rows: Array<Record<string, unknown>> = [];

for (const resolution of [7, 8]) {
  gc();
  const before = process.memoryUsage();
  const grid = buildDemandGrid(inputs, { resolution });
  const after = process.memoryUsage();
  console.log(`res ${resolution}: ${grid.cellCount} cells (estimate ${grid.estimate.cellCount})`);
  const bench = new Bench({ iterations: resolution === 8 ? 2 : 3, time: 0, warmup: false });
  bench.add(`buildDemandGrid res ${resolution}`, () => {
    buildDemandGrid(inputs, { resolution });
  });
  bench.add(`hazard shares, polygonCellShares, res ${resolution}`, () => {
    for (const parts of polygons) polygonCellShares(parts, resolution);
  });
  // The naive fill at res 9/10 is 49× the cells: one run at res 7 is enough to compare.
  if (resolution === 7) {
    bench.add(`hazard shares, naive polygonToCells at res ${resolution + 2}`, () => {
      naiveShares(polygons, resolution);
    });
  }
  await bench.run();
  for (const task of bench.tasks) {
    const result = task.result as { latency?: { mean: number; min: number; max: number } } | undefined;
    const isBuild = task.name.startsWith('buildDemandGrid');
    rows.push({
      task: task.name,
      cells: isBuild ? grid.cellCount : '',
      estimatedCells: isBuild ? grid.estimate.cellCount : '',
      meanMs: result?.latency?.mean ?? Number.NaN,
      minMs: result?.latency?.min ?? Number.NaN,
      maxMs: result?.latency?.max ?? Number.NaN,
      samples: task.runs,
      heapGrowthMiB: isBuild ? mib(after.heapUsed - before.heapUsed) : '',
      rssAfterMiB: isBuild ? mib(after.rss) : '',
    });
    console.log(rows[rows.length - 1]);
  }
}

writeBenchResults('grid', rows, [
  'Inputs: data/liaoning province.geojson (extent), prefectures.geojson (regions), places.geojson (population), hazards/*.geojson; default options (share offset +2).',
  'heapGrowthMiB: JS heap after one build minus before (the grid and garbage not yet collected); rssAfterMiB: process RSS after it (includes h3-js\'s asm.js heap).',
  `The machine is shared (2 cores, other jobs running): load average ${loadAtStart.map((l) => l.toFixed(1)).join(' / ')} at start, ${loadavg().map((l) => l.toFixed(1)).join(' / ')} at end (1/5/15 min); times scale with it.`,
]);
