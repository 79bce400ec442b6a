import { OUTPUT_MANIFEST } from '../../src/io/writeFileAtomic.js';
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runScenarioInWorker } from '../../src/batch/runScenarioInWorker.js';
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
