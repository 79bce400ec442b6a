import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { computeCoverage, coverageSummary, readScenarioInputs, reportInputOf, type CoverageRun } from '../../src/scenario/runCoverage.js';
import { cellToH3 } from '../../src/grid/demandGrid.js';
import { summaryText } from '../../src/report/summaryText.js';
import { reportHtml } from '../../src/report/html/reportHtml.js';
import { conditionsText } from '../../src/report/conditionsText.js';
import { depotsText } from '../../src/report/depotsText.js';
import type { ConditionsReport } from '../../src/report/conditionsReport.js';
import type { DepotPlan } from '../../src/depots/planDepots.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

describe('holes: named by position, and the same largest hole in the terminal and the report', () => {
  let run: CoverageRun;
  beforeAll(async () => {
    run = computeCoverage(await readScenarioInputs(await loadScenario(fixture('small.json'))));
  });

  it('summary.json names every listed uncovered cell by hex_id and position, and lists the connected areas', () => {
    const summary = JSON.parse(JSON.stringify(coverageSummary(run))) as { periods: Array<{ report: CoverageRun['periods'][number]['report'] }> };
    let listed = 0;
    for (const { report } of summary.periods) {
      for (const hole of report.uncovered) {
        for (const cell of hole.top) {
          expect(cell.hexId).toBe(cellToH3(run.grid, cell.cell));
          expect(cell.latDeg).toBeCloseTo(run.grid.latDeg[cell.cell], 5);
          expect(cell.lngDeg).toBeCloseTo(run.grid.lngDeg[cell.cell], 5);
          listed++;
        }
        expect(hole.areas.reduce((n, a) => n + a.cells, 0)).toBeLessThanOrEqual(hole.cells);
        if (hole.cells > 0) expect(hole.areas.length).toBeGreaterThan(0);
        for (const area of hole.areas) expect(area.firstHexId).toMatch(/^[0-9a-f]{15}$/);
      }
    }
    expect(listed).toBeGreaterThan(0);
  });

  it("the terminal's largest hole is the report page's first uncovered area, with its size", () => {
    const html = reportHtml(reportInputOf(run));
    for (const { report } of run.periods) {
      const text = summaryText(report);
      for (const hole of report.uncovered) {
        if (hole.cells === 0) continue;
        const largest = hole.areas[0];
        const line = text.split('\n').find((l) => l.startsWith(`not reached within ${hole.standardMinutes} min`))!;
        expect(line).toContain(`largest: ${largest.cells.toLocaleString('en-US')} cell${largest.cells === 1 ? '' : 's'}`);
        expect(line).toContain(largest.firstHexId);
        const table = html.match(new RegExp(`<table class="holes" data-period="${report.period}" data-standard="${hole.standardMinutes}">[\\s\\S]*?</table>`))![0];
        const firstRow = table.match(/<tbody><tr>([\s\S]*?)<\/tr>/)![1];
        const values = [...firstRow.matchAll(/data-value="([^"]*)"/g)].map((m) => Number(m[1]));
        expect(values[0]).toBe(largest.cells);
      }
    }
  });
});

describe('terminal text', () => {
  it('rounds shares and counts nouns', () => {
    const report: ConditionsReport = {
      nightShare: 0.45,
      flyableShare: 0.8124657534246575,
      busyFraction: 0.1,
      weatherDependence: 'shared',
      tiers: [{ standardMinutes: 60, dayShare: 0.5, nightShare: 0.1, anyTimeShare: 0.3, expectedShare: 0.2, patientInHospitalShare: null }],
      byRegion: [],
      patientInHospitalMinutes: null,
      notes: [],
      weatherZones: null,
    };
    const text = conditionsText(report);
    expect(text).toContain('flyable share 81.2 %');
    expect(text).not.toMatch(/\d\.\d{5,}/);
  });

  it('names depots by name and id, with plurals right', () => {
    const depot = (id: string, name: string | undefined, baseCount: number, cellCount: number) => ({
      id, ...(name ? { name } : {}), index: 0, latDeg: 41, lngDeg: 123, tierLevel: 1, fixed: false, capacityTonnes: 800, loadTonnes: 400, utilisation: 0.5, baseCount, cellCount,
    });
    const plan: DepotPlan = {
      model: 'capacitatedPMedian', status: 'optimal', stoppedBy: 'proof', work: 1, objective: 1, bound: 1, gap: 0,
      depots: [depot('seat:210800', 'Yingkou', 1, 1), depot('shenyang-central', undefined, 2, 182)],
      assignments: [], tierLinks: [], totalDemandTonnes: 800, weightedMeanMinutes: 10, maxMinutes: 20, excludedByTierRule: [], runtimeMs: 1,
    };
    const text = depotsText(plan);
    expect(text).toContain('Yingkou (seat:210800)');
    expect(text).toContain('1 base, 1 hazard client');
    expect(text).toContain('2 bases, 182 hazard clients');
    expect(text).toContain('2 depots');
    expect(text).not.toMatch(/\b1 bases\b/);
    // Candidates the tier rule left out, by name too (an id alone where there is no name).
    const excluded = depotsText({ ...plan, excludedByTierRule: ['seat:210200', 'x9'], excludedByTierRuleNames: ['Dalian', 'x9'] });
    expect(excluded).toContain('left out by the tier rule: Dalian (seat:210200), x9');
  });
});
