import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { HIGHS_MEMORY_BYTES } from '../../../src/solvers/kernel/estimateSolveSize.js';
import { highsFailure, highsMemoryStop, isHighsOutOfMemory } from '../../../src/solvers/milp/highsFailure.js';

describe('highsFailure', () => {
  it('tells memory exhaustion (an abort or a failed allocation once HiGHS\'s memory is past half its cap) from a fault (a HiGHS error, an abort from a small heap)', () => {
    const abort = new Error('Aborted(). Build with -sASSERTIONS for more info.');
    expect(isHighsOutOfMemory(abort, 1.9 * 2 ** 30)).toBe(true);
    expect(isHighsOutOfMemory(abort, Number.NaN)).toBe(true);
    expect(isHighsOutOfMemory(abort, 50 * 2 ** 20)).toBe(false);
    expect(isHighsOutOfMemory(new RangeError('Array buffer allocation failed'), 50 * 2 ** 20)).toBe(true);
    expect(isHighsOutOfMemory(Object.assign(new Error('Aborted()'), { name: 'HighsError' }), 2 * 2 ** 30)).toBe(false);
    expect(isHighsOutOfMemory(new TypeError('instance.run is not a function'), 2 * 2 ** 30)).toBe(false);
  });

  it('notes a memory stop with the model\'s size, the memory in use and how to shrink the problem', () => {
    const stop = highsMemoryStop({ step: 'LP', rows: 45_427, columns: 144_603, entries: 12_102_310, memoryBytes: 1.8 * 2 ** 30 });
    expect(stop).toMatchObject({ step: 'LP', rows: 45_427, columns: 144_603, entries: 12_102_310 });
    expect(stop.note).toContain('HiGHS ran out of its 2 GiB of WebAssembly memory on the LP (45,427 rows, 144,603 columns, 12,102,310 entries, with 1.8 GiB in use)');
    expect(stop.note).toContain('the best the heuristics found');
    expect(stop.note).toContain('fewer candidate sites');
    // Not a budget a user can raise: the option that raises airreach's own budgets does not reach it.
    expect(stop.note).toContain("HiGHS's memory is a hard limit of its WebAssembly build: --memory-budget does not raise it");
  });

  it('names an abort from a small heap as a fault, with the memory in use, and asks for a report', () => {
    const error = highsFailure(new Error('Aborted(). Build with -sASSERTIONS for more info.'), 43_149, 139_113, 48 * 2 ** 20);
    expect(error.code).toBe('E_MODEL');
    expect(error.message).toContain('HiGHS failed on the model (43,149 rows, 139,113 columns) with 48 MiB of its 2 GiB of memory in use (not exhausted): Aborted()');
    expect(error.hint).toContain('report it');
    expect(error.value).toEqual({ numRows: 43_149, numCols: 139_113 });
  });

  it('names the limit of HIGHS_MEMORY_BYTES, the most memory the installed HiGHS build can grow to (its getHeapMax), not a number of its own', () => {
    const build = readFileSync(createRequire(import.meta.url).resolve('highs'), 'utf8');
    const heapMax = /getHeapMax=\(\)=>(\d+)/.exec(build);
    expect(heapMax, 'getHeapMax in the highs build').not.toBeNull();
    expect(HIGHS_MEMORY_BYTES).toBe(Number(heapMax![1]));
    expect(highsMemoryStop({ step: 'MILP', rows: 1, columns: 1, entries: 1, memoryBytes: Number.NaN }).note).toContain(`out of its ${HIGHS_MEMORY_BYTES / 2 ** 30} GiB`);
    expect(isHighsOutOfMemory(new Error('Aborted()'), HIGHS_MEMORY_BYTES / 2)).toBe(true);
  });

  it('passes on what HiGHS said for any other failure, without blaming memory', () => {
    const error = highsFailure(new TypeError('instance.run is not a function'), 3, 4);
    expect(error.message).toContain('HiGHS failed on the model (3 rows, 4 columns): instance.run is not a function');
    expect(error.message).not.toContain('memory');
    expect(error.hint).toContain('report it');
  });
});
