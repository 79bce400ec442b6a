/**
 * Deepest nesting {@link locateJsonError} follows; deeper text is reported as an error there
 * (its scan keeps an explicit stack, so no depth overflows the call stack).
 */
const LOCATE_MAX_DEPTH = 100_000;

/**
 * Finds where JSON text first goes wrong, as a 0-based offset and 1-based line and column.
 * `JSON.parse` on Node 20 reports a position for some errors only ("Unexpected token 'x', ... is
 * not valid JSON" has none), so this small scanner recomputes it. It keeps its own stack of
 * open objects and arrays instead of recursing: unclosed nesting 100,000 deep is located, never
 * a stack overflow. It only runs after `JSON.parse` has failed, so its speed does not matter; it
 * returns `undefined` for text it finds valid.
 *
 * @example
 * locateJsonError('{\n  "a": tru\n}'); // -> { offset: 9, line: 2, column: 8, reason: 'invalid literal' }
 */
export function locateJsonError(text: string): { offset: number; line: number; column: number; reason: string } | undefined {
  let i = 0;
  const fail = (reason: string): never => {
    throw new ScanError(i, reason);
  };
  const skipSpace = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('bad \\u escape');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail('bad escape');
      } else if (c < ' ') fail('control character in a string');
      else i++;
    }
    fail('unterminated string');
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) fail('invalid number');
    i += match![0].length;
  };
  // The open containers: '{' or '['. A value is read, then the container decides what follows.
  const open: string[] = [];
  /** Reads one value; returns true when it opened a container (whose first member comes next). */
  const value = (): boolean => {
    skipSpace();
    const c = text[i];
    if (c === undefined) fail('unexpected end of input');
    if (c === '{' || c === '[') {
      if (open.length >= LOCATE_MAX_DEPTH) fail(`nesting deeper than ${LOCATE_MAX_DEPTH} levels`);
      open.push(c);
      i++;
      return true;
    }
    if (c === '"') string();
    else if (c === '-' || (c >= '0' && c <= '9')) number();
    else {
      const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
      if (literal === undefined) fail(/[a-zA-Z]/.test(c) ? 'invalid literal' : `unexpected character ${JSON.stringify(c)}`);
      i += literal!.length;
    }
    return false;
  };
  const key = () => {
    skipSpace();
    if (text[i] !== '"') fail('expected a double-quoted property name');
    string();
    skipSpace();
    if (text[i] !== ':') fail("expected ':' after the property name");
    i++;
  };
  /** After a container opened: its first member, or its immediate close. */
  const first = (): boolean => {
    const container = open[open.length - 1];
    skipSpace();
    if (text[i] === (container === '{' ? '}' : ']')) {
      i++;
      open.pop();
      return false;
    }
    if (container === '{') key();
    return value();
  };
  try {
    let opened = value();
    for (;;) {
      if (opened) {
        opened = first();
        continue;
      }
      if (open.length === 0) break;
      // A member ended: a comma and the next member, or the container's close.
      const container = open[open.length - 1];
      skipSpace();
      if (text[i] === ',') {
        i++;
        if (container === '{') key();
        opened = value();
      } else if (text[i] === (container === '{' ? '}' : ']')) {
        i++;
        open.pop();
      } else {
        fail(container === '{' ? "expected ',' or '}'" : "expected ',' or ']'");
      }
    }
    skipSpace();
    if (i < text.length) fail('unexpected text after the JSON value');
    return undefined;
  } catch (error) {
    if (!(error instanceof ScanError)) throw error;
    return { offset: error.offset, ...lineAndColumn(text, error.offset), reason: error.reason };
  }
}

/**
 * The 1-based line and column of a 0-based offset in `text`.
 *
 * @example
 * lineAndColumn('a\nbc', 3); // -> { line: 2, column: 2 }
 */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastNewline = -1;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    lastNewline = k;
  }
  return { line, column: offset - lastNewline };
}

class ScanError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}
