import { bindingStandard } from '../standardAttainment.js';
import type { DemandGrid } from '../../grid/demandGrid.js';
import type { Site } from '../../travel/aircraft.js';
import { uncoveredAreaSummary, type CoverageReport, type GroupSummary, type UncoveredAreaSummary } from '../coverageReport.js';
import type { ReportAnswer, ReportInput } from '../reportInput.js';
import type { ConditionsReport } from '../conditionsReport.js';
import { AirreachError } from '../../errors.js';
import { resolveOptions } from '../../resolveOptions.js';
import { coverageCurveSvg, type CurveSeries } from './coverageCurveSvg.js';
import { gridPathData, hexagonLayers } from './hexagonLayers.js';
import type { PlanningTable } from '../planningTable.js';
import { escapeHtml, formatNumber, formatShare, htmlPage, numberCell, periodTabs } from './htmlPage.js';
import { cellsExtent, extentProjection, gridProjection, mapSvg, type MapOverlays } from './mapSvg.js';
import type { MapProjection } from './fitProjection.js';
import { responseClasses, responseLegend } from './responseClasses.js';
import { uncoveredAreas } from './uncoveredAreas.js';
import type { DepotPlan } from '../../depots/planDepots.js';
import { depotUtilisationTable } from '../../depots/depotUtilisationTable.js';
import type { SimulationTableRow } from '../simulationText.js';

/** Options of {@link reportHtml}. */
export interface ReportHtmlOptions {
  /** Page title; default: "Coverage: " and the input's name. */
  title?: string;
  /**
   * The coverage-versus-bases curve, one series per standard; `coverageCurve` results
   * (src/solvers) can be passed as they are. No chart when absent.
   */
  curve?: readonly CurveSeries[];
  /** A sentence under the chart saying what the curve was computed from (candidates, model). */
  curveNote?: string;
  /** Planning answers (aircraft per base, a phased rollout, fairness, the double standard), one table each. */
  planning?: readonly PlanningTable[];
  /** Map width, pixels (the page scales it down on narrow screens). */
  mapWidthPx?: number;
  /** Uncovered areas listed per period and standard. */
  uncoveredAreasLimit?: number;
  /** Draw cells without demand in grey, so hazard areas stand out. */
  fadeCellsWithoutDemand?: boolean;
  /** Draw the region polygons as outlines (when the input has them). */
  regionOutlines?: boolean;
  /** A material-depot plan: drawn on its own map layer (depots and supply lines, off until shown) with its utilisation table. */
  depots?: DepotPlan;
  /** The incident simulation, one row per plan checked (a table: shares within the standards, no free aircraft, busiest base). */
  simulation?: readonly SimulationTableRow[];
  /** The siting questions' answers: the page opens with them (status, sites, gains, a map of the chosen sites). */
  answers?: readonly ReportAnswer[];
  /** The operating-conditions report (day, night, any hour, expected, patient in hospital). */
  conditions?: ConditionsReport;
}

/** Defaults of {@link reportHtml}. */
export const DEFAULT_REPORT_HTML_OPTIONS: Required<Omit<ReportHtmlOptions, 'title' | 'curve' | 'curveNote' | 'depots' | 'answers' | 'conditions' | 'simulation' | 'planning'>> = {
  mapWidthPx: 960,
  uncoveredAreasLimit: 10,
  fadeCellsWithoutDemand: true,
  regionOutlines: true,
};

/** Colour of cells without demand: a neutral grey no response class uses. */
const NO_DEMAND_COLOUR = '#e3e3e3';

const REPORT_CSS = `
.kpis{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0 4px}
.kpi{border:1px solid #d0d7de;border-radius:6px;padding:6px 12px;min-width:130px}
.kpi .v{font-size:22px;font-weight:600}
.kpi .l{color:#57606a;font-size:12px}
main .resp path.z1{fill:${NO_DEMAND_COLOUR}}
nav.toc{margin:8px 0 4px;font-size:13px;color:#57606a}
nav.toc a{color:#0969da;text-decoration:none;margin-right:12px}
.answers{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:12px}
.answer{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px}
.answer h3{margin:2px 0 6px}
.answer .map{max-width:460px}
.status{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600}
.status.optimal{background:#dafbe1;color:#116329}
.status.feasible{background:#fff8c5;color:#7d4e00}
.status.infeasible{background:#ffebe9;color:#a40e26}
.legend .toggle{cursor:pointer;border:1px dashed #8c959f;border-radius:4px;padding:0 6px}
input.layer{position:absolute;opacity:0;pointer-events:none}
.map .depot-layer{display:none}
#layer-depots:checked~main .map .depot-layer{display:inline}
#layer-depots:checked~main .legend .toggle{border-style:solid;background:#f3e8ff}
table.tiers th,table.tiers td{padding:2px 4px}
@media print{
  @page{size:A4 landscape;margin:12mm}
  body{font-size:11px}
  .tabs,nav.toc,.legend .toggle .hint{display:none}
  main{max-width:none;padding:0}
  h2{break-after:avoid;page-break-after:avoid}
  section,.answer,.kpis,tr,figure{break-inside:avoid;page-break-inside:avoid}
  .scroll{overflow:visible}
  table{font-size:10px}
  .map{max-height:180mm;width:auto;max-width:100%}
  details{display:block}
  details>summary{display:none}
  a{color:inherit;text-decoration:none}
}
`;

/**
 * One section of the report page: an anchor id, a heading and its HTML. Sections are made by
 * one function each, in the order a planner reads them, so a new part (planning answers, a
 * simulation) is one more function in the list.
 */
interface ReportSection {
  id: string;
  title: string;
  html: string;
}

/** What every section function may draw from. */
interface ReportContext {
  input: ReportInput;
  settings: ReturnType<typeof resolveOptions<typeof DEFAULT_REPORT_HTML_OPTIONS, ReportHtmlOptions>>;
  options: ReportHtmlOptions;
  standards: readonly number[];
  legend: ReturnType<typeof responseLegend>;
}

/**
 * One self-contained HTML page for a coverage run ({@link ReportInput}), for the people who
 * decide. It opens with the answers to the siting questions (status, sites kept and new, the gain
 * of each, a map of the chosen sites) when `options.answers` is given, then what is met (each
 * standard by day and night), the operating conditions (`options.conditions`), the headline
 * numbers, a map of the hexagons coloured by response minutes (one class per standard, plus
 * "beyond", "unreachable" and grey "no demand"; a day/night switch when both were computed; the
 * depot plan on its own layer, shown from the legend), the tier table (demand, cells and area
 * covered per standard — overall, per hazard type, per region — with demand-weighted mean / P50
 * / P90 / max minutes), what each base reaches, the coverage-versus-bases chart when
 * `options.curve` is given, the depot plan and the largest uncovered areas. A print stylesheet
 * lays it out on A4 landscape.
 *
 * Works offline: inline CSS and SVG only, no script, fonts, tiles or links to fetch. The map is
 * Mercator fitted to the grid; hexagons are grouped into one path per colour combination
 * (≈ 40 bytes per cell, so a 46,000-cell grid gives a ~2 MB page). No timestamp is written:
 * the same run gives the same bytes.
 *
 * @example
 * const html = reportHtml(reportInputOf(run), { curve: await coverageCurve(problem, { standardMinutes: [30, 60], maxSites: 12 }) });
 * await writeFilesAtomic('out', { 'report.html': html });
 */
export function reportHtml(input: ReportInput, options: ReportHtmlOptions = {}): string {
  const settings = resolveOptions(DEFAULT_REPORT_HTML_OPTIONS, options);
  if (!(settings.mapWidthPx >= 100 && settings.mapWidthPx <= 10_000)) {
    throw new AirreachError('E_OPTION', 'mapWidthPx must be between 100 and 10000', {
      value: settings.mapWidthPx,
      where: { field: 'mapWidthPx' },
    });
  }
  if (input.periods.length === 0) {
    throw new AirreachError('E_OPTION', 'the run has no periods to report', { where: { field: 'periods' } });
  }
  const { grid, periods: perPeriod } = input;
  const name = input.name ?? 'scenario';
  const title = settings.title ?? `Coverage: ${name}`;
  const periods = perPeriod.map((p) => p.period);
  const tabs = periodTabs(periods);
  const standards = perPeriod[0].report.standardsMinutes;
  const context: ReportContext = { input, settings, options, standards, legend: responseLegend(standards) };

  // The order a planner reads: the answers, what is met, under which conditions, then the detail.
  const sections = [
    answersSection,
    attainmentSectionOf,
    conditionsSection,
    headlineSection,
    mapSection,
    tiersSection,
    basesSection,
    curveSection,
    planningReportSection,
    depotsSection,
    simulationReportSection,
    holesSection,
  ]
    .map((make) => make(context))
    .filter((section): section is ReportSection => section !== null);

  const toggles = options.depots ? '<input type="checkbox" class="layer" id="layer-depots">' : '';
  const body: string[] = [tabs.inputs, toggles, tabs.labels, '<main>'];
  body.push(`<h1>${escapeHtml(title)}</h1>`);
  if (input.description) body.push(`<p class="lead">${escapeHtml(input.description)}</p>`);
  body.push(factsLine(grid, input.sites, periods, standards));
  body.push(`<nav class="toc">${sections.map((section) => `<a href="#${section.id}">${escapeHtml(section.title)}</a>`).join('')}</nav>`);
  for (const section of sections) body.push(`<section id="${section.id}"><h2>${escapeHtml(section.title)}</h2>\n${section.html}</section>`);
  body.push(
    `<footer>Made by airreach from scenario “${escapeHtml(name)}”. Map: spherical Mercator, hexagons from H3; ` +
      'areas are exact H3 cell areas. This page is self-contained and works offline.</footer>',
  );
  body.push('</main>');
  const mapCss = perPeriod
    .flatMap((_p, i) => context.legend.map((c, k) => `#period-${i}:checked~main .resp .p${i}c${k}{fill:${c.colour}}`))
    .join('\n');
  // After the period colours, with an id in the selector: cells without demand stay grey in every period.
  const noDemandCss = settings.fadeCellsWithoutDemand ? perPeriod.map((_p, i) => `#period-${i}:checked~main .resp path.z1{fill:${NO_DEMAND_COLOUR}}`).join('\n') : '';
  return htmlPage(title, body.join('\n'), `${REPORT_CSS}${tabs.css}\n${mapCss}\n${noDemandCss}\n`);
}

/** The siting answers: per question a card with its status, sites, gains and a map of the chosen sites. */
function answersSection({ input, options, settings }: ReportContext): ReportSection | null {
  const answers = options.answers ?? [];
  if (answers.length === 0) return null;
  const extent = cellsExtent(input.grid, allCells(input.grid));
  const projections = new Map<string, MapProjection>();
  const cards = answers.map((answer, a) => {
    const status =
      answer.status === 'optimal'
        ? '<span class="status optimal">proven optimal</span>'
        : answer.status === 'feasible'
          ? `<span class="status feasible">feasible, within ${formatNumber(answer.gap * 100, 2)} % of the bound</span>`
          : `<span class="status infeasible">${escapeHtml(answer.status)}</span>`;
    const asked = `${answer.standardMinutes === null ? '' : `within ${formatNumber(answer.standardMinutes)} min, `}${escapeHtml(answer.period)}`;
    const lines: string[] = [`<h3>${escapeHtml(answer.label)}</h3>`, `<p>${status} <span class="note">${asked}</span></p>`];
    if (answer.stopNote !== undefined) lines.push(`<p class="note">Stopped: ${escapeHtml(answer.stopNote)}.</p>`);
    if (answer.status === 'infeasible' || answer.status === 'error') {
      if (answer.unreachableCells !== undefined) lines.push(`<p>${formatNumber(answer.unreachableCells)} demand cells no allowed site reaches within the standard.</p>`);
      return `<article class="answer" data-answer="${a + 1}">${lines.join('')}</article>`;
    }
    const fresh = answer.sites.filter((site) => site.isNew);
    const kept = answer.sites.length - fresh.length;
    lines.push(
      `<p><b>${formatNumber(answer.sites.length)} ${answer.sites.length === 1 ? 'site' : 'sites'}</b>: ${formatNumber(kept)} of today's bases, ${formatNumber(fresh.length)} new` +
        `${answer.coveredShare === null ? '' : `; <b>${formatShare(answer.coveredShare)}</b> of demand covered`}.</p>`,
    );
    const gains = new Map((answer.steps ?? []).slice(1).map((step) => [step.siteId, step]));
    const rows = answer.sites.map((site) => {
      const step = gains.get(site.id);
      return (
        `<tr><td class="name">${site.isNew ? '<b>new</b>' : 'kept'}</td><td class="name">${escapeHtml(site.name)}</td><td class="name">${escapeHtml(site.id)}</td>` +
        `${numberCell(step ? step.gainShare : null, (v) => (v === null || v === undefined ? '' : `+${formatNumber(v * 100, 1)} points`))}</tr>`
      );
    });
    lines.push(`<div class="scroll"><table class="answer-sites"><thead><tr><th class="name">site</th><th class="name">name</th><th class="name">id</th><th>gain</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`);
    if (answer.steps && answer.steps.length > 0) {
      lines.push(`<p class="note">Today's bases cover ${formatShare(answer.steps[0].coveredShare)}; each new site adds its gain in the order chosen.</p>`);
    }
    if ((answer.tiesDropped ?? 0) > 0) {
      const covered = answer.coveredShare !== null && answer.coveredShare < 1 - 1e-12 ? `${formatShare(answer.coveredShare)} of demand is` : 'All demand is';
      lines.push(`<p class="note">${covered} covered with ${formatNumber(answer.sites.length)} sites: the other ${formatNumber(answer.tiesDropped!)} asked for would add nothing (ties, not listed).</p>`);
    }
    // A small map of the chosen sites (new ones highlighted) over the region outlines.
    const sites = answer.sites.map((site) => ({ ...site, role: site.isNew ? ('candidate' as const) : ('existing' as const), fleet: [] }));
    // One frame for every answer whose sites lie within the grid's box: its outlines are drawn once.
    const fitted = extentProjection(extent, sites, 460);
    const projection = projections.get(fitted.key!) ?? fitted;
    projections.set(fitted.key!, projection);
    const overlays: MapOverlays = { sites, highlightSiteIds: fresh.map((site) => site.id), ...(settings.regionOutlines && input.regions ? { outlines: input.regions } : {}) };
    lines.push(mapSvg(projection, '', overlays, 'answer-map'));
    return `<article class="answer" data-answer="${a + 1}">${lines.join('')}</article>`;
  });
  return {
    id: 'answers',
    title: 'Answers to the siting questions',
    html:
      '<p class="note">Each answer is the solver\'s honest result: "proven optimal" only when proven, otherwise the best found with its bound and gap. On the maps: today\'s bases kept (dark) and new sites (purple).</p>' +
      `<div class="answers">${cards.join('\n')}</div>`,
  };
}

function attainmentSectionOf({ input }: ReportContext): ReportSection {
  return { id: 'met', title: 'What is met', html: attainmentSection(input.periods) };
}

/** The operating-conditions table: per standard, day, night, any hour, expected and patient in hospital. */
function conditionsSection({ options }: ReportContext): ReportSection | null {
  const report = options.conditions;
  if (!report) return null;
  const head =
    '<tr><th class="name">standard</th><th>day</th><th>night</th><th>any hour</th><th>expected (weather, busy aircraft)</th><th>patient in hospital</th></tr>';
  const rows = report.tiers.map(
    (tier) =>
      `<tr data-standard="${tier.standardMinutes}"><td class="name">within ${formatNumber(tier.standardMinutes)} min</td>${numberCell(tier.dayShare, formatShare)}${numberCell(tier.nightShare, formatShare)}` +
      `${numberCell(tier.anyTimeShare, formatShare)}${numberCell(tier.expectedShare, formatShare)}${numberCell(tier.patientInHospitalShare, formatShare)}</tr>`,
  );
  const facts = [
    `night share ${report.nightShare === null ? '—' : formatShare(report.nightShare)}`,
    `flyable share ${report.flyableShare === null ? '—' : formatShare(report.flyableShare)}`,
    `busy fraction ${formatShare(report.busyFraction)}`,
    ...(report.weatherDependence ? [`weather ${report.weatherDependence}`] : []),
  ];
  const hospital = report.patientInHospitalMinutes;
  const notes = [
    ...(hospital
      ? [`Patient in hospital (day, ${formatNumber(hospital.onSceneMinutes)} min on scene, ${formatNumber(hospital.hospitals)} ${hospital.proxy ? 'proxy ' : ''}hospitals): P50 ${formatNumber(hospital.p50, 1)} min, P90 ${formatNumber(hospital.p90, 1)} min.`]
      : []),
    ...report.notes,
  ];
  return {
    id: 'conditions',
    title: 'Operating conditions',
    html:
      `<p class="note">Shares of demand reached within each standard: by day, by night, at any hour (day and night weighted by each cell's night share), expected with the weather and busy aircraft, and with the patient delivered to hospital. ${escapeHtml(facts.join(', '))}.</p>` +
      `<div class="scroll"><table class="conditions"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>` +
      notes.map((note) => `<p class="note">${escapeHtml(note)}</p>`).join(''),
  };
}

function headlineSection({ input }: ReportContext): ReportSection {
  return { id: 'headline', title: 'Headline', html: input.periods.map(({ report }, i) => `<div class="pi-${i}">${headline(report)}</div>`).join('\n') };
}

/** The response-time map: hexagons by class, region outlines and labels, bases, and the depot layer. */
function mapSection({ input, settings, options, legend }: ReportContext): ReportSection {
  const { grid } = input;
  const bases = input.sites;
  const entries = legend.map((c) => `<span><i class="swatch" style="background:${c.colour}"></i>${escapeHtml(c.label)}</span>`);
  if (settings.fadeCellsWithoutDemand) entries.push(`<span><i class="swatch" style="background:${NO_DEMAND_COLOUR}"></i>no demand</span>`);
  entries.push('<span><i class="swatch" style="background:#111;border-radius:50%"></i>base</span>');
  if (options.depots) {
    entries.push(
      '<label class="toggle" for="layer-depots" data-layer="depots"><i class="swatch" style="background:#40004b"></i>material depots and supply lines <span class="hint">(click to show or hide)</span></label>',
    );
  }
  const { projection, hexagons } = mapHexagons(input, settings);
  const overlays: MapOverlays = { sites: bases, labels: regionLabels(grid) };
  if (settings.regionOutlines && input.regions) overlays.outlines = input.regions;
  if (options.depots) overlays.depots = depotOverlay(options.depots);
  return {
    id: 'map',
    title: 'Map: fastest response',
    html:
      `<div class="legend">${entries.join('')}</div>` +
      mapSvg(projection, hexagons.svg, overlays, 'resp') +
      `<p class="note">${formatNumber(grid.cellCount)} H3 cells at resolution ${grid.resolution}` +
      `${settings.fadeCellsWithoutDemand ? '; grey cells carry no demand (no hazard, no population)' : ''}. Hover a base for its fleet.` +
      `${options.depots ? ' The depot plan is its own layer: show it from the legend.' : ''}</p>`,
  };
}

/** The response-time map's projection: the grid's box and the bases, at the page's map width. */
function mapProjection(input: ReportInput, settings: Pick<ReportContext['settings'], 'mapWidthPx'>): MapProjection {
  return gridProjection(input.grid, allCells(input.grid), input.sites, settings.mapWidthPx);
}

/** The last map's hexagons per grid, with what they were drawn from (projection key, settings, each period's outcomes, demand). */
const hexagonsByGrid = new WeakMap<object, { key: string; from: readonly unknown[]; hexagons: ReturnType<typeof hexagonLayers> }>();

/**
 * The response-time map's projection and hexagons (one path per class combination across the
 * periods, and the no-demand layer): the costliest part of the page, kept per grid for the same
 * projection, settings, outcomes and demand, so `prepareReportMap` can draw it ahead.
 */
function mapHexagons(input: ReportInput, settings: Pick<ReportContext['settings'], 'mapWidthPx' | 'fadeCellsWithoutDemand'>): { projection: MapProjection; hexagons: ReturnType<typeof hexagonLayers> } {
  const { grid, periods } = input;
  const projection = mapProjection(input, settings);
  const key = `${projection.key ?? ''}|${settings.fadeCellsWithoutDemand}`;
  const from = [grid.demand, grid.h3Low, grid.h3High, ...periods.flatMap(({ outcomes }) => [outcomes.responseMinutes, ...outcomes.reachCounts])];
  const kept = hexagonsByGrid.get(grid);
  if (projection.key !== undefined && kept && kept.key === key && kept.from.length === from.length && kept.from.every((value, k) => value === from[k])) {
    return { projection, hexagons: kept.hexagons };
  }
  const everyCell = allCells(grid);
  const layers = periods.map(({ outcomes }, i) => ({ prefix: `p${i}c`, classes: responseClasses(outcomes, everyCell) }));
  if (settings.fadeCellsWithoutDemand) {
    const zero = new Uint8Array(grid.cellCount);
    for (let c = 0; c < grid.cellCount; c++) zero[c] = grid.demand[c] > 0 ? 0 : 1;
    layers.push({ prefix: 'z', classes: zero });
  }
  const hexagons = hexagonLayers(gridPathData(grid, projection), layers);
  if (projection.key !== undefined) hexagonsByGrid.set(grid, { key, from, hexagons });
  return { projection, hexagons };
}

/**
 * Draws the hexagons of `reportHtml(input, options)`'s map ahead (kept per grid, see
 * `gridPathData`): a run calls it while its pool solves, and the page made after the answers
 * skips the costliest part of its map. The page's bytes are the same either way.
 *
 * @example
 * prepareReportMap(reportInputOf(run)); // later: reportHtml(reportInputOf(run), { answers, … })
 */
export function prepareReportMap(input: ReportInput, options: Pick<ReportHtmlOptions, 'mapWidthPx' | 'fadeCellsWithoutDemand'> = {}): void {
  const { mapWidthPx, fadeCellsWithoutDemand } = resolveOptions(DEFAULT_REPORT_HTML_OPTIONS, options);
  mapHexagons(input, { mapWidthPx, fadeCellsWithoutDemand });
}

function tiersSection({ input }: ReportContext): ReportSection {
  return {
    id: 'coverage',
    title: 'Coverage by standard',
    html:
      '<p class="note">Covered within S: at least one base reaches the cell within S minutes (activation + flight + fixed minutes). ' +
      'Demand is the hazard + population weight; minutes are demand-weighted over cells with demand, over reachable demand for the mean.</p>' +
      input.periods.map(({ report }, i) => `<div class="pi-${i} scroll">${tierTable(report)}</div>`).join('\n'),
  };
}

function basesSection({ input }: ReportContext): ReportSection {
  return { id: 'bases', title: 'Bases', html: input.periods.map(({ report }, i) => `<div class="pi-${i} scroll">${basesTable(report, input.sites)}</div>`).join('\n') };
}

function curveSection({ options, standards, legend }: ReportContext): ReportSection | null {
  if (!options.curve || options.curve.length === 0) return null;
  return {
    id: 'curve',
    title: 'Coverage versus number of bases',
    html:
      coverageCurveSvg(options.curve, { colours: options.curve.map((s) => curveColour(s.standardMinutes, standards, legend)) }) +
      (options.curveNote ? `<p class="note">${escapeHtml(options.curveNote)}</p>` : '') +
      curveTable(options.curve),
  };
}

function planningReportSection({ options }: ReportContext): ReportSection | null {
  if (!options.planning || options.planning.length === 0) return null;
  return { id: 'planning', title: 'Planning: aircraft, rollout, fairness', html: options.planning.map((table) => planningSection(table)).join('\n') };
}

function depotsSection({ options }: ReportContext): ReportSection | null {
  return options.depots ? { id: 'depots', title: 'Material depots', html: depotSection(options.depots) } : null;
}

function simulationReportSection({ options }: ReportContext): ReportSection | null {
  return options.simulation && options.simulation.length > 0 ? { id: 'simulation', title: 'Incidents that overlap in time', html: simulationSection(options.simulation) } : null;
}

/** The largest uncovered areas per period and standard, as the report's `uncovered[k].areas` list them (the terminal prints the same). */
function holesSection({ input, settings }: ReportContext): ReportSection {
  const { grid } = input;
  const bases = input.sites;
  const html = input.periods.map(({ outcomes, report }, i) => {
    const parts = report.standardsMinutes.map((standard, k) => {
      const hole = report.uncovered[k];
      // The report's own list when it holds enough; otherwise the areas again, with the larger limit.
      const listed = hole.areas !== undefined && (hole.areas.length >= settings.uncoveredAreasLimit || hole.areas.length === hole.totalAreas);
      const { areas, totalAreas } = listed
        ? { areas: hole.areas.slice(0, settings.uncoveredAreasLimit), totalAreas: hole.totalAreas }
        : summariseAreas(uncoveredAreas(grid, outcomes, k, { limit: settings.uncoveredAreasLimit }), grid, bases, standard);
      if (totalAreas === 0) return `<h3>Within ${formatNumber(standard)} min</h3><p>Every cell with demand is reached within ${formatNumber(standard)} min.</p>`;
      return (
        `<h3>Within ${formatNumber(standard)} min</h3><p>${formatNumber(hole.cells)} cells with ${formatShare(hole.demand / report.overall.demand)} of the demand are not reached, in ${formatNumber(totalAreas)} ${totalAreas === 1 ? 'area' : 'areas'}.</p>` +
        `<div class="scroll">${areasTable(areas, standard, report.overall.demand, bases, report.period)}</div>`
      );
    });
    return `<div class="pi-${i}">${parts.join('\n')}</div>`;
  });
  return {
    id: 'holes',
    title: 'Largest uncovered areas',
    html:
      '<p class="note">Connected cells with demand that no base reaches within the standard, largest demand first. ' +
      '"Response" is the fastest and slowest response to the area\'s cells; "short by" is how much faster the slowest would have to be for the whole area to be covered; the nearest base answers the area\'s fastest cell.</p>' +
      html.join('\n'),
  };
}

function allCells(grid: DemandGrid): Uint32Array {
  const cells = new Uint32Array(grid.cellCount);
  for (let c = 0; c < grid.cellCount; c++) cells[c] = c;
  return cells;
}

/** `uncoveredAreas` in the report's JSON form (as `coverageReport` lists them). */
function summariseAreas(found: ReturnType<typeof uncoveredAreas>, grid: DemandGrid, bases: readonly Site[], standard: number): { areas: UncoveredAreaSummary[]; totalAreas: number } {
  return {
    totalAreas: found.totalAreas,
    areas: found.areas.map((area) => uncoveredAreaSummary(area, grid, bases, standard)),
  };
}

function planningSection(table: PlanningTable): string {
  const lines = table.lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('');
  const head = table.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = table.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('');
  return `<h3>${escapeHtml(table.title)}</h3><ul class="note">${lines}</ul>${table.rows.length > 0 ? `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>` : ''}`;
}

function factsLine(grid: DemandGrid, bases: readonly Site[], periods: readonly string[], standards: readonly number[]): string {
  let areaKm2 = 0;
  let demand = 0;
  for (let c = 0; c < grid.cellCount; c++) {
    areaKm2 += grid.areaKm2[c];
    demand += grid.demand[c];
  }
  const facts: Array<[string, string]> = [
    ['bases', formatNumber(bases.length)],
    ['cells', `${formatNumber(grid.cellCount)} (H3 res ${grid.resolution})`],
    ['area', `${formatNumber(areaKm2)} km²`],
    ['demand', formatNumber(demand, 1)],
    ['hazard types', formatNumber(grid.hazardTypes.length)],
    ['regions', formatNumber(grid.regionNames.length)],
    ['standards', standards.map((s) => `${formatNumber(s)} min`).join(', ')],
    ['periods', periods.join(', ')],
  ];
  return `<div class="facts">${facts.map(([k, v]) => `<span>${k}: <b>${escapeHtml(v)}</b></span>`).join('')}</div>`;
}

/**
 * Every standard × period: met or not, named hazard sites reached, land and people shares,
 * then the binding standard, the first thing a planner reads.
 */
function attainmentSection(perPeriod: ReadonlyArray<{ period: string; report: CoverageReport }>): string {
  const rows: string[] = [];
  const standards = perPeriod[0]?.report.attainment?.map((a) => a.standardMinutes) ?? [];
  for (const [k, standardMinutes] of standards.entries()) {
    for (const { period, report } of perPeriod) {
      const a = report.attainment[k];
      rows.push(
        `<tr><td class="name">within ${formatNumber(standardMinutes)} min</td><td class="name">${escapeHtml(period)}</td><td class="name">${a.met ? '<strong>met</strong>' : 'not met'}</td>` +
          `<td>${a.sitesTotal === 0 ? '—' : `${a.sitesReached} of ${a.sitesTotal}`}</td>${numberCell(a.areaShare, formatShare)}${a.peopleTotal > 0 ? numberCell(a.peopleShare, formatShare) : '<td>no people</td>'}</tr>`,
      );
    }
  }
  const binding = bindingStandard(perPeriod.map(({ period, report }) => ({ period, attainment: report.attainment ?? [] })));
  const verdict = binding
    ? `<p class="lead">Binding standard: <strong>within ${formatNumber(binding.standardMinutes)} min by ${escapeHtml(binding.period)}</strong> (the longest standard not met, day before night). A standard is met when every named hazard site, all of the land and all of the people are reached within it.</p>`
    : '<p class="lead">Every standard is met in every period: nothing binds.</p>';
  const shares = perPeriod[0]?.report.demandShares ?? [];
  const mix = shares.length > 0 ? `<p class="note">Demand by kind: ${shares.map((x) => `${escapeHtml(x.name)} ${formatShare(x.share)}`).join(', ')}.</p>` : '';
  return `${verdict}<div class="scroll"><table><thead><tr><th class="name">standard</th><th class="name">period</th><th class="name">met</th><th>hazard sites reached</th><th>land</th><th>people</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${mix}`;
}

function headline(report: CoverageReport): string {
  const kpis = report.overall.tiers.map(
    (tier) => `<div class="kpi"><div class="v">${formatShare(tier.coveredDemandShare)}</div><div class="l">of demand within ${formatNumber(tier.standardMinutes)} min</div></div>`,
  );
  const minutes = report.overall.responseMinutes;
  kpis.push(`<div class="kpi"><div class="v">${formatNumber(minutes.p90, 1)} min</div><div class="l">P90 response (${escapeHtml(report.period)})</div></div>`);
  if (minutes.unreachableDemandShare > 0) {
    kpis.push(`<div class="kpi"><div class="v">${formatShare(minutes.unreachableDemandShare)}</div><div class="l">of demand unreachable</div></div>`);
  }
  return `<div class="kpis">${kpis.join('')}</div>`;
}

function tierTable(report: CoverageReport): string {
  const standards = report.standardsMinutes;
  const head1 =
    '<tr><th class="name" rowspan="2">group</th><th rowspan="2">demand</th><th rowspan="2">cells</th><th rowspan="2">area km²</th>' +
    standards.map((s) => `<th colspan="3">within ${formatNumber(s)} min</th>`).join('') +
    '<th colspan="4">response minutes</th><th rowspan="2">unreachable demand</th></tr>';
  const head2 = `<tr>${standards.map(() => '<th>demand</th><th>cells</th><th>area</th>').join('')}<th>mean</th><th>P50</th><th>P90</th><th>max</th></tr>`;
  const row = (group: GroupSummary, kind: string) => {
    const tiers = group.tiers
      .map((t) => numberCell(t.coveredDemandShare, formatShare) + numberCell(t.coveredCellShare, formatShare) + numberCell(t.coveredAreaShare, formatShare))
      .join('');
    const m = group.responseMinutes;
    const minutes = (v: number | null | undefined) => formatNumber(v, 1);
    return (
      `<tr data-group="${kind}:${escapeHtml(group.name)}"><td class="name">${escapeHtml(group.name === 'all' && kind === 'overall' ? 'All cells' : group.name)}</td>` +
      numberCell(group.demand, (v) => formatNumber(v, 1)) +
      numberCell(group.cells, (v) => formatNumber(v)) +
      numberCell(group.areaKm2, (v) => formatNumber(v)) +
      tiers +
      numberCell(m.meanReachable, minutes) +
      numberCell(m.p50, minutes) +
      numberCell(m.p90, minutes) +
      numberCell(m.max, minutes) +
      numberCell(m.unreachableDemandShare, formatShare) +
      '</tr>'
    );
  };
  const width = 5 + standards.length * 3 + 4;
  const rows = [row(report.overall, 'overall')];
  if (report.byHazardType.length > 0) {
    rows.push(`<tr class="section"><th colspan="${width}">by hazard type (demand = that hazard's weight)</th></tr>`);
    for (const group of report.byHazardType) rows.push(row(group, 'hazard'));
  }
  if (report.byRegion.length > 0) {
    rows.push(`<tr class="section"><th colspan="${width}">by region</th></tr>`);
    for (const group of report.byRegion) rows.push(row(group, 'region'));
  }
  return `<table class="tiers" data-period="${escapeHtml(report.period)}"><thead>${head1}${head2}</thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function basesTable(report: CoverageReport, bases: readonly Site[]): string {
  const standards = report.standardsMinutes;
  const total = report.overall.demand;
  const head =
    '<tr><th class="name">base</th><th class="name">name</th><th class="name">fleet</th>' +
    standards.map((s) => `<th>demand ≤ ${formatNumber(s)} min</th>`).join('') +
    '<th>first responder for</th></tr>';
  const rows = report.sites.map((site, s) => {
    const fleet = bases[s]?.fleet.map((f) => `${f.count}× ${f.aircraftTypeId}`).join(', ') ?? '';
    return (
      `<tr><td class="name">${escapeHtml(site.id)}</td><td class="name">${escapeHtml(site.name)}</td><td class="name">${escapeHtml(fleet)}</td>` +
      site.demandWithin.map((d) => numberCell(total > 0 ? d / total : 0, formatShare)).join('') +
      numberCell(total > 0 ? site.firstResponderDemand / total : 0, formatShare) +
      '</tr>'
    );
  });
  return `<table class="bases"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table><p class="note">Shares of all demand. "First responder": demand for which the base is the fastest.</p>`;
}

function areasTable(areas: readonly UncoveredAreaSummary[], standard: number, totalDemand: number, bases: readonly Site[], period: string): string {
  const head =
    '<tr><th>#</th><th class="name">hazard types</th><th class="name">regions</th><th>cells</th><th>area km²</th><th>demand</th><th>share</th>' +
    '<th>centre (lat, lng)</th><th>response</th><th>short by</th><th class="name">nearest base</th></tr>';
  const byId = new Map(bases.map((base) => [base.id, base]));
  const rows = areas.map((area, i) => {
    const base = area.nearestSiteId === null ? undefined : byId.get(area.nearestSiteId);
    const range =
      area.fastestMinutes === null || area.slowestMinutes === null
        ? 'unreachable'
        : `${formatNumber(area.fastestMinutes, 1)}–${formatNumber(area.slowestMinutes, 1)} min${area.unreachableCells > 0 ? ` (${formatNumber(area.unreachableCells)} cells unreachable)` : ''}`;
    return (
      `<tr><td>${i + 1}</td><td class="name">${escapeHtml(area.hazardTypes.join(', ') || 'population only')}</td>` +
      `<td class="name">${escapeHtml(area.regions.join(', ') || '—')}</td>` +
      numberCell(area.cells, (v) => formatNumber(v)) +
      numberCell(area.areaKm2, (v) => formatNumber(v, 1)) +
      numberCell(area.demand, (v) => formatNumber(v, 2)) +
      numberCell(totalDemand > 0 ? area.demand / totalDemand : 0, formatShare) +
      `<td title="first cell ${escapeHtml(area.firstHexId)}">${area.centreLatDeg.toFixed(3)}, ${area.centreLngDeg.toFixed(3)}</td>` +
      `<td>${escapeHtml(range)}</td>` +
      numberCell(area.minutesShort, (v) => (v === null || v === undefined ? '—' : `${formatNumber(v, 1)} min`)) +
      `<td class="name">${escapeHtml(base ? `${base.name} (${base.id})` : (area.nearestSiteId ?? '—'))}</td></tr>`
    );
  });
  return `<table class="holes" data-period="${escapeHtml(period)}" data-standard="${standard}"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function curveTable(curve: readonly CurveSeries[]): string {
  const counts = [...new Set(curve.flatMap((s) => s.points.map((p) => p.siteCount)))].sort((a, b) => a - b);
  const head = `<tr><th>bases</th>${curve.map((s) => `<th>≤ ${formatNumber(s.standardMinutes)} min</th>`).join('')}</tr>`;
  const rows = counts.map((n) => {
    const cells = curve.map((s) => {
      const point = s.points.find((p) => p.siteCount === n);
      return numberCell(point?.coveredShare ?? null, formatShare);
    });
    return `<tr><td>${n}</td>${cells.join('')}</tr>`;
  });
  return `<details><summary>Curve values (share of demand covered)</summary><table class="curve-table"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></details>`;
}

/** Curves take the map colour of their standard, so "≤ 60 min" looks the same everywhere. */
function curveColour(standard: number, standards: readonly number[], legend: ReadonlyArray<{ colour: string }>): string {
  const k = standards.indexOf(standard);
  return k >= 0 ? legend[k].colour : '#57606a';
}

/** Region names at the centre of their cells (mean of cell centres). */
function regionLabels(grid: DemandGrid): Array<{ text: string; lngDeg: number; latDeg: number }> {
  const count = grid.regionNames.length;
  const lng = new Float64Array(count);
  const lat = new Float64Array(count);
  const n = new Uint32Array(count);
  for (let c = 0; c < grid.cellCount; c++) {
    const r = grid.region[c];
    if (r < 0) continue;
    lng[r] += grid.lngDeg[c];
    lat[r] += grid.latDeg[c];
    n[r]++;
  }
  return grid.regionNames.flatMap((text, r) => (n[r] > 0 ? [{ text, lngDeg: lng[r] / n[r], latDeg: lat[r] / n[r] }] : []));
}

function depotOverlay(plan: DepotPlan): NonNullable<MapOverlays['depots']> {
  const byId = new Map(plan.depots.map((depot) => [depot.id, depot]));
  return {
    points: plan.depots.map((depot) => ({
      id: depot.id,
      lngDeg: depot.lngDeg,
      latDeg: depot.latDeg,
      fixed: depot.fixed,
      title: `${depot.id}${depot.fixed ? ' (existing)' : ''}: tier ${depot.tierLevel}, ${Math.round(depot.loadTonnes)} of ${Math.round(depot.capacityTonnes)} t`,
    })),
    lines: plan.assignments.flatMap((a) => {
      const depot = byId.get(a.depotId);
      return depot ? [[[depot.lngDeg, depot.latDeg], [a.lngDeg, a.latDeg]] as const] : [];
    }),
  };
}

function depotSection(plan: DepotPlan): string {
  const proof = plan.status === 'optimal' ? 'proven optimal' : plan.status === 'feasible' ? `feasible, within ${(plan.gap * 100).toFixed(2)} % of the bound` : 'infeasible';
  const { rows } = depotUtilisationTable(plan);
  const head = '<tr><th>depot</th><th>tier</th><th>existing</th><th>capacity t</th><th>load t</th><th>utilisation</th><th>bases</th><th>hazard areas</th><th>mean min</th><th>max min</th></tr>';
  const body = rows
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.depotId)}</td>${numberCell(r.tierLevel, formatNumber)}<td>${r.fixed ? 'yes' : ''}</td>${numberCell(Math.round(r.capacityTonnes), formatNumber)}${numberCell(Math.round(r.loadTonnes), formatNumber)}` +
        `<td class="n">${r.utilisationPercent.toFixed(1)} %</td>${numberCell(r.baseCount, formatNumber)}${numberCell(r.cellCount, formatNumber)}${numberCell(Math.round(r.weightedMeanMinutes), formatNumber)}${numberCell(Math.round(r.maxMinutes), formatNumber)}</tr>`,
    )
    .join('');
  return (
    `<p class="note">${escapeHtml(plan.model)}: ${proof}. ${formatNumber(Math.round(plan.totalDemandTonnes))} t of expected demand from the bases and hazard areas; ` +
    `mean ${plan.weightedMeanMinutes.toFixed(0)} min and at most ${plan.maxMinutes.toFixed(0)} min from stock. On the map (its own layer, shown from the legend): depots as squares (dark: existing), lines to what each serves.</p>` +
    `<div class="scroll"><table>${head}${body}</table></div>`
  );
}

function simulationSection(rows: readonly SimulationTableRow[]): string {
  const standards = rows[0].standardsMinutes;
  const head =
    '<thead><tr><th>plan</th>' +
    standards.map((standard) => `<th>within ${formatNumber(standard)} min</th>`).join('') +
    '<th>no free aircraft</th><th>unreachable</th><th>median response, min</th><th>busiest base</th><th>its busy share</th></tr></thead>';
  const body = rows
    .map(
      (row) =>
        `<tr><td>${escapeHtml(row.label)}</td>` +
        standards.map((_standard, k) => numberCell(row.withinStandardShare[k], formatShare, 'n')).join('') +
        `${numberCell(row.noFreeAircraftShare, formatShare, 'n')}${numberCell(row.unreachableShare, formatShare, 'n')}${numberCell(row.medianResponseMinutes, (v) => formatNumber(v, 0), 'n')}` +
        `<td>${escapeHtml(row.busiestBase?.name ?? '—')}</td>${numberCell(row.busiestBase?.busyFraction, formatShare, 'n')}</tr>`,
    )
    .join('');
  const errors = rows[0].withinStandardError ? ` Standard errors over replications are in simulation.json (largest here ${formatNumber(Math.max(...rows.flatMap((r) => r.withinStandardError ?? [0])) * 100, 1)} points).` : '';
  const mexclpHead = '<thead><tr><th>plan</th><th>q</th>' + standards.map((standard) => `<th>MEXCLP ≤ ${formatNumber(standard)} min</th><th>simulated</th>`).join('') + '</tr></thead>';
  const mexclpBody = rows
    .map(
      (row) =>
        `<tr><td>${escapeHtml(row.label)}</td>${numberCell(row.mexclp.q, (v) => formatNumber(v, 2), 'n')}` +
        standards.map((_standard, k) => `${numberCell(row.mexclp.predicted[k], formatShare, 'n')}${numberCell(row.mexclp.simulatedAtCall[k], formatShare, 'n')}`).join('') +
        '</tr>',
    )
    .join('');
  return (
    `<p class="note">A seeded simulation of ${formatNumber(rows[0].incidents)} incidents per plan over ${formatNumber(rows[0].replications)} replications, arriving in proportion to demand: ` +
    'each takes the fastest free aircraft that can reach it and keeps it busy for the response, on scene, the hospital leg, the flight home and turnaround. ' +
    `Shares are of all incidents; "no free aircraft": every aircraft that could reach it was busy or grounded by weather (${escapeHtml(rows[0].rule)}).${errors}</p>` +
    `<div class="scroll"><table>${head}<tbody>${body}</tbody></table></div>` +
    '<p class="note">MEXCLP (Daskin 1983) takes each aircraft as unavailable with one probability q = 1 − flyable share × (1 − busy fraction), independently of the others. ' +
    'Against it, the simulated share of incidents with a free aircraft within the standard at the call: where MEXCLP is higher, aircraft are busy or grounded together (shared demand, one weather) and its answer is optimistic.</p>' +
    `<div class="scroll"><table>${mexclpHead}<tbody>${mexclpBody}</tbody></table></div>`
  );
}
