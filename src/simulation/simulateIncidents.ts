import type { Site } from '../travel/aircraft.js';
import { resolveSimulationOptions, type SimulationInput, type SimulationOptions } from './simulationOptions.js';
import { simulateReplication, type ReplicationTally } from './simulateReplication.js';
import { summarizeSimulation, type SimulationSummary } from './summarizeSimulation.js';

/**
 * A seeded discrete-event simulation of rescue incidents against a plan (bases and their
 * aircraft), checking what coverage models assume away: aircraft already flying.
 *
 * **Model.** Incidents arrive over the grid as Poisson processes, cell c's rate proportional to
 * its demand weight (rate × `seasonFactor`, night rate × `nightRateFactor`, the night being the
 * last `nightShare` of every 24 h). Each is dispatched at the call to the *fastest free* aircraft
 * that can reach it — by the coverage rules: the type flies in the period (night only if
 * `nightCapable`), the range rule (`isWithinRange`, back to base), response minutes as
 * `responseMinutes` (activation + flight + fixed minutes); its base open (weather closes bases
 * per zone, `weather`); ties to the lowest aircraft index. The aircraft is then busy for the
 * response + on-scene minutes + scene → nearest hospital + hospital → base (each leg at cruise
 * plus `fixedMinutes`, as `hospitalLegMinutes`; without hospitals scene → base) + turnaround.
 * When every reaching aircraft is busy or grounded the incident waits, first come first served
 * (`noFreeAircraft: 'queue'`, up to `maxWaitMinutes`) or gets none (`'lost'`); when none can
 * reach it at all it is unreachable.
 *
 * **Output** ({@link SimulationSummary}): the response-time distribution, the share answered
 * within each standard, the no-free-aircraft share, the busy fraction per base, per region and
 * per hazard type; over `replications` independent replications (merged in order) with their
 * standard errors. Deterministic for a seed; sizes checked before allocation
 * (`resolveSimulationOptions`). Run replications on threads with `simulateIncidentsParallel`.
 *
 * References: Larson (1974) hypercube queueing; Daskin (1983) MEXCLP, whose independent-busy
 * assumption this checks; Erlang's M/M/c formulas (`erlangC`), which it reproduces on one base.
 *
 * @example
 * const summary = simulateIncidents({ grid, aircraftById: AIRCRAFT_CATALOGUE, hospitals }, bases, { incidentsPerYear: 3000, seed: 7 });
 * summary.overall.withinStandardShare; // e.g. [0.21, 0.55, 0.83]
 * summary.bases.map((b) => b.busyFraction);
 */
export function simulateIncidents(input: SimulationInput, plan: readonly Site[], options: SimulationOptions = {}): SimulationSummary {
  const settings = resolveSimulationOptions(plan, options);
  const tallies: ReplicationTally[] = [];
  for (let r = 0; r < settings.replications; r++) tallies.push(simulateReplication(input, plan, settings, r));
  return summarizeSimulation(input, plan, settings, tallies);
}
