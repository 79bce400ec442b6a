import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { basesOf, computeCoverage, readScenarioInputs } from '../../src/scenario/runCoverage.js';
import { iterateCellRows } from '../../src/report/cellTable.js';
import { cellRowsToCsv, cellRowsToGeoJson, cellTableCsvChunks, cellTableGeoJsonChunks } from '../../src/report/renderers.js';
import { cellsByMinutes, weightedPercentiles } from '../../src/report/coverageReport.js';
import type { Site } from '../../src/travel/aircraft.js';
import { createRandom } from '../../src/random.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

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
