/**
 * Finds where JSON text first goes wrong, as a 0-based offset and 1-based line and column.
 * `JSON.parse` on Node 20 reports a position for some errors only ("Unexpected token 'x', ... is
 * not valid JSON" has none), so this small recursive-descent scanner recomputes it. It only
 * runs after `JSON.parse` has failed, so its speed does not matter; it returns `undefined` for
 * text it finds valid.
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
  const value = (depth: number): void => {
    if (depth > 10_000) fail('nesting too deep');
    skipSpace();
    const c = text[i];
    if (c === undefined) fail('unexpected end of input');
    if (c === '{') {
      i++;
      skipSpace();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') fail('expected a double-quoted property name');
        string();
        skipSpace();
        if (text[i] !== ':') fail("expected ':' after the property name");
        i++;
        value(depth + 1);
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      skipSpace();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    fail(/[a-zA-Z]/.test(c) ? 'invalid literal' : `unexpected character ${JSON.stringify(c)}`);
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
  try {
    value(0);
    skipSpace();
    if (i < text.length) fail('unexpected text after the JSON value');
    return undefined;
  } catch (error) {
    if (!(error instanceof ScanError)) throw error;
    const before = text.slice(0, error.offset);
    const lastNewline = before.lastIndexOf('\n');
    const line = before.split('\n').length;
    return { offset: error.offset, line, column: error.offset - lastNewline, reason: error.reason };
  }
}

class ScanError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}
