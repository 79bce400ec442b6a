import { AirreachError } from '../errors.js';

/**
 * `JSON.stringify(value, null, space)` plus a newline, for an output file — refusing any number
 * that is not finite. `JSON.stringify` writes NaN and ±Infinity as `null`, so an overflow once
 * reached `answers.json` as `"objective": null` under `"status": "optimal"`; here it stops the
 * write (`E_OUTPUT`, naming the file and the JSON path of the first such number) instead. Inputs
 * are bounded so that this should never happen: it is the last guard, not the check.
 *
 * @example
 * files['summary.json'] = finiteJson(summary, 'summary.json', 2);
 */
export function finiteJson(value: unknown, file: string, space?: number): string {
  let bad = false;
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'number' && !Number.isFinite(item)) bad = true;
    return item;
  }, space);
  if (bad) {
    const found = firstNonFinite(value);
    throw new AirreachError('E_OUTPUT', `a number of ${file} is not finite`, {
      value: found?.value,
      where: { file, field: found?.path ?? '' },
      expected: 'finite numbers in every output',
      hint: 'This is a bug of airreach or an input bound it missed: please report it with the input',
    });
  }
  return `${text}\n`;
}

/** The JSON path and value of the first non-finite number in `value` (depth first, in key order). */
function firstNonFinite(value: unknown): { path: string; value: number } | undefined {
  const pending: Array<{ node: unknown; path: string }> = [{ node: value, path: '' }];
  while (pending.length > 0) {
    const { node, path } = pending.pop()!;
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) return { path, value: node };
    } else if (typeof node === 'object' && node !== null) {
      const json = typeof (node as { toJSON?: unknown }).toJSON === 'function' ? (node as { toJSON: () => unknown }).toJSON() : node;
      if (typeof json !== 'object' || json === null) {
        pending.push({ node: json, path });
        continue;
      }
      const entries = Array.isArray(json) ? json.map((item, k) => [String(k), item] as const) : Object.entries(json);
      for (let k = entries.length - 1; k >= 0; k--) pending.push({ node: entries[k][1], path: `${path}/${entries[k][0]}` });
    }
  }
  return undefined;
}
