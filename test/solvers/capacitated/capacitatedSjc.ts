import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sitingProblemFromMatrix } from '../../../src/models/sitingProblemFromMatrix.js';
import type { SitingProblem } from '../../../src/models/sitingProblem.js';

/** The SJC capacitated p-median files and their best-known values (fixtures README). */
export const SJC_BEST_KNOWN: Record<string, number> = {
  SJC1: 17288.99,
  SJC2: 33270.94,
  SJC3a: 45335.16,
  SJC3b: 40635.9,
  SJC4a: 61925.51,
  SJC4b: 52458.02,
};

/** Folder of the copied SJC files. */
export const SJC_FOLDER = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'sjc-cpmp');

/**
 * Reads an SJC file (`n p`, then `x y Q q` per node) following its README: every node is a
 * customer and a candidate median; cost = plain unrounded Euclidean distance, weight 1 (not
 * demand-weighted); q is the capacity use, Q the capacity.
 */
export function readSjc(name: string): { problem: SitingProblem; p: number; demands: number[]; capacities: number[] } {
  const numbers = readFileSync(join(SJC_FOLDER, `${name}.dat`), 'utf8').trim().split(/\s+/).map(Number);
  const [n, p] = numbers;
  const x: number[] = [];
  const y: number[] = [];
  const capacities: number[] = [];
  const demands: number[] = [];
  for (let i = 0; i < n; i++) {
    x.push(numbers[2 + 4 * i]);
    y.push(numbers[3 + 4 * i]);
    capacities.push(numbers[4 + 4 * i]);
    demands.push(numbers[5 + 4 * i]);
  }
  const minutes = x.map((xi, i) => x.map((xj, j) => Math.hypot(xi - xj, y[i] - y[j])));
  return { problem: sitingProblemFromMatrix(minutes), p, demands, capacities };
}
