import { describe, expect, it } from 'vitest';
import { takeBestNode } from '../../../src/solvers/covering/takeBestNode.js';

describe('takeBestNode', () => {
  it('takes the largest bound, ties to the earliest made, and leaves the rest', () => {
    const open = [
      { bound: 9, order: 0 },
      { bound: 10, order: 2 },
      { bound: 10, order: 1 },
      { bound: 3, order: 3 },
    ];
    expect(takeBestNode(open)).toEqual({ bound: 10, order: 1 });
    expect(takeBestNode(open)).toEqual({ bound: 10, order: 2 });
    expect(takeBestNode(open)).toEqual({ bound: 9, order: 0 });
    expect(takeBestNode(open)).toEqual({ bound: 3, order: 3 });
    expect(takeBestNode(open)).toBeUndefined();
  });
});
