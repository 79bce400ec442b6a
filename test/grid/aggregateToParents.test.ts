import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cellToCenterChild, cellToChildren, cellToLatLng, cellToParent, getPentagons, getRes0Cells, h3IndexToSplitLong, latLngToCell, splitLongToH3Index } from 'h3-js';
import { aggregateToParents } from '../../src/grid/aggregateToParents.js';

/** The grouping as it was first written: h3-js's cellToParent string by string. */
function referenceParents(h3: string[], weights: number[], parentResolution: number) {
  const byParent = new Map<string, { weight: number; lat: number; lng: number }>();
  const parentOf = h3.map((cell, c) => {
    const parent = cellToParent(cell, parentResolution);
    const entry = byParent.get(parent) ?? { weight: 0, lat: 0, lng: 0 };
    byParent.set(parent, entry);
    const w = weights[c] > 0 ? weights[c] : 0;
    const [lat, lng] = cellToLatLng(cell);
    entry.weight += w;
    entry.lat += w * lat;
    entry.lng += w * lng;
    return parent;
  });
  const kept = [...byParent.keys()].filter((p) => byParent.get(p)!.weight > 0).sort();
  return { kept, parentOf };
}

function gridOf(cells: string[], resolution: number) {
  const sorted = [...new Set(cells)].sort();
  const split = sorted.map((cell) => h3IndexToSplitLong(cell));
  const centres = sorted.map((cell) => cellToLatLng(cell));
  return {
    sorted,
    grid: {
      cellCount: sorted.length,
      resolution,
      h3Low: Uint32Array.from(split, (s) => s[0]),
      h3High: Uint32Array.from(split, (s) => s[1]),
      latDeg: Float64Array.from(centres, (c) => c[0]),
      lngDeg: Float64Array.from(centres, (c) => c[1]),
    },
  };
}

describe('aggregateToParents: parents by the index bits', () => {
  it('gives the parents h3-js cellToParent gives, for random cells and pentagon children at every resolution pair', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 15 }),
        fc.array(fc.tuple(fc.double({ min: -89, max: 89, noNaN: true }), fc.double({ min: -179.9, max: 179.9, noNaN: true })), { minLength: 1, maxLength: 30 }),
        fc.array(fc.double({ min: -1, max: 5, noNaN: true }), { minLength: 30, maxLength: 30 }),
        (a, b, points, weights) => {
          const resolution = Math.max(a, b);
          const parentResolution = Math.min(a, b);
          const cells = points.map(([lat, lng]) => latLngToCell(lat, lng, resolution));
          // Pentagons and their neighbourhood: the deleted digit must not matter.
          const pentagon = getPentagons(resolution)[points.length % 12];
          cells.push(pentagon);
          if (resolution > 0) cells.push(...cellToChildren(cellToParent(pentagon, resolution - 1), resolution));
          cells.push(...getRes0Cells().slice(0, 3).map((cell) => cellToCenterChild(cell, resolution)));
          const { sorted, grid } = gridOf(cells, resolution);
          const w = sorted.map((_cell, c) => weights[c % weights.length]);
          const parents = aggregateToParents(grid, w, parentResolution);
          const reference = referenceParents(sorted, w, parentResolution);
          expect(parents.h3).toEqual(reference.kept);
          sorted.forEach((_cell, c) => {
            const p = parents.parentOfCell[c];
            expect(p === 0xffffffff ? null : parents.h3[p]).toBe(reference.kept.includes(reference.parentOf[c]) ? reference.parentOf[c] : null);
          });
        },
      ),
      { seed: 15, numRuns: 300 },
    );
  });

  it('falls back to h3-js for cells of mixed resolutions, with the same parents', () => {
    const cells = [latLngToCell(41.8, 123.4, 7), latLngToCell(38.9, 121.5, 8)];
    const split = cells.map((cell) => h3IndexToSplitLong(cell));
    const grid = { cellCount: 2, resolution: 8, h3Low: Uint32Array.from(split, (s) => s[0]), h3High: Uint32Array.from(split, (s) => s[1]), latDeg: new Float64Array(2), lngDeg: new Float64Array(2) };
    const parents = aggregateToParents(grid, [1, 1], 5);
    expect(parents.h3).toEqual(cells.map((cell) => cellToParent(cell, 5)).sort());
    expect(splitLongToH3Index(grid.h3Low[0], grid.h3High[0])).toBe(cells[0]);
  });
});
