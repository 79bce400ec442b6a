import { AirreachError } from '../errors.js';
import type { Period } from '../travel/aircraft.js';

/**
 * What the coverage scan needs about one site, computed once per site from its fleet and the
 * build's options (nothing here depends on a cell). See `buildCoverage`.
 */
export interface SitePlan {
  sx: number;
  sy: number;
  sz: number;
  /** Band slices `(band, from, to, innerFrom, innerTo)` that hold the search cap (see `capSlices` in buildCoverage.ts). */
  slices: Int32Array;
  /** Squared chord within which every cell is covered (`-1`: no such zone). */
  sureChordSquared: number;
  /** Squared chord beyond which no cell is covered (the search cap). */
  searchChordSquared: number;
  /** The type fastest at every distance and allowed wherever another is, or -1. */
  dominant: number;
  /** Whether `sureChordSquared` may use the polynomial for several types (no refuelling points). */
  multiTypeFast: boolean;
  /** Every type that flies in the period, for the reference arithmetic. */
  activation: Float64Array;
  speedKmh: Float64Array;
  fixedMinutes: Float64Array;
  usableKm: Float64Array;
}

/**
 * The site plans of sites `[siteStart, siteStart + siteCount)` of one coverage build as plain
 * typed arrays: what a parallel build's count pass hands to its fill pass, so that each site's
 * plan (validation, reach, and the band slices of its cap: a third of the count pass) is worked
 * out once instead of once per pass. The build's options are recorded so that a fill can refuse
 * plans made for another standard, period or grid.
 *
 * Per site `k`: `numbers[numberStarts[k] …numberStarts[k + 1])` is empty when none of its aircraft
 * flies in the period, else `sx, sy, sz, sureChordSquared, searchChordSquared, dominant,
 * multiTypeFast (0/1)` then the `activation`, `speedKmh`, `fixedMinutes` and `usableKm` of its
 * `T` flying types (`T` values each); its slices are `slices[sliceStarts[k] … sliceStarts[k + 1])`.
 */
export interface SitePlanTable {
  maxMinutes: number;
  period: Period;
  refuelPointCount: number;
  cellCount: number;
  siteStart: number;
  siteCount: number;
  numberStarts: Uint32Array;
  numbers: Float64Array;
  sliceStarts: Uint32Array;
  slices: Int32Array;
}

/** The build a {@link SitePlanTable} belongs to. */
export type SitePlanTableBuild = Pick<SitePlanTable, 'maxMinutes' | 'period' | 'refuelPointCount' | 'cellCount'>;

const SCALARS = 7;

/**
 * Packs the plans of consecutive sites (null: no aircraft flies) into a {@link SitePlanTable}.
 *
 * @example
 * const table = encodeSitePlans(plans, 0, { maxMinutes: 60, period: 'day', refuelPointCount: 0, cellCount: 302742 });
 * table.siteCount === plans.length; // true
 */
export function encodeSitePlans(plans: ReadonlyArray<SitePlan | null>, siteStart: number, build: SitePlanTableBuild): SitePlanTable {
  const numberStarts = new Uint32Array(plans.length + 1);
  const sliceStarts = new Uint32Array(plans.length + 1);
  plans.forEach((plan, k) => {
    numberStarts[k + 1] = numberStarts[k] + (plan === null ? 0 : SCALARS + 4 * plan.activation.length);
    sliceStarts[k + 1] = sliceStarts[k] + (plan === null ? 0 : plan.slices.length);
  });
  const numbers = new Float64Array(numberStarts[plans.length]);
  const slices = new Int32Array(sliceStarts[plans.length]);
  plans.forEach((plan, k) => {
    if (plan === null) return;
    const at = numberStarts[k];
    const types = plan.activation.length;
    numbers.set([plan.sx, plan.sy, plan.sz, plan.sureChordSquared, plan.searchChordSquared, plan.dominant, plan.multiTypeFast ? 1 : 0], at);
    numbers.set(plan.activation, at + SCALARS);
    numbers.set(plan.speedKmh, at + SCALARS + types);
    numbers.set(plan.fixedMinutes, at + SCALARS + 2 * types);
    numbers.set(plan.usableKm, at + SCALARS + 3 * types);
    slices.set(plan.slices, sliceStarts[k]);
  });
  return { ...build, siteStart, siteCount: plans.length, numberStarts, numbers, sliceStarts, slices };
}

/**
 * The plans of sites `[siteStart, siteEnd)` read back from a table (views on its arrays, no
 * copies). `E_OPTION` when the table was made for other build options or does not hold those
 * sites.
 *
 * @example
 * const plans = sitePlansOf(table, 0, 10, { maxMinutes: 60, period: 'day', refuelPointCount: 0, cellCount: 302742 });
 */
export function sitePlansOf(table: SitePlanTable, siteStart: number, siteEnd: number, build: SitePlanTableBuild): Array<SitePlan | null> {
  const same = table.maxMinutes === build.maxMinutes && table.period === build.period && table.refuelPointCount === build.refuelPointCount && table.cellCount === build.cellCount;
  if (!same || siteStart < table.siteStart || siteEnd > table.siteStart + table.siteCount) {
    throw new AirreachError('E_OPTION', 'the site plans were made for another build or other sites', {
      value: { maxMinutes: table.maxMinutes, period: table.period, refuelPointCount: table.refuelPointCount, cellCount: table.cellCount, sites: [table.siteStart, table.siteStart + table.siteCount] },
      where: { field: 'sitePlans' },
      expected: `plans of sites ${siteStart}…${siteEnd - 1} counted with maxMinutes ${build.maxMinutes}, period ${build.period}, ${build.refuelPointCount} refuelling points, ${build.cellCount} cells`,
      hint: 'Pass the sitePlans that countCoverageShard returned for the same grid, sites and options',
    });
  }
  const { numbers, numberStarts, slices, sliceStarts } = table;
  const plans: Array<SitePlan | null> = [];
  for (let s = siteStart; s < siteEnd; s++) {
    const k = s - table.siteStart;
    const at = numberStarts[k];
    const length = numberStarts[k + 1] - at;
    if (length === 0) {
      plans.push(null);
      continue;
    }
    const types = (length - SCALARS) / 4;
    const typeValues = (field: number) => numbers.subarray(at + SCALARS + field * types, at + SCALARS + (field + 1) * types);
    plans.push({
      sx: numbers[at],
      sy: numbers[at + 1],
      sz: numbers[at + 2],
      sureChordSquared: numbers[at + 3],
      searchChordSquared: numbers[at + 4],
      dominant: numbers[at + 5],
      multiTypeFast: numbers[at + 6] === 1,
      activation: typeValues(0),
      speedKmh: typeValues(1),
      fixedMinutes: typeValues(2),
      usableKm: typeValues(3),
      slices: slices.subarray(sliceStarts[k], sliceStarts[k + 1]),
    });
  }
  return plans;
}

/**
 * Joins the tables of consecutive site ranges of one build into one, in shared memory with
 * `{ shared: true }` (then every fill task of a parallel build reads it without a copy).
 * `E_OPTION` when the tables belong to different builds or their ranges do not follow on.
 *
 * @example
 * const all = joinSitePlanTables([first.sitePlans, second.sitePlans], { shared: true });
 */
export function joinSitePlanTables(tables: readonly SitePlanTable[], options: { shared?: boolean } = {}): SitePlanTable {
  if (tables.length === 0) throw new AirreachError('E_EMPTY', 'no site plan tables to join', { value: 0 });
  const [first] = tables;
  let siteCount = 0;
  let numberCount = 0;
  let sliceCount = 0;
  tables.forEach((table, t) => {
    const follows = table.siteStart === first.siteStart + siteCount;
    const same = table.maxMinutes === first.maxMinutes && table.period === first.period && table.refuelPointCount === first.refuelPointCount && table.cellCount === first.cellCount;
    if (!follows || !same) {
      throw new AirreachError('E_OPTION', `site plan table ${t} does not continue table ${t - 1}`, {
        value: { siteStart: table.siteStart, maxMinutes: table.maxMinutes, period: table.period },
        where: { field: `tables/${t}` },
        expected: `sites from ${first.siteStart + siteCount} on, of the same build (maxMinutes ${first.maxMinutes}, period ${first.period})`,
      });
    }
    siteCount += table.siteCount;
    numberCount += table.numbers.length;
    sliceCount += table.slices.length;
  });
  const allocate = (bytes: number) => (options.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const numberStarts = new Uint32Array(allocate(4 * (siteCount + 1)));
  const sliceStarts = new Uint32Array(allocate(4 * (siteCount + 1)));
  const numbers = new Float64Array(allocate(8 * numberCount));
  const slices = new Int32Array(allocate(4 * sliceCount));
  let site = 0;
  for (const table of tables) {
    for (let k = 1; k <= table.siteCount; k++) {
      numberStarts[site + k] = numberStarts[site] + table.numberStarts[k];
      sliceStarts[site + k] = sliceStarts[site] + table.sliceStarts[k];
    }
    numbers.set(table.numbers, numberStarts[site]);
    slices.set(table.slices, sliceStarts[site]);
    site += table.siteCount;
  }
  const { maxMinutes, period, refuelPointCount, cellCount, siteStart } = first;
  return { maxMinutes, period, refuelPointCount, cellCount, siteStart, siteCount, numberStarts, numbers, sliceStarts, slices };
}
