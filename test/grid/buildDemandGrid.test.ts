import { readFileSync } from 'node:fs';
import { area } from '@turf/area';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { FeatureCollection, Polygon } from 'geojson';
import { cellArea, cellToLatLng, getHexagonAreaAvg, latLngToCell, polygonToCells } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { buildDemandGrid, DEFAULT_DEMAND_GRID_OPTIONS, type DemandInputs } from '../../src/grid/buildDemandGrid.js';
import { gridToH3 } from '../../src/grid/demandGrid.js';
import { estimateLayerMemory } from '../../src/grid/estimateLayerMemory.js';
import type { GeoJsonLayer } from '../../src/grid/geoJsonLayer.js';
import { errorOf } from '../errorOf.js';

const layer = (name: string): GeoJsonLayer => ({
  file: `test/fixtures/grid/${name}`,
  collection: JSON.parse(readFileSync(new URL(`../fixtures/grid/${name}`, import.meta.url), 'utf8')) as FeatureCollection,
});
const square = (w: number, s: number, e: number, n: number) => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
const hazardLayer = (file: string, ...features: Array<{ coordinates: unknown; type?: string; properties?: Record<string, unknown> }>): GeoJsonLayer => ({
  file,
  collection: {
    type: 'FeatureCollection',
    features: features.map((f, i) => ({
      type: 'Feature',
      properties: { name: `h${i}`, type: 'flood', weight: 1, ...f.properties },
      geometry: { type: (f.type ?? 'Polygon') as 'Polygon', coordinates: f.coordinates as Polygon['coordinates'] },
    })),
  },
});

const inputs: DemandInputs = { hazards: [layer('hazards.geojson')], regions: layer('regions.geojson'), population: layer('places.geojson') };

describe('buildDemandGrid on the fixture layers', () => {
  const grid = buildDemandGrid(inputs, { resolution: 7 });
  const ids = gridToH3(grid);

  it('orders cells by ascending H3 index and fills centre and exact area', () => {
    for (let c = 1; c < grid.cellCount; c++) expect(BigInt(`0x${ids[c - 1]}`) < BigInt(`0x${ids[c]}`)).toBe(true);
    for (let c = 0; c < grid.cellCount; c += 97) {
      const [lat, lng] = cellToLatLng(ids[c]);
      expect(grid.latDeg[c]).toBe(lat);
      expect(grid.lngDeg[c]).toBe(lng);
      expect(grid.areaKm2[c]).toBe(cellArea(ids[c], 'km2'));
    }
  });

  it('covers every cell of the region polygons (the whole province shows on the map)', () => {
    const cellSet = new Set(ids);
    for (const feature of inputs.regions!.collection.features) {
      for (const h3 of polygonToCells((feature.geometry as Polygon).coordinates, 7, true)) expect(cellSet.has(h3)).toBe(true);
    }
  });

  it('assigns regions as @turf/boolean-point-in-polygon does (lowest index on ties, -1 outside)', () => {
    const regions = inputs.regions!.collection.features;
    expect(grid.regionNames).toEqual(['West prefecture', 'East prefecture']);
    let outside = 0;
    for (let c = 0; c < grid.cellCount; c++) {
      const expected = regions.findIndex((f) => booleanPointInPolygon([grid.lngDeg[c], grid.latDeg[c]], f as never));
      expect(grid.region[c]).toBe(expected);
      if (expected < 0) outside++;
    }
    expect(outside).toBeGreaterThan(0); // the islands' cells stick out of the regions
  });

  it('keeps demand = hazardDemand + weight × population, by-type columns summing to hazardDemand, mask bits where a type has share', () => {
    const types = grid.hazardTypes.length;
    expect(grid.hazardTypes).toEqual(['coast', 'flood', 'forestFire', 'mine', 'petrochemical']);
    const broken: number[] = [];
    for (let c = 0; c < grid.cellCount; c++) {
      let sum = 0;
      for (let t = 0; t < types; t++) {
        const value = grid.hazardDemandByType[c * types + t];
        sum += value;
        if ((((grid.hazardMask[c] >>> t) & 1) === 1) !== value > 0) broken.push(c);
      }
      if (Math.abs(grid.hazardDemand[c] - sum) > 1e-12) broken.push(c);
      const demand = grid.hazardDemand[c] + DEFAULT_DEMAND_GRID_OPTIONS.populationWeightPerPerson * grid.population[c];
      if (Math.abs(grid.demand[c] - demand) > 1e-12) broken.push(c);
    }
    expect(broken).toEqual([]);
    expect(grid.hazardMask.some((mask) => mask !== 0)).toBe(true);
    expect(grid.population.some((p) => p > 0)).toBe(true);
  });

  it('gives a cell wholly inside a hazard area weight × 1', () => {
    // The flood rectangle (weight 3) is 0.6° × 0.3°: a cell at its middle is far from every edge.
    const c = ids.indexOf(latLngToCell(41.15, 123.1, 7));
    const flood = grid.hazardTypes.indexOf('flood');
    expect(grid.hazardDemandByType[c * grid.hazardTypes.length + flood]).toBe(3);
  });

  it('conserves hazard area: Σ by-type demand × cell area ÷ weight ≈ turf area of the feature', () => {
    const flood = grid.hazardTypes.indexOf('flood');
    let covered = 0;
    for (let c = 0; c < grid.cellCount; c++) covered += (grid.hazardDemandByType[c * grid.hazardTypes.length + flood] / 3) * grid.areaKm2[c];
    const expected = area(inputs.hazards[0].collection.features[0]) / 1e6;
    expect(Math.abs(covered - expected) / expected).toBeLessThan(0.01);
  });

  it('keeps a hazard too small to hold any descendant centre instead of losing it', () => {
    const t = grid.hazardTypes.indexOf('petrochemical');
    const cells = [...grid.hazardMask].filter((mask) => (mask >>> t) & 1).length;
    expect(cells).toBe(1);
    const c = ids.indexOf(latLngToCell(41.049589, 123.847466, 7));
    const expected = (5 * Math.PI * 0.02 ** 2) / grid.areaKm2[c];
    expect(grid.hazardDemandByType[c * grid.hazardTypes.length + t] / expected).toBeCloseTo(1, 2);
  });

  it('conserves population when the disks lie inside the grid', () => {
    const input = inputs.population!.collection.features.reduce((sum, f) => sum + (f.properties!.population as number), 0);
    const total = grid.population.reduce((sum, p) => sum + p, 0);
    expect(total).toBeCloseTo(input, 6);
    expect(grid.droppedPopulation).toBe(0);
  });

  it('spreads a place over a disk of radius √(population ÷ (π × density))', () => {
    // Synthetic city: 800,000 at 5,000/km² → radius 7.14 km, area 160 km²: people in cells whose centre is > 9 km away must be 0.
    const [lng, lat] = [123.3, 41.2];
    let far = 0;
    let near = 0;
    for (let c = 0; c < grid.cellCount; c++) {
      const dLat = (grid.latDeg[c] - lat) * 111.2;
      const dLng = (grid.lngDeg[c] - lng) * 111.2 * Math.cos((lat * Math.PI) / 180);
      const km = Math.hypot(dLat, dLng);
      if (km > 9 && km < 20) far += grid.population[c];
      if (km < 5) near += grid.population[c] / grid.areaKm2[c];
    }
    expect(far).toBe(0);
    expect(near / [...grid.population].filter((_, c) => Math.hypot((grid.latDeg[c] - lat) * 111.2, (grid.lngDeg[c] - lng) * 84) < 5).length).toBeGreaterThan(4000);
  });

  it('is deterministic: two builds give identical bytes', () => {
    const again = buildDemandGrid(inputs, { resolution: 7 });
    for (const key of ['h3Low', 'h3High', 'latDeg', 'lngDeg', 'areaKm2', 'demand', 'hazardDemand', 'population', 'hazardMask', 'hazardDemandByType', 'region'] as const) {
      expect(Buffer.from(again[key].buffer).equals(Buffer.from(grid[key].buffer))).toBe(true);
    }
  });

  it('estimated the cell count from above, within 40 %', () => {
    expect(grid.estimate.cellCount).toBeGreaterThanOrEqual(grid.cellCount);
    expect(grid.estimate.cellCount).toBeLessThan(grid.cellCount * 1.4);
  });
});

describe('buildDemandGrid totals', () => {
  it('total hazard demand of a big polygon ≈ weight × area ÷ mean cell area (within 2 %)', () => {
    const big = hazardLayer('big.geojson', { coordinates: square(122, 40.5, 124.5, 42), properties: { weight: 2 } });
    const grid = buildDemandGrid({ hazards: [big] }, { resolution: 6 });
    const total = grid.hazardDemand.reduce((s, d) => s + d, 0);
    const meanCellKm2 = grid.areaKm2.reduce((s, a) => s + a, 0) / grid.cellCount;
    const expected = (2 * area(big.collection.features[0]) * 1e-6) / meanCellKm2;
    expect(Math.abs(total - expected) / expected).toBeLessThan(0.02);
    // Cells near Liaoning are far smaller than the global average (the Dalian pentagon).
    expect(meanCellKm2).toBeLessThan(getHexagonAreaAvg(6, 'km2') * 0.8);
  });

  it('drops a degenerate (zero-area) part with a warning', () => {
    const hazards = hazardLayer('flat.geojson', {
      type: 'MultiPolygon',
      coordinates: [square(123, 41, 123.1, 41.1), [[[123.2, 41], [123.3, 41], [123.4, 41], [123.2, 41]]]],
    });
    const grid = buildDemandGrid({ hazards: [hazards] }, { resolution: 7 });
    expect(grid.warnings).toEqual([{ file: 'flat.geojson', featureIndex: 0, message: expect.stringContaining('part 1') }]);
    expect(grid.cellCount).toBeGreaterThan(0);
  });

  it('refuses a grid left with no demand at all (E_EMPTY naming the dropped feature): a zero-area hazard alone ran to exit 0 with 0.0 % tables', () => {
    const flat = hazardLayer('flat.geojson', { coordinates: square(123, 41, 123.1, 41.1), properties: { weight: 1 } }, { coordinates: [[[123.2, 41], [123.3, 41], [123.4, 41], [123.2, 41]]] });
    // The flat feature alone: dropped, and nothing is left.
    const onlyFlat: GeoJsonLayer = { file: 'flat.geojson', collection: { ...flat.collection, features: [flat.collection.features[1]] } };
    const error = errorOf(() => buildDemandGrid({ hazards: [onlyFlat], regions: inputs.regions }, { resolution: 7 }));
    expect(error.code).toBe('E_EMPTY');
    expect(error.where).toEqual({ file: 'flat.geojson', featureIndex: 0 });
    expect(error.hint).toContain('degenerate (zero area)');
    // People all 0 beside no hazard area: nothing either.
    const nobody: GeoJsonLayer = { file: 'nobody.geojson', collection: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { population: 0 }, geometry: { type: 'Point', coordinates: [123.05, 41.05] } }] } };
    expect(errorOf(() => buildDemandGrid({ hazards: [], regions: inputs.regions, population: nobody }, { resolution: 7 })).where).toEqual({ file: 'nobody.geojson' });
    // With one real area beside it, the grid is built and the flat part is a warning.
    expect(buildDemandGrid({ hazards: [flat] }, { resolution: 7 }).warnings).toHaveLength(1);
  });
});

describe('buildDemandGrid with people only (no hazard layer)', () => {
  const people = buildDemandGrid({ hazards: [], regions: inputs.regions, population: inputs.population }, { resolution: 7 });
  const both = buildDemandGrid(inputs, { resolution: 7 });

  it('covers the regions, with demand = weight × population and no hazard demand', () => {
    expect(people.hazardTypes).toEqual([]);
    expect(people.hazardDemandByType.length).toBe(0);
    expect(people.hazardDemand.every((d) => d === 0)).toBe(true);
    for (let c = 0; c < people.cellCount; c++) expect(people.demand[c]).toBe(DEFAULT_DEMAND_GRID_OPTIONS.populationWeightPerPerson * people.population[c]);
    // The cells are the regions' (the hazards of the other build only add cells outside them).
    const regionCells = new Set(gridToH3(people));
    const withHazards = gridToH3(both).filter((h) => regionCells.has(h));
    expect(withHazards.length).toBe(people.cellCount);
  });

  it('refuses people without an area to cover, and no demand at all (E_EMPTY)', () => {
    expect(errorOf(() => buildDemandGrid({ hazards: [], population: inputs.population })).code).toBe('E_EMPTY');
    expect(errorOf(() => buildDemandGrid({ hazards: [], regions: inputs.regions })).code).toBe('E_EMPTY');
  });
});

describe('buildDemandGrid bad input', () => {
  it.each([-1, 16, 7.5, Number.NaN])('refuses resolution %s (E_RESOLUTION)', (resolution) => {
    const error = errorOf(() => buildDemandGrid(inputs, { resolution }));
    expect(error.code).toBe('E_RESOLUTION');
    expect(error.where.field).toBe('resolution');
  });

  it('refuses a grid over the cell budget, naming the finest resolution that fits (E_CELL_BUDGET)', () => {
    const error = errorOf(() => buildDemandGrid(inputs, { resolution: 9, cellBudget: 20_000 }));
    expect(error.code).toBe('E_CELL_BUDGET');
    expect(error.value).toBeGreaterThan(20_000);
    const finest = Number(/resolution (\d+) or coarser/.exec(error.hint ?? '')?.[1]);
    expect(finest).toBeLessThan(9);
    // The named resolution really fits, and the next one would not have.
    expect(buildDemandGrid(inputs, { resolution: finest, cellBudget: 20_000 }).cellCount).toBeLessThanOrEqual(20_000);
    expect(() => buildDemandGrid(inputs, { resolution: finest + 1, cellBudget: 20_000 })).toThrowError(expect.objectContaining({ code: 'E_CELL_BUDGET' }));
  });

  it('validates every layer at the entry point, naming the file and feature', () => {
    const bad = hazardLayer('bad.geojson', { coordinates: square(123, 41, 123.1, 41.1) }, { coordinates: square(123, 41, 123.1, 41.1), properties: { weight: -2 } });
    const error = errorOf(() => buildDemandGrid({ hazards: [bad] }));
    expect(error.code).toBe('E_PROPERTY');
    expect(error.where).toEqual({ file: 'bad.geojson', featureIndex: 1, field: 'properties.weight' });
    const empty = errorOf(() => buildDemandGrid({ hazards: [] }));
    expect(empty.code).toBe('E_EMPTY');
  });

  it('refuses a build whose layers and cells would not fit the heap, before it allocates, naming the largest layer (E_MEMORY_BUDGET)', () => {
    const big = hazardLayer('big.geojson', ...Array.from({ length: 50 }, (_, k) => ({ coordinates: square(123 + k * 0.01, 41, 123.005 + k * 0.01, 41.005) })));
    const small = hazardLayer('small.geojson', { coordinates: square(122, 41, 122.01, 41.01) });
    const grown = { hazards: [small, big] };
    const layersBytes = estimateLayerMemory(small.collection, 'hazard').bytes + estimateLayerMemory(big.collection, 'hazard').bytes;
    const error = errorOf(() => buildDemandGrid(grown, { heapAvailableBytes: layersBytes }));
    expect(error.code).toBe('E_MEMORY_BUDGET');
    expect(error.where).toEqual({ file: 'big.geojson' });
    // The layers' steps and the cells' peak (estimateGridCells) together.
    expect(error.value).toBeGreaterThan(layersBytes);
    expect(error.brief).toMatch(/^building the grid would take about \d+ MiB of JS heap \(51 features in 2 layer\(s\), the largest this one, and about \d+ cells\)/);
    expect(buildDemandGrid(grown, { heapAvailableBytes: Number(error.value) }).cellCount).toBeGreaterThan(0);
  });

  it('refuses bad options (E_OPTION)', () => {
    expect(errorOf(() => buildDemandGrid(inputs, { populationWeightPerPerson: -1 })).where.field).toBe('populationWeightPerPerson');
    expect(errorOf(() => buildDemandGrid(inputs, { shareResolutionOffset: 9 })).code).toBe('E_OPTION');
    expect(errorOf(() => buildDemandGrid({ hazards: inputs.hazards }, { extent: 'regions' })).code).toBe('E_OPTION');
  });
});

describe('buildDemandGrid: named sites, the mix rule and population areas', () => {
  const site = (name: string, lng: number, lat: number, weight: number, type = 'mine') => ({ type: 'Point', coordinates: [lng, lat], properties: { name, type, weight } });
  const hazards = hazardLayer(
    'mix.geojson',
    { coordinates: square(123, 41, 124, 42), properties: { name: 'big forest', type: 'forestFire', weight: 2 } },
    { coordinates: square(123.1, 41.1, 123.15, 41.15), properties: { name: 'small flood', type: 'flood', weight: 2 } },
    site('pit', 123.5, 41.5, 3),
    site('refinery', 124.5, 41.5, 1, 'petrochemical'),
  );
  const people: GeoJsonLayer = {
    file: 'people.geojson',
    collection: {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { population: 1000 }, geometry: { type: 'Point', coordinates: [123.5, 41.5] } },
        { type: 'Feature', properties: { population: 9000 }, geometry: { type: 'Polygon', coordinates: square(123, 41, 124, 42) } },
      ],
    },
  };
  const mix = { sites: 0.5, areas: 0.3, people: 0.2 };
  const grid = buildDemandGrid({ hazards: [hazards], population: people }, { resolution: 6, demandMix: mix });
  const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);

  it('puts a site (a Point without radiusKm) in the one cell that contains it, with its weight share', () => {
    expect(grid.sites.map((s) => s.name)).toEqual(['pit', 'refinery']);
    const pit = grid.sites[0];
    expect(gridToH3(grid)[pit.cell]).toBe(latLngToCell(41.5, 123.5, 6));
    const mine = grid.hazardTypes.indexOf('mine');
    const t = grid.hazardTypes.length;
    expect(grid.hazardDemandByType[pit.cell * t + mine]).toBeCloseTo((0.5 * 10_000 * 3) / 4, 6);
    let mineTotal = 0;
    for (let c = 0; c < grid.cellCount; c++) mineTotal += grid.hazardDemandByType[c * t + mine];
    expect(mineTotal).toBeCloseTo((0.5 * 10_000 * 3) / 4, 6);
  });

  it('takes a Point with "radiusKm": null (a mixed layer\'s empty column) as a site, as validation does, and a null place radius as none', () => {
    // It became a disk of radius 0, was dropped as 'polygon part 0 is degenerate (zero area)' and its demand lost.
    const blank = hazardLayer('blank.geojson', { coordinates: square(123, 41, 124, 42), properties: { radiusKm: null } }, { type: 'Point', coordinates: [123.5, 41.5], properties: { name: 'pit', type: 'mine', weight: 3, radiusKm: null } });
    const bare = hazardLayer('blank.geojson', { coordinates: square(123, 41, 124, 42) }, { type: 'Point', coordinates: [123.5, 41.5], properties: { name: 'pit', type: 'mine', weight: 3 } });
    const withNull = buildDemandGrid({ hazards: [blank] }, { resolution: 6 });
    const without = buildDemandGrid({ hazards: [bare] }, { resolution: 6 });
    expect(withNull.sites.map((s) => s.name)).toEqual(['pit']);
    expect(withNull.warnings).toEqual([]);
    expect(Array.from(withNull.demand)).toEqual(Array.from(without.demand));
    expect(estimateLayerMemory(blank.collection, 'hazard', { circleSteps: 64 }).createdPositions).toBe(0);
    const place = (radiusKm?: null) => ({ file: 'p.geojson', collection: { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, properties: { population: 5000, ...(radiusKm === null ? { radiusKm } : {}) }, geometry: { type: 'Point' as const, coordinates: [123.5, 41.5] } }] } });
    expect(Array.from(buildDemandGrid({ hazards: [bare], population: place(null) }, { resolution: 6 }).demand)).toEqual(Array.from(buildDemandGrid({ hazards: [bare], population: place() }, { resolution: 6 }).demand));
  });

  it('gives every area feature weight ÷ Σ weights of the area share, whatever its size', () => {
    const [big, small] = grid.areaFeatures;
    expect(big.areaKm2).toBeGreaterThan(100 * small.areaKm2);
    expect(big.demand).toBeCloseTo(0.3 * 10_000 * 0.5, 6);
    expect(small.demand).toBeCloseTo(0.3 * 10_000 * 0.5, 6);
  });

  it('splits total demand by the mix and keeps demand = hazard + people parts', () => {
    expect(grid.demandTotals.sites).toBeCloseTo(5_000, 6);
    expect(grid.demandTotals.areas).toBeCloseTo(3_000, 6);
    expect(grid.demandTotals.people).toBeCloseTo(2_000, 6);
    expect(sum(grid.demand)).toBeCloseTo(10_000, 4);
    expect(sum(grid.hazardDemand)).toBeCloseTo(8_000, 4);
  });

  it('spreads a population polygon over the cells whose centres lie inside, conserving persons', () => {
    expect(sum(grid.population)).toBeCloseTo(10_000, 4);
    const inside = polygonToCells(square(123, 41, 124, 42), 6, true);
    const far = grid.sites[1].cell;
    expect(inside.includes(gridToH3(grid)[far])).toBe(false);
    expect(grid.population[far]).toBe(0);
  });

  it('keeps the legacy rule without a mix: a site adds its weight to its cell', () => {
    const legacy = buildDemandGrid({ hazards: [hazards] }, { resolution: 6 });
    expect(legacy.demandMix).toBeNull();
    expect(legacy.hazardDemand[legacy.sites[0].cell]).toBeGreaterThanOrEqual(3);
  });

  it('refuses a bad mix (E_OPTION)', () => {
    expect(errorOf(() => buildDemandGrid({ hazards: [hazards] }, { resolution: 6, demandMix: { sites: -1, areas: 0, people: 0 } })).code).toBe('E_OPTION');
    expect(errorOf(() => buildDemandGrid({ hazards: [hazards] }, { resolution: 6, demandMix: { sites: 0, areas: 0, people: 0 } })).code).toBe('E_OPTION');
  });
});
