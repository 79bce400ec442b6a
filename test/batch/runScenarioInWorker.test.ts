import { OUTPUT_MANIFEST } from '../../src/io/writeFileAtomic.js';
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runScenarioInWorker } from '../../src/batch/runScenarioInWorker.js';
import { runBatch, type BatchProgressEvent } from '../../src/batch/runBatch.js';
import { runScenario } from '../../src/scenario/runScenario.js';
import { scenarioSummary, scenarioText } from '../../src/scenario/scenarioText.js';
import type { ProgressEvent } from '../../src/scenario/runCoverage.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));
const withoutRuntimes = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(withoutRuntimes)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).filter(([key]) => !/runtimeMs|Ms$/.test(key)).map(([key, v]) => [key, withoutRuntimes(v)]))
      : value;
/** A scenario's terminal text without its solve times (`proven optimal, 0.1 s [solver]`). */
const untimed = (text: string) => text.replace(/\d+\.\d s \[/g, 's [');
const filesIn = (folder: string): string[] => (existsSync(folder) ? readdirSync(folder).sort() : []);

describe('runScenarioInWorker', () => {
  for (const name of ['siting.json', 'conditions.json', 'depots.json']) {
    it(`writes the same bytes and summaries as runScenario in this thread (${name})`, async () => {
      const out = mkdtempSync(join(tmpdir(), 'airreach-in-worker-'));
      try {
        const here = await runScenario(fixture(name), { outFolder: join(out, 'here') });
        const events: ProgressEvent[] = [];
        const there = await runScenarioInWorker(fixture(name), join(out, 'there'), { onProgress: (event) => events.push(event) });
        const names = filesIn(join(out, 'here'));
        expect(names.length).toBeGreaterThan(3);
        expect(filesIn(join(out, 'there'))).toEqual(names);
        for (const file of names) expect(readFileSync(join(out, 'there', file)).equals(readFileSync(join(out, 'here', file))), file).toBe(true);
        // The folder's output manifest is written beside the outputs, not returned as one of them.
        expect([...there.written.map((path) => path.slice(join(out, 'there').length + 1)), OUTPUT_MANIFEST].sort()).toEqual(names);
        // Solve times are printed (0.0 s here, 0.1 s there on a loaded machine); the rest of the text is the same.
        expect(untimed(there.text)).toBe(untimed(scenarioText(here.result, fixture(name))));
        // Runtimes are printed, so they differ run to run; everything else is the same.
        expect(withoutRuntimes(JSON.parse(there.summaryJson))).toEqual(withoutRuntimes(JSON.parse(JSON.stringify(scenarioSummary(here.result)))));
        // The pipeline's steps cross the thread, in order: the grid first, the coverage's end later.
        const steps = events.map((event) => event.step);
        expect(steps[0]).toBe('grid');
        expect(steps.indexOf('done')).toBeGreaterThan(0);
        // On two pool threads (questions and depot plan there, the coverage files rendered while they run): the same bytes, in the same order.
        const pooled = await runScenarioInWorker(fixture(name), join(out, 'pooled'), { threads: 2, minParallelPairs: 0 });
        expect(filesIn(join(out, 'pooled'))).toEqual(names);
        for (const file of names) expect(readFileSync(join(out, 'pooled', file)).equals(readFileSync(join(out, 'here', file))), `${file} at 2 threads`).toBe(true);
        expect([...pooled.written.map((path) => path.slice(join(out, 'pooled').length + 1)), OUTPUT_MANIFEST].sort()).toEqual(names);
        expect(untimed(pooled.text)).toBe(untimed(there.text));
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  }

  it("says the coverage's warnings once: in the text of a run, on the progress events of site and of a batch's scenario", async () => {
    // airreach site and a batch printed them nowhere (site writes no summary.json): a base's typo went unsaid.
    const out = mkdtempSync(join(tmpdir(), 'airreach-in-worker-'));
    try {
      const far = join(out, 'far.json');
      writeFileSync(far, JSON.stringify({
        extends: fixture('siting.json'),
        name: 'far',
        bases: [
          { file: fixture('bases.geojson'), role: 'existing', where: { kind: ['civil'] } },
          { file: fixture('candidates.geojson'), role: 'candidate' },
          { id: 'far', name: 'FAR', latDeg: 10, lngDeg: 179.99, role: 'existing' },
        ],
      }));
      const allowedFolders = [fixture('.')];
      const farBase = /^a base lies more than 500 km from the cells with demand .*: far \(latDeg 10, lngDeg 179\.99; [\d,]+ km away\)/;
      const warningsOf = (events: Array<{ warning?: string }>) => events.flatMap((event) => (event.warning === undefined ? [] : [event.warning]));
      const siteEvents: ProgressEvent[] = [];
      const site = await runScenarioInWorker(far, join(out, 'site'), { allowedFolders, siting: true, onProgress: (event) => siteEvents.push(event) });
      expect(warningsOf(siteEvents)).toHaveLength(1);
      expect(warningsOf(siteEvents)[0]).toMatch(farBase);
      expect(site.text).not.toContain('warning');
      // A run of one scenario prints them with its tables (and --json in its summary): not again.
      const runEvents: ProgressEvent[] = [];
      const run = await runScenarioInWorker(far, join(out, 'run'), { allowedFolders, onProgress: (event) => runEvents.push(event) });
      expect(warningsOf(runEvents)).toEqual([]);
      expect(run.text).toMatch(/^warning: a base lies more than 500 km/m);
      const batchEvents: BatchProgressEvent[] = [];
      await runBatch([far, fixture('small.json')], { outFolder: join(out, 'batch'), threads: 1, allowedFolders, onProgress: (event) => batchEvents.push(event) });
      const warned = batchEvents.filter((event) => event.warning !== undefined);
      expect(warned.map((event) => event.label)).toEqual(['far']);
      expect(warned[0].warning).toMatch(farBase);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);

  it('stops the worker when cancelled mid-run and leaves the folder as it was', async () => {
    const out = mkdtempSync(join(tmpdir(), 'airreach-in-worker-cancel-'));
    try {
      writeFileSync(join(out, 'keep.txt'), 'before');
      const controller = new AbortController();
      const run = runScenarioInWorker(fixture('siting.json'), out, {
        signal: controller.signal,
        onProgress: (event) => {
          if (event.step === 'grid') controller.abort(new Error('test cancel'));
        },
      });
      await expect(run).rejects.toMatchObject({ code: 'E_ABORTED' });
      expect(filesIn(out)).toEqual(['keep.txt']);
      expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('before');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('passes the worker\'s coded error through, naming the scenario file', async () => {
    const out = mkdtempSync(join(tmpdir(), 'airreach-in-worker-bad-'));
    try {
      await expect(runScenarioInWorker(fixture('bad-type.json'), out)).rejects.toMatchObject({ code: 'E_SCENARIO', where: { file: fixture('bad-type.json') } });
      expect(filesIn(out)).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
