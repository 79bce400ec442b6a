import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Geometry, Position } from 'geojson';
import { buildCoverage } from '../../src/coverage/buildCoverage.js';
import { cellResponse } from '../../src/coverage/cellResponse.js';
import { sitingProblemFromMatrix } from '../../src/models/sitingProblemFromMatrix.js';
import { evaluateMaximalCovering } from '../../src/models/maximalCovering.js';
import { evaluateSetCovering } from '../../src/models/setCovering.js';
import { evaluatePMedian } from '../../src/models/pMedian.js';
import { solveMaximalCovering } from '../../src/solvers/covering/solveMaximalCovering.js';
import { solveSetCovering } from '../../src/solvers/covering/solveSetCovering.js';
import { solvePMedian } from '../../src/solvers/median/solvePMedian.js';
import { computeCoverage, coverageFiles, type ScenarioInputs } from '../../src/scenario/runCoverage.js';
import { computeScenario, scenarioFiles } from '../../src/scenario/runScenario.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';
import type { Period, Site } from '../../src/travel/aircraft.js';
import { hazardFeature, layer, squareRing } from './reliabilityFixtures.js';
import { TriedLog } from './triedLog.js';

/** One seed for the whole file (FC_SEED overrides it to replay a failure); fast-check prints it with any counterexample. */
const seed = Number(process.env.FC_SEED ?? 20_261_129);
const log = new TriedLog(`properties (fast-check seed ${seed}; replay with FC_SEED=${seed})`);
afterAll(() => log.print());

/** Runs a property and records how many inputs it tried; on failure fast-check's error names the seed, path and counterexample. */
async function check<Ts>(entry: string, property: fc.IRawProperty<Ts>, numRuns: number): Promise<void> {
  try {
    await fc.assert(property, { seed, numRuns });
    log.record(entry, `${numRuns} random inputs held`);
  } catch (error) {
    log.record(entry, `FAILED (seed ${seed})`);
    throw error;
  }
}

// ── random inputs near Liaoning ──
const LIAONING: [number, number, number, number] = [120, 38.5, 125.5, 43.5];
const types = ['H135', 'AW139', 'AC311A', 'Mi-171', 'Y-12'];
const latArb = fc.double({ min: LIAONING[1], max: LIAONING[3], noNaN: true });
const lngArb = fc.double({ min: LIAONING[0], max: LIAONING[2], noNaN: true });
const fleetArb = fc.uniqueArray(fc.constantFrom(...types), { minLength: 1, maxLength: 2 }).map((ids) => ids.map((aircraftTypeId) => ({ aircraftTypeId, count: 1 })));
const siteArb = fc.record({ latDeg: latArb, lngDeg: lngArb, fleet: fleetArb });
const toSites = (raw: Array<{ latDeg: number; lngDeg: number; fleet: Site['fleet'] }>): Site[] =>
  raw.map((s, i) => ({ id: `S${i}`, name: `S${i}`, role: 'existing', ...s }));
const gridArb = fc.array(fc.tuple(latArb, lngArb), { minLength: 1, maxLength: 400 }).map((points) => ({
  cellCount: points.length,
  latDeg: Float64Array.from(points.map((p) => p[0])),
  lngDeg: Float64Array.from(points.map((p) => p[1])),
}));
const periodArb = fc.constantFrom<Period>('day', 'night');

describe('coverage invariants', () => {
  it('never falls when a base is added: per cell, the fastest minutes do not rise and the reach counts do not drop', async () => {
    await check(
      'buildCoverage + cellResponse (add a base)',
      fc.property(gridArb, fc.array(siteArb, { minLength: 1, maxLength: 5 }), siteArb, periodArb, (grid, raw, extra, period) => {
        const sites = toSites(raw);
        const more = toSites([...raw, extra]);
        const standardsMinutes = [30, 60, 120];
        const before = cellResponse(buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 120, period }), { standardsMinutes });
        const after = cellResponse(buildCoverage(grid, more, AIRCRAFT_CATALOGUE, { maxMinutes: 120, period }), { standardsMinutes });
        for (let c = 0; c < grid.cellCount; c++) {
          expect(after.fastestMinutes[c]).toBeLessThanOrEqual(before.fastestMinutes[c]);
          for (let k = 0; k < standardsMinutes.length; k++) expect(after.redundancy[k][c]).toBeGreaterThanOrEqual(before.redundancy[k][c]);
        }
      }),
      40,
    );
  });

  it('never falls when the standard grows: a larger maxMinutes keeps every pair with the same minutes, and counts per standard rise', async () => {
    await check(
      'buildCoverage + cellResponse (grow the standard)',
      fc.property(gridArb, fc.array(siteArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: 15, max: 90 }), fc.integer({ min: 1, max: 90 }), periodArb, (grid, raw, small, extra, period) => {
        const sites = toSites(raw);
        const large = small + extra;
        const tight = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: small, period });
        const loose = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: large, period });
        expect(loose.pairCount).toBeGreaterThanOrEqual(tight.pairCount);
        for (let s = 0; s < sites.length; s++) {
          for (let k = tight.offsets[s]; k < tight.offsets[s + 1]; k++) expect(loose.minutesAt(s, tight.cells[k])).toBe(tight.minutes[k]);
        }
        const response = cellResponse(loose, { standardsMinutes: [small, large] });
        for (let c = 0; c < grid.cellCount; c++) expect(response.redundancy[1][c]).toBeGreaterThanOrEqual(response.redundancy[0][c]);
      }),
      40,
    );
  });
});

// ── solver objective = evaluator, bound on the correct side, optimum by brute force ──
const matrixArb = fc
  .record({ demands: fc.integer({ min: 2, max: 10 }), sites: fc.integer({ min: 2, max: 6 }) })
  .chain(({ demands, sites }) =>
    fc.record({
      minutes: fc.array(fc.array(fc.integer({ min: 1, max: 100 }), { minLength: sites, maxLength: sites }), { minLength: demands, maxLength: demands }),
      weights: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: demands, maxLength: demands }),
      p: fc.integer({ min: 1, max: sites }),
      standard: fc.integer({ min: 10, max: 90 }),
    }),
  );

function subsets(n: number, size: number): number[][] {
  if (size === 0) return [[]];
  const out: number[][] = [];
  for (let first = 0; first <= n - size; first++) for (const rest of subsets(n - first - 1, size - 1)) out.push([first, ...rest.map((r) => r + first + 1)]);
  return out;
}

describe('each solver reports what its evaluator computes, with an honest bound', () => {
  it('maximal covering', async () => {
    await check(
      'solveMaximalCovering vs evaluateMaximalCovering',
      fc.asyncProperty(matrixArb, async ({ minutes, weights, p, standard }) => {
        const problem = sitingProblemFromMatrix(minutes, { demandWeights: weights });
        const result = await solveMaximalCovering(problem, { siteCount: p, standardMinutes: standard, timeLimitSeconds: 5 });
        expect(result.objective).toBeCloseTo(evaluateMaximalCovering(problem, result.selectedSites, { standardMinutes: standard }).objective, 9);
        expect(result.bound).toBeGreaterThanOrEqual(result.objective - 1e-9);
        const best = Math.max(...subsets(problem.siteCount, p).map((set) => evaluateMaximalCovering(problem, set, { standardMinutes: standard }).objective));
        expect(result.bound).toBeGreaterThanOrEqual(best - 1e-9);
        if (result.status === 'optimal') expect(result.objective).toBeCloseTo(best, 9);
      }),
      30,
    );
  });

  it('set covering', async () => {
    await check(
      'solveSetCovering vs evaluateSetCovering',
      fc.asyncProperty(matrixArb, async ({ minutes, weights, standard }) => {
        const problem = sitingProblemFromMatrix(minutes, { demandWeights: weights });
        const result = await solveSetCovering(problem, { standardMinutes: standard, timeLimitSeconds: 5 });
        const feasibleSets = [...Array(problem.siteCount + 1).keys()]
          .flatMap((size) => subsets(problem.siteCount, size))
          .filter((set) => evaluateSetCovering(problem, set, { standardMinutes: standard }).feasible);
        if (result.status === 'infeasible') {
          expect(feasibleSets).toEqual([]);
          return;
        }
        const evaluation = evaluateSetCovering(problem, result.selectedSites, { standardMinutes: standard });
        expect(evaluation.feasible).toBe(true);
        expect(result.objective).toBeCloseTo(evaluation.objective, 9);
        expect(result.bound).toBeLessThanOrEqual(result.objective + 1e-9);
        const best = Math.min(...feasibleSets.map((set) => evaluateSetCovering(problem, set, { standardMinutes: standard }).objective));
        expect(result.bound).toBeLessThanOrEqual(best + 1e-9);
        if (result.status === 'optimal') expect(result.objective).toBeCloseTo(best, 9);
      }),
      30,
    );
  });

  it('p-median', async () => {
    await check(
      'solvePMedian vs evaluatePMedian',
      fc.asyncProperty(matrixArb, async ({ minutes, weights, p }) => {
        const problem = sitingProblemFromMatrix(minutes, { demandWeights: weights });
        const result = solvePMedian(problem, { siteCount: p, timeLimitSeconds: 5 });
        expect(result.objective).toBeCloseTo(evaluatePMedian(problem, result.selectedSites).totalWeightedMinutes, 6);
        expect(result.bound).toBeLessThanOrEqual(result.objective + 1e-6);
        const best = Math.min(...subsets(problem.siteCount, p).map((set) => evaluatePMedian(problem, set).totalWeightedMinutes));
        expect(result.bound).toBeLessThanOrEqual(best + 1e-6);
        if (result.status === 'optimal') expect(result.objective).toBeCloseTo(best, 6);
      }),
      30,
    );
  });
});

// ── whole runs on random small scenarios: same bytes every time, valid RFC 7946 ──
const rectangleArb = fc.record({ lng: fc.double({ min: 121, max: 124.5, noNaN: true }), lat: fc.double({ min: 39.5, max: 42.5, noNaN: true }), size: fc.double({ min: 0.05, max: 0.5, noNaN: true }) });
const scenarioArb = fc.record({
  hazards: fc.array(rectangleArb, { minLength: 1, maxLength: 3 }),
  bases: fc.array(siteArb, { minLength: 1, maxLength: 4 }),
  resolution: fc.constantFrom(5, 6),
  periods: fc.constantFrom<Period[]>(['day'], ['day', 'night']),
  standards: fc.constantFrom<number[]>([30, 60], [60, 120], [30, 60, 120]),
  cells: fc.constantFrom<'all' | 'demand'>('all', 'demand'),
});

type RandomScenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function scenarioInputs(raw: RandomScenario): ScenarioInputs {
  return {
    loaded: { file: '/random/scenario.json', chain: [], scenario: { name: 'random' } },
    demandInputs: { hazards: [layer('random.geojson', ...raw.hazards.map((r, i) => hazardFeature({ type: 'Polygon', coordinates: [squareRing(r.lng, r.lat, r.size)] }, { name: `h${i}`, type: i % 2 ? 'mine' : 'flood', weight: 1 + i })))] },
    gridOptions: { resolution: raw.resolution },
    aircraftById: { ...AIRCRAFT_CATALOGUE },
    sites: toSites(raw.bases),
    standardsMinutes: raw.standards,
    periods: raw.periods,
    cells: raw.cells,
  };
}

/** RFC 7946 checks of one GeoJSON text: a FeatureCollection, closed rings of ≥ 4 positions, right-hand rule, [lng, lat] in range. */
function checkRfc7946(name: string, text: string): void {
  const json = JSON.parse(text) as { type: string; features: Array<{ type: string; geometry: Geometry; properties: unknown }> };
  expect(json.type, name).toBe('FeatureCollection');
  const position = (p: Position) => {
    expect(p.length, name).toBeGreaterThanOrEqual(2);
    expect(Math.abs(p[0]), `${name}: longitude`).toBeLessThanOrEqual(180);
    expect(Math.abs(p[1]), `${name}: latitude`).toBeLessThanOrEqual(90);
  };
  const ring = (r: Position[], exterior: boolean) => {
    expect(r.length, name).toBeGreaterThanOrEqual(4);
    expect(r[r.length - 1], `${name}: ring closed`).toEqual(r[0]);
    r.forEach(position);
    let twiceArea = 0;
    for (let i = 1; i < r.length; i++) twiceArea += (r[i - 1][0] * r[i][1] - r[i][0] * r[i - 1][1]);
    // Right-hand rule: exterior rings counter-clockwise (positive area), holes clockwise.
    if (exterior) expect(twiceArea, `${name}: exterior ring counter-clockwise`).toBeGreaterThan(0);
    else expect(twiceArea, `${name}: hole clockwise`).toBeLessThan(0);
  };
  for (const feature of json.features) {
    expect(feature.type, name).toBe('Feature');
    expect(typeof feature.properties, name).toBe('object');
    const g = feature.geometry;
    if (g.type === 'Point') position(g.coordinates);
    else if (g.type === 'Polygon') g.coordinates.forEach((r, i) => ring(r, i === 0));
    else if (g.type === 'MultiPolygon') g.coordinates.forEach((polygon) => polygon.forEach((r, i) => ring(r, i === 0)));
    else expect.fail(`${name}: unexpected geometry ${g.type}`);
  }
}

describe('whole runs on random small scenarios', () => {
  it('give the same bytes run to run, and every GeoJSON output is valid RFC 7946', async () => {
    await check(
      'computeCoverage + coverageFiles / computeScenario + scenarioFiles',
      fc.asyncProperty(scenarioArb, async (raw) => {
        const inputs = scenarioInputs(raw);
        const first = coverageFiles(computeCoverage(inputs));
        const second = coverageFiles(computeCoverage(scenarioInputs(raw)));
        expect(second).toEqual(first);
        const files = scenarioFiles(await computeScenario(inputs));
        for (const [name, text] of Object.entries(files)) {
          if (name.endsWith('.geojson')) checkRfc7946(name, text);
          if (name in first) expect(text, name).toBe(first[name]);
        }
      }),
      10,
    );
  });
});
