import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { OUTPUT_MANIFEST } from '../../src/io/writeFileAtomic.js';
import { outputNameList, outputNames } from '../../src/report/outputNames.js';
import { checkScenarioOutputFolder } from '../../src/scenario/checkScenarioOutputFolder.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { runCoverage, type ProgressEvent } from '../../src/scenario/runCoverage.js';
import { runScenario } from '../../src/scenario/runScenario.js';
import { scenarioOutputPlan } from '../../src/scenario/scenarioOutputPlan.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));
const written = (folder: string) => readdirSync(folder).filter((name) => name !== OUTPUT_MANIFEST).sort();

describe('scenarioOutputPlan', () => {
  // The early check is only as good as its names: they must be the very files the run writes.
  for (const name of ['siting.json', 'depots.json', 'simulation.json']) {
    it(`names, from the scenario file, every file runScenario writes and no other (${name})`, { timeout: 60_000 }, async () => {
      const out = mkdtempSync(join(tmpdir(), 'airreach-plan-'));
      try {
        await runScenario(fixture(name), { outFolder: out });
        const loaded = await loadScenario(fixture(name));
        expect(written(out)).toEqual(outputNameList(outputNames(scenarioOutputPlan(loaded.scenario))));
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  }

  it('names the coverage files of airreach coverage, with and without the report page', { timeout: 60_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'airreach-plan-coverage-'));
    try {
      const loaded = await loadScenario(fixture('small.json'));
      for (const report of [true, false]) {
        await runCoverage(fixture('small.json'), { outFolder: join(out, String(report)), report });
        expect(written(join(out, String(report)))).toEqual(outputNameList(outputNames(scenarioOutputPlan(loaded.scenario, { command: 'coverage', report }))));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('checkScenarioOutputFolder', () => {
  it('refuses a file no airreach run wrote under an output name before the grid is built, with the write\'s own error', async () => {
    const out = mkdtempSync(join(tmpdir(), 'airreach-early-'));
    try {
      writeFileSync(join(out, 'report.html'), 'mine');
      const events: ProgressEvent[] = [];
      const error: unknown = await runScenario(fixture('siting.json'), { outFolder: out, onProgress: (event) => events.push(event) }).then(() => undefined, (thrown: unknown) => thrown);
      expect(error).toMatchObject({ code: 'E_OUTPUT', where: { file: join(out, 'report.html') } });
      expect((error as Error).message).toContain('the output report.html would replace a file that no airreach run wrote');
      expect((error as { hint?: string }).hint).toContain('--out');
      // No grid, no coverage: the refusal came before the first step (it came after the whole run).
      expect(events).toEqual([]);
      expect(readdirSync(out)).toEqual(['report.html']);
      // The same file listed in the folder's manifest is an earlier run's output: the run goes on and replaces it.
      writeFileSync(join(out, OUTPUT_MANIFEST), '{ "files": ["report.html"] }\n');
      await checkScenarioOutputFolder(await loadScenario(fixture('siting.json')), out);
      // A file `airreach site` does not write is none of its business.
      writeFileSync(join(out, 'summary.json'), 'mine too');
      await checkScenarioOutputFolder(await loadScenario(fixture('siting.json')), out, { command: 'site' });
      await expect(checkScenarioOutputFolder(await loadScenario(fixture('siting.json')), out)).rejects.toMatchObject({ code: 'E_OUTPUT', where: { file: join(out, 'summary.json') } });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('takes an option left undefined as its default, as every airreach options object does (resolveOptions)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'airreach-early-undefined-'));
    try {
      writeFileSync(join(out, 'report.html'), 'mine');
      const loaded = await loadScenario(fixture('small.json'));
      // `report: undefined` is the default, the report page: its name is checked.
      await expect(checkScenarioOutputFolder(loaded, out, { command: 'coverage', report: undefined })).rejects.toMatchObject({ code: 'E_OUTPUT', where: { file: join(out, 'report.html') } });
      expect(outputNameList(outputNames(scenarioOutputPlan(loaded.scenario, { command: undefined, report: undefined })))).toEqual(outputNameList(outputNames(scenarioOutputPlan(loaded.scenario))));
      expect(outputNames({ periods: ['day'], report: undefined, coverage: undefined }).report).toBe('report.html');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('refuses an output folder where an output would replace an input of the run, before the grid is built', async () => {
    // --out at the scenario's own folder: its bases layer has the name of the bases output.
    const folder = mkdtempSync(join(tmpdir(), 'airreach-early-input-'));
    try {
      for (const name of ['small.json', 'regions.geojson', 'hazards.geojson', 'bases.geojson']) copyFileSync(fixture(name), join(folder, name));
      const events: ProgressEvent[] = [];
      const error: unknown = await runCoverage(join(folder, 'small.json'), { outFolder: folder, onProgress: (event) => events.push(event) }).then(() => undefined, (thrown: unknown) => thrown);
      expect(error).toMatchObject({ code: 'E_OUTPUT', where: { file: join(folder, 'bases.geojson') } });
      expect((error as Error).message).toContain('the output bases.geojson would replace an input file of this run');
      expect(events).toEqual([]);
      expect(readFileSync(join(folder, 'bases.geojson'))).toEqual(readFileSync(fixture('bases.geojson')));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
