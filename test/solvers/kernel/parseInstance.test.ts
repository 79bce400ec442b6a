import { describe, expect, it } from 'vitest';
import { parseInstance } from '../../../src/solvers/kernel/parseInstance.js';
import { errorOf } from '../../errorOf.js';

describe('parseInstance: schema errors name the field as a person writes it', () => {
  it('names a matrix entry minutes[r][c] and a list entry name[k], not the last index alone ("1" is out of range)', () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ model: 'pMedian', minutes: [[1, -2], [3, 4]], siteCount: 1 }, '"minutes[0][1]" is out of range', '/minutes/0/1'],
      [{ model: 'pMedian', minutes: [[]], siteCount: 1 }, '"minutes[0]" must not be empty', '/minutes/0'],
      [{ model: 'pMedian', minutes: [[null, 1]], siteCount: 1 }, '"minutes[0][0]" must be a finite number', '/minutes/0/0'],
      [{ model: 'pMedian', minutes: [[1, 2]], siteCount: 1, demandWeights: ['2'] }, '"demandWeights[0]"', '/demandWeights/0'],
      [{ model: 'pMedian', minutes: [[1, 2]], siteCount: 1, fixedSites: [0, 'a'] }, '"fixedSites[1]"', '/fixedSites/1'],
    ];
    for (const [json, message, field] of cases) {
      const error = errorOf(() => parseInstance(json, { file: 'i.json' }));
      expect(error.message).toContain(message);
      expect(error.where).toMatchObject({ file: 'i.json', field });
    }
  });
});
