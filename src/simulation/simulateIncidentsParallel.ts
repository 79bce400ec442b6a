import type { Site } from '../travel/aircraft.js';
import { resolveSimulationOptions, type SimulationInput, type SimulationOptions } from './simulationOptions.js';
import type { ReplicationTally } from './simulateReplication.js';
import { summarizeSimulation, type SimulationSummary } from './summarizeSimulation.js';
import { SIMULATION_REPLICATION_TASK, type SimulationReplicationTask } from './simulationReplicationTask.js';

/**
 * What the simulation needs of a worker pool: the engine's `AirreachPool` has this shape. The
 * simulation sits below the engine, so it names the shape instead of importing the engine.
 *
 * @example
 * const pool: ReplicationPool = createPool({ threads: 2 });
 */
export interface ReplicationPool {
  readonly threads: number;
  register(kind: typeof SIMULATION_REPLICATION_TASK): void;
  run<T>(task: SimulationReplicationTask, options?: { label?: string; signal?: AbortSignal }): Promise<T>;
}

/**
 * Options of {@link simulateIncidentsParallel}: the simulation's, and a signal that cancels it.
 *
 * @example
 * const options: SimulateIncidentsParallelOptions = { replications: 8, signal: AbortSignal.timeout(60_000) };
 */
export interface SimulateIncidentsParallelOptions extends SimulationOptions {
  signal?: AbortSignal;
}

/**
 * {@link simulateIncidents} with its replications spread over a worker pool (`createPool`):
 * contiguous runs of replications, about two tasks per thread, merged in replication order —
 * the summary's bytes are the same at any number of threads, and the same as `simulateIncidents`.
 * The task kind is this layer's (`SIMULATION_REPLICATION_TASK`), registered here.
 *
 * @example
 * await using pool = createPool({ threads: 2 });
 * const summary = await simulateIncidentsParallel(pool, input, plan, { replications: 8, seed: 5 });
 */
export async function simulateIncidentsParallel(pool: ReplicationPool, input: SimulationInput, plan: readonly Site[], options: SimulateIncidentsParallelOptions = {}): Promise<SimulationSummary> {
  const { signal, ...simulationOptions } = options;
  const settings = resolveSimulationOptions(plan, simulationOptions);
  pool.register(SIMULATION_REPLICATION_TASK);
  const { grid } = input;
  // Only what the simulation reads crosses to the workers.
  const slim: SimulationInput = {
    grid: {
      cellCount: grid.cellCount,
      latDeg: grid.latDeg,
      lngDeg: grid.lngDeg,
      demand: grid.demand,
      hazardTypes: grid.hazardTypes,
      hazardDemandByType: grid.hazardDemandByType,
      regionNames: grid.regionNames,
      region: grid.region,
    },
    aircraftById: input.aircraftById,
    hospitals: input.hospitals,
  };
  const replications = settings.replications;
  const taskCount = Math.max(1, Math.min(replications, Math.max(1, pool.threads) * 2));
  const tasks: Array<Promise<ReplicationTally[]>> = [];
  for (let k = 0; k < taskCount; k++) {
    const fromReplication = Math.floor((k * replications) / taskCount);
    const toReplication = Math.floor(((k + 1) * replications) / taskCount);
    tasks.push(
      pool.run<ReplicationTally[]>(
        { kind: 'simulationReplications', input: slim, plan: [...plan], options: simulationOptions, fromReplication, toReplication },
        { label: `simulation replications ${fromReplication + 1}–${toReplication} of ${replications}`, signal },
      ),
    );
  }
  const tallies = (await Promise.all(tasks)).flat();
  return summarizeSimulation(input, plan, settings, tallies);
}
