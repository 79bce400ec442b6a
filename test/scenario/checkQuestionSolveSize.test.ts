import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { checkQuestionSolveSize } from '../../src/scenario/checkQuestionSolveSize.js';
import { bundledDataFolder, loadScenario } from '../../src/scenario/loadScenario.js';
import { readScenarioInputs } from '../../src/scenario/runCoverage.js';
import { runScenario } from '../../src/scenario/runScenario.js';
import type { ProgressEvent } from '../../src/scenario/runCoverage.js';
import { prepareScenario } from '../../src/scenario/scenarioSession.js';
import { HIGHS_MEMORY_BYTES } from '../../src/solvers/kernel/estimateSolveSize.js';

/**
 * A scenario on the bundled Liaoning layers (resolution 7) with `candidates` candidate sites on a
 * regular lattice over the province and the given questions: 3,000 random candidates and a MEXCLP
 * of 18 aircraft within 30 min ran 20 s and then HiGHS aborted out of its 2 GiB; 2,000 fit.
 */
function scenarioWith(candidates: number, questions: unknown[]): string {
  const folder = mkdtempSync(join(tmpdir(), 'airreach-solve-size-'));
  const data = relative(folder, join(bundledDataFolder(), 'liaoning'));
  const columns = 60;
  const rows = Math.ceil(candidates / columns);
  const features = Array.from({ length: candidates }, (_, k) => ({
    type: 'Feature',
    properties: { id: `c${k}`, name: `C${k}` },
    geometry: { type: 'Point', coordinates: [119.2 + (6.3 * (k % columns)) / columns, 38.8 + (4.5 * Math.floor(k / columns)) / rows] },
  }));
  writeFileSync(join(folder, 'candidates.geojson'), JSON.stringify({ type: 'FeatureCollection', features }));
  const path = join(folder, 'many.json');
  writeFileSync(path, JSON.stringify({
    name: 'many-candidates',
    layers: { extent: `${data}/province.geojson`, hazards: [`${data}/hazards/sites.geojson`], population: `${data}/population.geojson` },
    grid: { resolution: 7 },
    bases: [
      { id: 'anshan', name: 'Anshan', latDeg: 41.12361, lngDeg: 122.99, role: 'existing', fleet: [{ aircraftTypeId: 'H135', count: 2 }] },
      { file: 'candidates.geojson', role: 'candidate' },
    ],
    periods: ['day'],
    defaultFleet: [{ aircraftTypeId: 'H135', count: 1 }],
    questions,
  }));
  return path;
}

const mexclp = { model: 'expectedCovering', standardMinutes: 30, siteCount: 18, busyFraction: 0.1, aircraftPerSite: 3 };

describe('checkQuestionSolveSize', () => {
  it('warns of every question whose HiGHS model may not fit, and refuses none: the estimate is an upper bound', async () => {
    const session = prepareScenario(await readScenarioInputs(await loadScenario(scenarioWith(3_000, [{ model: 'setCovering', standardMinutes: 30 }, mexclp, { ...mexclp, siteCount: 14 }]))), { siting: true });
    const warnings: string[] = [];
    const sized = checkQuestionSolveSize(session, { onWarning: (text) => warnings.push(text) });
    // Measured: a MEXCLP on 2,000 random candidates fits (1,460 MiB) where its estimate is 2.4 GiB;
    // size29 refused every question here (E_MEMORY_BUDGET at /questions/0) with no way around.
    expect(sized.map(({ question }) => question)).toEqual([0, 1, 2]);
    // The set covering's LP bound is its dual (a row per site): well within; the MEXCLPs are over.
    expect(sized.map(({ highsBytes }) => highsBytes > HIGHS_MEMORY_BYTES)).toEqual([false, true, true]);
    expect(warnings).toHaveLength(1);
    const [warning] = warnings;
    expect(warning).toMatch(/^question 2 \(expectedCovering, \/questions\/1: [\d,]+ cells with demand, 3,001 sites, about [\d,]+ \(site, cell\) pairs within 30 min\) may need up to 3\.\d GiB; question 3 \(expectedCovering, \/questions\/2: .* of HiGHS's memory, which holds 2\.0 GiB \(the most its WebAssembly build can address: --memory-budget does not raise it\)\. /);
    expect(warning).toContain('so the run goes on; if HiGHS does run out, the question is answered with the best its heuristics found (feasible, not proven; stoppedBy "memory")');
    expect(warning).toContain('fewer candidate sites');
    expect(warning).toContain('fewer aircraft');
  }, 60_000);

  it('says nothing under the cap, and warns from one byte over the estimate; today\'s questions fit', async () => {
    const session = prepareScenario(await readScenarioInputs(await loadScenario(scenarioWith(200, [mexclp]))), { siting: true });
    const warnings: string[] = [];
    const onWarning = (text: string) => warnings.push(text);
    const [{ highsBytes }] = checkQuestionSolveSize(session, { onWarning });
    expect(highsBytes).toBeLessThan(HIGHS_MEMORY_BYTES);
    checkQuestionSolveSize(session, { onWarning, highsMemoryBytes: highsBytes });
    expect(warnings).toEqual([]);
    checkQuestionSolveSize(session, { onWarning, highsMemoryBytes: highsBytes - 1 });
    expect(warnings).toHaveLength(1);
    const today = prepareScenario(await readScenarioInputs(await loadScenario(join(bundledDataFolder(), 'liaoning', 'today.json'))), { siting: true });
    expect(checkQuestionSolveSize(today, { onWarning })).toHaveLength(10);
    expect(warnings).toHaveLength(1);
  }, 60_000);

  it('airreach run says so on its progress events after the grid, before the coverage, and goes on', async () => {
    // A question refused by its own check after the coverage (a fair covering needs regions,
    // which the scenario lacks) shows that the run went on past the warning, without solving
    // anything for minutes.
    const path = scenarioWith(3_000, [{ model: 'fairCovering', standardMinutes: 30, additionalSites: 10, fairness: 'maxMin' }]);
    const events: ProgressEvent[] = [];
    const error = await runScenario(path, { outFolder: join(path, '..', 'out'), onProgress: (event) => events.push(event) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_SCENARIO', where: { field: '/questions/0/model' } });
    const warned = events.findIndex((event) => event.warning !== undefined);
    expect(warned).toBe(1);
    expect(events[0]).toMatchObject({ step: 'grid' });
    expect(events[warned].warning).toMatch(/^question 1 \(fairCovering, \/questions\/0: .* may need up to [\d.]+ GiB of HiGHS's memory/);
    expect(events.slice(warned + 1).map((event) => event.step)).toContain('coverage (day)');
  }, 120_000);
});
