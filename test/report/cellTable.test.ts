import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { basesOf, computeCoverage, readScenarioInputs, type CoverageRun } from '../../src/scenario/runCoverage.js';
import { cellRows } from '../../src/report/cellTable.js';
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
