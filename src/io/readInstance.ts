import { readFile } from 'node:fs/promises';
import { AirreachError } from '../errors.js';
import type { ErrorCode } from '../errors.js';
import type { ModelName, SitingProblem } from '../models/sitingProblem.js';
import { locateJsonError } from './locateJsonError.js';

/**
 * A validated matrix-form instance: the model, the problem built from the matrix, and the
 * model's parameters. Produced by {@link parseInstance} / {@link readInstanceFile}.
 */
export interface MatrixInstance {
  model: ModelName;
  problem: SitingProblem;
  /** p: sites to open (pMedian, pCenter, backupCovering, maximalCovering without budget). */
  siteCount?: number;
  /** Coverage standard: demand i is covered by site j when minutes[i][j] ≤ standardMinutes. */
  standardMinutes?: number;
  fixedSites: number[];
  forbiddenSites: number[];
  /** maximalCovering: budget over siteCosts instead of siteCount. */
  budget?: number;
  /** expectedCovering: total aircraft P (default siteCount). */
  aircraftCount?: number;
  /** expectedCovering: busy fraction q ∈ [0, 1). */
  busyFraction?: number;
  /** expectedCovering: most aircraft per site (one number, or one per site). */
  aircraftPerSite?: number | number[];
  /** pMedian on a sparse instance: cost in minutes of a pair not listed. */
  unreachableMinutes?: number;
}

const MODELS: readonly ModelName[] = [
  'setCovering',
  'maximalCovering',
  'backupCovering',
  'expectedCovering',
  'pMedian',
  'pCenter',
  'capacitatedPMedian',
  'capacitatedFacilityLocation',
];

/** Fields each model requires besides the matrix (`siteCount or budget` for maximalCovering). */
const REQUIRED: Record<ModelName, readonly string[]> = {
  setCovering: ['standardMinutes'],
  maximalCovering: ['standardMinutes'],
  backupCovering: ['standardMinutes', 'siteCount'],
  expectedCovering: ['standardMinutes', 'busyFraction'],
  pMedian: ['siteCount'],
  pCenter: ['siteCount'],
  capacitatedPMedian: ['siteCount'],
  capacitatedFacilityLocation: [],
};

const KNOWN_FIELDS = new Set([
  'model',
  'minutes',
  'cover',
  'candidateCount',
  'demandWeights',
  'siteCosts',
  'siteIds',
  'siteCount',
  'standardMinutes',
  'fixedSites',
  'forbiddenSites',
  'budget',
  'aircraftCount',
  'busyFraction',
  'aircraftPerSite',
  'unreachableMinutes',
  'description',
]);

/**
 * Validates a parsed matrix-form instance (issue 3 §4) and builds its {@link SitingProblem}.
 *
 * ```jsonc
 * {
 *   "model": "setCovering" | "maximalCovering" | "backupCovering" | "expectedCovering" | "pMedian" | "pCenter",
 *   // dense form: every (demand, site) pair, numbers ≥ 0
 *   "minutes": [[12.5, 40], [33, 8]],
 *   // … or sparse form (large covering problems): per demand, the [site, minutes] pairs that
 *   // exist; pairs not listed are unreachable. "candidateCount" = number of sites (columns).
 *   "cover": [[[0, 12.5]], [[1, 8], [0, 33]]], "candidateCount": 2,
 *   "demandWeights": [1, 2],            // optional, default 1; finite ≥ 0
 *   "siteCosts": [3, 1],                // optional, finite ≥ 0 (setCovering costs, maximalCovering budget)
 *   "siteIds": ["A", "B"],              // optional labels
 *   "siteCount": 1,                     // p: pMedian, pCenter, backupCovering; maximalCovering (or "budget")
 *   "standardMinutes": 30,              // covering models
 *   "fixedSites": [0], "forbiddenSites": [],   // 0-based site indexes
 *   "budget": 4,                        // maximalCovering, with siteCosts
 *   "busyFraction": 0.3,                // expectedCovering (q in [0, 1))
 *   "aircraftCount": 6,                 // expectedCovering (P; default siteCount)
 *   "aircraftPerSite": 2,               // expectedCovering: most aircraft per site, or one number per site
 *   "unreachableMinutes": 240           // pMedian on a sparse instance: the cost of an unlisted pair
 * }
 * ```
 *
 * Every error is an `AirreachError` whose `where.field` is a JSON path (`/minutes/3/7`) and,
 * for matrix cells, `where.row` / `where.column`: `E_MODEL` (unknown model or field, missing
 * required field), `E_MATRIX` (empty, ragged, non-number, negative minutes or weights),
 * `E_INDEX` (site index out of range), `E_SITE_CONFLICT` (fixed and forbidden),
 * `E_SITE_COUNT` (p impossible), `E_OPTION` (a parameter out of range).
 *
 * @example
 * const instance = parseInstance(JSON.parse(text), { file: 'instance.json' });
 * instance.problem.demandCount;
 */
export function parseInstance(json: unknown, options: { file?: string } = {}): MatrixInstance {
  const file = options.file;
  const fail = (code: ErrorCode, field: string, message: string, value: unknown, extra: { expected?: string; hint?: string; row?: number; column?: number } = {}): never => {
    const where: { file?: string; field: string; row?: number; column?: number } = { field };
    if (file !== undefined) where.file = file;
    if (extra.row !== undefined) where.row = extra.row;
    if (extra.column !== undefined) where.column = extra.column;
    throw new AirreachError(code, message, { value, where, expected: extra.expected, hint: extra.hint });
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('E_MODEL', '/', 'an instance must be a JSON object', json, { expected: '{ "model": …, "minutes": … }' });
  const input = json as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!KNOWN_FIELDS.has(key)) fail('E_MODEL', `/${key}`, `unknown field "${key}"`, input[key], { expected: [...KNOWN_FIELDS].join(', ') });
  }
  const model = input.model as ModelName;
  if (!MODELS.includes(model)) fail('E_MODEL', '/model', 'unknown model', input.model, { expected: MODELS.join(' | ') });
  for (const field of REQUIRED[model]) {
    if (input[field] === undefined) fail('E_MODEL', `/${field}`, `model ${model} needs "${field}"`, undefined);
  }
  if (model === 'maximalCovering' && input.siteCount === undefined && input.budget === undefined) {
    fail('E_MODEL', '/siteCount', 'model maximalCovering needs "siteCount" or "budget"', undefined);
  }

  const number = (field: string, check: (v: number) => boolean, expected: string): number | undefined => {
    const value = input[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !check(value)) fail('E_OPTION', `/${field}`, `"${field}" is out of range`, value, { expected });
    return value as number;
  };
  const nonNegativeVector = (field: string, length: number, what: string): Float64Array | undefined => {
    const value = input[field];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.length !== length) fail('E_MATRIX', `/${field}`, `"${field}" must hold one number per ${what}`, Array.isArray(value) ? value.length : value, { expected: `an array of ${length} numbers` });
    const out = new Float64Array(length);
    (value as unknown[]).forEach((v, k) => {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail('E_MATRIX', `/${field}/${k}`, `${field} must be finite numbers ≥ 0`, v, what === 'demand point' ? { row: k } : { column: k });
      out[k] = v as number;
    });
    return out;
  };

  // The matrix, dense or sparse, into compressed rows.
  let demandCount: number;
  let siteTotal: number;
  let demandOffsets: Uint32Array;
  let demandSites: Uint32Array;
  let demandMinutes: Float64Array;
  let complete: boolean;
  if (input.minutes !== undefined && input.cover !== undefined) fail('E_MODEL', '/cover', 'give "minutes" (dense) or "cover" (sparse), not both', 'both');
  if (input.minutes !== undefined) {
    const rows = input.minutes;
    if (!Array.isArray(rows) || rows.length === 0) fail('E_MATRIX', '/minutes', 'the minutes matrix is empty or not an array', rows, { expected: 'number[demand][site]' });
    const matrix = rows as unknown[];
    const first = matrix[0];
    if (!Array.isArray(first) || first.length === 0) fail('E_MATRIX', '/minutes/0', 'the minutes matrix has no columns', first, { row: 0, expected: 'a non-empty array of numbers' });
    demandCount = matrix.length;
    siteTotal = (first as unknown[]).length;
    demandOffsets = new Uint32Array(demandCount + 1);
    demandSites = new Uint32Array(demandCount * siteTotal);
    demandMinutes = new Float64Array(demandCount * siteTotal);
    for (let row = 0; row < demandCount; row++) {
      const values = matrix[row];
      if (!Array.isArray(values) || values.length !== siteTotal) {
        fail('E_MATRIX', `/minutes/${row}`, 'the minutes matrix is ragged', Array.isArray(values) ? values.length : values, { row, expected: `${siteTotal} numbers, as in row 0` });
      }
      const base = row * siteTotal;
      for (let column = 0; column < siteTotal; column++) {
        const v = (values as unknown[])[column];
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
          fail('E_MATRIX', `/minutes/${row}/${column}`, 'response minutes must be finite numbers ≥ 0', v, { row, column, hint: 'Leave unreachable pairs out with the sparse "cover" form' });
        }
        demandSites[base + column] = column;
        demandMinutes[base + column] = v as number;
      }
      demandOffsets[row + 1] = base + siteTotal;
    }
    complete = true;
  } else if (input.cover !== undefined) {
    const rows = input.cover;
    if (!Array.isArray(rows) || rows.length === 0) fail('E_MATRIX', '/cover', 'the cover lists are empty or not an array', rows, { expected: '[[site, minutes], …] per demand point' });
    const total = input.candidateCount;
    if (typeof total !== 'number' || !Number.isInteger(total) || total < 1) fail('E_MODEL', '/candidateCount', 'the sparse form needs "candidateCount" (number of sites), an integer ≥ 1', total);
    siteTotal = total as number;
    const lists = rows as unknown[];
    demandCount = lists.length;
    demandOffsets = new Uint32Array(demandCount + 1);
    const sites: number[] = [];
    const minutes: number[] = [];
    const seen = new Int32Array(siteTotal).fill(-1);
    for (let row = 0; row < demandCount; row++) {
      const pairs = lists[row];
      if (!Array.isArray(pairs)) fail('E_MATRIX', `/cover/${row}`, 'each demand point needs a list of [site, minutes] pairs', pairs, { row });
      const start = sites.length;
      (pairs as unknown[]).forEach((pair, k) => {
        const path = `/cover/${row}/${k}`;
        if (!Array.isArray(pair) || pair.length !== 2) fail('E_MATRIX', path, 'a pair must be [site, minutes]', pair, { row });
        const [site, value] = pair as unknown[];
        if (typeof site !== 'number' || !Number.isInteger(site) || site < 0 || site >= siteTotal) {
          fail('E_INDEX', `${path}/0`, 'site index out of range', site, { row, expected: `an integer in 0…${siteTotal - 1}` });
        }
        if (seen[site as number] === row) fail('E_MATRIX', `${path}/0`, 'a site is listed twice for one demand point', site, { row, column: site as number });
        seen[site as number] = row;
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
          fail('E_MATRIX', `${path}/1`, 'response minutes must be finite numbers ≥ 0', value, { row, column: site as number });
        }
        sites.push(site as number);
        minutes.push(value as number);
      });
      // Rows of a SitingProblem are ascending by site.
      const order = sites.slice(start).map((_, k) => start + k).sort((a, b) => sites[a] - sites[b]);
      const sortedSites = order.map((k) => sites[k]);
      const sortedMinutes = order.map((k) => minutes[k]);
      for (let k = 0; k < order.length; k++) {
        sites[start + k] = sortedSites[k];
        minutes[start + k] = sortedMinutes[k];
      }
      demandOffsets[row + 1] = sites.length;
    }
    demandSites = Uint32Array.from(sites);
    demandMinutes = Float64Array.from(minutes);
    complete = sites.length === demandCount * siteTotal;
  } else {
    return fail('E_MODEL', '/minutes', 'the instance has no matrix', undefined, { expected: '"minutes" (dense) or "cover" with "candidateCount" (sparse)' });
  }

  const demandWeights = nonNegativeVector('demandWeights', demandCount, 'demand point') ?? new Float64Array(demandCount).fill(1);
  const siteCosts = nonNegativeVector('siteCosts', siteTotal, 'site');
  const problem: SitingProblem = { demandCount, siteCount: siteTotal, demandWeights, demandOffsets, demandSites, demandMinutes, complete };
  if (siteCosts) problem.siteCosts = siteCosts;
  if (input.siteIds !== undefined) {
    const ids = input.siteIds;
    if (!Array.isArray(ids) || ids.length !== siteTotal || ids.some((id) => typeof id !== 'string')) fail('E_MODEL', '/siteIds', '"siteIds" must hold one string per site', ids, { expected: `${siteTotal} strings` });
    problem.siteIds = [...(ids as string[])];
  }

  const siteList = (field: 'fixedSites' | 'forbiddenSites'): number[] => {
    const value = input[field];
    if (value === undefined) return [];
    if (!Array.isArray(value)) fail('E_INDEX', `/${field}`, `"${field}" must be an array of site indexes`, value);
    return (value as unknown[]).map((site, k) => {
      if (typeof site !== 'number' || !Number.isInteger(site) || site < 0 || site >= siteTotal) {
        fail('E_INDEX', `/${field}/${k}`, 'site index out of range', site, { column: typeof site === 'number' ? site : undefined, expected: `an integer in 0…${siteTotal - 1}` });
      }
      return site as number;
    });
  };
  const fixedSites = siteList('fixedSites');
  const forbiddenSites = siteList('forbiddenSites');
  const forbidden = new Set(forbiddenSites);
  fixedSites.forEach((site, k) => {
    if (forbidden.has(site)) fail('E_SITE_CONFLICT', `/fixedSites/${k}`, `site ${site} is both fixed and forbidden`, site, { column: site, hint: 'Remove it from one of the two lists' });
  });
  const allowed = siteTotal - forbidden.size;
  const distinctFixed = new Set(fixedSites).size;

  const instance: MatrixInstance = { model, problem, fixedSites, forbiddenSites };
  const siteCount = number('siteCount', Number.isInteger, 'an integer');
  if (siteCount !== undefined) {
    if (siteCount < 1 || siteCount > allowed || siteCount < distinctFixed) {
      fail('E_SITE_COUNT', '/siteCount', 'siteCount is impossible for this instance', siteCount, { expected: `an integer from max(1, ${distinctFixed} fixed) to ${allowed} allowed sites` });
    }
    instance.siteCount = siteCount;
  }
  const standardMinutes = number('standardMinutes', (v) => Number.isFinite(v) && v >= 0, 'a finite number ≥ 0');
  if (standardMinutes !== undefined) instance.standardMinutes = standardMinutes;
  const budget = number('budget', (v) => Number.isFinite(v) && v >= 0, 'a finite number ≥ 0');
  if (budget !== undefined) {
    if (!siteCosts) fail('E_MODEL', '/budget', '"budget" needs "siteCosts"', budget);
    instance.budget = budget;
  }
  const busyFraction = number('busyFraction', (v) => v >= 0 && v < 1, 'a number in [0, 1)');
  if (busyFraction !== undefined) instance.busyFraction = busyFraction;
  const aircraftCount = number('aircraftCount', (v) => Number.isInteger(v) && v >= 1, 'an integer ≥ 1');
  if (aircraftCount !== undefined) instance.aircraftCount = aircraftCount;
  if (model === 'expectedCovering' && aircraftCount === undefined && siteCount === undefined) {
    fail('E_MODEL', '/aircraftCount', 'model expectedCovering needs "aircraftCount" (or "siteCount")', undefined);
  }
  if (input.aircraftPerSite !== undefined) {
    const value = input.aircraftPerSite;
    const ok = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
    if (Array.isArray(value)) {
      if (value.length !== siteTotal) fail('E_OPTION', '/aircraftPerSite', '"aircraftPerSite" must hold one integer per site', value.length, { expected: String(siteTotal) });
      value.forEach((v, k) => {
        if (!ok(v)) fail('E_OPTION', `/aircraftPerSite/${k}`, 'aircraft per site must be integers ≥ 0', v, { column: k });
      });
      instance.aircraftPerSite = [...(value as number[])];
    } else {
      if (!ok(value)) fail('E_OPTION', '/aircraftPerSite', 'aircraft per site must be an integer ≥ 0', value);
      instance.aircraftPerSite = value as number;
    }
  }
  const unreachableMinutes = number('unreachableMinutes', (v) => Number.isFinite(v) && v >= 0, 'a finite number ≥ 0');
  if (unreachableMinutes !== undefined) instance.unreachableMinutes = unreachableMinutes;
  if (model === 'pMedian' && !complete && unreachableMinutes === undefined) {
    fail('E_MODEL', '/unreachableMinutes', 'pMedian on a sparse instance needs "unreachableMinutes" (the cost of an unlisted pair)', undefined, {
      hint: 'Give the dense "minutes" form, or set unreachableMinutes, e.g. twice the largest listed minutes',
    });
  }
  return instance;
}

/**
 * Reads and validates a matrix-form instance file (see {@link parseInstance} for the format).
 * Throws `E_FILE_READ`, `E_JSON_SYNTAX` (with line and column) or any error of `parseInstance`,
 * all naming the file.
 *
 * @example
 * const instance = await readInstanceFile('pmed1.json');
 * const answer = await solveInstance(instance, { timeLimitSeconds: 30 });
 */
export async function readInstanceFile(path: string): Promise<MatrixInstance> {
  return parseInstance(await readInstanceJson(path), { file: path });
}

/**
 * The JSON of an instance file, not yet validated: for callers that pick the parser by its
 * `model` (the capacitated models have their own). Throws `E_FILE_READ`, or `E_JSON_SYNTAX`
 * with line and column, naming the file.
 *
 * @example
 * const json = await readInstanceJson('depots.json');
 */
export async function readInstanceJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new AirreachError('E_FILE_READ', `could not read ${path}`, { value: (error as NodeJS.ErrnoException).code ?? String(error), where: { file: path }, cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const at = locateJsonError(text);
    throw new AirreachError('E_JSON_SYNTAX', at ? `invalid JSON at line ${at.line}, column ${at.column}: ${at.reason}` : 'invalid JSON', {
      where: { file: path },
      cause: error,
    });
  }
}
