import { AirreachError } from './errors.js';

/**
 * Characters that make a spreadsheet read a cell as a formula (CSV injection, OWASP): a text
 * field starting with one of them gets a leading apostrophe, which spreadsheets show as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180) of an output table: empty for `null`/`undefined`; numbers and booleans
 * as written by `String`; text neutralised against formula injection (a base or region named
 * `=HYPERLINK(…)`, `+1`, `-1`, `@SUM(…)`, or starting with a tab or carriage return, gets a
 * leading `'`) and quoted where it holds a comma, quote or line break. A number that is not
 * finite is refused (`E_OUTPUT`): it is a bug upstream, and "NaN" must not reach a table.
 *
 * @example
 * csvField('=1+1');     // -> "'=1+1"
 * csvField('Dalian, N'); // -> '"Dalian, N"'
 * csvField(-3.5);       // -> '-3.5' (numbers are not text)
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new AirreachError('E_OUTPUT', 'a number of a CSV table is not finite', { value, expected: 'finite numbers in every output' });
    }
    // Digits, sign, point and exponent: nothing to quote (a cell table has millions of these).
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Characters that make a CSV field need quotes (RFC 4180). */
const NEEDS_QUOTES = /[",\n\r]/;

/**
 * Whether {@link csvField} writes `text` as it is (no formula guard, no quotes): a writer may
 * then copy it without making the field's text.
 *
 * @example
 * plainCsvField('Dalian');   // -> true
 * plainCsvField('-east');    // -> false (csvField writes "'-east")
 */
export function plainCsvField(text: string): boolean {
  return !FORMULA_START.test(text) && !NEEDS_QUOTES.test(text);
}
