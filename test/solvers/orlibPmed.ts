import { readFileSync } from 'node:fs';
import type { SitingProblem } from '../../src/models/sitingProblem.js';

/**
 * Reads an OR-Library pmed file into a complete SitingProblem, following Beasley's rule
 * (README of orlib-pmed): the last listed cost of a repeated edge wins, then Floyd–Warshall.
 * Every vertex is a demand point (weight 1) and a candidate site.
 */
export function readOrlibPmed(path: string): { problem: SitingProblem; p: number } {
  const numbers = readFileSync(path, 'utf8').trim().split(/\s+/).map(Number);
  const [n, edgeCount, p] = numbers;
  const d = new Float64Array(n * n).fill(Infinity);
  for (let i = 0; i < n; i++) d[i * n + i] = 0;
  for (let e = 0; e < edgeCount; e++) {
    const i = numbers[3 + 3 * e] - 1;
    const j = numbers[4 + 3 * e] - 1;
    const c = numbers[5 + 3 * e];
    d[i * n + j] = c;
    d[j * n + i] = c;
  }
  for (let k = 0; k < n; k++) {
    const rowK = k * n;
    for (let i = 0; i < n; i++) {
      const dik = d[i * n + k];
      if (dik === Infinity) continue;
      const rowI = i * n;
      for (let j = 0; j < n; j++) {
        const via = dik + d[rowK + j];
        if (via < d[rowI + j]) d[rowI + j] = via;
      }
    }
  }
  const demandOffsets = new Uint32Array(n + 1);
  const demandSites = new Uint32Array(n * n);
  for (let i = 0; i <= n; i++) demandOffsets[i] = i * n;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) demandSites[i * n + j] = j;
  return {
    problem: {
      demandCount: n,
      siteCount: n,
      demandWeights: new Float64Array(n).fill(1),
      demandOffsets,
      demandSites,
      demandMinutes: d,
      complete: true,
    },
    p,
  };
}

/** Reads `pmedopt.txt` / `pcenter-opt.txt`: instance name → optimal value. */
export function readOptima(path: string): Map<string, number> {
  const optima = new Map<string, number>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^(pmed\d+)\s+(\d+)/.exec(line.trim());
    if (match) optima.set(match[1], Number(match[2]));
  }
  return optima;
}
