import { describe, expect, it } from 'vitest';
import { rowsWithin } from '../../src/scenario/rowsWithin.js';
import { countCover } from '../../src/models/countCover.js';
import { randomMatrixProblem } from './randomMatrixProblem.js';

describe('rowsWithin', () => {
  it('lists, per site, exactly the rows countCover counts that site in (random instances, standards on and between the minutes)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const { matrix, problem } = randomMatrixProblem(seed);
      for (const standardMinutes of [4, 10, 10.25, 60]) {
        const sites = Array.from({ length: problem.siteCount }, (_, s) => s);
        const rows = rowsWithin(matrix, sites, standardMinutes)!;
        sites.forEach((s) => {
          const reach = countCover(problem, [s], standardMinutes);
          const expected = Array.from(reach.keys()).filter((i) => reach[i] > 0);
          expect(Array.from(rows[s]).sort((a, b) => a - b)).toEqual(expected);
        });
      }
    }
  });

  it('gives null for a site that is not one of the matrix\'s, and nothing for no sites', () => {
    const { matrix } = randomMatrixProblem(3);
    for (const bad of [-1, matrix.siteCount, 1.5, Number.NaN]) expect(rowsWithin(matrix, [0, bad], 10)).toBeNull();
    expect(rowsWithin(matrix, [], 10)).toEqual([]);
  });
});
