import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { answersText } from '../../src/scenario/answersText.js';
import { readScenarioInputs } from '../../src/scenario/runCoverage.js';
import type { ProgressEvent } from '../../src/scenario/runCoverage.js';
import { computeScenario, scenarioFiles } from '../../src/scenario/runScenario.js';
import { arm, disarm, fault } from '../solvers/milp/failingHighs.js';

// HiGHS running out of its 2 GiB, simulated in this thread (no pool: its threads load the real HiGHS).
vi.mock('highs', async (importOriginal) => (await import('../solvers/milp/failingHighs.js')).failingHighs(importOriginal));

afterEach(disarm);

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

describe('a scenario whose questions HiGHS runs out of memory on', () => {
  it('answers them with the heuristics\' best (feasible, stoppedBy memory, the bound and gap), notes why in answers.json, the terminal and the report, and warns on stderr', async () => {
    const events: ProgressEvent[] = [];
    arm('run');
    const result = await computeScenario(await readScenarioInputs(await loadScenario(fixture('planning.json'))), { onProgress: (event) => events.push(event) });
    expect(fault.fired).toBeGreaterThan(0);
    const stopped = result.answers.filter((answer) => answer.stoppedBy === 'memory');
    expect(stopped.length).toBeGreaterThan(0);
    for (const answer of stopped) {
      expect(answer.status).toBe('feasible');
      expect(answer.bound).toBeGreaterThanOrEqual(answer.objective);
      expect(answer.gap).toBeGreaterThan(0);
      expect(answer.details?.stopNote).toMatch(/^HiGHS ran out of its 2 GiB of WebAssembly memory on the (MILP|LP|LP session) \(\d+ rows, \d+ columns, \d+ entries, with 1\.9 GiB in use\)/);
    }
    const text = answersText(result.answers);
    expect(text.match(/\n {2}stopped: HiGHS ran out of its 2 GiB/g)).toHaveLength(stopped.length);
    const files = scenarioFiles(result);
    expect(files['answers.json']).toContain('"stoppedBy": "memory"');
    expect(files['report.html']).toContain('Stopped: HiGHS ran out of its 2 GiB of WebAssembly memory');
    const warnings = events.flatMap((event) => (event.warning?.includes('is answered without a proof') ? [event.warning] : []));
    expect(warnings).toHaveLength(stopped.length);
    expect(warnings[0]).toMatch(/^question \d+ \(\w+, \/questions\/\d+\) is answered without a proof, feasible within [\d.]+ % of its bound: HiGHS ran out/);
  });

  it('fails the question loudly on a fault of HiGHS (E_MODEL at the question), as before', async () => {
    arm('run', 2 ** 31, () => Object.assign(new Error('Highs_run returned an error status'), { name: 'HighsError' }));
    await expect(computeScenario(await readScenarioInputs(await loadScenario(fixture('planning.json'))))).rejects.toMatchObject({ code: 'E_MODEL', where: { field: expect.stringMatching(/^\/questions\/\d+$/) } });
  });
});
