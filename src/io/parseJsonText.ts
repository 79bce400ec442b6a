import { AirreachError } from '../errors.js';
import { resolveOptions } from '../resolveOptions.js';
import { lineAndColumn, locateJsonError } from './locateJsonError.js';

/** Options of {@link parseJsonText}. */
export interface ParseJsonTextOptions {
  /** Deepest nesting of objects and arrays accepted. */
  maxDepth?: number;
  /** What the file should hold, for the error's `expected` (e.g. "a scenario object"). */
  expected?: string;
}

/**
 * Defaults of {@link parseJsonText}. 64 levels: a GeoJSON MultiPolygon sits at depth 8
 * (collection, features, feature, geometry, coordinates, polygon, ring, position), a scenario
 * at 6; deeper files are not data but an attack on every recursive step after parsing (schema
 * checks, error formatting and `JSON.stringify` overflow the stack near 5,000 levels).
 */
export const DEFAULT_PARSE_JSON_TEXT_OPTIONS = {
  maxDepth: 64,
  expected: undefined as string | undefined,
} satisfies ParseJsonTextOptions;

/**
 * Object keys airreach refuses in every JSON input: `JSON.parse` keeps `"__proto__"` as an own
 * key, but copying or validating the object sets the prototype instead, so a `where` filter or
 * an aircraft entry under that key silently disappeared; `constructor` and `prototype` reach
 * inherited members when a key is looked up on a plain object.
 */
export const RESERVED_JSON_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/**
 * Parses JSON text from an input file with bounded structure: a UTF-8 byte-order mark is
 * skipped; nesting deeper than `maxDepth` is refused before parsing (`E_JSON_STRUCTURE`, with
 * the line and column where it goes too deep); invalid JSON is `E_JSON_SYNTAX` with line,
 * column and reason; and a reserved key (see {@link RESERVED_JSON_KEYS}) anywhere is
 * `E_JSON_STRUCTURE` naming its JSON path (`/bases/0/where/__proto__`). Errors name `file`.
 *
 * @example
 * const json = parseJsonText(await readInputText('today.json'), 'today.json');
 */
export function parseJsonText(text: string, file: string, options: ParseJsonTextOptions = {}): unknown {
  const { maxDepth, expected } = resolveOptions(DEFAULT_PARSE_JSON_TEXT_OPTIONS, options);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const deep = firstTooDeep(body, maxDepth);
  if (deep >= 0) {
    const at = lineAndColumn(body, deep);
    throw new AirreachError('E_JSON_STRUCTURE', `objects and arrays nest deeper than ${maxDepth} levels at line ${at.line}, column ${at.column}`, {
      value: at,
      where: { file },
      expected: `at most ${maxDepth} levels of nesting${expected ? ` in ${expected}` : ''}`,
      hint: 'No airreach input nests that deep: check that this is the file you meant',
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    const at = locateJsonError(body);
    const place = at ? `line ${at.line}, column ${at.column}` : 'an unknown place';
    throw new AirreachError('E_JSON_SYNTAX', `not valid JSON at ${place}${at ? ` (${at.reason})` : ''}`, {
      value: at ? { line: at.line, column: at.column } : (error as Error).message,
      where: { file },
      expected: expected ?? 'a JSON document',
      hint: 'Open the file in an editor that shows JSON errors',
      cause: error,
    });
  }
  checkReservedKeys(json, file);
  return json;
}

/**
 * Refuses an object key of {@link RESERVED_JSON_KEYS} anywhere in `value` (own keys, any
 * depth; walked with an explicit stack), with `E_JSON_STRUCTURE` naming its JSON path. For
 * objects that did not come through {@link parseJsonText} (library callers).
 *
 * @example
 * checkReservedKeys(JSON.parse('{"where":{"__proto__":["x"]}}'), 'in.json'); // throws at /where/__proto__
 */
export function checkReservedKeys(value: unknown, file: string | undefined): void {
  interface Frame {
    node: object;
    parent: Frame | undefined;
    key: string;
  }
  const pending: Frame[] = [];
  if (typeof value === 'object' && value !== null) pending.push({ node: value, parent: undefined, key: '' });
  while (pending.length > 0) {
    const frame = pending.pop()!;
    if (Array.isArray(frame.node)) {
      const array = frame.node as unknown[];
      for (let k = array.length - 1; k >= 0; k--) {
        const item = array[k];
        // Coordinates are most of a GeoJSON file: numbers need no frame.
        if (typeof item === 'object' && item !== null) pending.push({ node: item, parent: frame, key: String(k) });
      }
      continue;
    }
    const keys = Object.keys(frame.node);
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k];
      if (RESERVED_JSON_KEYS.includes(key)) {
        const path = `${pointerOf(frame)}/${escapePointer(key)}`;
        throw new AirreachError('E_JSON_STRUCTURE', `the key ${JSON.stringify(key)} is reserved`, {
          value: key,
          where: { file, field: path },
          expected: `no key named ${RESERVED_JSON_KEYS.join(', ')}`,
          hint: 'Such keys change how JavaScript objects behave; rename the property',
        });
      }
      const item = (frame.node as Record<string, unknown>)[key];
      if (typeof item === 'object' && item !== null) pending.push({ node: item, parent: frame, key });
    }
  }

  function pointerOf(frame: Frame | undefined): string {
    const parts: string[] = [];
    for (let f = frame; f?.parent !== undefined; f = f.parent) parts.push(escapePointer(f.key));
    return parts.length === 0 ? '' : `/${parts.reverse().join('/')}`;
  }
}

/** RFC 6901: `~` and `/` in a key are written `~0` and `~1`. */
function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Offset of the first `{` or `[` that opens level `maxDepth + 1`, or -1. Strings are skipped. */
function firstTooDeep(text: string, maxDepth: number): number {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: skip to its closing quote (escaped characters skipped in pairs).
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return -1;
}
