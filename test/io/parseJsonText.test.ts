import { describe, expect, it } from 'vitest';
import type { AirreachError } from '../../src/errors.js';
import { parseJsonText } from '../../src/io/parseJsonText.js';
import { errorOf } from '../errorOf.js';

describe('parseJsonText', () => {
  it('parses JSON text, skipping a byte-order mark', () => {
    expect(parseJsonText('\uFEFF{"a": [1, {"b": "x:y"}]}', 'x.json')).toEqual({ a: [1, { b: 'x:y' }] });
  });

  it('refuses a key given twice in one object (JSON.parse keeps the last silently), naming the JSON path, line and column', () => {
    // A scenario with two "standardsMinutes" (or two "grid" blocks after a paste) ran on the
    // second alone, without a word.
    const text = '{\n  "name": "a",\n  "grid": { "resolution": 7 },\n  "standardsMinutes": [30],\n  "grid": { "resolution": 5 }\n}';
    const error: AirreachError = errorOf(() => parseJsonText(text, 'scenario.json'));
    expect(error).toMatchObject({ code: 'E_JSON_STRUCTURE', where: { file: 'scenario.json', field: '/grid' }, value: { key: 'grid', line: 5, column: 3 } });
    expect(error.message).toContain('"grid" is given twice');
    expect(error.hint).toContain('line 3');
    // Deep inside arrays, with escapes that make two spellings the same key.
    const deep = errorOf(() => parseJsonText('{"bases": [{"id": "A"}, {"id": "B", "fleet": [], "i\\u0064": "C"}]}', 'x.json'));
    expect(deep).toMatchObject({ code: 'E_JSON_STRUCTURE', where: { field: '/bases/1/id' }, value: { key: 'id' } });
    // A key inside a string value, the same key in sibling objects and in nested ones is no duplicate.
    expect(parseJsonText('{"a": "\\"a\\": 1", "o": {"a": 1}, "p": [{"a": 1}, {"a": 2}], "q": {"q": {"q": 1}}}', 'x.json')).toMatchObject({ a: '"a": 1' });
  });

  it('names a duplicate key whose name needs escaping in a JSON pointer', () => {
    expect(errorOf(() => parseJsonText('{"x": {"a/b": 1, "a/b": 2}}', 'x.json'))).toMatchObject({ where: { field: '/x/a~1b' }, value: { key: 'a/b' } });
  });
});

describe('parseJsonText on text that is not UTF-8', () => {
  it('says a UTF-16 file is UTF-16 (it said only: unexpected character "\ufffd" at line 1, column 1)', () => {
    const json = '{"name": "x"}';
    // As readInputText decodes them: UTF-16 LE and BE with their byte-order marks, and LE without one.
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]).toString('utf8');
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(json, 'utf16le').swap16()]).toString('utf8');
    const bare = Buffer.from(json, 'utf16le').toString('utf8');
    for (const text of [le, be, bare]) {
      const error = errorOf(() => parseJsonText(text, 's.json'));
      expect(error.code).toBe('E_JSON_SYNTAX');
      expect(error.hint).toBe('The file looks like UTF-16 text (as Windows editors save "Unicode"): save it as UTF-8');
    }
    // Other syntax errors keep the usual hint.
    expect(errorOf(() => parseJsonText('{"name": }', 's.json')).hint).toBe('Open the file in an editor that shows JSON errors');
  });
});
