import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { computeCoverage, readScenarioInputs, reportInputOf, type CoverageRun, type ScenarioInputs } from '../../src/scenario/runCoverage.js';
import { cellToH3 } from '../../src/grid/demandGrid.js';
import { compareHtml } from '../../src/report/html/compareHtml.js';
import { AirreachError } from '../../src/errors.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

function named(inputs: ScenarioInputs, name: string): ScenarioInputs {
  return { ...inputs, loaded: { ...inputs.loaded, scenario: { ...inputs.loaded.scenario, name } } };
}

/** The legend's cell count of each difference state (0 both, 1 gained, 2 lost, 3 neither) for period block `i`. */
function diffCounts(html: string, i: number): number[] {
  const block = html.match(new RegExp(`<div class="pi-${i}"><div class="legend">[\\s\\S]*?</div>`))![0];
  return [...block.matchAll(/data-state="(\d)" data-cells="(\d+)"/g)].map((m) => Number(m[2]));
}

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AirreachError);
    expect((error as AirreachError).code).toBe(code);
    return;
  }
  throw new Error('expected an AirreachError');
}

describe('compareHtml', () => {
  let inputs: ScenarioInputs;
  let small: CoverageRun;
  let oneBase: CoverageRun;
  beforeAll(async () => {
    inputs = await readScenarioInputs(await loadScenario(fixture('small.json')));
    small = computeCoverage(inputs);
    oneBase = computeCoverage(named({ ...inputs, sites: inputs.sites.map((s) => (s.id === 'B2' ? { ...s, role: 'candidate' as const, cost: 5 } : { ...s, cost: 7 })) }, 'west only'));
  });

  it('puts the reports side by side with differences to the first run', () => {
    const html = compareHtml([small, oneBase].map(reportInputOf), { standardMinutes: 60 });
    for (const [i, period] of ['day', 'night'].entries()) {
      const block = html.match(new RegExp(`<div class="pi-${i} scroll"><table class="overall">[\\s\\S]*?</table>`))![0];
      const values = (metric: string) =>
        [...block.match(new RegExp(`<tr data-metric="${metric}">[\\s\\S]*?</tr>`))![0].matchAll(/data-value="([^"]*)"/g)].map((m) => (m[1] === 'null' ? null : Number(m[1])));
      const a = small.periods[i].report.overall;
      const b = oneBase.periods[i].report.overall;
      expect(small.periods[i].period).toBe(period);
      expect(values('bases')).toEqual([2, 1]);
      expect(values('cost of bases')).toEqual([null, 7]);
      expect(values('demand within 30 min')).toEqual([a.tiers[0].coveredDemandShare, b.tiers[0].coveredDemandShare]);
      expect(values('area within 60 min')).toEqual([a.tiers[1].coveredAreaShare, b.tiers[1].coveredAreaShare]);
      expect(values('P90 response')).toEqual([a.responseMinutes.p90, b.responseMinutes.p90]);
      expect(values('max response')).toEqual([a.responseMinutes.max, b.responseMinutes.max]);
    }
    // Per region and hazard type, each run's share, in the first run's order.
    const regions = html.match(/<table class="groups">[\s\S]*?<\/table>/g)!;
    expect(regions.length).toBe(4); // hazard types (day, night), then regions (day, night)
    const east = regions[2].match(/<tr data-group="East">[\s\S]*?<\/tr>/)![0];
    const eastValues = [...east.matchAll(/data-value="([^"]*)"/g)].map((m) => Number(m[1]));
    const eastA = small.periods[0].report.byRegion.find((r) => r.name === 'East')!;
    const eastB = oneBase.periods[0].report.byRegion.find((r) => r.name === 'East')!;
    expect(eastValues.slice(0, 2)).toEqual([eastA.tiers[0].coveredDemandShare, eastB.tiers[0].coveredDemandShare]);
    // Fewer covered within 60 min without B2: a red (worse) difference.
    expect(html).toMatch(/<span class="delta down">−\d+\.\d<\/span>/);
  });

  it('counts cells gained and lost within the standard exactly, per period', () => {
    const html = compareHtml([small, oneBase].map(reportInputOf), { standardMinutes: 60 });
    for (let i = 0; i < 2; i++) {
      const k = small.periods[i].outcomes.standardsMinutes.indexOf(60);
      const expected = [0, 0, 0, 0];
      for (let c = 0; c < small.grid.cellCount; c++) {
        const a = small.periods[i].outcomes.reachCounts[k][c] > 0;
        const b = oneBase.periods[i].outcomes.reachCounts[k][c] > 0;
        expected[a ? (b ? 0 : 2) : b ? 1 : 3]++;
      }
      expect(diffCounts(html, i)).toEqual(expected);
      expect(expected[2]).toBeGreaterThan(0);
    }
    // The reverse comparison swaps gained and lost; a run against itself changes nothing.
    const reverse = compareHtml([oneBase, small].map(reportInputOf), { standardMinutes: 60 });
    const [both, gained, lost, neither] = diffCounts(html, 0);
    expect(diffCounts(reverse, 0)).toEqual([both, lost, gained, neither]);
    const same = diffCounts(compareHtml([small, small].map(reportInputOf), { standardMinutes: 30 }), 0);
    expect([same[1], same[2]]).toEqual([0, 0]);
    expect(compareHtml([small, small].map(reportInputOf), { standardMinutes: 30, labels: ['a', 'b'] })).toContain('Comparison: a vs b');
  });

  it('draws the cells the grids share when they differ, and says how many were left out', () => {
    // Without the region layer the grid covers the hazards only: a subset of the cells.
    const hazardsOnly = computeCoverage(named({ ...inputs, demandInputs: { hazards: inputs.demandInputs.hazards } }, 'hazards only'));
    const ids = new Set(Array.from({ length: hazardsOnly.grid.cellCount }, (_v, c) => cellToH3(hazardsOnly.grid, c)));
    let shared = 0;
    for (let c = 0; c < small.grid.cellCount; c++) if (ids.has(cellToH3(small.grid, c))) shared++;
    expect(shared).toBeGreaterThan(0);
    expect(shared).toBeLessThan(small.grid.cellCount);
    const html = compareHtml([small, hazardsOnly].map(reportInputOf), { standardMinutes: 60 });
    expect(diffCounts(html, 0).reduce((s, n) => s + n, 0)).toBe(shared);
    expect(html).toContain(`Cells held by one grid only (not drawn): ${small.grid.cellCount - shared}`.replace(/(\d)(?=(\d{3})+\b)/g, '$1\u2009'));
  });

  it('refuses what cannot be compared, with E_OPTION', async () => {
    expectCode(() => compareHtml([small].map(reportInputOf)), 'E_OPTION');
    expectCode(() => compareHtml([small, oneBase].map(reportInputOf), { standardMinutes: 45 }), 'E_OPTION');
    expectCode(() => compareHtml([small, oneBase].map(reportInputOf), { labels: ['only one'] }), 'E_OPTION');
    const dayOnly = { ...small, periods: small.periods.filter((p) => p.period === 'day') };
    const nightOnly = { ...small, periods: small.periods.filter((p) => p.period === 'night') };
    expectCode(() => compareHtml([dayOnly, nightOnly].map(reportInputOf)), 'E_OPTION');
    // Common periods only: a day+night run against a night-only run compares the night.
    const html = compareHtml([small, nightOnly].map(reportInputOf));
    expect(html).toContain('night period');
    expect(html).not.toContain('day period');
    const coarse = computeCoverage({ ...inputs, gridOptions: { ...inputs.gridOptions, resolution: 5 } });
    expectCode(() => compareHtml([small, coarse].map(reportInputOf)), 'E_OPTION');
  });
});
