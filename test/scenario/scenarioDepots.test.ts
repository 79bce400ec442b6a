import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { readScenarioInputs } from '../../src/scenario/runCoverage.js';
import { computeScenario, scenarioFiles } from '../../src/scenario/runScenario.js';
import { depotCandidates } from '../../src/scenario/scenarioDepots.js';
import { greatCircleKm } from '../../src/travel/greatCircleKm.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

describe('depot plan in a scenario run', async () => {
  const loaded = await loadScenario(fixture('depots.json'));
  const candidates = await depotCandidates(loaded.scenario.depots!, loaded.file);
  const result = await computeScenario(await readScenarioInputs(loaded), { depotCandidates: candidates });
  const plan = result.depots!;

  it('keeps the fixed central depot, opens siteCount more, and serves every client within capacity', () => {
    expect(candidates[0]).toMatchObject({ id: 'central', fixed: true });
    expect(plan.depots.map((d) => d.id)).toContain('central');
    expect(plan.depots).toHaveLength(2);
    for (const depot of plan.depots) expect(depot.loadTonnes).toBeLessThanOrEqual(depot.capacityTonnes + 1e-9);
    const bases = plan.assignments.filter((a) => a.kind === 'base');
    expect(bases.map((a) => a.clientId).sort()).toEqual(['B1', 'B2']);
    const hazardTonnes = result.coverage.grid.hazardDemand.reduce((a, b) => a + b, 0) * 0.5;
    expect(plan.totalDemandTonnes).toBeCloseTo(20 + hazardTonnes, 6);
    expect(plan.assignments.reduce((t, a) => t + a.demandTonnes, 0)).toBeCloseTo(plan.totalDemandTonnes, 6);
  });

  it('writes the depot layer, assignment lines and utilisation table', () => {
    const files = scenarioFiles(result);
    const layer = JSON.parse(files['depots.geojson']);
    const kinds = new Set(layer.features.map((f: { properties: { layer: string } }) => f.properties.layer));
    expect(kinds.has('depot') && kinds.has('assignment')).toBe(true);
    expect(files['depots.csv'].split('\n')[0]).toContain('utilisationPercent');
    expect(JSON.parse(files['depots.json']).depots).toHaveLength(2);
  });
});

describe('depot ground-time model from the scenario', async () => {
  const loaded = await loadScenario(fixture('depots.json'));
  loaded.scenario.depots = { ...loaded.scenario.depots!, groundTime: { circuityFactor: 1.5, truckSpeedKmh: 90, loadingMinutes: 7 } };
  const candidates = await depotCandidates(loaded.scenario.depots, loaded.file);
  const result = await computeScenario(await readScenarioInputs(loaded), { depotCandidates: candidates });

  it('times every road assignment as loading + km × circuity ÷ speed', () => {
    const depots = new Map(result.depots!.depots.map((d) => [d.id, d]));
    const road = result.depots!.assignments.filter((a) => a.mode === 'road');
    expect(road.length).toBeGreaterThan(0);
    for (const a of road) {
      const d = depots.get(a.depotId)!;
      expect(a.minutes).toBeCloseTo(7 + ((greatCircleKm(a.latDeg, a.lngDeg, d.latDeg, d.lngDeg) * 1.5) / 90) * 60, 6);
    }
  });
});
