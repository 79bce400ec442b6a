import { threadId } from 'node:worker_threads';
import type { Hospital } from '../conditions/hospitalLegMinutes.js';
import type { Site } from '../travel/aircraft.js';
import { sharedCopy } from '../sharedCopy.js';
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
  // Only what the simulation reads crosses to the workers, its arrays shared (not copied for every task).
  const { grid, key: gridKey } = sharedGrid(input.grid);
  const slim: SimulationInput = { grid, aircraftById: input.aircraftById, hospitals: input.hospitals };
  // Names the grid and hospitals for the workers' caches: each task arrives as a fresh copy, and
  // without the name a worker would build the demand's alias table, draw the incidents and find
  // their hospitals again for every task (today: 44 tasks of one replication, one grid).
  const inputKey = `${gridKey}+${input.hospitals ? hospitalsKey(input.hospitals) : 'none'}`;
  const replications = settings.replications;
  const taskCount = Math.max(1, Math.min(replications, Math.max(1, pool.threads) * 2));
  const tasks: Array<Promise<ReplicationTally[]>> = [];
  for (let k = 0; k < taskCount; k++) {
    const fromReplication = Math.floor((k * replications) / taskCount);
    const toReplication = Math.floor(((k + 1) * replications) / taskCount);
    tasks.push(
      pool.run<ReplicationTally[]>(
        { kind: 'simulationReplications', input: slim, inputKey, plan: [...plan], options: simulationOptions, fromReplication, toReplication },
        { label: `simulation replications ${fromReplication + 1}–${toReplication} of ${replications}`, signal },
      ),
    );
  }
  const tallies = (await Promise.all(tasks)).flat();
  return summarizeSimulation(input, plan, settings, tallies);
}

type SimulationGrid = SimulationInput['grid'];

/** Each grid's arrays copied once into shared memory, for every plan and task simulated on it, and the copy's name. */
const sharedGrids = new WeakMap<SimulationGrid, { from: readonly unknown[]; grid: SimulationGrid; key: string }>();

/** Names of hospital lists (by identity: a list is not changed once built, as a grid's arrays). */
const hospitalKeys = new WeakMap<readonly Hospital[], string>();

/** Names handed out by this thread; with the thread's id, unique in the process (a pool's tasks come from one process). */
let lastKey = 0;
const newKey = () => `${threadId}.${++lastKey}`;

function hospitalsKey(hospitals: readonly Hospital[]): string {
  let key = hospitalKeys.get(hospitals);
  if (key === undefined) hospitalKeys.set(hospitals, (key = newKey()));
  return key;
}

/**
 * The part of `grid` the simulation reads, its typed arrays in `SharedArrayBuffer`s: a task
 * carries them to a worker without copying them (a province's grid is megabytes, and a scenario
 * sends it with every plan's replications), and a name of its own (a new one for every copy). Kept
 * per grid; a grid whose arrays were replaced is shared again, under a new name.
 */
function sharedGrid(grid: SimulationGrid): { grid: SimulationGrid; key: string } {
  const from = [grid.latDeg, grid.lngDeg, grid.demand, grid.hazardDemandByType, grid.region, grid.cellCount, grid.hazardTypes, grid.regionNames];
  const known = sharedGrids.get(grid);
  if (known && known.from.every((value, k) => value === from[k])) return known;
  const shared: SimulationGrid = {
    cellCount: grid.cellCount,
    latDeg: sharedCopy(grid.latDeg),
    lngDeg: sharedCopy(grid.lngDeg),
    demand: sharedCopy(grid.demand),
    hazardTypes: grid.hazardTypes,
    hazardDemandByType: sharedCopy(grid.hazardDemandByType),
    regionNames: grid.regionNames,
    region: sharedCopy(grid.region),
  };
  const entry = { from, grid: shared, key: newKey() };
  sharedGrids.set(grid, entry);
  return entry;
}
