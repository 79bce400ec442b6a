import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { expandSweep } from '../../src/scenario/expandSweep.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { computeCoverage, readScenarioInputs } from '../../src/scenario/runCoverage.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

describe('expandSweep', async () => {
  const loaded = await loadScenario(fixture('small.json'));

  it('varies one factor at a time, the scenario as written first', () => {
    const variants = expandSweep(loaded, { cruiseSpeedFactors: [0.8, 1, 1.25], activationDeltaMinutes: [0, 5], nightOperations: [true, false] });
    expect(variants.map((v) => v.label)).toEqual(['as written', 'speed ×0.8', 'speed ×1.25', 'activation +5 min', 'no night flying']);
    const h135 = AIRCRAFT_CATALOGUE.H135;
    expect(variants[1].loaded.scenario.aircraft?.H135.cruiseSpeedKmh).toBeCloseTo(h135.cruiseSpeedKmh * 0.8, 9);
    expect(variants[3].loaded.scenario.aircraft?.H135.activationMinutesNight).toBe(h135.activationMinutesNight + 5);
    expect(variants[4].loaded.scenario.aircraft?.H135.nightCapable).toBe(false);
    // The scenario's own aircraft entries survive, varied as every type is.
    expect(variants[1].loaded.scenario.aircraft?.['H135-slow-night']).toEqual({ basedOn: 'H135', activationMinutesNight: 40, cruiseSpeedKmh: h135.cruiseSpeedKmh * 0.8 });
  });

  it('takes every combination in grid mode', () => {
    const variants = expandSweep(loaded, { cruiseSpeedFactors: [0.9, 1.1], nightOperations: [false], mode: 'grid' });
    expect(variants.map((v) => v.label)).toEqual(['as written', 'no night flying', 'speed ×0.9', 'speed ×0.9, no night flying', 'speed ×1.1', 'speed ×1.1, no night flying']);
  });

  it('varies the types of fleets only a base layer names (properties.fleet, also as JSON text)', async () => {
    // The layer's features fly AW139 and H145, which the scenario itself never names: the sweep
    // varied only the scenario's fleets (H135), so every variant gave the figures as written.
    const own = await loadScenario(fixture('sweep-feature-fleet.json'));
    const variants = expandSweep(own, own.scenario.sweep!);
    expect(variants.map((v) => v.label)).toEqual(['as written', 'speed ×0.5', 'activation +15 min', 'no night flying']);
    const covered = [];
    for (const variant of variants) {
      const inputs = await readScenarioInputs(variant.loaded);
      expect(inputs.sites.map((site) => site.fleet.map((f) => f.aircraftTypeId).join())).toEqual(['AW139', 'H145']);
      covered.push(computeCoverage(inputs).periods.map((p) => p.report.overall.tiers.map((t) => t.coveredDemand)));
    }
    const [base, slow, late, dark] = covered;
    expect(base[1][0]).toBeGreaterThan(0);
    for (const period of [0, 1]) {
      expect(slow[period][0]).toBeLessThan(base[period][0]);
      expect(late[period][0]).toBeLessThan(base[period][0]);
    }
    expect(dark[0]).toEqual(base[0]);
    expect(dark[1].every((value) => value === 0)).toBe(true);
  });

  it('refuses a sweep that varies nothing', () => {
    expect(() => expandSweep(loaded, { cruiseSpeedFactors: [1] })).toThrow(/varies nothing/);
  });

  it('coverage grows with speed, shrinks with delay, and vanishes at night without night flying', async () => {
    const variants = expandSweep(loaded, { cruiseSpeedFactors: [0.8, 1.25], activationDeltaMinutes: [5], nightOperations: [false] });
    const shares = [];
    for (const variant of variants) {
      const run = computeCoverage(await readScenarioInputs(variant.loaded));
      shares.push(run.periods.map((p) => p.report.overall.tiers.map((t) => t.coveredDemand)));
    }
    const [base, slow, fast, late, dark] = shares;
    for (let p = 0; p < 2; p++) {
      for (let k = 0; k < 3; k++) {
        expect(slow[p][k]).toBeLessThanOrEqual(base[p][k]);
        expect(fast[p][k]).toBeGreaterThanOrEqual(base[p][k]);
        expect(late[p][k]).toBeLessThanOrEqual(base[p][k]);
      }
    }
    expect(dark[1].every((covered) => covered === 0)).toBe(true);
    expect(dark[0]).toEqual(base[0]);
    // At night (longer launch, shorter flight within 30 min) every change shows.
    expect(slow[1][0]).toBeLessThan(base[1][0]);
    expect(fast[1][0]).toBeGreaterThan(base[1][0]);
    expect(late[1][0]).toBeLessThan(base[1][0]);
  });
});
