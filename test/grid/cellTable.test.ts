import { cellArea, cellToLatLng, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { createCellTable } from '../../src/grid/cellTable.js';

describe('createCellTable', () => {
  it('gives each key one slot, and h3-js’s centre and area, through growth', () => {
    const table = createCellTable(7);
    const cells: string[] = [];
    for (let i = 0; i < 3000; i++) cells.push(latLngToCell(38 + (i % 60) * 0.05, 120 + Math.floor(i / 60) * 0.05, 7));
    const slots = cells.map((h3) => table.add(table.keys.fromH3(h3)));
    expect(new Set(slots).size).toBe(new Set(cells).size);
    expect(table.size).toBe(new Set(cells).size);
    cells.forEach((h3, i) => {
      const key = table.keys.fromH3(h3);
      expect(table.find(key)).toBe(slots[i]);
      const slot = table.withCentre(key);
      expect(slot).toBe(slots[i]);
      expect([table.lat[slot], table.lng[slot]]).toEqual(cellToLatLng(h3));
      expect(table.areaKm2(slot)).toBe(cellArea(h3, 'km2'));
    });
    expect(table.find(table.keys.fromH3(latLngToCell(0, 0, 7)))).toBe(-1);
  });
});
