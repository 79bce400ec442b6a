import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { areNeighborCells } from 'h3-js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { computeCoverage, readScenarioInputs, reportInputOf, type CoverageRun } from '../../src/scenario/runCoverage.js';
import { cellToH3 } from '../../src/grid/demandGrid.js';
import type { CoverageCurve } from '../../src/solvers/covering/coverageCurve.js';
import { prepareReportMap, reportHtml } from '../../src/report/html/reportHtml.js';
import { cellPathData, gridPathData } from '../../src/report/html/hexagonLayers.js';
import { gridProjection } from '../../src/report/html/mapSvg.js';
import { basesOf } from '../../src/scenario/basesOf.js';
import { uncoveredAreas } from '../../src/report/html/uncoveredAreas.js';
import { fitProjection } from '../../src/report/html/fitProjection.js';
import { responseClasses } from '../../src/report/html/responseClasses.js';
import { formatNumber } from '../../src/report/html/htmlPage.js';
import { AirreachError } from '../../src/errors.js';
import { coverageReport, uncoveredAreaSummary } from '../../src/report/coverageReport.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

async function run(name: string): Promise<CoverageRun> {
  return computeCoverage(await readScenarioInputs(await loadScenario(fixture(name))));
}

/** The `data-value`s of the row with the given `data-group`, inside the table of one period. */
function rowValues(html: string, period: string, group: string): Array<number | null> {
  const table = html.match(new RegExp(`<table class="tiers" data-period="${period}">[\\s\\S]*?</table>`))![0];
  const row = table.match(new RegExp(`<tr data-group="${group}">[\\s\\S]*?</tr>`))![0];
  return [...row.matchAll(/data-value="([^"]*)"/g)].map((m) => (m[1] === 'null' ? null : Number(m[1])));
}

/** Per path of the response map: its classes and the number of hexagons (subpaths) in it. */
function mapGroups(html: string): Array<{ classes: string[]; hexagons: number }> {
  const svg = html.match(/<svg class="map resp"[\s\S]*?<\/svg>/)![0];
  return [...svg.matchAll(/<path class="([^"]*)" d="([^"]*)"\/>/g)]
    .filter((m) => !m[1].includes('outline'))
    .map((m) => ({ classes: m[1].split(' '), hexagons: (m[2].match(/M/g) ?? []).length }));
}

// A curve as `coverageCurve` returns it (typed as such, so the report keeps accepting it).
const curve: CoverageCurve[] = [
  {
    standardMinutes: 30,
    totalWeight: 100,
    sitesNeeded: [],
    fullCoverageAt: null,
    points: [
      { siteCount: 1, objective: 40, bound: 40, coveredShare: 0.4, boundShare: 0.4, status: 'optimal', selectedSites: [0] },
      { siteCount: 2, objective: 70, bound: 75, coveredShare: 0.7, boundShare: 0.75, status: 'feasible', selectedSites: [0, 1] },
      { siteCount: 3, objective: 90, bound: 90, coveredShare: 0.9, boundShare: 0.9, status: 'optimal', selectedSites: [0, 1, 2] },
    ],
  },
  {
    standardMinutes: 60,
    totalWeight: 100,
    sitesNeeded: [],
    fullCoverageAt: null,
    points: [
      { siteCount: 1, objective: 80, bound: 80, coveredShare: 0.8, boundShare: 0.8, status: 'optimal', selectedSites: [0] },
      { siteCount: 2, objective: 100, bound: 100, coveredShare: 1, boundShare: 1, status: 'optimal', selectedSites: [0, 1] },
    ],
  },
];

describe('reportHtml on the small fixture scenario', () => {
  let small: CoverageRun;
  let html: string;
  beforeAll(async () => {
    small = await run('small.json');
    html = reportHtml(reportInputOf(small), { curve });
  });

  it('writes the tier table of every period with the report’s numbers, overall, per hazard type and per region', () => {
    for (const { period, report } of small.periods) {
      const expectRow = (kind: string, group: (typeof report)['overall']) => {
        const m = group.responseMinutes;
        expect(rowValues(html, period, `${kind}:${group.name}`)).toEqual([
          group.demand,
          group.cells,
          group.areaKm2,
          ...group.tiers.flatMap((t) => [t.coveredDemandShare, t.coveredCellShare, t.coveredAreaShare]),
          m.meanReachable,
          m.p50,
          m.p90,
          m.max,
          m.unreachableDemandShare,
        ]);
      };
      expectRow('overall', report.overall);
      for (const group of report.byHazardType) expectRow('hazard', group);
      for (const group of report.byRegion) expectRow('region', group);
      expect(report.byRegion.length).toBeGreaterThan(0);
    }
    // The shown text is the rounded value: 73.0 % style, one decimal.
    const share = small.periods[0].report.overall.tiers[0].coveredDemandShare;
    expect(html).toContain(`data-value="${share}">${formatNumber(share * 100, 1)} %</td>`);
  });

  it('draws every cell exactly once, and the cells per colour class add up to the covered cells of each tier', () => {
    const groups = mapGroups(html);
    expect(groups.reduce((sum, g) => sum + g.hexagons, 0)).toBe(small.grid.cellCount);
    for (const [i, { report }] of small.periods.entries()) {
      const perClass = new Map<number, number>();
      for (const g of groups) {
        const k = Number(g.classes.find((c) => c.startsWith(`p${i}c`))!.slice(`p${i}c`.length));
        perClass.set(k, (perClass.get(k) ?? 0) + g.hexagons);
      }
      let cumulative = 0;
      for (const [k, tier] of report.overall.tiers.entries()) {
        cumulative += perClass.get(k) ?? 0;
        expect(cumulative).toBe(tier.coveredCells);
      }
    }
    // Pale cells are exactly those without demand.
    let zero = 0;
    for (let c = 0; c < small.grid.cellCount; c++) if (!(small.grid.demand[c] > 0)) zero++;
    expect(groups.filter((g) => g.classes.includes('z1')).reduce((s, g) => s + g.hexagons, 0)).toBe(zero);
  });

  it('labels every base on the map and colours every class of both periods in the stylesheet', () => {
    for (const site of small.inputs.sites.filter((s) => s.role === 'existing')) {
      expect(html).toContain(`>${site.name}</text>`);
    }
    const classes = small.periods[0].report.standardsMinutes.length + 2;
    for (let i = 0; i < small.periods.length; i++) {
      for (let k = 0; k < classes; k++) expect(html).toMatch(new RegExp(`#period-${i}:checked~main \\.resp \\.p${i}c${k}\\{fill:#[0-9a-f]{6}\\}`));
    }
  });

  it('draws the curve: one polyline per standard, the bound where it lies above, hollow dots for unproven points', () => {
    expect(html.match(/<polyline class="curve"/g)).toHaveLength(2);
    expect(html.match(/<polyline class="bound"/g)).toHaveLength(1);
    expect(html.match(/fill="#fff" stroke="#[0-9a-f]{6}" stroke-width="1.5"><title>2 bases: 70.0 %/g)).toHaveLength(1);
    expect(reportHtml(reportInputOf(small))).not.toContain('<polyline class="curve"');
  });

  it('is self-contained: no scripts, no external resources, no URLs at all', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|\bsrc=/i);
  });

  it('gives the same bytes for the same run, and for a recomputed run', async () => {
    expect(reportHtml(reportInputOf(small), { curve })).toBe(html);
    expect(reportHtml(reportInputOf(await run('small.json')), { curve })).toBe(html);
  });

  it('escapes text from the scenario and refuses a silly map width', () => {
    const named = { ...small, inputs: { ...small.inputs, loaded: { ...small.inputs.loaded, scenario: { ...small.inputs.loaded.scenario, name: 'A <b> & "C"' } } } };
    const page = reportHtml(reportInputOf(named));
    expect(page).toContain('Coverage: A &lt;b&gt; &amp; &quot;C&quot;');
    expect(page).not.toContain('<b> &');
    expect(() => reportHtml(reportInputOf(small), { mapWidthPx: 5 })).toThrow(AirreachError);
    try {
      reportHtml(reportInputOf(small), { mapWidthPx: Number.NaN });
    } catch (error) {
      expect((error as AirreachError).code).toBe('E_OPTION');
    }
  });
});

describe('uncoveredAreas', () => {
  let variant: CoverageRun;
  beforeAll(async () => {
    // Night with a 40-minute launch: nothing is reached within 30 minutes, so every cell with demand is a hole.
    variant = await run('variant.json');
  });

  it('partitions the holes into the connected components of H3 neighbours, largest demand first', () => {
    const { grid } = variant;
    const { outcomes, report } = variant.periods[0];
    const { areas, totalAreas } = uncoveredAreas(grid, outcomes, 0, { limit: 1000 });
    // Independent components: breadth-first search over h3's own neighbour test.
    const holes: number[] = [];
    for (let c = 0; c < grid.cellCount; c++) if (outcomes.reachCounts[0][c] === 0 && grid.demand[c] > 0) holes.push(c);
    const ids = holes.map((c) => cellToH3(grid, c));
    const component = new Int32Array(holes.length).fill(-1);
    const sizes: number[] = [];
    for (let start = 0; start < holes.length; start++) {
      if (component[start] >= 0) continue;
      const queue = [start];
      component[start] = sizes.length;
      let size = 0;
      while (queue.length > 0) {
        const i = queue.pop()!;
        size++;
        for (let j = 0; j < holes.length; j++) {
          if (component[j] < 0 && areNeighborCells(ids[i], ids[j])) {
            component[j] = sizes.length;
            queue.push(j);
          }
        }
      }
      sizes.push(size);
    }
    expect(totalAreas).toBe(sizes.length);
    expect(areas.map((a) => a.cells).sort((a, b) => a - b)).toEqual([...sizes].sort((a, b) => a - b));
    expect(areas.reduce((s, a) => s + a.cells, 0)).toBe(report.uncovered[0].cells);
    expect(areas.reduce((s, a) => s + a.demand, 0)).toBeCloseTo(report.uncovered[0].demand, 9);
    for (let i = 1; i < areas.length; i++) expect(areas[i].demand).toBeLessThanOrEqual(areas[i - 1].demand);
    // Each area's first cell is a hole and the fastest response is the minimum over its component.
    for (const area of areas) {
      const k = component[holes.indexOf(area.firstCell)];
      const members = holes.filter((_c, i) => component[i] === k);
      expect(members[0]).toBe(area.firstCell);
      expect(area.fastestMinutes).toBe(Math.min(...members.map((c) => outcomes.responseMinutes[c])));
      expect(area.fastestMinutes! - 30).toBeGreaterThan(0);
    }
    expect(uncoveredAreas(grid, outcomes, 0, { limit: 1 }).areas).toEqual(areas.slice(0, 1));
  });

  it('finds no area when every cell with demand is covered, and refuses a standard that does not exist', () => {
    const { grid } = variant;
    const { outcomes, report } = variant.periods[0];
    for (const [k, hole] of report.uncovered.entries()) {
      expect(uncoveredAreas(grid, outcomes, k).totalAreas === 0).toBe(hole.cells === 0);
    }
    expect(report.uncovered.some((hole) => hole.cells === 0)).toBe(true);
    expect(() => uncoveredAreas(grid, outcomes, 9)).toThrow(AirreachError);
  });

  it("gives each standard of the report its own areas, joined once for standards that leave the same cells uncovered", async () => {
    const small = await run('small.json');
    let shared = 0;
    let distinct = 0;
    for (const coverage of [variant, small]) {
      const bases = basesOf(coverage.inputs.sites);
      for (const { outcomes, report } of coverage.periods) {
        report.standardsMinutes.forEach((standard, k) => {
          const found = uncoveredAreas(coverage.grid, outcomes, k, { limit: 10 });
          expect(report.uncovered[k].totalAreas).toBe(found.totalAreas);
          expect(report.uncovered[k].areas).toEqual(found.areas.map((area) => uncoveredAreaSummary(area, coverage.grid, bases, standard)));
          if (k > 0) {
            if (report.uncovered[k].cells === report.uncovered[k - 1].cells) shared++;
            else distinct++;
          }
        });
      }
    }
    // Both paths are taken: standards that share their holes, and standards that do not.
    expect(shared).toBeGreaterThan(0);
    expect(distinct).toBeGreaterThan(0);
  });

  it("makes a period's report when it is first read, once, as coverageReport makes it", async () => {
    const fresh = await run('small.json');
    const bases = basesOf(fresh.inputs.sites);
    for (const { period, matrix, outcomes, report } of fresh.periods) {
      expect(fresh.periods.find((p) => p.period === period)!.report).toBe(report);
      expect(report).toEqual(coverageReport(fresh.grid, bases, outcomes, matrix, { period }));
    }
  });

  it('lists the areas in the report with their cell counts', () => {
    const html = reportHtml(reportInputOf(variant));
    const table = html.match(/<table class="holes" data-period="[^"]*" data-standard="30">[\s\S]*?<\/table>/)![0];
    const { areas } = uncoveredAreas(variant.grid, variant.periods[0].outcomes, 0, { limit: 10 });
    const rows = [...table.matchAll(/<tr><td>(\d+)<\/td>[\s\S]*?<\/tr>/g)];
    expect(rows).toHaveLength(areas.length);
    rows.forEach((row, i) => expect(row[0]).toContain(`data-value="${areas[i].cells}"`));
  });
});

describe('map helpers', () => {
  it('fits the bounding box inside the padding and keeps Mercator shapes (equal scale on x and y locally)', () => {
    const p = fitProjection([120, 39, 126, 44], { widthPx: 800, paddingPx: 10 });
    const [x0, y0] = p.project(120, 44);
    const [x1, y1] = p.project(126, 39);
    expect(Math.min(x0, y0)).toBeGreaterThanOrEqual(10 - 1e-9);
    expect(x1).toBeLessThanOrEqual(790 + 1e-9);
    expect(y1).toBeLessThanOrEqual(p.heightPx - 10 + 1e-9);
    expect(Math.max(x1 - x0 - 780, y1 - y0 - (p.heightPx - 20))).toBeGreaterThan(-1); // touches one pair of sides
    // A small step east and north at 41.5° N cover the same ground distance when scaled by cos(lat).
    const [ax, ay] = p.project(123, 41.5);
    const [bx] = p.project(123.01, 41.5);
    const [, cy] = p.project(123, 41.5 + 0.01 * Math.cos((41.5 * Math.PI) / 180));
    expect((bx - ax) / (ay - cy)).toBeCloseTo(1, 3);
    expect(() => fitProjection([1, 2, 0, 3])).toThrow(AirreachError);
  });

  it('classes cells beyond the last standard and unreachable cells apart from covered tiers', () => {
    const outcomes = {
      standardsMinutes: [30, 60],
      responseMinutes: Float64Array.of(10, 45, 90, Infinity),
      responseSite: Int32Array.of(0, 0, 0, -1),
      responseAircraft: Int32Array.of(0, 0, 0, -1),
      aircraftIds: ['H135'],
      reachCounts: [Uint16Array.of(1, 0, 0, 0), Uint16Array.of(2, 1, 0, 0)],
    };
    expect([...responseClasses(outcomes, [0, 1, 2, 3])]).toEqual([0, 1, 2, 3]);
  });
});

describe('the map drawn ahead (gridPathData, prepareReportMap)', () => {
  it('keeps every cell\'s path data per grid and projection: the same as cellPathData over all cells, drawn once', async () => {
    const small = await run('small.json');
    const { grid } = small;
    const cells = Uint32Array.from({ length: grid.cellCount }, (_v, c) => c);
    const bases = basesOf(small.inputs.sites);
    const projection = gridProjection(grid, cells, bases, 960);
    const paths = gridPathData(grid, projection);
    expect(paths).toEqual(cellPathData(grid, cells, projection));
    // The same projection (by key) gives the kept array; another width other paths.
    expect(gridPathData(grid, gridProjection(grid, cells, bases, 960))).toBe(paths);
    const wide = gridPathData(grid, gridProjection(grid, cells, bases, 1200));
    expect(wide).not.toBe(paths);
    expect(wide).toEqual(cellPathData(grid, cells, gridProjection(grid, cells, bases, 1200)));
    // A projection without a key is drawn afresh.
    const { key: _key, ...unkeyed } = projection;
    expect(gridPathData(grid, unkeyed)).not.toBe(paths);
  });

  it('gives the same page whether the map was drawn ahead or not, and on a fresh grid', async () => {
    const ahead = await run('small.json');
    prepareReportMap(reportInputOf(ahead));
    const page = reportHtml(reportInputOf(ahead), { curve });
    expect(page).toBe(reportHtml(reportInputOf(await run('small.json')), { curve }));
    expect(page).toBe(reportHtml(reportInputOf(ahead), { curve }));
    // Other settings or other outcomes on the kept grid: drawn for them, as on a fresh grid.
    const fresh = await run('small.json');
    expect(reportHtml(reportInputOf(ahead), { fadeCellsWithoutDemand: false })).toBe(reportHtml(reportInputOf(fresh), { fadeCellsWithoutDemand: false }));
    const moved = (source: CoverageRun) => ({
      ...reportInputOf(source),
      periods: source.periods.map((period) => ({ ...period, outcomes: { ...period.outcomes, reachCounts: period.outcomes.reachCounts.map((counts) => counts.map((count, c) => (c % 3 === 0 ? 0 : count))) } })),
    });
    const movedAhead = moved(ahead);
    prepareReportMap(movedAhead);
    expect(reportHtml(movedAhead)).toBe(reportHtml(moved(fresh)));
    expect(reportHtml(movedAhead)).not.toBe(reportHtml(reportInputOf(ahead)));
  });
});
