// Coverage build benchmark (issue 2, Performance): the Liaoning grid at H3 resolution 8 from
// ≥ 300 sites at a 60-minute standard with an H135 fleet, against a naive all-pairs baseline
// (@turf/distance for every site × cell). Run: `npx tsx bench/coverage.bench.ts`
// (add `node --expose-gc --import tsx` to collect garbage between phases).
import { loadavg } from 'node:os';
import { Bench } from 'tinybench';
import distance from '@turf/distance';
import { buildCoverage } from '../src/coverage/buildCoverage.js';
import { buildCellIndex } from '../src/coverage/buildCellIndex.js';
import { buildCoverageParallel } from '../src/engine/buildCoverageParallel.js';
import { createPool } from '../src/engine/createPool.js';
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
const BASELINE_SITES = 12;
const THREADS = 2;
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

// A warm pool: the start-up of the threads is the engine benchmark's figure, not the build's.
const pool = createPool({ threads: THREADS });
// Started, and warmed with one full build so that the workers' JIT has optimised the scan.
await buildCoverageParallel(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: STANDARD_MINUTES, cellIndex, pool });
let parallelMatrix: CoverageMatrix | undefined;

const bench = new Bench({ iterations: 3, time: 0, warmup: true, warmupIterations: 2, warmupTime: 0 });
bench
  .add('buildCellIndex (latitude bands), once per grid', () => {
    cellIndex = buildCellIndex(grid);
  })
  .add(
    `buildCoverage, ${sites.length} sites, prebuilt index`,
    () => {
      matrix = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: STANDARD_MINUTES, period: 'day', cellIndex });
    },
    // The previous matrix is dropped and collected outside the timing, so that memory holds one
    // matrix of this task at a time (and the collector does not run inside a timed build).
    { beforeEach: () => void ((matrix = undefined), gc()) },
  )
  .add(
    `buildCoverageParallel, ${sites.length} sites, prebuilt index, warm ${THREADS}-thread pool`,
    async () => {
      parallelMatrix = await buildCoverageParallel(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: STANDARD_MINUTES, period: 'day', cellIndex, pool });
    },
    { beforeEach: () => void ((parallelMatrix = undefined), gc()) },
  )
  .add(`naive all-pairs turf baseline, ${BASELINE_SITES} seeded sites`, () => {
    naiveCovered = naiveBuild(grid, baselineSites);
  });
await bench.run();

const meanMs = (i: number) => (bench.tasks[i].result as unknown as { latency: { mean: number; rme?: number } }).latency.mean;
const indexMs = meanMs(0);
const buildMs = meanMs(1);
const parallelMs = meanMs(2);
const naiveMs = meanMs(3);
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
const perSecond = (pairs: number, ms: number) => pairs / (ms / 1000);
const naivePairs = BASELINE_SITES * grid.cellCount;
// The baseline's output is the same kind of thing as the build's: covered pairs with their
// minutes. Its cost is per tested pair, so for the benchmark's job (all sites × all cells) it
// takes allPairs ÷ its tested-pair rate, and produces the same `pairCount` covered pairs: that
// is its covered-pair rate on this job. (The rate on its own sample would depend on how much
// of the grid the sampled sites happen to cover.)
const naiveJobMs = (allPairs / perSecond(naivePairs, naiveMs)) * 1000;
const naiveCoveredPerSecond = perSecond(pairCount, naiveJobMs);
const ratio = (rate: number, baseline: number) => Math.round((rate / baseline) * 10) / 10;
const bytesPerPair = built.data.byteLength / pairCount;
const parallelIdentical = Buffer.from(new Uint8Array((parallelMatrix as unknown as CoverageMatrix).data)).equals(Buffer.from(new Uint8Array(built.data)));
await pool.close();

// Cross-check on the baseline's sites: the naive build must find the same number of covered pairs.
const sameSites = buildCoverage(grid, baselineSites, AIRCRAFT_CATALOGUE, { maxMinutes: STANDARD_MINUTES, cellIndex });

const rows = [
  { measure: 'grid cells (res 8)', value: grid.cellCount, unit: 'cells' },
  { measure: 'sites', value: sites.length, unit: `sites (${fromData} airports/candidates from data/liaoning, the rest seeded random cell centres)` },
  { measure: 'site × cell pairs', value: allPairs, unit: 'pairs' },
  { measure: 'covered pairs stored (≤ 60 min, H135)', value: pairCount, unit: 'pairs' },
  { measure: 'buildCellIndex time (once per grid, mean of 3)', value: Math.round(indexMs), unit: 'ms' },
  { measure: 'buildCoverage time, 1 thread (prebuilt index, mean of 3)', value: Math.round(buildMs), unit: 'ms' },
  { measure: `buildCoverageParallel time, ${THREADS} threads (warm pool, prebuilt index, mean of 3)`, value: Math.round(parallelMs), unit: `ms (bytes identical to the 1-thread build: ${parallelIdentical})` },
  { measure: 'covered pairs per second: 1 thread, build only', value: Math.round(perSecond(pairCount, buildMs)), unit: 'pairs/s' },
  { measure: 'covered pairs per second: 1 thread, index + build', value: Math.round(perSecond(pairCount, buildMs + indexMs)), unit: 'pairs/s' },
  { measure: `covered pairs per second: ${THREADS} threads, build only`, value: Math.round(perSecond(pairCount, parallelMs)), unit: 'pairs/s' },
  { measure: `covered pairs per second: ${THREADS} threads, index + build`, value: Math.round(perSecond(pairCount, parallelMs + indexMs)), unit: 'pairs/s' },
  { measure: `naive baseline: tested pairs per second (turf, ${BASELINE_SITES} seeded sites × all cells, 1 thread)`, value: Math.round(perSecond(naivePairs, naiveMs)), unit: `pairs/s (${naiveCovered} of its ${naivePairs} pairs covered)` },
  { measure: 'naive baseline projected for the whole job (all sites × all cells)', value: Math.round(naiveJobMs), unit: 'ms (from the tested-pair rate)' },
  { measure: 'naive baseline: covered pairs per second on the whole job', value: Math.round(naiveCoveredPerSecond), unit: `pairs/s (${pairCount} covered pairs ÷ the projected time)` },
  { measure: 'speed-up, covered pairs/s ÷ baseline covered pairs/s: 1 thread, build only', value: ratio(perSecond(pairCount, buildMs), naiveCoveredPerSecond), unit: '× (target ≥ 30)' },
  { measure: 'speed-up, covered pairs/s ÷ baseline covered pairs/s: 1 thread, index + build', value: ratio(perSecond(pairCount, buildMs + indexMs), naiveCoveredPerSecond), unit: '× (target ≥ 30)' },
  { measure: `speed-up, covered pairs/s ÷ baseline covered pairs/s: ${THREADS} threads, build only`, value: ratio(perSecond(pairCount, parallelMs), naiveCoveredPerSecond), unit: '× (target ≥ 30)' },
  { measure: `speed-up, covered pairs/s ÷ baseline covered pairs/s: ${THREADS} threads, index + build`, value: ratio(perSecond(pairCount, parallelMs + indexMs), naiveCoveredPerSecond), unit: '× (target ≥ 30)' },
  { measure: 'stricter reading: 1-thread covered pairs/s ÷ baseline tested pairs/s', value: ratio(perSecond(pairCount, buildMs), perSecond(naivePairs, naiveMs)), unit: '× (penalises the pruning: the baseline is credited for every pair it rejects)' },
  { measure: 'CPU time: buildCoverage, 1 thread (one run)', value: Math.round(buildCpuMs), unit: 'ms' },
  { measure: 'CPU time: naive baseline for the whole job, projected', value: Math.round((allPairs / naivePairs) * naiveCpuMs), unit: 'ms' },
  { measure: 'CPU time speed-up (1 thread, build only, whole job)', value: ratio((allPairs / naivePairs) * naiveCpuMs, buildCpuMs), unit: '×' },
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
  `The naive baseline runs @turf/distance + responseMinutes + the range rule for every cell from ${BASELINE_SITES} seeded sites (not all ${sites.length}: that would take about a minute per run), in one thread; its figures are rates (covered pairs found per second, and tested pairs per second), and the all-sites time is projected from them.`,
  'The target ratio compares like with like: both sides produce the same covered (site, cell) pairs with their minutes for the same job, so covered pairs per second on each side is the rate of producing the coverage matrix, and the ratio is the baseline\'s time for the job ÷ the build\'s. The stricter row divides by the pairs the baseline tests, covered or not, which counts each pair the pruning skips against the build.',
  `The ${THREADS}-thread build is buildCoverageParallel on a warm pool (threads started before timing; start-up is in bench/results/engine.md): the shards count their rows, the matrix is allocated once as a SharedArrayBuffer, and the shards write their rows in place.`,
  'Bytes per pair: 8 per stored pair (uint32 cell + float32 minutes) plus a 32-byte header and 4 bytes per site of row offsets; the excess over 8.0 is that fixed overhead spread over the pairs.',
  'Peak RSS covers the whole run (grid building with h3-js, the builds, the baseline; the previous matrix of a task is collected before its next run, the 1-thread result is kept to compare bytes, so two or three matrices can be alive at once). The builder counts each row in a first pass and writes the pairs straight into the packed matrix in a second, so its own peak is the matrix buffer plus the cell index (kdbush, unit vectors and latitude bands: about 80 bytes per cell).',
  'How the 1-thread build spends its CPU (process.cpuUsage around countCoverageRows, a pre-fault of the matrix, and fillCoverageRows; 4 runs, load ≈ 3 from other jobs): count ≈ 0.22–0.35 s user, page faults of the fresh 325 MiB buffer ≈ 0.28–0.34 s system (4 KiB pages), fill ≈ 0.7–1.1 s user. The slices scanned hold 43.1 M candidate cells for 42.7 M covered pairs: the band windows are within 1 % of the caps.',
  'Each task ran 3 times after 2 warm-up runs (tinybench, mean reported); the pool was warmed with one more full build.',
  `Machine load: 1-minute load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after the run on a shared 2-core machine. Wall-time figures are inflated when other jobs share the cores; the 2-thread figure needs both cores free.`,
];
writeBenchResults('coverage', rows, notes);
for (const row of rows) console.log(`${row.measure}: ${row.value} ${row.unit}`);
