// Engine benchmark (issue 4, Performance): the Liaoning res-8 coverage build at 1, 2 and the
// available threads in one run, pool start-up and transfer overhead, and the multi-start
// maximal covering solve at 1 and 2 threads. Run: `npx tsx bench/engine.bench.ts`
// (or `node --expose-gc --import tsx bench/engine.bench.ts`). Results: bench/results/engine.*.
import { availableParallelism, loadavg } from 'node:os';
import { Bench } from 'tinybench';
import { buildCoverage } from '../src/coverage/buildCoverage.js';
import { buildCellIndex } from '../src/coverage/buildCellIndex.js';
import { CoverageMatrix } from '../src/coverage/coverageMatrix.js';
import { buildCoverageParallel } from '../src/engine/coverage/buildCoverageParallel.js';
import { createPool, type AirreachPool } from '../src/engine/createPool.js';
import { DEFAULT_PARALLEL_SOLVE_OPTIONS, solveMaximalCoveringParallel } from '../src/engine/solveMaximalCoveringParallel.js';
import { sitingProblemFromCoverage } from '../src/models/sitingProblemFromCoverage.js';
import type { SolveResult } from '../src/models/sitingProblem.js';
import { AIRCRAFT_CATALOGUE } from '../src/travel/aircraftCatalogue.js';
import type { Site } from '../src/travel/aircraft.js';
import { coverageShardTaskOf } from '../test/engine/engineFixtures.js';
import { median, settleMemory, writeBenchResults } from './benchReport.js';
import { benchSites, provinceGrid } from './liaoningBenchInput.js';

const RESOLUTION = 8;
const STANDARD_MINUTES = 60;
const SOLVE_STANDARD_MINUTES = 30;
const SITE_COUNT = 300;
const SEED = 2026;
const fleet: Site['fleet'] = [{ aircraftTypeId: 'H135', count: 1 }];
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;



const load = [loadavg()[0]];
const threadCounts = [...new Set([2, availableParallelism()])];
const grid = provinceGrid(RESOLUTION);
const { sites, fromData } = benchSites(grid, SITE_COUNT, SEED, fleet);
const cellIndex = buildCellIndex(grid);
console.log(`grid ${grid.cellCount} cells, ${sites.length} sites (${fromData} from data), load ${load[0].toFixed(2)}, threads ${threadCounts.join(', ')}`);

// Pool start-up: a fresh pool until both threads have answered a one-site shard. The index goes
// in shared buffers, made once, as `buildCoverageParallel` sends it.
const share = (view: ArrayBufferView) => {
  const buffer = new SharedArrayBuffer(view.byteLength);
  new Uint8Array(buffer).set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  return buffer;
};
const { bands } = cellIndex;
const sharedIndex = {
  bandStartsData: share(bands.bandStarts),
  lngKeyData: share(bands.lngKey),
  idsData: share(bands.ids),
  unitXyzData: share(bands.unitXyz),
};
const tinyTask = (k: number) => coverageShardTaskOf(grid, sites, { siteStart: k, siteEnd: k + 1, maxMinutes: 15, index: cellIndex, indexData: sharedIndex });
// Start-up as users get it: the compiled pool and workers from dist/ (`npm run build` first);
// from the TypeScript sources every worker would also start tsx.
const compiled = (await import(new URL('../dist/src/engine/createPool.js', import.meta.url).href).catch(() => {
  throw new Error('bench/engine.bench.ts measures pool start-up with the compiled workers: run `npm run build` first');
})) as { createPool: typeof createPool };
const startupMs: number[] = [];
const warmTaskMs: number[] = [];
const tsxStartupMs: number[] = [];
for (let round_ = 0; round_ < 3; round_++) {
  const tsxStarted = performance.now();
  const tsxPool = createPool({ threads: 2 });
  await Promise.all([0, 1].map((k) => tsxPool.run(tinyTask(k))));
  tsxStartupMs.push(performance.now() - tsxStarted);
  await tsxPool.close();
  const started = performance.now();
  const pool = compiled.createPool({ threads: 2 });
  await Promise.all([0, 1].map((k) => pool.run(tinyTask(k))));
  startupMs.push(performance.now() - started);
  const warm = performance.now();
  await Promise.all([0, 1].map((k) => pool.run(tinyTask(k))));
  warmTaskMs.push(performance.now() - warm);
  await pool.close();
}

// Transfer overhead: the index copied into shared buffers once per build, and the shards joined.
const shareStarted = performance.now();
const indexViews = [cellIndex.bands.bandStarts, cellIndex.bands.lngKey, cellIndex.bands.ids, cellIndex.bands.unitXyz];
for (const view of indexViews.map((v) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength))) {
  new Uint8Array(new SharedArrayBuffer(view.byteLength)).set(view);
}
const shareMs = performance.now() - shareStarted;
const joined = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: STANDARD_MINUTES, cellIndex });
// What joining per-shard matrices would cost (the engine's earlier design): every byte copied once.
const concatStarted = performance.now();
CoverageMatrix.concat([joined]);
const concatMs = performance.now() - concatStarted;
const reference = Buffer.from(new Uint8Array(joined.data));
gc();

const pools = new Map<number, AirreachPool>(threadCounts.map((t) => [t, createPool({ threads: t })]));
// Warm the pools (workers started, modules loaded) so the timed builds measure the work.
for (const pool of pools.values()) await Promise.all(Array.from({ length: pool.threads }, (_, k) => pool.run(tinyTask(k))));
let identical = true;
const check = (matrix: CoverageMatrix) => {
  if (!Buffer.from(new Uint8Array(matrix.data)).equals(reference)) identical = false;
};
// Timed runs in ROUNDS rounds that alternate the two builds (2 runs of each per round, after two
// warm-up runs of each in the first round, which also let the workers' JIT optimise the scan):
// on a shared VM a build's time drifts by ±25 % over a minute, and alternating exposes both
// builds to the same drift instead of timing all 1-thread runs first. The byte check, the
// collection of the previous matrix and the return of its memory happen outside the timing.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const RUNS_PER_ROUND = 2;
let last: CoverageMatrix | undefined;
const hooks = {
  beforeEach: async () => {
    last = undefined;
    await settleMemory(gc);
  },
  afterEach: () => void (last && check(last)),
};
const singleName = 'coverage build, 1 thread (buildCoverage in-thread)';
const parallelName = (threads: number) => `coverage build, ${threads} threads (buildCoverageParallel, warm pool)`;
const samples = new Map<string, number[]>();
// CPU time of every timed run, all threads of the process (process.cpuUsage), warm-up included:
// what a build costs in total, whatever thread ran it.
const cpuMs = new Map<string, number[]>();
const withCpu = (name: string, build: () => unknown) => async () => {
  const started = process.cpuUsage();
  await build();
  const used = process.cpuUsage(started);
  cpuMs.set(name, [...(cpuMs.get(name) ?? []), (used.user + used.system) / 1000]);
};
for (let round_ = 0; round_ < ROUNDS; round_++) {
  const bench = new Bench({ iterations: RUNS_PER_ROUND, time: 0, warmup: round_ === 0, warmupIterations: 2, warmupTime: 0, retainSamples: true });
  bench.add(
    singleName,
    withCpu(singleName, () => {
      last = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: STANDARD_MINUTES, cellIndex });
    }),
    hooks,
  );
  for (const threads of threadCounts) {
    bench.add(
      parallelName(threads),
      withCpu(parallelName(threads), async () => {
        last = await buildCoverageParallel(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: STANDARD_MINUTES, cellIndex, pool: pools.get(threads) });
      }),
      hooks,
    );
  }
  await bench.run();
  for (const task of bench.tasks) {
    const taken = (task.result as unknown as { latency: { samples?: ArrayLike<number> } }).latency.samples ?? [];
    samples.set(task.name, [...(samples.get(task.name) ?? []), ...Array.from(taken)]);
  }
}
load.push(loadavg()[0]);
const ITERATIONS = ROUNDS * RUNS_PER_ROUND;
const sorted = (name: string) => [...(samples.get(name) ?? [])].sort((a, b) => a - b);
// Medians: a run now and then is slowed by other jobs; the median is the figure those outliers
// move least. Min, max and mean are in the table too.
const meanMs = (name: string) => median(sorted(name));
const rangeOf = (name: string) => {
  const values = sorted(name);
  return `ms (median of ${values.length} runs in ${ROUNDS} alternating rounds; min ${round(values[0])}, max ${round(values[values.length - 1])}, mean ${round(values.reduce((a, b) => a + b, 0) / values.length)})`;
};

const singleMs = meanMs(singleName);
// The coverage figures first (the solve below can take minutes on a loaded machine).
console.log(
  `coverage build: 1 thread ${round(singleMs)} ms; ` +
    threadCounts.map((t) => `${t} threads ${round(meanMs(parallelName(t)))} ms`).join('; '),
);

// Multi-start solve on the 30-minute problem (p = 10, 16 random starts, heuristic phase + Lagrangian, no HiGHS).
// The solve runs on the first SOLVE_SITES sites: with all 300 over 300,000 cells one start takes
// minutes, and the figure of interest is the speed-up of the starts across threads.
const SOLVE_SITES = Number(process.env.SOLVE_SITES ?? 40);
const SOLVE_STARTS = Number(process.env.SOLVE_STARTS ?? 4);
const solveMatrix = buildCoverage(grid, sites.slice(0, SOLVE_SITES), AIRCRAFT_CATALOGUE, { maxMinutes: SOLVE_STANDARD_MINUTES, cellIndex });
const weights = new Float64Array(grid.cellCount).fill(1);
const problem = sitingProblemFromCoverage(solveMatrix, weights);
const solveOptions = { standardMinutes: SOLVE_STANDARD_MINUTES, siteCount: 10, starts: SOLVE_STARTS, seed: 1, exact: false, timeLimitSeconds: 600 };
const solves: Record<string, SolveResult> = {};
const solveBench = new Bench({ iterations: ITERATIONS, time: 0, warmup: true, warmupIterations: 1, warmupTime: 0 });
// 'forced': the starts on the workers even below minParallelStartPairs, to show what threads cost here.
const solveVariants = { '1 thread': { threads: 0 }, '2 threads': { pool: pools.get(2) }, '2 threads, forced': { pool: pools.get(2), minParallelStartPairs: 0 } };
for (const [variant, engine] of Object.entries(solveVariants)) {
  solveBench.add(variant, async () => {
    solves[variant] = await solveMaximalCoveringParallel(problem, solveOptions, engine);
  });
}
await solveBench.run();
load.push(loadavg()[0]);
for (const pool of pools.values()) await pool.close();
const solveMs = (variant: string) => (solveBench.tasks.find((t) => t.name === variant)!.result as unknown as { latency: { p50: number } }).latency.p50;
const strip = (r: SolveResult) => JSON.stringify({ ...r, runtimeMs: 0 });

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const rows: Array<Record<string, unknown>> = [
  { measure: 'grid cells (res 8, data/liaoning/province.geojson)', value: grid.cellCount, unit: 'cells' },
  { measure: 'sites', value: sites.length, unit: `sites (${fromData} airports/candidates from data/liaoning, rest seeded cell centres), one H135 each` },
  { measure: 'covered pairs (≤ 60 min, day)', value: joined.pairCount, unit: 'pairs' },
  { measure: 'coverage build, 1 thread', value: round(singleMs), unit: rangeOf(singleName) },
];
for (const threads of threadCounts) {
  const name = parallelName(threads);
  const ms = meanMs(name);
  rows.push({ measure: `coverage build, ${threads} threads, warm pool`, value: round(ms), unit: rangeOf(name) });
  rows.push({ measure: `speed-up at ${threads} threads`, value: round(singleMs / ms, 2), unit: '× (target ≥ 1.7 on 2 cores)' });
}
// Where the speed-up stops: the 1-thread build already keeps another core busy part of the time
// (V8's collector and buffer sweeper), and the parallel build does its own CPU work plus the
// tasks' overhead; with no idle core at all it could not beat 1-thread wall ÷ (its CPU ÷ threads).
const singleCpuMs = median(cpuMs.get(singleName) ?? []);
rows.push({ measure: 'CPU time per build, 1 thread (all threads of the process)', value: round(singleCpuMs), unit: `ms (median of ${(cpuMs.get(singleName) ?? []).length} runs; ${round(singleCpuMs / singleMs, 2)} cores busy on average during its ${round(singleMs)} ms)` });
for (const threads of threadCounts) {
  const name = parallelName(threads);
  const parallelCpuMs = median(cpuMs.get(name) ?? []);
  rows.push({
    measure: `CPU time per build, ${threads} threads`,
    value: round(parallelCpuMs),
    unit: `ms (median; the highest speed-up this CPU allows with every core busy: ${round(singleMs / (parallelCpuMs / threads), 2)}×; idle core time in a build: ${round(threads * meanMs(name) - parallelCpuMs)} ms)`,
  });
}
rows.push(
  { measure: 'outputs byte-identical to the 1-thread build', value: String(identical), unit: '' },
  { measure: 'pool start-up: new 2-thread pool (compiled dist/ workers) until both threads answered a 1-site shard (mean of 3)', value: round(mean(startupMs)), unit: 'ms' },
  { measure: 'the same from the TypeScript sources (each worker also starts tsx; tests and benches)', value: round(mean(tsxStartupMs)), unit: 'ms' },
  { measure: 'same two tasks on the warm pool (mean of 3): the round trip of a small task', value: round(mean(warmTaskMs), 1), unit: 'ms' },
  { measure: 'transfer: the cell index copied into SharedArrayBuffers, once per index', value: round(shareMs, 1), unit: `ms (${round(indexViews.reduce((bytes, v) => bytes + v.byteLength, 0) / 2 ** 20, 1)} MiB; once per index: later builds on the same index reuse the shared copy)` },
  { measure: 'transfer: shard results back', value: 0, unit: 'ms copied (row lengths only: the shards write their rows into one SharedArrayBuffer matrix)' },
  { measure: 'joining the shards', value: 0, unit: `ms (nothing to join; concatenating per-shard matrices, the earlier design, would copy ${round(joined.data.byteLength / 2 ** 20, 1)} MiB in ${round(concatMs, 1)} ms)` },
  { measure: `multi-start solve, 1 thread (p = 10, ${SOLVE_STANDARD_MINUTES} min, ${problem.demandSites.length} pairs, ${SOLVE_STARTS + 1} starts, median of ${ITERATIONS})`, value: round(solveMs('1 thread')), unit: 'ms' },
  { measure: `multi-start solve, 2-thread pool (median of ${ITERATIONS})`, value: round(solveMs('2 threads')), unit: `ms: ${round(problem.demandSites.length * (SOLVE_STARTS + 1) / 1e6, 1)} M pair-starts, below minParallelStartPairs (${DEFAULT_PARALLEL_SOLVE_OPTIONS.minParallelStartPairs / 1e6} M), so the starts stay in-thread` },
  { measure: `multi-start solve, 2 threads forced (minParallelStartPairs 0, median of ${ITERATIONS})`, value: round(solveMs('2 threads, forced')), unit: `ms (${round(solveMs('1 thread') / solveMs('2 threads, forced'), 2)}× the 1-thread solve: why the threshold exists)` },
  { measure: 'multi-start answers identical in all three', value: String(strip(solves['1 thread']) === strip(solves['2 threads']) && strip(solves['1 thread']) === strip(solves['2 threads, forced'])), unit: `objective ${round(solves['1 thread'].objective)}, ${solves['1 thread'].status}` },
  { measure: '1-minute load average: start, after builds, after solves', value: load.map((l) => l.toFixed(2)).join(' → '), unit: 'on a 2-core machine shared with other jobs' },
);
console.table(rows);
writeBenchResults('engine', rows, [
  'Run: `npx tsx bench/engine.bench.ts`. Coverage: one H135 per site, day, 60-minute standard; count pass: 1 task per thread of equal site ranges, returning row lengths and site plans; fill pass: 1 task per thread claiming from a shared queue first the pairs of the fresh matrix in 8 byte ranges per thread to fault in, then, once all are done, 8 shards per thread of equal pair counts to fill; fill: the WebAssembly kernel on both sides; timed runs: BENCH_ROUNDS (default 5) rounds alternating the builds, 2 runs of each per round, after two warm-up runs of each (medians reported; the speed-up is the ratio of the medians), byte check, collection of the previous matrix and the return of its memory (settleMemory: V8 unmaps a freed 325 MiB buffer on a background thread, 35–58 ms, which otherwise overlapped the next timed build) outside the timing; the 1-thread figure is `buildCoverage` itself (what threads 0/1 run).',
  'Pool start-up includes starting the worker threads and loading the engine modules in each (coverage and solve handlers only: scenario tasks have their own worker file, loaded on a worker\'s first scenario task). The timed builds and solves run on pools made from the TypeScript sources, warmed before timing.',
  `The multi-start solve: ${SOLVE_STARTS + 1} starts (plain greedy + ${SOLVE_STARTS} seeded randomised greedy) over the first ${SOLVE_SITES} sites, each with swap interchange (on the workers when the search is large enough), then the bounds (subgradient, dual LP) in the calling thread (exact: false: no MILP fallback).`,
  'The machine is shared: with a load average above the core count, every wall-clock figure here is inflated and speed-ups understate what idle cores give. Re-run when idle.',
]);
