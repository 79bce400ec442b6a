import { describe, expect, it } from 'vitest';
import { highsFailure } from '../../../src/solvers/milp/highsFailure.js';

describe('highsFailure', () => {
  it('names an abort of HiGHS\'s WebAssembly as its memory running out, with the model\'s size and how to shrink it', () => {
    const error = highsFailure(new Error('Aborted(). Build with -sASSERTIONS for more info.'), 43_149, 139_113);
    expect(error.code).toBe('E_MODEL');
    expect(error.message).toContain('43,149 rows, 139,113 columns');
    expect(error.message).toContain('WebAssembly memory, at most 2 GiB, was likely exhausted');
    expect(error.message).toContain('Aborted()');
    expect(error.hint).toContain('fewer candidate sites');
    expect(error.value).toEqual({ numRows: 43_149, numCols: 139_113 });
  });

  it('passes on what HiGHS said for any other failure, without blaming memory', () => {
    const error = highsFailure(new TypeError('instance.run is not a function'), 3, 4);
    expect(error.message).toContain('HiGHS failed on the model (3 rows, 4 columns): instance.run is not a function');
    expect(error.message).not.toContain('memory');
    expect(error.hint).toContain('report it');
  });
});
