import type { CoverageReport, GroupSummary } from './coverageReport.js';

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
    const top = hole.top
      .slice(0, holes)
      .map((cell) => `${cell.region ?? 'outside regions'} (${cell.hazardTypes.join('/') || 'population'}, ${cell.minutesMissing ?? '∞'} min short)`)
      .join('; ');
    lines.push(`not reached within ${hole.standardMinutes} min: ${hole.cells} demand cells — largest: ${top}`);
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
