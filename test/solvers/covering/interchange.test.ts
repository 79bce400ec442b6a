import { describe, expect, it } from 'vitest';
import { generateCoveringFamily } from '../../../bench/coveringFamily.js';
import { createRandom } from '../../../src/random.js';
import { greedyCovering } from '../../../src/solvers/covering/greedyCovering.js';
import { interchange, perturbedInterchange } from '../../../src/solvers/covering/interchange.js';
import { reduceCovering } from '../../../src/solvers/covering/reduceCovering.js';
import type { ReducedCovering } from '../../../src/solvers/covering/reduceCovering.js';
import { subsets } from '../tinyProblems.js';

/** Covered weight of the chosen columns, recomputed from scratch. */
function coveredWeight(model: ReducedCovering, chosen: Uint8Array): number {
  const covered = new Uint8Array(model.rowCount);
  for (let c = 0; c < model.columnCount; c++) {
    if (!chosen[c]) continue;
    for (let k = model.columnOffsets[c]; k < model.columnOffsets[c + 1]; k++) covered[model.columnRows[k]] = 1;
  }
  let value = 0;
  for (let r = 0; r < model.rowCount; r++) if (covered[r]) value += model.rowWeights[r];
  return value;
}

describe('perturbedInterchange', () => {
  it('never loses weight, keeps the count, agrees with a recount, and reaches the brute-force optimum on tiny family instances', () => {
    let reached = 0;
    let total = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const { problem } = generateCoveringFamily(seed, { demandCount: 120, siteCount: 16, maxMinutes: 25, sideKm: 300 });
      for (const standardMinutes of [20, 25]) {
        const model = reduceCovering(problem, standardMinutes);
        const count = Math.min(model.columnCount - 1, 3);
        if (count < 1) continue;
        let optimum = 0;
        for (const set of subsets(model.columnCount, count)) {
          const chosen = new Uint8Array(model.columnCount);
          for (const c of set) chosen[c] = 1;
          optimum = Math.max(optimum, coveredWeight(model, chosen));
        }
        const state = greedyCovering(model, count);
        interchange(state);
        const before = state.covered;
        const improvements = perturbedInterchange(state, { random: createRandom(seed), rounds: 100 });
        expect(state.covered).toBeGreaterThanOrEqual(before - 1e-9);
        expect(state.covered).toBeCloseTo(coveredWeight(model, state.chosen), 6);
        expect(state.chosen.reduce((a, b) => a + b, 0)).toBe(count);
        expect(state.covered).toBeLessThanOrEqual(optimum + 1e-6);
        if (improvements > 0) expect(state.covered).toBeGreaterThan(before);
        total++;
        if (Math.abs(state.covered - optimum) < 1e-6) reached++;
      }
    }
    expect(reached).toBe(total);
  });

  it('is deterministic for a seed', () => {
    const { problem } = generateCoveringFamily(5, { demandCount: 400, siteCount: 50, maxMinutes: 25, sideKm: 400 });
    const model = reduceCovering(problem, 25);
    const run = () => {
      const state = greedyCovering(model, 5);
      perturbedInterchange(state, { random: createRandom(9), rounds: 50 });
      return [...state.chosen].join('');
    };
    expect(run()).toBe(run());
  });
});
