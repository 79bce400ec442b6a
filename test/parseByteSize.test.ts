import { describe, expect, it } from 'vitest';
import { totalmem } from 'node:os';
import { formatByteSize, parseByteSize } from '../src/parseByteSize.js';
import { raiseMemoryBudgetHint } from '../src/raiseMemoryBudgetHint.js';
import { memorySizeText } from '../src/memorySizeText.js';
import { errorOf } from './errorOf.js';

describe('parseByteSize (--memory-budget, "memoryBudget")', () => {
  it.each([
    ['4GiB', 4 * 2 ** 30],
    ['512MiB', 512 * 2 ** 20],
    ['1.5GiB', 1.5 * 2 ** 30],
    [' 2 gib ', 2 * 2 ** 30],
    ['64KiB', 64 * 2 ** 10],
    ['2GB', 2e9],
    ['1048576', 1048576],
    [1048576, 1048576],
    ['1e6', 1e6],
  ] as const)('reads %j as %d bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(['0', '0MiB', '-1GiB', -5, 'NaN', 'Infinity', 'lots', '', '4G', '4 GIGS', '1.5', 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %j with E_OPTION naming the place, the value and the forms', (value) => {
    const error = errorOf(() => parseByteSize(value as string, { where: { field: '--memory-budget' } }));
    expect(error.code).toBe('E_OPTION');
    expect(error.where).toEqual({ field: '--memory-budget' });
    expect(error.value).toBe(value);
    expect(error.message).toContain('--memory-budget');
    expect(error.expected).toMatch(/GiB/);
  });

  it('says which unit was meant for a bare G, M or K', () => {
    expect(errorOf(() => parseByteSize('4G')).message).toContain('write GiB for powers of 1024 or GB for powers of 1000');
  });

  it("refuses a budget over this machine's memory and says so; another limit or none on request", () => {
    const over = totalmem() + 2 ** 30;
    const error = errorOf(() => parseByteSize(over, { where: { field: '--memory-budget' } }));
    expect(error.code).toBe('E_OPTION');
    expect(error.message).toMatch(/more than this machine's [\d.]+GiB of memory \(os\.totalmem\(\)\): a budget it could never give/);
    // The limit named is rounded down: given back, it is accepted.
    expect(parseByteSize(error.expected!.replace('at most ', ''))).toBeLessThanOrEqual(totalmem());
    expect(parseByteSize(over, { maxBytes: Infinity })).toBe(over);
    expect(errorOf(() => parseByteSize('2MiB', { maxBytes: 2 ** 20, code: 'E_SCENARIO' })).code).toBe('E_SCENARIO');
  });

  it('formats sizes rounded up (a budget that fits) or down (a limit)', () => {
    expect(formatByteSize(5.4 * 2 ** 30)).toBe('5.4GiB');
    expect(formatByteSize(3 * 2 ** 20 + 1)).toBe('3.1MiB');
    expect(formatByteSize(3 * 2 ** 20 + 2 ** 19 - 1, { down: true })).toBe('3.4MiB');
    expect(formatByteSize(900)).toBe('900B');
    for (const bytes of [49_084, 147_148, 5.43e9]) expect(parseByteSize(formatByteSize(bytes), { maxBytes: Infinity })).toBeGreaterThanOrEqual(bytes);
    expect(memorySizeText(49_084)).toBe('48 KiB');
    expect(memorySizeText(1.4 * 2 ** 30)).toBe('1,434 MiB');
  });
});

describe('raiseMemoryBudgetHint', () => {
  it('names the flag, the scenario field and the size that fits', () => {
    expect(raiseMemoryBudgetHint(5.4 * 2 ** 30, { totalMemoryBytes: 64 * 2 ** 30 })).toBe('raise the memory budget to 5.4GiB (--memory-budget 5.4GiB, or "memoryBudget": "5.4GiB" in the scenario)');
    expect(raiseMemoryBudgetHint(2 ** 20, { scenario: false, totalMemoryBytes: 2 ** 30 })).toBe('raise the memory budget to 1MiB (--memory-budget 1MiB)');
  });

  it("says a budget over the machine's memory cannot help here", () => {
    expect(raiseMemoryBudgetHint(100 * 2 ** 30, { totalMemoryBytes: 8 * 2 ** 30 })).toBe('raising the memory budget (--memory-budget, "memoryBudget") cannot help on this machine: it would need 100GiB, more than its 8GiB of memory');
  });
});
