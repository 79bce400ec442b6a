// The report pages from the README's step-by-step path: a grid, a coverage matrix, the cell
// outcomes and the report, with no scenario anywhere. Checked against the pipeline's page for
// the same inputs (the small fixture scenario), which must come out byte for byte the same.
import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection } from 'geojson';
import { readGeoJsonFile } from '../../src/io/readGeoJson.js';
import { buildDemandGrid } from '../../src/grid/buildDemandGrid.js';
import { validateFeatures } from '../../src/grid/validateFeatures.js';
import { buildCoverage } from '../../src/coverage/buildCoverage.js';
import { cellOutcomes } from '../../src/report/cellOutcomes.js';
import { coverageReport } from '../../src/report/coverageReport.js';
import { reportHtml } from '../../src/report/html/reportHtml.js';
import { compareHtml } from '../../src/report/html/compareHtml.js';
import type { ReportInput } from '../../src/report/reportInput.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';
import type { Period, Site } from '../../src/travel/aircraft.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { computeCoverage, readScenarioInputs, reportInputOf } from '../../src/scenario/runCoverage.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

async function stepByStep(sites: Site[]): Promise<ReportInput> {
  const hazards = await readGeoJsonFile(fixture('hazards.geojson'), { kind: 'hazard' });
  const raw = await readGeoJsonFile(fixture('regions.geojson'));
  // The grid reads a region's name from `name`; this layer keeps it in `label`.
  const named: FeatureCollection = { ...raw.collection, features: raw.collection.features.map((f) => ({ ...f, properties: { ...f.properties, name: f.properties?.label } })) };
  const regions = { file: raw.file, collection: validateFeatures(named, 'region', { file: raw.file }) };
  const grid = buildDemandGrid({ hazards: [hazards], regions }, { resolution: 6 });
  const standardsMinutes = [30, 60, 120];
  const periods = (['day', 'night'] as Period[]).map((period) => {
    const matrix = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 120, period });
    const outcomes = cellOutcomes(grid, sites, AIRCRAFT_CATALOGUE, period, matrix, { standardsMinutes });
    return { period, outcomes, report: coverageReport(grid, sites, outcomes, matrix, { period }) };
  });
  return { name: 'small-test', grid, sites, periods, regions };
}

const h135 = [{ aircraftTypeId: 'H135', count: 1 }];
const bases: Site[] = [
  { id: 'B1', name: 'Base west', latDeg: 41.5, lngDeg: 123.0, role: 'existing', fleet: h135 },
  { id: 'B2', name: 'Base east', latDeg: 41.8, lngDeg: 124.2, role: 'existing', fleet: h135 },
];

describe('reportHtml and compareHtml from the step-by-step path (no scenario)', () => {
  let input: ReportInput;
  beforeAll(async () => {
    input = await stepByStep(bases);
  });

  it('renders the page with the report’s numbers, the same bytes as the pipeline gives for the same inputs', async () => {
    const html = reportHtml(input);
    expect(html).toContain('<h1>Coverage: small-test</h1>');
    const share = input.periods[0].report.overall.tiers[1].coveredDemandShare;
    expect(html).toContain(`data-value="${share}"`);
    const run = computeCoverage(await readScenarioInputs(await loadScenario(fixture('small.json'))));
    expect(html).toBe(reportHtml(reportInputOf(run)));
  });

  it('compares two step-by-step runs: one base fewer loses cells on the difference map', async () => {
    const oneBase = { ...(await stepByStep(bases.slice(0, 1))), name: 'west only' };
    const html = compareHtml([input, oneBase], { standardMinutes: 60 });
    expect(html).toContain('Comparison: small-test vs west only');
    const lost = Number(html.match(/data-state="2" data-cells="(\d+)"/)![1]);
    expect(lost).toBeGreaterThan(0);
  });
});
