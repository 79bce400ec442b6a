import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { computeCoverage, readScenarioInputs, reportInputOf, type CoverageRun } from '../../src/scenario/runCoverage.js';
import { reportHtml } from '../../src/report/html/reportHtml.js';
import { compareHtml } from '../../src/report/html/compareHtml.js';
import { responseLegend } from '../../src/report/html/responseClasses.js';

// The functions passed to page.evaluate run in Chromium; this project is type-checked without the
// DOM library, so the few browser globals they use are declared here, for this module only.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type DomElement = any;
declare const document: { querySelector(s: string): DomElement; querySelectorAll(s: string): ArrayLike<DomElement> & Iterable<DomElement>; elementFromPoint(x: number, y: number): DomElement };
declare function getComputedStyle(element: DomElement): { fill: string };

// Debian's Chromium; CI (.ci/run) installs it. Without it the browser checks cannot run at all.
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

const curve = [
  { standardMinutes: 30, points: [1, 2, 3, 4].map((n) => ({ siteCount: n, coveredShare: 1 - 0.6 / n, boundShare: 1 - 0.55 / n, status: n === 3 ? 'feasible' : 'optimal' })) },
  { standardMinutes: 60, points: [1, 2, 3, 4].map((n) => ({ siteCount: n, coveredShare: Math.min(1, 0.7 + 0.1 * n) })) },
];

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

  async function open(html: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
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
    for (const { classes, fill } of map.fills) {
      const k = Number(classes.split(' ').find((c: string) => c.startsWith('p0c'))!.slice(3));
      expect(hex(fill)).toBe(legend[k].colour);
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
      expect(hex(fill)).toBe(legend[k].colour);
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
});
