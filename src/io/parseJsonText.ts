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
 * (`/bases/0/where/__proto__`), and a key given twice in one object (`JSON.parse` keeps the
 * last silently) is `E_JSON_STRUCTURE` with its path, line and column. `JSON.parse` itself does
 * not recurse (a million levels parse); the steps after it do. Errors name `file`.
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
      hint: encodingHint(body) ?? 'Open the file in an editor that shows JSON errors',
      cause: error,
    });
  }
  const parsedKeys = checkStructure(json, file, maxDepth, expected);
  // JSON.parse keeps the last of two equal keys in one object without a word: a scenario with two
  // "grid" blocks ran on the second. Every key in the text is a string followed by ':'; fewer
  // keys parsed than written means a key was given twice, and only then is the text scanned for it.
  if (parsedKeys !== textKeyCount(body)) throwDuplicateKey(body, file);
  return json;
}

/**
 * Why JSON text that failed to parse may not be UTF-8 at all: UTF-16 (Windows editors' "Unicode",
 * PowerShell's `>`), read as UTF-8, starts with two replacement characters (its byte-order mark)
 * or has a NUL after every ASCII character; the error said only 'unexpected character "�"' at
 * line 1, column 1.
 */
function encodingHint(body: string): string | undefined {
  const utf16 = body.startsWith('\ufffd\ufffd') || /^[\x20-\x7e]\0/.test(body) || /^\0[\x20-\x7e]/.test(body);
  return utf16 ? 'The file looks like UTF-16 text (as Windows editors save "Unicode"): save it as UTF-8' : undefined;
}

/** How many object keys JSON text writes: its strings followed (after white space) by ':'. Valid JSON only. */
function textKeyCount(text: string): number {
  let count = 0;
  let i = text.indexOf('"');
  while (i !== -1) {
    let end = text.indexOf('"', i + 1);
    // A quote after an odd run of backslashes is escaped: the string goes on.
    for (;;) {
      let slashes = 0;
      while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
      if (slashes % 2 === 0) break;
      end = text.indexOf('"', end + 1);
    }
    let next = end + 1;
    let c = text.charCodeAt(next);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++next);
    if (c === 0x3a) count++;
    i = text.indexOf('"', next);
  }
  return count;
}

/**
 * Finds the first key given twice in one object of valid JSON text and throws `E_JSON_STRUCTURE`
 * with its JSON path, line and column, and the line of its first occurrence. Runs only once a
 * duplicate is known to exist, so it may be slow and simple.
 */
function throwDuplicateKey(text: string, file: string): never {
  type Frame = { keys: Map<string, number> | null; path: string; key: string; index: number };
  const stack: Frame[] = [];
  let expectKey = false;
  const lineOf = (offset: number) => {
    let line = 1;
    let start = 0;
    for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) {
      line++;
      start = k + 1;
    }
    return { line, column: offset - start + 1 };
  };
  const childPath = (frame: Frame | undefined) => (frame === undefined ? '' : `${frame.path}/${frame.keys ? escapePointer(frame.key) : frame.index}`);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') {
      stack.push({ keys: c === '{' ? new Map() : null, path: childPath(stack[stack.length - 1]), key: '', index: 0 });
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top.keys) expectKey = true;
      else top.index++;
    } else if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectKey && top?.keys) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        const first = top.keys.get(key);
        top.key = key;
        if (first !== undefined) {
          const at = lineOf(i);
          throw new AirreachError('E_JSON_STRUCTURE', `the key ${JSON.stringify(key)} is given twice in one object`, {
            value: { key, line: at.line, column: at.column },
            where: { file, field: childPath(top) },
            expected: 'each key once per object (JSON readers keep only one of the two, silently)',
            hint: `Its first occurrence is at line ${lineOf(first).line}: keep the one you mean and remove the other`,
          });
        }
        top.keys.set(key, i);
        expectKey = false;
      }
      i = end;
    }
  }
  throw new Error('internal: a duplicate key was counted but not found');
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
function checkStructure(value: unknown, file: string | undefined, maxDepth: number, expected: string | undefined): number {
  let keys = 0;
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
      keys++;
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
  return keys;
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
