/**
 * One planning answer as a small table, for the terminal (`planningTableText`) and the HTML
 * report (`reportHtml`'s `planning` option): a title, lines of findings, and rows of cells
 * (already formatted text). Narrow on purpose: the report layer needs no solver or scenario type.
 *
 * @example
 * const table: PlanningTable = { title: 'MEXCLP, 14 aircraft within 30 min', lines: ['94.7 % of demand reached'], header: ['base', 'aircraft'], rows: [['Shenyang', '2']] };
 */
export interface PlanningTable {
  title: string;
  /** Findings, one sentence each (status, shares, the price of a rule). */
  lines: string[];
  header: string[];
  rows: string[][];
}

/**
 * A planning table as terminal text: the title, its lines indented, then the rows in aligned
 * columns.
 *
 * @example
 * console.log(planningTableText(table));
 */
export function planningTableText(table: PlanningTable): string {
  const out = [table.title, ...table.lines.map((line) => `  ${line}`)];
  if (table.rows.length > 0) {
    const widths = table.header.map((h, c) => Math.max(h.length, ...table.rows.map((row) => (row[c] ?? '').length)));
    const line = (cells: string[]) => `  ${cells.map((cell, c) => (cell ?? '').padEnd(widths[c])).join('  ')}`.trimEnd();
    out.push(line(table.header));
    for (const row of table.rows) out.push(line(row));
  }
  return out.join('\n');
}
