import { cellArea, cellToChildren, cellToLatLng, getPentagons, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { cellKeys } from '../../src/grid/cellKeys.js';
import { createRandom } from '../../src/random.js';

/** Random points over the globe, plus Liaoning and the pentagon off Dalian. */
function points(count: number): Array<[number, number]> {
  const random = createRandom(18);
  const out: Array<[number, number]> = [[41.3, 123.3], [39.1, 122.3], [0, 0], [-89.9, 10], [45, 179.99]];
  for (let i = 0; i < count; i++) out.push([Math.asin(2 * random.float() - 1) * (180 / Math.PI), 360 * random.float() - 180]);
  return out;
}

describe('cellKeys', () => {
  it('round-trips every resolution, and its split long, centre and area are h3-js’s', () => {
    for (const [lat, lng] of points(40)) {
      for (let resolution = 0; resolution <= 15; resolution++) {
        const h3 = latLngToCell(lat, lng, resolution);
        const keys = cellKeys(resolution);
        const key = keys.fromH3(h3);
        expect(Number.isSafeInteger(key)).toBe(true);
        expect(keys.toH3(key)).toBe(h3);
        expect(keys.centre(key)).toEqual(cellToLatLng(h3));
        if (resolution % 5 === 2) expect(keys.areaKm2(key)).toBe(cellArea(h3, 'km2'));
      }
    }
  });

  it('orders keys of one resolution as their indexes (so the grid sorts on keys)', () => {
    const keys = cellKeys(7);
    const cells = points(300).map(([lat, lng]) => latLngToCell(lat, lng, 7));
    const byIndex = [...cells].sort((a, b) => (BigInt(`0x${a}`) < BigInt(`0x${b}`) ? -1 : 1));
    const byKey = [...cells].sort((a, b) => keys.fromH3(a) - keys.fromH3(b));
    expect(byKey).toEqual(byIndex);
  });

  it('lists children exactly as h3-js cellToChildren (same order), pentagons included', () => {
    const cells: Array<[string, number]> = [];
    for (const [lat, lng] of points(25)) for (const resolution of [0, 3, 5, 7, 12, 13]) cells.push([latLngToCell(lat, lng, resolution), resolution]);
    for (const resolution of [0, 5, 7]) for (const pentagon of getPentagons(resolution)) cells.push([pentagon, resolution]);
    for (const [h3, resolution] of cells) {
      const keys = cellKeys(resolution);
      for (let levels = 0; levels <= 2 && resolution + levels <= 15; levels++) {
        const out: number[] = [7];
        const count = keys.children(keys.fromH3(h3), levels, out);
        const childKeys = cellKeys(resolution + levels);
        expect(count).toBe(out.length - 1);
        expect(out.slice(1).map((key) => childKeys.toH3(key))).toEqual(cellToChildren(h3, resolution + levels));
      }
    }
  });
});
