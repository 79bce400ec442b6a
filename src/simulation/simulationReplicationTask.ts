import { workerEntryUrl } from '../workerEntryUrl.js';
import type { Site } from '../travel/aircraft.js';
import { resolveSimulationOptions, type SimulationInput, type SimulationOptions } from './simulationOptions.js';
import { simulateReplication, type ReplicationTally } from './simulateReplication.js';

/**
 * A pool task: replications `fromReplication` … `toReplication − 1` of one simulation. Plain data
 * (the grid's typed arrays are copied to the worker; only the fields the simulation reads).
 *
 * @example
 * const task: SimulationReplicationTask = { kind: 'simulationReplications', input, plan, options, fromReplication: 0, toReplication: 4 };
 */
export interface SimulationReplicationTask {
  readonly kind: 'simulationReplications';
  input: SimulationInput;
  /**
   * Names `input`'s grid and hospitals: tasks of one name carry the same ones (copies of them),
   * so a worker keeps what it derives from them (the demand's alias table, the incidents, their
   * hospitals) across tasks instead of deriving it again from every copy. Left out: nothing kept.
   */
  inputKey?: string;
  plan: Site[];
  options: SimulationOptions;
  fromReplication: number;
  toReplication: number;
}

/**
 * The work of a {@link SimulationReplicationTask}: its replications' tallies, in replication
 * order. Replication r depends only on the inputs and r, so any split of the replications over
 * tasks and threads gives the same tallies.
 *
 * @example
 * const tallies = simulationReplications({ kind: 'simulationReplications', input, plan, options: { seed: 3 }, fromReplication: 0, toReplication: 2 });
 */
export function simulationReplications(task: SimulationReplicationTask): ReplicationTally[] {
  const settings = resolveSimulationOptions(task.plan, task.options);
  const input = task.inputKey === undefined ? task.input : knownInput(task.inputKey, task.input);
  const tallies: ReplicationTally[] = [];
  for (let r = task.fromReplication; r < task.toReplication; r++) tallies.push(simulateReplication(input, task.plan, settings, r));
  return tallies;
}

/** Grids and hospitals by `inputKey`, the first copy of each seen by this thread: the last few names. */
const knownInputs = new Map<string, Pick<SimulationInput, 'grid' | 'hospitals'>>();

/** Names kept: a scenario's simulation has one grid and one hospital list; a batch may interleave a few scenarios. */
const KNOWN_INPUTS = 4;

/**
 * `input` with the grid and hospitals of the first task named `key` in their place: the same
 * contents (copies of one grid and list), and the objects simulateReplication's caches know.
 */
function knownInput(key: string, input: SimulationInput): SimulationInput {
  let known = knownInputs.get(key);
  if (known === undefined) {
    if (knownInputs.size >= KNOWN_INPUTS) knownInputs.delete(knownInputs.keys().next().value!);
    known = { grid: input.grid, hospitals: input.hospitals };
    knownInputs.set(key, known);
  }
  return { ...input, grid: known.grid, hospitals: known.hospitals };
}

/**
 * The simulation's task kind, registered with a pool by this layer (`simulateIncidentsParallel`
 * calls `pool.register`): its worker entry is `workers/simulation`, so the engine's own workers
 * never load the simulation and the engine imports nothing of it. Shaped as the engine's
 * `TaskKind` (kind, worker URL, in-thread work).
 *
 * @example
 * pool.register(SIMULATION_REPLICATION_TASK);
 */
export const SIMULATION_REPLICATION_TASK = Object.freeze({
  kind: 'simulationReplications' as const,
  workerUrl: workerEntryUrl('simulation', import.meta.url),
  runInThread: simulationReplications,
});
