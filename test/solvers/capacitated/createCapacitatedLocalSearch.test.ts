import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createCapacitatedLocalSearch } from '../../../src/solvers/capacitated/createCapacitatedLocalSearch.js';
import type { CapacitatedInstance } from '../../../src/solvers/capacitated/buildCapacitatedInstance.js';

/** A dense instance with small integer costs (many ties), some pairs missing, and integer or fractional demands. */
const instanceArb = fc
  .record({ n: fc.integer({ min: 1, max: 40 }), m: fc.integer({ min: 1, max: 6 }), seed: fc.integer({ min: 0, max: 1e9 }), fractional: fc.boolean() })
  .map(({ n, m, seed, fractional }): CapacitatedInstance => {
    let state = seed >>> 0 || 1;
    const next = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const cost = new Float64Array(n * m).fill(Infinity);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) if (next() < 0.85) cost[i * m + j] = Math.floor(next() * 6);
    const demands = Float64Array.from({ length: n }, () => (fractional ? 0.5 + next() * 3 : 1 + Math.floor(next() * 3)));
    const total = demands.reduce((a, b) => a + b, 0);
    const capacities = Float64Array.from({ length: m }, () => Math.ceil((total / m) * (0.8 + next())));
    const nearOffsets = new Uint32Array(n + 1);
    const near: number[] = [];
    for (let i = 0; i < n; i++) {
      const row = cost.subarray(i * m, (i + 1) * m);
      const sites = [...Array(m).keys()].filter((j) => row[j] !== Infinity).sort((a, b) => row[a] - row[b] || a - b);
      near.push(...sites);
      nearOffsets[i + 1] = near.length;
    }
    return { demandCount: n, siteCount: m, cost, demands, capacities, openingCosts: new Float64Array(m), siteStatus: new Int8Array(m), openCount: undefined, exactSiteCount: false, nearOffsets, nearSites: Uint32Array.from(near) } as unknown as CapacitatedInstance;
  });

/** The regret assignment as it was first written: every step scans all points and computes each regret afresh. */
function referenceAssign(instance: CapacitatedInstance, sites: readonly number[], partial?: Int32Array): Int32Array | null {
  const { demandCount: n, siteCount: m, cost, demands, capacities } = instance;
  const EPSILON = 1e-9;
  const open = new Uint8Array(m);
  const residual = new Float64Array(m);
  for (const j of sites) {
    open[j] = 1;
    residual[j] = capacities[j];
  }
  const best = new Int32Array(n);
  const second = new Int32Array(n);
  const rank = (i: number) => {
    let b = -1;
    let s = -1;
    for (let k = instance.nearOffsets[i]; k < instance.nearOffsets[i + 1]; k++) {
      const j = instance.nearSites[k];
      if (open[j] === 0 || residual[j] + EPSILON < demands[i]) continue;
      if (b === -1) b = j;
      else {
        s = j;
        break;
      }
    }
    best[i] = b;
    second[i] = s;
  };
  const assignment = partial ? Int32Array.from(partial) : new Int32Array(n).fill(-1);
  const pending = new Uint8Array(n);
  let pendingCount = 0;
  for (let i = 0; i < n; i++) {
    if (assignment[i] === -1) {
      pending[i] = 1;
      pendingCount++;
    } else residual[assignment[i]] -= demands[i];
  }
  for (let i = 0; i < n; i++) if (pending[i] === 1) rank(i);
  for (let step = 0; step < pendingCount; step++) {
    let pick = -1;
    let pickRegret = -Infinity;
    for (let i = 0; i < n; i++) {
      if (pending[i] === 0) continue;
      if (best[i] === -1) return null;
      const regret = second[i] === -1 ? Infinity : cost[i * m + second[i]] - cost[i * m + best[i]];
      if (pick === -1 || regret > pickRegret || (regret === pickRegret && demands[i] > demands[pick])) {
        pick = i;
        pickRegret = regret;
      }
    }
    const j = best[pick];
    assignment[pick] = j;
    pending[pick] = 0;
    residual[j] -= demands[pick];
    for (let i = 0; i < n; i++) if (pending[i] === 1 && (best[i] === j || second[i] === j) && residual[j] + EPSILON < demands[i]) rank(i);
  }
  return assignment;
}

describe('createCapacitatedLocalSearch: the regret assignment', () => {
  it('scanning only the pending points with kept regrets assigns exactly as the full scans did (ties, missing pairs, partial assignments)', () => {
    fc.assert(
      fc.property(instanceArb, fc.integer({ min: 0, max: 1e9 }), (instance, pickSeed) => {
        const search = createCapacitatedLocalSearch(instance);
        const m = instance.siteCount;
        const sites = [...Array(m).keys()].filter((j) => ((pickSeed >>> j) & 1) === 1 || j === pickSeed % m);
        const expected = referenceAssign(instance, sites);
        const got = search.assign(sites);
        expect(got === null ? null : Array.from(got.assignment)).toEqual(expected === null ? null : Array.from(expected));
        if (expected === null) return;
        // Keep every other point where the full assignment put it, and assign the rest again.
        const partial = Int32Array.from(expected, (j, i) => ((i + pickSeed) % 2 === 0 ? -1 : j));
        const again = (search.assign as (sites: readonly number[], partial?: Int32Array) => { assignment: Int32Array } | null)(sites, partial);
        const reference = referenceAssign(instance, sites, partial);
        expect(again === null ? null : Array.from(again.assignment)).toEqual(reference === null ? null : Array.from(reference));
      }),
      { seed: 15, numRuns: 400 },
    );
  });
});
