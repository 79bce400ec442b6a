import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  estimateLayerMemory,
  PARSE_BYTES_PER_TEXT_BYTE,
  STAGE_BYTES_PER_CREATED_POSITION,
  STAGE_BYTES_PER_FEATURE,
  STAGE_BYTES_PER_POSITION,
} from '../../src/grid/estimateLayerMemory.js';
import { createPool, isWorkerOutOfMemory } from '../../src/engine/createPool.js';
import type { TaskKind } from '../../src/engine/taskKind.js';
import { writeGeneratedLayer, type GeneratedLayerShape } from './generatedLayers.js';
import type { LayerMemoryOutcome, LayerMemoryTask } from './layerMemoryWorker.js';

const collection = (features: Array<{ geometry: object; properties?: object }>): FeatureCollection =>
  ({ type: 'FeatureCollection', features: features.map(({ geometry, properties }) => ({ type: 'Feature', properties: properties ?? {}, geometry })) }) as FeatureCollection;

describe('estimateLayerMemory', () => {
  it('counts features and positions of every geometry type, and prices them', () => {
    const square = [[0, 0], [1, 0], [1, 1], [0, 0]];
    const layer = collection([
      { geometry: { type: 'Point', coordinates: [1, 2] } },
      { geometry: { type: 'Polygon', coordinates: [square, square] } },
      { geometry: { type: 'MultiPolygon', coordinates: [[square], [square, square]] } },
      { geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } },
      { geometry: { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [0, 0] }, { type: 'MultiPoint', coordinates: [[0, 0], [1, 1]] }] } },
    ]);
    const estimate = estimateLayerMemory(layer, 'hazard');
    expect(estimate).toMatchObject({ features: 5, positions: 1 + 8 + 12 + 2 + 3, createdPositions: 0 });
    expect(estimate.bytes).toBe(5 * STAGE_BYTES_PER_FEATURE + 26 * STAGE_BYTES_PER_POSITION);
  });

  it('adds the circles the grid build makes: hazard points with a radius and every population point', () => {
    const points = collection([
      { geometry: { type: 'Point', coordinates: [1, 2] }, properties: { radiusKm: 3 } },
      { geometry: { type: 'Point', coordinates: [1, 2] } },
    ]);
    // A hazard point without a radius is a site (one cell); with one, a circle of circleSteps + 1 positions.
    expect(estimateLayerMemory(points, 'hazard').createdPositions).toBe(65);
    expect(estimateLayerMemory(points, 'population').createdPositions).toBe(130);
    expect(estimateLayerMemory(points, 'population', { circleSteps: 8 }).createdPositions).toBe(18);
    expect(estimateLayerMemory(points, 'region').createdPositions).toBe(0);
    expect(estimateLayerMemory(points, 'hazard').bytes).toBe(2 * STAGE_BYTES_PER_FEATURE + 2 * STAGE_BYTES_PER_POSITION + 65 * STAGE_BYTES_PER_CREATED_POSITION);
  });
});

// The estimates held to the memory the steps take: each layer is read (and its grid built) on a
// worker thread with a small heap limit (resourceLimits), small layers so that it stays fast.
describe('the estimates against the heap the steps take', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'airreach-layer-memory-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const LAYER_MEMORY_TASK: TaskKind<LayerMemoryTask, LayerMemoryOutcome> = {
    kind: 'layerMemory',
    workerUrl: new URL('./layerMemoryWorker.ts', import.meta.url).href,
    runInThread: () => {
      throw new Error('only on a worker thread');
    },
  };
  // One worker thread with the heap limit given (resourceLimits.maxOldGenerationSizeMb): `OOM` when V8 ended it.
  const runUnder = async (file: string, stage: 'parse' | 'grid', checks: boolean, heapMiB: number, garbageMiB = 0): Promise<LayerMemoryOutcome> => {
    const pool = createPool({ threads: 1, isolated: true, workerHeapMiB: Math.round(heapMiB) });
    pool.register(LAYER_MEMORY_TASK);
    try {
      const task: LayerMemoryTask = { kind: 'layerMemory', file, stage, checks, garbageMiB };
      return await pool.run<LayerMemoryOutcome>(task);
    } catch (error) {
      if (isWorkerOutOfMemory(error)) return { outcome: 'OOM', usedBefore: 0 };
      throw error;
    } finally {
      await pool.close();
    }
  };

  // Parse: the estimate (text × PARSE_BYTES_PER_TEXT_BYTE) is enough, and within 3× of what it takes
  // (measured on layers of 22-26 MiB: points 2.6×, squares 4.3×, outlines 5.6× the text).
  const PARSE_WITHIN = 3;
  const layers: Array<[GeneratedLayerShape, number]> = [
    ['points', 40_000],
    ['squares', 25_000],
    ['outlines', 12],
  ];
  for (const [shape, count] of layers) {
    it(`${shape}: the parse fits its estimate and needs more than a ${PARSE_WITHIN}rd of it; with the checks, a small heap refuses (E_MEMORY_BUDGET), never dies`, async () => {
      const file = writeGeneratedLayer(folder, shape, count);
      const textBytes = statSync(file).size;
      const generous = await runUnder(file, 'grid', false, 1024);
      expect(generous.outcome).toBe('ok');
      const baseMiB = generous.usedBefore / 2 ** 20;
      const parseMiB = (textBytes * PARSE_BYTES_PER_TEXT_BYTE) / 2 ** 20;
      // Checks off: the heap the estimate allows is enough; a third of it is not (V8 ends the thread).
      expect((await runUnder(file, 'parse', false, Math.ceil(baseMiB + parseMiB))).outcome).toBe('ok');
      expect((await runUnder(file, 'parse', false, Math.floor(baseMiB + parseMiB / PARSE_WITHIN))).outcome).toBe('OOM');
      // Checks on, the whole read and grid build: refused at half the parse's estimate (a heap the
      // parse alone was just shown to die in, at a third), and up to 3× it either refused or
      // done, never out of memory; at 3× done. The checks count live objects only, so these
      // outcomes do not depend on when V8 last collected: at 3× the tightest check (the points'
      // grid build) leaves 80 MiB for its 50 MiB estimate; at 0.5× the parse has 18 MiB for 31.
      const outcomes = [];
      for (const factor of [0.5, 1.2, 3]) outcomes.push((await runUnder(file, 'grid', true, baseMiB + factor * parseMiB)).outcome);
      expect(outcomes[0]).toBe('E_MEMORY_BUDGET');
      expect(outcomes.every((outcome) => outcome === 'ok' || outcome === 'E_MEMORY_BUDGET')).toBe(true);
      expect(outcomes[2]).toBe('ok');
      // Six real reads and grid builds of a 22-26 MiB layer, each in a fresh thread: the outlines'
      // took 42 s at a load of 7-10 (a 60 s limit was close); the limit only guards against a hang.
    }, 180_000);
  }

  it('refuses on live objects, not on garbage: points at 3× the parse estimate with 1.5× it of garbage left before the grid build are built', async () => {
    // V8 counts garbage as used until its next collection. Here the grid check read 25 MiB live,
    // 80 MiB left against a 50 MiB estimate; 47 MiB of garbage left 33 MiB by V8's figures. It was
    // refused on them (and, with no garbage of ours, one run in three on the parse's leftovers).
    const file = writeGeneratedLayer(folder, 'points', 40_000);
    const baseMiB = (await runUnder(file, 'grid', false, 1024)).usedBefore / 2 ** 20;
    const parseMiB = (statSync(file).size * PARSE_BYTES_PER_TEXT_BYTE) / 2 ** 20;
    expect((await runUnder(file, 'grid', true, baseMiB + 3 * parseMiB, 1.5 * parseMiB)).outcome).toBe('ok');
  }, 180_000);
});
