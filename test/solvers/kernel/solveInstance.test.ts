// Issue 17's start-up clause: "every result has a finite bound and gap, however short the limit",
// for every model of the registry (a model added there without a row here fails the first test).
import { describe, expect, it } from 'vitest';
import { MODEL_REGISTRY } from '../../../src/solvers/kernel/modelRegistry.js';
import { parseInstance } from '../../../src/solvers/kernel/parseInstance.js';
import { solveInstance } from '../../../src/solvers/kernel/solveInstance.js';
import { createRandom } from '../../../src/random.js';

const ROWS = 40;
const SITES = 20;
const random = createRandom(17);
const minutes = Array.from({ length: ROWS }, () => Array.from({ length: SITES }, () => Math.round(5 + random.float() * 60)));
const regions = Array.from({ length: ROWS }, (_, i) => i % 3);

/** One instance per model (several for models with distinct objectives), 40 × 20, standards that leave some demand uncovered. */
const INSTANCES: Record<string, Array<Record<string, unknown>>> = {
  setCovering: [{ standardMinutes: 40 }],
  maximalCovering: [{ standardMinutes: 20, siteCount: 3 }, { standardMinutes: 20, budget: 3, siteCosts: Array.from({ length: SITES }, (_, j) => 1 + (j % 3)) }],
  backupCovering: [{ standardMinutes: 25, siteCount: 3 }],
  expectedCovering: [{ standardMinutes: 25, busyFraction: 0.3, aircraftCount: 4 }],
  pMedian: [{ siteCount: 3 }],
  pCenter: [{ siteCount: 3 }],
  capacitatedPMedian: [{ siteCount: 3, demands: Array(ROWS).fill(1), capacities: Array(SITES).fill(20) }],
  capacitatedFacilityLocation: [{ demands: Array(ROWS).fill(1), capacities: Array(SITES).fill(20), openingCosts: Array(SITES).fill(50) }],
  maximumAvailability: [{ standardMinutes: 25, aircraftCount: 4, busyFraction: 0.3, reliability: 0.9 }],
  doubleStandard: [{ standardMinutes: 20, looseStandardMinutes: 70, aircraftCount: 4 }],
  phasedRollout: [{ standardMinutes: 20, sitesPerYear: 1, years: 3 }],
  fairCovering: [
    { standardMinutes: 20, siteCount: 3, demandRegions: regions },
    { standardMinutes: 20, siteCount: 3, demandRegions: regions, fairness: 'maxMin' },
  ],
};
/** The shortest limits there are: a clock cap that has passed before the first check, one work unit, a thousand. */
const LIMITS = [{ timeLimitSeconds: 1e-6 }, { workLimit: 1 }, { workLimit: 1e3 }];

describe('solveInstance: a finite bound and gap for every model, however short the limit (issue 17)', () => {
  it('covers every model of the registry', () => {
    expect(Object.keys(INSTANCES).sort()).toEqual(Object.keys(MODEL_REGISTRY).sort());
  });

  // The proven optimum of each instance, solved once (the capacitated ones take seconds).
  const optima = new Map<string, Promise<number>>();
  const cases = Object.entries(INSTANCES).flatMap(([model, list]) => list.flatMap((fields, k) => LIMITS.map((limit) => [`${model}#${k}`, JSON.stringify(limit), model, fields, limit] as const)));
  it.each(cases)('%s at %s', async (name, _limit, model, fields, limit) => {
    const instance = parseInstance({ model, minutes, ...fields });
    const answer = await solveInstance(instance, limit);
    if (!optima.has(name)) {
      optima.set(name, solveInstance(instance, { workLimit: 1e9 }).then((full) => (full.status === 'optimal' ? full.objective : NaN)));
    }
    const full = { objective: await optima.get(name)! };
    expect(full.objective, 'proven optimum').not.toBeNaN();
    expect(Number.isFinite(answer.bound) && Number.isFinite(answer.gap) && Number.isFinite(answer.objective), JSON.stringify(answer)).toBe(true);
    // Through JSON (what `airreach solve` prints): no null where a number belongs.
    expect(JSON.parse(JSON.stringify(answer))).toMatchObject({ bound: answer.bound, gap: answer.gap });
    // The bound is valid: on the far side of the proven optimum, and of the answer's own objective.
    const sense = MODEL_REGISTRY[instance.model].sense;
    if (sense === 'maximize') expect(answer.bound).toBeGreaterThanOrEqual(full.objective * (1 - 1e-9));
    else expect(answer.bound).toBeLessThanOrEqual(full.objective * (1 + 1e-9));
    expect(sense === 'maximize' ? answer.bound >= answer.objective : answer.bound <= answer.objective).toBe(true);
    expect(answer.status === 'optimal' ? answer.gap : 0).toBeLessThanOrEqual(1e-9);
    expect(answer.stoppedBy).toBe(answer.status === 'optimal' ? 'proof' : 'timeLimitSeconds' in limit ? 'clock' : 'budget');
  });
});
