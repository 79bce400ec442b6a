import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cellToParent } from 'h3-js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { computeCoverage, coverageFiles, readScenarioInputs } from '../../src/scenario/runCoverage.js';
import { parentCoverageGeoJson } from '../../src/report/parentCoverageGeoJson.js';
import { cellToH3 } from '../../src/grid/demandGrid.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

describe('parentCoverageGeoJson', () => {
  it('sums every cell with demand into its H3 parent, and each share is the covered demand of its children', async () => {
    const run = computeCoverage(await readScenarioInputs(await loadScenario(fixture('small.json'))));
    const { grid } = run;
    const { outcomes } = run.periods[0];
    const layer = JSON.parse(parentCoverageGeoJson(grid, outcomes, 4));
    // Brute force: group the cells by h3-js's own parent.
    const expected = new Map<string, { demand: number; cells: number; covered: number[] }>();
    for (let c = 0; c < grid.cellCount; c++) {
      if (!(grid.demand[c] > 0)) continue;
      const parent = cellToParent(cellToH3(grid, c), 4);
      const entry = expected.get(parent) ?? { demand: 0, cells: 0, covered: outcomes.standardsMinutes.map(() => 0) };
      entry.demand += grid.demand[c];
      entry.cells++;
      outcomes.standardsMinutes.forEach((_s, k) => {
        if (outcomes.reachCounts[k][c] > 0) entry.covered[k] += grid.demand[c];
      });
      expected.set(parent, entry);
    }
    expect(layer.features.map((f: { properties: { hex_id: string } }) => f.properties.hex_id)).toEqual([...expected.keys()].sort());
    for (const feature of layer.features) {
      const want = expected.get(feature.properties.hex_id)!;
      expect(feature.properties.cells).toBe(want.cells);
      expect(feature.properties.demand).toBeCloseTo(want.demand, 5);
      outcomes.standardsMinutes.forEach((s, k) => expect(feature.properties[`demand_covered_${s}`]).toBeCloseTo(want.covered[k] / want.demand, 3));
      expect(feature.geometry.type).toBe('Polygon');
      const ring = feature.geometry.coordinates[0];
      expect(ring[0]).toEqual(ring[ring.length - 1]);
    }
    const total = [...expected.values()].reduce((sum, e) => sum + e.demand, 0);
    expect(layer.features.reduce((sum: number, f: { properties: { demand: number } }) => sum + f.properties.demand, 0)).toBeCloseTo(total, 3);
    expect(layer.features.length).toBeLessThan(grid.cellCount / 3);
  });

  it('is written beside each period\'s map when outputs.parentResolution is set, and refused when not coarser than the grid', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'airreach-parent-'));
    try {
      for (const name of ['regions.geojson', 'hazards.geojson', 'bases.geojson']) copyFileSync(fixture(name), join(folder, name));
      const scenario = JSON.parse(readFileSync(fixture('small.json'), 'utf8'));
      writeFileSync(join(folder, 'coarse.json'), JSON.stringify({ ...scenario, outputs: { parentResolution: 4 } }));
      const files = coverageFiles(computeCoverage(await readScenarioInputs(await loadScenario(join(folder, 'coarse.json')))), { report: false });
      expect(Object.keys(files).filter((name) => name.includes('-res')).sort()).toEqual(['coverage-day-res4.geojson', 'coverage-night-res4.geojson']);
      writeFileSync(join(folder, 'fine.json'), JSON.stringify({ ...scenario, outputs: { parentResolution: 6 } }));
      await expect(loadScenario(join(folder, 'fine.json')).then(readScenarioInputs)).rejects.toMatchObject({ code: 'E_SCENARIO', value: 6, where: { field: '/outputs/parentResolution' } });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('gives the same layer when its parents and outlines are kept per grid: both periods, again, and after the grid changes', async () => {
    const run = computeCoverage(await readScenarioInputs(await loadScenario(fixture('small.json'))));
    const fresh = computeCoverage(await readScenarioInputs(await loadScenario(fixture('small.json'))));
    for (const [p, { outcomes }] of run.periods.entries()) {
      const layer = parentCoverageGeoJson(run.grid, outcomes, 4);
      expect(parentCoverageGeoJson(run.grid, outcomes, 4)).toBe(layer);
      expect(parentCoverageGeoJson(fresh.grid, fresh.periods[p].outcomes, 4)).toBe(layer);
    }
    // Another demand (the arrays replaced): its own parents, not the kept ones.
    const demand = Float64Array.from(run.grid.demand, (d, c) => (c % 2 === 0 ? 0 : d));
    const changed = { ...run.grid };
    const before = JSON.parse(parentCoverageGeoJson(changed, run.periods[0].outcomes, 4));
    changed.demand = demand;
    const after = JSON.parse(parentCoverageGeoJson(changed, run.periods[0].outcomes, 4));
    const cells = (layer: { features: Array<{ properties: { cells: number } }> }) => layer.features.reduce((total, f) => total + f.properties.cells, 0);
    expect(cells(after)).toBeLessThan(cells(before));
    let withDemand = 0;
    for (let c = 0; c < demand.length; c++) if (demand[c] > 0) withDemand++;
    expect(cells(after)).toBe(withDemand);
  });
});

