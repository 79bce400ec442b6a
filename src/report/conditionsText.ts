import type { ConditionsReport } from './conditionsReport.js';

/**
 * The operating-conditions table for the terminal: per standard the demand reached by day, by
 * night, at any hour, expected with weather and busy aircraft, and with the patient in hospital.
 *
 * @example
 * console.log(conditionsText(report));
 */
export function conditionsText(report: ConditionsReport): string {
  const pct = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)} %`);
  const rows: string[][] = [['', 'day', 'night', 'any hour', 'expected', 'patient in hospital']];
  for (const tier of report.tiers) {
    rows.push([`≤${tier.standardMinutes} min`, pct(tier.dayShare), pct(tier.nightShare), pct(tier.anyTimeShare), pct(tier.expectedShare), pct(tier.patientInHospitalShare)]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const lines = [
    `Operating conditions: night share ${report.nightShare === null ? '—' : report.nightShare.toFixed(3)}, flyable share ${report.flyableShare === null ? '—' : pct(report.flyableShare)}, busy fraction ${pct(report.busyFraction)}${report.weatherDependence ? `, weather ${report.weatherDependence}` : ''}`,
    ...rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')),
  ];
  const hospital = report.patientInHospitalMinutes;
  if (hospital) {
    lines.push(`patient in hospital (day, ${hospital.onSceneMinutes} min on scene, ${hospital.hospitals} ${hospital.proxy ? 'proxy ' : ''}hospitals): P50 ${hospital.p50?.toFixed(1) ?? '—'} min, P90 ${hospital.p90?.toFixed(1) ?? '—'} min`);
  }
  for (const note of report.notes) lines.push(`note: ${note}`);
  return lines.join('\n');
}
