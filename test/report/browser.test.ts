import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { computeCoverage, readScenarioInputs, reportInputOf, type CoverageRun } from '../../src/scenario/runCoverage.js';
import { reportHtml } from '../../src/report/html/reportHtml.js';
import { compareHtml } from '../../src/report/html/compareHtml.js';
import { responseLegend } from '../../src/report/html/responseClasses.js';
import type { ReportAnswer } from '../../src/report/reportInput.js';
import type { ConditionsReport } from '../../src/report/conditionsReport.js';
import type { DepotPlan } from '../../src/depots/planDepots.js';

// The functions passed to page.evaluate run in Chromium; this project is type-checked without the
// DOM library, so the few browser globals they use are declared here, for this module only.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type DomElement = any;
declare const document: { documentElement: DomElement; querySelector(s: string): DomElement; querySelectorAll(s: string): ArrayLike<DomElement> & Iterable<DomElement>; elementFromPoint(x: number, y: number): DomElement };
declare function getComputedStyle(element: DomElement): { fill: string; display: string; overflowX: string };

// Debian's Chromium; CI (.ci/run) installs it. Without it the browser checks cannot run at all.
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

const curve = [
  { standardMinutes: 30, points: [1, 2, 3, 4].map((n) => ({ siteCount: n, coveredShare: 1 - 0.6 / n, boundShare: 1 - 0.55 / n, status: n === 3 ? 'feasible' : 'optimal' })) },
  { standardMinutes: 60, points: [1, 2, 3, 4].map((n) => ({ siteCount: n, coveredShare: Math.min(1, 0.7 + 0.1 * n) })) },
];

const NO_DEMAND = '#e3e3e3';

function hex(colour: string): string {
  const [r, g, b] = colour.match(/\d+/g)!.map(Number);
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

describe.skipIf(!hasChromium)(`HTML reports in headless Chromium${hasChromium ? '' : ` (skipped: no Chromium at ${CHROMIUM})`}`, () => {
  let browser: Browser;
  let small: CoverageRun;
  let oneBase: CoverageRun;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const inputs = await readScenarioInputs(await loadScenario(fixture('small.json')));
    small = computeCoverage(inputs);
    // The same scenario with base B2 demoted to a candidate: coverage from B1 only.
    oneBase = computeCoverage({
      ...inputs,
      loaded: { ...inputs.loaded, scenario: { ...inputs.loaded.scenario, name: 'west only' } },
      sites: inputs.sites.map((s) => (s.id === 'B2' ? { ...s, role: 'candidate' as const } : s)),
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(html: string, widthPx = 1280): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: widthPx, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('about:') && !r.url().startsWith('data:')) problems.push(`request: ${r.url()}`);
    });
    await page.setContent(html, { waitUntil: 'load' });
    return { page, problems };
  }

  it('renders the report: every hexagon, coloured by the legend, bases on top, the chart, and a working period switch', async () => {
    const { page, problems } = await open(reportHtml(reportInputOf(small), { curve }));
    const map = await page.evaluate(() => {
      const svg = document.querySelector('svg.map.resp');
      const paths: DomElement[] = [...svg.querySelectorAll('g.cells path:not(.outline)')];
      const box = svg.querySelector('g.cells')!.getBoundingClientRect();
      return {
        hexagons: paths.reduce((n, p) => n + (p.getAttribute('d')!.match(/M/g) ?? []).length, 0),
        fills: paths.map((p) => ({ classes: p.getAttribute('class')!, fill: getComputedStyle(p).fill })),
        width: box.width,
        height: box.height,
      };
    });
    expect(map.hexagons).toBe(small.grid.cellCount);
    expect(map.width).toBeGreaterThan(500);
    expect(map.height).toBeGreaterThan(200);
    const legend = responseLegend(small.periods[0].report.standardsMinutes);
    // Cells without demand are grey in every period ("no demand" in the legend); the rest take their class colour.
    for (const { classes, fill } of map.fills) {
      const k = Number(classes.split(' ').find((c: string) => c.startsWith('p0c'))!.slice(3));
      expect(hex(fill)).toBe(classes.split(' ').includes('z1') ? NO_DEMAND : legend[k].colour);
    }

    // The base dots are on top: the element under each dot's centre is the dot.
    const onTop = await page.evaluate(() =>
      [...document.querySelectorAll('svg.map.resp circle.base')].map((circle) => {
        // elementFromPoint sees only the viewport; the map sits below the "what is met" table.
        circle.scrollIntoView({ block: 'center' });
        const r = circle.getBoundingClientRect();
        return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === circle;
      }),
    );
    expect(onTop).toEqual([true, true]);

    const chart = await page.evaluate(() =>
      [...document.querySelectorAll('svg.chart polyline.curve')].map((line) => ({
        points: line.getAttribute('points')!.split(' ').length,
        width: line.getBoundingClientRect().width,
      })),
    );
    expect(chart).toEqual([
      { points: 4, width: expect.any(Number) },
      { points: 4, width: expect.any(Number) },
    ]);
    expect(Math.min(...chart.map((c) => c.width))).toBeGreaterThan(100);

    await page.screenshot({ path: `${SCREENSHOTS}small-report.png`, fullPage: true });
    // Night: the night table shows, the day table hides, and cells take their night colours.
    const visibleTables = () =>
      page.evaluate(() => [...document.querySelectorAll('table.tiers')].filter((t) => t.offsetParent !== null).map((t) => t.getAttribute('data-period')));
    expect(await visibleTables()).toEqual(['day']);
    await page.click('label[for="period-1"]');
    expect(await visibleTables()).toEqual(['night']);
    const nightFills = await page.evaluate(() =>
      [...document.querySelectorAll('svg.map.resp g.cells path:not(.outline)')].map((p) => ({ classes: p.getAttribute('class')!, fill: getComputedStyle(p).fill })),
    );
    for (const { classes, fill } of nightFills) {
      const k = Number(classes.split(' ').find((c: string) => c.startsWith('p1c'))!.slice(3));
      expect(hex(fill)).toBe(classes.split(' ').includes('z1') ? NO_DEMAND : legend[k].colour);
    }
    await page.screenshot({ path: `${SCREENSHOTS}small-report-night.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('renders the comparison: the difference map shows the cells lost without base B2, and the tables side by side', async () => {
    const { page, problems } = await open(compareHtml([small, oneBase].map(reportInputOf), { standardMinutes: 60 }));
    const day = small.periods[0];
    const west = oneBase.periods[0];
    const k = day.report.standardsMinutes.indexOf(60);
    let lost = 0;
    for (let c = 0; c < small.grid.cellCount; c++) if (day.outcomes.reachCounts[k][c] > 0 && west.outcomes.reachCounts[k][c] === 0) lost++;
    expect(lost).toBeGreaterThan(0);
    const drawn = await page.evaluate(() => {
      const count = (selector: string) =>
        [...document.querySelectorAll(selector)].reduce((n, p) => n + (p.getAttribute('d')!.match(/M/g) ?? []).length, 0);
      const lostPaths = [...document.querySelectorAll('svg.diff g.cells path.p0d2')];
      return {
        all: count('svg.diff g.cells path:not(.outline)'),
        lost: count('svg.diff g.cells path.p0d2'),
        gained: count('svg.diff g.cells path.p0d1'),
        lostFill: lostPaths.length > 0 ? getComputedStyle(lostPaths[0]).fill : null,
        columns: document.querySelectorAll('table.overall')[0].querySelectorAll('thead th').length,
      };
    });
    expect(drawn).toEqual({ all: small.grid.cellCount, lost, gained: 0, lostFill: 'rgb(215, 48, 39)', columns: 3 });
    await page.screenshot({ path: `${SCREENSHOTS}small-compare.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the planner\'s report at 1,400 px: opens with the answers, has the conditions table, a legend entry for every layer (the depot plan shown on demand), and no horizontal overflow', async () => {
    const answers: ReportAnswer[] = [
      {
        label: 'Best two additional bases within 60 min',
        period: 'day', standardMinutes: 60, status: 'optimal', objective: 90, bound: 90, gap: 0, coveredShare: 0.9,
        sites: [
          { id: 'B1', name: 'Base west', latDeg: 41.5, lngDeg: 123, isNew: false },
          { id: 'C7', name: 'New heliport with a long name at the east end', latDeg: 41.2, lngDeg: 124.9, isNew: true },
        ],
        steps: [
          { siteId: null, siteName: null, coveredShare: 0.7, gainShare: 0 },
          { siteId: 'C7', siteName: 'New heliport with a long name at the east end', coveredShare: 0.9, gainShare: 0.2 },
        ],
      },
      { label: 'Fewest bases for every cell within 30 min', period: 'night', standardMinutes: 30, status: 'feasible', objective: 4, bound: 3, gap: 0.25, coveredShare: 1, sites: [{ id: 'B1', name: 'Base west', latDeg: 41.5, lngDeg: 123, isNew: false }], steps: null },
    ];
    const conditions: ConditionsReport = {
      nightShare: 0.45, flyableShare: 0.8124657534246575, busyFraction: 0.1, weatherDependence: 'shared',
      tiers: small.periods[0].report.standardsMinutes.map((standardMinutes, k) => ({ standardMinutes, dayShare: small.periods[0].report.overall.tiers[k].coveredDemandShare, nightShare: 0.1, anyTimeShare: 0.3, expectedShare: 0.2, patientInHospitalShare: null })),
      byRegion: [], patientInHospitalMinutes: null, notes: ['Weather: partly assumptions.'], weatherZones: null,
    };
    const depots: DepotPlan = {
      model: 'capacitatedPMedian', status: 'optimal', stoppedBy: 'proof', work: 1, objective: 1, bound: 1, gap: 0,
      depots: [{ id: 'D1', name: 'Depot', index: 0, latDeg: 41.6, lngDeg: 123.4, tierLevel: 0, fixed: true, capacityTonnes: 100, loadTonnes: 50, utilisation: 0.5, baseCount: 2, cellCount: 1 }],
      assignments: small.inputs.sites.slice(0, 2).map((site) => ({ clientId: site.id, kind: 'base' as const, depotId: 'D1', mode: 'road' as const, minutes: 30, demandTonnes: 20, latDeg: site.latDeg, lngDeg: site.lngDeg })),
      tierLinks: [], totalDemandTonnes: 40, weightedMeanMinutes: 30, maxMinutes: 30, excludedByTierRule: [], runtimeMs: 1,
    };
    const html = reportHtml(reportInputOf(small), { curve, answers, conditions, depots });
    const { page, problems } = await open(html, 1400);
    const layout = await page.evaluate(() => {
      const sections = [...document.querySelectorAll('main > section')].map((el) => el.id);
      const overflow = [...document.querySelectorAll('main *')].filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible').map((el) => el.className || el.tagName);
      return {
        sections,
        pageWidth: document.documentElement.scrollWidth,
        viewport: document.documentElement.clientWidth,
        overflow,
        answers: [...document.querySelectorAll('#answers article.answer')].map((a) => ({ status: a.querySelector('.status').textContent, maps: a.querySelectorAll('svg.answer-map').length, newSites: a.querySelectorAll('svg circle.base.added').length })),
        conditionsRows: document.querySelectorAll('#conditions table.conditions tbody tr').length,
        legend: [...document.querySelectorAll('#map .legend > *')].map((el) => el.textContent.trim()),
        depotLayerShown: getComputedStyle(document.querySelector('svg.map.resp g.depot-layer')).display,
      };
    });
    expect(layout.sections[0]).toBe('answers');
    expect(layout.sections.slice(0, 3)).toEqual(['answers', 'met', 'conditions']);
    expect(layout.answers).toEqual([
      { status: 'proven optimal', maps: 1, newSites: 1 },
      { status: 'feasible, within 25.00 % of the bound', maps: 1, newSites: 0 },
    ]);
    expect(layout.conditionsRows).toBe(small.periods[0].report.standardsMinutes.length);
    for (const entry of [...responseLegend(small.periods[0].report.standardsMinutes).map((c) => c.label), 'no demand', 'base']) expect(layout.legend).toContain(entry);
    expect(layout.legend.some((text: string) => text.startsWith('material depots and supply lines'))).toBe(true);
    expect(layout.pageWidth).toBeLessThanOrEqual(layout.viewport);
    expect(layout.overflow).toEqual([]);
    // The depot plan is its own layer: hidden until its legend entry is clicked.
    expect(layout.depotLayerShown).toBe('none');
    await page.screenshot({ path: `${SCREENSHOTS}small-report-1400.png`, fullPage: true });
    await page.click('label[for="layer-depots"]');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('svg.map.resp g.depot-layer')).display)).not.toBe('none');
    // Printing: the tabs go, the answers stay first.
    await page.emulateMedia({ media: 'print' });
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('nav.tabs')).display)).toBe('none');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the comparison at 1,400 px: the difference map at the standard where the runs differ most, every column labelled, no horizontal overflow', async () => {
    const html = compareHtml([small, oneBase].map(reportInputOf));
    const { page, problems } = await open(html, 1400);
    // Where B2's removal loses the most demand.
    const day = small.periods.map((p) => p.outcomes);
    const west = oneBase.periods.map((p) => p.outcomes);
    const standards = small.periods[0].report.standardsMinutes;
    const lostDemand = standards.map((_s, k) => {
      let lost = 0;
      day.forEach((outcomes, p) => {
        for (let c = 0; c < small.grid.cellCount; c++) if ((outcomes.reachCounts[k][c] > 0) !== (west[p].reachCounts[k][c] > 0)) lost += small.grid.demand[c];
      });
      return lost;
    });
    const expected = standards[lostDemand.indexOf(Math.max(...lostDemand))];
    const layout = await page.evaluate(() => ({
      standard: Number(document.querySelector('#diff-standard').getAttribute('data-standard')),
      emptyHeads: [...document.querySelectorAll('table thead th')].filter((th) => th.textContent.trim() === '').length,
      pageWidth: document.documentElement.scrollWidth,
      viewport: document.documentElement.clientWidth,
      overflow: [...document.querySelectorAll('main *')].filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible').map((el) => el.className || el.tagName),
      labelsInside: [...document.querySelectorAll('svg.diff text')].every((t) => {
        const box = t.getBoundingClientRect();
        const svg = t.closest('svg').getBoundingClientRect();
        return box.right <= svg.right + 0.5 && box.left >= svg.left - 0.5;
      }),
    }));
    expect(layout.standard).toBe(expected);
    expect(layout.emptyHeads).toBe(0);
    expect(layout.pageWidth).toBeLessThanOrEqual(layout.viewport);
    expect(layout.overflow).toEqual([]);
    expect(layout.labelsInside).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}small-compare-1400.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
