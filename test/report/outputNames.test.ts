import { describe, expect, it } from 'vitest';
import { COMPARISON_OUTPUT_NAMES, outputNameList, outputNames } from '../../src/report/outputNames.js';

describe('outputNames', () => {
  it('names the coverage files per period, the report page and the siting files the plan asks for', () => {
    expect(outputNameList(outputNames({ periods: ['day', 'night'] }))).toEqual(['bases.geojson', 'coverage-day.csv', 'coverage-day.geojson', 'coverage-night.csv', 'coverage-night.geojson', 'report.html', 'summary.json']);
    const names = outputNames({ periods: ['day'], parentResolution: 5, report: false, conditions: true, curve: true, simulation: true, depots: true, answers: 2 });
    expect(names.periods).toEqual([{ period: 'day', map: 'coverage-day.geojson', table: 'coverage-day.csv', parentMap: 'coverage-day-res5.geojson' }]);
    expect(names.report).toBeUndefined();
    expect(outputNameList(names)).toEqual([
      'answer-1.geojson', 'answer-2.geojson', 'answers.json', 'bases.geojson', 'conditions.json', 'coverage-day-res5.geojson', 'coverage-day.csv', 'coverage-day.geojson',
      'curve.json', 'depots.csv', 'depots.geojson', 'depots.json', 'simulation.json', 'summary.json',
    ]);
    // `airreach site`: the siting files only.
    expect(outputNameList(outputNames({ periods: ['day'], coverage: false, report: false, curve: true, answers: 1 }))).toEqual(['answer-1.geojson', 'answers.json', 'curve.json']);
    expect(Object.values(COMPARISON_OUTPUT_NAMES)).toEqual(['compare.html', 'compare.json']);
  });
});
