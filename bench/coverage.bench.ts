// Coverage build benchmark (issue 2, Performance): the Liaoning grid at H3 resolution 8 from
// ≥ 300 sites at a 60-minute standard with an H135 fleet, against a naive all-pairs baseline
// (@turf/distance for every site × cell). Run: `npx tsx bench/coverage.bench.ts`
// (add `node --expose-gc --import tsx` to collect garbage between phases).
import { loadavg } from 'node:os';
import { Bench } from 'tinybench';
import distance from '@turf/distance';
import { buildCoverage } from '../src/coverage/buildCoverage.js';
import { buildCellIndex } from '../src/coverage/buildCellIndex.js';
import type { CoverageMatrix } from '../src/coverage/coverageMatrix.js';
import { AIRCRAFT_CATALOGUE } from '../src/travel/aircraftCatalogue.js';
import { responseMinutes } from '../src/travel/responseMinutes.js';
import { isWithinRange } from '../src/travel/isWithinRange.js';
import type { Site } from '../src/travel/aircraft.js';
import { createRandom } from '../src/random.js';
import { writeBenchResults } from './benchReport.js';
import { benchSites, provinceGrid } from './liaoningBenchInput.js';

const RESOLUTION = 8;
const STANDARD_MINUTES = 60;
const SITE_COUNT = 300;
const BASELINE_SITES = 4;
const SEED = 2026;
const fleet: Site['fleet'] = [{ aircraftTypeId: 'H135', count: 1 }];
const h135 = AIRCRAFT_CATALOGUE.H135;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;



/** The naive build a first attempt would write: turf distance for every site × cell. */
function naiveBuild(grid: { cellCount: number; latDeg: Float64Array; lngDeg: Float64Array }, sites: Site[]): number {
  let covered = 0;
  for (const site of sites) {
    const cells: number[] = [];
    const minutes: number[] = [];
    const from = [site.lngDeg, site.latDeg];
    for (let c = 0; c < grid.cellCount; c++) {
      const km = distance(from, [grid.lngDeg[c], grid.latDeg[c]], { units: 'kilometers' });
      const m = responseMinutes(km, h135, 'day');
      if (m <= STANDARD_MINUTES && isWithinRange(km, h135)) {
        cells.push(c);
        minutes.push(m);
      }
    }
    covered += cells.length;
  }
  return covered;
}

const loadBefore = loadavg()[0];
const started = performance.now();
const grid = provinceGrid(RESOLUTION);
const gridSeconds = (performance.now() - started) / 1000;
const { sites, fromData } = benchSites(grid, SITE_COUNT, SEED, fleet);
console.log(`grid: ${grid.cellCount} cells at res ${RESOLUTION} from ${grid.source} (${gridSeconds.toFixed(1)} s); ${sites.length} sites (${fromData} from data/liaoning)`);

gc();
const before = process.memoryUsage();
let matrix: CoverageMatrix | undefined;
let cellIndex = buildCellIndex(grid);
let naiveCovered = 0;
const baselineRandom = createRandom(SEED + 1);
const baselineSites = Array.from({ length: BASELINE_SITES }, () => sites[baselineRandom.int(0, sites.length - 1)]);

const bench = new Bench({ iterations: 3, time: 0, warmup: true, warmupIterations: 1, warmupTime: 0 });
bench
  .add('buildCellIndex (kdbush + unit vectors + latitude bands), once per grid', () => {
    cellIndex = buildCellIndex(grid);
  })
  .add(`buildCoverage, ${sites.length} sites, prebuilt index`, () => {
    matrix = undefined;
    matrix = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: STANDARD_MINUTES, period: 'day', cellIndex });
  })
  .add(`naive all-pairs turf baseline, ${BASELINE_SITES} seeded sites`, () => {
    naiveCovered = naiveBuild(grid, baselineSites);
  });
await bench.run();

const meanMs = (i: number) => (bench.tasks[i].result as unknown as { latency: { mean: number; rme?: number } }).latency.mean;
const indexMs = meanMs(0);
const buildMs = meanMs(1);
const naiveMs = meanMs(2);
const built = matrix as unknown as CoverageMatrix;

// CPU time of one more run of each: less sensitive than wall time to other processes on the
// machine taking turns on the cores (it still includes V8's GC threads).
function cpuMs(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
const buildCpuMs = cpuMs(() => {
  buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: STANDARD_MINUTES, period: 'day', cellIndex });
});
const naiveCpuMs = cpuMs(() => {
  naiveBuild(grid, baselineSites);
});
const afterBuild = process.memoryUsage();
const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);

const pairCount = built.pairCount;
const allPairs = sites.length * grid.cellCount;
const coveredPerSecond = pairCount / (buildMs / 1000);
const coveredPerSecondWithIndex = pairCount / ((buildMs + indexMs) / 1000);
const naivePairs = BASELINE_SITES * grid.cellCount;
const naivePairsPerSecond = naivePairs / (naiveMs / 1000);
const bytesPerPair = built.data.byteLength / pairCount;

// Cross-check on the baseline's sites: the naive build must find the same number of covered pairs.
const sameSites = buildCoverage(grid, baselineSites, AIRCRAFT_CATALOGUE, { maxMinutes: STANDARD_MINUTES, cellIndex });

const rows = [
  { measure: 'grid cells (res 8)', value: grid.cellCount, unit: 'cells' },
  { measure: 'sites', value: sites.length, unit: `sites (${fromData} airports/candidates from data/liaoning, the rest seeded random cell centres)` },
  { measure: 'site × cell pairs', value: allPairs, unit: 'pairs' },
  { measure: 'covered pairs stored (≤ 60 min, H135)', value: pairCount, unit: 'pairs' },
  { measure: 'buildCoverage time (prebuilt index, mean of 3)', value: Math.round(buildMs), unit: 'ms' },
  { measure: 'buildCellIndex time (mean of 3)', value: Math.round(indexMs), unit: 'ms' },
  { measure: 'covered pairs per second (build only)', value: Math.round(coveredPerSecond), unit: 'pairs/s' },
  { measure: 'covered pairs per second (index + build)', value: Math.round(coveredPerSecondWithIndex), unit: 'pairs/s' },
  { measure: 'site × cell pairs decided per second (build only)', value: Math.round(allPairs / (buildMs / 1000)), unit: 'pairs/s' },
  { measure: `naive baseline: pairs per second (turf, ${BASELINE_SITES} seeded sites × all cells)`, value: Math.round(naivePairsPerSecond), unit: 'pairs/s' },
  { measure: 'naive baseline projected for all sites', value: Math.round((allPairs / naivePairsPerSecond) * 1000), unit: 'ms (projected from the rate)' },
  { measure: 'speed-up: covered pairs/s ÷ baseline pairs/s', value: Math.round((coveredPerSecond / naivePairsPerSecond) * 10) / 10, unit: '× (target ≥ 30)' },
  { measure: 'speed-up: same job, projected baseline time ÷ build time', value: Math.round((allPairs / naivePairsPerSecond / (buildMs / 1000)) * 10) / 10, unit: '×' },
  { measure: 'CPU time: buildCoverage (one run)', value: Math.round(buildCpuMs), unit: 'ms' },
  { measure: 'CPU time: covered pairs per CPU second', value: Math.round(pairCount / (buildCpuMs / 1000)), unit: 'pairs/s' },
  { measure: 'CPU time: naive baseline pairs per CPU second', value: Math.round(naivePairs / (naiveCpuMs / 1000)), unit: 'pairs/s' },
  { measure: 'CPU time speed-up: covered pairs/s ÷ baseline pairs/s', value: Math.round((pairCount / buildCpuMs / (naivePairs / naiveCpuMs)) * 10) / 10, unit: '× (target ≥ 30)' },
  { measure: 'CPU time speed-up: same job', value: Math.round(((allPairs / (naivePairs / naiveCpuMs)) / buildCpuMs) * 10) / 10, unit: '×' },
  { measure: 'matrix buffer', value: mib(built.data.byteLength), unit: 'MiB' },
  { measure: 'bytes per covered pair (buffer ÷ pairs)', value: bytesPerPair.toFixed(6), unit: `bytes (target ≤ 8): 8 per pair + ${built.data.byteLength - 8 * pairCount} bytes of header and row offsets` },
  { measure: 'RSS after the runs', value: mib(afterBuild.rss), unit: 'MiB' },
  { measure: 'peak RSS of the process (maxRSS)', value: peakRssMiB, unit: 'MiB' },
  { measure: 'JS heap used before → after', value: `${mib(before.heapUsed)} → ${mib(afterBuild.heapUsed)}`, unit: 'MiB' },
  { measure: 'ArrayBuffers before → after', value: `${mib(before.arrayBuffers)} → ${mib(afterBuild.arrayBuffers)}`, unit: 'MiB' },
  { measure: 'naive vs pruned covered pairs on the baseline sites', value: `${naiveCovered} vs ${sameSites.pairCount}`, unit: 'pairs (must be equal up to rounding at the rim)' },
];
const notes = [
  `Grid: h3-js polygonToCells(res ${RESOLUTION}) over ${grid.source}, cell centres from cellToLatLng; built in ${gridSeconds.toFixed(1)} s (not part of any timing).`,
  `Fleet: one H135 per site (cruise ${h135.cruiseSpeedKmh} km/h, ${h135.activationMinutesDay} min day activation, ${h135.fixedMinutes} fixed minutes), day, ${STANDARD_MINUTES}-minute standard.`,
  `The naive baseline runs @turf/distance + responseMinutes + the range rule for every cell from ${BASELINE_SITES} seeded sites (not all ${sites.length}: that would take minutes); its figure is a rate, and the all-sites time is projected from it.`,
  'Bytes per pair: 8 per stored pair (uint32 cell + float32 minutes) plus a 32-byte header and 4 bytes per site of row offsets; the excess over 8.0 is that fixed overhead spread over the pairs.',
  'Peak RSS covers the whole run (grid building with h3-js, five builds, the baseline, and two matrices alive at once while tinybench swaps them). The builder counts each row in a first pass and writes the pairs straight into the packed matrix in a second, so its own peak is the matrix buffer plus the cell index (kdbush, unit vectors and latitude bands: about 80 bytes per cell).',
  'Before the band scan (kd-tree walk, chunked pairs; commit 06bd1fa, load ~15): buildCoverage 3.8 s CPU, 11.1 M covered pairs per CPU second, 4.2× the baseline measured in that run (2.66 M pairs per CPU second under that load). The baseline itself runs faster on a quieter machine, which raises the bar: the ratio, not the absolute rate, is the target.',
  'How the build spends its CPU (measured with process.cpuUsage around each pass in a copy of the code, same machine and load): counting pass ≈ 0.16–0.28 s, writing pass ≈ 0.7–1.0 s user + 0.25–0.4 s system; the system time is the kernel faulting in the fresh 325 MiB matrix buffer (4 KiB pages, transparent huge pages only on madvise).',
  'Single thread; each task ran 3 times after 1 warm-up run (tinybench, mean reported).',
  `Machine load: 1-minute load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after the run on a shared 2-core machine (other engineers' tests and benchmarks were running). Absolute times are inflated by that contention and vary between runs; the baseline ran in the same process under the same conditions, but memory-bound code (the builder) suffers more from shared-cache contention than trig-bound code (turf). Wall-time ratios are the noisier ones: with a load of ~10 on 2 cores a process gets a fraction of a core; CPU-time ratios are the fairer comparison.`,
];
writeBenchResults('coverage', rows, notes);
for (const row of rows) console.log(`${row.measure}: ${row.value} ${row.unit}`);
