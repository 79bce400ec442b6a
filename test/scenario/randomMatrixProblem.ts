import { CoverageMatrix } from '../../src/coverage/coverageMatrix.js';
import { sitingProblemFromCoverage } from '../../src/models/sitingProblemFromCoverage.js';
import type { SitingProblem } from '../../src/models/sitingProblem.js';
import { createRandom } from '../../src/random.js';

/**
 * A random coverage matrix (cells of each site in shuffled order, as a build's band order is not
 * ascending; minutes in float32, some equal to the standard 10 or rounding onto it) and the
 * problem made of it: the pairs the options' `matrix` path reads, and the general path scans.
 */
export function randomMatrixProblem(seed: number): { matrix: CoverageMatrix; problem: SitingProblem; random: ReturnType<typeof createRandom> } {
  const random = createRandom(seed);
  const cellCount = random.int(1, 40);
  const siteCount = random.int(1, 12);
  const density = random.float() * 0.8;
  const rows = Array.from({ length: siteCount }, () => {
    const cells = Array.from({ length: cellCount }, (_, c) => c).filter(() => random.float() < density);
    cells.sort(() => random.float() - 0.5);
    return { cells: Uint32Array.from(cells), minutes: Float32Array.from(cells, () => [5, 10, 10.0000001, 10.5, 50][random.int(0, 4)]) };
  });
  const matrix = CoverageMatrix.fromRows(siteCount, cellCount, rows, 60);
  const weights = Array.from({ length: cellCount }, () => (random.int(0, 5) === 0 ? 0 : random.float() * 7 + (random.int(0, 3) === 0 ? 1e6 : 0)));
  return { matrix, problem: sitingProblemFromCoverage(matrix, weights), random };
}
