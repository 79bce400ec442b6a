import { AirreachError } from '../errors.js';

/** How weather is shared between the aircraft that can reach a cell. */
export type WeatherDependence = 'independent' | 'shared';

/** Options of {@link expectedCoverage}. */
export interface ExpectedCoverageOptions {
  /**
   * `independent`: each aircraft is grounded by weather on its own (MEXCLP arithmetic,
   * optimistic: weather is spatially correlated, so nearby bases are grounded together).
   * `shared`: all aircraft reaching a cell share one weather state, f × (1 − b^k) (conservative
   * for bases close together; exact when the cell's own weather is what grounds flights).
   */
  weather?: WeatherDependence;
}

/** Defaults of {@link expectedCoverage}: the conservative shared-weather rule. */
export const DEFAULT_EXPECTED_COVERAGE_OPTIONS: Readonly<Required<ExpectedCoverageOptions>> = Object.freeze({ weather: 'shared' });

/**
 * Probability that one aircraft can answer a call: it can fly (share `flyableShare` of the
 * time, e.g. {@link weatherAvailability}) and is not busy on another mission (`busyFraction`),
 * taken as independent: a = f × (1 − b).
 *
 * @example
 * aircraftAvailability(0.8, 0.1); // -> 0.72
 */
export function aircraftAvailability(flyableShare: number, busyFraction = 0): number {
  checkProbability(flyableShare, 'flyableShare');
  checkProbability(busyFraction, 'busyFraction');
  return flyableShare * (1 - busyFraction);
}

/**
 * The busy fraction q to give the maximum expected covering model (MEXCLP, `expectedCovering`)
 * so that "busy" also means "grounded by weather": q = 1 − f × (1 − b). MEXCLP then counts demand
 * reached by k aircraft as 1 − q^k, which treats each aircraft's weather as independent — an
 * optimistic assumption for bases near each other (see {@link expectedCoverage} with
 * `weather: 'shared'` for the conservative figure). q = 1 when f = 0: MEXCLP needs q < 1.
 *
 * @example
 * availabilityBusyFraction(0.8, 0.1); // -> 0.28
 */
export function availabilityBusyFraction(flyableShare: number, busyFraction = 0): number {
  return 1 - aircraftAvailability(flyableShare, busyFraction);
}

/**
 * Per cell, the probability that at least one of the k_c aircraft reaching it (within a
 * standard: `CellOutcomes.reachCounts[k]`, one aircraft per site) can answer:
 *
 * - `independent`: 1 − (1 − f(1 − b))^k — the MEXCLP value with q from {@link availabilityBusyFraction};
 * - `shared` (default): f × (1 − b^k) — one weather state for all k aircraft, busy states independent.
 *
 * Both are 0 where k = 0. Independent ≥ shared always; the truth lies between. Aggregate with
 * `weightedShare(grid.demand, result)`.
 *
 * @example
 * expectedCoverage(Uint16Array.of(0, 1, 2), 0.8, 0.1); // shared -> [0, 0.72, 0.792]
 * expectedCoverage(Uint16Array.of(0, 1, 2), 0.8, 0.1, { weather: 'independent' }); // -> [0, 0.72, 0.9216]
 */
export function expectedCoverage(
  reachCounts: ArrayLike<number>,
  flyableShare: number,
  busyFraction: number,
  options: ExpectedCoverageOptions = {},
): Float64Array {
  const weather = options.weather ?? DEFAULT_EXPECTED_COVERAGE_OPTIONS.weather;
  if (weather !== 'independent' && weather !== 'shared') {
    throw new AirreachError('E_OPTION', 'unknown weather dependence', { value: weather, where: { field: 'weather' }, expected: '"independent" or "shared"' });
  }
  const q = availabilityBusyFraction(flyableShare, busyFraction);
  const out = new Float64Array(reachCounts.length);
  for (let c = 0; c < reachCounts.length; c++) {
    const k = reachCounts[c];
    if (!(k >= 0) || !Number.isInteger(k)) throw new AirreachError('E_MATRIX', 'a reach count is not a whole number ≥ 0', { value: k, where: { row: c } });
    if (k === 0) continue;
    out[c] = weather === 'independent' ? 1 - q ** k : flyableShare * (1 - busyFraction ** k);
  }
  return out;
}

function checkProbability(value: number, field: string): void {
  if (!(value >= 0 && value <= 1)) {
    throw new AirreachError('E_OPTION', `${field} must be a probability`, { value, where: { field }, expected: 'a number in [0, 1]' });
  }
}
