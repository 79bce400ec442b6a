import { describe, expect, it } from 'vitest';
import { cellToChildren, h3IndexToSplitLong, latLngToCell } from 'h3-js';
import { cellRing } from '../../../src/grid/cellPolygons.js';
import { cellPathData, hexagonLayers, MAP_UNITS_PER_PX, type HexagonLayer } from '../../../src/report/html/hexagonLayers.js';
import { fitProjection, type MapProjection } from '../../../src/report/html/fitProjection.js';
import { createRandom } from '../../../src/random.js';

/** cellPathData as it was written before it wrote bytes: strings concatenated (the oracle). */
function cellPathDataAsText(grid: { h3Low: Uint32Array; h3High: Uint32Array }, cells: ArrayLike<number>, projection: MapProjection): string[] {
  const out = new Array<string>(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const ring = cellRing(grid, cells[i], 7);
    let start = '';
    let steps = '';
    let lastX = 0;
    let lastY = 0;
    for (let v = 0; v < ring.length - 1; v++) {
      const [px, py] = projection.project(ring[v][0], ring[v][1]);
      const x = Math.round(px * MAP_UNITS_PER_PX);
      const y = Math.round(py * MAP_UNITS_PER_PX);
      if (v === 0) start = `M${x} ${y}`;
      else {
        const dx = x - lastX;
        const dy = y - lastY;
        if (dx === 0 && dy === 0) continue;
        steps += `${steps === '' || dx < 0 ? '' : ' '}${dx}${dy < 0 ? '' : ' '}${dy}`;
      }
      lastX = x;
      lastY = y;
    }
    out[i] = steps === '' ? `${start}z` : `${start}l${steps}z`;
  }
  return out;
}

/** hexagonLayers as it was written before it grouped cells by number (the oracle). */
function hexagonLayersAsText(pathData: readonly string[], layers: readonly HexagonLayer[]): { svg: string; groups: number } {
  const groups = new Map<string, string[]>();
  for (let i = 0; i < pathData.length; i++) {
    const key = layers.map((layer) => `${layer.prefix}${layer.classes[i]}`).join(' ');
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(pathData[i]);
  }
  const keys = [...groups.keys()].sort();
  return { svg: keys.map((key) => `<path class="${key}" d="${groups.get(key)!.join('')}"/>`).join('\n'), groups: keys.length };
}

describe('hexagon path data and layers', () => {
  // Children of one resolution-5 cell at resolution 8 (343 cells), and a pentagon's.
  const ids = [...cellToChildren(latLngToCell(41.8, 123.4, 5), 8), ...cellToChildren('8009fffffffffff', 2)];
  const grid = { h3Low: new Uint32Array(ids.length), h3High: new Uint32Array(ids.length) };
  ids.forEach((id, c) => ([grid.h3Low[c], grid.h3High[c]] = h3IndexToSplitLong(id)));
  const cells = Uint32Array.from(ids, (_id, c) => c);

  it('writes the path data the concatenated text gave, at every scale (hexagons that shrink to a move, negative positions, -0)', () => {
    const projections: MapProjection[] = [
      fitProjection([123.0, 41.5, 123.8, 42.1], { widthPx: 960 }),
      fitProjection([123.0, 41.5, 123.8, 42.1], { widthPx: 1 }),
      fitProjection([123.0, 41.5, 123.8, 42.1], { widthPx: 100_000, maxHeightPx: 100_000 }),
      // Around zero: positions of both signs, some rounding to -0.
      { widthPx: 10, heightPx: 10, scale: 1, project: (lng, lat) => [(lng - 123.4) * 3, (41.8 - lat) * 3] },
      // Very far: digits beyond the safe integers, and numbers String writes with exponents.
      { widthPx: 10, heightPx: 10, scale: 1, project: (lng, lat) => [lng * 1e20, lat * 1e14] },
      { widthPx: 10, heightPx: 10, scale: 1, project: (lng, lat) => [lng < 0 ? NaN : lng * 1e300, lat] },
    ];
    for (const projection of projections) {
      const paths = cellPathData(grid, cells, projection);
      expect(paths).toEqual(cellPathDataAsText(grid, cells, projection));
    }
    // The second projection shrinks hexagons together: some paths are bare moves.
    expect(cellPathData(grid, cells, projections[1]).some((d) => !d.includes('l'))).toBe(true);
  });

  it('groups cells by their classes as the text keys did: small integers, other numbers, many layers', () => {
    const random = createRandom(7);
    const paths = cellPathData(grid, cells, fitProjection([123.0, 41.5, 123.8, 42.1]));
    const n = paths.length;
    const layerSets: HexagonLayer[][] = [
      [],
      [{ prefix: 'p0c', classes: Uint8Array.from({ length: n }, () => random.int(0, 5)) }],
      [
        { prefix: 'p0c', classes: Uint8Array.from({ length: n }, () => random.int(0, 5)) },
        { prefix: 'p1c', classes: Uint8Array.from({ length: n }, () => random.int(0, 5)) },
        { prefix: 'z', classes: Uint8Array.from({ length: n }, () => random.int(0, 1)) },
      ],
      // Values that make no group number: large, negative, fractional, -0 (written 0).
      [
        { prefix: 'a', classes: Float64Array.from({ length: n }, (_v, i) => [0, 1, 255, 256, 1000, -1, 0.5, -0][i % 8]) },
        { prefix: 'b', classes: Float64Array.from({ length: n }, (_v, i) => [3, 0, -0][i % 3]) },
      ],
      // More layers than one group number holds.
      Array.from({ length: 8 }, (_v, l) => ({ prefix: `l${l}`, classes: Uint8Array.from({ length: n }, () => random.int(0, 2)) })),
    ];
    for (const layers of layerSets) expect(hexagonLayers(paths, layers)).toEqual(hexagonLayersAsText(paths, layers));
  });
});
