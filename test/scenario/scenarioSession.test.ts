import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { computeScenario, scenarioFiles } from '../../src/scenario/runScenario.js';
import { computeCoverage, readScenarioInputs } from '../../src/scenario/runCoverage.js';
import { gridInputsKey, prepareScenario, questionMatrixNeed } from '../../src/scenario/scenarioSession.js';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCoverage } from '../../src/coverage/buildCoverage.js';
import type { CoverageMatrix } from '../../src/coverage/coverageMatrix.js';
import { scenarioSummary } from '../../src/scenario/scenarioText.js';
import { createMatrixBufferPool } from '../../src/coverage/matrixBufferPool.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));
const bytes = (matrix: CoverageMatrix) => Buffer.from(new Uint8Array(matrix.data));

describe('scenario session: one matrix cache per run', async () => {
  const inputs = await readScenarioInputs(await loadScenario(fixture('session.json')));
  const result = await computeScenario(inputs);
  const builds = scenarioSummary(result).matrixBuilds;

  it('builds each matrix key at most once in a run, and cuts the others from it', () => {
    expect(builds.length).toBeGreaterThan(3);
    for (const entry of builds) expect(entry.builds + entry.derived, entry.key).toBe(1);
    // Night: the p-center question's matrix (every siting site within 600 min) is built, and today's bases' coverage matrix cut from it.
    const siting = result.coverage.session!.sitingSites.length;
    const bases = result.coverage.session!.bases.length;
    const built = builds.filter((entry) => entry.builds === 1).map((entry) => `${entry.period}:${entry.maxMinutes}:${entry.siteCount}`);
    expect(built).toEqual([`day:120:${bases}`, `night:600:${siting}`, `day:60:${siting}`]);
    expect(builds.find((entry) => entry.key.startsWith('night:120:'))?.derived).toBe(1);
    expect(builds.find((entry) => entry.key.startsWith('day:45:'))?.derived).toBe(1);
    expect(builds.find((entry) => entry.key.startsWith('day:20:'))?.derived).toBe(1);
  });

  it('gives the same files as builds of every key afresh', async () => {
    const fresh = prepareScenario(inputs, { siting: true, cutMatrices: false });
    const again = await computeScenario(inputs, { session: fresh });
    expect(fresh.matrixBuilds().every((entry) => entry.derived === 0)).toBe(true);
    expect(fresh.matrixBuilds().filter((entry) => entry.builds === 1).length).toBeGreaterThan(builds.filter((entry) => entry.builds === 1).length);
    const a = scenarioFiles(result);
    const b = scenarioFiles(again);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const name of Object.keys(a)) expect(b[name], name).toBe(a[name]);
  });

  it('cuts a smaller standard and fewer sites to the bytes of a fresh build', () => {
    const session = prepareScenario(inputs);
    const { grid, sitingSites, bases, cellIndex } = session;
    const large = session.matrix('day', sitingSites, 120);
    const fresh = (sites: typeof bases, maxMinutes: number, period: 'day' | 'night' = 'day') => buildCoverage(grid, sites, inputs.aircraftById, { maxMinutes, period, cellIndex, refuelPoints: inputs.refuelPoints });
    expect(bytes(large)).toEqual(bytes(fresh(sitingSites, 120)));
    for (const minutes of [7, 15, 20, 29.5, 45, 60, 119]) {
      expect(bytes(session.matrix('day', sitingSites, minutes)), `${minutes} min`).toEqual(bytes(fresh(sitingSites, minutes)));
      expect(bytes(session.matrix('day', bases, minutes)), `bases ${minutes} min`).toEqual(bytes(fresh(bases, minutes)));
    }
    const odd = [sitingSites[3], sitingSites[0], sitingSites[2]];
    expect(bytes(session.matrix('day', odd, 33))).toEqual(bytes(fresh(odd, 33)));
    // By night today's bases' matrix is announced at the largest standard (coverage asks for it): built so, and 60 min cut from it.
    expect(bytes(session.matrix('night', bases, 60))).toEqual(bytes(fresh(bases, 60, 'night')));
    const counts = session.matrixBuilds();
    expect(counts.filter((entry) => entry.builds > 0).map((entry) => `${entry.period}:${entry.maxMinutes}:${entry.siteCount}`)).toEqual([`day:120:${sitingSites.length}`, `night:120:${bases.length}`]);
    // Asked twice: served from the cache.
    const before = JSON.stringify(session.matrixBuilds());
    session.matrix('day', sitingSites, 45);
    expect(JSON.stringify(session.matrixBuilds())).toBe(before);
  });

  it('coverage alone builds only the bases matrices (no siting matrix announced)', () => {
    const run = computeCoverage(inputs);
    const counts = run.session!.matrixBuilds();
    expect(counts.map((entry) => [entry.period, entry.siteCount, entry.builds])).toEqual(inputs.periods.map((period) => [period, run.session!.bases.length, 1]));
  });

  it('tells a question\'s matrix, the binding one only once coverage says which binds', () => {
    expect(questionMatrixNeed({ model: 'setCovering', standardMinutes: 60 }, null)).toEqual({ period: 'day', maxMinutes: 60 });
    expect(questionMatrixNeed({ model: 'setCovering', standardMinutes: 'binding', period: 'binding' }, null)).toBeNull();
    expect(questionMatrixNeed({ model: 'setCovering', standardMinutes: 'binding', period: 'binding' }, { period: 'night', standardMinutes: 120 })).toEqual({ period: 'night', maxMinutes: 120 });
    expect(questionMatrixNeed({ model: 'doubleStandard', standardMinutes: 30, looseStandardMinutes: 120 }, null)).toEqual({ period: 'day', maxMinutes: 120 });
    expect(questionMatrixNeed({ model: 'pMedian', siteCount: 2 }, null)).toEqual({ period: 'day', maxMinutes: 600 });
  });

  it('builds into a thread\'s matrix buffers the same files, scenario after scenario, and forgets what it released', async () => {
    const matrixBuffers = createMatrixBufferPool({ maxBuffers: 16 });
    const small = await readScenarioInputs(await loadScenario(fixture('small.json')));
    const smallAlone = scenarioFiles(await computeScenario(small));
    // session.json's siting matrices, then small.json's (other grid, sites and sizes) into the same buffers, then session.json again.
    for (const [scenario, expected] of [[inputs, scenarioFiles(result)], [small, smallAlone], [inputs, scenarioFiles(result)]] as const) {
      const session = prepareScenario(scenario, { siting: true, matrixBuffers });
      const files = scenarioFiles(await computeScenario(scenario, { session }));
      expect(Object.keys(files).sort()).toEqual(Object.keys(expected).sort());
      for (const name of Object.keys(expected)) expect(files[name] === expected[name], name).toBe(true);
      const built = session.matrixBuilds().filter((entry) => entry.builds > 0);
      const held = matrixBuffers.size;
      session.release();
      expect(matrixBuffers.size - held).toBe(built.length);
      // Released: asked again, the matrix is built afresh (into a held buffer), to the same bytes.
      const again = session.matrix(built[0].period, session.bases, session.maxStandardMinutes);
      expect(bytes(again)).toEqual(bytes(buildCoverage(session.grid, session.bases, scenario.aircraftById, { maxMinutes: session.maxStandardMinutes, period: built[0].period, cellIndex: session.cellIndex, refuelPoints: scenario.refuelPoints })));
      session.release();
    }
  });
});

describe('gridInputsKey: the content of the demand layers, without reading them again', () => {
  it('keys layers by the digests readScenarioInputs took (no file is read), equal to a fresh read of the same files, and differs when a layer changes', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'airreach-grid-key-'));
    try {
      for (const name of ['small.json', 'regions.geojson', 'hazards.geojson', 'bases.geojson']) copyFileSync(fixture(name), join(folder, name));
      const inputs = await readScenarioInputs(await loadScenario(join(folder, 'small.json')));
      expect(inputs.demandInputs.hazards[0].sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(inputs.demandInputs.regions?.sha256).toMatch(/^[0-9a-f]{64}$/);
      const key = await gridInputsKey(inputs);
      // The layers are gone: a key that read them again would fail.
      rmSync(join(folder, 'hazards.geojson'));
      rmSync(join(folder, 'regions.geojson'));
      expect(await gridInputsKey(inputs)).toBe(key);
      for (const name of ['regions.geojson', 'hazards.geojson']) copyFileSync(fixture(name), join(folder, name));
      expect(await gridInputsKey(await readScenarioInputs(await loadScenario(join(folder, 'small.json'))))).toBe(key);
      // Inputs made without digests read the files: a key of their own, the same for the same bytes.
      const bare = { ...inputs, demandInputs: { hazards: inputs.demandInputs.hazards.map(({ file, collection }) => ({ file, collection })), regions: inputs.demandInputs.regions && { file: inputs.demandInputs.regions.file, collection: inputs.demandInputs.regions.collection } } };
      const bareKey = await gridInputsKey(bare);
      expect(await gridInputsKey(bare)).toBe(bareKey);
      const text = readFileSync(join(folder, 'hazards.geojson'), 'utf8');
      writeFileSync(join(folder, 'hazards.geojson'), `${text}\n`);
      expect(await gridInputsKey(await readScenarioInputs(await loadScenario(join(folder, 'small.json'))))).not.toBe(key);
      expect(await gridInputsKey(bare)).not.toBe(bareKey);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
