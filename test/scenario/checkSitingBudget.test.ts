import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSitingBudget } from '../../src/scenario/checkSitingBudget.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { readScenarioInputs } from '../../src/scenario/runCoverage.js';
import { prepareScenario } from '../../src/scenario/scenarioSession.js';
import { createRandom } from '../../src/random.js';

const folder = mkdtempSync(join(tmpdir(), 'airreach-siting-budget-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A resolution-8 grid over a 2° box (81,509 cells, every one with people; a few thousand with hazards) and `candidates` candidate sites in it. */
async function session(candidates: number, question: Record<string, unknown>) {
  copyFileSync(fileURLToPath(new URL('../fixtures/scenario/hazards.geojson', import.meta.url)), join(folder, 'hazards.geojson'));
  const ring = [[122, 40], [124, 40], [124, 42], [122, 42], [122, 40]];
  writeFileSync(join(folder, 'box.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { population: 1e6 }, geometry: { type: 'Polygon', coordinates: [ring] } }] }));
  const random = createRandom(7);
  const points = Array.from({ length: candidates }, (_, k) => ({ type: 'Feature', properties: { id: `c${k}` }, geometry: { type: 'Point', coordinates: [122 + 2 * random.float(), 40 + 2 * random.float()] } }));
  writeFileSync(join(folder, `candidates-${candidates}.geojson`), JSON.stringify({ type: 'FeatureCollection', features: points }));
  const path = join(folder, `pmedian-${candidates}.json`);
  writeFileSync(path, JSON.stringify({
    name: 'p-median size',
    layers: { extent: 'box.geojson', population: 'box.geojson', hazards: ['hazards.geojson'] },
    grid: { resolution: 8 },
    defaultFleet: [{ aircraftTypeId: 'H135', count: 1 }],
    bases: [{ id: 'home', latDeg: 41, lngDeg: 123, role: 'existing' }, { file: `candidates-${candidates}.geojson`, role: 'candidate' }],
    standardsMinutes: [30],
    periods: ['day'],
    questions: [{ model: 'maximalCovering', standardMinutes: 30, siteCount: 2 }, question],
  }));
  const loaded = await loadScenario(path);
  return { path, run: prepareScenario(await readScenarioInputs(loaded), { siting: true }) };
}

describe('checkSitingBudget, a p-median question', () => {
  it('whose dense costs would not fit is refused before its matrix is built, naming the file, the question, the size, what fits and how to shrink (it was let through: 800 sites on 81,509 cells take 2.6 GB)', { timeout: 60_000 }, async () => {
    const { path, run } = await session(800, { model: 'pMedian', siteCount: 5 });
    const cells = Array.from(run.grid.demand).filter((weight) => weight > 0).length;
    expect(cells).toBeGreaterThan(80_000);
    let error: unknown;
    try {
      checkSitingBudget(run);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'E_MEMORY_BUDGET', where: { file: path, field: '/questions/1' } });
    const message = (error as Error).message;
    const gib = ((40 * cells * 801) / 2 ** 30).toFixed(1);
    expect(message).toContain(`question 2's p-median solve would take about ${gib} GiB: its dense costs hold every pair of the ${cells.toLocaleString('en-US')} cells with demand and the 801 sites it may choose from (40 bytes a pair), over the 2.0 GiB a solve may take`);
    const fits = Number(/expected at most ([\d,]+) sites on these/.exec(message)![1].replace(/,/g, ''));
    // What fits is about what 40 bytes a pair leave under 2 GiB (the sites × sites table and the per-cell arrays take a little).
    expect(fits).toBeLessThanOrEqual(Math.floor(2 ** 31 / (40 * cells)));
    expect(fits).toBeGreaterThan(0.99 * Math.floor(2 ** 31 / (40 * cells)));
    expect(message).toContain('Use fewer candidate sites');
    // The matrix itself (8 bytes a stored pair) fits the coverage cap: only the solve's size refuses it.
    expect(() => checkSitingBudget(run, { solveMemoryBytes: 3 * 2 ** 30 })).not.toThrow();
  });

  it('that fits is let through, as are the other models on the same sites (their matrices hold only the pairs within the standard)', { timeout: 60_000 }, async () => {
    const { run } = await session(500, { model: 'pMedian', siteCount: 5 });
    expect(() => checkSitingBudget(run)).not.toThrow();
    const covering = await session(800, { model: 'maximalCovering', standardMinutes: 60, siteCount: 5 });
    expect(() => checkSitingBudget(covering.run)).not.toThrow();
  });

  it('on hazard demand counts only the cells with hazard demand', { timeout: 60_000 }, async () => {
    const { run } = await session(800, { model: 'pMedian', siteCount: 5, demand: 'hazard' });
    const cells = Array.from(run.grid.hazardDemand).filter((weight) => weight > 0).length;
    expect(cells).toBeLessThan(20_000);
    expect(() => checkSitingBudget(run)).not.toThrow();
  });
});

describe('checkSitingBudget, the rule of a question\'s matrix', () => {
  it('sizes a doubleStandard question at its loose standard, as answerQuestions builds its matrix (questionMatrixNeed), not at its tight one', { timeout: 60_000 }, async () => {
    const { path, run } = await session(50, { model: 'doubleStandard', standardMinutes: 30, looseStandardMinutes: 120, siteCount: 3 });
    // The 30-minute matrix of question 1 alone: what a cap of 1 byte names when it refuses it.
    let first: { value?: number } = {};
    try {
      checkSitingBudget(run, { coverageMemoryBytes: 1 });
    } catch (caught) {
      first = caught as { value?: number };
    }
    expect(first).toMatchObject({ code: 'E_MEMORY_BUDGET', where: { field: '/questions/0/standardMinutes' } });
    // A cap that holds the 30-minute matrix but not the 120-minute one beside it refuses question 2
    // (it was let through: sized at 30 minutes, it shared question 1's matrix).
    expect(() => checkSitingBudget(run, { coverageMemoryBytes: first.value! + 1 })).toThrow(expect.objectContaining({ code: 'E_MEMORY_BUDGET', where: { file: path, field: '/questions/1/standardMinutes' } }));
  });
});
