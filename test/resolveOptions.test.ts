import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/resolveOptions.js';

describe('resolveOptions', () => {
  it('keeps a default where the caller passed undefined, and takes every defined value', () => {
    const defaults = { threads: 2, idleTimeoutMs: 5000, label: 'x' };
    const settings = resolveOptions(defaults, { threads: undefined, idleTimeoutMs: 0, label: '' });
    expect(settings).toEqual({ threads: 2, idleTimeoutMs: 0, label: '' });
  });

  it('keeps null and false (only undefined means "not set")', () => {
    const settings = resolveOptions({ a: 1 as number | null, b: true }, { a: null, b: false });
    expect(settings).toEqual({ a: null, b: false });
  });

  it('freezes the defaults and returns a fresh object each call', () => {
    const defaults = { n: 1 };
    const first = resolveOptions(defaults, {});
    first.n = 5;
    expect(Object.isFrozen(defaults)).toBe(true);
    expect(resolveOptions(defaults).n).toBe(1);
    expect(() => {
      (defaults as { n: number }).n = 3;
    }).toThrow(TypeError);
  });

  it('takes options the defaults do not name (extra settings pass through)', () => {
    const settings = resolveOptions({ a: 1 }, { a: 2, signal: 'S' } as { a?: number; signal?: string });
    expect(settings).toEqual({ a: 2, signal: 'S' });
  });
});
