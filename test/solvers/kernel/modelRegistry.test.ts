import { describe, expect, it } from 'vitest';
import type { SolveResult } from '../../../src/models/sitingProblem.js';
import { MODEL_REGISTRY, MODEL_NAMES } from '../../../src/solvers/kernel/modelRegistry.js';
import { parseInstance } from '../../../src/solvers/kernel/parseInstance.js';

// 2 demand points, 4 sites all within reach; site 0 fixed, site 1 forbidden.
const base = { minutes: [[10, 10, 10, 10], [10, 10, 10, 10]], fixedSites: [0], forbiddenSites: [1] };
const regions = { demandRegions: [0, 1] };
const fields: Record<string, Record<string, unknown>> = {
  setCovering: { standardMinutes: 30 },
  maximalCovering: { standardMinutes: 30, siteCount: 2 },
  backupCovering: { standardMinutes: 30, siteCount: 2 },
  expectedCovering: { standardMinutes: 30, busyFraction: 0.3, aircraftCount: 2 },
  pMedian: { siteCount: 2 },
  pCenter: { siteCount: 2 },
  capacitatedPMedian: { siteCount: 2, demands: [1, 1], capacities: [2, 2, 2, 2] },
  capacitatedFacilityLocation: { demands: [1, 1], capacities: [2, 2, 2, 2], openingCosts: [1, 1, 1, 1], siteCount: 2, exactSiteCount: true },
  maximumAvailability: { standardMinutes: 30, busyFraction: 0.3, reliability: 0.5, aircraftCount: 2 },
  doubleStandard: { standardMinutes: 30, looseStandardMinutes: 60, aircraftCount: 2 },
  phasedRollout: { standardMinutes: 30, sitesPerYear: 1, years: 1 },
  fairCovering: { standardMinutes: 30, siteCount: 2, ...regions },
};

/** An answer with these two sites (one aircraft each; both demand points on the first site; year 1 = them). */
const answer = (sites: number[]): SolveResult => ({
  model: 'pMedian',
  status: 'feasible',
  objective: 0,
  bound: 0,
  gap: 0,
  stoppedBy: 'budget',
  work: 0,
  selectedSites: sites,
  runtimeMs: 0,
  solver: 'test',
  details: { aircraftCounts: sites.map(() => 1), assignment: [sites[0], sites[0]], yearSites: [sites], unreachableDemand: [] },
});

describe('MODEL_REGISTRY evaluate', () => {
  it('has a case for every model', () => {
    expect(Object.keys(fields).sort()).toEqual([...MODEL_NAMES].sort());
  });

  // Found by bench/fuzzSolvers.ts: backup covering left out a fixed site, and solveInstance
  // printed the answer, since the registry's check of that model (and of most others) looked at
  // the count of sites only.
  it.each(MODEL_NAMES)('%s: an answer without a fixed site, or with a forbidden one, breaks the rules', async (name) => {
    const instance = parseInstance({ model: name, ...base, ...fields[name] });
    const entry = MODEL_REGISTRY[name];
    expect((await entry.evaluate(instance, answer([0, 2]))).feasible).toBe(true);
    expect((await entry.evaluate(instance, answer([2, 3]))).feasible).toBe(false);
    expect((await entry.evaluate(instance, answer([0, 1]))).feasible).toBe(false);
  });

  it('setCovering: an answer that leaves demand uncovered breaks the rules', async () => {
    const instance = parseInstance({ model: 'setCovering', minutes: [[10, 50], [50, 10]], standardMinutes: 30 });
    expect((await MODEL_REGISTRY.setCovering.evaluate(instance, answer([0, 1]))).feasible).toBe(true);
    expect((await MODEL_REGISTRY.setCovering.evaluate(instance, answer([0]))).feasible).toBe(false);
  });
});
