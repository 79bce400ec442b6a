import type { CoverageReport, GroupSummary, UncoveredAreaSummary } from './coverageReport.js';

/**
 * A coverage report as a plain-text table for the terminal: per standard the covered share of
 * demand, cells and area, overall, then per hazard type and per region, then response-time
 * percentiles and the biggest holes.
 *
 * @example
 * console.log(summaryText(report));
 */
export function summaryText(report: CoverageReport, options: { title?: string; holes?: number } = {}): string {
  const standards = report.standardsMinutes;
  const head = ['', ...standards.map((s) => `≤${s} min`)];
  const lines: string[] = [];
  lines.push(options.title ?? `Coverage (${report.period}, H3 resolution ${report.resolution})`);
  const table: string[][] = [head];
  const row = (label: string, group: GroupSummary, pick: (t: GroupSummary['tiers'][number]) => number) => [
    label,
    ...group.tiers.map((tier) => percent(pick(tier))),
  ];
  table.push(row('demand covered', report.overall, (t) => t.coveredDemandShare));
  table.push(row('cells covered', report.overall, (t) => t.coveredCellShare));
  table.push(row('area covered', report.overall, (t) => t.coveredAreaShare));
  table.push(row('demand with backup (≥2 bases)', report.overall, (t) => t.backupDemandShare));
  for (const group of report.byHazardType) table.push(row(`  hazard: ${group.name}`, group, (t) => t.coveredDemandShare));
  for (const group of report.byRegion) table.push(row(`  region: ${group.name}`, group, (t) => t.coveredDemandShare));
  lines.push(formatTable(table));
  const r = report.overall.responseMinutes;
  lines.push(
    `response minutes (demand-weighted): P50 ${minutes(r.p50)}, P90 ${minutes(r.p90)}, max ${minutes(r.max)}; unreachable ${percent(r.unreachableDemandShare)} of demand`,
  );
  const holes = options.holes ?? 3;
  for (const hole of report.uncovered) {
    if (hole.cells === 0) continue;
    // The same connected areas, in the same order, as the report page's "largest uncovered areas".
    const areas = hole.areas.slice(0, holes).map((area) => `${areaText(area)}`);
    const count = `${count0(hole.cells, 'cell')} with demand (${percent(report.overall.demand > 0 ? hole.demand / report.overall.demand : 0)} of demand) in ${count0(hole.totalAreas, 'area')}`;
    lines.push(`not reached within ${hole.standardMinutes} min: ${count}${areas.length > 0 ? ` — largest: ${areas.join('; ')}` : ''}`);
  }
  return lines.join('\n');
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

function minutes(value: number | null): string {
  return value === null ? 'unreachable' : `${value.toFixed(1)}`;
}

function formatTable(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows
    .map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '))
    .join('\n');
}

/** "1 cell", "7,908 cells". */
function count0(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

function areaText(area: UncoveredAreaSummary): string {
  const where = area.regions.length === 0 ? 'outside any region' : area.regions.length <= 3 ? `in ${area.regions.join(', ')}` : `in ${area.regions.slice(0, 3).join(', ')} and ${area.regions.length - 3} more`;
  const short = area.minutesShort === null ? 'unreachable' : `${area.minutesShort.toFixed(1)} min short`;
  return `${count0(area.cells, 'cell')} ${where} (${area.hazardTypes.join('/') || 'population'}; ${short}; centre ${area.centreLatDeg.toFixed(2)}, ${area.centreLngDeg.toFixed(2)}; first cell ${area.firstHexId})`;
}
