import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { HIGHS_MEMORY_BYTES } from '../../../src/solvers/kernel/estimateSolveSize.js';
import { highsFailure } from '../../../src/solvers/milp/highsFailure.js';

describe('highsFailure', () => {
  it('names an abort of HiGHS\'s WebAssembly as its memory running out, with the model\'s size and how to shrink it', () => {
    const error = highsFailure(new Error('Aborted(). Build with -sASSERTIONS for more info.'), 43_149, 139_113);
    expect(error.code).toBe('E_MODEL');
    expect(error.message).toContain('43,149 rows, 139,113 columns');
    expect(error.message).toContain('WebAssembly memory, at most 2 GiB, was likely exhausted');
    expect(error.message).toContain('Aborted()');
    expect(error.hint).toContain('fewer candidate sites');
    // Not a budget a user can raise: the option that raises airreach's own budgets does not reach it.
    expect(error.hint).toContain("HiGHS's memory is a hard limit of its WebAssembly build: --memory-budget does not raise it");
    expect(error.value).toEqual({ numRows: 43_149, numCols: 139_113 });
  });

  it('names the limit of HIGHS_MEMORY_BYTES, the most memory the installed HiGHS build can grow to (its getHeapMax), not a number of its own', () => {
    const build = readFileSync(createRequire(import.meta.url).resolve('highs'), 'utf8');
    const heapMax = /getHeapMax=\(\)=>(\d+)/.exec(build);
    expect(heapMax, 'getHeapMax in the highs build').not.toBeNull();
    expect(HIGHS_MEMORY_BYTES).toBe(Number(heapMax![1]));
    const error = highsFailure(new Error('Aborted()'), 1, 1);
    expect(error.message).toContain(`at most ${HIGHS_MEMORY_BYTES / 2 ** 30} GiB`);
  });

  it('passes on what HiGHS said for any other failure, without blaming memory', () => {
    const error = highsFailure(new TypeError('instance.run is not a function'), 3, 4);
    expect(error.message).toContain('HiGHS failed on the model (3 rows, 4 columns): instance.run is not a function');
    expect(error.message).not.toContain('memory');
    expect(error.hint).toContain('report it');
  });
});
