import { AirreachError } from '../errors.js';
import type { SitingProblem } from './sitingProblem.js';
import { resolveOptions } from '../resolveOptions.js';

/** Options of {@link sitingProblemFromMatrix}. */
export interface SitingProblemFromMatrixOptions {
  /** Weight of each demand row (default 1 each); finite and ≥ 0. */
  demandWeights?: ArrayLike<number>;
  /** Cost of each site column (finite, ≥ 0), for least-cost covering or a budget. */
  siteCosts?: ArrayLike<number>;
  /** Label of each site, for reports. */
  siteIds?: string[];
  /**
   * Site count, required when `minutes` is a flat Float64Array (row-major, demand × site);
   * ignored for nested arrays.
   */
  siteCount?: number;
  /** Pairs above this many minutes are not stored (`Infinity` keeps all: a complete problem). */
  maxMinutes?: number;
}

/** Defaults of {@link SitingProblemFromMatrixOptions}. */
export const DEFAULT_SITING_PROBLEM_FROM_MATRIX_OPTIONS = {
  maxMinutes: Infinity,
} as const;

/**
 * Builds a {@link SitingProblem} from a dense response-minutes matrix `minutes[demand][site]`
 * (or a flat row-major Float64Array with `options.siteCount`), e.g. one produced by another
 * tool. `Infinity` marks a pair that is unreachable; it is not stored, and neither is any pair
 * above `options.maxMinutes`. The problem is `complete` when every pair is stored.
 *
 * Throws `E_MATRIX` (with the row and column) for an empty or ragged matrix and for NaN or
 * negative minutes or weights, and `E_OPTION` for weight or cost arrays of the wrong length.
 *
 * @example
 * const problem = sitingProblemFromMatrix([[5, 20], [30, 10]], { demandWeights: [1, 2] });
 * problem.demandCount; // -> 2
 */
export function sitingProblemFromMatrix(
  minutes: ReadonlyArray<ArrayLike<number>> | Float64Array,
  options: SitingProblemFromMatrixOptions = {},
): SitingProblem {
  const { maxMinutes } = resolveOptions(DEFAULT_SITING_PROBLEM_FROM_MATRIX_OPTIONS, options);
  if (!(maxMinutes >= 0)) throw new AirreachError('E_OPTION', 'maxMinutes must be ≥ 0', { value: maxMinutes, where: { field: 'maxMinutes' } });
  let demandCount: number;
  let siteCount: number;
  let at: (row: number, column: number) => number;
  if (minutes instanceof Float64Array) {
    siteCount = options.siteCount ?? 0;
    if (!Number.isInteger(siteCount) || siteCount <= 0 || minutes.length % siteCount !== 0 || minutes.length === 0) {
      throw new AirreachError('E_MATRIX', 'a flat minutes matrix needs a positive siteCount that divides its length', {
        value: { length: minutes.length, siteCount: options.siteCount },
        expected: 'length = demandCount × siteCount',
      });
    }
    demandCount = minutes.length / siteCount;
    at = (row, column) => minutes[row * siteCount + column];
  } else {
    if (!Array.isArray(minutes) || minutes.length === 0) {
      throw new AirreachError('E_MATRIX', 'the minutes matrix has no rows', { value: minutes, expected: 'number[demand][site]' });
    }
    demandCount = minutes.length;
    siteCount = minutes[0]?.length ?? 0;
    if (siteCount === 0) throw new AirreachError('E_MATRIX', 'the minutes matrix has no columns', { where: { row: 0 }, value: minutes[0] });
    for (let row = 0; row < demandCount; row++) {
      const length = minutes[row]?.length;
      if (length !== siteCount) {
        throw new AirreachError('E_MATRIX', 'the minutes matrix is ragged', {
          where: { row },
          value: length,
          expected: `${siteCount} columns, as in row 0`,
        });
      }
    }
    at = (row, column) => minutes[row][column];
  }

  const demandWeights = checkedVector(options.demandWeights, demandCount, 'demandWeights', 1);
  const siteCosts = options.siteCosts === undefined ? undefined : checkedVector(options.siteCosts, siteCount, 'siteCosts', 1);
  if (options.siteIds !== undefined && options.siteIds.length !== siteCount) {
    throw new AirreachError('E_OPTION', 'siteIds must have one label per site', { value: options.siteIds.length, expected: String(siteCount), where: { field: 'siteIds' } });
  }

  // Two passes (count, then fill) so the pair arrays are allocated once at their final size.
  const demandOffsets = new Uint32Array(demandCount + 1);
  let pairCount = 0;
  for (let row = 0; row < demandCount; row++) {
    for (let column = 0; column < siteCount; column++) {
      const value = at(row, column);
      if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
        throw new AirreachError('E_MATRIX', 'response minutes must be numbers ≥ 0 (Infinity for unreachable)', {
          where: { row, column },
          value,
        });
      }
      if (value <= maxMinutes && value !== Infinity) pairCount++;
    }
    demandOffsets[row + 1] = pairCount;
  }
  const demandSites = new Uint32Array(pairCount);
  const demandMinutes = new Float64Array(pairCount);
  let k = 0;
  for (let row = 0; row < demandCount; row++) {
    for (let column = 0; column < siteCount; column++) {
      const value = at(row, column);
      if (value <= maxMinutes && value !== Infinity) {
        demandSites[k] = column;
        demandMinutes[k++] = value;
      }
    }
  }
  const problem: SitingProblem = {
    demandCount,
    siteCount,
    demandWeights,
    demandOffsets,
    demandSites,
    demandMinutes,
    complete: pairCount === demandCount * siteCount,
  };
  if (siteCosts) problem.siteCosts = siteCosts;
  if (options.siteIds) problem.siteIds = [...options.siteIds];
  return problem;
}

/**
 * Copies a weight or cost vector into a Float64Array after checking its length and values
 * (finite, ≥ 0). `fill` is used when the vector is absent.
 */
export function checkedVector(values: ArrayLike<number> | undefined, length: number, field: string, fill: number): Float64Array {
  const out = new Float64Array(length);
  if (values === undefined) return out.fill(fill);
  if (values.length !== length) {
    throw new AirreachError('E_OPTION', `${field} must have one value per ${field === 'siteCosts' ? 'site' : 'demand point'}`, {
      value: values.length,
      expected: String(length),
      where: { field },
    });
  }
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new AirreachError('E_MATRIX', `${field} must be finite numbers ≥ 0`, {
        value,
        where: field === 'siteCosts' ? { field, column: i } : { field, row: i },
      });
    }
    out[i] = value;
  }
  return out;
}
