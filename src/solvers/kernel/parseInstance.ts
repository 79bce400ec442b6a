import { AirreachError } from '../../errors.js';
import type { ErrorCode } from '../../errors.js';
import { checkCapacitatedData } from '../../models/capacitatedPMedian.js';
import type { ModelName, SitingProblem } from '../../models/sitingProblem.js';
import { resolveOptions } from '../../resolveOptions.js';
import { DEFAULT_SOLVE_MEMORY_BYTES, estimateSolveSize, largestDriver, type SizeDriver } from './estimateSolveSize.js';
import { raiseMemoryBudgetHint } from '../../raiseMemoryBudgetHint.js';
import { INSTANCE_JSON_SCHEMA } from './instanceJsonSchema.generated.js';
import type { MatrixInstance } from './modelRegistry.js';
import { compileJsonSchema, pointerOf, type JsonSchemaViolation } from './validateJsonSchema.js';
import { DEFAULT_WORK_BUDGET_OPTIONS } from './workBudget.js';

/** Options of {@link parseInstance}. */
export interface ParseInstanceOptions {
  /** File the JSON came from, named in every error. */
  file?: string;
  /**
   * Largest memory a solve of the instance may take, in bytes, estimated from the sizes it
   * declares before anything is built (`estimateSolveSize`); above it the instance is refused
   * with `E_MEMORY_BUDGET` naming the field to shrink.
   */
  memoryBytes?: number;
  /**
   * The work budget the instance will be solved with: an instance whose least work (the steps
   * that always complete, e.g. a p-median's greedy) exceeds it is refused with `E_WORK_BUDGET`.
   */
  workLimit?: number;
}

/**
 * Defaults of {@link parseInstance}: 2 GiB (the coverage matrices' budget too), and the default
 * work limit of a solve.
 */
export const DEFAULT_PARSE_INSTANCE_OPTIONS = {
  memoryBytes: DEFAULT_SOLVE_MEMORY_BYTES,
  workLimit: DEFAULT_WORK_BUDGET_OPTIONS.workLimit,
};

let validate: ReturnType<typeof compileJsonSchema> | undefined;

type Fail = (code: ErrorCode, path: ReadonlyArray<string | number>, message: string, value: unknown, extra?: { expected?: string; hint?: string; column?: number }) => never;

/**
 * Validates a parsed matrix-form instance and builds its {@link SitingProblem}. The format is
 * the zod schema of each model (`instanceSchemas.ts`, rendered as `schema/instance.schema.json`):
 *
 * ```jsonc
 * {
 *   "model": "setCovering" | "maximalCovering" | "backupCovering" | "expectedCovering" | "pMedian" | "pCenter"
 *          | "capacitatedPMedian" | "capacitatedFacilityLocation" | "maximumAvailability" | "doubleStandard" | "phasedRollout" | "fairCovering",
 *   "minutes": [[12.5, 40], [33, 8]],                      // dense: every pair, numbers ≥ 0 (null = unreachable: capacitated models)
 *   "cover": [[[0, 12.5]], [[1, 8], [0, 33]]], "candidateCount": 2,   // … or sparse: per demand, [site, minutes] pairs
 *   "demandWeights": [1, 2], "siteCosts": [3, 1], "siteIds": ["A", "B"],
 *   "siteCount": 1, "standardMinutes": 30, "fixedSites": [0], "forbiddenSites": [],
 *   "budget": 4, "busyFraction": 0.3, "aircraftCount": 6, "aircraftPerSite": 2, "unreachableMinutes": 240,
 *   "demands": [4, 3], "capacities": [8, 8], "openingCosts": [100, 80], "exactSiteCount": false,
 *   "reliability": 0.9, "aircraftCost": 1, "looseStandardMinutes": 120, "tightShare": 0.5, "onceWeight": 0, "twiceWeight": 1,
 *   "sitesPerYear": 2, "years": 5, "discountRate": 0.03, "demandRegions": [0, 1], "fairness": "maxMin", "regionMinimumShare": 0.5
 * }
 * ```
 *
 * Steps, each before anything big is allocated: the schema (unknown and missing fields, types,
 * ranges); the matrix's shape (ragged rows, site indexes, repeated pairs); the memory and least
 * work a solve would take, estimated from the declared sizes (`candidateCount`, the matrix's
 * dimensions, p, `aircraftCount`) and refused over `memoryBytes` / `workLimit` naming the field;
 * totals that would overflow a double (weights, costs, capacities); then what the schema cannot
 * say (p within the allowed sites, fixed and forbidden apart, capacity for all demand).
 *
 * Every error is an `AirreachError` whose `where.field` is a JSON path (`/minutes/3/7`), with
 * `where.file` and, for matrix cells, `where.row` / `where.column`: `E_MODEL` (unknown model or
 * field, missing field), `E_MATRIX` (empty, ragged, non-number, negative, overflowing),
 * `E_INDEX` (site index out of range), `E_DUPLICATE_ID` (a repeated site label, or a site listed
 * twice in `fixedSites` or `forbiddenSites`), `E_SITE_CONFLICT`, `E_SITE_COUNT`, `E_OPTION` (a
 * parameter out of range), `E_CAPACITY`, `E_MEMORY_BUDGET`, `E_WORK_BUDGET`.
 *
 * @example
 * const instance = parseInstance(JSON.parse(text), { file: 'instance.json' });
 * instance.problem.demandCount;
 */
export function parseInstance(json: unknown, options: ParseInstanceOptions = {}): MatrixInstance {
  const { memoryBytes, workLimit } = resolveOptions(DEFAULT_PARSE_INSTANCE_OPTIONS, options);
  const file = options.file;
  const fail: Fail = (code, path, message, value, extra = {}) => {
    throw new AirreachError(code, message, { value, where: locate(path, value, file, extra.column), expected: extra.expected, hint: extra.hint });
  };
  // Another of airreach's files given to `solve` by mistake: said as such, where the schema said
  // only '"model" unknown model (got undefined)'.
  const other = otherFileKind(json);
  if (other !== undefined) fail('E_MODEL', ['model'], `the file is ${other.kind}, not a matrix instance`, undefined, { expected: 'an instance object with "model" and "minutes" or "cover"', hint: other.hint });
  validate ??= compileJsonSchema(INSTANCE_JSON_SCHEMA);
  validate(json, (violation: JsonSchemaViolation) => {
    const what = violation.pointer === '/' ? 'the instance' : `"${fieldName(violation.path)}"`;
    return new AirreachError(violation.code, `${what} ${violation.message}`, {
      value: violation.value,
      where: locate(violation.path, violation.value, file),
      expected: violation.expected,
    });
  });
  const input = json as Record<string, unknown> & { model: ModelName };
  const model = input.model;
  const capacitated = model === 'capacitatedPMedian' || model === 'capacitatedFacilityLocation';

  // The matrix's shape, from the parsed JSON alone.
  const minutes = input.minutes as Array<Array<number | null>> | undefined;
  const cover = input.cover as Array<Array<[number, number]>> | undefined;
  if (minutes !== undefined && cover !== undefined) fail('E_MODEL', ['cover'], 'give "minutes" (dense) or "cover" (sparse), not both', 'both');
  if (minutes === undefined && cover === undefined) {
    fail('E_MODEL', ['minutes'], 'the instance has no matrix', undefined, { expected: '"minutes" (dense) or "cover" with "candidateCount" (sparse)' });
  }
  let demandCount: number;
  let siteTotal: number;
  let pairCount = 0;
  if (minutes !== undefined) {
    demandCount = minutes.length;
    siteTotal = minutes[0].length;
    for (let row = 0; row < demandCount; row++) {
      if (minutes[row].length !== siteTotal) fail('E_MATRIX', ['minutes', row], 'the minutes matrix is ragged', minutes[row].length, { expected: `${siteTotal} numbers, as in row 0` });
      if (capacitated) for (const value of minutes[row]) pairCount += value === null ? 0 : 1;
      else pairCount += siteTotal;
    }
  } else {
    const total = input.candidateCount;
    if (total === undefined || (total as number) < 1) {
      fail('E_MODEL', ['candidateCount'], 'the sparse form needs "candidateCount" (number of sites), an integer ≥ 1', total);
    }
    siteTotal = total as number;
    demandCount = (cover as unknown[]).length;
    for (const pairs of cover as unknown[][]) pairCount += pairs.length;
  }

  // Size before work: refuse what would not fit, from the declared sizes alone.
  const siteCount = input.siteCount as number | undefined;
  const aircraftCount = (input.aircraftCount as number | undefined) ?? (model === 'expectedCovering' ? siteCount : undefined);
  const sitesPerYear = input.sitesPerYear as number | number[] | undefined;
  const periods = Array.isArray(sitesPerYear) ? sitesPerYear.length : Array.isArray(input.budgetPerYear) ? input.budgetPerYear.length : ((input.years as number | undefined) ?? 1);
  const perSite = input.aircraftPerSite;
  const estimate = estimateSolveSize(model, {
    demandCount,
    siteCount: siteTotal,
    pairCount,
    ...(siteCount !== undefined ? { openCount: siteCount } : {}),
    ...(aircraftCount !== undefined ? { aircraftCount } : {}),
    periods,
    ...(typeof perSite === 'number' ? { aircraftPerSite: perSite } : Array.isArray(perSite) ? { aircraftPerSite: Math.max(0, ...(perSite as number[])) } : {}),
  });
  const pathOf = (driver: SizeDriver): Array<string | number> => {
    if (driver === 'aircraft') return [input.aircraftCount !== undefined ? 'aircraftCount' : 'siteCount'];
    if (driver === 'sites' || driver === 'sitesSquared') return minutes !== undefined ? ['minutes', 0] : ['candidateCount'];
    return [minutes !== undefined ? 'minutes' : 'cover'];
  };
  if (estimate.bytes > memoryBytes) {
    const driver = largestDriver(estimate);
    fail('E_MEMORY_BUDGET', pathOf(driver), `a ${model} solve of this instance would take about ${gib(estimate.bytes)} of memory, over the budget of ${gib(memoryBytes)}`, { demandCount, siteCount: siteTotal, pairCount, ...(aircraftCount !== undefined ? { aircraftCount } : {}) }, {
      expected: `a solve within ${gib(memoryBytes)}`,
      hint: `Most of it grows with ${describeDriver(driver)}: reduce it, or ${raiseMemoryBudgetHint(estimate.bytes, { scenario: false })}`,
    });
  }
  if (estimate.minimumWork > workLimit) {
    fail('E_WORK_BUDGET', pathOf(estimate.workDriver), `a ${model} solve of this instance needs at least ${estimate.minimumWork.toExponential(2)} work units, over the work limit of ${workLimit.toExponential(2)}`, estimate.minimumWork, {
      expected: `at most ${workLimit.toExponential(2)} work units`,
      hint: `Reduce ${describeDriver(estimate.workDriver)}, or raise the work limit (--work)`,
    });
  }

  // The matrix, dense or sparse, into compressed rows ascending by site.
  const demandOffsets = new Uint32Array(demandCount + 1);
  const demandSites = new Uint32Array(pairCount);
  const demandMinutes = new Float64Array(pairCount);
  let at = 0;
  let maxMinutes = 0;
  if (minutes !== undefined) {
    for (let row = 0; row < demandCount; row++) {
      const values = minutes[row];
      for (let column = 0; column < siteTotal; column++) {
        const value = values[column];
        if (value === null) continue;
        demandSites[at] = column;
        demandMinutes[at++] = value;
        if (value > maxMinutes) maxMinutes = value;
      }
      demandOffsets[row + 1] = at;
    }
  } else {
    const order: number[] = [];
    for (let row = 0; row < demandCount; row++) {
      const pairs = (cover as Array<Array<[number, number]>>)[row];
      order.length = 0;
      for (let k = 0; k < pairs.length; k++) {
        const site = pairs[k][0];
        if (site >= siteTotal) fail('E_INDEX', ['cover', row, k, 0], 'site index out of range', site, { column: site, expected: `an integer in 0…${siteTotal - 1}` });
        order.push(k);
      }
      // Rows of a SitingProblem are ascending by site; a site listed twice is an error (at its later listing).
      order.sort((a, b) => pairs[a][0] - pairs[b][0] || a - b);
      for (let t = 0; t < order.length; t++) {
        const [site, value] = pairs[order[t]];
        if (t > 0 && pairs[order[t - 1]][0] === site) fail('E_MATRIX', ['cover', row, order[t], 0], 'a site is listed twice for one demand point', site, { column: site });
        demandSites[at] = site;
        demandMinutes[at++] = value;
        if (value > maxMinutes) maxMinutes = value;
      }
      demandOffsets[row + 1] = at;
    }
  }
  const complete = pairCount === demandCount * siteTotal;

  const vector = (field: string, length: number, what: string): Float64Array | undefined => {
    const value = input[field] as number[] | undefined;
    if (value === undefined) return undefined;
    if (value.length !== length) fail('E_MATRIX', [field], `"${field}" must hold one number per ${what}`, value.length, { expected: `an array of ${length} numbers` });
    const out = Float64Array.from(value);
    finiteTotal(out, field, fail);
    return out;
  };
  const demandWeights = vector('demandWeights', demandCount, 'demand point') ?? new Float64Array(demandCount).fill(1);
  const siteCosts = vector('siteCosts', siteTotal, 'site');
  const problem: SitingProblem = { demandCount, siteCount: siteTotal, demandWeights, demandOffsets, demandSites, demandMinutes, complete };
  if (siteCosts) problem.siteCosts = siteCosts;
  if (input.siteIds !== undefined) {
    const ids = input.siteIds as string[];
    if (ids.length !== siteTotal) fail('E_MODEL', ['siteIds'], '"siteIds" must hold one string per site', ids.length, { expected: `${siteTotal} strings` });
    // The answer names its sites by these labels: two sites under one label could not be told apart.
    const firstOf = new Map<string, number>();
    ids.forEach((id, k) => {
      const first = firstOf.get(id);
      if (first !== undefined) fail('E_DUPLICATE_ID', ['siteIds', k], `site ${k} has the label of site ${first}`, id, { column: k, expected: 'a different label for every site', hint: 'Labels name the sites in the answer: make each one unique' });
      firstOf.set(id, k);
    });
    problem.siteIds = [...ids];
  }
  // The p-median and capacitated objectives are sums of weight × minutes: refuse inputs whose
  // largest such sum overflows (a covering objective is a sum of weights, checked above).
  const unreachableMinutes = input.unreachableMinutes as number | undefined;
  let worstTotal = 0;
  const worstMinutes = Math.max(maxMinutes, model === 'pMedian' ? (unreachableMinutes ?? 0) : 0);
  if (model === 'pMedian' || capacitated) for (let i = 0; i < demandCount; i++) worstTotal += demandWeights[i] * worstMinutes;
  if (!Number.isFinite(worstTotal)) {
    fail('E_MATRIX', ['demandWeights'], 'demand weights × minutes add up beyond the largest number a double holds', worstTotal, {
      hint: 'Scale the weights (or minutes) down: every objective is such a sum',
    });
  }

  const siteList = (field: 'fixedSites' | 'forbiddenSites'): number[] => {
    const value = (input[field] as number[] | undefined) ?? [];
    const seen = new Set<number>();
    value.forEach((site, k) => {
      if (site >= siteTotal) fail('E_INDEX', [field, k], 'site index out of range', site, { column: site, expected: `an integer in 0…${siteTotal - 1}` });
      // A repeat is most often a typo for another site (3, 3 for 3, 8): refused rather than read as one.
      if (seen.has(site)) fail('E_DUPLICATE_ID', [field, k], `site ${site} is listed twice in "${field}"`, site, { column: site, expected: 'each site at most once', hint: 'Remove the repeat, or correct it to the site you meant' });
      seen.add(site);
    });
    return [...value];
  };
  const fixedSites = siteList('fixedSites');
  const forbiddenSites = siteList('forbiddenSites');
  const forbidden = new Set(forbiddenSites);
  fixedSites.forEach((site, k) => {
    if (forbidden.has(site)) fail('E_SITE_CONFLICT', ['fixedSites', k], `site ${site} is both fixed and forbidden`, site, { column: site, hint: 'Remove it from one of the two lists' });
  });
  const allowed = siteTotal - forbidden.size;
  const distinctFixed = new Set(fixedSites).size;

  const instance: MatrixInstance = { model, problem, fixedSites, forbiddenSites };
  const copy = <K extends keyof MatrixInstance>(key: K) => {
    if (input[key] !== undefined) instance[key] = input[key] as MatrixInstance[K];
  };
  for (const key of [
    'standardMinutes', 'budget', 'busyFraction', 'aircraftCount', 'unreachableMinutes', 'exactSiteCount', 'reliability', 'aircraftCost', 'looseStandardMinutes',
    'tightShare', 'onceWeight', 'twiceWeight', 'years', 'discountRate', 'fairness', 'regionMinimumShare',
  ] as const) copy(key);
  if (sitesPerYear !== undefined) instance.sitesPerYear = Array.isArray(sitesPerYear) ? [...sitesPerYear] : sitesPerYear;
  const budgetPerYear = input.budgetPerYear as number | number[] | undefined;
  if (budgetPerYear !== undefined) instance.budgetPerYear = Array.isArray(budgetPerYear) ? [...budgetPerYear] : budgetPerYear;
  if (model === 'phasedRollout' && (sitesPerYear === undefined) === (budgetPerYear === undefined)) {
    fail('E_MODEL', ['sitesPerYear'], 'model phasedRollout takes "sitesPerYear" or "budgetPerYear" (exactly one)', sitesPerYear ?? budgetPerYear);
  }
  if (input.demandRegions !== undefined) {
    const regions = input.demandRegions as number[];
    if (regions.length !== demandCount) fail('E_OPTION', ['demandRegions'], '"demandRegions" must hold one region per demand point', regions.length, { expected: String(demandCount) });
    instance.demandRegions = [...regions];
  }
  if (siteCount !== undefined) {
    if (siteCount < 1 || siteCount > allowed || siteCount < distinctFixed) {
      fail('E_SITE_COUNT', ['siteCount'], 'siteCount is impossible for this instance', siteCount, { expected: `an integer from max(1, ${distinctFixed} fixed) to ${allowed} allowed sites` });
    }
    instance.siteCount = siteCount;
  }
  if (input.aircraftPerSite !== undefined) {
    const value = input.aircraftPerSite as number | number[];
    if (Array.isArray(value) && value.length !== siteTotal) fail('E_OPTION', ['aircraftPerSite'], '"aircraftPerSite" must hold one integer per site', value.length, { expected: String(siteTotal) });
    instance.aircraftPerSite = Array.isArray(value) ? [...value] : value;
  }
  // What each model needs beyond its schema.
  if (model === 'maximalCovering' && siteCount === undefined && input.budget === undefined) fail('E_MODEL', ['siteCount'], 'model maximalCovering needs "siteCount" or "budget"', undefined);
  // Both given: the budget version ignores p, and its answer was called "optimal" with more sites than p.
  if (model === 'maximalCovering' && siteCount !== undefined && input.budget !== undefined) {
    fail('E_MODEL', ['budget'], 'model maximalCovering takes "siteCount" or "budget", not both', input.budget, { hint: 'Drop one: p sites, or any number of sites within the budget' });
  }
  if (input.budget !== undefined && !siteCosts) fail('E_MODEL', ['budget'], '"budget" needs "siteCosts"', input.budget);
  if (model === 'expectedCovering' && aircraftCount === undefined) fail('E_MODEL', ['aircraftCount'], 'model expectedCovering needs "aircraftCount" (or "siteCount")', undefined);
  if (model === 'pMedian' && !complete && unreachableMinutes === undefined) {
    fail('E_MODEL', ['unreachableMinutes'], 'pMedian on a sparse instance needs "unreachableMinutes" (the cost of an unlisted pair)', undefined, {
      hint: 'Give the dense "minutes" form, or set unreachableMinutes, e.g. twice the largest listed minutes',
    });
  }
  if (input.exactSiteCount === true && siteCount === undefined) fail('E_OPTION', ['exactSiteCount'], '"exactSiteCount" needs "siteCount"', true);
  if (capacitated) {
    const demands = vector('demands', demandCount, 'demand point') as Float64Array;
    const capacities = vector('capacities', siteTotal, 'site') as Float64Array;
    instance.demands = Array.from(demands);
    instance.capacities = Array.from(capacities);
    if (model === 'capacitatedFacilityLocation') instance.openingCosts = Array.from(vector('openingCosts', siteTotal, 'site') as Float64Array);
    checkCapacitatedData(problem, demands, capacities, {
      siteCount,
      forbiddenSites,
      where: locate(['capacities'], undefined, file),
    });
  }
  return instance;
}

/**
 * An error location from a JSON path: the pointer as `field`, the file, and for matrix cells
 * the row (demand) and column (site).
 */
function locate(path: ReadonlyArray<string | number>, value: unknown, file: string | undefined, column?: number): { file?: string; field: string; row?: number; column?: number } {
  const where: { file?: string; field: string; row?: number; column?: number } = { field: pointerOf(path) };
  if (file !== undefined) where.file = file;
  const [head, first, second] = path;
  if ((head === 'minutes' || head === 'cover') && typeof first === 'number') where.row = first;
  if (head === 'minutes' && typeof second === 'number') where.column = second;
  if (head === 'cover' && typeof second === 'number' && path.length === 4 && path[3] === 0 && typeof value === 'number' && Number.isInteger(value) && value >= 0) where.column = value;
  if ((head === 'demandWeights' || head === 'demands') && typeof first === 'number') where.row = first;
  if ((head === 'siteCosts' || head === 'capacities' || head === 'openingCosts' || head === 'aircraftPerSite') && typeof first === 'number') where.column = first;
  if ((head === 'fixedSites' || head === 'forbiddenSites') && typeof value === 'number' && Number.isInteger(value) && value >= 0) where.column = value;
  if (column !== undefined) where.column = column;
  return where;
}

/** Refuses a vector whose sum overflows a double (each value was checked finite already). */
function finiteTotal(values: Float64Array, field: string, fail: Fail): void {
  let total = 0;
  for (let k = 0; k < values.length; k++) total += values[k];
  if (!Number.isFinite(total)) fail('E_MATRIX', [field], `the values of "${field}" add up beyond the largest number a double holds`, total, { hint: 'Scale them down' });
}

function gib(bytes: number): string {
  // Below 1 MiB in KiB: a small --memory-budget read 'about 1 MiB …, over the budget of 1 MiB'.
  if (bytes < 2 ** 20) return `${Math.ceil(bytes / 2 ** 10)} KiB`;
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${Math.ceil(bytes / 2 ** 20)} MiB`;
}

function describeDriver(driver: SizeDriver): string {
  switch (driver) {
    case 'demand':
      return 'the number of demand points';
    case 'sites':
      return 'the number of sites';
    case 'sitesSquared':
      return 'the square of the number of sites';
    case 'aircraft':
      return 'the number of aircraft';
    default:
      return 'the number of (demand, site) pairs';
  }
}

/**
 * A field as a person names it: the last key with the indexes after it (`minutes[0][1]`,
 * `sitesPerYear[2]`), not the last index alone (an entry of minutes was called "1").
 */
function fieldName(path: ReadonlyArray<string | number>): string {
  let start = path.length - 1;
  while (start > 0 && typeof path[start] === 'number') start--;
  return path.slice(start).map((segment, k) => (k === 0 && typeof segment === 'string' ? segment : `[${String(segment)}]`)).join('');
}

/** A scenario or a GeoJSON layer, told by the keys only they hold (an instance has a "model"). */
function otherFileKind(json: unknown): { kind: string; hint: string } | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json) || 'model' in json) return undefined;
  const object = json as Record<string, unknown>;
  if (object.type === 'FeatureCollection' || object.type === 'Feature') {
    return { kind: 'a GeoJSON layer', hint: 'Name the layer in a scenario (layers.hazards, or a bases entry\'s file) and run the scenario with airreach coverage or run' };
  }
  if (['layers', 'bases', 'standardsMinutes', 'extends'].some((key) => key in object)) {
    return { kind: 'a scenario', hint: 'Run a scenario with airreach run (or coverage, site); solve takes a matrix instance (schema/instance.schema.json)' };
  }
  return undefined;
}
