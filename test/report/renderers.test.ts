import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { basesOf, computeCoverage, readScenarioInputs } from '../../src/scenario/runCoverage.js';
import { iterateCellRows } from '../../src/report/cellTable.js';
import { cellRowsToCsv, cellRowsToGeoJson, cellTableCsvChunks, cellTableCsvUtf8, cellTableGeoJsonChunks, cellTableGeoJsonUtf8 } from '../../src/report/renderers.js';
import type { DemandGrid } from '../../src/grid/demandGrid.js';
import type { CellOutcomes } from '../../src/report/coverageReport.js';
import { cellsByMinutes, weightedPercentiles } from '../../src/report/coverageReport.js';
import type { Site } from '../../src/travel/aircraft.js';
import { createRandom } from '../../src/random.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

/** The bytes of a renderer's pieces as text, checking each piece is its own buffer from offset 0 (so it can be transferred). */
function utf8Text(pieces: Iterable<Uint8Array>): string {
  const all = [...pieces];
  expect(all.every((piece) => piece.byteOffset === 0)).toBe(true);
  expect(new Set(all.map((piece) => piece.buffer)).size).toBe(all.length);
  return Buffer.concat(all).toString('utf8');
}

function tableTexts(grid: DemandGrid, sites: readonly Site[], outcomes: CellOutcomes, cells: 'all' | 'demand' = 'all') {
  return {
    geojson: cellRowsToGeoJson(grid, iterateCellRows(grid, sites, outcomes, { cells })),
    csv: cellRowsToCsv(iterateCellRows(grid, sites, outcomes, { cells })),
  };
}

describe('cell map and table of a run (grid columns kept as text per grid)', async () => {
  const run = computeCoverage(await readScenarioInputs(await loadScenario(fixture('session.json'))));
  const bases = basesOf(run.inputs.sites);

  it('are the text of the row renderers, for every period and both cell choices', () => {
    for (const { outcomes } of run.periods) {
      for (const cells of ['all', 'demand'] as const) {
        // Twice: the second read takes the kept texts.
        for (let read = 0; read < 2; read++) {
          expect([...cellTableGeoJsonChunks(run.grid, bases, outcomes, { cells })].join('') === cellRowsToGeoJson(run.grid, iterateCellRows(run.grid, bases, outcomes, { cells }))).toBe(true);
          expect([...cellTableCsvChunks(run.grid, bases, outcomes, { cells })].join('') === cellRowsToCsv(iterateCellRows(run.grid, bases, outcomes, { cells }))).toBe(true);
          // As bytes: the same text, encoded.
          const expected = tableTexts(run.grid, bases, outcomes, cells);
          expect(utf8Text(cellTableGeoJsonUtf8(run.grid, bases, outcomes, { cells })) === expected.geojson).toBe(true);
          expect(utf8Text(cellTableCsvUtf8(run.grid, bases, outcomes, { cells })) === expected.csv).toBe(true);
        }
      }
    }
  });

  it('are made again for a grid whose arrays were replaced, with names that need quoting and escaping', () => {
    const { outcomes } = run.periods[0];
    const before = [...cellTableCsvChunks(run.grid, bases, outcomes)].join('');
    const region = Int32Array.from(run.grid.region, () => 0);
    const renamed = { ...run.grid, region, regionNames: run.grid.regionNames.map((name, r) => (r === 0 ? '=SUM("a",1)\n"x"' : `${name}, ü "q"`)) };
    const odd: Site[] = bases.map((site, s) => ({ ...site, id: s === 0 ? '+1,"base"' : `${site.id}\\n` }));
    const csv = [...cellTableCsvChunks(renamed, odd, outcomes)].join('');
    expect(csv).not.toBe(before);
    expect(csv).toContain('"\'=SUM(""a"",1)\n""x"""');
    expect(csv === cellRowsToCsv(iterateCellRows(renamed, odd, outcomes))).toBe(true);
    expect([...cellTableGeoJsonChunks(renamed, odd, outcomes)].join('') === cellRowsToGeoJson(renamed, iterateCellRows(renamed, odd, outcomes))).toBe(true);
    expect(utf8Text(cellTableCsvUtf8(renamed, odd, outcomes)) === csv).toBe(true);
    expect(utf8Text(cellTableGeoJsonUtf8(renamed, odd, outcomes)) === cellRowsToGeoJson(renamed, iterateCellRows(renamed, odd, outcomes))).toBe(true);
  });

  it('as bytes: region and hazard names plain in JSON but not in CSV (a comma, a formula sign first), control characters and non-ASCII', () => {
    const { outcomes } = run.periods[0];
    const names = ['plain', '-east', '+1', '=x', '@y', 'a,b', 'tab\there', 'del\u007f', 'back\\slash', 'quote"d', '大连', '', ' lead'];
    const named = { ...run.grid, region: Int32Array.from(run.grid.region, (_r, c) => (c % (names.length + 1)) - 1), regionNames: names, hazardTypes: run.grid.hazardTypes.map((type, t) => (t === 0 ? '-flood,x' : type)) };
    const expected = tableTexts(named, bases, outcomes);
    expect(utf8Text(cellTableGeoJsonUtf8(named, bases, outcomes)) === expected.geojson).toBe(true);
    expect(utf8Text(cellTableCsvUtf8(named, bases, outcomes)) === expected.csv).toBe(true);
  });

  it('as bytes: odd numbers (many decimals, large, negative zero, unusual standards and minutes) are written as String writes them', () => {
    const { outcomes } = run.periods[0];
    const random = createRandom(5);
    const n = run.grid.cellCount;
    const odd = {
      ...run.grid,
      demand: Float64Array.from(run.grid.demand, (d, c) => [d, 0.1 + 0.2, 1e12 + 0.5, -0, 123456.000001, 1e-7][c % 6]),
      population: Float64Array.from(run.grid.population, (p, c) => (c % 3 === 0 ? 3e15 + 2 : p)),
    };
    const minutes = Float64Array.from({ length: n }, (_m, c) => (c % 7 === 0 ? Infinity : random.float() * 10 ** random.int(0, 12)));
    const oddOutcomes: CellOutcomes = { ...outcomes, responseMinutes: minutes, standardsMinutes: outcomes.standardsMinutes.map((s, k) => (k === 0 ? 7.125 : s)) };
    const expected = tableTexts(odd, bases, oddOutcomes);
    expect(utf8Text(cellTableGeoJsonUtf8(odd, bases, oddOutcomes)) === expected.geojson).toBe(true);
    expect(utf8Text(cellTableCsvUtf8(odd, bases, oddOutcomes)) === expected.csv).toBe(true);
  });

  it('as bytes: a number csvField refuses fails the table, as the text does, and not the map', () => {
    const { outcomes } = run.periods[0];
    const broken = { ...run.grid, areaKm2: Float64Array.from(run.grid.areaKm2, (a, c) => (c === 3 ? NaN : a)) };
    expect(utf8Text(cellTableGeoJsonUtf8(broken, bases, outcomes)) === cellRowsToGeoJson(broken, iterateCellRows(broken, bases, outcomes))).toBe(true);
    const textError = (() => {
      try {
        return [...cellTableCsvChunks(broken, bases, outcomes)].join('');
      } catch (error) {
        return error;
      }
    })();
    expect(textError).toMatchObject({ code: 'E_OUTPUT' });
    // Twice: the first read fills the kept bytes (the map above already did), the second finds the cell left out.
    for (let read = 0; read < 2; read++) expect(() => utf8Text(cellTableCsvUtf8(broken, bases, outcomes))).toThrow((textError as Error).message);
  });
});

describe('weightedPercentiles in a shared order', () => {
  it('gives what sorting the members gives, ties and unreachable cells included', () => {
    const random = createRandom(7);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + random.int(0, 59);
      const minutes = Float64Array.from({ length: n }, () => (random.float() < 0.2 ? Infinity : random.int(0, 7) * 5));
      const weights = Float64Array.from({ length: n }, () => (random.float() < 0.2 ? 0 : random.float()));
      const members = Uint32Array.from(Array.from({ length: n }, (_, c) => c).filter(() => random.float() < 0.6));
      expect(weightedPercentiles(members, weights, minutes, cellsByMinutes(minutes))).toEqual(weightedPercentiles(members, weights, minutes));
    }
  });
});
