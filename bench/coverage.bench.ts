// Coverage build benchmark (issue 2, Performance): the Liaoning grid at H3 resolution 8 from
// ≥ 300 sites at a 60-minute standard with an H135 fleet, against a naive all-pairs baseline
// (@turf/distance for every site × cell). Run: `npx tsx bench/coverage.bench.ts`
// (add `node --expose-gc --import tsx` to collect garbage between phases).
import { loadavg } from 'node:os';
import { Bench } from 'tinybench';
import distance from '@turf/distance';
import { buildCoverage, countCoverageRows, fillCoverageRows } from '../src/coverage/buildCoverage.js';
import { buildCellIndex } from '../src/coverage/buildCellIndex.js';
import { buildCoverageParallel } from '../src/engine/coverage/buildCoverageParallel.js';
import { createPool } from '../src/engine/createPool.js';
import { CoverageMatrix } from '../src/coverage/coverageMatrix.js';
import { AIRCRAFT_CATALOGUE } from '../src/travel/aircraftCatalogue.js';
import { responseMinutes } from '../src/travel/responseMinutes.js';
import { isWithinRange } from '../src/travel/isWithinRange.js';
import type { Site } from '../src/travel/aircraft.js';
import { createRandom } from '../src/random.js';
import { median, settleMemory, writeBenchResults } from './benchReport.js';
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

// The index: built once per grid, timed on its own.
const indexBench = new Bench({ iterations: 3, time: 0, warmup: true, warmupIterations: 1, warmupTime: 0 });
indexBench.add('buildCellIndex (latitude bands), once per grid', () => {
  cellIndex = buildCellIndex(grid);
});
await indexBench.run();

// The builds and the baseline in ROUNDS rounds, each round timing one run of every task (the
// order reversed every other round), so that the ratios compare runs minutes apart: on this
// shared VM one thread's speed drifts by ±25 % within a minute, and a ratio of means taken
// minutes apart moves with it. Per round: ratio = the baseline's projected job time ÷ the
// build's time; the median of the rounds is reported with its range.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const taskNames = ['1 thread', '1 thread, warm', '1 thread, JavaScript fill', `${THREADS} threads`, 'baseline'] as const;
type TaskName = (typeof taskNames)[number];
const samples = new Map<TaskName, number[]>(taskNames.map((name) => [name, []]));
let jsMatrix: CoverageMatrix | undefined;
// The warm build: into one reused buffer (`into`), whose pages the first (warm-up) build mapped.
const warmBuffer = CoverageMatrix.reusableBuffer(2 ** 30);
let warmMatrix: CoverageMatrix | undefined;
const tasks: Record<TaskName, { run: () => unknown; beforeEach?: () => Promise<void> }> = {
  '1 thread': {
    run: () => {
      matrix = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: STANDARD_MINUTES, period: 'day', cellIndex });
    },
    // The previous matrix is dropped, collected and its memory handed back outside the timing,
    // so that neither the collector nor the unmapping runs inside a timed build.
    beforeEach: async () => {
      matrix = undefined;
      await settleMemory(gc);
    },
  },
  '1 thread, warm': {
    run: () => {
      warmMatrix = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: STANDARD_MINUTES, period: 'day', cellIndex, into: warmBuffer });
    },
    beforeEach: async () => {
      await settleMemory(gc);
    },
  },
  '1 thread, JavaScript fill': {
    run: () => {
      jsMatrix = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: STANDARD_MINUTES, period: 'day', cellIndex, wasm: false });
    },
    beforeEach: async () => {
      jsMatrix = undefined;
      await settleMemory(gc);
    },
  },
  [`${THREADS} threads`]: {
    run: async () => {
      parallelMatrix = await buildCoverageParallel(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: STANDARD_MINUTES, period: 'day', cellIndex, pool });
    },
    beforeEach: async () => {
      parallelMatrix = undefined;
      await settleMemory(gc);
    },
  },
  baseline: {
    run: () => {
      naiveCovered = naiveBuild(grid, baselineSites);
    },
  },
};
for (let round = 0; round < ROUNDS; round++) {
  const bench = new Bench({ iterations: 1, time: 0, warmup: round === 0, warmupIterations: 2, warmupTime: 0, retainSamples: true });
  const order = round % 2 === 0 ? taskNames : [...taskNames].reverse();
  for (const name of order) bench.add(name, tasks[name].run, tasks[name].beforeEach ? { beforeEach: tasks[name].beforeEach } : {});
  await bench.run();
  for (const task of bench.tasks) {
    const result = task.result as unknown as { latency: { samples?: number[]; mean: number } };
    samples.get(task.name as TaskName)?.push(...(result.latency.samples ?? [result.latency.mean]));
  }
}
const spread = (values: number[], digits = 0) => {
  const sorted = [...values].sort((a, b) => a - b);
  const f = (v: number) => (Math.round(v * 10 ** digits) / 10 ** digits).toLocaleString('en-US');
  return `median of ${values.length}; min ${f(sorted[0])}, max ${f(sorted[sorted.length - 1])}`;
};
const msOf = (name: TaskName) => samples.get(name) as number[];
const indexMs = (indexBench.tasks[0].result as unknown as { latency: { mean: number } }).latency.mean;
const buildMs = median(msOf('1 thread'));
const jsBuildMs = median(msOf('1 thread, JavaScript fill'));
const parallelMs = median(msOf(`${THREADS} threads`));
const naiveMs = median(msOf('baseline'));
const built = matrix as unknown as CoverageMatrix;
const warmIdentical = Buffer.from(new Uint8Array((warmMatrix as unknown as CoverageMatrix).data)).equals(Buffer.from(new Uint8Array(built.data)));
const jsIdentical = Buffer.from(new Uint8Array((jsMatrix as unknown as CoverageMatrix).data)).equals(Buffer.from(new Uint8Array(built.data)));

// Where one build's time goes: CPU time of the count pass, of faulting in the fresh matrix
// (touching one byte per 4 KiB page), and of the fill pass, over 3 runs (medians).
const phases: Record<'count' | 'faults' | 'fill', number[]> = { count: [], faults: [], fill: [] };
for (let run = 0; run < 3; run++) {
  gc();
  const cpu = () => {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1000;
  };
  const options = { maxMinutes: STANDARD_MINUTES, period: 'day' as const, cellIndex };
  const t0 = cpu();
  const lengths = countCoverageRows(grid, sites, AIRCRAFT_CATALOGUE, options);
  const t1 = cpu();
  const fresh = CoverageMatrix.withRowLengths(lengths, grid.cellCount, STANDARD_MINUTES);
  const bytes = new Uint8Array(fresh.data);
  for (let i = 0; i < bytes.length; i += 4096) bytes[i] = 0;
  const t2 = cpu();
  fillCoverageRows(grid, sites, AIRCRAFT_CATALOGUE, fresh, options);
  const t3 = cpu();
  phases.count.push(t1 - t0);
  phases.faults.push(t2 - t1);
  phases.fill.push(t3 - t2);
}

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
const jobMsOf = (baselineMs: number) => (allPairs / perSecond(naivePairs, baselineMs)) * 1000;
const naiveJobMs = jobMsOf(naiveMs);
const naiveCoveredPerSecond = perSecond(pairCount, naiveJobMs);
const ratio = (rate: number, baseline: number) => Math.round((rate / baseline) * 10) / 10;
// Per round: the baseline's job time ÷ the build's time in the same round (equal covered pairs,
// so this is the ratio of covered pairs per second); `extraMs` adds the index to the build.
const roundRatios = (name: TaskName, extraMs = 0) => msOf(name).map((ms, r) => jobMsOf(msOf('baseline')[r]) / (ms + extraMs));
const ratioRow = (label: string, name: TaskName, extraMs = 0, target = 30) => {
  const ratios = roundRatios(name, extraMs);
  return { measure: `speed-up, covered pairs/s ÷ baseline covered pairs/s: ${label}`, value: Math.round(median(ratios) * 10) / 10, unit: `× (target ≥ ${target}; per-round ratios, ${spread(ratios, 1)})` };
};
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
  { measure: 'buildCoverage time, 1 thread (prebuilt index)', value: Math.round(buildMs), unit: `ms (${spread(msOf('1 thread'))})` },
  { measure: 'buildCoverage time, 1 thread, warm (into a reused buffer)', value: Math.round(median(msOf('1 thread, warm'))), unit: `ms (${spread(msOf('1 thread, warm'))}; bytes identical to the fresh build: ${warmIdentical})` },
  { measure: 'buildCoverage time, 1 thread, JavaScript fill ({ wasm: false })', value: Math.round(jsBuildMs), unit: `ms (${spread(msOf('1 thread, JavaScript fill'))}; bytes identical: ${jsIdentical})` },
  { measure: `buildCoverageParallel time, ${THREADS} threads (warm pool, prebuilt index)`, value: Math.round(parallelMs), unit: `ms (${spread(msOf(`${THREADS} threads`))}; bytes identical to the 1-thread build: ${parallelIdentical})` },
  { measure: 'CPU time of one 1-thread build by phase: count / page faults of the fresh matrix / fill', value: `${Math.round(median(phases.count))} / ${Math.round(median(phases.faults))} / ${Math.round(median(phases.fill))}`, unit: 'ms (medians of 3 runs; faults: touching one byte per 4 KiB page before the fill)' },
  { measure: 'covered pairs per second: 1 thread, build only', value: Math.round(perSecond(pairCount, buildMs)), unit: 'pairs/s' },
  { measure: `covered pairs per second: ${THREADS} threads, build only`, value: Math.round(perSecond(pairCount, parallelMs)), unit: 'pairs/s' },
  { measure: `naive baseline: tested pairs per second (turf, ${BASELINE_SITES} seeded sites × all cells, 1 thread)`, value: Math.round(perSecond(naivePairs, naiveMs)), unit: `pairs/s (median round; ${naiveCovered} of its ${naivePairs} pairs covered)` },
  { measure: 'naive baseline projected for the whole job (all sites × all cells)', value: Math.round(naiveJobMs), unit: `ms (from the tested-pair rate; per round: ${spread(msOf('baseline').map(jobMsOf))})` },
  { measure: 'naive baseline: covered pairs per second on the whole job', value: Math.round(naiveCoveredPerSecond), unit: `pairs/s (${pairCount} covered pairs ÷ the projected time)` },
  ratioRow('1 thread, build only', '1 thread'),
  ratioRow('1 thread, index + build', '1 thread', indexMs),
  ratioRow('1 thread, warm (buffer reused), build only', '1 thread, warm', 0, 60),
  ratioRow('1 thread, warm (buffer reused), index + build', '1 thread, warm', indexMs, 60),
  ratioRow('1 thread, JavaScript fill, build only', '1 thread, JavaScript fill'),
  ratioRow(`${THREADS} threads, build only`, `${THREADS} threads`),
  ratioRow(`${THREADS} threads, index + build`, `${THREADS} threads`, indexMs),
  (() => {
    const ratios = msOf('1 thread').map((ms, r) => ms / msOf(`${THREADS} threads`)[r]);
    return { measure: `${THREADS} threads ÷ 1 thread (fresh matrices both), build only`, value: Math.round(median(ratios) * 100) / 100, unit: `× (target ≥ 1.7; per-round ratios, ${spread(ratios, 2)})` };
  })(),
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
  'Peak RSS covers the whole run (grid building with h3-js, the builds, the baseline; the previous matrix of a task is collected before its next run, but the last results of the 1-thread, JavaScript-fill and 2-thread builds are kept to compare bytes, and the phase split allocates its own, so up to four or five 325 MiB matrices are alive at once). The builder counts each row in a first pass and writes the pairs straight into the packed matrix in a second, so its own peak is the matrix buffer plus the cell index (latitude bands: unit vectors, ids and longitude keys, 36 bytes per cell) and, once per thread and index, the fill kernel\'s column copy of the unit vectors (24 bytes per cell).',
  'The fill computes the minutes of the cells deep inside each cap two at a time in a WebAssembly SIMD kernel (src/coverage/fillKernel.wat); the JavaScript-fill row is the same build with { wasm: false }, the loop the kernel replaced, with the same bytes out. The page faults of the fresh matrix (325 MiB in 4 KiB pages: transparent huge pages are only on for madvise here, which Node cannot ask for) cost the same on both paths. The slices scanned hold 43.1 M candidate cells for 42.7 M covered pairs: the band windows are within 1 % of the caps.',
  `Timing: ${ROUNDS} rounds (BENCH_ROUNDS), each timing one run of the 1-thread build, the warm 1-thread build (into one reused resizable buffer, \`into\`: its pages were mapped by the warm-up, so it pays no page faults), the JavaScript-fill build, the ${THREADS}-thread build and the baseline (tinybench, order reversed every other round, two warm-up runs of each in the first round); times are the medians over the rounds, and each speed-up is the median of the per-round ratios. The pool was warmed with one more full build.`,
  `Machine load: 1-minute load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after the run on a shared 2-core machine. Wall-time figures are inflated when other jobs share the cores; the 2-thread figure needs both cores free.`,
];
writeBenchResults('coverage', rows, notes);
for (const row of rows) console.log(`${row.measure}: ${row.value} ${row.unit}`);
