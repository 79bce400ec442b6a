// Worker entry of the memory estimates' tests (estimateLayerMemory.test.ts): reads a hazard layer
// (and builds its grid at resolution 7) under the heap limit of its pool, and says how it ended.
import { getHeapStatistics } from 'node:v8';
import { envelopeOf } from '../../src/engine/envelopeOf.js';
import type { PoolTask } from '../../src/engine/taskKind.js';
import { buildDemandGrid } from '../../src/grid/buildDemandGrid.js';
import { readGeoJsonFile } from '../../src/io/readGeoJson.js';

/**
 * Read (`parse`) or read and grid (`grid`) `file`, with the estimates' checks or without them (to
 * measure the steps against them); `garbageMiB`: that much heap allocated, held and dropped
 * between the read and the grid build, as a long run leaves it (garbage until V8's next collection).
 */
export interface LayerMemoryTask extends PoolTask {
  kind: 'layerMemory';
  file: string;
  stage: 'parse' | 'grid';
  checks: boolean;
  garbageMiB?: number;
}

/** `ok`, or the code of the error the step threw; and the heap in use before it. */
export interface LayerMemoryOutcome {
  outcome: string;
  usedBefore: number;
}

async function run({ file, stage, checks, garbageMiB = 0 }: LayerMemoryTask): Promise<LayerMemoryOutcome> {
  const heapAvailableBytes = checks ? undefined : Infinity;
  const usedBefore = getHeapStatistics().used_heap_size;
  try {
    const layer = await readGeoJsonFile(file, stage === 'grid' ? { kind: 'hazard', heapAvailableBytes } : { heapAvailableBytes });
    if (garbageMiB > 0) leaveGarbage(garbageMiB);
    if (stage === 'grid') buildDemandGrid({ hazards: [layer] }, { resolution: 7, heapAvailableBytes });
    return { outcome: 'ok', usedBefore };
  } catch (error) {
    return { outcome: (error as { code?: string }).code ?? String(error), usedBefore };
  }
}

/** Heap an object of {@link leaveGarbage} takes with its array and its slot (Node 20: 1,000,000 took 114 MB, measured after a collection). */
const GARBAGE_BYTES_PER_OBJECT = 114;

/**
 * Allocates about `mib` MiB of small objects, held until all are made (so that they reach the old
 * generation, as a step's working set does) and then dropped.
 */
function leaveGarbage(mib: number): void {
  const held: Array<{ index: number; pair: number[] }> = [];
  for (let i = 0; i < (mib * 2 ** 20) / GARBAGE_BYTES_PER_OBJECT; i++) held.push({ index: i, pair: [i, i + 0.5] });
}

export default (task: LayerMemoryTask) => envelopeOf(() => run(task));
