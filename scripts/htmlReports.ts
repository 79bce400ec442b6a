/**
 * Renders the HTML report of a scenario (and, with --compare, a comparison with a variant that
 * adds the best candidate bases) and screenshots both in headless Chromium. For looking at the
 * pages and measuring their size and render time; writes into test-output/ (gitignored).
 *
 * Usage: npx tsx scripts/htmlReports.ts <scenario.json> <name> [--curve P] [--compare]
 *   --curve P    adds a coverage curve: maximal covering over the scenario's candidates with
 *                today's bases fixed, up to P bases in total (standards 30 and 60 min, by day)
 *   --compare    also renders compare.html: today vs today + the 30-min curve's added bases
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadScenario } from '../src/scenario/loadScenario.js';
import { basesOf, computeCoverage, readScenarioInputs, reportInputOf, type CoverageRun } from '../src/scenario/runCoverage.js';
import { buildCoverage } from '../src/coverage/buildCoverage.js';
import { sitingProblemFromCoverage } from '../src/models/sitingProblemFromCoverage.js';
import { coverageCurve, type CoverageCurve } from '../src/solvers/covering/coverageCurve.js';
import { reportHtml } from '../src/report/html/reportHtml.js';
import { compareHtml } from '../src/report/html/compareHtml.js';
import { screenshotHtml } from './htmlScreenshot.js';

const [scenarioPath, name, ...flags] = process.argv.slice(2);
if (!scenarioPath || !name) {
  console.error('usage: npx tsx scripts/htmlReports.ts <scenario.json> <name> [--curve P] [--compare]');
  process.exit(2);
}
const curveAt = flags.indexOf('--curve');
const maxSites = curveAt >= 0 ? Number(flags[curveAt + 1]) : 0;
const outDir = 'test-output/html';
mkdirSync(outDir, { recursive: true });

const t0 = performance.now();
const inputs = await readScenarioInputs(await loadScenario(scenarioPath));
const run = computeCoverage(inputs);
console.log(`coverage: ${run.grid.cellCount} cells, ${Math.round(performance.now() - t0)} ms`);

let curve: CoverageCurve[] | undefined;
let curveNote: string | undefined;
const sites = inputs.sites.filter((s) => s.role !== 'forbidden');
if (maxSites > 0) {
  const t1 = performance.now();
  const matrix = buildCoverage(run.grid, sites, inputs.aircraftById, { maxMinutes: 60, period: 'day' });
  const problem = sitingProblemFromCoverage(matrix, run.grid.demand, { siteIds: sites.map((s) => s.id) });
  const fixedSites = sites.flatMap((s, i) => (s.role === 'existing' || s.role === 'required' ? [i] : []));
  curve = await coverageCurve(problem, { standardMinutes: [30, 60], maxSites, fixedSites, timeLimitSeconds: 5 });
  curveNote = `Maximal covering by day over ${sites.length - fixedSites.length} candidate sites, today's ${fixedSites.length} bases kept.`;
  console.log(`curve: ${Math.round(performance.now() - t1)} ms`, curve.map((c) => c.points.map((p) => `${p.siteCount}:${p.coveredShare.toFixed(4)}:${p.status}`).join(' ')));
}

const t2 = performance.now();
const html = reportHtml(reportInputOf(run), { curve, curveNote });
const renderStringMs = performance.now() - t2;
writeFileSync(`${outDir}/${name}.html`, html);
const shot = await screenshotHtml(html, `test-output/screenshots/${name}.png`);
console.log(
  JSON.stringify({
    name,
    cells: run.grid.cellCount,
    htmlBytes: Buffer.byteLength(html),
    reportHtmlMs: Math.round(renderStringMs),
    chromiumRenderMs: Math.round(shot.renderMs),
    consoleErrors: shot.consoleErrors,
    requests: shot.requests.filter((u) => !u.startsWith('about:')),
  }),
);

if (flags.includes('--compare') && curve) {
  // The variant: the 30-min curve's answer at P bases turns those candidates into required bases.
  const chosen = new Set(curve[0].points[curve[0].points.length - 1].selectedSites.map((i) => sites[i].id));
  const variantInputs = {
    ...inputs,
    loaded: { ...inputs.loaded, scenario: { ...inputs.loaded.scenario, name: `${inputs.loaded.scenario.name ?? name} + ${chosen.size - basesOf(inputs.sites).length} bases` } },
    sites: inputs.sites.map((s) => (chosen.has(s.id) && s.role === 'candidate' ? { ...s, role: 'required' as const } : s)),
  };
  const variant: CoverageRun = computeCoverage(variantInputs);
  const t3 = performance.now();
  const compare = compareHtml([run, variant].map(reportInputOf), { standardMinutes: 30 });
  const compareMs = performance.now() - t3;
  writeFileSync(`${outDir}/${name}-compare.html`, compare);
  const shot2 = await screenshotHtml(compare, `test-output/screenshots/${name}-compare.png`);
  console.log(
    JSON.stringify({
      name: `${name}-compare`,
      htmlBytes: Buffer.byteLength(compare),
      compareHtmlMs: Math.round(compareMs),
      chromiumRenderMs: Math.round(shot2.renderMs),
      consoleErrors: shot2.consoleErrors,
    }),
  );
}
