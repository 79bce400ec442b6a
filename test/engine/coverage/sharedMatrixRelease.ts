// Run by buildCoverageParallel.test.ts in a process of its own (`node --expose-gc --import tsx`),
// so that no other test's buffers blur the measurement: builds a matrix on a 2-thread pool, drops
// it, and prints how many ArrayBuffer bytes the process held with it and after it.
import { buildCoverageParallel } from '../../../src/engine/coverage/buildCoverageParallel.js';
import { createPool } from '../../../src/engine/createPool.js';
import { AIRCRAFT_CATALOGUE } from '../../../src/travel/aircraftCatalogue.js';
import { liaoningBox, randomGrid, randomSites } from '../engineFixtures.js';

const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});
const pool = createPool({ threads: 2 });
const grid = randomGrid(17, 60_000, liaoningBox);
const sites = randomSites(18, 72, liaoningBox);
let matrix = await buildCoverageParallel(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 240, pool, minParallelPairs: 0 });
const bytes = matrix.data.byteLength;
const shared = matrix.data instanceof SharedArrayBuffer;
collect();
const held = process.memoryUsage().arrayBuffers;
matrix = undefined as never;
// The workers collect shortly after their fill tasks (workers/engine.ts); on a loaded machine
// their timers may fire late, so wait up to 5 s for the bytes to go (the test fails if they stay).
let after = held;
for (let waited = 0; waited < 5000 && after >= held - 0.9 * bytes; waited += 100) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  collect();
  after = process.memoryUsage().arrayBuffers;
}
await pool.close();
console.log(JSON.stringify({ bytes, shared, held, after }));
