import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SCENARIO_TOP_LEVEL_KEYS, whyNotScenario } from '../../src/scenario/whyNotScenario.js';
import { scenarioSchema } from '../../src/scenario/scenarioSchema.js';

const data = (path: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../data/${path}`, import.meta.url)), 'utf8')) as unknown;

describe('whyNotScenario', () => {
  it('knows the schema\'s top-level keys', () => {
    expect([...SCENARIO_TOP_LEVEL_KEYS].sort()).toEqual(Object.keys(scenarioSchema.shape).sort());
  });

  it('tells the other files a scenario folder may hold from scenarios', () => {
    // `airreach run data/liaoning` failed the batch on roads.json as a scenario.
    expect(whyNotScenario(data('liaoning/roads.json'))).toBe('its key "linkCircuity" is none of a scenario\'s');
    expect(whyNotScenario(data('liaoning/conditions/weather.json'))).toBe('its key "rule" is none of a scenario\'s');
    expect(whyNotScenario({ scenario: { name: 'x' }, grid: {}, periods: [] })).toBe('its key "scenario" is none of a scenario\'s');
    expect(whyNotScenario([{ label: 'an answer' }])).toBe('it holds a list, not an object');
    expect(whyNotScenario(data('liaoning/today.json'))).toBeUndefined();
    for (const file of ['airfields-h135', 'sensitivity']) expect(whyNotScenario(data(`liaoning/scenarios/${file}.json`))).toBeUndefined();
  });

  it('leaves a misspelt scenario key, and values that are not objects, to the scenario reader', () => {
    expect(whyNotScenario({ standardMinutes: [30] })).toBeUndefined();
    expect(whyNotScenario({ Grid: { resolution: 7 }, bases: [] })).toBeUndefined();
    expect(whyNotScenario({})).toBeUndefined();
    expect(whyNotScenario(42)).toBeUndefined();
    expect(whyNotScenario(null)).toBeUndefined();
  });
});
