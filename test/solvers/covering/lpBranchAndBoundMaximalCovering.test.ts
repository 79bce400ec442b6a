import { describe, expect, it } from 'vitest';
import { generateCoveringFamily } from '../../../bench/coveringFamily.js';
import { lpBranchAndBoundMaximalCovering } from '../../../src/solvers/covering/lpBranchAndBoundMaximalCovering.js';
import { maximalCoveringLpBound, openMaximalCoveringNodeLp, restrictedNodeLp } from '../../../src/solvers/covering/maximalCoveringLpBound.js';
import { lagrangianMaximalCovering } from '../../../src/solvers/covering/lagrangianMaximalCovering.js';
import { reduceCovering } from '../../../src/solvers/covering/reduceCovering.js';
import type { ReducedCovering } from '../../../src/solvers/covering/reduceCovering.js';
import { solveMilp } from '../../../src/solvers/milp/solveMilp.js';
import { MilpBuilder } from '../../../src/solvers/milp/milpBuilder.js';
import { WorkBudget } from '../../../src/solvers/kernel/workBudget.js';
import { subsets } from '../tinyProblems.js';

/** Covered weight of a column set on a reduced model. */
function coveredWeight(model: ReducedCovering, columns: ArrayLike<number>): number {
  const covered = new Uint8Array(model.rowCount);
  for (let t = 0; t < columns.length; t++) {
    const c = columns[t];
    for (let k = model.columnOffsets[c]; k < model.columnOffsets[c + 1]; k++) covered[model.columnRows[k]] = 1;
  }
  let value = 0;
  for (let r = 0; r < model.rowCount; r++) if (covered[r]) value += model.rowWeights[r];
  return value;
}

/** Best covered weight over every `count`-subset respecting a column state (brute force). */
function bruteForce(model: ReducedCovering, count: number, state?: Int8Array): number {
  let best = -Infinity;
  for (const set of subsets(model.columnCount, count)) {
    if (state && (set.some((c) => state[c] === 2) || [...state].some((s, c) => s === 1 && !set.includes(c)))) continue;
    best = Math.max(best, coveredWeight(model, set));
  }
  return best;
}

/** Tiny partial-coverage instances of the issue-17 family, reduced. */
function familyModels(): Array<{ model: ReducedCovering; count: number }> {
  const models: Array<{ model: ReducedCovering; count: number }> = [];
  for (let seed = 1; seed <= 8; seed++) {
    const { problem } = generateCoveringFamily(seed, { demandCount: 120, siteCount: 16, maxMinutes: 25, sideKm: 300 });
    for (const standardMinutes of [20, 25]) {
      const model = reduceCovering(problem, standardMinutes);
      const count = Math.min(model.columnCount - 1, 2 + (seed % 3));
      if (count >= 1) models.push({ model, count });
    }
  }
  return models;
}

describe('lpBranchAndBoundMaximalCovering', () => {
  it('proves the brute-force optimum on tiny family instances, from a zero incumbent and from one just below the optimum', async () => {
    let branched = 0;
    for (const { model, count } of familyModels()) {
      const optimum = bruteForce(model, count);
      const onCandidate = (columns: Int32Array) => coveredWeight(model, columns);
      let best = 0;
      const fromZero = await lpBranchAndBoundMaximalCovering(model, count, 0, {
        onCandidate: (columns) => (best = Math.max(best, onCandidate(columns))),
      });
      expect(fromZero.proven).toBe(true);
      expect(fromZero.lowerBound).toBeCloseTo(optimum, 6);
      expect(fromZero.bound).toBeCloseTo(optimum, 6);
      // Fixing at every node removes only solutions no better than the incumbent: from just
      // below the optimum the tree must still reach it.
      let found = optimum - 0.05;
      const nearOptimum = await lpBranchAndBoundMaximalCovering(model, count, found, {
        onCandidate: (columns) => (found = Math.max(found, onCandidate(columns))),
      });
      expect(nearOptimum.proven).toBe(true);
      expect(nearOptimum.lowerBound).toBeCloseTo(optimum, 6);
      if (fromZero.nodes > 1) branched++;
    }
    // The instances are hard enough that some need branching (else the tree is not tested).
    expect(branched).toBeGreaterThan(0);
  });

  it('node LPs bound every solution of their node (brute force) and their site values sum to the count', async () => {
    for (const { model, count } of familyModels().slice(0, 8)) {
      for (let trial = 0; trial < 3; trial++) {
        const state = new Int8Array(model.columnCount);
        state[trial % model.columnCount] = 1;
        state[(trial + 3) % model.columnCount] = 2;
        const lp = await maximalCoveringLpBound(model, count, { columnState: state });
        expect(lp.status).toBe('optimal');
        const exact = lagrangianMaximalCovering(model, count, 0, { columnState: state, lambda: lp.lambda!, maxIterations: 1 }).bound;
        const best = bruteForce(model, count, state);
        expect(exact).toBeGreaterThanOrEqual(best - 1e-6);
        expect(lp.lpValue).toBeGreaterThanOrEqual(best - 1e-6);
        let sum = 0;
        for (const x of lp.siteValues!) sum += x;
        // Σ x ≤ count (θ ≥ 0 in the dual): fewer sites may already cover all they can.
        expect(sum).toBeLessThanOrEqual(count + 1e-6);
        expect(lp.siteValues![(trial + 3) % model.columnCount]).toBe(0);
        expect(lp.siteValues![trial % model.columnCount]).toBe(1);
      }
    }
  });

  it('a node LP on its restricted model equals the node LP of the whole model, its mapped multipliers bound the node exactly (brute force)', async () => {
    let checked = 0;
    for (const { model, count } of familyModels().slice(0, 10)) {
      for (let trial = 0; trial < 4; trial++) {
        const state = new Int8Array(model.columnCount);
        state[trial % model.columnCount] = 1;
        state[(trial + 3) % model.columnCount] = 2;
        if (trial >= 2) state[(trial + 5) % model.columnCount] = 2;
        const whole = await maximalCoveringLpBound(model, count, { columnState: state });
        const restricted = (await restrictedNodeLp(model, count, state, new WorkBudget(), 1))!;
        expect(restricted.status).toBe('optimal');
        expect(restricted.lpValue).toBeCloseTo(whole.lpValue, 6);
        const exact = lagrangianMaximalCovering(model, count, 0, { columnState: state, lambda: restricted.lambda!, maxIterations: 1 }).bound;
        // L(λ) of the mapped multipliers is the LP value (the LP dual's optimum), and bounds the node.
        expect(exact).toBeCloseTo(whole.lpValue, 4);
        expect(exact).toBeGreaterThanOrEqual(bruteForce(model, count, state) - 1e-6);
        expect(restricted.siteValues![trial % model.columnCount]).toBe(1);
        expect(restricted.siteValues![(trial + 3) % model.columnCount]).toBe(0);
        // A share below the restricted model's pairs leaves the node to the session.
        expect(await restrictedNodeLp(model, count, state, new WorkBudget(), 0)).toBeUndefined();
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('node LPs on restricted models (always, never, the default share) prove the brute-force optimum', async () => {
    for (const { model, count } of familyModels()) {
      const optimum = bruteForce(model, count);
      for (const restrictedLpShare of [0, 0.4, 1]) {
        let best = 0;
        const result = await lpBranchAndBoundMaximalCovering(model, count, 0, {
          restrictedLpShare,
          onCandidate: (columns) => (best = Math.max(best, coveredWeight(model, columns))),
        });
        expect(result.proven).toBe(true);
        expect(result.lowerBound).toBeCloseTo(optimum, 6);
        if (restrictedLpShare === 0) expect(result.restrictedLps).toBe(0);
      }
    }
  });

  it('matches the compact MILP in HiGHS on 300 × 40 family instances', async () => {
    for (const seed of [41, 42]) {
      const { problem } = generateCoveringFamily(seed, { demandCount: 300, siteCount: 40, maxMinutes: 30, sideKm: 300 });
      for (const standardMinutes of [25, 30]) {
        const model = reduceCovering(problem, standardMinutes);
        const count = 4;
        const builder = new MilpBuilder('maximize');
        const x = builder.addColumns(model.columnCount, 0, 0, 1, true);
        const y = builder.addColumns(model.rowCount, 0, 0, 1, false);
        for (let r = 0; r < model.rowCount; r++) {
          builder.setCost(y + r, model.rowWeights[r]);
          for (let k = model.rowOffsets[r]; k < model.rowOffsets[r + 1]; k++) builder.entry(x + model.rowColumns[k], 1);
          builder.entry(y + r, -1).endRow(0, Infinity);
        }
        for (let c = 0; c < model.columnCount; c++) builder.entry(x + c, 1);
        builder.endRow(count, count);
        const reference = await solveMilp(builder.build());
        expect(reference.status).toBe('optimal');
        let best = 0;
        const result = await lpBranchAndBoundMaximalCovering(model, count, 0, { onCandidate: (columns) => (best = Math.max(best, coveredWeight(model, columns))) });
        expect(result.proven).toBe(true);
        expect(result.lowerBound).toBeCloseTo(reference.objective, 4);
      }
    }
  });

  it('a target gap proves only the gap; a root LP handed in gives the same optimum', async () => {
    for (const { model, count } of familyModels()) {
      const optimum = bruteForce(model, count);
      const onCandidate = (columns: Int32Array) => coveredWeight(model, columns);
      const loose = await lpBranchAndBoundMaximalCovering(model, count, 0, { targetGap: 0.05, onCandidate });
      expect(loose.bound).toBeGreaterThanOrEqual(optimum - 1e-6);
      expect(loose.lowerBound).toBeGreaterThanOrEqual(optimum / 1.05 - 1e-6);
      if (loose.proven) expect(loose.lowerBound).toBeCloseTo(optimum, 6);
      const rootLp = await maximalCoveringLpBound(model, count);
      const handed = await lpBranchAndBoundMaximalCovering(model, count, 0, { rootLp, onCandidate });
      expect(handed.proven).toBe(true);
      expect(handed.lowerBound).toBeCloseTo(optimum, 6);
    }
  });

  it('a node limit or an empty budget leaves a valid open bound', async () => {
    for (const { model, count } of familyModels().slice(0, 6)) {
      const optimum = bruteForce(model, count);
      for (const options of [{ maxNodes: 1 }, { workBudget: new WorkBudget({ workLimit: 1 }) }]) {
        const result = await lpBranchAndBoundMaximalCovering(model, count, 0, { ...options, onCandidate: (columns) => coveredWeight(model, columns) });
        expect(result.bound).toBeGreaterThanOrEqual(optimum - 1e-6);
        expect(result.lowerBound).toBeLessThanOrEqual(optimum + 1e-6);
        if (result.proven) expect(result.lowerBound).toBeCloseTo(optimum, 6);
      }
    }
  });

  it('the open bound never rises as the node limit grows, and never falls below the optimum', async () => {
    let tightened = 0;
    for (const { model, count } of familyModels()) {
      const optimum = bruteForce(model, count);
      let previous = Infinity;
      for (let maxNodes = 1; maxNodes <= 12; maxNodes++) {
        const result = await lpBranchAndBoundMaximalCovering(model, count, 0, { maxNodes, onCandidate: (columns) => coveredWeight(model, columns) });
        expect(result.bound).toBeGreaterThanOrEqual(optimum - 1e-6);
        expect(result.bound).toBeLessThanOrEqual(previous + 1e-9);
        if (result.bound < previous - 1e-9 && previous !== Infinity) tightened++;
        previous = result.bound;
        if (result.proven) {
          expect(result.lowerBound).toBeCloseTo(optimum, 6);
          break;
        }
      }
    }
    // Not vacuous: on some instance a later node lowered the open bound.
    expect(tightened).toBeGreaterThan(0);
  });

  it('an open node LP handed in (its root solved there) gives the same proven optimum, and stays open for its owner', async () => {
    for (const { model, count } of familyModels()) {
      const optimum = bruteForce(model, count);
      const nodeLp = await openMaximalCoveringNodeLp(model, count);
      try {
        const rootLp = nodeLp.solve(new Int8Array(model.columnCount), new WorkBudget());
        const result = await lpBranchAndBoundMaximalCovering(model, count, 0, { rootLp, nodeLp, onCandidate: (columns) => coveredWeight(model, columns) });
        expect(result.proven).toBe(true);
        expect(result.lowerBound).toBeCloseTo(optimum, 6);
        // Still usable after the tree: the tree did not dispose of it.
        expect(nodeLp.solve(new Int8Array(model.columnCount), new WorkBudget()).lpValue).toBeCloseTo(rootLp.lpValue, 6);
      } finally {
        nodeLp.dispose();
      }
    }
  });

  it('with and without plunges (and plunging on every node) it proves the same brute-force optimum', async () => {
    for (const { model, count } of familyModels()) {
      const optimum = bruteForce(model, count);
      for (const plungeShare of [0, 0.25, 1]) {
        const result = await lpBranchAndBoundMaximalCovering(model, count, 0, { plungeShare, onCandidate: (columns) => coveredWeight(model, columns) });
        expect(result.proven).toBe(true);
        expect(result.lowerBound).toBeCloseTo(optimum, 6);
        const stopped = await lpBranchAndBoundMaximalCovering(model, count, 0, { plungeShare, maxNodes: 2, onCandidate: (columns) => coveredWeight(model, columns) });
        expect(stopped.bound).toBeGreaterThanOrEqual(optimum - 1e-6);
      }
    }
  });

  it('reliability branching (pseudo-costs, strong branching or both) proves the brute-force optimum, and its open bound never falls below it', async () => {
    let strong = 0;
    for (const { model, count } of familyModels()) {
      const optimum = bruteForce(model, count);
      const onCandidate = (columns: Int32Array) => coveredWeight(model, columns);
      for (const [strongBranchLps, strongBranchCandidates, reliability] of [
        [0, 4, 1],
        [6, 1, 1],
        [40, 4, 1],
        [1000, 8, 3],
      ]) {
        const settings = { strongBranchLps, strongBranchCandidates, reliability };
        const result = await lpBranchAndBoundMaximalCovering(model, count, 0, { ...settings, onCandidate });
        expect(result.proven).toBe(true);
        expect(result.strongBranchLps).toBeLessThanOrEqual(strongBranchLps);
        strong += result.strongBranchLps;
        expect(result.lowerBound).toBeCloseTo(optimum, 6);
        // From just below the optimum: a strong-branched child pruned by the incumbent must
        // never cut the optimum off.
        let found = optimum - 0.05;
        const near = await lpBranchAndBoundMaximalCovering(model, count, found, { ...settings, onCandidate: (columns) => (found = Math.max(found, onCandidate(columns))) });
        expect(near.proven).toBe(true);
        expect(near.lowerBound).toBeCloseTo(optimum, 6);
        for (const maxNodes of [1, 2, 3]) {
          const stopped = await lpBranchAndBoundMaximalCovering(model, count, 0, { ...settings, maxNodes, onCandidate });
          expect(stopped.bound).toBeGreaterThanOrEqual(optimum - 1e-6);
          if (stopped.proven) expect(stopped.lowerBound).toBeCloseTo(optimum, 6);
        }
      }
    }
    // Not vacuous: strong branching ran.
    expect(strong).toBeGreaterThan(0);
  });

  it('is deterministic: the same nodes and bounds run to run with strong branching', async () => {
    for (const { model, count } of familyModels().slice(0, 6)) {
      const run = () => lpBranchAndBoundMaximalCovering(model, count, 0, { maxNodes: 3, onCandidate: (columns) => coveredWeight(model, columns) });
      expect(await run()).toEqual(await run());
    }
  });
});
