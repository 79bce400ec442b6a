import { describe, expect, it } from 'vitest';
import { encodeSitePlans, joinSitePlanTables, sitePlansOf, type SitePlan } from '../../src/coverage/sitePlanTable.js';

const build = { maxMinutes: 60, period: 'day' as const, refuelPointCount: 0, cellCount: 1000 };

function plan(seed: number, types: number): SitePlan {
  const values = (offset: number) => Float64Array.from({ length: types }, (_, t) => seed * 10 + offset + t / 8);
  return {
    sx: seed + 0.1,
    sy: seed + 0.2,
    sz: -seed - 0.3,
    slices: Int32Array.from({ length: 5 * (seed + 1) }, (_, k) => seed * 100 + k),
    sureChordSquared: seed === 2 ? -1 : 0.001 * seed,
    searchChordSquared: 0.002 * (seed + 1),
    dominant: types > 1 ? -1 : 0,
    multiTypeFast: seed % 2 === 0,
    activation: values(1),
    speedKmh: values(2),
    fixedMinutes: values(3),
    usableKm: values(4),
  };
}

// Plain objects with plain arrays, so that views and copies compare by value.
const plainOf = (plans: ReadonlyArray<SitePlan | null>) =>
  plans.map((p) => (p === null ? null : { ...p, slices: [...p.slices], activation: [...p.activation], speedKmh: [...p.speedKmh], fixedMinutes: [...p.fixedMinutes], usableKm: [...p.usableKm] }));

describe('sitePlanTable', () => {
  const plans = [plan(0, 1), null, plan(2, 3), plan(3, 2), null];

  it('reads back every plan of the table, sites without a flying aircraft as null, from any site range', () => {
    const table = encodeSitePlans(plans, 10, build);
    expect(table.siteStart).toBe(10);
    expect(table.siteCount).toBe(5);
    expect(plainOf(sitePlansOf(table, 10, 15, build))).toEqual(plainOf(plans));
    expect(plainOf(sitePlansOf(table, 12, 14, build))).toEqual(plainOf(plans.slice(2, 4)));
  });

  it('joins consecutive tables into one in shared memory, equal to one table of all the plans', () => {
    const joined = joinSitePlanTables([encodeSitePlans(plans.slice(0, 2), 0, build), encodeSitePlans(plans.slice(2), 2, build)], { shared: true });
    expect(joined.numbers.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(joined.slices.buffer).toBeInstanceOf(SharedArrayBuffer);
    const whole = encodeSitePlans(plans, 0, build);
    expect({ ...joined, numbers: [...joined.numbers], slices: [...joined.slices], numberStarts: [...joined.numberStarts], sliceStarts: [...joined.sliceStarts] }).toEqual({
      ...whole,
      numbers: [...whole.numbers],
      slices: [...whole.slices],
      numberStarts: [...whole.numberStarts],
      sliceStarts: [...whole.sliceStarts],
    });
  });

  it('refuses plans of another build or outside the table (E_OPTION), tables that do not follow on or of other builds, and nothing to join', () => {
    const table = encodeSitePlans(plans, 10, build);
    expect(() => sitePlansOf(table, 10, 12, { ...build, maxMinutes: 120 })).toThrowError(expect.objectContaining({ code: 'E_OPTION', where: { field: 'sitePlans' } }));
    expect(() => sitePlansOf(table, 10, 12, { ...build, period: 'night' })).toThrowError(expect.objectContaining({ code: 'E_OPTION' }));
    expect(() => sitePlansOf(table, 9, 12, build)).toThrowError(expect.objectContaining({ code: 'E_OPTION' }));
    expect(() => sitePlansOf(table, 12, 16, build)).toThrowError(expect.objectContaining({ code: 'E_OPTION' }));
    const first = encodeSitePlans(plans.slice(0, 2), 0, build);
    expect(() => joinSitePlanTables([first, encodeSitePlans(plans.slice(2), 3, build)])).toThrowError(expect.objectContaining({ code: 'E_OPTION', where: { field: 'tables/1' } }));
    expect(() => joinSitePlanTables([first, encodeSitePlans(plans.slice(2), 2, { ...build, cellCount: 999 })])).toThrowError(expect.objectContaining({ code: 'E_OPTION' }));
    expect(() => joinSitePlanTables([])).toThrowError(expect.objectContaining({ code: 'E_EMPTY' }));
  });
});
