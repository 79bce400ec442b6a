import { describe, expect, it } from 'vitest';
import { cellToChildren, h3IndexToSplitLong, latLngToCell } from 'h3-js';
import { cellRing, cellRingJson, h3Ring } from '../../src/grid/cellPolygons.js';

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
});
