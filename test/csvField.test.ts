import { describe, expect, it } from 'vitest';
import { csvField, plainCsvField } from '../src/csvField.js';

describe('plainCsvField', () => {
  it('is true exactly when csvField writes the text as it is', () => {
    const texts = ['', 'Dalian', 'crs-beihai-dalian', '873000000ffffff', 'coast;flood', '-east', '+1', '=x', '@y', '\tlead', '\rlead', 'a,b', 'say "hi"', 'two\nlines', 'cr\rin', "it's", '大连', ' lead', 'x-y', 'x=1'];
    for (const text of texts) expect(plainCsvField(text), JSON.stringify(text)).toBe(csvField(text) === text);
    expect(plainCsvField('Dalian')).toBe(true);
    expect(plainCsvField('-east')).toBe(false);
    expect(plainCsvField('a,b')).toBe(false);
  });
});
