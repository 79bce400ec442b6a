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
