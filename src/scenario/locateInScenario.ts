import { relocated, type ErrorLocation } from '../errors.js';

/**
 * Gives an error raised by a library step the place in the scenario that caused it. Steps
 * below the scenario layer (grid, solvers, depots, conditions) name only their own option
 * (`siteCount`, `zone`) or a feature index: a user needs the scenario file and its JSON path
 * (`/questions/2/siteCount`). An `AirreachError` that already names a file is returned as it is
 * (it points at a layer, which is more exact), and so is any other error. `where` turns the
 * error's own location into the scenario's. The rebuilding itself is `relocated` (src/errors.ts),
 * which layers below the scenario's use too.
 *
 * @example
 * try { await planDepots(candidates, clients, options); }
 * catch (error) { throw locateInScenario(error, (own) => ({ file, field: `/depots/${own.field ?? ''}` })); }
 */
export function locateInScenario(error: unknown, where: (own: ErrorLocation) => ErrorLocation): unknown {
  return relocated(error, where);
}
