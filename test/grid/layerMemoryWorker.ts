// Worker entry of the memory estimates' tests (estimateLayerMemory.test.ts): reads a hazard layer
// (and builds its grid at resolution 7) under the heap limit of its pool, and says how it ended.
import { getHeapStatistics } from 'node:v8';
import { envelopeOf } from '../../src/engine/envelopeOf.js';
import type { PoolTask } from '../../src/engine/taskKind.js';
import { buildDemandGrid } from '../../src/grid/buildDemandGrid.js';
import { readGeoJsonFile } from '../../src/io/readGeoJson.js';

/** Read (`parse`) or read and grid (`grid`) `file`, with the estimates' checks or without them (to measure the steps against them). */
export interface LayerMemoryTask extends PoolTask {
  kind: 'layerMemory';
  file: string;
  stage: 'parse' | 'grid';
  checks: boolean;
}

/** `ok`, or the code of the error the step threw; and the heap in use before it. */
export interface LayerMemoryOutcome {
  outcome: string;
  usedBefore: number;
}

async function run({ file, stage, checks }: LayerMemoryTask): Promise<LayerMemoryOutcome> {
  const heapAvailableBytes = checks ? undefined : Infinity;
  const usedBefore = getHeapStatistics().used_heap_size;
  try {
    const layer = await readGeoJsonFile(file, stage === 'grid' ? { kind: 'hazard', heapAvailableBytes } : { heapAvailableBytes });
    if (stage === 'grid') buildDemandGrid({ hazards: [layer] }, { resolution: 7, heapAvailableBytes });
    return { outcome: 'ok', usedBefore };
  } catch (error) {
    return { outcome: (error as { code?: string }).code ?? String(error), usedBefore };
  }
}

export default (task: LayerMemoryTask) => envelopeOf(() => run(task));
