import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { computeCoverage, coverageSummary, readScenarioInputs } from '../../src/scenario/runCoverage.js';
import { coverageWarnings } from '../../src/scenario/coverageWarnings.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

/** A Norwegian flood plain near (61.1 N, 10.4 E) and two bases, written as GeoJSON [lng, lat] or the wrong way round. */
function norway(folder: string, bases: Array<[number, number]>, name: string, resolution = 6): string {
  const ring = [[10.2, 61.0], [10.7, 61.0], [10.7, 61.25], [10.2, 61.25], [10.2, 61.0]];
  writeFileSync(join(folder, 'floods.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'Glomma flood plain', type: 'flood', weight: 1 }, geometry: { type: 'Polygon', coordinates: [ring] } }] }));
  writeFileSync(join(folder, `${name}-bases.geojson`), JSON.stringify({
    type: 'FeatureCollection',
    features: bases.map((coordinates, i) => ({ type: 'Feature', properties: { id: `N${i}`, name: `Base ${i}` }, geometry: { type: 'Point', coordinates } })),
  }));
  const file = join(folder, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, layers: { hazards: ['floods.geojson'] }, grid: { resolution }, bases: [{ file: `${name}-bases.geojson`, role: 'existing' }], standardsMinutes: [30, 60], periods: ['day'] }));
  return file;
}

describe('coverageWarnings', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'airreach-warnings-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const runOf = async (file: string) => computeCoverage(await readScenarioInputs(await loadScenario(file)));

  it('says nothing about a sound scenario (the fixture, and Norway with its bases the right way round)', async () => {
    expect(coverageWarnings(await runOf(fixture('small.json')))).toEqual([]);
    expect(coverageWarnings(await runOf(norway(folder, [[10.75, 59.9], [10.4, 61.1]], 'right')))).toEqual([]);
  });

  it('bases written [lat, lng]: warns that no base reaches any demand, how far they are, and names swapped coordinates', async () => {
    const run = await runOf(norway(folder, [[59.9, 10.75], [61.1, 10.4]], 'swapped'));
    expect(run.periods[0].report.overall.tiers[1].coveredDemand).toBe(0);
    const warnings = coverageWarnings(run);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^no base reaches any cell with demand within 60 min in any period/);
    expect(warnings[0]).toMatch(/km from the demand/);
    expect(warnings[0]).toMatch(/bases look like they have latitude and longitude swapped/);
    expect(coverageSummary(run).warnings).toEqual(warnings);
  });

  it('a grid too coarse for response times: says how far demand is moved from where it lies, and the usual resolutions', async () => {
    // At resolution 0 the flood plain's one cell has its centre 400 km north: the only warning was
    // that no base reaches the demand, 'which lies within latitude 64.70…64.70'.
    for (const resolution of [0, 2, 4]) {
      const warnings = coverageWarnings(await runOf(norway(folder, [[10.75, 59.9], [10.4, 61.1]], `coarse-${resolution}`, resolution)));
      expect(warnings[0]).toMatch(new RegExp(`^grid.resolution ${resolution} has cells about [\\d,]+ km from centre to corner: each cell's demand is placed at its centre, up to that far from where it lies, so reach within 30 min is only a rough guess`));
      expect(warnings[0]).toContain('the default is 7');
    }
    expect(coverageWarnings(await runOf(norway(folder, [[10.75, 59.9], [10.4, 61.1]], 'fine-5', 5)))).toEqual([]);
  });

  it('hazard types that differ only in capitals or spaces: names them, as they are counted apart', async () => {
    const file = norway(folder, [[10.75, 59.9], [10.4, 61.1]], 'types');
    writeFileSync(join(folder, 'types-more.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { name: 'a', type: 'Flood ', weight: 1 }, geometry: { type: 'Point', coordinates: [10.4, 61.1] } },
      { type: 'Feature', properties: { name: 'b', type: 'mine', weight: 1 }, geometry: { type: 'Point', coordinates: [10.5, 61.1] } },
    ] }));
    const scenario = JSON.parse(readFileSync(file, 'utf8')) as { layers: { hazards: string[] } };
    scenario.layers.hazards.push('types-more.geojson');
    writeFileSync(file, JSON.stringify(scenario));
    const run = await runOf(file);
    expect(run.grid.hazardTypes).toEqual(expect.arrayContaining(['flood', 'Flood ', 'mine']));
    expect(coverageWarnings(run)).toEqual(['the hazard types "Flood " and "flood" differ only in capitals or spaces, and are counted as 2 types in every table. Likely cause: a typo in the layers\' properties.type; write them alike if they are one hazard.']);
  });

  it('bases far from the layers without a swap that would help: says how far, blames no swap', async () => {
    const [warning] = coverageWarnings(await runOf(norway(folder, [[30.3, 59.9]], 'far')));
    expect(warning).toMatch(/km from the demand/);
    expect(warning).not.toMatch(/swapped/);
  });

  it('one base of several far from the layers and reaching nothing: names it with its coordinates', async () => {
    // The other base reaches the demand, so the warning of all bases far stayed silent.
    const warnings = coverageWarnings(await runOf(norway(folder, [[10.4, 61.1], [0.4, 61.1]], 'one-far')));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^a base lies more than 500 km from the cells with demand and reaches none of them within 60 min in any period: N1 \(latDeg 61.1, lngDeg 0.4; [\d,]+ km away\)\. Likely cause: a mistake in its coordinates/);
  });
});
