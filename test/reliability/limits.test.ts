import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { area } from '@turf/area';
import { buildDemandGrid } from '../../src/grid/buildDemandGrid.js';
import { estimateGridCells } from '../../src/grid/estimateGridCells.js';
import { validateFeatures } from '../../src/grid/validateFeatures.js';
import type { GeoJsonLayer } from '../../src/grid/geoJsonLayer.js';
import { buildCoverage } from '../../src/coverage/buildCoverage.js';
import { checkCoverageMemory } from '../../src/scenario/checkCoverageMemory.js';
import { computeCoverage, readScenarioInputs } from '../../src/scenario/runCoverage.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';
import { isAirreachError } from '../../src/errors.js';
import { fixturePath, goodHazards, site } from './reliabilityFixtures.js';
import { TriedLog } from './triedLog.js';

const log = new TriedLog('resource limits: cell budget, national grid, coverage memory');
afterAll(() => log.print());

const china: GeoJsonLayer = {
  file: 'china-rough-outline.geojson',
  collection: validateFeatures(JSON.parse(readFileSync(fixturePath('reliability', 'china-rough-outline.geojson'), 'utf8')), 'extent'),
};
const nationalInputs = { hazards: [goodHazards()], extent: china };
const GiB = 2 ** 30;

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('the cell budget is checked on an estimate, before building', () => {
  it('the rough China outline is a country-sized area (9-10 million km²)', () => {
    const km2 = area(china.collection) / 1e6;
    expect(km2).toBeGreaterThan(9e6);
    expect(km2).toBeLessThan(1e7);
  });

  it.each([7, 8, 10, 15])('refuses China at resolution %i with E_CELL_BUDGET naming resolution 6 as the finest that fits', (resolution) => {
    // At res 15 (≈ 1.4e13 cells) a build would never finish: returning at all proves nothing was built first.
    const error = thrown(() => buildDemandGrid(nationalInputs, { resolution }));
    log.record('buildDemandGrid', isAirreachError(error) ? `${error.code} at res ${resolution}` : 'built!');
    expect(isAirreachError(error, 'E_CELL_BUDGET'), String(error)).toBe(true);
    if (isAirreachError(error)) {
      expect(error.where.field).toBe('resolution');
      expect(error.hint).toContain('resolution 6');
      expect(error.value as number).toBeGreaterThan(2_000_000);
    }
  });

  it('names no resolution when even resolution 0 is over the budget', () => {
    const error = thrown(() => buildDemandGrid(nationalInputs, { resolution: 3, cellBudget: 1 }));
    log.record('buildDemandGrid', isAirreachError(error) ? `${error.code} (budget 1)` : 'built!');
    expect(isAirreachError(error, 'E_CELL_BUDGET')).toBe(true);
    if (isAirreachError(error)) expect(error.hint).toMatch(/Reduce the extent/);
  });

  it('estimates China at each resolution with a finest-resolution answer that agrees with the refusal', () => {
    for (const resolution of [4, 5, 6, 7]) {
      const estimate = estimateGridCells(nationalInputs, resolution);
      log.record('estimateGridCells', `res ${resolution}: ${estimate.cellCount} cells, ${Math.round(estimate.peakBytes / 2 ** 20)} MiB peak`);
      expect(estimate.finestResolutionWithinBudget).toBe(6);
      // H3 res r has ~7× the cells of res r-1.
      if (resolution > 4) expect(estimate.cellCount / estimateGridCells(nationalInputs, resolution - 1).cellCount).toBeGreaterThan(5);
    }
  });
});

describe('national scale: all of China at resolution 6', () => {
  it('is built within the memory budget, its estimate bounding the built count from above', () => {
    const estimate = estimateGridCells(nationalInputs, 6);
    expect(estimate.peakBytes).toBeLessThan(8 * GiB);
    const heapBefore = process.memoryUsage().heapUsed;
    const grid = buildDemandGrid(nationalInputs, { resolution: 6 });
    const heapGrowthMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    log.record('buildDemandGrid', `China res 6: ${grid.cellCount} cells (est. ${estimate.cellCount}), heap +${Math.round(heapGrowthMiB)} MiB`);
    // ≈ 9.4 million km² ÷ ≈ 36 km² per res-6 cell (H3's mean; cells over China run smaller).
    expect(grid.cellCount).toBeGreaterThan(250_000);
    expect(grid.cellCount).toBeLessThan(350_000);
    expect(estimate.cellCount).toBeGreaterThanOrEqual(grid.cellCount);
    expect(estimate.cellCount).toBeLessThan(1.5 * grid.cellCount);
    let areaKm2 = 0;
    for (let c = 0; c < grid.cellCount; c++) areaKm2 += grid.areaKm2[c];
    expect(areaKm2 / (area(china.collection) / 1e6)).toBeCloseTo(1, 1);

    // The coverage step of a national run: 60 bases spread over the country, 120 minutes, day and night.
    const bases = Array.from({ length: 60 }, (_, s) => {
      const c = Math.floor(((s + 0.5) / 60) * grid.cellCount);
      return site(`B${s}`, grid.latDeg[c], grid.lngDeg[c], [{ aircraftTypeId: 'AW139', count: 1 }]);
    });
    const memory = checkCoverageMemory(grid, bases, AIRCRAFT_CATALOGUE, ['day', 'night'], 120);
    log.record('checkCoverageMemory', `China res 6, 60 bases: ≈ ${Math.round(memory.bytes / 2 ** 20)} MiB of matrices, within 2 GiB`);
    expect(memory.bytes).toBeLessThan(2 * GiB);
    // Under a cap below that estimate, the same run is refused.
    const error = thrown(() => checkCoverageMemory(grid, bases, AIRCRAFT_CATALOGUE, ['day', 'night'], 120, { coverageMemoryBytes: memory.bytes / 2 }));
    expect(isAirreachError(error, 'E_MEMORY_BUDGET')).toBe(true);
  });
});

describe('the coverage memory cap', () => {
  const smallGrid = () => buildDemandGrid({ hazards: [goodHazards()] }, { resolution: 7 });

  it('estimates the pairs of a real build within a factor of two on a compact grid', () => {
    const grid = smallGrid();
    const bases = [site('A', 41.8, 123.4), site('B', 41.7, 123.3)];
    // 17 minutes: H135 activation + fixed minutes leave ≈ 4 minutes of flight, ≈ 17 km: a part of the grid.
    const matrix = buildCoverage(grid, bases, AIRCRAFT_CATALOGUE, { maxMinutes: 17 });
    expect(matrix.pairCount).toBeLessThan(0.5 * bases.length * grid.cellCount);
    const { pairsByPeriod } = checkCoverageMemory(grid, bases, AIRCRAFT_CATALOGUE, ['day'], 17);
    log.record('checkCoverageMemory', `estimate ${pairsByPeriod[0]} vs built ${matrix.pairCount} pairs`);
    expect(pairsByPeriod[0]).toBeGreaterThanOrEqual(matrix.pairCount * 0.5);
    expect(pairsByPeriod[0]).toBeLessThanOrEqual(matrix.pairCount * 2);
  });

  it.each([0, -1, Number.NaN])('refuses coverageMemoryBytes %s with E_OPTION', (coverageMemoryBytes) => {
    const error = thrown(() => checkCoverageMemory(smallGrid(), [site('A', 41.8, 123.4)], AIRCRAFT_CATALOGUE, ['day'], 30, { coverageMemoryBytes }));
    log.record('checkCoverageMemory', isAirreachError(error) ? error.code : 'accepted!');
    expect(isAirreachError(error, 'E_OPTION')).toBe(true);
  });

  it('stops a scenario run with E_MEMORY_BUDGET before any matrix is built, naming the scenario and a coarser resolution', async () => {
    const file = fixturePath('scenario', 'small.json');
    const inputs = await readScenarioInputs(await loadScenario(file));
    const steps: string[] = [];
    const error = thrown(() => computeCoverage(inputs, { coverageMemoryBytes: 1024, onProgress: (event) => steps.push(event.step) }));
    log.record('computeCoverage', isAirreachError(error) ? error.code : 'built!');
    expect(isAirreachError(error, 'E_MEMORY_BUDGET'), String(error)).toBe(true);
    if (isAirreachError(error)) {
      expect(error.where).toEqual({ file, field: '/grid/resolution' });
      expect(error.hint).toContain('resolution 5 or coarser');
    }
    expect(steps).toEqual(['grid']);
    // With the default cap the same run goes through.
    expect(computeCoverage(inputs).periods.length).toBe(2);
  });
});
