import { AirreachError, type ErrorLocation } from '../errors.js';

/**
 * Gives an error raised by a library step the place in the scenario that caused it. Steps
 * below the scenario layer (grid, solvers, depots, conditions) name only their own option
 * (`siteCount`, `zone`) or a feature index: a user needs the scenario file and its JSON path
 * (`/questions/2/siteCount`). An `AirreachError` that already names a file is returned as it is
 * (it points at a layer, which is more exact), and so is any other error. `where` turns the
 * error's own location into the scenario's.
 *
 * @example
 * try { await planDepots(candidates, clients, options); }
 * catch (error) { throw locateInScenario(error, (own) => ({ file, field: `/depots/${own.field ?? ''}` })); }
 */
export function locateInScenario(error: unknown, where: (own: ErrorLocation) => ErrorLocation): unknown {
  if (!(error instanceof AirreachError) || error.where.file !== undefined) return error;
  return new AirreachError(error.code, error.brief, {
    ...('value' in error && error.value !== undefined ? { value: error.value } : {}),
    expected: error.expected,
    hint: error.hint,
    where: where(error.where),
    cause: error,
  });
}
