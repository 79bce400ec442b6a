import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { basesOf, computeCoverage, readScenarioInputs, type CoverageRun } from '../../src/scenario/runCoverage.js';
import fc from 'fast-check';
import { addOutcomeColumns, cellRows, outcomeColumnBytes, outcomeColumnTexts, rowValueJson } from '../../src/report/cellTable.js';
import { Utf8Pieces } from '../../src/utf8Pieces.js';
import { csvField } from '../../src/csvField.js';
import type { Site } from '../../src/travel/aircraft.js';
import type { CellOutcomes } from '../../src/report/coverageReport.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

describe('cellRows: the minutes columns agree with the covered columns', () => {
  let run: CoverageRun;
  beforeAll(async () => {
    run = computeCoverage(await readScenarioInputs(await loadScenario(fixture('small.json'))));
  });

  it('a cell just over a standard never prints as on it, and one just under never prints as over it', () => {
    const { outcomes } = run.periods[0];
    const standards = outcomes.standardsMinutes;
    // Cell 0 is 0.004 min too slow for each standard in turn, cell 1 0.004 min inside it.
    for (const [k, standard] of standards.entries()) {
      const responseMinutes = Float64Array.from(outcomes.responseMinutes);
      const reachCounts = outcomes.reachCounts.map((counts) => Uint16Array.from(counts));
      responseMinutes[0] = standard + 0.004;
      responseMinutes[1] = standard - 0.004;
      reachCounts.forEach((counts, j) => {
        counts[0] = standards[j] >= standard + 0.004 ? 1 : 0;
        counts[1] = standards[j] >= standard - 0.004 ? 1 : 0;
      });
      const edited: CellOutcomes = { ...outcomes, responseMinutes, reachCounts };
      const rows = cellRows(run.grid, basesOf(run.inputs.sites), edited);
      const [slow, fast] = [rows[0].row, rows[1].row];
      expect(slow[`covered_${standard}`], `standard ${k}`).toBe(false);
      expect(slow.response_minutes as number).toBeGreaterThan(standard);
      expect(slow[`minutes_missing_${standard}`] as number).toBeGreaterThan(0);
      expect(fast[`covered_${standard}`]).toBe(true);
      expect(fast.response_minutes as number).toBeLessThanOrEqual(standard);
      expect(fast[`minutes_missing_${standard}`]).toBe(0);
    }
  });

  it('on a whole run, filtering on response_minutes ≤ S picks exactly the covered_S cells, and minutes_missing_S > 0 exactly the others', () => {
    for (const { outcomes } of run.periods) {
      for (const { row } of cellRows(run.grid, basesOf(run.inputs.sites), outcomes)) {
        for (const standard of outcomes.standardsMinutes) {
          const minutes = row.response_minutes;
          if (minutes === null) continue;
          expect((minutes as number) <= standard).toBe(row[`covered_${standard}`]);
          expect((row[`minutes_missing_${standard}`] as number) > 0).toBe(!row[`covered_${standard}`]);
        }
      }
    }
  });
});

describe('outcomeColumnTexts and rowValueJson: the cell rows written straight as text', () => {
  const names = fc.oneof(fc.string(), fc.constantFrom('Dalian, N', '大连 "北"', '=HYPERLINK(1)', '+1', '-3', '\t', 'a\nb', '😀\u2028', ''));
  const outcomesArb = fc
    .record({
      standards: fc.array(fc.constantFrom(15, 30, 30, 60, 7.5, 120, 1440), { minLength: 1, maxLength: 4 }),
      siteIds: fc.array(names, { minLength: 1, maxLength: 4 }),
      aircraftIds: fc.array(names, { minLength: 1, maxLength: 3 }),
      cells: fc.array(
        fc.record({
          minutes: fc.oneof(fc.double({ min: 0, max: 2000, noNaN: true }), fc.constantFrom(-0, 0, 30, 29.995, 30.004, Infinity, 1e-7)),
          site: fc.integer({ min: -1, max: 3 }),
          aircraft: fc.integer({ min: -1, max: 2 }),
          counts: fc.array(fc.integer({ min: 0, max: 65535 }), { minLength: 4, maxLength: 4 }),
        }),
        { minLength: 1, maxLength: 20 },
      ),
    })
    .map(({ standards, siteIds, aircraftIds, cells }) => {
      const standardsMinutes = [...standards].sort((a, b) => a - b);
      const outcomes: CellOutcomes = {
        standardsMinutes,
        responseMinutes: Float64Array.from(cells, (cell) => cell.minutes),
        responseSite: Int32Array.from(cells, (cell) => Math.min(cell.site, siteIds.length - 1)),
        responseAircraft: Int32Array.from(cells, (cell) => Math.min(cell.aircraft, aircraftIds.length - 1)),
        aircraftIds,
        reachCounts: standardsMinutes.map((_s, k) => Uint16Array.from(cells, (cell) => cell.counts[k])),
      };
      const sites = siteIds.map((id) => ({ id }) as Site);
      return { outcomes, sites };
    });

  it('gives exactly the bytes of JSON.stringify and csvField of the row object (-0, unicode and quoted names, repeated standards)', () => {
    fc.assert(
      fc.property(outcomesArb, ({ outcomes, sites }) => {
        const texts = outcomeColumnTexts(sites, outcomes);
        for (let c = 0; c < outcomes.responseMinutes.length; c++) {
          const row = addOutcomeColumns({}, sites, outcomes, c);
          expect(`{${texts.json(c)}}`).toBe(JSON.stringify(row));
          expect(texts.csv(c)).toBe(Object.values(row).map((value) => `,${csvField(value)}`).join(''));
        }
      }),
      { seed: 15, numRuns: 300 },
    );
  });

  it('outcomeColumnBytes writes the bytes of outcomeColumnTexts, through the whole-hundredths path and the general one (fractional standards, huge minutes, counts past the kept ones)', () => {
    const bytesOf = (write: (out: Utf8Pieces) => void) => {
      // Small pieces: rows cross them, and a count written as text may start a new one mid-row.
      const out = new Utf8Pieces(64);
      write(out);
      out.end();
      return Buffer.concat(out.take()).toString('utf8');
    };
    const minutes = fc.oneof(
      fc.double({ min: 0, max: 2000, noNaN: true }),
      fc.integer({ min: 0, max: 200_000 }).map((hundredths) => hundredths / 100),
      fc.constantFrom(-0, 0, 30, 29.995, 30.004, 59.999, 60.005, 119.994, Infinity, 1e-7, 1e9 - 0.01, 1e9, 1e9 + 0.5, 123456789.125, 1e12, 1e21),
    );
    const standards = fc.oneof(fc.array(fc.constantFrom(15, 30, 60, 120, 1440), { minLength: 1, maxLength: 4 }), fc.array(fc.constantFrom(15, 30, 7.5, 0.01, 1e7), { minLength: 1, maxLength: 4 }));
    const arb = fc
      .record({ standards, siteCount: fc.integer({ min: 1, max: 5 }), cells: fc.array(fc.record({ minutes, counts: fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 65535 })), { minLength: 4, maxLength: 4 }), site: fc.integer({ min: -1, max: 4 }) }), { minLength: 1, maxLength: 30 }) })
      .map(({ standards: list, siteCount, cells }) => {
        const standardsMinutes = [...list].sort((a, b) => a - b);
        const siteIds = Array.from({ length: siteCount }, (_, s) => (s === 0 ? 'a,"b"' : `base-${s}`));
        const outcomes: CellOutcomes = {
          standardsMinutes,
          responseMinutes: Float64Array.from(cells, (cell) => cell.minutes),
          responseSite: Int32Array.from(cells, (cell) => Math.min(cell.site, siteCount - 1)),
          responseAircraft: Int32Array.from(cells, (cell) => (cell.site >= 0 ? 0 : -1)),
          aircraftIds: ['H135'],
          reachCounts: standardsMinutes.map((_s, k) => Uint16Array.from(cells, (cell) => cell.counts[k])),
        };
        return { outcomes, sites: siteIds.map((id) => ({ id }) as Site) };
      });
    fc.assert(
      fc.property(arb, ({ outcomes, sites }) => {
        const texts = outcomeColumnTexts(sites, outcomes);
        const writer = outcomeColumnBytes(sites, outcomes);
        const cells = outcomes.responseMinutes.length;
        expect(bytesOf((out) => { for (let c = 0; c < cells; c++) writer.json(c, out); })).toBe(Array.from({ length: cells }, (_, c) => texts.json(c)).join(''));
        expect(bytesOf((out) => { for (let c = 0; c < cells; c++) writer.csv(c, out); })).toBe(Array.from({ length: cells }, (_, c) => texts.csv(c)).join(''));
      }),
      { seed: 16, numRuns: 400 },
    );
  });

  it('rowValueJson writes JSON.stringify of finite numbers, strings, booleans and null, and refuses NaN and ±Infinity', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-0, 0, 5e-324, 1e21, -1e-7), fc.string(), fc.boolean(), fc.constant(null)), (value) => {
        expect(rowValueJson(value)).toBe(JSON.stringify(value));
      }),
      { seed: 15, numRuns: 1000 },
    );
    for (const bad of [NaN, Infinity, -Infinity]) expect(() => rowValueJson(bad)).toThrow(expect.objectContaining({ code: 'E_OUTPUT' }));
  });
});
