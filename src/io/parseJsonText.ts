import { AirreachError } from '../errors.js';
import { resolveOptions } from '../resolveOptions.js';
import { locateJsonError } from './locateJsonError.js';

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
 * skipped; invalid JSON is `E_JSON_SYNTAX` with line, column and reason; then, before anything
 * else touches the value, nesting deeper than `maxDepth` and a reserved key (see
 * {@link RESERVED_JSON_KEYS}) anywhere are `E_JSON_STRUCTURE` naming the JSON path
 * (`/bases/0/where/__proto__`). `JSON.parse` itself does not recurse (a million levels parse);
 * the steps after it do. Errors name `file`.
 *
 * @example
 * const json = parseJsonText(await readInputText('today.json'), 'today.json');
 */
export function parseJsonText(text: string, file: string, options: ParseJsonTextOptions = {}): unknown {
  const { maxDepth, expected } = resolveOptions(DEFAULT_PARSE_JSON_TEXT_OPTIONS, options);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
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
  checkStructure(json, file, maxDepth, expected);
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
  checkStructure(value, file, Infinity, undefined);
}

/**
 * One walk over a parsed value (an explicit stack; arrays of plain values, most of a GeoJSON
 * layer, are skipped in place): the deepest nesting and the first reserved key. Only when it
 * finds one does a second walk record the JSON path.
 */
function checkStructure(value: unknown, file: string | undefined, maxDepth: number, expected: string | undefined): void {
  const nodes: object[] = [];
  const depths: number[] = [];
  if (typeof value === 'object' && value !== null) {
    nodes.push(value);
    depths.push(1);
  }
  let problem: 'depth' | 'key' | undefined;
  while (nodes.length > 0 && problem === undefined) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > maxDepth) {
      problem = 'depth';
      break;
    }
    if (Array.isArray(node)) {
      for (let k = 0; k < node.length; k++) {
        const item: unknown = node[k];
        if (typeof item !== 'object' || item === null) continue;
        if (Array.isArray(item) && isFlat(item) && depth + 1 <= maxDepth) continue;
        nodes.push(item);
        depths.push(depth + 1);
      }
      continue;
    }
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue;
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
        problem = 'key';
        break;
      }
      const item = (node as Record<string, unknown>)[key];
      if (typeof item !== 'object' || item === null) continue;
      if (Array.isArray(item) && isFlat(item) && depth + 1 <= maxDepth) continue;
      nodes.push(item);
      depths.push(depth + 1);
    }
  }
  if (problem === 'depth') {
    const path = deepPath(value, maxDepth + 1) ?? '';
    throw new AirreachError('E_JSON_STRUCTURE', `objects and arrays nest deeper than ${maxDepth} levels`, {
      value: path.length > 80 ? `${path.slice(0, 77)}...` : path,
      where: { file, field: path.length > 200 ? `${path.slice(0, 197)}...` : path },
      expected: `at most ${maxDepth} levels of nesting${expected ? ` in ${expected}` : ''}`,
      hint: 'No airreach input nests that deep: check that this is the file you meant',
    });
  }
  if (problem === 'key') {
    const path = reservedKeyPath(value) ?? '';
    const key = path.slice(path.lastIndexOf('/') + 1).replace(/~1/g, '/').replace(/~0/g, '~');
    throw new AirreachError('E_JSON_STRUCTURE', `the key ${JSON.stringify(key)} is reserved`, {
      value: key,
      where: { file, field: path },
      expected: `no key named ${RESERVED_JSON_KEYS.join(', ')}`,
      hint: 'Such keys change how JavaScript objects behave; rename the property',
    });
  }
}

/** The JSON pointer of the first object or array at `level` (the root is level 1), depth first. */
function deepPath(value: unknown, level: number): string | undefined {
  const pending: Array<{ node: unknown; path: string; depth: number }> = [{ node: value, path: '', depth: 1 }];
  while (pending.length > 0) {
    const { node, path, depth } = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= level) return path;
    const keys = Array.isArray(node) ? node.map((_item, k) => String(k)) : Object.keys(node);
    for (let k = keys.length - 1; k >= 0; k--) pending.push({ node: (node as Record<string, unknown>)[keys[k]], path: `${path}/${escapePointer(keys[k])}`, depth: depth + 1 });
  }
  return undefined;
}

/** An array of numbers, strings, booleans or nulls only (a position, a list of ids). */
function isFlat(array: readonly unknown[]): boolean {
  for (let k = 0; k < array.length; k++) if (typeof array[k] === 'object' && array[k] !== null) return false;
  return true;
}

/** The JSON pointer of the first reserved key, depth first in key order. */
function reservedKeyPath(value: unknown): string | undefined {
  const pending: Array<{ node: unknown; path: string }> = [{ node: value, path: '' }];
  while (pending.length > 0) {
    const { node, path } = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    const keys = Array.isArray(node) ? node.map((_item, k) => String(k)) : Object.keys(node);
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k];
      if (!Array.isArray(node) && RESERVED_JSON_KEYS.includes(key)) return `${path}/${escapePointer(key)}`;
    }
    for (let k = keys.length - 1; k >= 0; k--) pending.push({ node: (node as Record<string, unknown>)[keys[k]], path: `${path}/${escapePointer(keys[k])}` });
  }
  return undefined;
}

/** RFC 6901: `~` and `/` in a key are written `~0` and `~1`. */
function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
