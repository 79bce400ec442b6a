import { describe, expect, it } from 'vitest';
import { cellToChildren, h3IndexToSplitLong, latLngToCell } from 'h3-js';
import { cellRing, cellRingCoords, cellRingJson, h3Ring } from '../../src/grid/cellPolygons.js';

describe('cell outlines kept per grid', () => {
  // Children of one resolution-5 cell at resolution 7, and a pentagon's (outlines of other lengths).
  const ids = [...cellToChildren(latLngToCell(41.8, 123.4, 5), 7), ...cellToChildren('8009fffffffffff', 2)];
  const grid = { h3Low: new Uint32Array(ids.length), h3High: new Uint32Array(ids.length) };
  ids.forEach((id, c) => ([grid.h3Low[c], grid.h3High[c]] = h3IndexToSplitLong(id)));

  it('are the rings of h3-js, rounded as asked, asked once or again', () => {
    for (let read = 0; read < 2; read++) {
      ids.forEach((id, c) => {
        expect(cellRing(grid, c)).toEqual(h3Ring(id));
        expect(cellRing(grid, c, 7)).toEqual(h3Ring(id, 7));
        expect(cellRingJson(grid, c)).toBe(JSON.stringify(h3Ring(id)));
      });
    }
    expect(new Set(ids.map((_id, c) => cellRing(grid, c).length))).toEqual(new Set([6, 7]));
  });

  it('follow a cell rewritten in place, and a grid of other arrays', () => {
    const other = latLngToCell(39.0, 121.5, 7);
    [grid.h3Low[3], grid.h3High[3]] = h3IndexToSplitLong(other);
    expect(cellRing(grid, 3)).toEqual(h3Ring(other));
    expect(cellRingJson(grid, 3)).toBe(JSON.stringify(h3Ring(other)));
    const copy = { h3Low: grid.h3Low.slice(1), h3High: grid.h3High.slice(1) };
    expect(cellRingJson(copy, 0)).toBe(JSON.stringify(h3Ring(ids[1])));
  });

  it('are written into an array as cellRing gives them (cellRingCoords), on a kept grid and on one too large to keep', () => {
    const into = new Float64Array(22);
    for (const decimals of [6, 7]) {
      ids.forEach((_id, c) => {
        const positions = cellRingCoords(grid, c, decimals, into);
        expect([...into.subarray(0, 2 * positions)]).toEqual(cellRing(grid, c, decimals).flat());
      });
    }
    // Too small an array for the ring.
    expect(cellRingCoords(grid, 0, 6, new Float64Array(4))).toBe(-1);
    // A grid over OUTLINE_CACHE_CELLS keeps nothing: the ring is computed afresh.
    const large = { h3Low: new Uint32Array(300_000), h3High: new Uint32Array(300_000) };
    [large.h3Low[5], large.h3High[5]] = [grid.h3Low[5], grid.h3High[5]];
    const positions = cellRingCoords(large, 5, 6, into);
    expect([...into.subarray(0, 2 * positions)]).toEqual(h3Ring(ids[5]).flat());
  });
});
