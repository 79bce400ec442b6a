import { describe, expect, it } from 'vitest';
import type { DemandGrid } from '../../src/grid/demandGrid.js';
import type { CoverageReport, CellOutcomes } from '../../src/report/coverageReport.js';
import { attainmentText } from '../../src/report/attainmentText.js';
import { bindingStandard, standardAttainment } from '../../src/report/standardAttainment.js';

/** Four cells: 0 and 1 in region 0, 2 in region 1, 3 at sea (no region); a named site in cell 1. */
function grid(population: number[]): DemandGrid {
  return {
    resolution: 7,
    cellCount: 4,
    h3Low: new Uint32Array(4),
    h3High: new Uint32Array(4),
    latDeg: new Float64Array(4),
    lngDeg: new Float64Array(4),
    areaKm2: Float64Array.of(1, 2, 3, 10),
    demand: Float64Array.of(1, 1, 1, 1),
    hazardDemand: Float64Array.of(1, 1, 1, 1),
    population: Float64Array.from(population),
    hazardTypes: ['flood'],
    hazardMask: Uint32Array.of(1, 1, 1, 1),
    hazardDemandByType: Float64Array.of(1, 1, 1, 1),
    regionNames: ['A', 'B'],
    region: Int32Array.of(0, 0, 1, -1),
    sites: [{ name: 'pit', type: 'mine', weight: 1, cell: 1, latDeg: 0, lngDeg: 0, file: 'x', featureIndex: 0 }],
  } as DemandGrid;
}

/** Reach within 30 min: cells 0 and 1; within 60: every cell. */
const outcomes: CellOutcomes = {
  standardsMinutes: [30, 60],
  responseMinutes: Float64Array.of(10, 20, 50, 55),
  responseSite: Int32Array.of(0, 0, 0, 0),
  responseAircraft: Int32Array.of(0, 0, 0, 0),
  aircraftIds: ['H135'],
  reachCounts: [Uint16Array.of(1, 1, 0, 0), Uint16Array.of(1, 1, 1, 1)],
};

describe('standardAttainment', () => {
  it('counts land area (cells in a region) and people reached, and meets a standard only when all three are whole', () => {
    const [within30, within60] = standardAttainment(grid([100, 0, 300, 0]), outcomes);
    expect(within30).toMatchObject({ standardMinutes: 30, sitesReached: 1, sitesTotal: 1, unreachedSites: [], areaShare: 3 / 6, peopleShare: 0.25, peopleTotal: 400, met: false });
    expect(within60).toMatchObject({ areaShare: 1, peopleShare: 1, peopleTotal: 400, met: true });
    expect(standardAttainment(grid([100, 0, 300, 0]), outcomes, { areaTarget: 0.5, peopleTarget: 0.25 })[0].met).toBe(true);
    expect(bindingStandard([{ period: 'day', attainment: [within30, within60] }])).toEqual({ period: 'day', standardMinutes: 30 });
  });

  it('says the grid has no people (peopleTotal 0) instead of leaving a vacuous 100 % to be read as everyone reached', () => {
    const attainment = standardAttainment(grid([0, 0, 0, 0]), outcomes);
    expect(attainment.map((a) => [a.peopleShare, a.peopleTotal])).toEqual([[1, 0], [1, 0]]);
    const text = attainmentText([{ period: 'day', report: { attainment, demandShares: [] } as unknown as CoverageReport }]);
    const rows = text.split('\n').filter((line) => line.startsWith('≤'));
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatch(/no people$/);
      expect(row).not.toContain('100.0 %  100.0 %');
    }
    const withPeople = attainmentText([{ period: 'day', report: { attainment: standardAttainment(grid([100, 0, 300, 0]), outcomes), demandShares: [] } as unknown as CoverageReport }]);
    expect(withPeople).toMatch(/≤30 min\s+day\s+not met\s+1 of 1 \(all\)\s+50\.0 %\s+25\.0 %/);
  });
});
