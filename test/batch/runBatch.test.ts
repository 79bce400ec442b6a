import { OUTPUT_MANIFEST } from '../../src/io/writeFileAtomic.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createPool, type AirreachPool } from '../../src/engine/createPool.js';
import { runBatch, RUN_MANIFEST, type BatchProgressEvent } from '../../src/batch/runBatch.js';
import { computeScenario, scenarioFiles } from '../../src/scenario/runScenario.js';
import { bundledDataFolder, loadScenario } from '../../src/scenario/loadScenario.js';
import { computeCoverage, computeCoverageParallel, coverageFiles, readScenarioInputs, runCoverage } from '../../src/scenario/runCoverage.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));
// A batch writes what `airreach run` writes for one scenario, plus its run.json manifest.
const filesOf = async (name: string) => scenarioFiles(await computeScenario(await readScenarioInputs(await loadScenario(fixture(name)))));
const listFiles = (folder: string): string[] =>
  existsSync(folder) ? readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : [];

describe('coverage files at 1 and 2 threads', () => {
  it('are byte-identical to the single-thread pipeline on the small fixture scenario', async () => {
    const inputs = await readScenarioInputs(await loadScenario(fixture('small.json')));
    const expected = coverageFiles(computeCoverage(inputs));
    for (const threads of [1, 2]) {
      // minParallelPairs 0: force the shards onto the workers even for this small job.
      const files = coverageFiles(await computeCoverageParallel(inputs, { threads, minParallelPairs: 0 }));
      expect(Object.keys(files).sort()).toEqual(Object.keys(expected).sort());
      for (const name of Object.keys(expected)) expect(files[name] === expected[name], name).toBe(true);
    }
  });

  it('runCoverage with threads writes nothing when cancelled during the coverage step', async () => {
    const out = mkdtempSync(join(tmpdir(), 'airreach-cancel-'));
    try {
      const controller = new AbortController();
      const run = runCoverage(fixture('small.json'), {
        outFolder: join(out, 'run'),
        threads: 2,
        minParallelPairs: 0,
        signal: controller.signal,
        onProgress: (event) => {
          if (event.step.startsWith('coverage')) controller.abort();
        },
      });
      await expect(run).rejects.toSatisfy((error: { code?: string; name?: string }) => error.code === 'E_ABORTED' || error.name === 'AbortError');
      expect(listFiles(out)).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('runBatch', () => {
  let pool: AirreachPool;
  let out: string;
  beforeAll(() => {
    pool = createPool({ threads: 2 });
    out = mkdtempSync(join(tmpdir(), 'airreach-batch-'));
  });
  afterAll(async () => {
    await pool.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('runs every scenario, reports the failing ones with their errors, and writes the same bytes as a single run', async () => {
    const events: BatchProgressEvent[] = [];
    const paths = [fixture('small.json'), fixture('bad-type.json'), fixture('variant.json'), fixture('missing.json'), fixture('small.json')];
    const result = await runBatch(paths, { outFolder: join(out, 'a'), pool, concurrency: 2, onProgress: (e) => events.push(e) });
    expect(result.scenarios.map((s) => [s.label, s.status])).toEqual([
      ['small', 'done'],
      ['bad-type', 'failed'],
      ['variant', 'done'],
      ['missing', 'failed'],
      ['small-2', 'done'],
    ]);
    expect(result.failed).toBe(2);
    expect(result.scenarios[1].error).toMatchObject({ name: 'AirreachError', code: 'E_SCENARIO' });
    expect(result.scenarios[1].error?.message).toMatch(/bad-type\.json/);
    expect(result.scenarios[3].error?.code).toBe('E_FILE_READ');
    const expected = { small: await filesOf('small.json'), variant: await filesOf('variant.json') };
    for (const [label, name] of [['small', 'small'], ['small-2', 'small'], ['variant', 'variant']] as const) {
      const folder = join(out, 'a', label);
      expect(readdirSync(folder).sort()).toEqual([...Object.keys(expected[name]), RUN_MANIFEST, OUTPUT_MANIFEST].sort());
      for (const [file, text] of Object.entries(expected[name])) expect(readFileSync(join(folder, file), 'utf8') === text, `${label}/${file}`).toBe(true);
    }
    expect(listFiles(join(out, 'a', 'bad-type'))).toEqual([]);
    // Progress: a start and an end per scenario, `done` counting up to the total.
    expect(events.filter((e) => e.step.endsWith('started'))).toHaveLength(5);
    expect(events[events.length - 1]).toMatchObject({ done: 5, total: 5 });
    expect(events.map((e) => e.done)).toEqual([...events.map((e) => e.done)].sort((a, b) => a - b));
  });

  it('stops promptly on abort and leaves no files of unfinished scenarios', async () => {
    const controller = new AbortController();
    const paths = [fixture('small.json'), fixture('variant.json'), fixture('small.json'), fixture('variant.json')];
    const run = runBatch(paths, {
      outFolder: join(out, 'b'),
      pool,
      concurrency: 2,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.step.endsWith('started')) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'E_ABORTED' });
    expect(listFiles(join(out, 'b'))).toEqual([]);
    // The pool survives the stopped workers.
    const after = await runBatch([fixture('variant.json')], { outFolder: join(out, 'c'), pool });
    expect(after.failed).toBe(0);
  });

  it('fails a scenario whose folder holds a file no airreach run wrote under an output name before it is computed', async () => {
    const folder = join(out, 'foreign');
    mkdirSync(join(folder, 'small'), { recursive: true });
    writeFileSync(join(folder, 'small', 'report.html'), 'mine');
    // A pool that counts the scenarios it is given: none, the refusal comes first (it came at the write, after the run).
    let runs = 0;
    const counting = { threads: 1, register: () => undefined, run: async () => { runs++; throw new Error('computed'); }, close: async () => undefined } as unknown as AirreachPool;
    const result = await runBatch([fixture('small.json')], { outFolder: folder, pool: counting });
    expect(runs).toBe(0);
    expect(result.scenarios[0]).toMatchObject({ status: 'failed', error: { code: 'E_OUTPUT', where: { file: join(folder, 'small', 'report.html') } } });
    expect(result.scenarios[0].error?.message).toContain('the output report.html would replace a file that no airreach run wrote');
    expect(readFileSync(join(folder, 'small', 'report.html'), 'utf8')).toBe('mine');
  });

  it('passes a scenario\'s warnings on as they come, with its label', async () => {
    // 3,000 candidates: the fair covering's HiGHS model may not fit (a warning after the grid);
    // the scenario has no regions, so the question then fails at once instead of solving.
    const folder = mkdtempSync(join(tmpdir(), 'airreach-batch-warning-'));
    const data = relative(folder, join(bundledDataFolder(), 'liaoning'));
    const features = Array.from({ length: 3_000 }, (_, k) => ({
      type: 'Feature',
      properties: { id: `c${k}` },
      geometry: { type: 'Point', coordinates: [119.2 + (6.3 * (k % 60)) / 60, 38.8 + (4.5 * Math.floor(k / 60)) / 50] },
    }));
    writeFileSync(join(folder, 'candidates.geojson'), JSON.stringify({ type: 'FeatureCollection', features }));
    writeFileSync(join(folder, 'many.json'), JSON.stringify({
      name: 'many',
      layers: { extent: `${data}/province.geojson`, hazards: [`${data}/hazards/sites.geojson`], population: `${data}/population.geojson` },
      bases: [{ id: 'anshan', name: 'Anshan', latDeg: 41.12361, lngDeg: 122.99, role: 'existing', fleet: [{ aircraftTypeId: 'H135', count: 2 }] }, { file: 'candidates.geojson', role: 'candidate' }],
      periods: ['day'],
      questions: [{ model: 'fairCovering', standardMinutes: 30, additionalSites: 10, fairness: 'maxMin' }],
    }));
    // On the pool's workers, and in this thread (a 1-thread batch), where the scenario may end
    // before the event loop has handed its events over.
    for (const [name, where] of [['workers', { pool }], ['this thread', { threads: 1 }]] as const) {
      const events: BatchProgressEvent[] = [];
      const result = await runBatch([join(folder, 'many.json'), fixture('small.json')], { outFolder: join(out, `w-${name.length}`), ...where, concurrency: 1, onProgress: (e) => events.push(e) });
      expect(result.scenarios.map((s) => [s.label, s.status, s.error?.code]), name).toEqual([['many', 'failed', 'E_SCENARIO'], ['small', 'done', undefined]]);
      const warnings = events.filter((e) => e.warning !== undefined);
      expect(warnings, name).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ label: 'many', step: 'many: grid', done: 0, total: 2 });
      expect(warnings[0].warning).toMatch(/^question 1 \(fairCovering, \/questions\/0: .* may need up to [\d.]+ GiB of HiGHS's memory/);
      // Between the scenario's start and its end, as it came.
      expect(events.map((e) => e.step).indexOf('many: grid'), name).toBe(1);
    }
  }, 120_000);

  it('refuses a missing outFolder and a bad concurrency', async () => {
    await expect(runBatch([], { outFolder: '' })).rejects.toMatchObject({ code: 'E_OPTION' });
    await expect(runBatch([fixture('small.json')], { outFolder: join(out, 'd'), pool, concurrency: 0 })).rejects.toMatchObject({ code: 'E_OPTION' });
  });
});
