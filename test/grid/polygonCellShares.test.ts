import { area } from '@turf/area';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Position } from 'geojson';
import * as h3 from 'h3-js';
import { cellArea, cellToChildren, cellToChildrenSize, cellToLatLng, cellToParent, getPentagons, latLngToCell, polygonToCells } from 'h3-js';
import { describe, expect, it, vi } from 'vitest';
import { createPolygonIndex } from '../../src/grid/createPolygonIndex.js';
import { polygonCellShareKeys, polygonCellShares, polygonCentreCellKeys, polygonCentreCells } from '../../src/grid/polygonCellShares.js';
import { createCellTable } from '../../src/grid/cellTable.js';
import { legacyPolygonCellShares, legacyPolygonCentreCells } from './legacyPolygonCellShares.js';
import { createRandom } from '../../src/random.js';

vi.mock('h3-js', async (importOriginal) => {
  const original = await importOriginal<typeof h3>();
  return { ...original, polygonToCells: vi.fn(original.polygonToCells) };
});

const square = (w: number, s: number, e: number, n: number): Position[] => [[w, s], [e, s], [e, n], [w, n], [w, s]];
const concave: Position[][] = [
  [[123.4, 41.2], [123.9, 41.15], [124.0, 41.5], [123.7, 41.6], [123.55, 41.45], [123.4, 41.2]],
  square(123.7, 41.3, 123.8, 41.4).reverse(),
];

describe('createPolygonIndex', () => {
  it('agrees with @turf/boolean-point-in-polygon on random points (holes and multipolygons)', () => {
    const polygons = [concave, [square(122.8, 40.8, 122.9, 40.85)]];
    const index = createPolygonIndex(polygons);
    const random = createRandom(7);
    let inside = 0;
    for (let i = 0; i < 5000; i++) {
      const lng = 122.7 + random.float() * 1.4;
      const lat = 40.7 + random.float() * 1.0;
      const expected = booleanPointInPolygon([lng, lat], { type: 'MultiPolygon', coordinates: polygons });
      expect(index.contains(lng, lat)).toBe(expected);
      if (expected) inside++;
    }
    expect(inside).toBeGreaterThan(500);
  });

  it('clearOf: no edge within the radius (scaled plane), so every point within it gets the centre\'s answer; an edge within it is seen', () => {
    const polygons = [concave, [square(122.8, 40.8, 122.9, 40.85)]];
    const index = createPolygonIndex(polygons);
    const random = createRandom(11);
    let clear = 0;
    let near = 0;
    for (let i = 0; i < 3000; i++) {
      const lng = 122.7 + random.float() * 1.4;
      const lat = 40.7 + random.float() * 1.0;
      const radius = random.float() * 0.05;
      const lngScale = Math.cos((lat * Math.PI) / 180);
      if (!index.clearOf(lng, lat, radius, lngScale)) {
        near++;
        continue;
      }
      clear++;
      const centre = index.contains(lng, lat);
      for (let k = 0; k < 20; k++) {
        const angle = random.float() * 2 * Math.PI;
        const r = radius * Math.sqrt(random.float());
        expect(index.contains(lng + (r * Math.cos(angle)) / lngScale, lat + r * Math.sin(angle))).toBe(centre);
      }
    }
    expect(clear).toBeGreaterThan(1000);
    expect(near).toBeGreaterThan(100);
    // On a vertex, and just beside an edge (square's west edge at 122.8): not clear.
    expect(index.clearOf(123.4, 41.2, 1e-6, 0.75)).toBe(false);
    expect(index.clearOf(122.8 + 1e-4, 40.82, 2e-4, 0.75)).toBe(false);
    expect(index.clearOf(122.8 + 1e-4, 40.82, 0.5e-4, 0.75)).toBe(true);
  });
});

describe('polygonCentreCells', () => {
  it.each([7, 8])('gives the same cells as h3 polygonToCells at resolution %i', (resolution) => {
    const ours = polygonCentreCells([concave], resolution).cells.sort();
    const h3 = polygonToCells(concave, resolution, true).sort();
    expect(ours).toEqual(h3);
  });

  it('works across the H3 pentagon off Dalian (39.1 N, 122.3 E)', () => {
    const around = [square(122.0, 38.9, 122.6, 39.3)];
    expect(polygonCentreCells([around], 7).cells.sort()).toEqual(polygonToCells(around, 7, true).sort());
  });

  it('drops a zero-area part instead of failing', () => {
    const flat: Position[][] = [[[123, 41], [123.1, 41], [123.2, 41], [123, 41]]];
    const result = polygonCentreCells([flat, [square(123, 41, 123.1, 41.1)]], 7);
    expect(result.droppedParts).toEqual([0]);
    expect(result.cells.length).toBeGreaterThan(0);
  });
});

describe('polygonCellShares', () => {
  const resolution = 7;
  const cell = latLngToCell(41.3, 123.3, resolution);
  const [lat, lng] = cellToLatLng(cell);

  it('gives a cell cut through its centre by a half-plane a share of about 0.5', () => {
    const halfPlane = [square(lng - 1, lat - 1, lng, lat + 1)];
    const { cells, shares } = polygonCellShares([halfPlane], resolution);
    const share = shares[cells.indexOf(cell)];
    // Independent count: children at +2 whose centres are west of the cut.
    const children = cellToChildren(cell, resolution + 2);
    const west = children.filter((child) => cellToLatLng(child)[1] < lng).length;
    expect(share).toBeCloseTo(west / children.length, 12);
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
  });

  it('gives share exactly 1 to a cell lying wholly inside', () => {
    const { cells, shares } = polygonCellShares([[square(lng - 0.2, lat - 0.2, lng + 0.2, lat + 0.2)]], resolution);
    expect(shares[cells.indexOf(cell)]).toBe(1);
  });

  it('divides by the true child count on the pentagon', () => {
    const pentagon = latLngToCell(39.1, 122.3, resolution);
    const [pLat, pLng] = cellToLatLng(pentagon);
    const { cells, shares } = polygonCellShares([[square(pLng - 0.5, pLat - 0.5, pLng, pLat + 0.5)]], resolution);
    const children = cellToChildren(pentagon, resolution + 2);
    expect(children.length).toBeLessThan(49);
    const west = children.filter((child) => cellToLatLng(child)[1] < pLng).length;
    expect(shares[cells.indexOf(pentagon)]).toBeCloseTo(west / children.length, 12);
  });

  it('conserves area: Σ share × cell area ≈ the polygon area (turf), within 1 %', () => {
    const polygon = concave;
    const { cells, shares } = polygonCellShares([polygon], resolution);
    let covered = 0;
    for (let i = 0; i < cells.length; i++) covered += shares[i] * cellArea(cells[i], 'km2');
    const expected = area({ type: 'Polygon', coordinates: polygon }) / 1e6;
    expect(Math.abs(covered - expected) / expected).toBeLessThan(0.01);
  });

  it.each([
    ['a small rectangle', [[square(123.27, 41.28, 123.35, 41.33)]]],
    ['a concave polygon with a hole', [concave]],
    ['two islands', [[square(122.8, 40.8, 122.9, 40.85)], [square(122.95, 40.8, 123.05, 40.9)]]],
  ])('equals brute force (polygonToCells at +2, cellToParent, count ÷ child count) for %s', (_name, polygons) => {
    const counts = new Map<string, number>();
    for (const polygon of polygons as Position[][][]) {
      for (const child of polygonToCells(polygon, resolution + 2, true)) {
        const parent = cellToParent(child, resolution);
        counts.set(parent, (counts.get(parent) ?? 0) + 1);
      }
    }
    const { cells, shares } = polygonCellShares(polygons as Position[][][], resolution);
    const ours = new Map(cells.map((c, i) => [c, shares[i]]));
    let mismatched = 0;
    for (const [parent, count] of counts) {
      const expected = count / cellToChildrenSize(parent, resolution + 2);
      if (Math.abs((ours.get(parent) ?? 0) - expected) > 1e-12) mismatched++;
    }
    for (const c of ours.keys()) if (!counts.has(c)) mismatched++;
    // Boundary sampling could in principle miss a clipped corner; on these shapes it matches exactly.
    expect(mismatched).toBe(0);
  });
});

describe('polygonCellShareKeys and polygonCentreCellKeys', () => {
  /** A random star-shaped ring around (lng, lat), `vertices` long, radius up to `radiusDeg`. */
  const star = (random: ReturnType<typeof createRandom>, lng: number, lat: number, radiusDeg: number, vertices: number): Position[] => {
    const ring: Position[] = [];
    for (let v = 0; v < vertices; v++) {
      const angle = (2 * Math.PI * v) / vertices;
      const r = radiusDeg * (0.3 + 0.7 * random.float());
      ring.push([lng + r * Math.cos(angle), lat + r * Math.sin(angle)]);
    }
    ring.push(ring[0]);
    return ring;
  };

  it('give the former string implementation’s cells in its order and its shares, one table shared by every polygon', () => {
    const random = createRandom(18);
    for (const resolution of [5, 7, 8]) {
      // One table for all, as the grid build shares it: centres kept from one polygon serve the next.
      const table = createCellTable(resolution);
      for (let trial = 0; trial < 12; trial++) {
        const size = resolution === 8 ? 0.08 : 0.4;
        const lng = 121 + 3 * random.float();
        // Trial 0 sits on the pentagon off Dalian.
        const lat = trial === 0 ? 39.1 : 39 + 3 * random.float();
        const polygons: Position[][][] = [[star(random, trial === 0 ? 122.3 : lng, lat, size, 5 + Math.floor(random.float() * 40))]];
        if (trial % 3 === 1) polygons.push([star(random, lng + size, lat + size, size / 2, 12)]);
        if (trial % 4 === 2) polygons[0].push(star(random, lng, lat, size / 4, 8).reverse());
        const legacyShares = legacyPolygonCellShares(polygons, resolution);
        const shares = polygonCellShareKeys(polygons, table);
        expect(shares.cells.map((key) => table.keys.toH3(key))).toEqual(legacyShares.cells);
        expect([...shares.shares]).toEqual([...legacyShares.shares]);
        expect(shares.droppedParts).toEqual(legacyShares.droppedParts);
        const legacyCentres = legacyPolygonCentreCells(polygons, resolution);
        const centres = polygonCentreCellKeys(polygons, table);
        expect(centres.cells.map((key) => table.keys.toH3(key))).toEqual(legacyCentres.cells);
        expect(centres.droppedParts).toEqual(legacyCentres.droppedParts);
      }
    }
  });

  it.each([
    ['hugging +180° (cells straddle the antimeridian)', [[square(179.2, 10, 179.9999, 10.8)]], 5],
    ['hugging -180°', [[square(-179.9999, -20.5, -179.3, -20)]], 6],
    ['near the north pole', [[square(-10, 84, 40, 86)]], 4],
  ])('give the former implementation\'s cells and shares %s', (_name, polygons, resolution) => {
    const table = createCellTable(resolution);
    const legacyShares = legacyPolygonCellShares(polygons as Position[][][], resolution);
    const shares = polygonCellShareKeys(polygons as Position[][][], table);
    expect(shares.cells.length).toBeGreaterThan(10);
    expect(shares.cells.map((key) => table.keys.toH3(key))).toEqual(legacyShares.cells);
    expect([...shares.shares]).toEqual([...legacyShares.shares]);
    const legacyCentres = legacyPolygonCentreCells(polygons as Position[][][], resolution);
    expect(polygonCentreCellKeys(polygons as Position[][][], table).cells.map((key) => table.keys.toH3(key))).toEqual(legacyCentres.cells);
  });

  it('give the former implementation\'s cells and shares on parts too narrow to hold a centre far from their edge (polygonToCells skipped): disks, slivers, islands, near pentagons, with holes', () => {
    const random = createRandom(24);
    const fill = vi.mocked(h3.polygonToCells);
    let parts = 0;
    let fills = 0;
    for (const resolution of [5, 6, 7, 8]) {
      const table = createCellTable(resolution);
      // Reach below which a part is not filled (0.7 coarse edge - 0.075 coarse edge), in degrees of latitude.
      const reachDeg = (0.62 * h3.getHexagonEdgeLengthAvg(resolution - 2, 'km')) / 111.2;
      const pentagons = getPentagons(resolution - 2).map((cell) => cellToLatLng(cell)).filter(([lat, lng]) => Math.abs(lat) < 70 && Math.abs(lng) < 170);
      for (let trial = 0; trial < 40; trial++) {
        const [lat, lng] = trial % 4 === 0 ? pentagons[trial % pentagons.length] : [39 + 3 * random.float(), 121 + 3 * random.float()];
        const cosLat = Math.cos((lat * Math.PI) / 180);
        // Half-width just under the reach (or well under it), length up to 6 reaches: disks and
        // slivers; every eighth 2-7 reaches, to be filled (and to show that filling matters).
        const wide = trial % 8 === 7;
        const halfWidth = reachDeg * (wide ? 2 + 5 * random.float() : trial % 2 ? 0.97 : 0.2 + 0.7 * random.float());
        const halfLength = halfWidth * (1 + 5 * random.float());
        const angle = random.float() * Math.PI;
        const ring: Position[] = [];
        const vertices = 5 + random.int(0, 50);
        for (let v = 0; v < vertices; v++) {
          const t = (2 * Math.PI * v) / vertices;
          const [u, w] = [halfLength * Math.cos(t), halfWidth * Math.sin(t)];
          // Rotated ellipse, its bounding box kept within the reach across (a rotated one is clipped to the box).
          const x = Math.max(-halfLength, Math.min(halfLength, u * Math.cos(angle) - w * Math.sin(angle)));
          const y = Math.max(-halfWidth, Math.min(halfWidth, u * Math.sin(angle) + w * Math.cos(angle)));
          ring.push([lng + x / cosLat, lat + y]);
        }
        ring.push(ring[0]);
        const polygons: Position[][][] = [[ring]];
        if (trial % 3 === 1) polygons[0].push(star(random, lng, lat, halfWidth / 3, 8).reverse());
        if (trial % 5 === 2) polygons.push([square(lng + 0.3, lat, lng + 0.3 + halfWidth / cosLat, lat + halfWidth)]);
        if (!wide) parts += polygons.length;
        const legacyShares = legacyPolygonCellShares(polygons, resolution);
        const legacyCentres = legacyPolygonCentreCells(polygons, resolution);
        fill.mockClear();
        const shares = polygonCellShareKeys(polygons, table);
        const centres = polygonCentreCellKeys(polygons, table);
        fills += fill.mock.calls.length;
        expect(shares.cells.map((key) => table.keys.toH3(key))).toEqual(legacyShares.cells);
        expect([...shares.shares]).toEqual([...legacyShares.shares]);
        expect(centres.cells.map((key) => table.keys.toH3(key))).toEqual(legacyCentres.cells);
      }
    }
    // Nearly every narrow part is not filled (a few just over the reach, by the box's widest latitude, are).
    expect(fills).toBeLessThan(2 * 20 + parts / 10);
    expect(parts).toBeGreaterThan(150);
  });
});
