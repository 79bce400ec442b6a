import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { reportHtml } from '../../src/report/html/reportHtml.js';
import { answersText } from '../../src/scenario/answersText.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { planningTablesOf } from '../../src/scenario/planningTables.js';
import { readScenarioInputs, reportInputOf } from '../../src/scenario/runCoverage.js';
import { computeScenario } from '../../src/scenario/runScenario.js';
import { greatCircleKm } from '../../src/travel/greatCircleKm.js';
import { responseMinutes } from '../../src/travel/responseMinutes.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';
import { createPool } from '../../src/engine/createPool.js';
import { isAirreachError } from '../../src/errors.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

describe('planning questions on the small scenario (aircraft, rollout, fairness, double standard)', async () => {
  const { coverage, answers } = await computeScenario(await readScenarioInputs(await loadScenario(fixture('planning.json'))));
  const { grid, inputs } = coverage;
  const sites = inputs.sites;
  const within = sites.map((site) => {
    const set = new Set<number>();
    for (let c = 0; c < grid.cellCount; c++) if (responseMinutes(greatCircleKm(site.latDeg, site.lngDeg, grid.latDeg[c], grid.lngDeg[c]), AIRCRAFT_CATALOGUE.H135, 'day') <= 20) set.add(c);
    return set;
  });
  const regionShares = (chosen: number[]) => {
    const weight = new Array<number>(grid.regionNames.length).fill(0);
    const hit = new Array<number>(grid.regionNames.length).fill(0);
    for (let c = 0; c < grid.cellCount; c++) {
      const r = grid.region[c];
      if (r < 0) continue;
      weight[r] += grid.demand[c];
      if (chosen.some((s) => within[s].has(c))) hit[r] += grid.demand[c];
    }
    return weight.map((w, r) => (w > 0 ? hit[r] / w : Infinity));
  };

  it('places the aircraft within the fleet and the per-base maximum (MEXCLP and MALP)', () => {
    for (const answer of answers.slice(0, 2)) {
      expect(answer.status).toBe('optimal');
      const aircraft = answer.details!.aircraft as Array<{ id: string; count: number }>;
      expect(aircraft.reduce((a, b) => a + b.count, 0)).toBeLessThanOrEqual(4);
      expect(Math.max(...aircraft.map((a) => a.count))).toBeLessThanOrEqual(2);
      expect(aircraft.map((a) => a.id)).toEqual(answer.selectedSites.map((s) => s.id));
    }
  });

  it('plans a nested rollout whose last year is the answer, never above the non-nested curve', () => {
    const answer = answers[2];
    expect(answer.status).toBe('optimal');
    const years = answer.details!.years as Array<{ newSites: Array<{ id: string }>; coveredShare: number; nonNestedShare: number; nestingLossShare: number }>;
    expect(years).toHaveLength(3);
    const opened = years.flatMap((y) => y.newSites.map((s) => s.id));
    expect(new Set(opened).size).toBe(3);
    for (let t = 1; t < years.length; t++) expect(years[t].coveredShare).toBeGreaterThanOrEqual(years[t - 1].coveredShare - 1e-12);
    for (const y of years) expect(y.coveredShare).toBeLessThanOrEqual(y.nonNestedShare + 1e-12);
    expect(years[2].coveredShare).toBeCloseTo(answer.coveredShare!, 12);
  });

  it('max-min: the best worst region by brute force over the candidates, and a non-negative price', () => {
    const answer = answers[3];
    expect(answer.status).toBe('optimal');
    let best = -1;
    for (const candidate of [2, 3, 4, 5]) best = Math.max(best, Math.min(...regionShares([0, 1, candidate])));
    expect(answer.objective).toBeCloseTo(best, 9);
    expect(answer.details!.priceShare as number).toBeGreaterThanOrEqual(-1e-12);
  });

  it('a per-region minimum no site set meets is reported infeasible, not answered', () => {
    let best = -1;
    for (const candidate of [2, 3, 4, 5]) best = Math.max(best, Math.min(...regionShares([0, 1, candidate])));
    expect(best).toBeLessThan(1);
    expect(answers[4].status).toBe('infeasible');
  });

  it('prints every planning answer in the terminal summary and the report', () => {
    const tables = planningTablesOf(answers);
    expect(tables).toHaveLength(6);
    const text = answersText(answers);
    expect(text).toMatch(/nesting/);
    expect(text).toMatch(/fairness costs/);
    expect(text).toMatch(/infeasible/);
    expect(text).toMatch(/within the loose standard/);
    const html = reportHtml(reportInputOf(coverage), { planning: tables });
    expect(html).toContain('Planning: aircraft, rollout, fairness');
    for (const table of tables) expect(html).toContain(table.header[0] ?? '');
  });

  it('answers the same on two pool threads (questions side by side) as in this thread', async () => {
    const pool = createPool({ threads: 2 });
    try {
      const parallel = await computeScenario(await readScenarioInputs(await loadScenario(fixture('planning.json'))), { pool });
      const plain = (list: typeof answers) => JSON.stringify(list.map(({ runtimeMs: _, ...rest }) => rest));
      expect(plain(parallel.answers)).toBe(plain(answers));
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('names the question a solver refuses, after the ones before it, in this thread and on the pool', async () => {
    const loaded = await loadScenario(fixture('planning.json'));
    const questions = [loaded.scenario.questions![0], { model: 'expectedCovering' as const, standardMinutes: 20, siteCount: 99, busyFraction: 0.3, aircraftPerSite: 2 }, loaded.scenario.questions![3]];
    const bad = { ...loaded, scenario: { ...loaded.scenario, questions } };
    const pool = createPool({ threads: 2 });
    try {
      for (const options of [{}, { pool }]) {
        const failed = await computeScenario(await readScenarioInputs(bad), options).then(() => null, (error: unknown) => error);
        expect(isAirreachError(failed, 'E_SITE_COUNT') && failed.where).toMatchObject({ file: loaded.file, field: '/questions/1/siteCount' });
      }
    } finally {
      await pool.close();
    }
  }, 60_000);
});
