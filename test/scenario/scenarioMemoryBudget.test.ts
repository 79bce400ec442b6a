import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { readScenarioInputs } from '../../src/scenario/runCoverage.js';
import { computeScenario } from '../../src/scenario/runScenario.js';
import { scenarioMemoryBudget } from '../../src/scenario/scenarioMemoryBudget.js';
import { isAirreachError } from '../../src/errors.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

/** siting.json with one p-median question, in a folder of its own. */
async function pMedianScenario(extra: Record<string, unknown> = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'airreach-budget-'));
  const file = join(folder, 'pm.json');
  writeFileSync(file, JSON.stringify({ extends: fixture('siting.json'), name: 'pm', questions: [{ model: 'pMedian', siteCount: 2 }], ...extra }));
  return { folder, loaded: await loadScenario(file, { allowedFolders: [fixture('.')] }) };
}

describe('scenarioMemoryBudget', () => {
  it("takes the caller's caps, else the file's memoryBudget for both, else none (the checks' defaults)", async () => {
    const { folder, loaded } = await pMedianScenario({ memoryBudget: '4GiB' });
    try {
      expect(scenarioMemoryBudget(loaded)).toEqual({ coverageMemoryBytes: 4 * 2 ** 30, solveMemoryBytes: 4 * 2 ** 30 });
      expect(scenarioMemoryBudget(loaded, { coverageMemoryBytes: 2 ** 20 })).toEqual({ coverageMemoryBytes: 2 ** 20, solveMemoryBytes: 4 * 2 ** 30 });
      expect(scenarioMemoryBudget({ ...loaded, scenario: { ...loaded.scenario, memoryBudget: undefined } })).toEqual({ coverageMemoryBytes: undefined, solveMemoryBytes: undefined });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("a p-median question's solve budget", () => {
  it('is the solveMemoryBytes computeScenario is given (it was left at 2 GiB): refused under it, naming --memory-budget and the size that fits', async () => {
    const { folder, loaded } = await pMedianScenario();
    try {
      const inputs = await readScenarioInputs(loaded);
      const error = await computeScenario(inputs, { solveMemoryBytes: 1024 }).then(() => undefined, (failure: unknown) => failure);
      expect(isAirreachError(error, 'E_MEMORY_BUDGET'), String(error)).toBe(true);
      if (!isAirreachError(error)) return;
      expect(error.where).toEqual({ file: loaded.file, field: '/questions/0' });
      expect(error.message).toContain("question 1's p-median solve would take about");
      expect(error.hint).toMatch(/raise the memory budget to [\d.]+KiB \(--memory-budget [\d.]+KiB, or "memoryBudget": "[\d.]+KiB" in the scenario\)$/);
      const fits = /--memory-budget ([\d.]+KiB)/.exec(error.hint!)![1];
      const answered = await computeScenario(await readScenarioInputs(loaded), { solveMemoryBytes: Number.parseFloat(fits) * 1024 });
      expect(answered.answers?.[0]).toBeDefined();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
