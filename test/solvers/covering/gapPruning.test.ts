import { describe, expect, it } from 'vitest';
import { gapPruning } from '../../../src/solvers/covering/gapPruning.js';

describe('gapPruning', () => {
  it('floors bounds with integral weights, and compares with a tolerance otherwise', () => {
    const best = 10;
    expect(gapPruning(true, 0, () => best).strict(10.999)).toBe(true);
    expect(gapPruning(true, 0, () => best).strict(11)).toBe(false);
    expect(gapPruning(false, 0, () => best).strict(10 + 1e-12)).toBe(true);
    expect(gapPruning(false, 0, () => best).strict(10.001)).toBe(false);
  });

  it('prunes within the target gap but remembers the largest such bound', () => {
    const pruning = gapPruning(false, 0.01, () => 100);
    expect(pruning.toleratedBound).toBe(-Infinity);
    expect(pruning.prune(100.5)).toBe(true);
    expect(pruning.prune(100.2)).toBe(true);
    expect(pruning.toleratedBound).toBe(100.5);
    expect(pruning.prune(101.5)).toBe(false);
    expect(pruning.prune(99)).toBe(true); // strict: not remembered
    expect(pruning.toleratedBound).toBe(100.5);
  });

  it('follows an improving incumbent', () => {
    let best = 5;
    const pruning = gapPruning(true, 0, () => best);
    expect(pruning.prune(7.5)).toBe(false);
    best = 7;
    expect(pruning.prune(7.5)).toBe(true);
  });
});
