import { AirreachError } from '../../errors.js';
import { resolveOptions } from '../../resolveOptions.js';
import type { DemandGrid } from '../../grid/demandGrid.js';
import type { Site } from '../../travel/aircraft.js';
import type { ReportInput, ReportPeriod } from '../reportInput.js';
import type { GroupSummary } from '../coverageReport.js';
import { cellPathData, hexagonLayers } from './hexagonLayers.js';
import { escapeHtml, formatNumber, formatShare, htmlPage, numberCell, periodTabs } from './htmlPage.js';
import { gridProjection, mapSvg, type MapOverlays } from './mapSvg.js';

/** Options of {@link compareHtml}. */
export interface CompareHtmlOptions {
  /** Page title; default: "Comparison: a vs b …". */
  title?: string;
  /** One label per run; default: the inputs' names (numbered when they repeat). */
  labels?: readonly string[];
  /**
   * The standard of the difference maps (cells gained and lost within it). Must be a standard of
   * every run. Default: the standard where the runs differ most (the most demand gained plus
   * lost against the first run, over every run and period; ties → the shortest standard), so a
   * variant that gains thousands of cells at 30 min is not shown on an all-grey 60-min map.
   */
  standardMinutes?: number;
  /** Width of each difference map, pixels. */
  mapWidthPx?: number;
  /**
   * Draw cells without demand paler on the difference maps. Off by default: a pale "covered in
   * neither" (dark grey) looks like "covered in both" (light grey).
   */
  fadeCellsWithoutDemand?: boolean;
}

/** Defaults of {@link compareHtml}. */
export const DEFAULT_COMPARE_HTML_OPTIONS: Required<Omit<CompareHtmlOptions, 'title' | 'labels' | 'standardMinutes'>> = {
  mapWidthPx: 960,
  fadeCellsWithoutDemand: false,
};

/** Difference classes: covered in both, gained, lost, covered in neither. */
const DIFF_LEGEND = [
  { label: 'covered in both', colour: '#dadada' },
  { label: 'gained', colour: '#1a9850' },
  { label: 'lost', colour: '#d73027' },
  { label: 'covered in neither', colour: '#5f5f5f' },
];

const COMPARE_CSS = `
.diff .z1{fill-opacity:.4}
td .delta{color:#57606a;font-size:12px;margin-left:4px}
td .delta.up{color:#1a7f37}
td .delta.down{color:#cf222e}
th.run{text-align:center}
table.groups td .delta{display:block;margin-left:0;font-size:11px}
table.groups th,table.groups td{padding:2px 4px}
table.groups th.run{white-space:normal;min-width:64px;max-width:110px}
@media print{.tabs{display:none}main{max-width:none;padding:0}h2{break-after:avoid}tr,svg{break-inside:avoid}.scroll{overflow:visible}}
`;

/**
 * Scenarios side by side: per period, coverage per standard (demand, cells, area), demand-weighted
 * mean / P50 / P90 / max minutes and unreachable demand, the number of bases and their cost
 * (the sum of the bases' `cost`, when any base has one); coverage per hazard type and per region;
 * and for each run after the first a difference map against the first at `standardMinutes`:
 * cells gained (green), lost (red), covered in both (light grey) or in neither (dark grey).
 * Differences (Δ) are against the first run: percentage points for shares, minutes for times.
 *
 * Grids: the tables compare each run's own report, so they work for any grids. The difference
 * maps need the same cells, so runs must share the H3 resolution (else E_OPTION); on grids that
 * differ (a variant with another hazard layer or extent), a map shows the cells both grids hold
 * and says how many cells of each were left out. Periods shown are those every run computed.
 *
 * @example
 * const html = compareHtml([reportInputOf(today), reportInputOf(twoMoreBases)], { standardMinutes: 30 });
 */
export function compareHtml(runs: readonly ReportInput[], options: CompareHtmlOptions = {}): string {
  const settings = resolveOptions(DEFAULT_COMPARE_HTML_OPTIONS, options);
  if (!Array.isArray(runs as unknown) || runs.length < 2) {
    throw new AirreachError('E_OPTION', 'a comparison needs two or more runs', {
      value: Array.isArray(runs as unknown) ? runs.length : runs,
      where: { field: 'runs' },
      expected: 'an array of at least 2 coverage runs',
    });
  }
  const labels = runLabels(runs, options.labels);
  const resolutions = runs.map((run) => run.grid.resolution);
  if (resolutions.some((r) => r !== resolutions[0])) {
    throw new AirreachError('E_OPTION', 'the runs use different H3 resolutions, so their cells cannot be compared', {
      value: resolutions,
      where: { field: 'runs' },
      expected: 'the same grid resolution in every run',
      hint: 'Compare scenarios with the same grid.resolution (set it in a shared base scenario they extend)',
    });
  }
  const periods = runs[0].periods.map((p) => p.period).filter((period) => runs.every((run) => run.periods.some((p) => p.period === period)));
  if (periods.length === 0) {
    throw new AirreachError('E_OPTION', 'the runs have no operating period in common', {
      value: runs.map((run) => run.periods.map((p) => p.period)),
      where: { field: 'periods' },
      hint: 'Compute the same periods (day, night) in every scenario',
    });
  }
  const byPeriod = (run: ReportInput, period: string) => run.periods.find((p) => p.period === period)!;
  const chosen = options.standardMinutes === undefined;
  const standard = options.standardMinutes ?? mostDifferentStandard(runs, periods, byPeriod);
  const missing = runs.findIndex((run) => run.periods.some((p) => !p.report.standardsMinutes.includes(standard)));
  if (missing >= 0) {
    throw new AirreachError('E_OPTION', `standard ${standard} min is not computed in run "${labels[missing]}"`, {
      value: standard,
      where: { field: 'standardMinutes' },
      expected: `one of ${runs[missing].periods[0].report.standardsMinutes.join(', ')}`,
    });
  }

  const title = settings.title ?? `Comparison: ${labels.join(' vs ')}`;
  const tabs = periodTabs(periods);
  const body: string[] = [tabs.inputs, tabs.labels, '<main>', `<h1>${escapeHtml(title)}</h1>`];
  body.push(runsTable(runs, labels));

  body.push('<h2>Overall</h2>');
  for (const [i, period] of periods.entries()) {
    body.push(`<div class="pi-${i} scroll">${overallTable(runs.map((run) => byPeriod(run, period)), runs, labels)}</div>`);
  }
  body.push('<h2>By hazard type</h2><p class="note">Share of each hazard type\'s demand covered; P90 in minutes.</p>');
  for (const [i, period] of periods.entries()) {
    body.push(`<div class="pi-${i} scroll">${groupsTable(runs.map((run) => byPeriod(run, period).report.byHazardType), labels, 'hazard type')}</div>`);
  }
  body.push('<h2>By region</h2>');
  for (const [i, period] of periods.entries()) {
    body.push(`<div class="pi-${i} scroll">${groupsTable(runs.map((run) => byPeriod(run, period).report.byRegion), labels, 'region')}</div>`);
  }

  const mapCss: string[] = [];
  body.push(
    `<p class="note" id="diff-standard" data-standard="${standard}">Difference maps at ${formatNumber(standard)} min${chosen ? ': the standard where these runs differ most (most demand gained plus lost against the first run)' : ' (as asked)'}.</p>`,
  );
  for (let j = 1; j < runs.length; j++) {
    body.push(`<h2>Difference within ${formatNumber(standard)} min: ${escapeHtml(labels[j])} vs ${escapeHtml(labels[0])}</h2>`);
    body.push(differenceMap(runs[0], runs[j], periods, standard, settings, byPeriod, j));
  }
  for (const [i] of periods.entries()) {
    for (const [k, entry] of DIFF_LEGEND.entries()) mapCss.push(`#period-${i}:checked~main .diff .p${i}d${k}{fill:${entry.colour}}`);
  }
  body.push('<footer>Made by airreach. Δ: difference to the first run (percentage points for shares, minutes for times). Self-contained; works offline.</footer>');
  body.push('</main>');
  return htmlPage(title, body.join('\n'), `${COMPARE_CSS}${tabs.css}\n${mapCss.join('\n')}\n`);
}

/** A changed cell without demand still counts, below any demand: it breaks ties between standards. */
const CELL_TIE_WEIGHT = 1e-9;

/**
 * The standard, common to every run, at which the runs differ most from the first: the most
 * demand gained plus lost over the cells the grids share, summed over runs and periods. Ties go
 * to the shortest standard.
 */
function mostDifferentStandard(runs: readonly ReportInput[], periods: readonly string[], byPeriod: (run: ReportInput, period: string) => ReportPeriod): number {
  const common = runs[0].periods[0].report.standardsMinutes.filter((s) => runs.every((run) => run.periods.every((p) => p.report.standardsMinutes.includes(s))));
  if (common.length === 0) return runs[0].periods[0].report.standardsMinutes[0];
  const changed = new Float64Array(common.length);
  for (let j = 1; j < runs.length; j++) {
    const { inA, inB } = sharedCells(runs[0].grid, runs[j].grid);
    for (const period of periods) {
      const a = byPeriod(runs[0], period).outcomes;
      const b = byPeriod(runs[j], period).outcomes;
      common.forEach((s, k) => {
        const reachA = a.reachCounts[a.standardsMinutes.indexOf(s)];
        const reachB = b.reachCounts[b.standardsMinutes.indexOf(s)];
        for (let n = 0; n < inA.length; n++) {
          if ((reachA[inA[n]] > 0) !== (reachB[inB[n]] > 0)) changed[k] += Math.max(runs[0].grid.demand[inA[n]], runs[j].grid.demand[inB[n]]) + CELL_TIE_WEIGHT;
        }
      });
    }
  }
  let best = 0;
  for (let k = 1; k < common.length; k++) if (changed[k] > changed[best]) best = k;
  return common[best];
}

function runLabels(runs: readonly ReportInput[], labels: readonly string[] | undefined): string[] {
  if (labels !== undefined) {
    if (labels.length !== runs.length || labels.some((l) => typeof l !== 'string' || l === '')) {
      throw new AirreachError('E_OPTION', 'labels must give one non-empty name per run', {
        value: labels,
        where: { field: 'labels' },
        expected: `${runs.length} strings`,
      });
    }
    return [...labels];
  }
  const names = runs.map((run, i) => run.name ?? `run ${i + 1}`);
  return names.map((n, i) => (names.filter((m) => m === n).length > 1 ? `${n} (${i + 1})` : n));
}

function basesCost(bases: readonly Site[]): number | null {
  return bases.some((b) => b.cost !== undefined) ? bases.reduce((sum, b) => sum + (b.cost ?? 0), 0) : null;
}

function runsTable(runs: readonly ReportInput[], labels: readonly string[]): string {
  const rows = runs.map((run, i) => {
    const bases = run.sites;
    return (
      `<tr><td class="name"><b>${escapeHtml(labels[i])}</b></td><td class="name">${escapeHtml(run.description ?? '')}</td>` +
      numberCell(bases.length, (v) => formatNumber(v)) +
      numberCell(basesCost(bases), (v) => formatNumber(v, 0)) +
      numberCell(run.grid.cellCount, (v) => formatNumber(v)) +
      `<td>${run.grid.resolution}</td></tr>`
    );
  });
  return `<table class="runs"><thead><tr><th class="name">run</th><th class="name">description</th><th>bases</th><th>cost</th><th>cells</th><th>res</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** A value cell with the difference to the first run's value. */
function valueWithDelta(
  value: number | null,
  first: number | null,
  isFirst: boolean,
  format: (v: number | null | undefined) => string,
  delta: (d: number) => string,
  higherIsBetter: boolean,
): string {
  const data = value === null ? 'null' : String(value);
  let extra = '';
  if (!isFirst && value !== null && first !== null) {
    const d = value - first;
    const direction = Math.abs(d) < 1e-12 ? '' : (d > 0) === higherIsBetter ? ' up' : ' down';
    extra = `<span class="delta${direction}">${escapeHtml(delta(d))}</span>`;
  }
  return `<td data-value="${data}">${escapeHtml(format(value))}${extra}</td>`;
}

const pp = (d: number) => `${d >= 0 ? '+' : '−'}${formatNumber(Math.abs(d) * 100, 1)}`;
const dMinutes = (d: number) => `${d >= 0 ? '+' : '−'}${formatNumber(Math.abs(d), 1)}`;
const dCount = (d: number) => `${d >= 0 ? '+' : '−'}${formatNumber(Math.abs(d))}`;

function overallTable(periods: readonly ReportPeriod[], runs: readonly ReportInput[], labels: readonly string[]): string {
  const rows: string[] = [];
  const metric = (
    name: string,
    values: Array<number | null>,
    format: (v: number | null | undefined) => string,
    delta: (d: number) => string,
    higherIsBetter: boolean,
  ) => {
    rows.push(
      `<tr data-metric="${escapeHtml(name)}"><td class="name">${escapeHtml(name)}</td>${values
        .map((v, i) => valueWithDelta(v, values[0], i === 0, format, delta, higherIsBetter))
        .join('')}</tr>`,
    );
  };
  const bases = runs.map((run) => run.sites);
  metric('bases', bases.map((b) => b.length), (v) => formatNumber(v), dCount, true);
  metric('cost of bases', bases.map(basesCost), (v) => formatNumber(v), dCount, false);
  const overall = periods.map((p) => p.report.overall);
  metric('demand', overall.map((o) => o.demand), (v) => formatNumber(v, 1), (d) => dMinutes(d), true);
  for (const [k, s] of periods[0].report.standardsMinutes.entries()) {
    const tier = (o: GroupSummary) => o.tiers.find((t) => t.standardMinutes === s) ?? o.tiers[k];
    metric(`demand within ${s} min`, overall.map((o) => tier(o).coveredDemandShare), formatShare, pp, true);
    metric(`cells within ${s} min`, overall.map((o) => tier(o).coveredCellShare), formatShare, pp, true);
    metric(`area within ${s} min`, overall.map((o) => tier(o).coveredAreaShare), formatShare, pp, true);
  }
  const minutes = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${formatNumber(v, 1)} min`);
  metric('mean response', overall.map((o) => o.responseMinutes.meanReachable), minutes, dMinutes, false);
  metric('P50 response', overall.map((o) => o.responseMinutes.p50), minutes, dMinutes, false);
  metric('P90 response', overall.map((o) => o.responseMinutes.p90), minutes, dMinutes, false);
  metric('max response', overall.map((o) => o.responseMinutes.max), minutes, dMinutes, false);
  metric('unreachable demand', overall.map((o) => o.responseMinutes.unreachableDemandShare), formatShare, pp, false);
  const head = `<tr><th class="name">${escapeHtml(periods[0].period)} period</th>${labels.map((l) => `<th class="run">${escapeHtml(l)}</th>`).join('')}</tr>`;
  return `<table class="overall"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function groupsTable(groupsByRun: ReadonlyArray<readonly GroupSummary[]>, labels: readonly string[], what: string): string {
  const names: string[] = [];
  for (const groups of groupsByRun) for (const g of groups) if (!names.includes(g.name)) names.push(g.name);
  if (names.length === 0) return `<p class="note">No ${what} in these runs.</p>`;
  const standards = [...new Set(groupsByRun.flatMap((groups) => groups.flatMap((g) => g.tiers.map((t) => t.standardMinutes))))].sort((a, b) => a - b);
  const head1 =
    `<tr><th class="name" rowspan="2">${escapeHtml(what)}</th>` +
    standards.map((s) => `<th colspan="${labels.length}">demand within ${formatNumber(s)} min</th>`).join('') +
    `<th colspan="${labels.length}">P90 minutes</th></tr>`;
  const runHeads = labels.map((l) => `<th class="run">${escapeHtml(l)}</th>`).join('');
  const head2 = `<tr>${standards.map(() => runHeads).join('')}${runHeads}</tr>`;
  const rows = names.map((name) => {
    const groups = groupsByRun.map((groups) => groups.find((g) => g.name === name));
    const shares = standards.flatMap((s) => {
      const values = groups.map((g) => g?.tiers.find((t) => t.standardMinutes === s)?.coveredDemandShare ?? null);
      return values.map((v, i) => valueWithDelta(v, values[0], i === 0, formatShare, pp, true));
    });
    const p90 = groups.map((g) => g?.responseMinutes.p90 ?? null);
    const minutes = p90.map((v, i) => valueWithDelta(v, p90[0], i === 0, (x) => formatNumber(x, 1), dMinutes, false));
    return `<tr data-group="${escapeHtml(name)}"><td class="name">${escapeHtml(name)}</td>${shares.join('')}${minutes.join('')}</tr>`;
  });
  return `<table class="groups"><thead>${head1}${head2}</thead><tbody>${rows.join('\n')}</tbody></table>`;
}

/** Cells of `a` that `b` also holds, as pairs of dense indexes, in `a`'s cell order. */
function sharedCells(a: DemandGrid, b: DemandGrid): { inA: Uint32Array; inB: Uint32Array } {
  const index = new Map<string, number>();
  for (let c = 0; c < b.cellCount; c++) index.set(`${b.h3High[c]}:${b.h3Low[c]}`, c);
  const inA: number[] = [];
  const inB: number[] = [];
  for (let c = 0; c < a.cellCount; c++) {
    const other = index.get(`${a.h3High[c]}:${a.h3Low[c]}`);
    if (other !== undefined) {
      inA.push(c);
      inB.push(other);
    }
  }
  return { inA: Uint32Array.from(inA), inB: Uint32Array.from(inB) };
}

function differenceMap(
  first: ReportInput,
  other: ReportInput,
  periods: readonly string[],
  standard: number,
  settings: typeof DEFAULT_COMPARE_HTML_OPTIONS,
  byPeriod: (run: ReportInput, period: string) => ReportPeriod,
  runIndex: number,
): string {
  const { inA, inB } = sharedCells(first.grid, other.grid);
  if (inA.length === 0) {
    throw new AirreachError('E_OPTION', 'the runs share no cells, so there is no difference map to draw', {
      value: { firstCells: first.grid.cellCount, otherCells: other.grid.cellCount },
      where: { field: 'runs' },
      hint: 'Compare scenarios over the same area',
    });
  }
  const parts: string[] = [];
  const layers = periods.map((period, i) => {
    const a = byPeriod(first, period);
    const b = byPeriod(other, period);
    const reachA = a.outcomes.reachCounts[a.outcomes.standardsMinutes.indexOf(standard)];
    const reachB = b.outcomes.reachCounts[b.outcomes.standardsMinutes.indexOf(standard)];
    const classes = new Uint8Array(inA.length);
    const cells = [0, 0, 0, 0];
    const areaKm2 = [0, 0, 0, 0];
    let demandGained = 0;
    let demandLost = 0;
    for (let n = 0; n < inA.length; n++) {
      const coveredA = reachA[inA[n]] > 0;
      const coveredB = reachB[inB[n]] > 0;
      const state = coveredA ? (coveredB ? 0 : 2) : coveredB ? 1 : 3;
      classes[n] = state;
      cells[state]++;
      areaKm2[state] += first.grid.areaKm2[inA[n]];
      if (state === 1) demandGained += other.grid.demand[inB[n]];
      if (state === 2) demandLost += first.grid.demand[inA[n]];
    }
    const legend = DIFF_LEGEND.map(
      (entry, k) =>
        `<span data-state="${k}" data-cells="${cells[k]}"><i class="swatch" style="background:${entry.colour}"></i>${escapeHtml(entry.label)}: ${formatNumber(cells[k])} cells, ${formatNumber(areaKm2[k])} km²</span>`,
    ).join('');
    parts.push(
      `<div class="pi-${i}"><div class="legend">${legend}</div><p class="note">Demand gained ${formatNumber(demandGained, 1)}, lost ${formatNumber(demandLost, 1)} (${escapeHtml(period)}).</p></div>`,
    );
    return { prefix: `p${i}d`, classes };
  });
  if (settings.fadeCellsWithoutDemand) {
    const zero = new Uint8Array(inA.length);
    for (let n = 0; n < inA.length; n++) zero[n] = first.grid.demand[inA[n]] > 0 || other.grid.demand[inB[n]] > 0 ? 0 : 1;
    layers.push({ prefix: 'z', classes: zero });
  }
  const bases = [...first.sites];
  const added = other.sites.filter((site) => !bases.some((b) => b.id === site.id));
  const projection = gridProjection(first.grid, inA, [...bases, ...added], settings.mapWidthPx);
  const hexagons = hexagonLayers(cellPathData(first.grid, inA, projection), layers);
  const overlays: MapOverlays = { sites: [...bases, ...added], highlightSiteIds: added.map((s) => s.id) };
  if (first.regions) overlays.outlines = first.regions;
  parts.push(mapSvg(projection, hexagons.svg, overlays, `diff diff-${runIndex}`));
  const onlyFirst = first.grid.cellCount - inA.length;
  const onlyOther = other.grid.cellCount - inB.length;
  const removed = bases.filter((site) => !other.sites.some((b) => b.id === site.id));
  parts.push(
    `<p class="note">Bases shown: those of both runs${added.length > 0 ? `; added (purple): ${escapeHtml(added.map((s) => s.id).join(', '))}` : ''}` +
      `${removed.length > 0 ? `; removed: ${escapeHtml(removed.map((s) => s.id).join(', '))}` : ''}.` +
      `${onlyFirst + onlyOther > 0 ? ` Cells held by one grid only (not drawn): ${formatNumber(onlyFirst)} in the first, ${formatNumber(onlyOther)} in this run.` : ''}</p>`,
  );
  return parts.join('\n');
}
