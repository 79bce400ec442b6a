import type { Position } from 'geojson';
import * as h3 from 'h3-js';
import { cellToLatLng, getPentagons } from 'h3-js';
import { describe, expect, it, vi } from 'vitest';
import { boundaryCells } from '../../src/grid/boundaryCells.js';
import { cellKeys } from '../../src/grid/cellKeys.js';
import { createRandom, type Random } from '../../src/random.js';

vi.mock('h3-js', async (importOriginal) => {
  const original = await importOriginal<typeof h3>();
  return { ...original, latLngToCell: vi.fn(original.latLngToCell) };
});

const square = (w: number, s: number, e: number, n: number): Position[] => [[w, s], [e, s], [e, n], [w, n], [w, s]];

/** A random star-shaped ring around (lng, lat), `vertices` long, radius up to `radiusDeg` (longitude stretched by 1/cos lat). */
function star(random: Random, lng: number, lat: number, radiusDeg: number, vertices: number): Position[] {
  const ring: Position[] = [];
  const stretch = 1 / Math.max(0.2, Math.cos((lat * Math.PI) / 180));
  for (let v = 0; v < vertices; v++) {
    const angle = (2 * Math.PI * v) / vertices;
    const r = radiusDeg * (0.3 + 0.7 * random.float());
    ring.push([lng + r * Math.cos(angle) * stretch, lat + r * Math.sin(angle)]);
  }
  ring.push(ring[0]);
  return ring;
}

/** Every sample mapped (the reference) and the shortcut: the same cells in the same order. */
function expectSameAsEverySample(polygons: Position[][][], resolution: number, stepFraction = 0.1): number {
  const keys = cellKeys(resolution);
  const every = [...boundaryCells(polygons, keys, { stepFraction, skipInsideCells: false })];
  const fast = [...boundaryCells(polygons, keys, { stepFraction })];
  expect(fast).toEqual(every);
  return every.length;
}

describe('boundaryCells', () => {
  it('skipping samples inside the last cell gives the cells of mapping every sample, in their order (random polygons, holes, multipolygons, resolutions 2-10, latitudes to ±84°)', () => {
    const random = createRandom(24);
    let cells = 0;
    for (let trial = 0; trial < 160; trial++) {
      const resolution = 2 + (trial % 9);
      const edgeDeg = h3.getHexagonEdgeLengthAvg(resolution, 'km') / 111;
      // From a fraction of a cell (tiny polygons) to a few dozen cells across.
      const size = edgeDeg * (0.2 + 30 * random.float() ** 2);
      const lat = (random.float() * 2 - 1) * 84;
      const lng = (random.float() * 2 - 1) * 170;
      const polygons: Position[][][] = [[star(random, lng, lat, size, 3 + random.int(0, 60))]];
      if (trial % 3 === 1) polygons.push([star(random, lng + 2.5 * size, lat, size / 2, 12)]);
      if (trial % 4 === 2) polygons[0].push(star(random, lng, lat, size / 5, 8).reverse());
      cells += expectSameAsEverySample(polygons, resolution, trial % 5 === 0 ? 0.05 + random.float() : 0.1);
    }
    expect(cells).toBeGreaterThan(5000);
  });

  it('gives the same cells around every pentagon (resolutions 3, 6, 7) and on polygons hugging ±180° and the poles', () => {
    const random = createRandom(5);
    for (const resolution of [3, 6, 7]) {
      const size = (3 * h3.getHexagonEdgeLengthAvg(resolution, 'km')) / 111;
      for (const pentagon of getPentagons(resolution)) {
        const [lat, lng] = cellToLatLng(pentagon);
        if (Math.abs(lng) + 2 * size > 180 || Math.abs(lat) > 80) continue;
        expectSameAsEverySample([[star(random, lng, lat, size, 24)]], resolution);
      }
    }
    expect(expectSameAsEverySample([[square(179.2, 10, 179.9999, 10.8)]], 5)).toBeGreaterThan(10);
    expect(expectSameAsEverySample([[square(-179.9999, -20.5, -179.3, -20)]], 6)).toBeGreaterThan(10);
    expect(expectSameAsEverySample([[square(-10, 84, 40, 86)]], 4)).toBeGreaterThan(10);
    expect(expectSameAsEverySample([[square(-30, -89, 30, -86)]], 3)).toBeGreaterThan(5);
  });

  it('maps far fewer samples than it takes (the shortcut is used)', () => {
    const latLngToCell = vi.mocked(h3.latLngToCell);
    const polygons = [[star(createRandom(3), 123, 41, 0.5, 40)]];
    latLngToCell.mockClear();
    boundaryCells(polygons, cellKeys(7), { skipInsideCells: false });
    const every = latLngToCell.mock.calls.length;
    latLngToCell.mockClear();
    boundaryCells(polygons, cellKeys(7));
    const fast = latLngToCell.mock.calls.length;
    expect(every).toBeGreaterThan(1000);
    expect(fast).toBeLessThan(every / 3);
  });
});
