// The CLI's commands on worker threads (runTaskInWorker with COMMAND_TASK or the scenario task):
// every file the same bytes (sha256) as the library's in-thread pipeline, at 1 and 2 threads
// (2 with the coverage sharded over the pool even for these tiny grids), and a cancel at the
// first step leaves the folder as it was.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runTaskInWorker } from '../../src/batch/runTaskInWorker.js';
import { runCommandTask, type CommandTask } from '../../src/batch/commandTask.js';
import { COMMAND_TASK } from '../../src/batch/commandTaskKind.js';
import { runScenarioInWorker } from '../../src/batch/runScenarioInWorker.js';
import { runCoverage } from '../../src/scenario/runCoverage.js';
import { runScenario } from '../../src/scenario/runScenario.js';
import { compareLoaded, compareScenarios } from '../../src/scenario/compareScenarios.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { expandSweep } from '../../src/scenario/expandSweep.js';
import { OUTPUT_MANIFEST } from '../../src/io/writeFileAtomic.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));
const SITING_FILES = (name: string) => /^(answers\.json|answer-\d+\.geojson|curve\.json|depots\.(json|geojson|csv)|simulation\.json)$/.test(name);

/** File name → sha256 of its bytes, for every file of the folder. */
function hashes(folder: string): Record<string, string> {
  if (!existsSync(folder)) return {};
  return Object.fromEntries(readdirSync(folder).sort().map((name) => [name, createHash('sha256').update(readFileSync(join(folder, name))).digest('hex')]));
}

type Command = { name: string; library: (out: string) => Promise<unknown>; worker: (out: string, threads: number, signal?: AbortSignal, onStep?: () => void) => Promise<unknown> };
const base = { kind: 'command' as const, allowedFolders: [] as string[], minParallelPairs: 0 };
const commandTask = (task: CommandTask) => (out: string, threads: number, signal?: AbortSignal, onStep?: () => void) =>
  runTaskInWorker(COMMAND_TASK, { ...task, outFolder: out, threads }, out, { signal, onProgress: onStep });

const commands: Command[] = [
  {
    name: 'coverage',
    library: (out) => runCoverage(fixture('small.json'), { outFolder: out }),
    worker: commandTask({ ...base, command: 'coverage', scenarioPath: fixture('small.json'), report: true }),
  },
  {
    name: 'compare',
    library: (out) => compareScenarios([fixture('small.json'), fixture('variant.json')], { outFolder: out, standardMinutes: 60 }),
    worker: commandTask({ ...base, command: 'compare', scenarioPaths: [fixture('small.json'), fixture('variant.json')], standardMinutes: 60 }),
  },
  {
    name: 'sweep',
    library: async (out) => {
      const loaded = await loadScenario(fixture('sweep.json'));
      const variants = expandSweep(loaded, loaded.scenario.sweep!);
      return compareLoaded(variants.map((v) => v.loaded), variants.map((v) => v.label), { outFolder: out });
    },
    worker: commandTask({ ...base, command: 'sweep', scenarioPath: fixture('sweep.json') }),
  },
  {
    name: 'site',
    library: (out) => runScenario(fixture('siting.json'), { outFolder: out, only: SITING_FILES }),
    worker: (out, threads, signal, onStep) => runScenarioInWorker(fixture('siting.json'), out, { threads, siting: true, minParallelPairs: 0, signal, onProgress: onStep }),
  },
  {
    // Planning questions on the pool at 2 threads (the fairness pair in one task, sharing its proof).
    name: 'run (planning questions)',
    library: (out) => runScenario(fixture('planning.json'), { outFolder: out }),
    worker: (out, threads, signal, onStep) => runScenarioInWorker(fixture('planning.json'), out, { threads, minParallelPairs: 0, signal, onProgress: onStep }),
  },
  {
    // The curve as one task on the pool at 2 threads (behind the questions), in this thread at 1.
    name: 'run (curve)',
    library: (out) => runScenario(fixture('session.json'), { outFolder: out }),
    worker: (out, threads, signal, onStep) => runScenarioInWorker(fixture('session.json'), out, { threads, minParallelPairs: 0, signal, onProgress: onStep }),
  },
  {
    name: 'run',
    library: (out) => runScenario(fixture('depots.json'), { outFolder: out }),
    worker: (out, threads, signal, onStep) => runScenarioInWorker(fixture('depots.json'), out, { threads, minParallelPairs: 0, signal, onProgress: onStep }),
  },
];

describe('commands on worker threads', () => {
  for (const command of commands) {
    it(`${command.name}: every file the same bytes as in this thread, at 1 and 2 threads`, { timeout: 120_000 }, async () => {
      const root = mkdtempSync(join(tmpdir(), `airreach-command-${command.name}-`));
      try {
        await command.library(join(root, 'here'));
        const expected = hashes(join(root, 'here'));
        expect(Object.keys(expected).length).toBeGreaterThan(1);
        for (const threads of [1, 2]) {
          await command.worker(join(root, `threads-${threads}`), threads);
          expect(hashes(join(root, `threads-${threads}`)), `${command.name} at ${threads} threads`).toEqual(expected);
        }
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });

    it(`${command.name}: cancelled at its first step, leaves the folder as it was`, { timeout: 60_000 }, async () => {
      const out = mkdtempSync(join(tmpdir(), `airreach-command-cancel-${command.name}-`));
      try {
        writeFileSync(join(out, 'summary.json'), 'before');
        writeFileSync(join(out, OUTPUT_MANIFEST), '{ "files": ["summary.json"] }\n');
        const controller = new AbortController();
        const run = command.worker(out, 2, controller.signal, () => controller.abort(new Error('test cancel')));
        await expect(run).rejects.toMatchObject({ code: 'E_ABORTED' });
        expect(readdirSync(out).sort()).toEqual([OUTPUT_MANIFEST, 'summary.json']);
        expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('before');
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  }

  // A file of the user's under an output's name: refused before any progress (the grid is the
  // first step), with the write's own words; it was refused only at the write, after the whole run.
  const foreign: Record<string, string> = { coverage: 'report.html', compare: 'compare.html', sweep: 'compare.json', site: 'answers.json' };
  for (const command of commands) {
    it(`${command.name}: a file no airreach run wrote under an output's name is refused before any work`, { timeout: 60_000 }, async () => {
      const out = mkdtempSync(join(tmpdir(), `airreach-command-foreign-${command.name}-`));
      try {
        const name = foreign[command.name] ?? 'report.html';
        writeFileSync(join(out, name), 'mine');
        let steps = 0;
        const error: unknown = await command.worker(out, 1, undefined, () => steps++).then(() => undefined, (thrown: unknown) => thrown);
        expect(error).toMatchObject({ code: 'E_OUTPUT', where: { file: join(out, name) } });
        // The write's words, with no task label in front ('scenario x.json failed: …').
        expect((error as Error).message.slice(0, 200)).toBe(`E_OUTPUT: ${join(out, name)}: the output ${name} would replace a file that no airreach run wrote (got ${JSON.stringify(join(out, name))}); expected an output folder whose files of output names are airreach outputs (lis`.slice(0, 200));
        expect(steps).toBe(0);
        expect(readdirSync(out)).toEqual([name]);
        expect(readFileSync(join(out, name), 'utf8')).toBe('mine');
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  }

  it('runs in this thread too (runInThread), and refuses a sweep without a sweep block and an unknown command', async () => {
    const { rows, files } = await runCommandTask({ ...base, command: 'compare', scenarioPaths: [fixture('small.json'), fixture('variant.json')] });
    expect(rows?.map((row) => row.label)).toContain('small-test');
    expect(files.map((file) => file.name).sort()).toEqual(['compare.html', 'compare.json']);
    await expect(runCommandTask({ ...base, command: 'sweep', scenarioPath: fixture('small.json') })).rejects.toMatchObject({ code: 'E_SCENARIO', where: { field: '/sweep' } });
    await expect(runCommandTask({ ...base, command: 'nothing' } as unknown as CommandTask)).rejects.toMatchObject({ code: 'E_OPTION' });
  });
});
