import { describe, expect, it } from 'vitest';
import type { DemandGrid } from '../../src/grid/demandGrid.js';
import { gridCellRow } from '../../src/report/cellTable.js';
import { gridRowWriter } from '../../src/report/gridRowWriter.js';
import { csvField } from '../../src/csvField.js';
import { Utf8Pieces } from '../../src/utf8Pieces.js';
import { createRandom } from '../../src/random.js';

/** Values that print oddly or not at all: signs, zeros, halves at the last decimal, the limits of the writer, what is not finite. */
const EDGES = [0, -0, -1e-7, 1e-7, 5e-7, -5e-7, 0.5, -0.5, 2.5, -2.5, 0.00005, 0.1 + 0.2, 41.79, -121.25, 999_999_999.999999, 999_999_999.9999996, 1e9, -1e9, 1e10, 1e15, 3e15 + 2, 1e21, 1e300, 5e-324, NaN, Infinity, -Infinity];

const NAMES = ['plain', 'coast', '-east', '+1', '=x', '@y', 'a,b', 'semi;colon', 'tab\there', 'line\nbreak', 'quote"d', 'back\\slash', '大连', '', ' lead', 'del\u007f'];

/** A grid of `cellCount` cells with random H3 halves, numbers (one in `edgeShare` from EDGES), hazard types and regions (some without a name). */
function randomGrid(seed: number, cellCount: number, edgeShare: number): DemandGrid {
  const random = createRandom(seed);
  const number = (scale: number) => (random.float() < edgeShare ? EDGES[random.int(0, EDGES.length - 1)] : (random.float() - 0.3) * scale);
  const column = (scale: number) => Float64Array.from({ length: cellCount }, () => number(scale));
  const hazardTypes = NAMES.slice(0, 6);
  const regionNames = NAMES.slice(4);
  return {
    resolution: 7,
    cellCount,
    h3Low: Uint32Array.from({ length: cellCount }, () => Math.floor(random.float() * 2 ** 32)),
    h3High: Uint32Array.from({ length: cellCount }, () => (random.float() < 0.9 ? 0x08700000 + random.int(0, 0xfffff) : random.int(0, 0xff))),
    latDeg: column(90),
    lngDeg: column(180),
    areaKm2: column(5),
    demand: column(10 ** random.int(0, 6)),
    hazardDemand: column(1),
    population: column(100_000),
    hazardTypes,
    hazardMask: Uint32Array.from({ length: cellCount }, () => random.int(0, 2 ** hazardTypes.length - 1)),
    hazardDemandByType: new Float64Array(cellCount * hazardTypes.length),
    regionNames,
    region: Int32Array.from({ length: cellCount }, () => random.int(-1, regionNames.length + 1)),
  };
}

/** The writer's JSON and CSV of every cell it accepts, the plain texts of the row object beside them, and the cells it refused. */
function written(grid: DemandGrid) {
  const writer = gridRowWriter(grid)!;
  const json = new Utf8Pieces(256);
  const csv = new Utf8Pieces(256);
  const expected = { json: [] as string[], csv: [] as string[] };
  const refused: number[] = [];
  for (let c = 0; c < grid.cellCount; c++) {
    const bound = writer.load(c);
    if (bound < 0) {
      refused.push(c);
      continue;
    }
    // Each cell alone in its piece: the bound must hold it (the kept bytes refuse a cell that outgrows its room).
    json.end();
    json.reserve(bound);
    const start = json.current;
    writer.json(json);
    expect(json.current).toBe(start);
    expect(json.used).toBeLessThanOrEqual(bound);
    json.text('\n');
    csv.reserve(bound + 1);
    writer.csv(csv);
    csv.text('\n');
    const row = gridCellRow(grid, c);
    expected.json.push(`${JSON.stringify(row).slice(0, -1)}\n`);
    expected.csv.push(`${Object.values(row).map(csvField).join(',')}\n`);
  }
  json.end();
  csv.end();
  return { json: Buffer.concat(json.take()).toString('utf8'), csv: Buffer.concat(csv.take()).toString('utf8'), expected: { json: expected.json.join(''), csv: expected.csv.join('') }, refused };
}

describe('gridRowWriter', () => {
  it('writes the bytes of JSON.stringify and csvField of gridCellRow for random cells, odd names included', () => {
    const grid = randomGrid(41, 5_000, 0);
    const { json, csv, expected, refused } = written(grid);
    // Only cells whose region index has no name are left to gridCellRow.
    expect(refused.every((c) => grid.region[c] >= grid.regionNames.length)).toBe(true);
    expect(refused.length).toBeLessThan(grid.cellCount / 4);
    expect(json === expected.json).toBe(true);
    expect(csv === expected.csv).toBe(true);
  });

  it('writes the edge values as String does, and refuses exactly those it cannot spell (not finite, 10^9 or more once rounded, no region name)', () => {
    const grid = randomGrid(42, 20_000, 0.15);
    const { json, csv, expected, refused } = written(grid);
    expect(json === expected.json).toBe(true);
    expect(csv === expected.csv).toBe(true);
    const scaled = (value: number, decimals: number) => Math.round(value * 10 ** decimals);
    const spelled = (c: number) =>
      [grid.latDeg[c], grid.lngDeg[c], grid.demand[c], grid.hazardDemand[c]].every((value) => Math.abs(scaled(value, 6)) < 1e15) &&
      Math.abs(scaled(grid.areaKm2[c], 4)) < 1e15 &&
      Math.abs(Math.round(grid.population[c])) < 1e15 &&
      grid.region[c] < grid.regionNames.length;
    const expectedRefused = Array.from({ length: grid.cellCount }, (_v, c) => c).filter((c) => !spelled(c));
    expect(refused).toEqual(expectedRefused);
    // The edges that are spelled are many (-0, halves, 999,999,999.999999, 5e-324 …), not left to the plain path.
    expect(refused.length).toBeLessThan(grid.cellCount * 0.5);
    expect(refused.length).toBeGreaterThan(grid.cellCount * 0.1);
  });

  it('is null for a grid without cells', () => {
    expect(gridRowWriter({ ...randomGrid(43, 1, 0), cellCount: 0 })).toBeNull();
  });
});
