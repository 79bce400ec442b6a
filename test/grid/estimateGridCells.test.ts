import { readFileSync } from 'node:fs';
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { buildDemandGrid, type DemandInputs } from '../../src/grid/buildDemandGrid.js';
import { chooseExtentLayer } from '../../src/grid/chooseExtentLayer.js';
import { estimateGridCells } from '../../src/grid/estimateGridCells.js';
import type { GeoJsonLayer } from '../../src/grid/geoJsonLayer.js';

const layer = (name: string): GeoJsonLayer => ({
  file: name,
  collection: JSON.parse(readFileSync(new URL(`../fixtures/grid/${name}`, import.meta.url), 'utf8')) as FeatureCollection,
});
const inputs: DemandInputs = { hazards: [layer('hazards.geojson')], regions: layer('regions.geojson') };

describe('estimateGridCells', () => {
  it.each([
    [6, 'auto'],
    [7, 'auto'],
    [5, 'auto'],
    [7, 'hazards'],
  ] as const)('estimates res %i (extent %s) from above, within 1.5× the built count', (resolution, extent) => {
    const estimate = estimateGridCells(inputs, resolution, { extent });
    const built = buildDemandGrid(inputs, { resolution, extent }).cellCount;
    expect(estimate.cellCount).toBeGreaterThanOrEqual(built);
    expect(estimate.cellCount).toBeLessThan(built * 1.5);
    expect(estimate.gridBytes).toBe(estimate.cellCount * (64 + 8 * 8));
  });

  it('names the finest resolution whose estimate fits the budget', () => {
    const budget = 10_000;
    const { finestResolutionWithinBudget: finest } = estimateGridCells(inputs, 9, { cellBudget: budget });
    expect(estimateGridCells(inputs, finest).cellCount).toBeLessThanOrEqual(budget);
    expect(estimateGridCells(inputs, finest + 1).cellCount).toBeGreaterThan(budget);
  });
});

describe('chooseExtentLayer', () => {
  it('prefers the extent layer, then the regions, and refuses a missing one', () => {
    const extent = layer('regions.geojson');
    expect(chooseExtentLayer({ regions: inputs.regions, extent }, 'auto')).toBe(extent);
    expect(chooseExtentLayer({ regions: inputs.regions }, 'auto')).toBe(inputs.regions);
    expect(chooseExtentLayer({ regions: inputs.regions }, 'hazards')).toBeUndefined();
    expect(() => chooseExtentLayer({}, 'extentLayer')).toThrowError(expect.objectContaining({ code: 'E_OPTION', where: { field: 'extent' } }));
    expect(() => chooseExtentLayer({}, 'nonsense' as 'auto')).toThrowError(expect.objectContaining({ code: 'E_OPTION' }));
  });
});
