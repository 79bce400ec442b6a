/**
 * One plan's line of the incident-simulation table: the narrow input the terminal table and
 * report.html take (the scenario layer makes it from a simulation summary).
 *
 * @example
 * const row: SimulationTableRow = { label: "today's bases", incidents: 10000, replications: 10, standardsMinutes: [30, 60], withinStandardShare: [0.1, 0.4], withinStandardError: null, noFreeAircraftShare: 0.02, unreachableShare: 0.3, medianResponseMinutes: 62, busiestBase: { name: 'Anshan', busyFraction: 0.12 }, rule: 'queue', mexclp: { q: 0.25, predicted: [0.2, 0.6], simulatedAtCall: [0.1, 0.4] } };
 */
export interface SimulationTableRow {
  label: string;
  incidents: number;
  replications: number;
  standardsMinutes: number[];
  withinStandardShare: Array<number | null>;
  /** Standard error over replications per standard; `null` with one replication. */
  withinStandardError: number[] | null;
  noFreeAircraftShare: number | null;
  unreachableShare: number | null;
  medianResponseMinutes: number | null;
  busiestBase: { name: string; busyFraction: number } | null;
  /** The no-free-aircraft rule in words. */
  rule: string;
  /** MEXCLP's independence assumption against the simulation, per standard: its predicted covered share (1 − q^k) and the simulated share with a free aircraft within the standard at the call. */
  mexclp: { q: number; predicted: Array<number | null>; simulatedAtCall: Array<number | null> };
}

const percent = (share: number | null): string => (share === null ? '–' : `${(share * 100).toFixed(1)} %`);

/**
 * The incident simulation as a short terminal table: per plan, the share of incidents answered
 * within each standard (± standard error over replications), the share with no free aircraft,
 * the unreachable share and the busiest base; and under it MEXCLP's prediction for the same
 * plan against the simulated share answered at the call (where it is higher, the independence
 * assumption is optimistic).
 *
 * @example
 * console.log(simulationText(rows));
 */
export function simulationText(rows: readonly SimulationTableRow[]): string {
  if (rows.length === 0) return '';
  const first = rows[0];
  const lines = [
    `Incident simulation: ${first.incidents.toLocaleString('en-US')} incidents over ${first.replications} replications per plan; ${first.rule}`,
  ];
  for (const row of rows) {
    const within = row.standardsMinutes
      .map((standard, k) => `≤ ${standard} min ${percent(row.withinStandardShare[k])}${row.withinStandardError ? ` ±${(row.withinStandardError[k] * 100).toFixed(1)}` : ''}`)
      .join(', ');
    const busiest = row.busiestBase ? `busiest base ${row.busiestBase.name} ${percent(row.busiestBase.busyFraction)} busy` : 'no aircraft';
    lines.push(`  ${row.label}: ${within}; no free aircraft ${percent(row.noFreeAircraftShare)}, unreachable ${percent(row.unreachableShare)}; ${busiest}`);
    const mexclp = row.standardsMinutes.map((standard, k) => `≤ ${standard} min ${percent(row.mexclp.predicted[k])} vs ${percent(row.mexclp.simulatedAtCall[k])}`).join(', ');
    lines.push(`    MEXCLP (independent aircraft, q = ${row.mexclp.q.toFixed(2)}) vs simulated, aircraft free at the call: ${mexclp}`);
  }
  return lines.join('\n');
}
