import { readFileSync } from 'node:fs';
import type { FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemandGrid, buildPlannedDemandGrid, planDemandGrid, type BuildDemandGridOptions, type BuiltDemandGrid, type DemandInputs } from '../../../src/grid/buildDemandGrid.js';
import type { GeoJsonLayer } from '../../../src/grid/geoJsonLayer.js';
import { createPool, type AirreachPool } from '../../../src/engine/createPool.js';
import { buildDemandGridParallel } from '../../../src/engine/grid/buildDemandGridParallel.js';
import { errorOf, rejectionOf } from '../../errorOf.js';

const layer = (name: string): GeoJsonLayer => ({
  file: `test/fixtures/grid/${name}`,
  collection: JSON.parse(readFileSync(new URL(`../../fixtures/grid/${name}`, import.meta.url), 'utf8')) as FeatureCollection,
});
const square = (w: number, s: number, e: number, n: number) => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];

/** Every typed array and list of a built grid as JSON of its bytes: two grids are equal only byte for byte. */
const fingerprint = (grid: BuiltDemandGrid) =>
  JSON.stringify(grid, (_key, value) => (ArrayBuffer.isView(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') : value));

const fixtureInputs: DemandInputs = { hazards: [layer('hazards.geojson')], regions: layer('regions.geojson'), population: layer('places.geojson') };

/** Hazard areas, disks and sites, population points and polygons, an extent with a degenerate part: every kind of polygon job. */
const mixedInputs: DemandInputs = {
  hazards: [
    {
      file: 'mixed.geojson',
      collection: {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { name: 'forest', type: 'forestFire', weight: 2 }, geometry: { type: 'Polygon', coordinates: square(123, 41, 123.6, 41.5) } },
          { type: 'Feature', properties: { name: 'pit', type: 'mine', weight: 3 }, geometry: { type: 'Point', coordinates: [123.3, 41.2] } },
          { type: 'Feature', properties: { name: 'plant', type: 'petrochemical', weight: 1, radiusKm: 6 }, geometry: { type: 'Point', coordinates: [123.8, 41.3] } },
          { type: 'Feature', properties: { name: 'tiny', type: 'flood', weight: 1 }, geometry: { type: 'Polygon', coordinates: square(123.9, 41.6, 123.9004, 41.6004) } },
        ],
      },
    },
  ],
  population: {
    file: 'people.geojson',
    collection: {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { population: 250_000 }, geometry: { type: 'Point', coordinates: [123.4, 41.3] } },
        { type: 'Feature', properties: { population: 0 }, geometry: { type: 'Point', coordinates: [123.5, 41.3] } },
        { type: 'Feature', properties: { population: 40_000 }, geometry: { type: 'MultiPolygon', coordinates: [square(123, 41, 123.5, 41.4), square(123.7, 41.5, 124, 41.8)] } },
      ],
    },
  },
  extent: {
    file: 'extent.geojson',
    collection: {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [square(122.9, 40.9, 124.1, 41.9), [[[125, 43], [125, 43], [125, 43], [125, 43]]]] } }],
    },
  },
};

describe('buildDemandGridParallel', () => {
  let pool: AirreachPool;
  beforeAll(() => {
    pool = createPool({ threads: 2 });
  });
  afterAll(() => pool.close());

  it.each<[string, DemandInputs, BuildDemandGridOptions]>([
    ['the fixture layers', fixtureInputs, { resolution: 7 }],
    ['every kind of polygon job, with a mix', mixedInputs, { resolution: 7, demandMix: { sites: 0.4, areas: 0.3, people: 0.3 } }],
    ['every kind of polygon job, legacy rule, shares at +1', mixedInputs, { resolution: 6, shareResolutionOffset: 1 }],
  ])('gives buildDemandGrid\'s grid byte for byte on %s, whatever the task count', async (_name, inputs, options) => {
    const expected = fingerprint(buildDemandGrid(inputs, options));
    for (const tasksPerThread of [1, 3, 50]) {
      const grid = await buildDemandGridParallel(inputs, options, pool, { minParallelCells: 0, tasksPerThread });
      expect(fingerprint(grid)).toBe(expected);
    }
    expect(pool.started).toBe(true);
  });

  it('the mixed inputs hold every kind of job: extent, hazard area and disk, a site, places as disk and polygon, a dropped part', () => {
    const plan = planDemandGrid(mixedInputs, { resolution: 7 });
    expect(plan.jobs.map((job) => `${job.kind}${job.addsCells ? '+' : ''}`)).toEqual(['centres+', 'shares+', 'shares+', 'shares+', 'shares', 'centres']);
    expect([...plan.hazardJobs[0]]).toEqual([1, -1, 2, 3]);
    expect([...plan.populationJobs]).toEqual([4, -1, 5]);
    expect(buildDemandGrid(mixedInputs, { resolution: 7 }).warnings).toEqual([{ file: 'extent.geojson', featureIndex: 0, message: 'polygon part 1 is degenerate (zero area) and was dropped' }]);
  });

  it('refuses results that do not match the plan (E_OPTION)', () => {
    const plan = planDemandGrid(mixedInputs, { resolution: 7 });
    expect(errorOf(() => buildPlannedDemandGrid(plan, []))).toMatchObject({ code: 'E_OPTION', where: { field: 'polygonCells' } });
    expect(errorOf(() => buildPlannedDemandGrid(plan, plan.jobs.map(() => null)))).toMatchObject({ code: 'E_OPTION', where: { field: 'polygonCells[0]' } });
  });

  it('builds in the caller\'s thread below minParallelCells and on a pool of one thread: the same grid', async () => {
    const expected = fingerprint(buildDemandGrid(mixedInputs, { resolution: 7 }));
    expect(fingerprint(await buildDemandGridParallel(mixedInputs, { resolution: 7 }, pool))).toBe(expected);
    const single = createPool({ threads: 1 });
    expect(fingerprint(await buildDemandGridParallel(mixedInputs, { resolution: 7 }, single, { minParallelCells: 0 }))).toBe(expected);
    await single.close();
  });

  it('throws buildDemandGrid\'s errors, located alike: a disk across the antimeridian is refused at its feature, never computed', async () => {
    const wrapped: DemandInputs = {
      hazards: [
        {
          file: 'wrap.geojson',
          collection: {
            type: 'FeatureCollection',
            features: [
              { type: 'Feature', properties: { name: 'a', type: 'flood', weight: 1 }, geometry: { type: 'Polygon', coordinates: square(179, 50, 179.5, 50.5) } },
              { type: 'Feature', properties: { name: 'b', type: 'flood', weight: 1, radiusKm: 50 }, geometry: { type: 'Point', coordinates: [179.9, 50] } },
            ],
          },
        },
      ],
    };
    const expected = errorOf(() => buildDemandGrid(wrapped, { resolution: 5 }));
    expect(expected).toMatchObject({ code: 'E_GEOMETRY', where: { file: 'wrap.geojson', featureIndex: 1, field: 'properties.radiusKm' } });
    const error = await rejectionOf(buildDemandGridParallel(wrapped, { resolution: 5 }, pool, { minParallelCells: 0 }));
    expect(error).toMatchObject({ code: expected.code, message: expected.message, where: expected.where });
    const budget = await rejectionOf(buildDemandGridParallel(fixtureInputs, { resolution: 9, cellBudget: 1000 }, pool, { minParallelCells: 0 }));
    expect(budget).toMatchObject({ code: 'E_CELL_BUDGET', where: { field: 'resolution' } });
  });

  it('posts more tasks than an EventTarget\'s 10 listeners on one signal without a MaxListenersExceededWarning on stderr', async () => {
    // 40 small hazard areas: 20 tasks per thread on 2 threads gives about 40 tasks, each one
    // listening to the build's signal (a national grid on 2 threads already makes 12).
    const features = Array.from({ length: 40 }, (_item, k) => ({
      type: 'Feature' as const,
      properties: { name: `area ${k}`, type: 'flood', weight: 1 },
      geometry: { type: 'Polygon' as const, coordinates: square(123 + 0.02 * k, 41, 123.01 + 0.02 * k, 41.01) },
    }));
    const inputs: DemandInputs = { hazards: [{ file: 'many.geojson', collection: { type: 'FeatureCollection', features } }] };
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const grid = await buildDemandGridParallel(inputs, { resolution: 7 }, pool, { minParallelCells: 0, tasksPerThread: 20, signal: new AbortController().signal });
      expect(fingerprint(grid)).toBe(fingerprint(buildDemandGrid(inputs, { resolution: 7 })));
      // Warnings are emitted on a later turn.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning').map((warning) => warning.message)).toEqual([]);
  });

  it('stops on its signal (E_ABORTED before any task, or the caller\'s reason) and refuses bad options', async () => {
    const aborted = AbortSignal.abort(new Error('stop'));
    await expect(buildDemandGridParallel(fixtureInputs, { resolution: 7 }, pool, { minParallelCells: 0, signal: aborted })).rejects.toThrow('stop');
    const controller = new AbortController();
    const running = buildDemandGridParallel(fixtureInputs, { resolution: 8 }, pool, { minParallelCells: 0, signal: controller.signal });
    controller.abort(new Error('cancelled by the user'));
    await expect(running).rejects.toThrow('cancelled by the user');
    expect(await rejectionOf(buildDemandGridParallel(fixtureInputs, {}, pool, { tasksPerThread: 0 }))).toMatchObject({ code: 'E_OPTION', where: { field: 'tasksPerThread' } });
    expect(await rejectionOf(buildDemandGridParallel(fixtureInputs, {}, pool, { minParallelCells: Number.NaN }))).toMatchObject({ code: 'E_OPTION', where: { field: 'minParallelCells' } });
  });
});
