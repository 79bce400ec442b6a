import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { checkComparisonBudget } from '../../src/scenario/checkComparisonBudget.js';
import { computeComparison } from '../../src/scenario/compareScenarios.js';
import { expandSweep } from '../../src/scenario/expandSweep.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { errorOf } from '../errorOf.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

describe('checkComparisonBudget', () => {
  it('lets through what today\'s sensitivity sweep and a comparison of two national runs hold', () => {
    expect(() => checkComparisonBudget(7, 46_397, 2)).not.toThrow();
    expect(() => checkComparisonBudget(2, 1_989_194, 2)).not.toThrow();
  });

  it('refuses too many runs for the memory, or for the page, at the place given, with the runs that fit', () => {
    // A grid-mode sweep of today's layers: 21 × 21 × 2 × 21 − 1 variants and the scenario.
    const memory = errorOf(() => checkComparisonBudget(18_522, 46_397, 2, { where: { file: 's.json', field: '/sweep' } }));
    expect(memory).toMatchObject({ code: 'E_MEMORY_BUDGET', value: 18_522, where: { file: 's.json', field: '/sweep' }, expected: 'at most 89 runs at this grid' });
    expect(memory.message).toContain('18,522 runs of about 46,397 cells and 2 periods would hold about');
    // Few cells: the difference maps' fixed part binds (200 KB a map).
    const page = errorOf(() => checkComparisonBudget(5_000, 20, 1));
    expect(page).toMatchObject({ code: 'E_MEMORY_BUDGET', where: { field: 'scenarioPaths' } });
    expect(page.message).toContain('would make compare.html about');
    expect(() => checkComparisonBudget(2_000, 20, 1)).not.toThrow();
  });

  it('is checked by computeComparison on the first scenario\'s grid estimate, before its coverage', async () => {
    // A sweep was computed variant after variant until the memory ran out.
    const loaded = await loadScenario(fixture('sweep.json'));
    const variants = expandSweep(loaded, { cruiseSpeedFactors: [0.5, 0.6, 0.7, 0.8, 0.9, 1.1, 1.2], mode: 'grid' });
    const steps: string[] = [];
    const error = await computeComparison(
      variants.map((v) => v.loaded),
      variants.map((v) => v.label),
      { coverageMemoryBytes: 1e6, onProgress: (event) => steps.push(event.step), budget: { where: { file: loaded.file, field: '/sweep' } } },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_MEMORY_BUDGET', value: 8, where: { file: loaded.file, field: '/sweep' } });
    expect(steps).toEqual(['scenario as written']);
  });
});
