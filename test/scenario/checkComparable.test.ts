import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { checkComparable } from '../../src/scenario/checkComparable.js';
import { computeComparison } from '../../src/scenario/compareScenarios.js';
import { loadScenario, type LoadedScenario } from '../../src/scenario/loadScenario.js';
import type { ScenarioFile } from '../../src/scenario/scenarioSchema.js';
import { errorOf } from '../errorOf.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

describe('checkComparable', async () => {
  const loaded = await loadScenario(fixture('small.json'));
  const other = (change: Partial<ScenarioFile>, file = '/x/other.json'): LoadedScenario => ({ ...loaded, file, scenario: { ...loaded.scenario, ...change } });

  it('accepts the same standards in another order, another name, fewer periods in common', () => {
    expect(() => checkComparable([loaded, other({ standardsMinutes: [120, 30, 60], periods: ['night'] })], ['a', 'b'], { standardMinutes: 60 })).not.toThrow();
  });

  it('refuses other standards, another resolution, no period in common and a standard not computed, at the file and field', () => {
    const standards = errorOf(() => checkComparable([loaded, other({ standardsMinutes: [30, 60] })], ['small', 'small']));
    expect(standards).toMatchObject({ code: 'E_OPTION', value: [30, 60], where: { file: '/x/other.json', field: '/standardsMinutes' } });
    // Two scenarios of one name are told apart by their files.
    expect(standards.message).toContain('scenario small (/x/other.json) uses other standards than small (');
    const resolution = errorOf(() => checkComparable([loaded, other({ grid: { resolution: 5 } })], ['a', 'b']));
    expect(resolution).toMatchObject({ code: 'E_OPTION', value: 5, where: { file: '/x/other.json', field: '/grid/resolution' }, expected: '6' });
    // Each shares a period with the first, but not all three one period.
    const periods = errorOf(() => checkComparable([loaded, other({ periods: ['day'] }), other({ periods: ['night'] }, '/x/third.json')], ['a', 'b', 'c']));
    expect(periods).toMatchObject({ code: 'E_OPTION', where: { file: '/x/third.json', field: '/periods' }, expected: 'one of day' });
    const standard = errorOf(() => checkComparable([loaded, other({})], ['a', 'b'], { standardMinutes: 45 }));
    expect(standard).toMatchObject({ code: 'E_OPTION', value: 45, expected: 'one of 30, 60, 120' });
  });

  it('is checked by computeComparison before any scenario is computed', async () => {
    // Found only after every scenario's grid and coverage before.
    const steps: string[] = [];
    const error = await computeComparison([loaded, other({ standardsMinutes: [30, 60] })], ['a', 'b'], { onProgress: (event) => steps.push(event.step) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_OPTION', where: { field: '/standardsMinutes' } });
    expect(steps).toEqual([]);
  });
});
