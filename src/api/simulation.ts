/**
 * `airreach/simulation`: The seeded incident simulation: plans checked against incidents that overlap in time (aircraft busy, bases closed by weather), its replications over the worker pool, and Erlang's formulas it is validated against.
 * Advanced pieces beside the root export (`airreach`); internals stay unexported.
 *
 * @example
 * import { simulateIncidents } from 'airreach/simulation';
 */
export { erlangB, erlangC } from '../simulation/erlang.js';
export { simulateIncidents } from '../simulation/simulateIncidents.js';
export { simulateIncidentsParallel, type ReplicationPool, type SimulateIncidentsParallelOptions } from '../simulation/simulateIncidentsParallel.js';
export { OUTCOME, replicationSeed, simulateReplication, type ReplicationTally } from '../simulation/simulateReplication.js';
export { SIMULATION_REPLICATION_TASK, type SimulationReplicationTask } from '../simulation/simulationReplicationTask.js';
export {
  DEFAULT_SIMULATION_OPTIONS, MAX_SIMULATION_AIRCRAFT, MAX_SIMULATION_INCIDENTS, MAX_SIMULATION_REPLICATIONS, MAX_SIMULATION_TOTAL_INCIDENTS, MAX_SIMULATION_WORK,
  expectedIncidents, resolveSimulationOptions, type NoFreeAircraftRule, type SimulationInput, type SimulationOptions, type SimulationSettings, type SimulationWeather,
} from '../simulation/simulationOptions.js';
export { NON_HAZARD_TYPE, OUTSIDE_REGIONS, meanAndError, summarizeSimulation, type ReplicationSpread, type SimulationBaseStats, type SimulationGroupStats, type SimulationSummary } from '../simulation/summarizeSimulation.js';
