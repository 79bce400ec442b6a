// Piscina entry of the simulation layer's replication tasks (src/simulation): the tallies' typed
// arrays are transferred back instead of copied.
import { Piscina } from 'piscina';
import { envelopeOf } from '../src/engine/envelopeOf.js';
import { transferablesOf } from '../src/engine/transferablesOf.js';
import { simulationReplications, type SimulationReplicationTask } from '../src/simulation/simulationReplicationTask.js';
import { workerData } from 'node:worker_threads';
import { adoptPoolWorkerData } from '../src/engine/poolWorkerData.js';

// HiGHS from the pool's compiled module (src/engine/poolWorkerData).
adoptPoolWorkerData(workerData);

export default async function runSimulationTask(task: SimulationReplicationTask): Promise<unknown> {
  const envelope = await envelopeOf(() => simulationReplications(task));
  return Piscina.move({ [Piscina.transferableSymbol]: transferablesOf(envelope), [Piscina.valueSymbol]: envelope } as never);
}
