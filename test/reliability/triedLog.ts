import { expect } from 'vitest';
import { isAirreachError, type AirreachError, type ErrorCode, type ErrorLocation } from '../../src/errors.js';

/** One bad input: the entry point it goes to, what is wrong, and the error it must raise. */
export interface BadCase {
  entry: string;
  name: string;
  run: () => unknown;
  code: ErrorCode;
  /** Location fields that must be filled in (`file`, `featureIndex`, `field`, `row`, `column`). */
  where: Array<keyof ErrorLocation>;
}

interface EntryTally {
  inputs: number;
  faults: number;
  outcomes: Map<string, number>;
}

/**
 * What a reliability test file tried, per entry point, printed as a table when the file ends
 * (issue 8: "the suite prints what it tried"). One log per test file (vitest isolates files).
 */
export class TriedLog {
  private readonly entries = new Map<string, EntryTally>();

  constructor(private readonly title: string) {}

  record(entry: string, outcome: string, kind: 'input' | 'fault' = 'input'): void {
    let tally = this.entries.get(entry);
    if (!tally) {
      tally = { inputs: 0, faults: 0, outcomes: new Map() };
      this.entries.set(entry, tally);
    }
    if (kind === 'input') tally.inputs++;
    else tally.faults++;
    tally.outcomes.set(outcome, (tally.outcomes.get(outcome) ?? 0) + 1);
  }

  table(): string {
    const rows = [['entry point', 'inputs', 'faults', 'outcome']];
    for (const [entry, tally] of [...this.entries].sort(([a], [b]) => a.localeCompare(b))) {
      const outcomes = [...tally.outcomes].sort(([a], [b]) => a.localeCompare(b)).map(([o, n]) => `${o}×${n}`).join(' ');
      rows.push([entry, String(tally.inputs), String(tally.faults), outcomes]);
    }
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    const lines = rows.map((r) => r.map((cell, c) => (c === 3 ? cell : c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
    return `\n── ${this.title} ──\n${lines.join('\n')}\n`;
  }

  print(): void {
    process.stdout.write(this.table());
  }
}

/**
 * Runs one bad case and checks it fails the right way: an AirreachError (never a TypeError or
 * other crash, never a return) with the expected code and the location fields filled in.
 * The outcome is recorded in `log` either way, so a failure still shows in the table.
 * Returns the error for further checks.
 */
export async function expectBadCase(log: TriedLog, c: BadCase): Promise<AirreachError> {
  let caught: unknown;
  let returned = false;
  try {
    await c.run();
    returned = true;
  } catch (error) {
    caught = error;
  }
  if (returned) {
    log.record(c.entry, 'accepted!');
    expect.fail(`${c.entry} / ${c.name}: accepted the bad input; expected ${c.code}`);
  }
  if (!isAirreachError(caught)) {
    log.record(c.entry, 'crash!');
    expect.fail(`${c.entry} / ${c.name}: crashed with ${String((caught as Error)?.stack ?? caught)}; expected AirreachError ${c.code}`);
  }
  log.record(c.entry, caught.code);
  expect(caught.code, `${c.entry} / ${c.name}: ${caught.message}`).toBe(c.code);
  for (const key of c.where) {
    expect(caught.where[key], `${c.entry} / ${c.name}: where.${key} missing in ${JSON.stringify(caught.where)}`).not.toBeUndefined();
  }
  // The message carries the location too (users read messages, not objects).
  if (c.where.includes('file')) expect(caught.message).toContain(String(caught.where.file));
  return caught;
}
