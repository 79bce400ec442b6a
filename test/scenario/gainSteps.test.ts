import { describe, expect, it } from 'vitest';
import { sitingProblemFromMatrix } from '../../src/models/sitingProblemFromMatrix.js';
import { evaluateMaximalCovering } from '../../src/models/maximalCovering.js';
import type { SitingProblem } from '../../src/models/sitingProblem.js';
import { gainSteps, type GainStep } from '../../src/scenario/gainSteps.js';
import { createRandom } from '../../src/random.js';
import { CoverageMatrix } from '../../src/coverage/coverageMatrix.js';
import { randomMatrixProblem } from './randomMatrixProblem.js';

/** The definition: every candidate set evaluated in full by the model, largest share first, lowest index on ties. */
function naiveSteps(problem: SitingProblem, fixedSites: number[], added: number[], standardMinutes: number, sites: Array<{ id: string; name: string }>): GainStep[] {
  const share = (set: number[]) => evaluateMaximalCovering(problem, set, { standardMinutes }).coveredShare;
  const current = [...fixedSites];
  let currentShare = share(current);
  const steps: GainStep[] = [{ siteId: null, siteName: null, coveredShare: currentShare, gainShare: 0 }];
  const remaining = [...added].sort((a, b) => a - b);
  while (remaining.length > 0) {
    let best = -1;
    let bestShare = -1;
    for (const s of remaining) {
      const candidate = share([...current, s]);
      if (candidate > bestShare) {
        bestShare = candidate;
        best = s;
      }
    }
    remaining.splice(remaining.indexOf(best), 1);
    current.push(best);
    steps.push({ siteId: sites[best].id, siteName: sites[best].name, coveredShare: bestShare, gainShare: bestShare - currentShare });
    currentShare = bestShare;
  }
  return steps;
}

describe('gainSteps', () => {
  it('gives the model’s shares to the last bit, in the same order, on random instances (fractional weights, ties, zero weights)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const random = createRandom(seed);
      const demandCount = random.int(1, 40);
      const siteCount = random.int(1, 12);
      const density = random.float() * 0.6;
      // Minutes around the standard; some equal to it (covered: <=), some pairs missing.
      const minutes = Array.from({ length: demandCount }, () => Array.from({ length: siteCount }, () => (random.float() < density ? [5, 10, 10.5][random.int(0, 2)] : random.float() < 0.5 ? 50 : Infinity)));
      const demandWeights = minutes.map(() => (random.int(0, 5) === 0 ? 0 : random.float() * 7 + (random.int(0, 3) === 0 ? 1e6 : 0)));
      const problem = sitingProblemFromMatrix(minutes, { demandWeights });
      const { fixed, added, sites } = stepsCase(siteCount, random);
      const expected = naiveSteps(problem, fixed, added, 10, sites);
      const steps = gainSteps(problem, fixed, added, 10, sites);
      expect(steps).toEqual(expected);
      // toEqual compares numbers with Object.is: the same bits, not merely close.
      steps.forEach((step, k) => expect(Object.is(step.coveredShare, expected[k].coveredShare)).toBe(true));
    }
  });

  it('gives the same steps, to the last bit, from the sites\' own pairs (matrix) as from a scan of the problem', () => {
    for (let seed = 1; seed <= 80; seed++) {
      const { matrix, problem, random } = randomMatrixProblem(seed);
      const { siteCount } = problem;
      const { fixed, added, sites } = stepsCase(siteCount, random);
      const expected = naiveSteps(problem, fixed, added, 10, sites);
      const general = gainSteps(problem, fixed, added, 10, sites);
      const fast = gainSteps(problem, fixed, added, 10, sites, { matrix });
      expect(general).toEqual(expected);
      expect(fast).toEqual(expected);
      fast.forEach((step, k) => expect(Object.is(step.coveredShare, expected[k].coveredShare) && Object.is(step.gainShare, expected[k].gainShare)).toBe(true));
    }
  });

  it('refuses a bad kept site with the matrix as without it, and ignores a matrix of other dimensions', () => {
    const { matrix, problem } = randomMatrixProblem(5);
    const sites = Array.from({ length: problem.siteCount }, (_, s) => ({ id: `s${s}`, name: `Site ${s}` }));
    expect(() => gainSteps(problem, [problem.siteCount], [], 10, sites, { matrix })).toThrow(/out of range/);
    const other = CoverageMatrix.fromRows(problem.siteCount, problem.demandCount + 1, [], 60);
    expect(gainSteps(problem, [0], [], 10, sites, { matrix: other })).toEqual(gainSteps(problem, [0], [], 10, sites));
  });

  it('takes the largest gain first and the lowest index among equal gains', () => {
    // Site 0 reaches rows 0–1, site 1 rows 2–3 (same weight: a tie), site 2 row 4 only.
    const far = 50;
    const minutes = [
      [5, far, far],
      [5, far, far],
      [far, 5, far],
      [far, 5, far],
      [far, far, 5],
    ];
    const problem = sitingProblemFromMatrix(minutes, { demandWeights: [1, 1, 1, 1, 1] });
    const sites = [0, 1, 2].map((s) => ({ id: `s${s}`, name: `Site ${s}` }));
    const steps = gainSteps(problem, [], [2, 1, 0], 10, sites);
    expect(steps.map((step) => step.siteId)).toEqual([null, 's0', 's1', 's2']);
    expect(steps.map((step) => step.coveredShare)).toEqual([0, 0.4, 0.8, 1]);
    expect(steps[3].gainShare).toBeCloseTo(0.2, 12);
  });

  it('counts a row the kept bases already cover only once', () => {
    const problem = sitingProblemFromMatrix([[5, 5], [5, 50]], { demandWeights: [3, 1] });
    const sites = [0, 1].map((s) => ({ id: `s${s}`, name: `Site ${s}` }));
    const steps = gainSteps(problem, [0], [1], 10, sites);
    expect(steps).toEqual([
      { siteId: null, siteName: null, coveredShare: 1, gainShare: 0 },
      { siteId: 's1', siteName: 'Site 1', coveredShare: 1, gainShare: 0 },
    ]);
  });
});

/** A random case's fixed sites (up to 3), the sites added after them in a random order, and the sites' names; the draws in the order the tests made them. */
function stepsCase(siteCount: number, random: { int(min: number, max: number): number; float(): number }): { fixed: number[]; added: number[]; sites: Array<{ id: string; name: string }> } {
  const order = Array.from({ length: siteCount }, (_, s) => s).sort(() => random.float() - 0.5);
  const fixedCount = random.int(0, Math.min(3, siteCount));
  const fixed = order.slice(0, fixedCount);
  const added = order.slice(fixedCount, fixedCount + random.int(0, siteCount - fixedCount));
  const sites = Array.from({ length: siteCount }, (_, s) => ({ id: `s${s}`, name: `Site ${s}` }));
  return { fixed, added, sites };
}
