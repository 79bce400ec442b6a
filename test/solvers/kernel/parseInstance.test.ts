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

describe('parseInstance: repeats are refused where the answer could not tell them apart', () => {
  it.each<[string, Record<string, unknown>, string, unknown]>([
    ['a site label used twice', { siteIds: ['A', 'B', 'A'] }, '/siteIds/2', 'A'],
    ['a fixed site listed twice', { fixedSites: [1, 1] }, '/fixedSites/1', 1],
    ['a forbidden site listed twice', { forbiddenSites: [2, 0, 2] }, '/forbiddenSites/2', 2],
  ])('%s (E_DUPLICATE_ID at the repeat)', (_name, extra, field, value) => {
    const error = errorOf(() => parseInstance({ model: 'pMedian', minutes: [[1, 2, 3], [4, 5, 6]], siteCount: 2, ...extra }, { file: 'i.json' }));
    expect(error).toMatchObject({ code: 'E_DUPLICATE_ID', value, where: { file: 'i.json', field } });
  });

  it('accepts distinct labels and sites', () => {
    const instance = parseInstance({ model: 'pMedian', minutes: [[1, 2, 3], [4, 5, 6]], siteCount: 2, siteIds: ['A', 'B', 'a'], fixedSites: [1], forbiddenSites: [2] });
    expect(instance.problem.siteIds).toEqual(['A', 'B', 'a']);
  });
});

describe('parseInstance: another of airreach\'s files given to solve', () => {
  it('says a scenario or a GeoJSON layer is one (it said: "model" unknown model (got undefined))', () => {
    const scenario = errorOf(() => parseInstance({ layers: { hazards: ['h.geojson'] }, bases: [] }, { file: 's.json' }));
    expect(scenario).toMatchObject({ code: 'E_MODEL', where: { file: 's.json', field: '/model' } });
    expect(scenario.message).toContain('the file is a scenario, not a matrix instance');
    expect(scenario.hint).toContain('airreach run');
    const layer = errorOf(() => parseInstance({ type: 'FeatureCollection', features: [] }, { file: 'h.geojson' }));
    expect(layer.message).toContain('the file is a GeoJSON layer, not a matrix instance');
    // An instance without a model is still told what it lacks.
    expect(errorOf(() => parseInstance({ minutes: [[1]] })).message).not.toContain('the file is');
  });
});
