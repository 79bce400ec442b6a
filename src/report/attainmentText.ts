import type { CoverageReport } from './coverageReport.js';
import { bindingStandard } from './standardAttainment.js';

/**
 * The headline of a run, for the first lines of the terminal summary: per standard and period
 * whether it is met (every named hazard site reached, the share of the land and of the people
 * reached), which standard binds, and each hazard type's share of total demand.
 *
 * @example
 * console.log(attainmentText(run.periods.map((p) => ({ period: p.period, report: p.report }))));
 */
export function attainmentText(periods: ReadonlyArray<{ period: string; report: CoverageReport }>): string {
  const lines: string[] = [];
  const head = ['standard', 'period', 'met', 'hazard sites reached', 'area', 'people'];
  const rows: string[][] = [head];
  const standards = periods[0]?.report.attainment.map((a) => a.standardMinutes) ?? [];
  for (const [k, standardMinutes] of standards.entries()) {
    for (const { period, report } of periods) {
      const a = report.attainment[k];
      rows.push([
        `≤${standardMinutes} min`,
        period,
        a.met ? 'MET' : 'not met',
        a.sitesTotal === 0 ? 'no sites' : `${a.sitesReached} of ${a.sitesTotal}${a.sitesReached === a.sitesTotal ? ' (all)' : ''}`,
        percent(a.areaShare),
        // Without people a share of 100 % would read as everyone reached.
        a.peopleTotal > 0 ? percent(a.peopleShare) : 'no people',
      ]);
    }
  }
  lines.push('What the network meets (a standard is met when every hazard site, all of the land and all of the people are reached within it)');
  lines.push(formatTable(rows));
  const binding = bindingStandard(periods.map(({ period, report }) => ({ period, attainment: report.attainment })));
  if (binding) {
    const report = periods.find((p) => p.period === binding.period)!.report;
    const a = report.attainment.find((x) => x.standardMinutes === binding.standardMinutes)!;
    const missing = a.unreachedSites.length > 0 ? `; sites not reached: ${a.unreachedSites.slice(0, 5).join('; ')}${a.unreachedSites.length > 5 ? `; … (${a.unreachedSites.length} in all)` : ''}` : '';
    lines.push(`Binding standard: ≤${binding.standardMinutes} min by ${binding.period} (the longest standard not met, day before night)${missing}`);
  } else {
    lines.push('Binding standard: none — every standard is met in every period');
  }
  const shares = periods[0]?.report.demandShares ?? [];
  if (shares.length > 0) lines.push(`Demand by kind: ${shares.map((s) => `${s.name} ${percent(s.share)}`).join(', ')}`);
  return lines.join('\n');
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

function formatTable(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows.map((row) => row.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}
