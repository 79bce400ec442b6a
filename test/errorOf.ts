import { AirreachError } from '../src/errors.js';

/**
 * The AirreachError `run` throws, for tests that look at its code, place and value. Anything
 * else thrown is rethrown, and returning normally fails the test.
 *
 * @example
 * expect(errorOf(() => buildCoverage(grid, [badSite], catalogue)).code).toBe('E_SITE');
 */
export function errorOf(run: () => unknown): AirreachError {
  try {
    run();
  } catch (error) {
    if (error instanceof AirreachError) return error;
    throw error;
  }
  throw new Error('expected an AirreachError');
}

/**
 * {@link errorOf} for a promise: the AirreachError it rejects with. Anything else it rejects with
 * is rethrown, and resolving fails the test.
 *
 * @example
 * expect((await rejectionOf(readGeoJsonFile('missing.geojson', 'hazard'))).code).toBe('E_FILE_READ');
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<AirreachError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AirreachError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}
